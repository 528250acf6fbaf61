// The search index's thread: builds one Pagefind bundle per message,
// { id, records, language } → { id, done } after each batch of records, then
// { id, result: { files } } or { id, error }; it stops Pagefind's process on
// { close: true }. Pagefind's process is fed
// through pipes that only an event loop drains: here, they are served while
// the main thread renders the site, rather than between its pages.
import { parentPort } from 'node:worker_threads';
import * as pagefind from 'pagefind';

/** Records are sent in batches without waiting for each answer: Pagefind works through them while the next batch is sent. */
const BATCH = 500;

parentPort.on('message', async (message) => {
  if (message.close) {
    await pagefind.close();
    parentPort.close();
    return;
  }
  try {
    const files = await buildBundle(message.records, message.language, (done) => parentPort.postMessage({ id: message.id, done }));
    parentPort.postMessage({ id: message.id, result: { files } });
  } catch (err) {
    parentPort.postMessage({ id: message.id, error: err instanceof Error ? err.message : String(err) });
  }
});

/** One bundle from its records, in memory: [{ path, content }]; `progress` is told how many records Pagefind has taken. */
async function buildBundle(records, language, progress) {
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

function check(call, errors) {
  if (errors.length > 0) throw new Error(`Pagefind ${call} failed: ${errors.join('; ')}`);
}
