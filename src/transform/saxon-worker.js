// A transform worker: loads the compiled stylesheet once, takes the
// stylesheet parameters once ({ shared }), then transforms the documents it
// is sent, one message each: { id, text } → { id, result }. Before its
// first document it transforms a sample, to warm saxon-js's code up
// (saxon-run.js `warmUp`); the documents sent meanwhile wait in its queue.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { runSaxon, warmUp } from './saxon-run.js';

const sef = JSON.parse(readFileSync(workerData.sefPath, 'utf8'));
warmUp(sef);
let params = {};
parentPort.on('message', (message) => {
  if ('shared' in message) params = message.shared;
  else parentPort.postMessage({ id: message.id, result: runSaxon(sef, message.text, params) });
});
