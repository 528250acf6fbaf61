import type { Place } from '../diagnostics/diagnostic.ts';
import type { Inline, Report, Span } from './model.ts';

/**
 * What a stretch of text may hold, after the project schema:
 * - `speech`: a turn's text: insertions, [sic], footnote markers, stage directions, page breaks;
 * - `speaker`: a label: [sic] only (`speaker` cannot hold `supplied`);
 * - `stage`: narration: insertions;
 * - `name`: a name in the participants list: insertions;
 * - `plain`: text only (a footnote's text, the heading).
 */
export type InlineContext = 'speech' | 'speaker' | 'stage' | 'name' | 'plain';

/** Stands for the blank line of a page break while a paragraph is parsed; the input holds no NUL. */
const PAGE = '\u0000';
const MARKER = /\^\[(\d{1,3})\]|\[\\\[(\d{1,3})\\\]\](?:\(#[^)\s]*\))?|\[\^(\d{1,3})\]|\[(\d{1,3})\]/y;
const SIC = /\[\s*sic\s*(?:[,;:]\s*([^[\]]*?))?\s*\]/iy;
const CORRECTION = /^(should (?:be|read)|read|i\.e\.|recte)\s+(.+)$/i;
const SENTENCE_END = /[.!?]["'”’)\]]*\s+$/;

/**
 * Parses the inline conventions of the translators' text into nodes: square
 * brackets are insertions (`supplied`); `[sic]` marks the word before it
 * (`sic` + a `note type="sic"`, with `[sic, should be X]`'s X as `corr`);
 * `[1]`, `^[1]` and `[\[1\]](#)` are footnote markers; a parenthesis that
 * opens a turn or a sentence with a capital letter is a stage direction; a
 * blank line inside a turn is a page break. `scope` names the paragraph in
 * messages ("the turn at line 41").
 */
export function parseInline(span: Span, context: InlineContext, scope: string, report: Report): Inline[] {
  let s = '';
  const starts: Array<{ offset: number; line: number; column: number }> = [];
  for (const piece of span) {
    if (s !== '' || starts.length > 0) s += piece.join === 'page' ? PAGE : piece.join === 'wrap' ? '\n' : '';
    starts.push({ offset: s.length, line: piece.line, column: piece.column });
    s += piece.text;
  }
  const placeAt = (offset: number): Place => {
    let k = starts.length - 1;
    while (k > 0 && starts[k]!.offset > offset) k--;
    const start = starts[k] ?? { offset: 0, line: 1, column: 1 };
    return { line: start.line, column: start.column + (offset - start.offset) };
  };
  return new InlineParser(s, placeAt, scope, report).sequence(context, 0, s.length);
}

class InlineParser {
  /** Which bracket closes which, found in one pass: a search from each opening one would be quadratic. */
  private readonly pairs: { brackets: Map<number, number>; parentheses: Map<number, number> };

  constructor(
    private readonly s: string,
    private readonly placeAt: (offset: number) => Place,
    private readonly scope: string,
    private readonly report: Report,
  ) {
    this.pairs = pairBrackets(s);
  }

  sequence(context: InlineContext, from: number, end: number): Inline[] {
    const s = this.s;
    const out: Inline[] = [];
    let text = '';
    const flush = (): void => {
      if (text) out.push({ kind: 'text', value: text });
      text = '';
    };
    let i = from;
    while (i < end) {
      const c = s[i]!;
      if (c === PAGE) {
        flush();
        out.push({ kind: 'pb' });
        i++;
        continue;
      }
      if (c === '[' || (c === '^' && s[i + 1] === '[')) {
        MARKER.lastIndex = i;
        const marker = MARKER.exec(s);
        if (marker && marker.index === i && marker[0].length <= end - i) {
          if (context === 'speech') {
            flush();
            out.push({ kind: 'noteRef', n: Number(marker[1] ?? marker[2] ?? marker[3] ?? marker[4]), marker: marker[0], place: this.placeAt(i) });
          } else {
            if (context === 'stage') this.warn('import-note', `A footnote marker \`${marker[0]}\` inside a stage direction is kept as text: a \`stage\` cannot hold a \`note\``, i);
            text += marker[0];
          }
          i += marker[0].length;
          continue;
        }
        if (c === '^') {
          text += c;
          i++;
          continue;
        }
        SIC.lastIndex = i;
        const sic = SIC.exec(s);
        if (sic && sic.index === i && sic[0].length <= end - i && (context === 'speech' || context === 'speaker')) {
          flush();
          this.markSic(out, sic[1], i);
          i += sic[0].length;
          continue;
        }
        const close = this.matching(i, end, '[');
        if (close === -1) {
          this.report({
            ruleId: 'import-bracket',
            severity: 'error',
            reason: `Unterminated \`[\` in ${this.scope} (\`${excerpt(s.slice(i, Math.min(end, i + 60)))}\`); expected a \`]\` to close the translators' insertion before the end of it`,
            place: this.placeAt(i),
          });
          text += c;
          i++;
          continue;
        }
        const content = s.slice(i + 1, close);
        if (context === 'speaker' || context === 'plain' || content.trim() === '') {
          if (context === 'speaker') this.warn('import-bracket', `Square brackets in a speaker label are kept as characters: \`speaker\` cannot hold \`supplied\``, i);
          text += s.slice(i, close + 1);
        } else {
          flush();
          const nested = content.indexOf('[');
          if (nested !== -1) {
            this.warn(
              'import-nested-bracket',
              `Square brackets inside square brackets: the inner \`${content.slice(nested, content.indexOf(']', nested) + 1)}\` is kept as characters inside the outer \`supplied\`, which cannot hold another`,
              i + 1 + nested,
            );
          }
          out.push({ kind: 'supplied', children: splitPages(content) });
        }
        i = close + 1;
        continue;
      }
      if (c === ']' && context !== 'plain') {
        this.report({ ruleId: 'import-bracket', severity: 'error', reason: `Unmatched \`]\` in ${this.scope} (\`${excerpt(s.slice(Math.max(from, i - 29), i + 1), true)}\`); expected a \`[\` before it`, place: this.placeAt(i) });
        text += c;
        i++;
        continue;
      }
      if (c === '(' && context === 'speech' && this.opensStage(i, from)) {
        const close = this.matching(i, end, '(');
        if (close !== -1) {
          flush();
          out.push({ kind: 'stage', children: this.sequence('stage', i, close + 1) });
          i = close + 1;
          continue;
        }
      }
      text += c;
      i++;
    }
    flush();
    return out;
  }

  /** `[sic]` marks the word before it; without one, the note stands alone. */
  private markSic(out: Inline[], comment: string | undefined, at: number): void {
    const last = out.at(-1);
    const word = last?.kind === 'text' ? /([\p{L}\p{N}][\p{L}\p{N}'’-]*)([^\p{L}\p{N}\s]*)(\s*)$/u.exec(last.value) : null;
    if (last?.kind === 'text' && word) {
      out.pop();
      const before = last.value.slice(0, word.index);
      if (before) out.push({ kind: 'text', value: before });
      out.push({ kind: 'sic', value: word[1]! });
      if (word[2] || word[3]) out.push({ kind: 'text', value: word[2]! + word[3]! });
    } else {
      this.warn('import-sic', '`[sic]` follows no word; it is encoded as the translators\' note alone, with nothing marked `sic`', at);
    }
    const corr = comment ? CORRECTION.exec(comment) : null;
    if (!comment) out.push({ kind: 'sicNote', text: 'sic', corr: undefined });
    else if (corr) out.push({ kind: 'sicNote', text: `sic, ${corr[1]} `, corr: corr[2]!.trim() });
    else out.push({ kind: 'sicNote', text: `sic, ${comment}`, corr: undefined });
  }

  /** A parenthesis is narration if it opens the paragraph or a sentence, with a capital letter. */
  private opensStage(i: number, from: number): boolean {
    if (!/^\(["'“‘]?\p{Lu}/u.test(this.s.slice(i, i + 3))) return false;
    const before = this.s.slice(from, i);
    return before.trim() === '' || SENTENCE_END.test(before.slice(-12));
  }

  /** The offset of the bracket that closes the one at `open`, if it is before `end`; or -1. */
  private matching(open: number, end: number, opening: '[' | '('): number {
    const close = (opening === '[' ? this.pairs.brackets : this.pairs.parentheses).get(open) ?? -1;
    return close < end ? close : -1;
  }

  private warn(ruleId: string, reason: string, at: number): void {
    this.report({ ruleId, severity: 'warning', reason, place: this.placeAt(at) });
  }
}

/** Pairs each `[` and `(` with its closing bracket; parentheses do not pair across a page break. */
function pairBrackets(s: string): { brackets: Map<number, number>; parentheses: Map<number, number> } {
  const brackets = new Map<number, number>();
  const parentheses = new Map<number, number>();
  const openBrackets: number[] = [];
  let openParentheses: number[] = [];
  for (let k = 0; k < s.length; k++) {
    const c = s[k];
    if (c === '[') openBrackets.push(k);
    else if (c === ']' && openBrackets.length > 0) brackets.set(openBrackets.pop()!, k);
    else if (c === '(') openParentheses.push(k);
    else if (c === ')' && openParentheses.length > 0) parentheses.set(openParentheses.pop()!, k);
    else if (c === PAGE) openParentheses = [];
  }
  return { brackets, parentheses };
}

/** Up to 30 characters of the source around a problem, page breaks shown as line ends. */
function excerpt(text: string, fromEnd = false): string {
  const flat = text.replace(/\u0000/g, ' ¶ ').replace(/\s+/g, ' ');
  if (flat.length <= 30) return flat;
  return fromEnd ? `…${flat.slice(-29)}` : `${flat.slice(0, 29)}…`;
}

function splitPages(text: string): Inline[] {
  const out: Inline[] = [];
  text.split(PAGE).forEach((part, k) => {
    if (k > 0) out.push({ kind: 'pb' });
    if (part) out.push({ kind: 'text', value: part });
  });
  return out;
}
