import type { Place, Severity } from '../diagnostics/diagnostic.ts';

/**
 * The shapes the import passes between its steps: the plain-text record as
 * read (with line numbers), the inline content of its paragraphs, and the
 * problems found on the way.
 */

/** A stretch of one source line: its text and where it starts (1-based). */
export interface Piece {
  text: string;
  line: number;
  column: number;
  /** How it joins the piece before it: a blank line between (a page break), or a plain line end. */
  join: 'start' | 'page' | 'wrap';
}

/** A paragraph of the record, as one or more pieces of source lines. */
export type Span = Piece[];

/** One turn: `Label: text`, with the text's continuations after page breaks. */
export interface TurnLine {
  kind: 'turn';
  line: number;
  /** The label exactly as written, without the colon. */
  label: Piece;
  /** The label's name part, without asides: `Chairman Mao`. */
  name: string;
  /** The `X` of a `(hereafter, X)` aside. */
  alias: string | undefined;
  speech: Span;
}

/** Narration in parentheses standing between turns. */
export interface StageLine {
  kind: 'stage';
  text: Piece;
}

/** One side in the participants list: `Soviet side: A, B, C`. */
export interface SideLine {
  /** `Soviet side`, or `Participants` when the list has no sides. */
  head: string;
  /** The paragraph as written, from its first character (`Participants: Soviet side: ...`). */
  text: Piece;
  /** Where the list of names starts in `text.text`. */
  namesOffset: number;
  /** Each name as written (`[Anastas] Mikoyan`), with its place. */
  names: Piece[];
}

/** A footnote's text, at the end of the record: `[1] There is ...`. */
export interface NoteLine {
  n: number;
  line: number;
  text: Piece;
}

/** The record as read from its plain-text layout. */
export interface RecordModel {
  lineCount: number;
  date: { text: string; iso: string; line: number } | undefined;
  title: Piece | undefined;
  citation: Piece | undefined;
  summary: Piece[];
  credits: Piece | undefined;
  originalLanguage: Piece | undefined;
  contents: Piece | undefined;
  head: Piece | undefined;
  status: Piece | undefined;
  /** `Time: ...`: the whole line, and where the value starts. */
  time: { text: Piece; valueOffset: number } | undefined;
  location: { text: Piece; valueOffset: number } | undefined;
  participants: { line: number; sides: SideLine[] } | undefined;
  body: Array<TurnLine | StageLine>;
  notes: NoteLine[];
}

/** Inline content of a paragraph, label, stage direction or note. */
export type Inline =
  | { kind: 'text'; value: string }
  | { kind: 'supplied'; children: Inline[] }
  | { kind: 'sic'; value: string }
  | { kind: 'sicNote'; text: string; corr: string | undefined }
  | { kind: 'noteRef'; n: number; marker: string; place: Place }
  | { kind: 'note'; n: number; children: Inline[] }
  | { kind: 'stage'; children: Inline[] }
  | { kind: 'pb' }
  | { kind: 'date'; when?: string | undefined; from?: string | undefined; to?: string | undefined; children: Inline[] }
  | { kind: 'mention'; element: MentionElement; ref: string; children: Inline[] };

export type MentionElement = 'persName' | 'placeName' | 'orgName';

/** One problem found while importing; the pipeline turns it into a Diagnostic of the record's file. */
export interface Problem {
  /** The file it concerns, where that is not the record (a register file). */
  file?: string | undefined;
  ruleId: string;
  severity: Severity;
  reason: string;
  place?: Place | undefined;
  cause?: { reason: string; place?: Place | undefined } | undefined;
}

export type Report = (problem: Problem) => void;
