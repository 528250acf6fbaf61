import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CACHE_DIR, CACHE_ENABLED } from '../cache/cache.ts';
import { linkFiles, writeFiles } from '../cache/link-file.ts';

const MANIFEST = 'colloquy-files.json';

/**
 * The cache of search bundles: each bundle's files under
 * `<cache>/search/<key>/`, with a manifest of their paths. A cached bundle is
 * put into a site by hard links (a copy where links are not possible), so
 * an unchanged bucket costs no writing. Entries are made in a temporary
 * folder and renamed into place, so a bundle is either whole or absent.
 */
export class BundleCache {
  private readonly dir = path.join(CACHE_DIR, 'search');
  hits = 0;

  /** Whether the cache holds the bundle `key` (it may still prove damaged when linked). */
  async has(key: string): Promise<boolean> {
    if (!CACHE_ENABLED) return false;
    return fs.access(path.join(this.entry(key), MANIFEST)).then(
      () => true,
      () => false,
    );
  }

  /** Puts the cached bundle `key` at `target`; false if there is none. */
  async link(key: string, target: string): Promise<boolean> {
    const found = await this.place(key, target);
    if (found) this.hits++;
    return found;
  }

  /** The files of the cached bundle `key` (paths within it), if its manifest is there and sound. */
  async files(key: string): Promise<string[] | undefined> {
    if (!CACHE_ENABLED) return undefined;
    try {
      const files = JSON.parse(await fs.readFile(path.join(this.entry(key), MANIFEST), 'utf8')) as string[];
      return Array.isArray(files) && files.every((f) => typeof f === 'string' && !f.startsWith('/') && !f.split('/').includes('..')) ? files : undefined;
    } catch {
      return undefined;
    }
  }

  private async place(key: string, target: string): Promise<boolean> {
    const entry = this.entry(key);
    const files = await this.files(key);
    if (!files) return false;
    try {
      const made = await linkFiles(
        files.map((file) => [path.join(entry, file), path.join(target, file)]),
        { background: true },
      );
      if (!made.every(Boolean)) throw new Error('a file of the cached bundle is missing');
    } catch {
      // A damaged entry is a miss: it is removed, and the bucket is built again in place of what was linked.
      await fs.rm(target, { recursive: true, force: true });
      await fs.rm(entry, { recursive: true, force: true });
      return false;
    }
    return true;
  }

  /**
   * Writes a freshly built bundle to `target`, keeping it in the cache under
   * `key`. `like` is the folder of the bundle it replaces (the same bucket in
   * the published build): a file that holds the same bytes there is linked
   * from it rather than written. One changed document changes a few of its
   * bucket's files (in a bucket of 4,505 files, 13 were new), and a file
   * written costs some ten times a link.
   */
  async store(key: string, files: Array<{ path: string; content: Uint8Array }>, target: string, like?: string): Promise<void> {
    if (CACHE_ENABLED) {
      const entry = this.entry(key);
      const tmp = `${entry}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await writeAll(tmp, files, like);
        await fs.writeFile(path.join(tmp, MANIFEST), JSON.stringify(files.map((f) => f.path)));
        await fs.rename(tmp, entry);
      } catch {
        // Another build stored it first, or the cache cannot be written: only the next build is slower.
        await fs.rm(tmp, { recursive: true, force: true }).catch(() => {});
      }
      if (await this.place(key, target)) return;
    }
    await writeAll(target, files);
  }

  private entry(key: string): string {
    return path.join(this.dir, key.slice(0, 2), key);
  }
}

async function writeAll(root: string, files: Array<{ path: string; content: Uint8Array }>, like?: string): Promise<void> {
  for (const f of files) {
    if (f.path.startsWith('/') || f.path.split('/').includes('..')) throw new Error(`Pagefind returned a file outside its folder: ${f.path}`);
  }
  const written = await writeFiles(
    files.map((f) => ({ path: path.join(root, f.path), content: f.content, like: like && path.join(like, f.path) })),
    { background: true },
  );
  if (!written.every(Boolean)) throw new Error(`a file of the search index could not be written in ${root}`);
}
