import { createHash } from 'node:crypto';
import path from 'node:path';
import type { DocumentData, Edition, Entity, EntityRef, Mention, Note, Transformed, Unit, UnitData } from '../edition.ts';
import { transformedText } from '../transform/transform-tei.ts';
import { slugFor } from '../site/urls.ts';
import { collectEntries, type EntryLocation } from '../tei/entries.ts';
import type { TeiFile } from '../tei-file.ts';
import { composeText, countWords, keywordInContext } from './compose-text.ts';
import { parseOrdered } from './ordered-xml.ts';
import { readHeader, type HeaderData } from './read-header.ts';
import { Cache, detached, pipelineFingerprint, sha256 } from '../cache/cache.ts';
import { mapLimited } from '../workers/pool.ts';
import { readRegisters, type RegisterEntry } from './read-registers.ts';

interface FileHeader {
  header: HeaderData | undefined;
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

  // What a file's header and registers say is cached by its content, in two
  // parts: a file's register entries are read only if it is where one of
  // the edition's entries is defined (a corpus whose documents each carry
  // the same register defines each entry once, in the first of them).
  const headerCache = new Cache<FileHeader>('header');
  const registerCache = new Cache<RegisterEntry[]>('registers');
  const defining = new Set([...entries.values()].map((e) => e.file));
  const pipeline = await pipelineFingerprint();
  const keys = registerFiles.map((file) => sha256(pipeline, file.hash as string));
  const known = await mapLimited(keys, 16, (key) => headerCache.get(key));
  for (const [i, file] of registerFiles.entries()) {
    const key = keys[i] as string;
    const defines = defining.has(file);
    let facts = known[i];
    let registers = facts && defines ? await registerCache.get(key) : [];
    if (!facts || !registers) {
      const root = parseOrdered(file.text as string);
      facts = detached({ header: root ? readHeader(root) : undefined });
      registers = root ? detached(readRegisters(root)) : [];
      await headerCache.put(key, facts);
      await registerCache.put(key, registers);
    }
    const { header } = facts;
    if (!header) continue;
    headers.set(file, header);
    edition.headerLanguages.push(header.language);
    for (const entry of registers) {
      if (entries.get(entry.id)?.file === file && !registerData.has(entry.id)) registerData.set(entry.id, entry);
    }
  }

  const entities = new Map<string, Entity>();
  for (const [id, location] of entries) entities.set(id, makeEntity(location, registerData.get(id)));

