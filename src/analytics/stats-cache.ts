import { Cache, sha256 } from '../cache/cache.ts';
import { entriesNamed, type DocumentData, type Entity } from '../edition.ts';
import { coMentionsRows, computeStats, csvRows, personsRows, registerOrder, speakersRows, timeline, type DocumentStats } from './compute.ts';

/** A document's analytics, with its rows of the edition's three CSV tables (see compute.ts), as CSV text. */
export interface StatsWithRows {
  stats: DocumentStats;
  rows: { speakers: string; persons: string; coMentions: string };
}

/**
 * A document's analytics, cached by what `computeStats` reads: the
 * document's data (`data`: the extract stage's key for it, which covers its
 * text, header, path and slug) and, for each register entry it names, the
 * entry's name and kind, in the register's order (which orders persons of
 * the same count and name). (The names are in the extract stage's key too,
 * by way of the transform's, whose stylesheet is given every entry's name;
 * the key here does not lean on that.) On 1,000 generated documents, computing every
 * document's analytics and CSV rows took some 0.8 s of a one-change
 * rebuild's main thread in a profile. A document without such a key (a site
 * assembled from shards) is computed. A new entry's writing is added to
 * `writes`, for the caller to wait for.
 */
export async function documentStats(doc: DocumentData, data: string | undefined, byId: Map<string, Entity>, cache: Cache<StatsWithRows>, writes: Array<Promise<void>>): Promise<{ made: StatsWithRows; cached: boolean }> {
  if (data === undefined) return { made: withRows(computeStats(doc, byId)), cached: false };
  const order = registerOrder(byId);
  const named = [...entriesNamed(doc)].sort((a, b) => (order.get(a) ?? -1) - (order.get(b) ?? -1) || (a < b ? -1 : a > b ? 1 : 0));
  const key = sha256(data, JSON.stringify(named.map((id) => [id, byId.get(id)?.name, byId.get(id)?.kind])));
  const cached = await cache.get(key);
  // (An entry of another shape, as a damaged cache might hold, is not used.)
  if (cached && cached.stats?.slug === doc.slug && Array.isArray(cached.stats.persons) && typeof cached.rows?.speakers === 'string' && typeof cached.rows.persons === 'string' && typeof cached.rows.coMentions === 'string') {
    // The timeline, nearly half of an entry, is made again from the turns rather than read.
    return { made: { ...cached, stats: { ...cached.stats, timeline: timeline(doc, byId) } }, cached: true };
  }
  const made = withRows(computeStats(doc, byId));
  // (Written while the model is made: on a cold build, one entry per document.)
  writes.push(cache.put(key, { ...made, stats: { ...made.stats, timeline: [] } }));
  return { made, cached: false };
}

function withRows(stats: DocumentStats): StatsWithRows {
  return { stats, rows: { speakers: csvRows(speakersRows(stats)), persons: csvRows(personsRows(stats)), coMentions: csvRows(coMentionsRows(stats)) } };
}
