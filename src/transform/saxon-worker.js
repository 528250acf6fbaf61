// A transform worker: loads the compiled stylesheet once, takes the
// stylesheet parameters once ({ shared }), then transforms the documents it
// is sent, one message each: { id, text } → { id, result }.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { runSaxon } from './saxon-run.js';

const sef = JSON.parse(readFileSync(workerData.sefPath, 'utf8'));
let params = {};
parentPort.on('message', (message) => {
  if ('shared' in message) params = message.shared;
  else parentPort.postMessage({ id: message.id, result: runSaxon(sef, message.text, params) });
});
