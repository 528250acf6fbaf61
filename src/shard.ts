import path from 'node:path';
import { sha256 } from './cache/cache.ts';
import type { DocumentData, EditionData, Entity } from './edition.ts';
import { orderEntities } from './extract/extract-data.ts';
import type { TeiFile } from './tei-file.ts';

/**
 * Shards: a corpus too large for one machine is built in parts. Shard i of n
 * transforms and indexes the documents whose path (relative to the inputs'
 * common folder) hashes to i; every shard still reads and checks every file,
 * because registers and pointers reach across files. A shard's output is its
 * data (`shard.json`) and its search index; `colloquy build --from-shards`
 * assembles the parts into one site, with the shared pages built once and the
 * indexes merged in the browser by Pagefind's mergeIndex.
 */
export interface ShardSpec {
  index: number;
  count: number;
}

export const SHARD_DATA = 'shard.json';

export interface ShardData {
  format: 'colloquy-shard/2';
  shard: ShardSpec;
  /** What the shard was built from: every input file's path (from their common folder) and hash (`corpusFingerprint`), and their count. */
  corpus: { fingerprint: string; files: number };
  /** The search index's language, which merging needs. */
  language: string;
  /** Documents with their position in the whole corpus (the sorted list of all input files). */
  documents: Array<{ order: number; doc: DocumentData }>;
  entities: Entity[];
}

export function parseShard(value: string): ShardSpec | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return index >= 1 && count >= 1 && index <= count && count <= 1000 ? { index, count } : undefined;
}

/** The common folder of a list of absolute paths. */
function commonFolder(paths: string[]): string {
  if (paths.length === 0) return '/';
  let common = path.dirname(paths[0] as string);
  for (const p of paths) while (common !== path.dirname(common) && !p.startsWith(common + path.sep)) common = path.dirname(common);
  return common;
}

/** Each file's path from the files' common folder, with `/`: the same wherever the corpus is. */
function corpusPaths(files: TeiFile[]): string[] {
  const root = commonFolder(files.map((f) => f.path));
  return files.map((f) => path.relative(root, f.path).split(path.sep).join('/'));
}

/** Which files shard `spec` builds: a deterministic split by the hash of each file's relative path. */
export function shardMembers(files: TeiFile[], spec: ShardSpec): Set<TeiFile> {
  const rel = corpusPaths(files);
  return new Set(files.filter((_, i) => Number.parseInt(sha256(rel[i] as string).slice(0, 8), 16) % spec.count === spec.index - 1));
}

/**
 * A hash of the corpus: each input file's path from the files' common
 * folder, and its bytes' hash. Shards built from the same files agree,
 * wherever the files are.
 */
export function corpusFingerprint(files: TeiFile[]): string {
  const rel = corpusPaths(files);
  return sha256(...files.map((f, i) => `${rel[i]}\0${f.hash ?? ''}`).sort());
}

/** Each document's position in the whole corpus: the sorted order of all input paths. */
export function corpusOrder(files: TeiFile[]): Map<TeiFile, number> {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return new Map(sorted.map((f, i) => [f, i]));
}

/**
 * Joins the shards' data into one edition: documents in corpus order, and
 * each register entry once, with the mentions and speeches of every shard.
 * Two documents with the same page name in different shards are an error.
 */
export function mergeShards(shards: ShardData[]): { data: EditionData; problems: string[] } {
  const problems: string[] = [];
  const documents = shards.flatMap((s) => s.documents).sort((a, b) => a.order - b.order);
  const seen = new Map<string, string>();
  for (const { doc } of documents) {
    const other = seen.get(doc.slug.toLowerCase());
    if (other) problems.push(`Two documents would have the page documents/${doc.slug}/ (${other} and ${doc.fileName}); expected distinct file names across shards`);
    seen.set(doc.slug.toLowerCase(), doc.fileName);
  }
  const order = new Map(documents.map(({ doc }, i) => [doc.slug, i]));
  const entities = new Map<string, Entity>();
  for (const shard of shards) {
    for (const e of shard.entities) {
      const known = entities.get(e.id);
      if (!known) {
        entities.set(e.id, { ...e, mentions: [...e.mentions], speeches: e.speeches && { ...e.speeches, anchors: [...e.speeches.anchors] } });
        continue;
      }
      known.mentions.push(...e.mentions);
      known.participant ||= e.participant;
      known.side ??= e.side;
      if (e.speeches) {
        known.speeches ??= { count: 0, words: 0, anchors: [] };
        known.speeches.count += e.speeches.count;
        known.speeches.words += e.speeches.words;
        known.speeches.anchors.push(...e.speeches.anchors);
      }
    }
  }
  // Mentions and speeches in the order of the corpus (a sort is stable: within a document they keep theirs).
  const rank = (doc: string): number => order.get(doc) ?? Number.MAX_SAFE_INTEGER;
  for (const e of entities.values()) {
    e.mentions.sort((a, b) => rank(a.doc) - rank(b.doc));
    e.speeches?.anchors.sort((a, b) => rank(a.doc) - rank(b.doc));
  }
  return { data: { documents: documents.map((d) => d.doc), entities: orderEntities([...entities.values()]) }, problems };
}
