import type { Draft } from './write-tei.ts';

export interface Citation {
  parts: NonNullable<Draft['citation']>;
  url: string | undefined;
  translators: string[];
}

/**
 * Reads what the header marks up in the archive's citation, and nothing
 * more: the quoted title at its start, the record's date where the date line
 * recurs in it, the translators after "Translated by", and the URL in angle
 * brackets (written without them, as the project does).
 */
export function readCitation(text: string, date: { iso: string; text: string } | undefined): Citation {
  const marks: Array<{ start: number; end: number; part: Citation['parts'][number] }> = [];
  const title = /^"([^"]+)"/.exec(text);
  if (title) marks.push({ start: 1, end: 1 + title[1]!.length, part: { kind: 'title', text: title[1]! } });
  let url: string | undefined;
  const link = /<(https?:\/\/[^\s<>]+)>/.exec(text);
  if (link) {
    url = link[1]!;
    marks.push({ start: link.index, end: link.index + link[0].length, part: { kind: 'url', text: url, value: url } });
  }
  if (date) {
    const at = text.indexOf(date.text, title ? title[0].length : 0);
    if (at !== -1) marks.push({ start: at, end: at + date.text.length, part: { kind: 'date', text: date.text, value: date.iso } });
  }
  const translators: string[] = [];
  const by = /Translated by ([^.<>]+?)\.(?=\s|$)/.exec(text);
  if (by) {
    let offset = by.index + 'Translated by '.length;
    for (const piece of by[1]!.split(/(,\s*|\s+and\s+)/)) {
      if (piece.trim() && !/^(,\s*|\s+and\s+)$/.test(piece)) {
        translators.push(piece.trim());
        marks.push({ start: offset, end: offset + piece.length, part: { kind: 'translator', text: piece } });
      }
      offset += piece.length;
    }
  }
  marks.sort((a, b) => a.start - b.start);
  const parts: Citation['parts'] = [];
  let position = 0;
  for (const mark of marks) {
    if (mark.start < position) continue; // overlapping marks: the first wins
    if (mark.start > position) parts.push(text.slice(position, mark.start));
    parts.push(mark.part);
    position = mark.end;
  }
  if (position < text.length) parts.push(text.slice(position));
  return { parts, url, translators };
}

/** BCP 47 codes of the languages an archive's "Original Language:" line may name. */
const LANGUAGE_CODES: Record<string, string> = {
  albanian: 'sq', arabic: 'ar', armenian: 'hy', bulgarian: 'bg', burmese: 'my', chinese: 'zh', croatian: 'hr', czech: 'cs', danish: 'da', dutch: 'nl',
  english: 'en', estonian: 'et', finnish: 'fi', french: 'fr', georgian: 'ka', german: 'de', greek: 'el', hebrew: 'he', hindi: 'hi', hungarian: 'hu',
  indonesian: 'id', italian: 'it', japanese: 'ja', kazakh: 'kk', khmer: 'km', korean: 'ko', lao: 'lo', latvian: 'lv', lithuanian: 'lt', mongolian: 'mn',
  norwegian: 'no', persian: 'fa', polish: 'pl', portuguese: 'pt', romanian: 'ro', russian: 'ru', serbian: 'sr', slovak: 'sk', slovenian: 'sl', spanish: 'es',
  swedish: 'sv', thai: 'th', turkish: 'tr', ukrainian: 'uk', uzbek: 'uz', vietnamese: 'vi',
};

export function languageCode(name: string): string | undefined {
  return LANGUAGE_CODES[name.trim().toLowerCase()];
}
