import { parseInline } from './inline.ts';
import type { Inline, Piece, RecordModel, Report, SideLine } from './model.ts';
import type { Participant, SpeakerResolution } from './resolve-speakers.ts';
import type { IdAllocator } from './slug.ts';
import type { DraftPlace } from './write-tei.ts';

/**
 * The record's setting lines as the draft writes them: the places of the
 * `Location:` line (each an entry of the places register) and the sides of
 * the participants list, with every place and person pointing to its entry.
 */

const full = (raw: string): string => raw.replace(/[[\]]/g, '').replace(/\s+/g, ' ').trim();

/** The places of the `Location:` line, one entry each. */
export function readPlaces(record: RecordModel, ids: IdAllocator): DraftPlace[] {
  if (!record.location) return [];
  const value = record.location.text.text.slice(record.location.valueOffset);
  return splitList(value).map(({ text }) => ({
    id: ids.allocate(full(text), 'place'),
    main: full(text),
    variants: [],
    role: `Where the conversation took place, as the record's Location line gives it ("${value}").`,
  }));
}

/** The items of a comma-separated list, with their offsets, commas inside brackets left alone. */
function splitList(value: string): Array<{ text: string; offset: number }> {
  const out: Array<{ text: string; offset: number }> = [];
  let depth = 0;
  let start = 0;
  const push = (end: number) => {
    const raw = value.slice(start, end);
    const text = raw.trim().replace(/\.$/, '');
    if (text) out.push({ text, offset: start + raw.length - raw.trimStart().length });
  };
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '[' || c === '(') depth++;
    else if ((c === ']' || c === ')') && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      push(i);
      start = i + 1;
    }
  }
  push(value.length);
  return out;
}

/** `Location: <placeName>, <placeName>`: each place points to its entry. */
export function locationLine(record: RecordModel, places: DraftPlace[]): Inline[] {
  if (!record.location) return [];
  const line = record.location.text.text;
  const offset = record.location.valueOffset;
  const items = splitList(line.slice(offset));
  const out: Inline[] = [];
  let position = 0;
  items.forEach((item, i) => {
    const start = offset + item.offset;
    out.push({ kind: 'text', value: line.slice(position, start) });
    const children = parseInline([{ text: item.text, line: record.location!.text.line, column: record.location!.text.column + start, join: 'start' }], 'name', 'the Location line', () => {});
    out.push({ kind: 'mention', element: 'placeName', ref: places[i]!.id, children });
    position = start + item.text.length;
  });
  if (position < line.length) out.push({ kind: 'text', value: line.slice(position) });
  return out.filter((n) => n.kind !== 'text' || n.value !== '');
}

/** A side of the participants list: each name points to its participant. */
export function participantsLine(side: SideLine, speakers: SpeakerResolution, report: Report): Inline[] {
  const byPiece = new Map<Piece, Participant>();
  for (const s of speakers.sides) for (const p of s.persons) if (p.listed) byPiece.set(p.listed, p);
  const line = side.text.text;
  const out: Inline[] = [];
  let position = 0;
  for (const name of side.names) {
    const start = name.column - side.text.column;
    if (start > position) out.push({ kind: 'text', value: line.slice(position, start) });
    const children = parseInline([name], 'name', `the participant \`${name.text}\``, report);
    const person = byPiece.get(name);
    if (person) out.push({ kind: 'mention', element: 'persName', ref: person.id, children });
    else out.push(...children);
    position = start + name.text.length;
  }
  if (position < line.length) out.push({ kind: 'text', value: line.slice(position) });
  return out;
}