  // A document's data and its mentions are cached by its transform, its
  // bytes, path and slug; the entry also records what the document read of
  // the registers (for each id it names: whether the entry exists, and its
  // name and page), and holds only while the registers still say the same.
  const documentCache = new Cache<CachedDocument>('document');
  const slugs = new Set<string>();
  const planned: Array<{ file: TeiFile; header: HeaderData; transformed: Transformed; slug: string; key: string }> = [];
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
    planned.push({ file, header, transformed, slug, key: sha256(transformed.key, pipeline, file.hash as string, file.path, slug) });
  }
  const lookup = (id: string): Lookup => {
    const e = entities.get(id);
    return e ? [id, e.name, e.href] : [id];
  };
  // What a cached document read of the registers, read again: the same? (A
  // lookup is its id, and the entry's name and page where there is one; each
  // compared as it is, rather than serialised, which took some 0.15 s of a
  // rebuild of 1,000 in a profile.)
  const sameLookup = (l: unknown): boolean => {
    if (!Array.isArray(l) || typeof l[0] !== 'string') return false;
    const now = lookup(l[0]);
    return now.length === l.length && now[1] === l[1] && now[2] === l[2];
  };
  const cachedDocuments = await mapLimited(planned, 16, (p) => documentCache.get(p.key));
  const documents: DocumentData[] = [];
  let composed = 0;
  for (const [i, { file, header, transformed, slug, key }] of planned.entries()) {
    let doc = cachedDocuments[i];
    cachedDocuments[i] = undefined;
    // (An entry of another shape, as a damaged cache might hold, is not used.)
    const usable = doc && Array.isArray(doc.lookups) && Array.isArray(doc.mentions) && Array.isArray(doc.data?.units) && Array.isArray(doc.data?.notes) && typeof doc.digests === 'object';
    const fresh = !usable || !doc?.lookups.every(sameLookup);
    if (fresh) doc = composeDocument(file, slug, header, await transformedText(transformed), lookup);
    const cached = doc as CachedDocument;
    const mentions = mentionsInContext(cached, header.title, lookup);
    if (fresh) {
      cached.digests = entryDigests(cached.data.units, mentions);
      composed++;
      await documentCache.put(key, cached);
    }
    for (const [id, mention] of mentions) entities.get(id)?.mentions.push(mention);
    edition.entryDigests.set(slug, cached.digests);
    const data: DocumentData = { ...headerData(header, lookup), ...cached.data, html: transformed.html, speeches: cached.data.units.filter((u) => u.n !== undefined) };
    if (data.html === undefined) edition.htmlKeys.set(slug, transformed.key);
    for (const sp of data.speeches) {
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
    documents.push(data);
    // What the document's data is made from: the key above (its transform,
    // given the registers' names and pages; its header, from its bytes; its
    // path and slug) and what it read of the registers.
    edition.documentKeys.set(slug, sha256(key, JSON.stringify(cached.lookups)));
  }
  edition.cacheStats.extract = { hits: documents.length - composed, misses: composed };

  edition.data = { documents, entities: orderEntities([...entities.values()]) };
}

type Lookup = [id: string, name?: string, href?: string];

interface CachedDocument {
  /** What the document read of the registers, in the order of first reading. */
  lookups: Lookup[];
  /**
   * The document's data, without its HTML, its speeches (its turns, which
   * are among its units) and what comes from its header (`headerData`),
   * which is cached with the header: on 1,000 generated documents the
   * header's part was some 9 KB of each entry's 40-60 KB.
   */
  data: Omit<DocumentData, 'html' | 'speeches' | keyof ReturnType<typeof headerData>>;
  /** Each mention, in the order of the text (see `mentionsInContext`). */
  mentions: MentionAt[];
  /** Per entry the document mentions or gives turns to: a hash of what the entry's page shows of the document (see `entryDigests`). */
  digests: Record<string, string>;
}

/**
 * Per entry the document mentions or gives turns to: a hash of all that the
 * entry's page shows of this document, in order: its mentions in context,
 * the entry's turns (anchor, number, words), and the numbers of the turns
 * that mention it with the document's count of turns (its sparkline). An
 * entry's key takes these hashes rather than what they are made from
 * (site/page-keys.ts), and they are cached with the document, so that a
 * rebuild need not serialise every mention and turn of the corpus to know
 * which entries changed (on 1,000 generated documents, the keys took some
 * 0.45 s of a rebuild's main thread in a profile when they did).
 */
function entryDigests(units: UnitData[], mentions: Array<[string, Mention]>): Record<string, string> {
  const parts = new Map<string, { mentions: Mention[]; turns: Array<[string, number | undefined, number]>; mentioning: number[] }>();
  const of = (id: string) => {
    let p = parts.get(id);
    if (!p) parts.set(id, (p = { mentions: [], turns: [], mentioning: [] }));
    return p;
  };
  for (const [id, m] of mentions) of(id).mentions.push(m);
  let turns = 0;
  for (const unit of units) {
    if (unit.n === undefined) continue;
    turns++;
    for (const id of unit.who) of(id).turns.push([unit.anchor, unit.n, unit.words]);
    for (const id of unit.mentions) of(id).mentioning.push(unit.n);
  }
  return Object.fromEntries([...parts].map(([id, p]) => [id, sha256(JSON.stringify([p.mentions, p.turns, p.mentioning, turns]))]));
}

/**
 * A mention of entry `id`: in unit `index` (from 0), or in note `-index - 1`,
 * from `start` to `end` of its text, or of its label's text (`label`, for a
 * mention in a turn's label).
 */
