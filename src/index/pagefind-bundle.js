// One Pagefind bundle from its records, in memory: shared by the index stage
// (a corpus of one bucket, indexed after the pages) and the index's thread
// (pagefind-worker.js: several buckets, indexed beside the pages). Plain
// JavaScript, so that the thread starts without a TypeScript loader.
import * as pagefind from 'pagefind';

/** Records are sent in batches without waiting for each answer: Pagefind works through them while the next batch is sent. */
const BATCH = 500;

/**
 * @param {import('pagefind').CustomRecord[]} records
 * @param {string} language
 * @param {(done: number) => void} progress told how many records Pagefind has taken
 * @returns {Promise<Array<{ path: string, content: Uint8Array }>>}
 */
export async function buildBundle(records, language, progress) {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: language });
  check('createIndex', errors);
  if (!index) throw new Error('Pagefind returned no index');
  for (let i = 0; i < records.length; i += BATCH) {
    const answers = await Promise.all(records.slice(i, i + BATCH).map((r) => index.addCustomRecord(r)));
    for (const added of answers) check('addCustomRecord', added.errors);
    progress(Math.min(records.length, i + BATCH));
  }
  // The files come back in memory and are written by the index stage:
  // Pagefind's own writeFiles writes tens of thousands of small files from
  // many threads at once, which on this machine's disk took twice as long
  // (15 s against 7.8 s for 20,000 records).
  const got = await index.getFiles();
  check('getFiles', got.errors);
  await index.deleteIndex();
  return got.files;
}

/** Stops Pagefind's process (if it was started). */
export function closePagefind() {
  return pagefind.close();
}

function check(call, errors) {
  if (errors.length > 0) throw new Error(`Pagefind ${call} failed: ${errors.join('; ')}`);
}
