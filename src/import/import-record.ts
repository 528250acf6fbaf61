import path from 'node:path';
import { Diagnostic } from '../diagnostics/diagnostic.ts';
import { PROJECT_SCHEMA } from '../project.ts';
import { decodeRecord } from './decode-record.ts';
import { parseInline } from './inline.ts';
import type { Inline, Piece, Problem, RecordModel, Report, TurnLine } from './model.ts';
import { addUsedNames, fillNameIndex, NameIndex } from './name-index.ts';
import { parseTimeSpan } from './parse-date.ts';
import { placeNotes } from './place-notes.ts';
import { languageCode, readCitation } from './read-citation.ts';
import { readRecord } from './read-record.ts';
import { resolveSpeakers } from './resolve-speakers.ts';
import { IdAllocator, slugify } from './slug.ts';
import { locationLine, participantsLine, readPlaces } from './setting-lines.ts';
import { tagNames } from './tag-names.ts';
import { writeTei, type Draft, type DraftItem } from './write-tei.ts';

/** Problems of one kind listed before the rest are only counted. */
const MAX_PER_RULE = 50;

export interface ImportOptions {
  /** The record's name in diagnostics. */
  file: string;
  /** Where the draft is to be written; default `tei/<date>-<slug of the title>.xml` in the working directory. */
  out?: string | undefined;
  /** TEI files whose registers `--tag-names` matches names against; undefined: no names are tagged. */
  registers?: readonly string[] | undefined;
  /** The day of the import, `YYYY-MM-DD` (default: today, UTC). */
  today?: string | undefined;
}

export interface ImportResult {
  /** The draft TEI, unless an error was found. */
  tei: string | undefined;
  /** Where it is to be written. */
  out: string | undefined;
  diagnostics: Diagnostic[];
}

/**
 * The import, step by step: decode the bytes, read the layout, resolve the
 * speakers, parse the inline conventions, place the notes, tag names (with
 * registers), write the TEI. Every problem becomes a diagnostic of the
 * record's file; if any is an error, there is no draft.
 */
