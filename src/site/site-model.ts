import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DocumentData, Edition, Entity } from '../edition.ts';
import { PROJECT_SCHEMA } from '../project.ts';
import { outlineSchema } from '../validate/schema-outline.ts';
import { RULES } from '../validate/rules/index.ts';
import { Cache, pipelineFingerprint, sha256 } from '../cache/cache.ts';
import { mapLimited, nextTurn } from '../workers/pool.ts';
import { documentHtml } from '../transform/transform-tei.ts';
import { coMentionNetworkSvg, mentionsOverTimeSvg, sparklineSvg, timelineSvg, wordsPerSpeakerSvg } from '../analytics/charts.ts';
import { CSV_HEADERS, csvTable, type DocumentStats } from '../analytics/compute.ts';
import { documentStats, fullStats, type StatsSummary, type StatsWithRows } from '../analytics/stats-cache.ts';
import { citeDocument, documentItem, speakerNames, speechItem, type Citations } from './citations.ts';
import { documentJson, plainText, speechesCsv } from './downloads.ts';
import { citePath, documentPath, glancePath, REGISTER_SEGMENTS, REGISTER_TITLES, registerPath, rootFrom, type EntityKind } from './urls.ts';

/** A file the site offers for download, with the figures the Data page shows. */
export interface DownloadFile {
  /** Path from the site root: `data/x.xml`. */
  href: string;
  label: string;
  format: string;
  bytes: number;
  sha256: string;
  content: Uint8Array;
}

/** A download as the pages list it: its figures, without its bytes. */
export type ListedFile = Omit<DownloadFile, 'content'>;

/**
 * A document as the pages that list the whole edition show it: its data,
 * where its pages are, its speaker analytics, and its downloads' figures
 * (filled in once its view has been made).
 */
export interface DocumentSummary extends DocumentData {
  path: string;
  citePath: string;
  url: string;
  /** Speaker analytics and their pictures (SVG, made at build time). */
  glancePath: string;
  /** What the pages that list the whole edition take of its analytics. */
  stats: StatsSummary;
  /** The key of its analytics in the cache (analytics/stats-cache.ts), if they have one. */
  statsKey: string | undefined;
  files: ListedFile[];
}

/** A document as its own pages show it: with its citations, downloads and pictures. */
export interface DocumentView extends Omit<DocumentSummary, 'files' | 'html' | 'stats'> {
  html: string;
  /** Its speaker analytics, in full. */
  stats: DocumentStats;
  citations: Citations;
  speechCitations: Array<{ anchor: string; n: number | undefined; label: string; citations: Citations }>;
  files: DownloadFile[];
  metaTags: Array<{ name: string; content: string }>;
  jsonLd: string;
  sourceUrl: string | undefined;
  charts: { timeline: string; timelineOnGlance: string; words: string; mentions: string; network: string };
}

export interface EntityView extends Entity {
  path: string;
  kindTitle: string;
  registerPath: string;
  dates: string | undefined;
  /** Mentions per document, for the entity page. */
  mentionGroups: Array<{ doc: string; docTitle: string; docPath: string; mentions: Entity['mentions'] }>;
  /**
   * Turns per document, for the entity page: in an edition of several
   * documents, "Turn 3" says where a turn is only under its document's title.
   */
  speechGroups: Array<{ doc: string; docTitle: string; docPath: string; words: number; speeches: NonNullable<Entity['speeches']>['anchors'] }>;
  /**
   * For persons mentioned in speeches: a sparkline of their mentions over
   * each conversation, drawn from the numbers of the turns that mention them
   * (`svg`, by `drawSparklines`) only for a page that is rendered.
   */
  sparklines: Array<{ doc: string; docTitle: string; glancePath: string; turns: number; mentioningTurns: number; turnNumbers: number[]; svg?: string }>;
  /**
   * For an entry in more documents than a page holds
   * (`ENTRY_DOCUMENTS_PER_PAGE`): its documents, a page of them at a time.
   * Its own page then lists every document with its figures, and each page
   * of documents (`entryPage`) shows their turns, sparklines and mentions.
   */
  parts?: EntryPart[] | undefined;
  /** On a page of an entry's documents: which one (`partPlace`): its place, the count of pages and documents, and its neighbours' paths. */
  part?: (Omit<EntryPart, 'docs'> & { of: number; documents: number; previous: string | undefined; next: string | undefined }) | undefined;
  /** On a page of an entry's documents: each document, with the entry's turns, sparkline and mentions in it. */
  partDocs?: EntryPartDoc[] | undefined;
}

