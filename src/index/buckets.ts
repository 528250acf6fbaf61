import path from 'node:path';
import { sha256 } from '../cache/cache.ts';
import type { DocumentData } from '../edition.ts';

/**
 * Search buckets: a large corpus's search index is split into independent
 * Pagefind bundles, each holding the records of a fixed group of documents,
 * which the search page merges with Pagefind's own `mergeIndex` (as it does
 * for shards). A bundle is cached by the content of its records, so a change
 * to one document rebuilds one bucket, not the whole index; and Pagefind's
 * cost per record grows with the size of an index, so smaller indexes are
 * also cheaper to build cold.
 *
 * A document's bucket is a hash of its slug modulo the bucket count, which is
 * a power of two chosen so that a bucket holds at most about
 * `BUCKET_DOCUMENTS` documents on average: the assignment changes only when
 * the corpus crosses a power of two. An edition of up to that many documents
 * (the flagship, the dev corpora) has one bundle, at `pagefind/`, and its
 * readers load one index.
 *
 * Smaller buckets make a change cheaper to index and the first query dearer.
 * On the generated 1,000 documents, 32 documents a bucket (32 buckets)
 * against 64 (16), one document changed: the index stage, which built its
 * bucket beside the site stage, took 2.9-4.0 s against 5.2-6.8 s, and the
 * whole rebuild 9.46 s against 10.05 s (medians of six taking turns); the
 * first query `Stalin` cost 3,076,230 bytes in 446 requests against
 * 2,628,633 in 238, and the last keystroke to results 626-630 ms against
 * 692-730 ms (a median of eight queries, twice each).
 */
export const BUCKET_DOCUMENTS = 32;

export interface SearchBucket {
  /** The bundle's folder from the site root, with a trailing slash: `pagefind/`, `pagefind-b3/`. */
  path: string;
  documents: DocumentData[];
}

/** The number of buckets for `documents` documents: the smallest power of two that keeps buckets at `perBucket` on average. */
export function bucketCount(documents: number, perBucket = BUCKET_DOCUMENTS): number {
  let count = 1;
  while (count * perBucket < documents && count < 1024) count *= 2;
  return count;
}

/** The folder of a bucket (its path, `pagefind-b3/`) in the build folder `root`. */
export function bucketFolder(root: string, bucket: string): string {
  return path.join(root, ...bucket.split('/').filter(Boolean));
}

/**
 * The non-empty buckets, in bucket order, each with its documents in corpus
 * order. The first is published at `pagefind/` (the index every page knows);
 * the others at `pagefind-b<k>/`, merged into it by the search page.
 */
export function planBuckets(documents: DocumentData[], perBucket = BUCKET_DOCUMENTS): SearchBucket[] {
  const count = bucketCount(documents.length, perBucket);
  const groups: DocumentData[][] = Array.from({ length: count }, () => []);
  for (const doc of documents) (groups[count === 1 ? 0 : Number.parseInt(sha256(doc.slug).slice(0, 8), 16) % count] as DocumentData[]).push(doc);
  const buckets: SearchBucket[] = [];
  groups.forEach((docs, k) => {
    if (docs.length) buckets.push({ path: buckets.length === 0 ? 'pagefind/' : `pagefind-b${k}/`, documents: docs });
  });
  return buckets;
}