export function importRecord(bytes: Uint8Array, options: ImportOptions): ImportResult {
  const diagnostics: Diagnostic[] = [];
  // A broken file can have a problem on every line; past a few of one kind, they are counted, not listed.
  const counts = new Map<string, { count: number; error: boolean }>();
  const report: Report = (p: Problem) => {
    const seen = counts.get(p.ruleId) ?? { count: 0, error: false };
    seen.count++;
    seen.error ||= p.severity === 'error';
    counts.set(p.ruleId, seen);
    if (seen.count > MAX_PER_RULE) return;
    diagnostics.push(new Diagnostic({ reason: p.reason, file: p.file === undefined ? options.file : shownPath(p.file), ruleId: p.ruleId, severity: p.severity, place: p.place, cause: p.cause, source: 'import' }));
  };
  const hasErrors = (): boolean => diagnostics.some((d) => d.fatal) || [...counts.values()].some((c) => c.error);
  const listSuppressed = (): Diagnostic[] => {
    for (const [ruleId, { count, error }] of counts) {
      if (count <= MAX_PER_RULE) continue;
      diagnostics.push(
        new Diagnostic({ reason: `${count - MAX_PER_RULE} more \`${ruleId}\` problems are not listed; fix those above and import again`, file: options.file, ruleId, severity: error ? 'error' : 'warning', source: 'import' }),
      );
    }
    return diagnostics;
  };
  const failed = (): ImportResult => ({ tei: undefined, out: undefined, diagnostics: listSuppressed() });

  const decoded = decodeRecord(bytes);
  if (!decoded.ok) {
    report(decoded.problem);
    return failed();
  }
  const record = readRecord(decoded.text, report);
  if (hasErrors()) return failed();

  const turns = record.body.filter((b): b is TurnLine => b.kind === 'turn');
  const width = Math.max(3, String(turns.length).length);
  const turnId = (k: number): string => `sp-${String(k + 1).padStart(width, '0')}`;
  const ids = new IdAllocator(['translators', 'encoders', 'source', ...turns.map((_, k) => turnId(k)), ...record.notes.map((n) => `note-${n.n}`)]);
  const speakers = resolveSpeakers(record, ids, report);
  const places = readPlaces(record, ids);

  const body: DraftItem[] = [];
  let k = 0;
  for (const item of record.body) {
    if (item.kind === 'stage') {
      body.push({ kind: 'stage', content: parseInline([item.text], 'stage', `the stage direction at line ${item.text.line}`, report) });
      continue;
    }
    body.push({
      kind: 'turn',
      id: turnId(k++),
      who: speakers.who.get(item) ?? '',
      speaker: parseInline([item.label], 'speaker', `the label at line ${item.line}`, report),
      content: parseInline(item.speech, 'speech', `the turn at line ${item.line}`, report),
    });
  }
  const turnContents = body.flatMap((b) => (b.kind === 'turn' ? [b.content] : []));
  placeNotes(turnContents, record.notes, (note) => parseInline([note.text], 'plain', `note [${note.n}]`, report), report);
  turns.forEach((turn, i) => {
    // A paragraph whose only content is a note is empty to the project's rules (`no-empty`).
    if (turn.speech.length > 0 && !hasText(turnContents[i]!)) {
      report({ ruleId: 'import-empty-turn', severity: 'error', reason: `The turn \`${turn.label.text}:\` at line ${turn.line} has no words, only marks; expected what was said`, place: { line: turn.line, column: turn.label.column } });
    }
  });

  let head = record.head ? parseInline([record.head], 'plain', 'the heading', report) : undefined;
  const location = locationLine(record, places);
  const participantLines = (record.participants?.sides ?? []).map((side) => participantsLine(side, speakers, report));

  let copied: Draft['copied'] = [];
  if (options.registers) {
    const index = new NameIndex();
    copied = fillNameIndex(index, options.registers, speakers, places, ids, report);
    const lineOf = new Map(record.body.map((item, i) => [body[i]!, item.kind === 'turn' ? item.line : item.text.line]));
    if (head) head = tagNames(head, index, record.head!.line);
    for (const item of body) item.content = tagNames(item.content, index, lineOf.get(item) ?? 1);
    index.reportAmbiguous(report);
    copied = addUsedNames(index, speakers, places, copied);
  }
  if (hasErrors()) return failed();

  const out = path.resolve(options.out ?? path.join('tei', defaultFileName(record)));
  const citation = record.citation ? readCitation(record.citation.text, record.date) : undefined;
  const language = record.originalLanguage ? readLanguage(record.originalLanguage, report) : undefined;
  const time = record.time ? record.time.text.text.slice(record.time.valueOffset) : undefined;
  const timeSpan = time !== undefined ? parseTimeSpan(time) : undefined;
  const draft: Draft = {
    sourceName: path.basename(options.file),
    today: options.today ?? new Date().toISOString().slice(0, 10),
    schemaHref: path.relative(path.dirname(out), PROJECT_SCHEMA).split(path.sep).join('/'),
    title: record.title!.text,
    date: record.date,
    citation: citation?.parts,
    url: citation?.url,
    translators: citation?.translators ?? [],
    summary: record.summary.map((p) => p.text),
    credits: record.credits?.text,
    originalLanguage: language,
    contents: record.contents ? `Contents: ${record.contents.text}` : undefined,
    status: record.status?.text.replace(/^\((.*)\)\.?$/, '$1'),
    head,
    statusLine: record.status?.text,
    time: time !== undefined ? { label: record.time!.text.text.slice(0, record.time!.valueOffset), value: time, span: timeSpan } : undefined,
    setting: timeSpan ? { text: time!, span: timeSpan } : record.date ? { text: record.date.text, span: { when: record.date.iso } } : { text: time ?? '', span: undefined },
    location,
    participantLines,
    sides: speakers.sides,
    places,
    copied,
    body,
    noteResp: citation && citation.translators.length > 0 ? '#translators' : '#source',
    taggedFrom: options.registers?.map((f) => path.basename(f)),
    counts: {
      turns: turns.length,
      stages: body.filter((b) => b.kind === 'stage').length,
      notes: turnContents.flat().filter((n) => n.kind === 'note').length,
      pageBreaks: turnContents.reduce((sum, c) => sum + countPageBreaks(c), 0),
    },
  };
  return { tei: writeTei(draft), out, diagnostics: listSuppressed() };
}

/** `<date>-<slug of the title>.xml`, as the project names its files. */
export function defaultFileName(record: RecordModel): string {
  const iso = record.date?.iso ?? parseTimeSpan(record.time ? record.time.text.text.slice(record.time.valueOffset) : '')?.when?.slice(0, 10) ?? 'undated';
  return `${iso}-${slugify(record.title?.text ?? '', 60) || 'record'}.xml`;
}

/** A path as diagnostics show it: relative to the working directory where it is inside it. */
function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), path.resolve(file));
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
}

function readLanguage(piece: Piece, report: Report): Draft['originalLanguage'] {
  const code = languageCode(piece.text);
  if (code) return { text: `Original Language: ${piece.text}`, name: piece.text, code };
  report({
    ruleId: 'import-layout',
    severity: 'warning',
    reason: `The original language \`${piece.text}\` has no language code the import knows; \`textLang\` is left out of the header. Add it by hand with \`@mainLang\``,
    place: { line: piece.line, column: piece.column },
  });
  return undefined;
}

function hasText(nodes: Inline[]): boolean {
  return nodes.some((n) => (n.kind === 'text' ? n.value.trim() !== '' : n.kind === 'sic' || ((n.kind === 'supplied' || n.kind === 'stage' || n.kind === 'mention') && hasText(n.children))));
}

function countPageBreaks(nodes: Inline[]): number {
  let n = 0;
  for (const node of nodes) {
    if (node.kind === 'pb') n++;
    else if ('children' in node) n += countPageBreaks(node.children);
  }
  return n;
}
