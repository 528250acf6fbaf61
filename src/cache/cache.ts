import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { accessSync, readFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { PROJECT_ROOT } from '../project.ts';

/**
 * The build cache: results of the costly per-document steps (the schema
 * check, the transform), stored by a key made of everything they depend on
 * (the document's bytes, the stylesheet or schema, the pipeline's own code),
 * so an unchanged document is neither checked nor transformed again. Entries
 * are written atomically and read defensively: a damaged entry is a miss.
 * COLLOQUY_CACHE=off turns the cache off; COLLOQUY_CACHE_DIR moves it.
 */
export const CACHE_DIR = process.env.COLLOQUY_CACHE_DIR ? path.resolve(process.env.COLLOQUY_CACHE_DIR) : path.join(PROJECT_ROOT, '.colloquy-cache');
export const CACHE_ENABLED = process.env.COLLOQUY_CACHE !== 'off';

export function sha256(...parts: Array<string | Uint8Array>): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}

export class Cache<T> {
  private readonly dir: string;
  hits = 0;

  constructor(namespace: string) {
    this.dir = path.join(CACHE_DIR, namespace);
  }

  // Entries are read with synchronous calls: a rebuild reads thousands of
  // small entries, and a promise per read cost ten times the read itself
  // (1,000 entries of a few hundred bytes: about 100 ms against 10 ms).
  async get(key: string): Promise<T | undefined> {
    if (!CACHE_ENABLED) return undefined;
    try {
      const value = JSON.parse(readFileSync(this.file(key), 'utf8')) as T;
      this.hits++;
      return value;
    } catch {
      return undefined;
    }
  }

  async put(key: string, value: T): Promise<void> {
    if (CACHE_ENABLED) await writeAtomically(this.file(key), JSON.stringify(value));
  }

  /** Whether the entry `key` is there (JSON, or with `bin`, raw bytes), without reading it. */
  async has(key: string, extension: 'json' | 'bin' = 'json'): Promise<boolean> {
    if (!CACHE_ENABLED) return false;
    try {
      accessSync(this.file(key, extension));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * An entry of raw bytes rather than JSON (a document's HTML, deflated zip
   * entries). Unlike JSON, bytes cut short or changed would still read, so
   * each entry carries its length and CRC-32 (`sealed`), and one whose bytes
   * do not match them is a miss.
   */
  async getBytes(key: string): Promise<Uint8Array | undefined> {
    if (!CACHE_ENABLED) return undefined;
    let bytes: Uint8Array | undefined;
    try {
      bytes = unsealed(readFileSync(this.file(key, 'bin')));
    } catch {
      bytes = undefined;
    }
    if (bytes) this.hits++;
    return bytes;
  }

  async putBytes(key: string, bytes: Uint8Array): Promise<void> {
    if (CACHE_ENABLED) await writeAtomically(this.file(key, 'bin'), sealed(bytes));
  }

  private file(key: string, extension = 'json'): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.${extension}`);
  }
}

/** A byte entry's header: `CQB1`, the CRC-32 of the bytes, and their length (two 32-bit halves). */
const SEAL = Buffer.from('CQB1', 'latin1');
const SEAL_BYTES = 16;

/** Bytes with their header. */
function sealed(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(SEAL_BYTES + bytes.length);
  const view = new DataView(out.buffer);
  out.set(SEAL, 0);
  view.setUint32(4, zlib.crc32(bytes));
  view.setUint32(8, Math.floor(bytes.length / 2 ** 32));
  view.setUint32(12, bytes.length % 2 ** 32);
  out.set(bytes, SEAL_BYTES);
  return out;
}

/** The bytes of a sealed entry, or undefined if the entry is not whole and unchanged. */
function unsealed(entry: Uint8Array): Uint8Array | undefined {
  if (entry.length < SEAL_BYTES || !SEAL.equals(entry.subarray(0, 4))) return undefined;
  const view = new DataView(entry.buffer, entry.byteOffset, entry.byteLength);
  const bytes = entry.subarray(SEAL_BYTES);
  if (view.getUint32(8) * 2 ** 32 + view.getUint32(12) !== bytes.length || view.getUint32(4) !== zlib.crc32(bytes)) return undefined;
  return bytes;
}

/**
 * A copy of a value made of JSON, sharing no string with it. A string that a
 * parser sliced out of a file's text keeps all of that text in memory (V8
 * keeps a slice's parent); what is kept for the whole build (a file's facts,
 * its header) is copied so that the text can go (in a heap snapshot of 100
 * documents, 11 MB of texts were kept only by such slices).
 */
export function detached<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Writes a file under a temporary name and renames it into place: an entry is whole or absent. */
async function writeAtomically(file: string, content: string | Uint8Array): Promise<void> {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(tmp, content);
    await fs.rename(tmp, file);
  } catch {
    // A cache that cannot be written only makes the next build slower.
    await fs.rm(tmp, { force: true }).catch(() => {});
  }
}

let fingerprint: Promise<string> | undefined;

/** Makes the next build hash the pipeline again (the live preview, after a template is saved). */
export function forgetFingerprint(): void {
  fingerprint = undefined;
}

/**
 * A hash of the pipeline itself: its code, stylesheets, templates, schema and
 * locked dependencies. Any change to them invalidates every cached result.
 */
export function pipelineFingerprint(): Promise<string> {
  fingerprint ??= (async () => {
    const h = createHash('sha256');
    const files: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (entry.isFile()) files.push(full);
      }
    };
    await walk(path.join(PROJECT_ROOT, 'src'));
    await walk(path.join(PROJECT_ROOT, 'templates'));
    await walk(path.join(PROJECT_ROOT, 'tei', 'schema'));
    // The encoding guide is published on the site (/encoding/).
    files.push(path.join(PROJECT_ROOT, 'docs', 'encoding.md'));
    files.push(path.join(PROJECT_ROOT, '.eleventy.js'), path.join(PROJECT_ROOT, 'package-lock.json'), path.join(PROJECT_ROOT, 'package.json'));
    for (const f of files.sort()) {
      h.update(path.relative(PROJECT_ROOT, f)).update('\0');
      h.update(await fs.readFile(f).catch(() => Buffer.alloc(0))).update('\0');
    }
    return h.digest('hex');
  })();
  return fingerprint;
}
