import { createHash } from 'node:crypto';
import path from 'node:path';
import type { DocumentData, Edition, Entity, EntityRef, Mention, UnitData } from '../edition.ts';
import { slugFor } from '../site/urls.ts';
import { collectEntries, type EntryLocation } from '../tei/entries.ts';
import type { TeiFile } from '../tei-file.ts';
import { composeText, countWords, keywordInContext } from './compose-text.ts';
import { parseOrdered } from './ordered-xml.ts';
import { readHeader, type HeaderData } from './read-header.ts';
import { Cache, detached, pipelineFingerprint, sha256 } from '../cache/cache.ts';
import { mapLimited } from '../workers/pool.ts';
import { readRegisters, type RegisterEntry } from './read-registers.ts';

interface FileFacts {
  header: HeaderData | undefined;
  registers: RegisterEntry[];
}

/**
 * The extract stage: turns each document's header and registers into data
 * (fast-xml-parser), joins them with the text units from the transform stage,
 * and merges the registers of all documents, with every mention in context.
 */
export async function extractData(edition: Edition): Promise<void> {
  // Documents come from the transformed files; registers from every readable
  // file (in a shard build, files of other shards lend their registers too).
  const files = edition.files.filter((f) => edition.transformed.has(f));
  // Text is decoded only for a file whose facts are not cached.
  const registerFiles = edition.files.filter((f) => f.wellFormed);
  const entries = edition.entries ?? collectEntries(registerFiles);
  const registerData = new Map<string, RegisterEntry>();
  const headers = new Map<TeiFile, ReturnType<typeof readHeader>>();

  // What a file's header and registers say is cached by its content.
  const cache = new Cache<FileFacts>('extract');
  const context = await pipelineFingerprint();
  const keys = registerFiles.map((file) => sha256(context, file.hash as string));
  const known = await mapLimited(keys, 16, (key) => cache.get(key));
  for (const [i, file] of registerFiles.entries()) {
    const key = keys[i] as string;
    let facts = known[i];
    if (!facts) {
      const root = parseOrdered(file.text as string);
      facts = detached(root ? { header: readHeader(root), registers: readRegisters(root) } : { header: undefined, registers: [] });
      await cache.put(key, facts);
    }
    const { header } = facts;
    if (!header) continue;
    headers.set(file, header);
    edition.headerLanguages.push(header.language);
    for (const entry of facts.registers) {
      if (entries.get(entry.id)?.file === file && !registerData.has(entry.id)) registerData.set(entry.id, entry);
    }
  }

  const entities = new Map<string, Entity>();
  for (const [id, location] of entries) entities.set(id, makeEntity(location, registerData.get(id)));

  const resolve = (ref: string): string[] =>
    ref
      .split(/\s+/)
      .filter(Boolean)
      .map((t) => (t.startsWith('#') ? t.slice(1) : t))
      .filter((id) => entities.has(id));

  const documents: DocumentData[] = [];
  const slugs = new Set<string>();
  for (const file of files) {
    const header = headers.get(file);
    const transformed = edition.transformed.get(file);
    // A teiCorpus root that only includes its members lends them its
    // registers; it is not a document of its own.
    if (!header || !transformed || transformed.texts === 0) continue;
    const stem = slugFor(path.basename(file.path).replace(/\.(xml|tei|odd)$/i, ''));
    let slug = stem;
    // Case-insensitively distinct, so that the site also unpacks on macOS and Windows.
    for (let i = 2; slugs.has(slug.toLowerCase()); i++) slug = `${stem}-${i}`;
    slugs.add(slug.toLowerCase());

    const sideOf = new Map<string, string>();
    for (const side of header.sides) for (const id of side.ids) sideOf.set(id, side.name);
    const ref = (id: string): EntityRef => {
      const e = entities.get(id);
      return { id, name: e?.name ?? id, href: e?.href };
    };

    let turn = 0;
    const units: UnitData[] = [];
    for (const unit of transformed.units) {
      const composed = composeText(unit.segments, resolve);
      const composedLabel = composeText(unit.labelSegments, resolve);
      const isTurn = unit.kind === 'sp' || unit.kind === 'u';
      if (isTurn) turn++;
      const label = unit.label.replace(/\s+/g, ' ').trim();
      const data: UnitData = {
        anchor: unit.anchor,
        kind: unit.kind,
        n: isTurn ? turn : undefined,
        who: unit.who,
        label,
        side: unit.who.map((w) => sideOf.get(w)).find(Boolean),
        text: composed.source,
        words: countWords(composed.reading),
        mentions: [...new Set([...composedLabel.mentions, ...composed.mentions].flatMap((m) => m.ids))],
      };
      units.push(data);
      // Mentions in the label ("Chairman (to Mukhitdinov)") are shown in the label's context.
      const inContext = [
        ...composedLabel.mentions.map((m) => ({ m, text: composedLabel.source })),
        ...composed.mentions.map((m) => ({ m, text: composed.source })),
      ];
      for (const { m, text } of inContext) {
        const context = keywordInContext(text, m.start, m.end);
        for (const id of m.ids) {
          entities.get(id)?.mentions.push({
            doc: slug,
            docTitle: header.title,
            anchor: unit.anchor,
            where: isTurn ? label || unit.who.map((w) => entities.get(w)?.name ?? w).join(', ') : unitKindLabel(unit.kind),
            before: context.before,
            text: context.match,
            after: context.after,
          });
        }
      }
    }
    const notes = transformed.notes.map((note) => {
      const composed = composeText(note.segments, resolve);
      for (const m of composed.mentions) {
        const context = keywordInContext(composed.source, m.start, m.end);
        for (const id of m.ids) {
          entities.get(id)?.mentions.push({ doc: slug, docTitle: header.title, anchor: note.id, where: `note ${note.n}`, before: context.before, text: context.match, after: context.after });
        }
      }
      return { n: note.n, id: note.id, anchor: note.anchor, text: composed.source, mentions: [...new Set(composed.mentions.flatMap((m) => m.ids))] };
    });

    const speeches = units.filter((u) => u.n !== undefined);
    for (const sp of speeches) {
      for (const who of sp.who) {
        const e = entities.get(who);
        if (!e) continue;
        e.speeches ??= { count: 0, words: 0, anchors: [] };
        e.speeches.count++;
        e.speeches.words += sp.words;
        e.speeches.anchors.push({ doc: slug, anchor: sp.anchor, n: sp.n, words: sp.words });
      }
    }
    for (const side of header.sides) {
      for (const id of side.ids) {
        const e = entities.get(id);
        if (e) {
          e.participant = true;
          e.side ??= side.name;
        }
      }
    }

    const bytes = file.bytes as Uint8Array;
    documents.push({
      slug,
      fileName: path.basename(file.path),
      title: header.title,
      subtitle: header.subtitle,
      date: header.date,
      places: header.placeRefs.map(ref),
      sides: header.sides.map((s) => ({ n: s.n, name: s.name, persons: s.ids.map(ref) })),
      source: header.source,
      translators: header.translators,
      encoders: header.encoders,
      abstract: header.abstract,
      availability: header.availability,
      editorial: header.editorial,
      revisions: header.revisions,
      language: header.language,
      html: transformed.html,
      units,
      notes,
      speeches,
      words: speeches.reduce((n, s) => n + s.words, 0),
      tei: { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), path: file.path },
    });
  }

  edition.data = { documents, entities: orderEntities([...entities.values()]) };
}

