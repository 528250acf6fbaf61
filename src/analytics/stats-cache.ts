import { Cache, sha256 } from '../cache/cache.ts';
import { entriesNamed, type DocumentData, type Entity } from '../edition.ts';
import { coMentionsRows, computeStats, csvRows, personsRows, registerOrder, speakersRows, timeline, type DocumentStats } from './compute.ts';

/**
 * What the pages that list the whole edition take of a document's analytics:
 * its count of turns and, for each person mentioned, the numbers of the
 * turns that mention them (the register entries' sparklines); and its rows
 * of the edition's three CSV tables (see compute.ts), as CSV text. The
 * analytics themselves (`DocumentStats`) are read only for a document whose
 * view is made (`fullStats`): on 1,000 generated documents, reading every
 * document's whole analytics took some 0.47 s of a one-change rebuild's
 * main thread in a profile, for a view of one document.
 */
export interface StatsSummary {
  turns: number;
  persons: Array<{ id: string; turnNumbers: number[] }>;
}

export interface StatsWithRows {
  summary: StatsSummary;
  rows: { speakers: string; persons: string; coMentions: string };
}

const summaries = (): Cache<StatsWithRows> => new Cache<StatsWithRows>('stats');
const analytics = (): Cache<DocumentStats> => new Cache<DocumentStats>('stats-full');

/**
 * A document's summary and rows (`StatsWithRows`), cached by what
 * `computeStats` reads: the document's data (`data`: the extract stage's key
 * for it, which covers its text, header, path and slug) and, for each
 * register entry it names, the entry's name and kind, in the register's
 * order (which orders persons of the same count and name). (The names are in
 * the extract stage's key too, by way of the transform's, whose stylesheet
 * is given every entry's name; the key here does not lean on that.) On 1,000
 * generated documents, computing every document's analytics and CSV rows
 * took some 0.8 s of a one-change rebuild's main thread in a profile. The
 * analytics are cached beside them, under the same key, for the document's
 * view (`fullStats`). A document without such a key (a site assembled from
 * shards) is computed. A new entry's writing is added to `writes`, for the
 * caller to wait for.
 */
export async function documentStats(doc: DocumentData, data: string | undefined, byId: Map<string, Entity>, writes: Array<Promise<void>>): Promise<{ made: StatsWithRows; key: string | undefined; cached: boolean }> {
  if (data === undefined) return { made: withRows(computeStats(doc, byId)), key: undefined, cached: false };
  const order = registerOrder(byId);
  const named = [...entriesNamed(doc)].sort((a, b) => (order.get(a) ?? -1) - (order.get(b) ?? -1) || (a < b ? -1 : a > b ? 1 : 0));
  const key = sha256(data, JSON.stringify(named.map((id) => [id, byId.get(id)?.name, byId.get(id)?.kind])));
  const cached = await summaries().get(key);
  // (An entry of another shape, as a damaged cache might hold, is not used.)
  if (cached && typeof cached.summary?.turns === 'number' && Array.isArray(cached.summary.persons) && typeof cached.rows?.speakers === 'string' && typeof cached.rows.persons === 'string' && typeof cached.rows.coMentions === 'string') {
    return { made: cached, key, cached: true };
  }
  const stats = computeStats(doc, byId);
  const made = withRows(stats);
  // (Written while the model is made: on a cold build, two entries per
  // document. The timeline, nearly half of the analytics, is made again
  // from the turns rather than read.)
  writes.push(summaries().put(key, made), analytics().put(key, { ...stats, timeline: [] }));
  return { made, key, cached: false };
}

/**
 * A document's analytics, for its view: cached under `key` (from
 * `documentStats`), or computed where there is no such entry.
 */
export async function fullStats(doc: DocumentData, key: string | undefined, byId: Map<string, Entity>): Promise<DocumentStats> {
  const cached = key === undefined ? undefined : await analytics().get(key);
  if (cached && cached.slug === doc.slug && Array.isArray(cached.persons) && Array.isArray(cached.speakers) && Array.isArray(cached.coMentions) && Array.isArray(cached.sides)) {
    return { ...cached, timeline: timeline(doc, byId) };
  }
  return computeStats(doc, byId);
}

function withRows(stats: DocumentStats): StatsWithRows {
  return {
    summary: { turns: stats.turns, persons: stats.persons.map((p) => ({ id: p.id, turnNumbers: p.turnNumbers })) },
    rows: { speakers: csvRows(speakersRows(stats)), persons: csvRows(personsRows(stats)), coMentions: csvRows(coMentionsRows(stats)) },
  };
}
