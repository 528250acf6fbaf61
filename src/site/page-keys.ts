import { pipelineFingerprint, sha256 } from '../cache/cache.ts';
import { entriesNamed } from '../edition.ts';
import { entryPage, partPlace, type DocumentSummary, type EntityView, type EntryPart, type SiteModel } from './site-model.ts';

/**
 * Which pages a build must render. The pages of a document (its reading
 * page, citations and glance, and its downloads) and the page of a register
 * entry are each a *group*, keyed by a hash of everything the group is made
 * from, and of what every page shows (the edition's title, version, build
 * date and base, and the site menu) and the pipeline's code and templates. A
 * group whose key is the same as in the published build is linked from it;
 * the others are rendered. So are, at every build, the pages that list the
 * whole edition and show figures of every document's text or downloads
 * (home, lists, registers, data); those that show only a part of it that is
 * seldom changed (About, sitemap, schema, search) are groups of their own
 * (`SHARED_PAGES`).
 *
 * A document's group is keyed by its inputs, so that an unchanged document
 * needs no view (citations, downloads, pictures) to be known unchanged; an
 * entry's group by its view, which holds its mentions across the corpus.
 */
export interface PageGroup {
  id: string;
  key: string;
  /** The files the group writes, from the site root. */
  files: string[];
  /** The folder that holds its pages and no other group's (`documents/<slug>/`), from the site root. */
  folder: string;
}

/**
 * The pages that list the whole edition but show only a part of it that a
 * change to a document's text leaves alone, each with its template (from
 * templates/), the file it writes and the part it shows (besides what every
 * page shows). Such a page is a group of its own, keyed by that part, and
 * linked from the published build when it is unchanged: on 1,000 generated
 * documents, the About page alone is 2.5 MB. The other pages that list the
 * whole edition (home, lists, registers, data) show figures of every
 * document's text, or every download's checksum, and are rendered at every
 * build.
 */
export const SHARED_PAGES: ReadonlyArray<{ template: string; file: string; shows: (model: SiteModel) => unknown }> = [
  {
    template: 'about.njk',
    file: 'about/index.html',
    // Each document's title and header: source, credits, rights, revisions,
    // and its editorial declaration unless it is the same as an earlier
    // document's (which `editorialSameAs` gives, as the page does).
    shows: (m) => [m.documents.map((d) => [d.slug, d.title, d.source, d.translators, d.encoders, d.availability, m.editorialSameAs[d.slug] ? null : d.editorial, d.revisions]), m.editorialSameAs],
  },
  { template: 'sitemap.njk', file: 'sitemap.xml', shows: (m) => m.pages },
  { template: 'schema.njk', file: 'schema/index.html', shows: (m) => m.schema },
  { template: 'search.njk', file: 'search/index.html', shows: (m) => m.searchBundles },
  // The encoding guide's text is part of the pipeline's fingerprint.
  { template: 'encoding.njk', file: 'encoding/index.html', shows: () => null },
  { template: '404.njk', file: '404.html', shows: () => null },
];

/** The groups of `SHARED_PAGES`. */
export function sharedPageGroups(shared: string, model: SiteModel): PageGroup[] {
  return SHARED_PAGES.map((p) => ({ id: `page:${p.template}`, key: sha256(shared, p.template, JSON.stringify(p.shows(model)) ?? ''), files: [p.file], folder: p.file.slice(0, p.file.lastIndexOf('/') + 1) }));
}

/** The part of every group's key that all pages share: the pipeline, the edition's metadata, the site menu. */
export async function sharedKey(model: SiteModel): Promise<string> {
  return sha256(
    await pipelineFingerprint(),
    JSON.stringify(model.meta),
    JSON.stringify(model.registers.map((r) => [r.kind, r.path, r.title, r.count > 0])),
  );
}

/**
 * A document's group: its three pages and its downloads (`downloads`, paths
 * from the site root). Its key covers what the document's view is made from:
 * the document's data (`data`, the extract stage's key for it, or a hash of
 * the data where there is none), its place on the site, and what the view
 * takes from the register entries it names: a hash of each entry's own
 * data, without its mentions in other documents. (The view's statistics,
 * citations, JSON and CSV read entries' names, kinds, dates, identifiers,
 * sides and pages.)
 */
export function documentGroup(shared: string, d: DocumentSummary, data: string | undefined, entries: (id: string) => string, downloads: string[]): PageGroup {
  const ids = entriesNamed(d, { header: true });
  const { files: _files, stats: _stats, statsKey: _statsKey, ...place } = d;
  const docKey = data ?? sha256(JSON.stringify(place));
  const pages = [d.path, d.citePath, d.glancePath].map((p) => `${p}index.html`);
  return { id: `document:${d.slug}`, key: sha256(shared, docKey, d.slug, d.url, [...ids].sort().map(entries).join('\n')), files: [...pages, ...downloads], folder: d.path };
}

