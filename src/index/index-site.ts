import path from 'node:path';
import type * as pagefind from 'pagefind';
import { pipelineFingerprint, sha256 } from '../cache/cache.ts';
import { entriesNamed, type DocumentData, type Edition, type Entity, type UnitData } from '../edition.ts';
import { documentPath } from '../site/urls.ts';
import { BundleCache } from './bundle-cache.ts';
import { doneTaking, mayTakeBundle, takeBundle } from '../publish/recycle.ts';
import { pagefindHere, PagefindThread, type BundleBuilder } from './pagefind-thread.ts';
import { bucketFolder, planBuckets, type SearchBucket } from './buckets.ts';
import { together } from '../workers/pool.ts';

/**
 * The filters a record may carry, by the name the search page uses. `label`
 * (the speaker label as the source gives it) and `turn` are for display only.
 * Records carry no metadata: Pagefind indexes metadata with the text, so a
 * title such as "Mikoyan · turn 4" would make a search for "Mikoyan" find
 * every turn he speaks rather than those that name him, and a search for
 * "turn" find everything. Filters are not searched as text.
 */
export const FILTERS = ['speaker', 'side', 'person', 'place', 'organisation', 'event', 'document', 'part', 'label', 'turn'] as const;
type Part = 'Speech' | 'Note' | 'Narration' | 'Heading' | 'Text';

/**
 * The index stage: one Pagefind record per speech, per block of narration
 * and per note, whose URL is its anchor (`documents/<doc>/#sp-004`), with
 * filters for the speaker, the side, the persons, places, organisations and
 * events mentioned, and the document. Each text is indexed exactly once: the
 * pages themselves are not indexed. Every Pagefind call's `errors` is checked.
 *
 * The records go into the search buckets (see buckets.ts), one Pagefind
 * bundle each. A bundle is cached by what its records are made from: an
 * unchanged bucket is linked from the cache into the site rather than built
 * again, without its records being made.
 */
export async function indexSite(edition: Edition, options: { language?: string; buckets?: SearchBucket[]; beside?: boolean } = {}): Promise<{ records: number; language: string }> {
  const workDir = edition.workDir;
  const data = edition.data;
  if (!workDir || !data) throw new Error('indexSite needs a work folder and the extracted data');
  const byId = new Map(data.entities.map((e) => [e.id, e]));
  // One language for the whole index: the search page loads the index of its
  // own language, so records split across languages would not be found.
  const lang = options.language ?? searchLanguage(data.documents.map((d) => d.language));
  const buckets = options.buckets ?? planBuckets(data.documents, Infinity);
  // The fingerprint covers the lockfile, and so Pagefind's version, which writes the bundles.
  const context = sha256(await pipelineFingerprint(), lang);
  const bundles = new BundleCache();
  // The published build's bundles: a rebuilt bucket links what it shares with its own there.
  const previous = edition.previous;
  const total = data.documents.reduce((n, d) => n + d.units.length + d.notes.length, 0);
  let records = 0;
  const planned = buckets.map((bucket) => ({
    bucket,
    target: bucketFolder(workDir, bucket.path),
    count: recordCount(bucket.documents),
    // A bucket is keyed by what its records are made from, so that an
    // unchanged bucket needs no records: each document's data (the extract
    // stage's key for it) and the names and kinds of the entries it names.
    // A document without such a key (assembled from shards) is keyed by its records.
    key: sha256(context, JSON.stringify(bucket.documents.map((doc) => recordsKey(doc, edition.documentKeys.get(doc.slug), byId, lang)))),
  }));
  for (const p of planned) edition.searchKeys[p.bucket.path] = p.key;
  // Beside the site stage, Pagefind is fed from a thread of its own, started
  // with the first bucket to build; alone, from this thread (the thread's
  // start cost the flagship's index some 0.1 s).
  let indexer: BundleBuilder | undefined;
  const build = async (p: (typeof planned)[number]): Promise<void> => {
    const bucketRecords = p.bucket.documents.flatMap((doc) => documentRecords(doc, byId, lang));
    indexer ??= options.beside ? new PagefindThread() : pagefindHere();
    const files = await indexer.build(bucketRecords, lang, (n) => edition.progress('index', records + n, total));
    await bundles.store(p.key, files, p.target, previous && bucketFolder(previous.target, p.bucket.path));
    records += p.count;
    edition.progress('index', records, total);
  };
  // Buckets not cached go to Pagefind one after another; cached ones are
  // linked into the site meanwhile; a cached one found damaged is built after them.
  const buildOrLink = async (list: typeof planned): Promise<void> => {
    const cached = await Promise.all(list.map((p) => bundles.has(p.key)));
    const damaged: typeof planned = [];
    await together(
      (async () => {
        for (const p of list.filter((_, i) => !cached[i])) await build(p);
      })(),
      (async () => {
        for (const p of list.filter((_, i) => cached[i])) {
          if (!(await bundles.link(p.key, p.target))) damaged.push(p);
          else {
            records += p.count;
            edition.progress('index', records, total);
          }
        }
      })(),
    );
    for (const p of damaged) await build(p);
  };
  // A bucket with the key it had in the build before the published one is
  // taken from there (publish/recycle.ts). The others go first, so that
  // Pagefind works on the changed buckets while the site stage makes its
  // model; a bucket that could not be taken after all follows them.
  const takeable = planned.filter((p) => mayTakeBundle(edition.recycle, p.bucket.path, p.key));
  let taken: boolean[] = [];
  try {
    const building = buildOrLink(planned.filter((p) => !takeable.includes(p)));
    building.catch(() => undefined);
    taken = await Promise.all(takeable.map((p) => takeBundle(edition.recycle, p.bucket.path, p.key, p.target, () => bundles.files(p.key))));
    doneTaking(edition.recycle, 'index');
    for (const p of takeable.filter((_, i) => taken[i])) records += p.count;
    await building;
    await buildOrLink(takeable.filter((_, i) => !taken[i]));
  } finally {
    await indexer?.close();
  }
  const hits = taken.filter(Boolean).length + bundles.hits;
  edition.cacheStats.search = { hits, misses: buckets.length - hits };
  return { records, language: lang };
}