export type EntryPartDoc = EntryPart['docs'][number] & {
  turnList: NonNullable<Entity['speeches']>['anchors'];
  sparkline: EntityView['sparklines'][number] | undefined;
  kwic: Entity['mentions'];
};

/** A page of an entry's documents: its number (from 1), path, and the documents with the entry's figures in each. */
export interface EntryPart {
  n: number;
  path: string;
  /** The place of its first and last document among the entry's (from 1). */
  first: number;
  last: number;
  /** "Documents 51–100", or "Document 101" for one. */
  label: string;
  docs: Array<{ slug: string; title: string; docPath: string; turns: number; words: number; mentions: number }>;
}

/**
 * Documents on one page of a register entry. An entry in more documents
 * than this has a page of its own with a table of them, and a page for each
 * fifty of them with their turns and mentions: on the 1,000 generated
 * documents, Mao Zedong's page was 4.7 MB in one piece, and was rendered
 * again whenever a document's mention of him changed.
 */
export const ENTRY_DOCUMENTS_PER_PAGE = 50;

export interface RegisterView {
  kind: EntityKind;
  title: string;
  path: string;
  groups: Array<{ title: string; entities: EntityView[] }>;
  count: number;
}

/**
 * What every page is given. The documents are summaries: a document's own
 * pages are given its view (`documentViews`), made a batch at a time while
 * the site is rendered, so that the views of the whole corpus (their
 * citations, pictures and downloads: most of the model's memory) are never
 * held at once.
 */
export interface SiteModel {
  meta: { title: string; version: string; built: string; base: string; siteUrl: string };
  /** Other shards' search indexes for the search page to merge (empty for a site built in one piece). */
  searchBundles: Array<{ path: string; language: string }>;
  documents: DocumentSummary[];
  registers: RegisterView[];
  entities: EntityView[];
  schema: {
    elements: Array<{ name: string; docs: string[]; attributes: string[]; required: string[]; children: string[] }>;
    rules: Array<{ id: string; severity: string; description: string }>;
  };
  /** Files for every document at once: the schema, the analytics and the zip (listed once the zip is made). */
  files: ListedFile[];
  /** Every page's path, for the sitemap. */
  pages: string[];
  /**
   * Per document (by slug) whose editorial declaration is the same as an
   * earlier document's: that document's title and the About page's anchor
   * of its declaration, which the About page gives once (for the 1,000
   * documents of the generated corpus, the page went from 7.6 MB to 2.5 MB).
   */
  editorialSameAs: Record<string, { title: string; anchor: string }>;
}

/** Documents between two turns of the event loop while the model is made. */
const YIELD_EVERY = 50;

export const ZIP_HREF = 'data/colloquy-edition.zip';
export const ZIP_LABEL = 'Everything above, in one zip';
const SCHEMA_HREF = 'data/colloquy.rng';

/**
 * Turns the extracted data into what the pages that list the whole edition
 * show, and the files for the whole edition (the schema and the analytics
 * tables, whose bytes go into the zip after every document's).
 */