/**
 * A hash of each register entry's own data (without its mentions and turns
 * across the corpus), by id, made once per entry: what a document's key and
 * the entry's own key take from it.
 */
export function entryData(byId: Map<string, EntityView>): (id: string) => string {
  const made = new Map<string, string>();
  return (id) => {
    let hash = made.get(id);
    if (hash === undefined) {
      const e = byId.get(id);
      if (e) {
        const { mentions: _m, speeches: _s, mentionGroups: _g, speechGroups: _t, sparklines: _l, parts: _p, part: _q, partDocs: _d, ...own } = e;
        hash = sha256(JSON.stringify([id, own]));
      } else hash = sha256(JSON.stringify([id]));
      made.set(id, hash);
    }
    return hash;
  };
}

const appearanceIndexes = new WeakMap<Map<string, string[][]>, Map<string, Map<string, string[]>>>();

/** An entry's appearances (`entryAppearances`) by document slug, made once per entry. */
function appearanceIndex(appearances: Map<string, string[][]>, id: string): Map<string, string[]> {
  let byEntry = appearanceIndexes.get(appearances);
  if (!byEntry) appearanceIndexes.set(appearances, (byEntry = new Map()));
  let index = byEntry.get(id);
  if (!index) byEntry.set(id, (index = new Map((appearances.get(id) ?? []).map((a) => [a[0] as string, a]))));
  return index;
}

/**
 * Per register entry, the documents that mention it or give it turns, in
 * the corpus's order, each as its slug, its title and the hash of what the
 * entry's page shows of it that the extract stage made (`digests`, by
 * document slug: extract-data.ts `entryDigests`). Undefined when a document
 * has no such hashes (a site assembled from shards).
 */
export function entryAppearances(documents: DocumentSummary[], digests: Map<string, Record<string, string>>): Map<string, string[][]> | undefined {
  const byEntry = new Map<string, string[][]>();
  for (const d of documents) {
    const own = digests.get(d.slug);
    if (!own) return undefined;
    for (const [id, digest] of Object.entries(own)) {
      const list = byEntry.get(id);
      if (list) list.push([d.slug, d.title, digest]);
      else byEntry.set(id, [[d.slug, d.title, digest]]);
    }
  }
  return byEntry;
}

/**
 * A register entry's group: its page `n` (site-model.ts, entryPageNumbers:
 * 0 is its own page; an entry in more documents than a page holds also has
 * pages of documents, each a group of its own, so that one changed document
 * renders the page it is on). Its key covers the entry's own data
 * (`own`: `entryData`) and, for each document that mentions it or gives it
 * turns, the document's slug and title and the hash of what the page shows
 * of it (`appearances`: `entryAppearances`); without those (a site
 * assembled from shards), the whole view. (Keyed by its inputs instead, as a
 * document's group is, an entry would be rendered again whenever any
 * document that names it changes, although its page changes only where that
 * document's mentions or turns of it do: some 50 entries' pages for one
 * changed document of the synthetic corpus, against 2 or 3.)
 */
export function entityGroup(shared: string, e: EntityView, n: number, own: string, appearances: Map<string, string[][]> | undefined): PageGroup {
  // An entry split into pages of documents (site-model.ts, EntryPart).
  if (e.parts) {
    const parts = e.parts;
    if (n === 0) {
      // Its own page shows its documents' figures. (Its folder holds the
      // folders of its pages of documents, which are groups of their own:
      // it is not moved whole from an earlier build.)
      const table = parts.map((p) => [p.n, p.path, p.label, ...p.docs.map((d) => `${d.slug}\0${d.title}\0${d.turns}\0${d.words}\0${d.mentions}`)].join('\n'));
      return { id: `entity:${e.id}`, key: sha256(shared, 'parts', own, ...table), files: [`${e.path}index.html`], folder: '' };
    }
    // A page of documents: by its place, and what it shows of its documents.
    const place = partPlace(e, n);
    const docs = (parts[n - 1] as EntryPart).docs;
    let shown: string;
    if (appearances) {
      const bySlug = appearanceIndex(appearances, e.id);
      shown = docs.map((d) => (bySlug.get(d.slug) ?? [d.slug]).join('\0')).join('\n');
    } else {
      const { mentions: _mentions, ...view } = entryPage(e, n);
      shown = JSON.stringify(view);
    }
    return { id: `entity:${e.id}:part-${n}`, key: sha256(shared, 'part', own, JSON.stringify(place), shown), files: [`${place.path}index.html`], folder: place.path };
  }
  const files = [`${e.path}index.html`];
  let corpus: string;
  if (appearances) corpus = JSON.stringify(appearances.get(e.id) ?? []);
  else {
    const { mentions: _mentions, ...view } = e;
    corpus = JSON.stringify(view);
  }
  return { id: `entity:${e.id}`, key: sha256(shared, own, corpus), files, folder: e.path };
}
