import { Worker } from 'node:worker_threads';

/**
 * Hard links from `from` to `to` for each pair (a copy where a link is not
 * possible, as on another file system), the folders of the links made as
 * needed; for each pair, whether it was made. A missing `from` is a failure,
 * not a copy.
 *
 * A rebuild of 1,000 documents links some 92,000 files from the published
 * build and the search cache. Linked with a promise each from the main
 * thread, that took about 1.3 s of the main thread's time, taken from the
 * site stage running beside it, and the links waited for the main thread to
 * be free. The links are made in a worker thread instead, with synchronous
 * calls, a batch per message.
 */
export function linkFiles(pairs: Array<[from: string, to: string]>): Promise<boolean[]> {
  return send({ pairs });
}

/**
 * Writes files (their folders made as needed) in the same worker thread; for
 * each, whether it was written. For the thousands of small files of a search
 * bundle, as for links, the main thread would otherwise be in their way.
 */
export function writeFiles(files: Array<{ path: string; content: Uint8Array }>): Promise<boolean[]> {
  return send({ files: files.map((f) => [f.path, f.content]) });
}

function send(work: { pairs?: Array<[string, string]>; files?: Array<[string, Uint8Array]> }): Promise<boolean[]> {
  if ((work.pairs ?? work.files ?? []).length === 0) return Promise.resolve([]);
  const linker = (worker ??= startLinker());
  const id = next++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    linker.ref();
    linker.postMessage({ id, ...work });
  });
}

const LINKER = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
parentPort.on('message', ({ id, pairs, files }) => {
  const folders = new Set();
  const folderOf = (file) => {
    const folder = path.dirname(file);
    if (!folders.has(folder)) fs.mkdirSync(folder, { recursive: true });
    folders.add(folder);
  };
  const link = ([from, to]) => {
    try {
      folderOf(to);
      try {
        fs.linkSync(from, to);
      } catch (err) {
        if (err.code === 'ENOENT') return false;
        fs.copyFileSync(from, to);
      }
      return true;
    } catch {
      return false;
    }
  };
  const write = ([file, content]) => {
    try {
      folderOf(file);
      fs.writeFileSync(file, content);
      return true;
    } catch {
      return false;
    }
  };
  parentPort.postMessage({ id, made: pairs ? pairs.map(link) : files.map(write) });
});
`;

type Pending = { resolve: (made: boolean[]) => void; reject: (err: Error) => void };
let worker: Worker | undefined;
let next = 0;
const pending = new Map<number, Pending>();

function startLinker(): Worker {
  const w = new Worker(LINKER, { eval: true });
  w.on('message', ({ id, made }: { id: number; made: boolean[] }) => {
    pending.get(id)?.resolve(made);
    pending.delete(id);
    // The worker keeps the process alive only while it has work.
    if (pending.size === 0) w.unref();
  });
  const fail = (err: Error): void => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    worker = undefined;
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`the linking thread stopped (exit code ${code})`)));
  w.unref();
  return w;
}
