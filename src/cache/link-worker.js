// The thread of linkFiles and writeFiles (link-file.ts): a batch per
// message, { id, pairs } or { id, files } → { id, made }.
import { parentPort } from 'node:worker_threads';
import { makeFiles } from './link-run.js';

parentPort.on('message', ({ id, ...work }) => parentPort.postMessage({ id, made: makeFiles(work) }));
