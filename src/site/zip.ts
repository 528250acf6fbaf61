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
    // A new file: one already there is replaced, never written into (it may be a link the published site shares).
    this.file ??= fs.mkdir(path.dirname(this.target), { recursive: true }).then(() => fs.rm(this.target, { force: true })).then(() => fs.open(this.target, 'wx'));
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
/** The most a reader reads at once. */
const MAX_READ = 64 * 1024 * 1024;
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

/**
 * The entries of an archive this writer made (the published build's), read
 * back as they are stored: a rebuild adds an unchanged document's entries
 * to the new archive from the old one, a read per document, rather than
 * from the cache, a file per entry (8,000 files for 1,000 documents). Only
 * what this writer makes is read (no ZIP64, no archive comment, deflated
 * entries); anything else is not found, and the cache is asked instead.
 */
export class ZipReader {
  private constructor(
    private readonly file: FileHandle,
    private readonly entries: Map<string, { offset: number; end: number; crc: number; size: number; stored: number; method: number }>,
  ) {}

  /** The archive at `target`, or undefined if there is none that this reader can read. */
  static async open(target: string): Promise<ZipReader | undefined> {
    const file = await fs.open(target, 'r').catch(() => undefined);
    if (!file) return undefined;
    try {
      const { size } = await file.stat();
      if (size < 22) throw new Error('too short');
      const end = await read(file, size - 22, 22);
      const eocd = new DataView(end.buffer, end.byteOffset, end.byteLength);
      if (eocd.getUint32(0, true) !== 0x06054b50) throw new Error('no end record');
      const count = eocd.getUint16(10, true);
      const dirSize = eocd.getUint32(12, true);
      const dirOffset = eocd.getUint32(16, true);
      if (count === 0xffff || dirOffset + dirSize !== size - 22) throw new Error('not an archive of this writer');
      const dir = await read(file, dirOffset, dirSize);
      const view = new DataView(dir.buffer, dir.byteOffset, dir.byteLength);
      const list: Array<{ name: string; offset: number; end: number; crc: number; size: number; stored: number; method: number }> = [];
      for (let at = 0, i = 0; i < count; i++) {
        if (view.getUint32(at, true) !== 0x02014b50) throw new Error('a damaged directory');
        const nameLength = view.getUint16(at + 28, true);
        list.push({
          name: Buffer.from(dir.buffer, dir.byteOffset + at + 46, nameLength).toString('utf8'),
          method: view.getUint16(at + 10, true),
          crc: view.getUint32(at + 16, true),
          stored: view.getUint32(at + 20, true),
          size: view.getUint32(at + 24, true),
          offset: view.getUint32(at + 42, true),
          end: 0,
        });
        at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
      }
      const byOffset = [...list].sort((a, b) => a.offset - b.offset);
      byOffset.forEach((e, i) => (e.end = byOffset[i + 1]?.offset ?? dirOffset));
      return new ZipReader(file, new Map(list.map((e) => [e.name, e])));
    } catch {
      await file.close();
      return undefined;
    }
  }

  /**
   * The entries `names`, stored next to each other (a document's downloads
   * are), with one read; undefined if any is not in the archive as
   * expected (`bytes`: the size of each one's original).
   */
  async packed(names: string[], bytes: number[]): Promise<PackedEntry[] | undefined> {
    return (await this.packedMany([{ names, bytes }]))[0];
  }

  /**
   * The entries of several groups (as `packed` takes them): the stretch of
   * the archive that holds them all is read at once, up to 64 MB (the
   * generated 1,000 documents' archive is 45.4 MB, some 4.5 MB a hundred
   * documents), rather than with a read per document, whose promises and
   * buffers for 1,000 documents took some 0.2 s of this thread in a profile.
   */
  async packedMany(groups: Array<{ names: string[]; bytes: number[] }>): Promise<Array<PackedEntry[] | undefined>> {
    const found = groups.map(({ names, bytes }) => {
      const entries = names.map((n) => this.entries.get(n));
      return entries.length > 0 && entries.every((e, i) => e && e.method === 8 && e.size === bytes[i]) ? (entries as Array<NonNullable<(typeof entries)[number]>>) : undefined;
    });
    const all = found.flatMap((entries) => entries ?? []);
    if (all.length === 0) return groups.map(() => undefined);
    const start = Math.min(...all.map((e) => e.offset));
    const end = Math.max(...all.map((e) => e.end));
    if (end - start > MAX_READ) {
      if (groups.length === 1) return [undefined];
      return Promise.all(groups.map(async (g) => (await this.packedMany([g]))[0]));
    }
    const range = await read(this.file, start, end - start).catch(() => undefined);
    if (!range) return groups.map(() => undefined);
    const view = new DataView(range.buffer, range.byteOffset, range.byteLength);
    return found.map((entries, g) => {
      if (!entries) return undefined;
      const packed: PackedEntry[] = [];
      for (const [i, e] of entries.entries()) {
        const at = e.offset - start;
        if (at + 30 > range.length || view.getUint32(at, true) !== 0x04034b50) return undefined;
        const data = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
        if (data + e.stored > e.end - start) return undefined;
        packed.push({ name: groups[g]?.names[i] as string, crc: e.crc, size: e.size, deflated: range.subarray(data, data + e.stored) });
      }
      return packed;
    });
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

async function read(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  if (bytesRead !== length) throw new Error('the archive is shorter than its directory says');
  return buffer;
}
