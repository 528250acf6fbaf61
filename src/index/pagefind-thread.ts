import { once } from 'node:events';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type * as pagefind from 'pagefind';
import { PROJECT_ROOT } from '../project.ts';

export type BundleFile = { path: string; content: Uint8Array };

/** What builds the index's bundles: Pagefind from this thread, or from a thread of its own. */
export interface BundleBuilder {
  build(records: pagefind.CustomRecord[], language: string, progress?: (done: number) => void): Promise<BundleFile[]>;
  close(): Promise<void>;
}

/** Pagefind, run from this thread (pagefind-bundle.js): for an index built after the pages, with no thread to start. */
export function pagefindHere(): BundleBuilder {
  // @ts-expect-error: plain JavaScript shared with the index's thread (typed in its JSDoc)
  const loading = import('./pagefind-bundle.js') as Promise<{ buildBundle: (records: pagefind.CustomRecord[], language: string, progress: (done: number) => void) => Promise<BundleFile[]>; closePagefind: () => Promise<void> }>;
  return {
    async build(records, language, progress) {
      return (await loading).buildBundle(records, language, progress ?? (() => undefined));
    },
    // (Pagefind's close is a no-op when its process was never started.)
    async close() {
      await (await loading).closePagefind();
    },
  };
}

/**
 * Pagefind, run from a thread of its own (pagefind-worker.js). Pagefind's
 * process takes its records and gives back its files through pipes, which
 * only an event loop empties: from the main thread, while the site stage
 * rendered pages, the records of a changed bucket waited for the loop
 * between one page and the next, and the bundle's files (a few megabytes,
 * as base64) were decoded between pages too. The thread's loop does nothing
 * else.
 */
export class PagefindThread implements BundleBuilder {
  private readonly worker: Worker;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (files: BundleFile[]) => void; reject: (err: Error) => void; progress?: (done: number) => void }>();
  private failure: Error | undefined;

  constructor() {
    this.worker = new Worker(pathToFileURL(path.join(PROJECT_ROOT, 'src', 'index', 'pagefind-worker.js')));
    this.worker.on('message', (message: { id: number; done?: number; result?: { files: BundleFile[] }; error?: string }) => {
      const waiting = this.waiting.get(message.id);
      if (message.done !== undefined) return waiting?.progress?.(message.done);
      this.waiting.delete(message.id);
      if (message.error !== undefined || !message.result) waiting?.reject(new Error(message.error ?? 'Pagefind gave no files'));
      else waiting?.resolve(message.result.files);
    });
    const fail = (err: Error): void => {
      this.failure ??= err;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the search index's thread stopped (exit code ${code})`)));
  }

  /** One bundle's files, built from `records` in `language`; `progress` is told how many records Pagefind has taken so far. */
  build(records: pagefind.CustomRecord[], language: string, progress?: (done: number) => void): Promise<BundleFile[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, progress });
      this.worker.postMessage({ id, records, language });
    });
  }

  /** Stops Pagefind's process and the thread (after a second, by force). */
  async close(): Promise<void> {
    if (this.failure) return;
    const exited = once(this.worker, 'exit').catch(() => undefined);
    this.worker.postMessage({ close: true });
    const timer = setTimeout(() => void this.worker.terminate(), 1000);
    await exited;
    clearTimeout(timer);
  }
}