function makeEntity(location: EntryLocation, data: RegisterEntry | undefined): Entity {
  return {
    id: location.id,
    kind: location.kind,
    slug: location.slug,
    href: location.href,
    name: data?.name ?? location.id,
    variants: data?.variants ?? [],
    originals: data?.originals ?? [],
    birth: data?.birth,
    death: data?.death,
    from: data?.from,
    to: data?.to,
    when: data?.when,
    role: data?.role,
    idnos: (data?.idnos ?? []).map((i) => ({ ...i, url: authorityUrl(i.type, i.value) })),
    side: undefined,
    participant: false,
    mentions: [] as Mention[],
    speeches: undefined,
  };
}

/** A link for an authority identifier, where its form is known and safe. */
function authorityUrl(type: string, value: string): string | undefined {
  if (type === 'wikidata' && /^Q[1-9][0-9]*$/.test(value)) return `https://www.wikidata.org/wiki/${value}`;
  if (type === 'viaf' && /^[0-9]+$/.test(value)) return `https://viaf.org/viaf/${value}/`;
  if (type === 'URI' && /^https?:\/\/[^\s"'<>]+$/.test(value)) return value;
  return undefined;
}

function unitKindLabel(kind: string): string {
  return { head: 'heading', stage: 'stage direction', p: 'paragraph', ab: 'line' }[kind] ?? kind;
}

/** Participants first (by side, in list order), then everyone else by name. */
export function orderEntities(list: Entity[]): Entity[] {
  const order = new Map(list.map((e, i) => [e, i]));
  return list.sort((a, b) => {
    if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
    if (a.participant !== b.participant) return a.participant ? -1 : 1;
    if (a.participant) return (order.get(a) ?? 0) - (order.get(b) ?? 0);
    return a.name.localeCompare(b.name, 'en', { sensitivity: 'base' });
  });
}
