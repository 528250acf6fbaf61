import fs from 'node:fs/promises';
import path from 'node:path';
import type { PreviousBuild } from '../cache/build-record.ts';
import { buildsDirFor, removeTrees } from './publish-site.ts';
import { bucketFolder } from '../index/buckets.ts';

/**
 * What a build takes from the build before the published one. A build's
 * folder holds some 81,000 search files for 1,000 documents, all hard links
 * to the bundles in the cache, and some 11,000 pages and downloads; a
 * rebuild made them again, link by link and folder by folder, while the
 * build the published one had replaced, holding the same files for
 * everything that had not changed, was removed file by file. Instead, what
 * has the same key now as it had there (the build record keeps each search
 * bucket's key and each page group's) is moved into the new build: a
 * bucket's folder (index/index-site.ts), a document's or an entry's pages'
 * folder and its downloads (site/build-site.ts), one rename each. The rest
 * of that build is removed once both stages have taken what they take.
 */
export interface Recyclable {
  /** The build folder. */
  target: string;
  /** Its search buckets' keys, by folder (`pagefind-b3/`). */
  search: Record<string, string>;
  /** Its page groups' keys, by group (site/page-keys.ts). */
  pages: Record<string, string>;
  /** The stages still taking from it (see `doneTaking`). */
  takers: Set<Taker>;
  /** Set once what is left of it is being removed. */
  removing?: Promise<void>;
}

export type Taker = 'site' | 'index';

/** A bucket's folder as the build record names it. */
const BUCKET = /^pagefind(-b\d+)?\/$/;
const KEY = /^[0-9a-f]{64}$/;

/**
 * The build `previous` replaced, if the record names one that is a build
 * folder of `outDir` (the record is read as input from outside is), with
 * the buckets and page groups whose keys it gives.
 */
export function recyclable(outDir: string, previous: PreviousBuild | undefined): Recyclable | undefined {
  const replaced = previous?.replaced;
  if (!replaced || replaced.target === previous.target || path.dirname(replaced.target) !== buildsDirFor(outDir) || !/^build-[a-z0-9-]+$/.test(path.basename(replaced.target))) return undefined;
  const search = Object.fromEntries(Object.entries(replaced.search).filter(([folder, key]) => BUCKET.test(folder) && typeof key === 'string' && KEY.test(key)));
  const pages = Object.fromEntries(Object.entries(replaced.pages ?? {}).filter(([, key]) => typeof key === 'string' && KEY.test(key)));
  return { target: replaced.target, search, pages, takers: new Set(['site', 'index']) };
}

/**
 * Which of the build's top-level entries the clean-up at the start leaves
 * for the new build: the buckets' folders (`pagefind-b3`) and, when it gives
 * page groups' keys, everything (the pages and downloads are in most of its
 * folders; the rest goes when the stages are done taking).
 */
export function recycledFolders(recycle: Recyclable): (name: string) => boolean {
  if (Object.keys(recycle.pages).length > 0) return () => true;
  const buckets = new Set(Object.keys(recycle.search).map((folder) => folder.replace(/\/$/, '')));
  return (name) => buckets.has(name);
}

/**
 * The build to take a page group from, if it had the key `key` there and is
 * not being removed.
 */
export function pagesFrom(recycle: Recyclable | undefined, group: string, key: string): string | undefined {
  return recycle && !recycle.removing && recycle.pages[group] === key ? recycle.target : undefined;
}

/** Whether the bundle of `bucket` had the key `key` in the build and may be taken from it. */
export function mayTakeBundle(recycle: Recyclable | undefined, bucket: string, key: string): boolean {
  return recycle !== undefined && !recycle.removing && recycle.search[bucket] === key;
}

/**
 * Moves the bundle of `bucket` (its folder, `pagefind-b3/`) into `target` if
 * it had the key `key` and holds exactly the files `manifest` gives (the
 * cached bundle's: a build killed while removing that build may have left a
 * bundle in part); whether it did. A bundle moved but not whole is removed.
 */
export async function takeBundle(recycle: Recyclable | undefined, bucket: string, key: string, target: string, manifest: () => Promise<string[] | undefined>): Promise<boolean> {
  if (!recycle || !mayTakeBundle(recycle, bucket, key)) return false;
  const files = await manifest();
  if (!files) return false;
  const moved = await fs.rename(bucketFolder(recycle.target, bucket), target).then(
    () => true,
    () => false,
  );
  if (!moved) return false;
  const found = await fs.readdir(target, { recursive: true, withFileTypes: true }).catch(() => []);
  // (Paths from the folder by cutting its own path off, once per folder: path.relative, for some 5,000 files a bucket, took a tenth of a second on 1,000 documents.)
  const prefixes = new Map<string, string>([[target, '']]);
  const have = new Set<string>();
  for (const d of found) {
    if (!d.isFile()) continue;
    let prefix = prefixes.get(d.parentPath);
    if (prefix === undefined) prefixes.set(d.parentPath, (prefix = `${d.parentPath.slice(target.length + 1).split(path.sep).join('/')}/`));
    have.add(prefix + d.name);
  }
  if (have.size === files.length && files.every((f) => have.has(f))) return true;
  await fs.rm(target, { recursive: true, force: true });
  return false;
}

/** The stage `taker` takes nothing more; when no stage does, what is left of the build is removed. */
export function doneTaking(recycle: Recyclable | undefined, taker: Taker): void {
  if (!recycle) return;
  recycle.takers.delete(taker);
  if (recycle.takers.size === 0) void removeRest(recycle);
}

/** Starts removing what is left of the build (once). */
export function removeRest(recycle: Recyclable | undefined): Promise<void> {
  if (!recycle) return Promise.resolve();
  recycle.removing ??= removeTrees([recycle.target]);
  return recycle.removing;
}
