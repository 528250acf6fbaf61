import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from './cache/cache.ts';
import { InputChangedError } from './cache/input-stamps.ts';
import { Diagnostic, type DiagnosticInit } from './diagnostics/diagnostic.ts';
import type { FileEntry } from './tei/entries.ts';
import { decodeXmlBytes } from './xml/decode.ts';
import type { XmlDocument } from './xml/tree.ts';

/**
 * One input file as it travels through the pipeline (after vfile): its bytes
 * and text, the parsed tree once it is well-formed, and every message a stage
 * has recorded about it. Stages read it and add to it; nothing else carries
 * state between them.
 */
export class TeiFile {
  /** Absolute path on disk. */
  readonly path: string;
  /** The name used in diagnostics: relative to the working directory where possible. */
  readonly name: string;
  private raw: Uint8Array | undefined;
  /** Its hash and size as the published build knew them, trusted by its stamp (see `trust`). */
  private known: { hash: string; size: number } | undefined;
  /** The file's stamp when its bytes were read (cache/input-stamps.ts), if it may vouch for them in the next build. */
  stamp: string | undefined;
  /** The positioned tree, present once the file is known to be well-formed, until the stages that need it are done. */
  xml: XmlDocument | undefined;
  /** Whether the file is well-formed XML with a TEI root (true even after its tree is released, or when it came from the cache). */
  wellFormed = false;
  /** The register entries the file declares, once known (from its tree or its cached facts). */
  entries: FileEntry[] | undefined;
  private decoded: string | undefined;

  /**
   * The file's text. A file known to be well-formed whose results came from
   * the cache was never decoded: its text is decoded from its bytes when a
   * stage first asks for it.
   */
  get text(): string | undefined {
    if (this.decoded === undefined && this.wellFormed && this.bytes) {
      const result = decodeXmlBytes(this.bytes, this.name);
      if (result.ok) this.decoded = result.text;
    }
    return this.decoded;
  }

  set text(value: string | undefined) {
    this.decoded = value;
  }
  readonly messages: Diagnostic[] = [];

  /**
   * The file's bytes. Those of a file trusted by its stamp are read when a
   * stage first asks for them (most builds never do), and must still have
   * the hash the stamp vouched for.
   */
  get bytes(): Uint8Array | undefined {
    if (this.raw === undefined && this.known) {
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(this.path);
      } catch {
        throw new InputChangedError(this.name);
      }
      if (sha256(bytes) !== this.known.hash) throw new InputChangedError(this.name);
      this.raw = bytes;
    }
    return this.raw;
  }

  set bytes(value: Uint8Array | undefined) {
    this.raw = value;
  }

  /**
   * Takes the file as the published build read it: its stamp is the one
   * recorded then, so its hash and size are known without reading it.
   */
  trust(known: { hash: string; size: number; stamp: string }): void {
    this.known = { hash: known.hash, size: known.size };
    this.contentHash = known.hash;
    this.stamp = known.stamp;
  }

  /** Whether the file's content is known: its bytes read, or its hash trusted. */
  get isRead(): boolean {
    return this.raw !== undefined || this.known !== undefined;
  }

  /** Its size in bytes, once read or trusted. */
  get size(): number | undefined {
    return this.raw?.length ?? this.known?.size;
  }

  /** The file whose XInclude brought this one in, if any. */
  readonly includedBy: TeiFile | undefined;

  constructor(filePath: string, options: { name?: string; bytes?: Uint8Array; includedBy?: TeiFile } = {}) {
    this.path = path.resolve(filePath);
    this.name = options.name ?? displayName(this.path);
    this.bytes = options.bytes;
    this.includedBy = options.includedBy;
  }

  /** Records a diagnostic about this file and returns it. */
  message(init: Omit<DiagnosticInit, 'file'>): Diagnostic {
    const d = new Diagnostic({ ...init, file: this.name });
    this.messages.push(d);
    return d;
  }

  private contentHash: string | undefined;

  /** The SHA-256 of the file's bytes, once they are read: the key of its cached results. */
  get hash(): string | undefined {
    if (this.contentHash === undefined && this.raw) this.contentHash = sha256(this.raw);
    return this.contentHash;
  }

  /**
   * Drops the tree and the text once the stages that read them have run:
   * memory then holds each file's results, not the whole corpus's trees.
   */
  release(what: { tree?: boolean; text?: boolean }): void {
    if (what.tree) this.xml = undefined;
    if (what.text) this.decoded = undefined;
  }

  get hasErrors(): boolean {
    return this.messages.some((m) => m.fatal);
  }
}

function displayName(absolute: string): string {
  const rel = path.relative(process.cwd(), absolute);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : absolute;
}
