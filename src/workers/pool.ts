import os from 'node:os';
import { Worker } from 'node:worker_threads';

/** How many workers a stage may use: one per core, unless COLLOQUY_WORKERS says otherwise. */
export function workerCount(): number {
  const configured = Number(process.env.COLLOQUY_WORKERS);
  return Number.isInteger(configured) && configured >= 0 ? configured : os.availableParallelism();
}

/**
 * Runs `items` through `size` worker threads of `script`, each taking the
 * next item as soon as it is done with one (the largest first, so that the
 * last to finish is a small one). Each item is posted as `{ id, ...item }`;
 * the worker answers `{ id, result }`. Results come back in input order;
 * `onResult` is called as each arrives.
 */
export async function mapInWorkers<I extends object, O>(
  script: URL,
  workerData: unknown,
  items: I[],
  options: { size: number; weight?: (item: I) => number; onResult?: (result: O, index: number) => void },
): Promise<O[]> {
  const results = new Array<O>(items.length);
  const order = items.map((_, i) => i);
  const weight = options.weight;
  if (weight) order.sort((a, b) => weight(items[b] as I) - weight(items[a] as I));
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(options.size, items.length)) }, () => new Worker(script, { workerData }));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = (): void => {
              if (next >= order.length) return resolve();
              const id = order[next++] as number;
              worker.postMessage({ id, ...items[id] });
            };
            worker.on('message', ({ id, result }: { id: number; result: O }) => {
              results[id] = result;
              options.onResult?.(result, id);
              send();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => (next < order.length || code !== 0 ? reject(new Error(`a worker stopped (exit ${code})`)) : undefined));
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
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
