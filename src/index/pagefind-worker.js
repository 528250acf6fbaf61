// The search index's thread: builds one Pagefind bundle per message,
// { id, records, language } → { id, done } after each batch of records, then
// { id, result: { files } } or { id, error }; it stops Pagefind's process on
// { close: true }. Pagefind's process is fed through pipes that only an
// event loop drains: here, they are served while the main thread renders
// the site, rather than between its pages.
import { parentPort } from 'node:worker_threads';
import { buildBundle, closePagefind } from './pagefind-bundle.js';

parentPort.on('message', async (message) => {
  if (message.close) {
    await closePagefind();
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
