import path from 'node:path';
import { sha256 } from './cache/cache.ts';
import { Diagnostic, type DiagnosticInit } from './diagnostics/diagnostic.ts';
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
  bytes: Uint8Array | undefined;
  text: string | undefined;
  /** The positioned tree, present once the file is known to be well-formed. */
  xml: XmlDocument | undefined;
  readonly messages: Diagnostic[] = [];
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
    if (this.contentHash === undefined && this.bytes) this.contentHash = sha256(this.bytes);
    return this.contentHash;
  }

  get hasErrors(): boolean {
    return this.messages.some((m) => m.fatal);
  }
}

function displayName(absolute: string): string {
  const rel = path.relative(process.cwd(), absolute);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : absolute;
}
