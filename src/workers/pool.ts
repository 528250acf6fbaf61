import os from 'node:os';
import { Worker } from 'node:worker_threads';

/** How many workers a stage may use: one per core, unless COLLOQUY_WORKERS says otherwise. */
export function workerCount(): number {
  const configured = Number(process.env.COLLOQUY_WORKERS);
  return Number.isInteger(configured) && configured >= 0 ? configured : os.availableParallelism();
}

/**
 * Worker threads of one script, started before they are needed: a stage
 * whose workers must load a large library (saxon-js takes about half a second)
 * can start them while an earlier stage runs on this thread, and use them
 * once its input is ready.
 *
 * `map` runs items through the workers, each taking the next item as soon as
 * it is done with one (the largest first, so that the last to finish is a
 * small one). Each item is posted as `{ id, ...item }`; the worker answers
 * `{ id, result }`. A `shared` value is posted to each worker once, as
 * `{ shared }`, before its first item. Results come back in input order;
 * `onResult` is called as each arrives.
 *
 * A pool may start with fewer workers than its size: `map` starts more, up
 * to its size, when it is given more items than there are workers.
 */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private failure: Error | undefined;
  private closed = false;

  /** A pool of at most `size` workers, of which `start` start now (the others with `grow`). */
  constructor(
    private readonly script: URL,
    private readonly workerData: unknown,
    private readonly size: number,
    start = size,
  ) {
    this.grow(start);
  }

  /** How many workers have started. */
  get started(): number {
    return this.workers.length;
  }

  /** Starts workers until there are `count` (at most the pool's size). */
  grow(count = this.size): void {
    while (!this.closed && this.workers.length < Math.max(1, Math.min(this.size, count))) {
      const worker = new Worker(this.script, { workerData: this.workerData });
      // A worker that fails while idle (e.g. loading its script) fails the next map.
      worker.on('error', (err) => (this.failure ??= err));
      this.workers.push(worker);
    }
  }

  async map<I extends object, O>(items: I[], options: { shared?: unknown; weight?: (item: I) => number; onResult?: (result: O, index: number) => void } = {}): Promise<O[]> {
    if (this.failure) throw this.failure;
    if (this.closed) throw new Error('the workers were stopped');
    // A pool started small (see the constructor) grows to the work it is given.
    this.grow(items.length);
    const results = new Array<O>(items.length);
    const order = items.map((_, i) => i);
    const weight = options.weight;
    if (weight) order.sort((a, b) => weight(items[b] as I) - weight(items[a] as I));
    let next = 0;
    const used = this.workers.slice(0, Math.max(1, Math.min(this.workers.length, items.length)));
    await Promise.all(
      used.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const done = (err?: Error): void => {
              worker.off('message', onMessage);
              worker.off('error', onError);
              worker.off('exit', onExit);
              if (err) reject(err);
              else resolve();
            };
            const send = (): void => {
              if (next >= order.length) return done();
              const id = order[next++] as number;
              worker.postMessage({ id, ...items[id] });
            };
            const onMessage = ({ id, result }: { id: number; result: O }): void => {
              results[id] = result;
              options.onResult?.(result, id);
              send();
            };
            const onError = (err: Error): void => done(err);
            const onExit = (code: number): void => done(new Error(`a worker stopped (exit ${code})`));
            worker.on('message', onMessage);
            worker.on('error', onError);
            worker.on('exit', onExit);
            if (options.shared !== undefined) worker.postMessage({ shared: options.shared });
            send();
          }),
      ),
    );
    return results;
  }

  /** Stops the workers (again: a no-op). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.splice(0).map((w) => w.terminate()));
  }
}

/**
 * Runs `work` over `items` with at most `limit` at a time on this thread
 * (for I/O-bound steps such as reading cache entries), results in input order.
 */
export async function mapLimited<I, O>(items: readonly I[], limit: number, work: (item: I, index: number) => Promise<O>): Promise<O[]> {
  const results = new Array<O>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as I, i);
    }
  });
  await Promise.all(runners);
  return results;
}

/** Waits for every piece of work, and fails with the first failure once none is running. */
export async function together(...work: Array<Promise<unknown>>): Promise<void> {
  const settled = await Promise.allSettled(work);
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
}

/** Resolves on the event loop's next turn, after the I/O that is ready (a long computation's pause for other work). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
