import type { Recyclable } from './publish/recycle.ts';
import type { ListedDownload, PreviousBuild } from './cache/build-record.ts';
import { Diagnostic, type DiagnosticInit } from './diagnostics/diagnostic.ts';
import type { EntityKind } from './site/urls.ts';
import type { EntryLocation } from './tei/entries.ts';
import type { TeiFile } from './tei-file.ts';

/**
 * The build as it travels through the pipeline: its options, its input files
 * (each carrying its own messages and data), the data the stages derive, and
 * the messages about the build as a whole. Each stage reads it and adds to it.
 */
export class Edition {
  readonly options: BuildOptions;
  readonly files: TeiFile[];
  /** Messages about the build as a whole (not about one input file). */
  readonly messages: Diagnostic[] = [];
  /** Per file: what the transform stage made of it. */
  readonly transformed = new Map<TeiFile, Transformed>();
  /** Every register entry of the input, by id (the transform stage collects them from the files' entries). */
  entries: Map<string, EntryLocation> | undefined;
  /** What the extract stage derived: documents and merged registers. */
  data: EditionData | undefined;
  /**
   * Per document (by slug): a key for everything its data is made from, set
   * by the extract stage; the site stage keys the document's pages with it
   * rather than hashing the data itself.
   */
  readonly documentKeys = new Map<string, string>();
  /** Per document (by slug): for each entry it mentions or gives turns to, a hash of what the entry's page shows of it (extract-data.ts `entryDigests`). */
  readonly entryDigests = new Map<string, Record<string, string>>();
  /** Per document (by slug) whose HTML is not held: the transform's key, under which the cache holds it (transform-tei.ts `transformedHtml`). */
  readonly htmlKeys = new Map<string, string>();
  /** The folder the site is built into before it is published. */
  workDir: string | undefined;
  /** Set when the published site was already built from the same input: nothing was rebuilt. */
  upToDate: { documents: number; builtAt: string } | undefined;
  /** The language of every readable file's header (the search index is built for the most common). */
  headerLanguages: Array<string | undefined> = [];
  /** Other shards' search indexes, merged into the main one by the search page: folder from the site root, and language. */
  searchBundles: Array<{ path: string; language: string }> = [];
  /** What the cache gave, per step: results found and results computed. */
  readonly cacheStats: Record<string, { hits: number; misses: number }> = {};
  /** Each page group's key, for the next build to know what it may link rather than render (site/page-keys.ts). */
  pageKeys: Record<string, string> = {};
  /** Each document group's downloads as the pages list them, for the next build to link an unchanged document without its view. */
  pageDownloads: Record<string, ListedDownload[]> = {};
  /** Each search bucket's key, by its folder, for the next build (publish/recycle.ts). */
  searchKeys: Record<string, string> = {};
  /** The published build this one replaces, as its record describes it: what the site and index stages may take from it. */
  previous: PreviousBuild | undefined;
  /** The build the published one replaced, whose unchanged search bundles and pages this build takes (publish/recycle.ts). */
  recycle: Recyclable | undefined;
  /** Milliseconds spent in each stage, in order, and the build process's resident memory when it ended. */
  readonly timings: Array<{ stage: string; ms: number; rssMb?: number }> = [];
  /** Where stages report how far they are (the CLI's progress line); silent by default. */
  progress: (stage: string, done: number, total: number, ended?: boolean) => void = () => {};

  constructor(options: BuildOptions, files: TeiFile[]) {
    this.options = options;
    this.files = files;
  }

  /** Records a build-level warning (or error) once per distinct reason. */
  warn(init: Omit<DiagnosticInit, 'file'> & { file?: string }): void {
    if (this.messages.some((m) => m.reason === init.reason)) return;
    this.messages.push(new Diagnostic({ severity: 'warning', source: 'build', ...init, file: init.file ?? 'build' }));
  }

  /** Every message, about files and about the build. */
  get allMessages(): Diagnostic[] {
    return [...this.files.flatMap((f) => f.messages), ...this.messages];
  }
}

export interface BuildOptions {
  /** TEI files or folders to build from. */
  inputs: string[];
  /** Where the published site lives (`site/`). */
  outDir: string;
  /** The path the site is served under, with slashes: `/` or `/edition/`. */
  base: string;
  /** The absolute URL of the site root, for canonical links and the sitemap. */
  siteUrl: string;
  /** `project`: the edition's own TEI, whose errors block publishing. `generic`: other TEI. */
  profile: 'project' | 'generic';
  /** The schema: the project's, none, or a RELAX NG file. */
  schema: 'project' | 'none' | string;
  /** Refuse to publish when any input has an error, whatever the profile. */
  strict: boolean;
  /** The build's date, shown on every page. */
  now: Date;
  /** The edition's version, shown on every page. */
  version: string;
  /** Build only part `index` (1-based) of `count` parts of the corpus, as a shard to be assembled later. */
  shard?: { index: number; count: number } | undefined;
  /** Documents per search bucket, on average (see index/buckets.ts); tests set it low to get several buckets from a few documents. */
  searchBucketDocuments?: number | undefined;
  /** Documents and register entries whose pages one Eleventy run renders (see site/build-site.ts); tests set them low. */
  pagesPerRun?: { documents: number; entities: number } | undefined;
  /** Documents on a page of a register entry's (see site/site-model.ts, ENTRY_DOCUMENTS_PER_PAGE); tests set it low. */
  entryDocumentsPerPage?: number | undefined;
}

