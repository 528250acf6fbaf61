import fs from 'node:fs/promises';
import path from 'node:path';
import type { PreviousBuild } from '../cache/build-record.ts';
import { buildsDirFor, removeTrees } from '../publish/publish-site.ts';
import { bucketFolder } from './buckets.ts';

/**
 * Search bundles taken from the build before the published one. A build's
 * folder holds some 81,000 search files for 1,000 documents, all hard links
 * to the bundles in the cache; a rebuild made them again, link by link
 * (about 1.5 s of the kernel's time), while the build the published one had
 * replaced, holding the same links for every bucket that had not changed,
 * was removed file by file. Instead, that build's bundles whose bucket has
 * the same key now (the build record keeps each bucket's key) are moved
 * into the new build, one rename each; the rest of it is removed as before.
 */
export interface Recyclable {
  /** The build folder. */
  target: string;
  /** Its search buckets' keys, by folder (`pagefind-b3/`). */
  search: Record<string, string>;
  /** Set once what is left of it is being removed. */
  removing?: Promise<void>;
}

/** A bucket's folder as the build record names it. */
const BUCKET = /^pagefind(-b\d+)?\/$/;

/**
 * The build `previous` replaced, if the record names one that is a build
 * folder of `outDir` (the record is read as input from outside is), with
 * the buckets whose keys it gives.
 */
export function recyclable(outDir: string, previous: PreviousBuild | undefined): Recyclable | undefined {
  const replaced = previous?.replaced;
  if (!replaced || replaced.target === previous.target || path.dirname(replaced.target) !== buildsDirFor(outDir) || !/^build-[a-z0-9-]+$/.test(path.basename(replaced.target))) return undefined;
  const search = Object.fromEntries(Object.entries(replaced.search).filter(([folder, key]) => BUCKET.test(folder) && typeof key === 'string' && /^[0-9a-f]{64}$/.test(key)));
  return { target: replaced.target, search };
}

/** The top-level folders of the buckets (`pagefind-b3`): what the clean-up at the start leaves of the build. */
export function recycledFolders(recycle: Recyclable): Set<string> {
  return new Set(Object.keys(recycle.search).map((folder) => folder.replace(/\/$/, '')));
}

/**
 * Moves the bundle of `bucket` (its folder, `pagefind-b3/`) into `target` if
 * it had the key `key` and holds exactly the files `manifest` gives (the
 * cached bundle's: a build killed while removing that build may have left a
 * bundle in part); whether it did. A bundle moved but not whole is removed.
 */
export async function takeBundle(recycle: Recyclable | undefined, bucket: string, key: string, target: string, manifest: () => Promise<string[] | undefined>): Promise<boolean> {
  if (!recycle || recycle.removing || recycle.search[bucket] !== key) return false;
  const files = await manifest();
  if (!files) return false;
  const moved = await fs.rename(bucketFolder(recycle.target, bucket), target).then(
    () => true,
    () => false,
  );
  if (!moved) return false;
  const found = await fs.readdir(target, { recursive: true, withFileTypes: true }).catch(() => []);
  const have = new Set(found.filter((d) => d.isFile()).map((d) => path.relative(target, path.join(d.parentPath, d.name)).split(path.sep).join('/')));
  if (have.size === files.length && files.every((f) => have.has(f))) return true;
  await fs.rm(target, { recursive: true, force: true });
  return false;
}

/** Starts removing what is left of the build (once). */
export function removeRest(recycle: Recyclable | undefined): Promise<void> {
  if (!recycle) return Promise.resolve();
  recycle.removing ??= removeTrees([recycle.target]);
  return recycle.removing;
}
