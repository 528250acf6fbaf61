// A transform worker: loads the compiled stylesheet once, then transforms the
// documents it is sent, one message each: { id, text } → { id, result }.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { runSaxon } from './saxon-run.js';

const sef = JSON.parse(readFileSync(workerData.sefPath, 'utf8'));
parentPort.on('message', ({ id, text }) => {
  parentPort.postMessage({ id, result: runSaxon(sef, text, workerData.params) });
});
