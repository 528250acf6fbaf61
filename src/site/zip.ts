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
 * The edition's zip: every download in one archive. fflate writes the
 * archive; each entry is deflated by Node's zlib (level 9) in the thread
 * pool, several at once and off the main thread, and the deflated bytes are
 * cached by the entry's SHA-256, so a rebuild deflates only what changed.
 * The timestamp is fixed, so the zip is identical when its contents are.
 */
export async function zipEntries(entries: ZipEntry[]): Promise<Uint8Array> {
  const cache = new Cache<never>('deflate');
  const deflated = await mapLimited(entries, 4, (entry) => deflateCached(entry, cache));
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else chunks.push(chunk);
  });
  const mtime = new Date('1980-01-01T00:00:00Z');
  entries.forEach((entry, i) => {
    const file = new Deflated(entry.name, deflated[i] as Uint8Array);
    file.mtime = mtime;
    zip.add(file);
    file.push(entry.content, true);
  });
  zip.end();
  if (failure) throw failure;
  return Buffer.concat(chunks);
}

/**
 * An entry whose deflated bytes are already made: fflate's pass-through
 * entry computes the CRC and size of the original bytes pushed into it, and
 * writes the deflated bytes in their place (its documented way to bring
 * one's own compression).
 */
class Deflated extends ZipPassThrough {
  constructor(
    filename: string,
    private readonly deflated: Uint8Array,
  ) {
    super(filename);
    this.compression = 8;
  }

  protected override process(_chunk: Uint8Array<ArrayBuffer>, final: boolean): void {
    if (final) this.ondata(null, this.deflated as Uint8Array<ArrayBuffer>, true);
  }
}

async function deflateCached(entry: ZipEntry, cache: Cache<never>): Promise<Uint8Array> {
  const hit = await cache.getBytes(entry.sha256);
  if (hit) return hit;
  const deflated = await deflateRaw(entry.content, { level: 9 });
  await cache.putBytes(entry.sha256, deflated);
  return deflated;
}
