import fs from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { mapLimited } from '../workers/pool.ts';

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
 * calls, a batch per message. Batches of fewer than 500 files are made
 * here: starting the thread costs more than they do (on the flagship's 350
 * search files, the index stage took some 100 ms longer through the
 * thread), while a batch of 100 documents' pages and downloads (1,100
 * files) goes to the thread.
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

/** Below this many files, a batch is made on this thread (see linkFiles). */
const IN_THREAD = 500;

async function send(work: { pairs?: Array<[string, string]>; files?: Array<[string, Uint8Array]> }): Promise<boolean[]> {
  const count = (work.pairs ?? work.files ?? []).length;
  if (count === 0) return [];
  if (count < IN_THREAD) return here(work);
  const linker = (worker ??= startLinker());
  const id = next++;
  return new Promise<boolean[]>((resolve, reject) => {
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

/** The same work as the thread's, on this thread. */
async function here(work: { pairs?: Array<[string, string]>; files?: Array<[string, Uint8Array]> }): Promise<boolean[]> {
  const folders = new Map<string, Promise<unknown>>();
  const folderOf = (file: string): Promise<unknown> => {
    const folder = path.dirname(file);
    let made = folders.get(folder);
    if (!made) folders.set(folder, (made = fs.mkdir(folder, { recursive: true })));
    return made;
  };
  const link = async ([from, to]: [string, string]): Promise<boolean> => {
    try {
      await folderOf(to);
      await fs.link(from, to).catch(async (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') throw err;
        await fs.copyFile(from, to);
      });
      return true;
    } catch {
      return false;
    }
  };
  const write = async ([file, content]: [string, Uint8Array]): Promise<boolean> => {
    try {
      await folderOf(file);
      await fs.writeFile(file, content);
      return true;
    } catch {
      return false;
    }
  };
  return work.pairs ? mapLimited(work.pairs, 32, link) : mapLimited(work.files ?? [], 32, write);
}

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
