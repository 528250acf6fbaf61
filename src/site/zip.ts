import { createHash } from 'node:crypto';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { Zip, ZipPassThrough } from 'fflate';
import { Cache } from '../cache/cache.ts';
import { mapLimited } from '../workers/pool.ts';

const deflateRaw = promisify(zlib.deflateRaw);

/** A file to put in the zip: its name in the archive, its bytes and their SHA-256 (the cache key). */
export interface ZipEntry {
  name: string;
  content: Uint8Array;
  sha256: string;
}

/**
 * The edition's zip: every download in one archive, written to a file as its
 * entries come, so that the archive is never held in memory. fflate writes
 * the archive; each entry is deflated by Node's zlib (level 9) in the thread
 * pool, several at once and off the main thread, and the deflated bytes are
 * cached by the entry's SHA-256, so a rebuild deflates only what changed.
 * The timestamp is fixed, so the zip is identical when its contents are.
 */
export class ZipWriter {
  private readonly cache = new Cache<never>('deflate');
  private readonly zip: Zip;
  private readonly hash = createHash('sha256');
  private pending: Uint8Array[] = [];
  private failure: Error | null = null;
  private bytes = 0;
  private file: Promise<FileHandle> | undefined;
  private closed = false;

  constructor(private readonly target: string) {
    this.zip = new Zip((err, chunk) => {
      if (err) this.failure = err;
      else this.pending.push(chunk);
    });
  }

  /** Adds entries, in order, and writes what the archive has so far. */
  async add(entries: ZipEntry[]): Promise<void> {
    const deflated = await mapLimited(entries, 4, (entry) => deflateCached(entry, this.cache));
    entries.forEach((entry, i) => {
      const file = new Deflated(entry.name, deflated[i] as Uint8Array);
      file.mtime = MTIME;
      this.zip.add(file);
      file.push(entry.content, true);
    });
    await this.flush();
  }

  /** Ends the archive; its size and SHA-256. */
  async end(): Promise<{ bytes: number; sha256: string }> {
    this.zip.end();
    await this.flush();
    await this.close();
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  /** Closes the file (also when the build fails before the archive is ended). */
  async close(): Promise<void> {
    const file = this.file;
    this.closed = true;
    if (file) await (await file).close();
  }

  private open(): Promise<FileHandle> {
    if (this.closed) throw new Error('the zip is closed');
    this.file ??= fs.mkdir(path.dirname(this.target), { recursive: true }).then(() => fs.open(this.target, 'w'));
    return this.file;
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    const chunks = this.pending;
    this.pending = [];
    const handle = await this.open();
    const bytes = Buffer.concat(chunks);
    this.hash.update(bytes);
    this.bytes += bytes.length;
    // writeFile on a handle writes at its position, all of the bytes.
    await handle.writeFile(bytes);
  }
}

const MTIME = new Date('1980-01-01T00:00:00Z');
const EMPTY = new Uint8Array(0);

/**
 * An entry whose deflated bytes are already made: fflate's pass-through
 * entry computes the CRC and size of the original bytes pushed into it, and
 * writes the deflated bytes in their place (its documented way to bring
 * one's own compression).
 */
class Deflated extends ZipPassThrough {
  // Private (#): the archive keeps a copy of each entry's own properties for
  // its central directory, and must not keep the bytes with them.
  #deflated: Uint8Array;

  constructor(filename: string, deflated: Uint8Array) {
    super(filename);
    this.compression = 8;
    this.#deflated = deflated;
  }

  protected override process(_chunk: Uint8Array<ArrayBuffer>, final: boolean): void {
    if (!final) return;
    const bytes = this.#deflated;
    this.#deflated = EMPTY;
    this.ondata(null, bytes as Uint8Array<ArrayBuffer>, true);
  }
}

async function deflateCached(entry: ZipEntry, cache: Cache<never>): Promise<Uint8Array> {
  const hit = await cache.getBytes(entry.sha256);
  if (hit) return hit;
  const deflated = await deflateRaw(entry.content, { level: 9 });
  await cache.putBytes(entry.sha256, deflated);
  return deflated;
}
