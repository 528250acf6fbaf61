// The thread of linkFiles and writeFiles (link-file.ts): a batch per
// message, { id, pairs, folders? } or { id, files }, with `background` for
// work no one waits on (the search bundles) → { id, made }.
//
// The thread works a slice of a batch at a time, a batch of the site stage
// before any background one: a rebuild of 1,000 documents links the search
// bundles' 81,000 files beside the site stage's 11,000, and the site stage,
// which waits for its links to render what was not linked, would otherwise
// wait behind all of them.
import { parentPort } from 'node:worker_threads';
import { makeFiles } from './link-run.js';

/** Files a slice: about 40 ms of links here. */
const SLICE = 1000;
const queues = { now: [], background: [] };
let scheduled = false;

parentPort.on('message', ({ id, background, ...work }) => {
  const items = work.pairs ?? work.files ?? [];
  (background ? queues.background : queues.now).push({ id, kind: work.pairs ? 'pairs' : 'files', items, folders: work.folders, taken: new Set(), made: [] });
  schedule();
});

function schedule() {
  if (scheduled) return;
  scheduled = true;
  // After the messages that have come in meanwhile, so that a batch of the site stage goes first.
  setImmediate(run);
}

function run() {
  scheduled = false;
  const queue = queues.now.length ? queues.now : queues.background;
  const task = queue[0];
  if (!task) return;
  const slice = task.items.slice(task.made.length, task.made.length + SLICE);
  // A batch's folders are moved with its first slice (link-run.js).
  task.made.push(...makeFiles({ [task.kind]: slice, folders: task.made.length === 0 ? task.folders : undefined }, task.taken));
  if (task.made.length >= task.items.length) {
    queue.shift();
    parentPort.postMessage({ id: task.id, made: task.made });
  }
  if (queues.now.length || queues.background.length) schedule();
}
