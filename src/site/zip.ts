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

/** An entry already deflated: its bytes as stored, and the CRC-32 and size of the original. */
export interface PackedEntry {
  name: string;
  deflated: Uint8Array;
  crc: number;
  size: number;
}

/**
 * The edition's zip: every download in one archive, written to a file as its
 * entries come, so that the archive is never held in memory. fflate writes
 * the archive; each entry is deflated by Node's zlib (level 9) in the thread
 * pool, several at once and off the main thread, and the deflated bytes are
 * cached by the entry's SHA-256 with the original's CRC-32 and size, so a
 * rebuild deflates only what changed, and an entry can be added from the
 * cache without its original bytes (`packed`).
 * The timestamp is fixed, so the zip is identical when its contents are.
 */
export class ZipWriter {
  private readonly cache = new Cache<never>('zip-entries');
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
  async add(entries: Array<ZipEntry | PackedEntry>): Promise<void> {
    const packed = await mapLimited(entries, 4, async (entry): Promise<PackedEntry> => ('deflated' in entry ? entry : this.pack(entry)));
    for (const entry of packed) {
      const file = new Deflated(entry);
      file.mtime = MTIME;
      this.zip.add(file);
      file.send();
    }
    await this.flush();
  }

  /** The entry for the bytes whose SHA-256 is `sha256`, from the cache; undefined if it is not there. */
  async packed(name: string, sha256: string): Promise<PackedEntry | undefined> {
    const stored = await this.cache.getBytes(sha256);
    if (!stored || stored.length < HEADER) return undefined;
    const view = new DataView(stored.buffer, stored.byteOffset, stored.byteLength);
    return { name, crc: view.getUint32(0), size: view.getUint32(4) * 2 ** 32 + view.getUint32(8), deflated: stored.subarray(HEADER) };
  }

  /** Deflates an entry, or finds it in the cache. */
  private async pack(entry: ZipEntry): Promise<PackedEntry> {
    const hit = await this.packed(entry.name, entry.sha256);
    if (hit) return hit;
    const deflated = await deflateRaw(entry.content, { level: 9 });
    const packed = { name: entry.name, deflated, crc: zlib.crc32(entry.content), size: entry.content.length };
    const stored = new Uint8Array(HEADER + deflated.length);
    const view = new DataView(stored.buffer);
    view.setUint32(0, packed.crc);
    view.setUint32(4, Math.floor(packed.size / 2 ** 32));
    view.setUint32(8, packed.size % 2 ** 32);
    stored.set(deflated, HEADER);
    await this.cache.putBytes(entry.sha256, stored);
    return packed;
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
/** A cached entry's header: the original's CRC-32, and its size as two 32-bit halves. */
const HEADER = 12;

/**
 * An entry whose deflated bytes, CRC and size are already known: it hands
 * the deflated bytes to the archive as fflate's pass-through entries hand
 * their data (its documented way to bring one's own compression), with the
 * CRC and size that the archive writes after them.
 */
class Deflated extends ZipPassThrough {
  // Private (#): the archive keeps a copy of each entry's own properties for
  // its central directory, and must not keep the bytes with them.
  #deflated: Uint8Array;

  constructor(entry: PackedEntry) {
    super(entry.name);
    this.compression = 8;
    this.crc = entry.crc;
    this.size = entry.size;
    this.#deflated = entry.deflated;
  }

  /** Sends the bytes, once the entry is added to the archive. */
  send(): void {
    const bytes = this.#deflated;
    this.#deflated = EMPTY;
    this.ondata(null, bytes as Uint8Array<ArrayBuffer>, true);
  }
}
