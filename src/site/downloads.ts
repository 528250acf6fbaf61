import { mentionsIn } from '../analytics/compute.ts';
import type { DocumentData, Entity } from '../edition.ts';
import { REGISTER_SEGMENTS } from './urls.ts';

/**
 * The data downloads of one document. The TEI itself is copied byte for
 * byte; these are derived from it.
 */

/** Plain text: a short header, then `Speaker: text` for each turn, blocks as they are, then the notes. */
export function plainText(doc: DocumentData, pageUrl: string): string {
  const lines = [doc.title, ''];
  if (doc.source.citation) lines.push(`Source: ${doc.source.citation}`);
  if (doc.translators.length) lines.push(`Translated by ${doc.translators.join(' and ')}`);
  lines.push(`Edition: ${pageUrl}`, '');
  for (const unit of doc.units) lines.push(unit.n !== undefined ? `${unit.label || unit.who.join(', ')}: ${unit.text}` : unit.text, '');
  if (doc.notes.length) {
    lines.push('Notes', '');
    for (const note of doc.notes) lines.push(`[${note.n}] ${note.text}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** JSON: the metadata, every turn (speaker, text, persons mentioned), and the registers of what the document mentions. */
export function documentJson(doc: DocumentData, entities: Entity[], pageUrl: string): string {
  const mentioned = new Set(doc.units.flatMap((u) => u.mentions));
  for (const side of doc.sides) for (const p of side.persons) mentioned.add(p.id);
  const registers: Record<string, unknown[]> = {};
  for (const kind of Object.keys(REGISTER_SEGMENTS) as Array<keyof typeof REGISTER_SEGMENTS>) {
    registers[REGISTER_SEGMENTS[kind]] = entities
      .filter((e) => e.kind === kind && mentioned.has(e.id))
      .map((e) => ({
        id: e.id,
        name: e.name,
        variants: e.variants,
        originalNames: e.originals,
        birth: e.birth ?? null,
        death: e.death ?? null,
        date: e.when ?? (e.from || e.to ? { from: e.from ?? null, to: e.to ?? null } : null),
        role: e.role ?? null,
        identifiers: e.idnos.map((i) => ({ type: i.type, value: i.value })),
        participant: e.participant,
        side: e.side ?? null,
        mentions: mentionsIn(entities, e.id, doc.slug),
      }));
  }
  const kindOf = new Map(entities.map((e) => [e.id, e.kind]));
  return (
    JSON.stringify(
      {
        metadata: {
          id: doc.slug,
          title: doc.title,
          date: doc.date,
          places: doc.places.map((p) => p.id),
          participants: doc.sides.map((s) => ({ side: s.name, persons: s.persons.map((p) => p.id) })),
          source: doc.source,
          translators: doc.translators,
          abstract: doc.abstract ?? null,
          language: doc.language ?? null,
          url: pageUrl,
          tei: { file: doc.fileName, bytes: doc.tei.bytes, sha256: doc.tei.sha256 },
        },
        speeches: doc.speeches.map((s) => ({
          id: s.anchor,
          n: s.n,
          speaker: s.label,
          who: s.who,
          side: s.side ?? null,
          text: s.text,
          words: s.words,
          persons: s.mentions.filter((id) => kindOf.get(id) === 'person'),
          mentions: s.mentions,
        })),
        notes: doc.notes,
        registers,
      },
      null,
      2,
    ) + '\n'
  );
}

const CSV_COLUMNS = ['id', 'n', 'speaker', 'who', 'side', 'words', 'persons_mentioned', 'url', 'text'];

/**
 * CSV of the turns (RFC 4180, UTF-8, CRLF). A cell that a spreadsheet would
 * run as a formula (starting with = + - @) is prefixed with an apostrophe.
 */
export function speechesCsv(doc: DocumentData, entities: Entity[], pageUrl: string): string {
  const kindOf = new Map(entities.map((e) => [e.id, e.kind]));
  const rows = [CSV_COLUMNS];
  for (const s of doc.speeches) {
    rows.push([
      s.anchor,
      String(s.n ?? ''),
      s.label,
      s.who.join(' '),
      s.side ?? '',
      String(s.words),
      s.mentions.filter((id) => kindOf.get(id) === 'person').join(' '),
      `${pageUrl}#${s.anchor}`,
      s.text,
    ]);
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}
