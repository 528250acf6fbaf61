/**
 * A diagnostic: one problem found in one file, with a place.
 *
 * Modelled on vfile-message: `reason` says what was found and what was
 * expected; `line` and `column` are 1-based and optional (some checks, such as
 * xmllint's, report lines only, and some problems concern a whole file).
 * `fatal: true` is an error, `false` a warning.
 */
export type Severity = 'error' | 'warning';

export interface Place {
  line: number;
  column?: number;
}

export interface DiagnosticInit {
  reason: string;
  file: string;
  ruleId: string;
  severity?: Severity;
  place?: Place | undefined;
  /** Which checker found it: `xml`, `schema`, `rules`, `build`. */
  source?: string;
  /** A second place that explains the first, such as "first defined here". */
  cause?: { reason: string; place?: Place | undefined } | undefined;
}

export class Diagnostic {
  readonly reason: string;
  readonly file: string;
  readonly ruleId: string;
  readonly fatal: boolean;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly source: string;
  readonly cause: DiagnosticInit['cause'];

  constructor(init: DiagnosticInit) {
    this.reason = shortenQuotes(visible(init.reason));
    this.file = visible(init.file);
    this.ruleId = init.ruleId;
    this.fatal = (init.severity ?? 'error') === 'error';
    this.line = init.place?.line;
    this.column = init.place?.line === undefined ? undefined : init.place.column;
    this.source = init.source ?? 'colloquy';
    this.cause = init.cause && { ...init.cause, reason: visible(init.cause.reason) };
  }

  get severity(): Severity {
    return this.fatal ? 'error' : 'warning';
  }

  /** `file:line:column`, as far as the place is known. */
  get location(): string {
    let out = this.file;
    if (this.line !== undefined) {
      out += `:${this.line}`;
      if (this.column !== undefined) out += `:${this.column}`;
    }
    return out;
  }

  toString(): string {
    return `${this.location}: ${this.reason}`;
  }

  /** A diagnostic back from its JSON form (as a build record keeps it). */
  static fromJSON(json: Record<string, unknown>): Diagnostic {
    const cause = json.cause as { message: string; line: number | null; column: number | null } | undefined;
    const place = (line: unknown, column: unknown) => (typeof line === 'number' ? { line, column: typeof column === 'number' ? column : undefined } : undefined);
    return new Diagnostic({
      reason: String(json.message),
      file: String(json.file),
      ruleId: String(json.ruleId),
      severity: json.severity === 'warning' ? 'warning' : 'error',
      place: place(json.line, json.column),
      source: String(json.source),
      cause: cause && { reason: cause.message, place: place(cause.line, cause.column) },
    });
  }

  toJSON(): Record<string, unknown> {
    return {
      file: this.file,
      line: this.line ?? null,
      column: this.column ?? null,
      severity: this.severity,
      message: this.reason,
      ruleId: this.ruleId,
      source: this.source,
      ...(this.cause
        ? { cause: { message: this.cause.reason, line: this.cause.place?.line ?? null, column: this.cause.place?.column ?? null } }
        : {}),
    };
  }
}

/** Order diagnostics by file, then line, then column; placeless ones first. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  const la = a.line ?? 0;
  const lb = b.line ?? 0;
  if (la !== lb) return la - lb;
  return (a.column ?? 0) - (b.column ?? 0);
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics) {
    if (d.fatal) errors++;
    else warnings++;
  }
  return { errors, warnings };
}

/**
 * Control characters as escapes (`\t`, `\u001b`): a reason quotes values
 * from the input, and a terminal must not act on what hostile TEI contains.
 */
export function visible(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]/gu, (c) => {
    if (c === '\t') return '\\t';
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    return `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`;
  });
}

/**
 * Quoted values (between backticks) of more than `max` characters are cut,
 * with their length given: a 10,000-character id is reported, not printed.
 */
export function shortenQuotes(reason: string, max = 120): string {
  const parts = reason.split('`');
  // Quoted spans are the odd parts; with an odd number of backticks the last one opens nothing.
  for (let i = 1; i < parts.length - 1; i += 2) {
    const chars = [...(parts[i] as string)];
    if (chars.length <= max) continue;
    parts[i] = `${chars.slice(0, max - 1).join('')}…`;
    parts[i + 1] = ` (${chars.length.toLocaleString('en-US')} characters)${parts[i + 1]}`;
  }
  return parts.join('`');
}