/**
 * An index this large runs beside the site stage, Pagefind fed from a thread
 * of its own; a smaller one after the pages, fed from this thread (the
 * thread's start cost the flagship's index some 0.1 s). Cold builds taking
 * turns, beside against after: the dev corpora's one bucket of 10,196
 * records, 17.8-21.7 s (median 18.8 s) against 21.0-24.4 s (median
 * 22.4 s), four each; the flagship's 208 records, 2.31-2.90 s against
 * 2.29-2.99 s, six each. Beside the site stage Pagefind takes some 2,000
 * records a second here (one bucket of the generated 1,000, 5,352 records,
 * in 2.5 s), so that this many keep it busy about a second.
 */
export const BESIDE_RECORDS = 2000;

/** Whether the index stage runs beside the site stage: for several buckets, or for one of at least BESIDE_RECORDS records. */
export function indexBeside(buckets: SearchBucket[]): boolean {
  return buckets.length > 1 || recordCount(buckets[0]?.documents ?? []) >= BESIDE_RECORDS;
}

/** How many records `documents` give (see documentRecords): their units with text, and their notes. */
function recordCount(documents: DocumentData[]): number {
  return documents.reduce((n, d) => n + d.units.filter((u) => u.text.trim()).length + d.notes.length, 0);
}

/** What a document's records are made from (see indexSite). */
function recordsKey(doc: DocumentData, data: string | undefined, byId: Map<string, Entity>, lang: string): unknown {
  if (!data) return documentRecords(doc, byId, lang);
  return [data, [...entriesNamed(doc)].sort().map((id) => [id, byId.get(id)?.kind, byId.get(id)?.name])];
}

/** The records of one document: its units (speeches, narration), then its notes. */
function documentRecords(doc: DocumentData, byId: Map<string, Entity>, lang: string): pagefind.CustomRecord[] {
  const records: pagefind.CustomRecord[] = [];
  const positions = new Map(doc.units.map((u, i) => [u.anchor, i]));
  const position = (anchor: string, offset: number): string =>
    `${doc.slug}:${String((positions.get(anchor) ?? doc.units.length) * 2 + (offset ? 1 : 0)).padStart(6, '0')}`;
  for (const unit of doc.units) {
    if (!unit.text.trim()) continue;
    records.push(unitRecord(doc, unit, byId, lang, position(unit.anchor, 0)));
  }
  for (const note of doc.notes) {
    const mentions = [...new Set(note.mentions)];
    records.push({
      url: `${documentPath(doc.slug)}#${note.id}`,
      content: note.text,
      language: lang,
      filters: { ...mentionFilters(mentions, byId), document: [doc.title], part: ['Note'], label: [`Note ${note.n}`] },
      sort: { position: position(note.anchor, 0.5) },
    });
  }
  return records;
}

function unitRecord(doc: DocumentData, unit: UnitData, byId: Map<string, Entity>, lang: string, position: string): pagefind.CustomRecord {
  const isTurn = unit.n !== undefined;
  const speakers = unit.who.map((w) => byId.get(w)?.name ?? w);
  const part: Part = isTurn ? 'Speech' : unit.kind === 'stage' ? 'Narration' : unit.kind === 'head' ? 'Heading' : 'Text';
  const filters: Record<string, string[]> = { ...mentionFilters(unit.mentions, byId), document: [doc.title], part: [part] };
  if (speakers.length) filters.speaker = speakers;
  if (unit.side) filters.side = [unit.side];
  if (isTurn) {
    filters.label = [unit.label || speakers.join(', ')];
    filters.turn = [String(unit.n)];
  }
  return {
    url: `${documentPath(doc.slug)}#${unit.anchor}`,
    content: unit.text,
    language: lang,
    filters,
    sort: { position },
  };
}

const FILTER_FOR_KIND: Record<Entity['kind'], (typeof FILTERS)[number]> = { person: 'person', place: 'place', org: 'organisation', event: 'event' };

/** The register entries a text mentions, as filter values (their normalised names). */
function mentionFilters(ids: string[], byId: Map<string, Entity>): Record<string, string[]> {
  const filters: Record<string, string[]> = {};
  for (const id of ids) {
    const e = byId.get(id);
    if (!e) continue;
    const key = FILTER_FOR_KIND[e.kind];
    (filters[key] ??= []).includes(e.name) || (filters[key] as string[]).push(e.name);
  }
  return filters;
}

/** The most common of the documents' languages, as an ISO 639-1 code (English if none is given). */
export function searchLanguage(languages: Array<string | undefined>): string {
  const counts = new Map<string, number>();
  for (const language of languages) {
    const l = language?.split('-')[0]?.toLowerCase();
    if (l && /^[a-z]{2}$/.test(l)) counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'en';
}
