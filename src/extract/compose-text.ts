import type { Segment } from '../edition.ts';

export interface ComposedMention {
  /** Register ids the mention points to (a nested name adds its own). */
  ids: string[];
  el: string;
  text: string;
  start: number;
  end: number;
}

export interface Composed {
  /** The text as the source writes it: [brackets], [sic], [n] note markers. */
  source: string;
  /** The reading text: without the marks that belong to the source view. */
  reading: string;
  mentions: ComposedMention[];
}

/**
 * Joins a unit's segments into text with white space collapsed, and records
 * where in that text each mention stands (for keyword-in-context lines).
 */
export function composeText(segments: readonly Segment[], resolve: (ref: string) => string[]): Composed {
  let source = '';
  let reading = '';
  const mentions: ComposedMention[] = [];
  const append = (text: string, toReading: boolean): void => {
    const collapsed = text.replace(/\s+/g, ' ');
    source = joinSpace(source, collapsed);
    if (toReading) reading = joinSpace(reading, collapsed);
  };
  for (const seg of segments) {
    if (seg.ref !== undefined) {
      if (/^\s/.test(seg.t) && !source.endsWith(' ') && source !== '') source += ' ';
      const start = source.length;
      append(seg.t.trim(), true);
      const ids = [...resolve(seg.ref), ...(seg.nested ?? []).flatMap((n) => resolve(n.ref))];
      mentions.push({ ids, el: seg.el ?? '', text: source.slice(start), start, end: source.length });
      if (/\s$/.test(seg.t)) append(' ', true);
    } else {
      append(seg.t, !seg.mark);
    }
  }
  const lead = source.length - source.trimStart().length;
  return {
    source: source.trim(),
    reading: reading.trim(),
    mentions: mentions.map((m) => ({ ...m, start: m.start - lead, end: m.end - lead })),
  };
}

function joinSpace(a: string, b: string): string {
  if (a.endsWith(' ') && b.startsWith(' ')) return a + b.slice(1);
  return a + b;
}

/** A word: letters and digits, joined by apostrophes or hyphens; a number may have separators (500,000; 4.6). */
const WORD = /\p{N}+(?:[.,]\p{N}+)+|[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

/** The number of words in a text. */
export function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

/** A keyword-in-context line: up to `width` characters either side, cut at a word. */
export function keywordInContext(text: string, start: number, end: number, width = 70): { before: string; match: string; after: string } {
  let before = text.slice(Math.max(0, start - width), start);
  if (start - width > 0) before = `…${before.replace(/^\S*\s/, '')}`;
  let after = text.slice(end, end + width);
  if (end + width < text.length) after = `${after.replace(/\s\S*$/, '')}…`;
  return { before, match: text.slice(start, end), after };
}
