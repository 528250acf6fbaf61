import type { BigIntStats } from 'node:fs';

/**
 * A file's stamp: what its stat says of it (device, inode, size, and the
 * times of its last write and last change, in nanoseconds). A build records
 * the stamp of each input whose bytes it read, with their hash; the next
 * build trusts that hash for a file whose stamp is the same, without reading
 * and hashing its bytes (as make, git and rsync do), and reads every other.
 *
 * Any write changes the change time (ctime), which no program can set back,
 * and replacing a file changes its inode: an edit that keeps a file's size
 * and sets its modification time back is still seen.
 */
export function stampOf(stat: BigIntStats): string {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

/**
 * Whether a stat taken just before a file was read may vouch for the bytes
 * read. A filesystem stamps times with a granularity of its own (a few
 * milliseconds here, two seconds on some), so a write in the same tick as
 * the read could leave the stamp as it was; a file last changed less than
 * two seconds before it was read is not stamped, and the next build reads it.
 */
export function settled(stat: BigIntStats, nowMs: number = Date.now()): boolean {
  return BigInt(Math.floor(nowMs)) * 1_000_000n - stat.ctimeNs > SETTLE_NS;
}

const SETTLE_NS = 2_000_000_000n;

/** What the published build knew of an input: its hash and, if the file was settled when read, its stamp. */
export interface KnownInput {
  hash: string;
  stamp: string;
}

/** A file that a build trusted by its stamp was found changed when its bytes were read later in the build. */
export class InputChangedError extends Error {
  constructor(readonly file: string) {
    super(`${file} changed while the build ran (its bytes are not those its stamp vouched for); build again`);
    this.name = 'InputChangedError';
  }
}
