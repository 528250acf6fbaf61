import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PROJECT_ROOT } from '../project.ts';
// @ts-expect-error: plain JavaScript shared with the worker thread (typed in its JSDoc)
import { makeFiles as makeFilesJs } from './link-run.js';

type Work = { pairs?: Array<[string, string, string?]>; files?: Array<[string, Uint8Array, string?]>; folders?: Array<[string, string, string[]]> };
const makeFiles = makeFilesJs as (work: Work) => boolean[];

/**
 * Hard links from `from` to `to` for each pair (a copy where a link is not
 * possible, as on another file system), the folders of the links made as
 * needed; for each pair, whether it was made. A missing `from` is a failure,
 * not a copy. A pair's `take`, and `folders`, are files and folders of the
 * build before the published one with the same bytes, moved rather than
 * linked where they are whole (publish/recycle.ts, link-run.js).
 *
 * A rebuild of 1,000 documents linked some 92,000 files from the published
 * build and the search cache. Linked with a promise each from the main
 * thread, that took about 1 s of the main thread's time in a profile, taken
 * from the site stage running beside it, and the links waited for the main
 * thread to be free. The links are made in a worker thread instead, with
 * synchronous calls (link-run.js), a batch per message, the site stage's
 * batches before the search bundles' (`background`, link-worker.js).
 * Batches of fewer than 500 files are made here, with the same calls:
 * starting the thread costs more than they do (on the flagship's 350 search
 * files, the index stage took some 100 ms longer through the thread), while
 * a batch of 100 documents' pages and downloads (1,100 files) goes to the
 * thread.
 */
export function linkFiles(pairs: Array<[from: string, to: string, take?: string]>, options: Priority & { folders?: Array<[take: string, to: string, files: string[]]> } = {}): Promise<boolean[]> {
  return send(options.folders?.length ? { pairs, folders: options.folders } : { pairs }, options);
}

/** `background`: work no one waits on soon (the search bundles); the thread makes the other batches first. */
export type Priority = { background?: boolean };

/**
 * Writes files (their folders made as needed) in the same worker thread; for
 * each, whether it was written. For the thousands of small files of a search
 * bundle, as for links, the main thread would otherwise be in their way. A
 * file with `like` is a hard link to that file if it holds the same bytes.
 */
export function writeFiles(files: Array<{ path: string; content: Uint8Array; like?: string }>, options: Priority = {}): Promise<boolean[]> {
  return send({ files: files.map((f) => (f.like ? [f.path, f.content, f.like] : [f.path, f.content])) }, options);
}

/** Below this many files, a batch is made on this thread (see linkFiles). */
const IN_THREAD = 500;

async function send(work: Work, { background = false }: Priority): Promise<boolean[]> {
  const count = (work.pairs ?? work.files ?? []).length;
  if (count === 0) return [];
  if (count < IN_THREAD) return makeFiles(work);
  const linker = (worker ??= startLinker());
  const id = next++;
  return new Promise<boolean[]>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    linker.ref();
    linker.postMessage({ id, background, ...work });
  });
}

type Pending = { resolve: (made: boolean[]) => void; reject: (err: Error) => void };
let worker: Worker | undefined;
let next = 0;
const pending = new Map<number, Pending>();

function startLinker(): Worker {
  const w = new Worker(pathToFileURL(path.join(PROJECT_ROOT, 'src', 'cache', 'link-worker.js')));
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