/** A text unit: a turn, or a block between turns. */
export interface Unit {
  anchor: string;
  kind: string;
  who: string[];
  label: string;
  /** The label's segments, for the mentions it holds ("Chairman (to Mukhitdinov)"). */
  labelSegments: Segment[];
  segments: Segment[];
}

export interface Segment {
  t: string;
  ref?: string;
  el?: string;
  /** Set on text that belongs to the source view only: a bracket, a [sic] mark, a note marker. */
  mark?: 'bracket' | 'sic' | 'note';
  nested?: Array<{ t: string; ref: string; el: string }>;
}

export interface Note {
  n: string;
  id: string;
  anchor: string;
  segments: Segment[];
}

/**
 * What the transform made of a file. The units, notes and HTML are held when
 * the file was transformed in this build; otherwise they are in the cache
 * under `key`, and read when a stage needs them (transform/transform-tei.ts:
 * `transformedText`, `transformedHtml`).
 */
export interface Transformed {
  /** The transform's cache key. */
  key: string;
  /** How many outermost <text> elements the document has (0 for a teiCorpus root that only includes its members). */
  texts: number;
  /** The document's reading text as HTML, from html.xsl. */
  html?: string;
  units?: Unit[];
  notes?: Note[];
}

/**
 * The register entries a document names in its text: its units' speakers
 * and mentions (labels included) and its notes' mentions; with `header`,
 * also its participants and places.
 */
export function entriesNamed(doc: DocumentData, options: { header?: boolean } = {}): ReadonlySet<string> {
  let inText = namedInText.get(doc.units);
  if (!inText) {
    const found = new Set<string>();
    for (const u of doc.units) {
      for (const id of u.who) found.add(id);
      for (const id of u.mentions) found.add(id);
    }
    for (const n of doc.notes) for (const id of n.mentions) found.add(id);
    namedInText.set(doc.units, (inText = found));
  }
  if (!options.header) return inText;
  const ids = new Set(inText);
  for (const s of doc.sides) for (const p of s.persons) ids.add(p.id);
  for (const p of doc.places) ids.add(p.id);
  return ids;
}

/**
 * The entries a document's text names, by its units: the stages that key a
 * document's pages, analytics and search records each ask, for every
 * document of a rebuild (on 1,000 documents, 183 ms of a rebuild's main
 * thread in a profile when each asked afresh). A document's units are not
 * changed once extracted, and views of it (a summary, its data) share them.
 */
const namedInText = new WeakMap<readonly UnitData[], ReadonlySet<string>>();

export interface EditionData {
  documents: DocumentData[];
  entities: Entity[];
}

/** The source as the header cites it (sourceDesc). */
export interface SourceCitation {
  citation: string;
  url: string | undefined;
  archive: string | undefined;
  publisher: string | undefined;
  language: string | undefined;
  credits: string | undefined;
  contents: string | undefined;
  status: string | undefined;
}

export interface DocumentData {
  /** The document's path segment (from its file name). */
  slug: string;
  fileName: string;
  title: string;
  subtitle: string | undefined;
  /** The conversation's date and time, as ISO values and for display. */
  date: { from: string | undefined; to: string | undefined; when: string | undefined; label: string | undefined };
  places: EntityRef[];
  sides: Array<{ n: string; name: string; persons: EntityRef[] }>;
  source: SourceCitation;
  translators: string[];
  encoders: string[];
  abstract: string | undefined;
  availability: string | undefined;
  /** The editorial declaration: sections of paragraphs, each a list of runs (text, or markup names as code). */
  editorial: Array<{ heading: string; paragraphs: Array<Array<{ text: string; code?: boolean }>> }>;
  revisions: Array<{ when: string; who: string; text: string }>;
  language: string | undefined;
  /** The reading text as HTML; absent when it is read from the cache for the pages that show it (`Edition.htmlKeys`). */
  html?: string;
  units: UnitData[];
  notes: Array<{ n: string; id: string; anchor: string; text: string; mentions: string[] }>;
  /** Turns only, with per-turn figures. */
  speeches: UnitData[];
  words: number;
  tei: { bytes: number; sha256: string; path: string };
}

export interface UnitData {
  anchor: string;
  kind: string;
  /** 1-based number of the turn, or undefined for a block between turns. */
  n: number | undefined;
  who: string[];
  label: string;
  side: string | undefined;
  /** The unit's text in the source's form (brackets, [sic], [n] note markers). */
  text: string;
  words: number;
  /** Register ids mentioned in the unit, in order of first mention. */
  mentions: string[];
}

export interface EntityRef {
  id: string;
  name: string;
  href: string | undefined;
}

export interface Mention {
  doc: string;
  docTitle: string;
  anchor: string;
  /** The turn's speaker label, or the block kind. */
  where: string;
  before: string;
  text: string;
  after: string;
}

export interface Entity {
  id: string;
  kind: EntityKind;
  slug: string;
  /** Path from the site root, e.g. `persons/mao-zedong/`. */
  href: string;
  name: string;
  variants: string[];
  originals: Array<{ lang: string; text: string }>;
  birth: string | undefined;
  death: string | undefined;
  from: string | undefined;
  to: string | undefined;
  when: string | undefined;
  role: string | undefined;
  idnos: Array<{ type: string; value: string; url: string | undefined }>;
  /** For participants: the side they were on. */
  side: string | undefined;
  participant: boolean;
  mentions: Mention[];
  /** For speakers: their turns and words. */
  speeches: { count: number; words: number; anchors: Array<{ doc: string; anchor: string; n: number | undefined; words: number }> } | undefined;
}