type MentionAt = [id: string, index: number, start: number, end: number, label?: string];

/** A document's mentions in context: the words around each, and where it is. */
function mentionsInContext(doc: CachedDocument, docTitle: string, lookup: (id: string) => Lookup): Array<[string, Mention]> {
  const { units, notes, slug } = doc.data;
  return doc.mentions.map(([id, index, start, end, label]): [string, Mention] => {
    const unit = index >= 0 ? units[index] : undefined;
    const note = index < 0 ? notes[-index - 1] : undefined;
    const context = keywordInContext(label ?? unit?.text ?? note?.text ?? '', start, end);
    const where = unit
      ? unit.n !== undefined
        ? unit.label || unit.who.map((w) => lookup(w)[1] ?? w).join(', ')
        : unitKindLabel(unit.kind)
      : `note ${note?.n}`;
    return [id, { doc: slug, docTitle, anchor: unit?.anchor ?? note?.id ?? '', where, before: context.before, text: context.match, after: context.after }];
  });
}

/**
 * A document's data: its header's, and its units and notes composed from the
 * transform's segments, each with the register entries it mentions; and
 * every mention in context. Every reading of the registers goes through
 * `lookup`, and is recorded.
 */
function composeDocument(file: TeiFile, slug: string, header: HeaderData, transformed: { units: Unit[]; notes: Note[] }, lookup: (id: string) => Lookup): CachedDocument {
  const lookups = new Map<string, Lookup>();
  const look = (id: string): Lookup => {
    let l = lookups.get(id);
    if (!l) lookups.set(id, (l = lookup(id)));
    return l;
  };
  const exists = (id: string): boolean => look(id).length > 1;
  const resolve = (ref: string): string[] =>
    ref
      .split(/\s+/)
      .filter(Boolean)
      .map((t) => (t.startsWith('#') ? t.slice(1) : t))
      .filter(exists);
  const sideOf = new Map<string, string>();
  for (const side of header.sides) for (const id of side.ids) sideOf.set(id, side.name);
  const mentions: MentionAt[] = [];

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
    const index = units.length;
    units.push(data);
    // A turn without a label is placed by its speakers' names, which are read here.
    if (isTurn && !label && (composed.mentions.length || composedLabel.mentions.length)) for (const w of unit.who) look(w);
    // Mentions in the label ("Chairman (to Mukhitdinov)") are shown in the label's context.
    for (const m of composedLabel.mentions) for (const id of m.ids) if (exists(id)) mentions.push([id, index, m.start, m.end, composedLabel.source]);
    for (const m of composed.mentions) for (const id of m.ids) if (exists(id)) mentions.push([id, index, m.start, m.end]);
  }
  const notes = transformed.notes.map((note, n) => {
    const composed = composeText(note.segments, resolve);
    for (const m of composed.mentions) for (const id of m.ids) if (exists(id)) mentions.push([id, -n - 1, m.start, m.end]);
    return { n: note.n, id: note.id, anchor: note.anchor, text: composed.source, mentions: [...new Set(composed.mentions.flatMap((m) => m.ids))] };
  });

  // (What the header gives is read here too, so that the entries it names are among the lookups.)
  headerData(header, look);
  const bytes = file.bytes as Uint8Array;
  const words = units.reduce((n, u) => n + (u.n !== undefined ? u.words : 0), 0);
  const data: CachedDocument['data'] = {
    slug,
    fileName: path.basename(file.path),
    units,
    notes,
    words,
    tei: { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), path: file.path },
  };
  return { lookups: [...lookups.values()], data, mentions, digests: {} };
}

/** A document's data from its header, with the register entries it names (places, sides) looked up. */
function headerData(header: HeaderData, lookup: (id: string) => Lookup) {
  const ref = (id: string): EntityRef => {
    const [, name, href] = lookup(id);
    return { id, name: name ?? id, href };
  };
  return {
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
  };
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