export async function buildSiteModel(edition: Edition): Promise<{ model: SiteModel; sharedFiles: DownloadFile[] }> {
  const data = edition.data;
  if (!data) throw new Error('buildSiteModel needs the extract stage to have run');
  const { siteUrl, base, version, now } = edition.options;
  const titles = new Map(data.documents.map((d) => [d.slug, d.title]));
  const entities = data.entities.map((e) => toEntityView(e, titles));
  const byId = new Map(entities.map((e) => [e.id, e]));
  const documents: DocumentSummary[] = [];
  const rows: Array<StatsWithRows['rows']> = [];
  const writes: Array<Promise<void>> = [];
  let statsHits = 0;
  for (const doc of data.documents) {
    const docPath = documentPath(doc.slug);
    const { made, key, cached } = await documentStats(doc, edition.documentKeys.get(doc.slug), byId, writes);
    rows.push(made.rows);
    statsHits += cached ? 1 : 0;
    documents.push({ ...doc, path: docPath, citePath: citePath(doc.slug), url: `${siteUrl}${docPath}`, glancePath: glancePath(doc.slug), stats: made.summary, statsKey: key, files: [] });
    // The index stage runs beside this one: its reading of the cache and its
    // messages to Pagefind's thread wait for this thread's event loop (on
    // 1,000 documents, the model took most of a second of it in a profile).
    if (documents.length % YIELD_EVERY === 0) await nextTurn();
  }
  // Sparklines, in corpus order (see drawSparklines).
  for (const { stats, slug, title, glancePath } of documents) {
    for (const p of stats.persons) {
      const e = byId.get(p.id);
      if (!e || p.turnNumbers.length === 0) continue;
      e.sparklines.push({ doc: slug, docTitle: title, glancePath, turns: stats.turns, mentioningTurns: p.turnNumbers.length, turnNumbers: p.turnNumbers });
    }
  }

  // Entries in more documents than a page holds are split (see EntryPart).
  const place = new Map(documents.map((d, i) => [d.slug, i]));
  const perPage = edition.options.entryDocumentsPerPage ?? ENTRY_DOCUMENTS_PER_PAGE;
  for (const e of entities) e.parts = entryParts(e, place, perPage);

  await Promise.all(writes);
  edition.cacheStats.stats = { hits: statsHits, misses: documents.length - statsHits };
  const schemaText = await fs.readFile(PROJECT_SCHEMA);
  const sharedFiles = [
    download(SCHEMA_HREF, 'The project schema (RELAX NG)', 'RNG', schemaText),
    download('data/speakers.csv', 'CSV: per speaker and document, turns, words, share, mean and longest turn', 'CSV', csvTable(CSV_HEADERS.speakers, rows.map((r) => r.speakers))),
    download('data/persons-mentioned.csv', 'CSV: persons mentioned, with their speeches and who mentions them', 'CSV', csvTable(CSV_HEADERS.persons, rows.map((r) => r.persons))),
    download('data/co-mentions.csv', 'CSV: pairs of persons mentioned in the same speech', 'CSV', csvTable(CSV_HEADERS.coMentions, rows.map((r) => r.coMentions))),
  ];

  const outline = outlineSchema(schemaText.toString('utf8'), PROJECT_SCHEMA);
  const schema = {
    elements: [...outline.elements.entries()]
      .map(([key, e]) => ({
        name: key.slice(key.indexOf('}') + 1),
        docs: e.docs,
        attributes: [...e.attributes].map(attributeName).sort(),
        required: [...e.required].map(attributeName).sort(),
        children: [...e.children].map((c) => c.slice(c.indexOf('}') + 1)).sort(),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    rules: RULES.map((r) => ({ id: r.id, severity: r.severity, description: r.description })),
  };

  const registers = (Object.keys(REGISTER_SEGMENTS) as EntityKind[]).map((kind) => registerView(kind, entities));
  const pages = [
    '',
    'documents/',
    ...documents.flatMap((d) => [d.path, d.citePath, d.glancePath]),
    ...registers.map((r) => r.path),
    ...entities.flatMap((e) => [e.path, ...(e.parts ?? []).map((p) => p.path)]),
    'data/',
    'about/',
    'schema/',
    'encoding/',
    'search/',
  ];
  const model: SiteModel = {
    meta: { title: 'Colloquy', version, built: now.toISOString().slice(0, 10), base, siteUrl },
    searchBundles: edition.searchBundles,
    documents,
    registers,
    entities,
    schema,
    files: [],
    pages,
    editorialSameAs: editorialSameAs(documents),
  };
  return { model, sharedFiles };
}

/** See SiteModel.editorialSameAs; the anchor is the About page's (`editorial-<n>`, n counting documents from 1). */
function editorialSameAs(documents: DocumentSummary[]): SiteModel['editorialSameAs'] {
  const first = new Map<string, number>();
  const same: SiteModel['editorialSameAs'] = {};
  documents.forEach((doc, i) => {
    if (doc.editorial.length === 0) return;
    const text = JSON.stringify(doc.editorial);
    const earlier = first.get(text);
    if (earlier === undefined) first.set(text, i);
    else same[doc.slug] = { title: (documents[earlier] as DocumentSummary).title, anchor: `editorial-${earlier + 1}` };
  });
  return same;
}

/**
 * Makes the views of some documents for their own pages: citations of the
 * document and of each turn, downloads, pictures and metadata. Several
 * documents at a time: most of a document's time here is reading its cached
 * citations and charts and its TEI. Results keep the order of `documents`.
 */
export async function documentViews(edition: Edition, model: SiteModel, documents: DocumentSummary[]): Promise<DocumentView[]> {
  const { now } = edition.options;
  const byId = new Map(model.entities.map((e) => [e.id, e]));
  const citationCache = new Cache<ReturnType<typeof citeDocument>>('citations');
  const chartCache = new Cache<DocumentView['charts']>('charts');
  return mapLimited(documents, 8, async (summary): Promise<DocumentView> => {
    const { files: _listed, stats: _summary, statsKey, ...doc } = summary;
    const url = doc.url;
    const turns = doc.speeches.map((unit) => ({ unit, speakers: speakerNames(unit, byId) }));
    // citeproc costs tens of milliseconds a document: its output is cached by what it is given.
    const citeKey = sha256(await pipelineFingerprint(), JSON.stringify([documentItem(doc, url), turns.map((t) => speechItem(doc, t.unit, t.speakers, url))]));
    let cited = await citationCache.get(citeKey);
    if (!cited) {
      cited = citeDocument(doc, url, turns);
      await citationCache.put(citeKey, cited);
    }
    const citations = cited.document;
    const speechCitations = doc.speeches.map((s, i) => ({ anchor: s.anchor, n: s.n, label: s.label || s.who.map((w) => byId.get(w)?.name ?? w).join(', '), citations: cited.turns[i] as Citations }));
    const tei = await fs.readFile(doc.tei.path);
    const html = await documentHtml(edition, doc);
    const files = [
      download(`data/${doc.slug}.xml`, 'TEI XML (canonical, byte for byte)', 'TEI', tei),
      download(`data/${doc.slug}.txt`, 'Plain text', 'TXT', plainText(doc, url)),
      download(`data/${doc.slug}.json`, 'JSON: metadata, speeches, registers', 'JSON', documentJson(doc, edition.data?.entities ?? [], url)),
      download(`data/${doc.slug}.csv`, 'CSV of speeches', 'CSV', speechesCsv(doc, edition.data?.entities ?? [], url)),
    ];
    files.push(
      download(`data/${doc.slug}.bib`, 'BibTeX citation', 'BibTeX', citations.bibtex),
      download(`data/${doc.slug}.ris`, 'RIS citation', 'RIS', citations.ris),
      download(`data/${doc.slug}.csl.json`, 'CSL-JSON citation', 'CSL-JSON', citations.cslJson),
    );
    const stats = await fullStats(doc, statsKey, byId);
    const fromGlance = rootFrom(doc.glancePath);
    const onGlance = { href: (a: string) => `../#${a}`, id: `${doc.slug}-timeline` };
    const entityHref = (id: string): string | undefined => (byId.get(id) ? `${fromGlance}${(byId.get(id) as EntityView).path}` : undefined);
    // The network's layout is a force simulation (some milliseconds a
    // document): the pictures are cached by what they are drawn from.
    const chartKey = sha256(await pipelineFingerprint(), doc.slug, JSON.stringify(stats), JSON.stringify(stats.persons.map((p) => entityHref(p.id))));
    let charts = await chartCache.get(chartKey);
    if (!charts) {
      charts = {
        timeline: timelineSvg(stats, { href: (a) => `#${a}`, id: 'timeline' }),
        timelineOnGlance: timelineSvg(stats, { ...onGlance, id: 'timeline' }),
        words: wordsPerSpeakerSvg(stats, { ...onGlance, id: 'words' }),
        mentions: mentionsOverTimeSvg(stats, { ...onGlance, id: 'mentions' }),
        network: coMentionNetworkSvg(stats, { ...onGlance, id: 'network' }, entityHref),
      };
      await chartCache.put(chartKey, charts);
    }
    files.push(download(`data/${doc.slug}-analytics.json`, 'JSON: speaker analytics (turns, words, mentions, co-mentions)', 'JSON', JSON.stringify(stats, null, 1)));
    return {
      ...doc,
      stats,
      statsKey,
      html,
      charts,
      citations,
      speechCitations,
      files,
      metaTags: metaTags(doc, url, now),
      jsonLd: jsonLd(doc, url, byId),
      sourceUrl: safeHttpUrl(doc.source.url),
    };
  });
}

/**
 * Draws an entry's sparklines (their ids count up on its page), for its page
 * to be rendered. Drawn for every entry, they made 16,036 pictures a build
 * for the generated 1,000 documents (counted in their analytics downloads),
 * and every entry's page key read them all.
 */
export function drawSparklines(e: EntityView): void {
  e.sparklines.forEach((s, i) => (s.svg ??= sparklineSvg(s.turnNumbers, s.turns, { id: `spark-${i + 1}`, label: e.name })));
}

/**
 * An entry's documents in pages of `perPage`, in the corpus's order (`place`:
 * each document's place in it, by slug); undefined if they fit on one.
 */
function entryParts(e: EntityView, place: Map<string, number>, perPage: number): EntryPart[] | undefined {
  // (Its documents are at most as many as its groups and sparklines: most entries need no count.)
  if (e.speechGroups.length + e.mentionGroups.length + e.sparklines.length <= perPage) return undefined;
  const docs = new Map<string, EntryPart['docs'][number]>();
  const of = (slug: string, title: string, docPath: string) => {
    let d = docs.get(slug);
    if (!d) docs.set(slug, (d = { slug, title, docPath, turns: 0, words: 0, mentions: 0 }));
    return d;
  };
  for (const g of e.speechGroups) Object.assign(of(g.doc, g.docTitle, g.docPath), { turns: g.speeches.length, words: g.words });
  for (const g of e.mentionGroups) of(g.doc, g.docTitle, g.docPath).mentions = g.mentions.length;
  for (const s of e.sparklines) of(s.doc, s.docTitle, documentPath(s.doc));
  if (docs.size <= perPage) return undefined;
  const ordered = [...docs.values()].sort((a, b) => (place.get(a.slug) ?? Infinity) - (place.get(b.slug) ?? Infinity));
  const parts: EntryPart[] = [];
  for (let i = 0; i < ordered.length; i += perPage) {
    const n = parts.length + 1;
    const [first, last] = [i + 1, Math.min(i + perPage, ordered.length)];
    const label = first === last ? `Document ${first.toLocaleString('en-US')}` : `Documents ${first.toLocaleString('en-US')}–${last.toLocaleString('en-US')}`;
    parts.push({ n, path: `${e.path}part-${n}/`, first, last, label, docs: ordered.slice(i, i + perPage) });
  }
  return parts;
}

/** The pages of a register entry, by number: 0 for its own, and from 1 its pages of documents (if it is split into them). */
export function entryPageNumbers(e: EntityView): number[] {
  return [0, ...(e.parts ?? []).map((p) => p.n)];
}

/** Where page `n` (from 1) of an entry's documents is among them: what its page shows of its place. */
export function partPlace(e: EntityView, n: number): NonNullable<EntityView['part']> {
  const parts = e.parts ?? [];
  const part = parts[n - 1];
  if (!part) throw new Error(`${e.id} has no page of documents ${n}`);
  const { docs: _docs, ...place } = part;
  return { ...place, of: parts.length, documents: (parts[parts.length - 1] as EntryPart).last, previous: parts[n - 2]?.path, next: parts[n]?.path };
}

const partIndexes = new WeakMap<EntityView, { speeches: Map<string, EntityView['speechGroups'][number]>; mentions: Map<string, EntityView['mentionGroups'][number]>; sparklines: Map<string, EntityView['sparklines'][number]> }>();

/**
 * A page of a register entry, as a view (`entryPageNumbers`): page 0 is the
 * entry itself, or, for an entry split into pages of documents, its own
 * page (without turns, sparklines and mentions, which its table of
 * documents replaces); page n is its n-th page of documents, with the
 * turns, sparklines and mentions of those documents. Made only for a page
 * that is rendered.
 */
export function entryPage(e: EntityView, n: number): EntityView {
  if (!e.parts) return e;
  if (n === 0) return { ...e, mentionGroups: [], speechGroups: [], sparklines: [] };
  let index = partIndexes.get(e);
  if (!index) {
    index = {
      speeches: new Map(e.speechGroups.map((g) => [g.doc, g])),
      mentions: new Map(e.mentionGroups.map((g) => [g.doc, g])),
      sparklines: new Map(e.sparklines.map((s) => [s.doc, s])),
    };
    partIndexes.set(e, index);
  }
  const { speeches, mentions, sparklines } = index;
  const docs = (e.parts[n - 1] as EntryPart).docs;
  const partDocs = docs.map((d): EntryPartDoc => {
    const spark = sparklines.get(d.slug);
    // (A copy: a page's sparklines are drawn with the ids of that page.)
    return { ...d, turnList: speeches.get(d.slug)?.speeches ?? [], sparkline: spark && { ...spark, svg: undefined }, kwic: mentions.get(d.slug)?.mentions ?? [] };
  });
  const speechGroups = docs.flatMap((d) => speeches.get(d.slug) ?? []);
  const mentionGroups = docs.flatMap((d) => mentions.get(d.slug) ?? []);
  return {
    ...e,
    parts: undefined,
    part: partPlace(e, n),
    partDocs,
    speeches: speechGroups.length ? { count: speechGroups.reduce((k, g) => k + g.speeches.length, 0), words: speechGroups.reduce((k, g) => k + g.words, 0), anchors: speechGroups.flatMap((g) => g.speeches) } : undefined,
    mentions: mentionGroups.flatMap((g) => g.mentions),
    speechGroups,
    mentionGroups,
    sparklines: partDocs.flatMap((d) => d.sparkline ?? []),
  };
}

/** A download's figures, without its bytes. */
export function listed({ content: _content, ...file }: DownloadFile): ListedFile {
  return file;
}

/** An entry as its page shows it; `titles` are the documents' titles, by slug. */
function toEntityView(e: Entity, titles: Map<string, string>): EntityView {
  const groups = new Map<string, EntityView['mentionGroups'][number]>();
  for (const m of e.mentions) {
    const g = groups.get(m.doc) ?? { doc: m.doc, docTitle: m.docTitle, docPath: documentPath(m.doc), mentions: [] };
    g.mentions.push(m);
    groups.set(m.doc, g);
  }
  const speechGroups = new Map<string, EntityView['speechGroups'][number]>();
  for (const s of e.speeches?.anchors ?? []) {
    let g = speechGroups.get(s.doc);
    if (!g) speechGroups.set(s.doc, (g = { doc: s.doc, docTitle: titles.get(s.doc) ?? s.doc, docPath: documentPath(s.doc), words: 0, speeches: [] }));
    g.words += s.words;
    g.speeches.push(s);
  }
  return {
    ...e,
    path: e.href,
    kindTitle: REGISTER_TITLES[e.kind],
    registerPath: registerPath(e.kind),
    dates: lifeDates(e),
    mentionGroups: [...groups.values()],
    speechGroups: [...speechGroups.values()],
    sparklines: [],
  };
}

function registerView(kind: EntityKind, entities: EntityView[]): RegisterView {
  const ofKind = entities.filter((e) => e.kind === kind);
  const groups: RegisterView['groups'] = [];
  if (kind === 'person') {
    const sides = new Map<string, EntityView[]>();
    for (const e of ofKind.filter((x) => x.participant)) {
      const key = e.side ?? 'Participants';
      sides.set(key, [...(sides.get(key) ?? []), e]);
    }
    for (const [side, list] of sides) groups.push({ title: side === 'Participants' ? 'Participants' : `Participants: ${side}`, entities: list });
    const others = ofKind.filter((x) => !x.participant);
    if (others.length) groups.push({ title: groups.length ? 'Others mentioned' : 'Persons', entities: others });
  } else if (ofKind.length) {
    groups.push({ title: REGISTER_TITLES[kind], entities: ofKind });
  }
  return { kind, title: REGISTER_TITLES[kind], path: registerPath(kind), groups, count: ofKind.length };
}

export function download(href: string, label: string, format: string, content: string | Uint8Array): DownloadFile {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return { href, label, format, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), content: bytes };
}

function attributeName(k: string): string {
  const local = k.slice(k.indexOf('}') + 1);
  return k.startsWith('{http://www.w3.org/XML/1998/namespace}') ? `xml:${local}` : local;
}

/** "1893–1976", "b. 1900", or the event's date span. */
function lifeDates(e: Entity): string | undefined {
  const year = (d: string | undefined): string | undefined => d?.replace(/^(-?\d{4}).*$/, '$1');
  if (e.kind === 'event') {
    if (e.when) return e.when;
    if (e.from && e.to) return e.from === e.to ? e.from : `${e.from} – ${e.to}`;
    return e.from ?? e.to;
  }
  if (e.birth && e.death) return `${year(e.birth)}–${year(e.death)}`;
  if (e.birth) return `b. ${year(e.birth)}`;
  if (e.death) return `d. ${year(e.death)}`;
  return undefined;
}

/** An http(s) URL that is safe to link to, or undefined. */
export function safeHttpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Highwire Press and Dublin Core tags, for Zotero and other reference managers. */
function metaTags(doc: DocumentData, url: string, now: Date): Array<{ name: string; content: string }> {
  const date = doc.date.when ?? doc.date.from;
  const day = date?.slice(0, 10);
  const tags: Array<{ name: string; content: string }> = [{ name: 'citation_title', content: doc.title }];
  for (const t of doc.translators) tags.push({ name: 'citation_author', content: t });
  if (day) tags.push({ name: 'citation_date', content: day.replace(/-/g, '/') });
  tags.push({ name: 'citation_online_date', content: now.toISOString().slice(0, 10).replace(/-/g, '/') });
  if (doc.source.publisher) tags.push({ name: 'citation_publisher', content: doc.source.publisher });
  if (doc.source.archive) tags.push({ name: 'citation_archive', content: doc.source.archive });
  if (doc.language) tags.push({ name: 'citation_language', content: doc.language });
  tags.push({ name: 'citation_public_url', content: url });
  if (doc.abstract) tags.push({ name: 'citation_abstract', content: doc.abstract });
  tags.push({ name: 'DC.title', content: doc.title });
  for (const t of doc.translators) tags.push({ name: 'DC.contributor', content: t });
  if (day) tags.push({ name: 'DC.date', content: day });
  tags.push({ name: 'DC.type', content: 'Text' });
  tags.push({ name: 'DC.format', content: 'text/html' });
  tags.push({ name: 'DC.identifier', content: url });
  if (doc.language) tags.push({ name: 'DC.language', content: doc.language });
  if (doc.source.citation) tags.push({ name: 'DC.source', content: doc.source.citation });
  if (doc.source.publisher) tags.push({ name: 'DC.publisher', content: doc.source.publisher });
  if (doc.availability) tags.push({ name: 'DC.rights', content: doc.availability });
  if (doc.abstract) tags.push({ name: 'DC.description', content: doc.abstract });
  return tags;
}

/** schema.org JSON-LD for the document, safe to place inside a <script> element. */
function jsonLd(doc: DocumentData, url: string, byId: Map<string, EntityView>): string {
  const person = (id: string): Record<string, unknown> => ({ '@type': 'Person', name: byId.get(id)?.name ?? id });
  const value = {
    '@context': 'https://schema.org',
    '@type': 'CreativeWork',
    '@id': url,
    url,
    name: doc.title,
    dateCreated: (doc.date.when ?? doc.date.from)?.slice(0, 10),
    inLanguage: doc.language,
    abstract: doc.abstract,
    translator: doc.translators.map((name) => ({ '@type': 'Person', name })),
    isBasedOn: safeHttpUrl(doc.source.url),
    sourceOrganization: doc.source.archive ? { '@type': 'ArchiveOrganization', name: doc.source.archive } : undefined,
    publisher: doc.source.publisher ? { '@type': 'Organization', name: doc.source.publisher } : undefined,
    contributor: doc.sides.flatMap((s) => s.persons.map((p) => person(p.id))),
    locationCreated: doc.places.map((p) => ({ '@type': 'Place', name: p.name })),
  };
  return JSON.stringify(value, null, 2).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
