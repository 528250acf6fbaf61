import { existsSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { BuildOptions } from '../edition.ts';
import { CACHE_DIR, CACHE_ENABLED, pipelineFingerprint, sha256 } from './cache.ts';
import { stampOf, type KnownInput } from './input-stamps.ts';

/**
 * What a published build was made from: the options, the pipeline, and every
 * file it read (the inputs and what they include) with its hash. A build
 * whose record still holds, for the same output folder whose link still
 * points at the recorded build, has nothing to do: the site is up to date.
 */
export interface BuildRecord {
  key: string;
  files: Record<string, string>;
  /** Each file's size in bytes: a file of another size has changed, without its bytes being read and hashed. */
  sizes?: Record<string, number>;
  /** Each file's stamp when it was read, where it may vouch for the hash (cache/input-stamps.ts). */
  stamps?: Record<string, string>;
  /** The build folder `<out>` pointed to when it was published. */
  target: string;
  documents: number;
  /** The messages of that build, replayed when nothing is rebuilt. */
  messages: Array<Record<string, unknown>>;
  builtAt: string;
  /** Each page group's key (see site/page-keys.ts): a group whose key is unchanged is linked from this build, not rendered again. */
  pages?: Record<string, string>;
  /** Each document group's downloads as the pages list them (path, label, format, size, hash), so that an unchanged document needs no view. */
  downloads?: Record<string, ListedDownload[]>;
  /** Each search bucket's key, by its folder (`pagefind-b3/`). */
  search?: Record<string, string>;
  /** The build this one replaced (left until the next build starts), and its buckets' and page groups' keys. */
  replaced?: Replaced;
}

/** A download's figures (site/site-model.ts `ListedFile`). */
export interface ListedDownload {
  href: string;
  label: string;
  format: string;
  bytes: number;
  sha256: string;
}

/** What a build may take from the published one: its folder, its page groups' keys and its documents' downloads. */
export interface PreviousBuild {
  target: string;
  pages: Record<string, string>;
  downloads: Record<string, ListedDownload[]>;
  search: Record<string, string>;
  replaced: Replaced | undefined;
}

/** The build a build replaced, as its record names it (publish/recycle.ts). */
export interface Replaced {
  target: string;
  search: Record<string, string>;
  pages?: Record<string, string>;
}

/** A key for everything except the files' contents: options (not the date), pipeline, file list. */
export async function buildKey(options: BuildOptions, paths: string[]): Promise<string> {
  const { now: _now, ...rest } = options;
  return sha256(await pipelineFingerprint(), JSON.stringify(rest), JSON.stringify([...paths].sort()));
}

export function recordPath(outDir: string): string {
  return path.join(CACHE_DIR, 'builds', `${sha256(path.resolve(outDir)).slice(0, 32)}.json`);
}

/** Whether `outDir` has a build record: whether a build of it was published before (its files may have changed since). */
export function hasRecord(outDir: string): boolean {
  return CACHE_ENABLED && existsSync(recordPath(outDir));
}

/**
 * The record of the published build of `outDir`: none if no build of it was
 * published, the cache is off, or the record cannot be read. A build reads
 * it once, for `upToDate`, `previousBuild` and `knownInputs`.
 */
export async function readRecord(outDir: string): Promise<BuildRecord | undefined> {
  if (!CACHE_ENABLED) return undefined;
  try {
    const record = JSON.parse(await fs.readFile(recordPath(outDir), 'utf8')) as unknown;
    return record && typeof record === 'object' ? (record as BuildRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** `record` (from `readRecord`), if the site is up to date with `key` and the files on disk. */
export async function upToDate(outDir: string, key: string, record: BuildRecord | undefined): Promise<BuildRecord | undefined> {
  if (!record) return undefined;
  if (record.key !== key) return undefined;
  const out = path.resolve(outDir);
  const target = await fs
    .readlink(out)
    .then((t) => path.resolve(path.dirname(out), t))
    .catch(() => undefined);
  if (target !== record.target || !(await fs.stat(path.join(target, 'index.html')).catch(() => undefined))) return undefined;
  // Sizes and stamps first, from each file's stat: an edit seldom keeps a
  // file's size, and a file whose stamp is the recorded one is not read
  // (cache/input-stamps.ts); the others are read and hashed.
  const sizes: Record<string, unknown> = record.sizes && typeof record.sizes === 'object' ? record.sizes : {};
  const stamps: Record<string, unknown> = record.stamps && typeof record.stamps === 'object' ? record.stamps : {};
  const unstamped: string[] = [];
  for (const file of Object.keys(record.files)) {
    const stat = statSync(file, { throwIfNoEntry: false, bigint: true });
    if (!stat) return undefined;
    const size = sizes[file];
    if (typeof size === 'number' && stat.size !== BigInt(size)) return undefined;
    if (stamps[file] !== stampOf(stat)) unstamped.push(file);
  }
  for (const file of unstamped) {
    const hash = record.files[file];
    const bytes = await fs.readFile(file).catch(() => undefined);
    if (!bytes || sha256(bytes) !== hash) return undefined;
  }
  return record;
}

/** The published build and its page keys, if its record (from `readRecord`) still describes what `outDir` points to. */
export async function previousBuild(outDir: string, record: BuildRecord | undefined): Promise<PreviousBuild | undefined> {
  if (!record) return undefined;
  try {
    const out = path.resolve(outDir);
    const target = path.resolve(path.dirname(out), await fs.readlink(out));
    if (target !== record.target || !record.pages) return undefined;
    const r = record.replaced;
    const replaced = r && typeof r.target === 'string' && typeof r.search === 'object' && r.search ? { target: r.target, search: r.search, pages: typeof r.pages === 'object' && r.pages ? r.pages : undefined } : undefined;
    return { target, pages: record.pages, downloads: record.downloads ?? {}, search: record.search ?? {}, replaced };
  } catch {
    return undefined;
  }
}

/** What the published build knew of its inputs, from its record (from `readRecord`): each stamped file's hash and stamp, by path. */
export function knownInputs(record: BuildRecord | undefined): Map<string, KnownInput> {
  const known = new Map<string, KnownInput>();
  // (The record is read as input from outside is.)
  const stamps: Record<string, unknown> = record?.stamps && typeof record.stamps === 'object' ? record.stamps : {};
  const files: Record<string, unknown> = record?.files && typeof record.files === 'object' ? record.files : {};
  for (const [file, stamp] of Object.entries(stamps)) {
    const hash = files[file];
    if (typeof stamp === 'string' && typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash)) known.set(file, { hash, stamp });
  }
  return known;
}

export async function saveRecord(outDir: string, record: BuildRecord): Promise<void> {
  if (!CACHE_ENABLED) return;
  const file = recordPath(outDir);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(`${file}.tmp`, JSON.stringify(record));
  await fs.rename(`${file}.tmp`, file);
}
