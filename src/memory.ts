import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * How the build keeps its memory near what it holds. V8 lets a heap grow to
 * several times its live data before it collects again, the more so when a
 * program allocates fast, as the site and index stages do: on 1,000
 * documents the heap passed 1 GB where a forced collection left about
 * 550 MB. Two measures, both for the main thread's sake:
 *
 * - the stages after the transform run with the heap's growth held to 30 %
 *   over what the last full collection left (not before: the flag is the
 *   whole process's, and the transform's workers ran a third slower with
 *   it);
 * - the garbage of validation (every file is parsed twice) is collected when
 *   the stage ends, if the heap is large; otherwise it would stay while the
 *   workers transform.
 *
 * Neither changes what is built; both cost time only on large corpora.
 */
const HEAP_GROWING_PERCENT = 30;
const LARGE_HEAP = 256 * 1024 * 1024;

/** Runs `work` with the heap's growth bounded, and restores V8's own heuristics after it. */
export async function withBoundedHeapGrowth<T>(work: () => Promise<T>): Promise<T> {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  try {
    return await work();
  } finally {
    v8.setFlagsFromString('--heap-growing-percent=0'); // 0: V8 chooses the factor
  }
}

/** Collects garbage now if the heap is larger than LARGE_HEAP (small builds pay nothing). */
export function collectIfLarge(): void {
  if (process.memoryUsage().heapUsed >= LARGE_HEAP) collectGarbage();
}

/** A full collection, now. */
export function collectGarbage(): void {
  collector()?.();
}

let gc: (() => void) | null | undefined;

/** V8's collector as a function, exposed at the first need (a flag set at run time, then read by a new context). */
function collector(): (() => void) | undefined {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  return gc ?? undefined;
}
