import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WorkerPool } from '../../src/workers/pool.ts';

// A pool that starts small (a rebuild's transform: one worker loads saxon-js
// beside validation) grows to the work it is given, never past its size.

let script: URL;
let dir: string;

test.before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'colloquy-pool-'));
  const file = path.join(dir, 'echo-worker.mjs');
  // Answers each item with the thread that took it, after a pause, so that
  // every started worker takes a share of a long enough list.
  await fs.writeFile(
    file,
    `import { parentPort, threadId } from 'node:worker_threads';
parentPort.on('message', (m) => { if ('shared' in m) return; setTimeout(() => parentPort.postMessage({ id: m.id, result: { n: m.n, thread: threadId } }), 20); });
`,
  );
  script = pathToFileURL(file);
});

test.after(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

test('a pool started with one worker keeps one for one item, and grows to its size for more', async () => {
  const pool = new WorkerPool(script, undefined, 3, 1);
  try {
    assert.is(pool.started, 1);
    const one = await pool.map<{ n: number }, { n: number; thread: number }>([{ n: 7 }]);
    assert.equal(one.map((r) => r.n), [7]);
    assert.is(pool.started, 1);
    const many = await pool.map<{ n: number }, { n: number; thread: number }>(Array.from({ length: 12 }, (_, n) => ({ n })));
    // Every item answered, in input order, by the three workers.
    assert.equal(many.map((r) => r.n), Array.from({ length: 12 }, (_, n) => n));
    assert.is(pool.started, 3);
    assert.is(new Set(many.map((r) => r.thread)).size, 3);
  } finally {
    await pool.close();
  }
});

test('a pool started whole does not grow, and a closed pool refuses work', async () => {
  const pool = new WorkerPool(script, undefined, 2);
  assert.is(pool.started, 2);
  await pool.map<{ n: number }, unknown>(Array.from({ length: 5 }, (_, n) => ({ n })));
  assert.is(pool.started, 2);
  await pool.close();
  let message = '';
  await pool.map<{ n: number }, unknown>([{ n: 1 }]).catch((err: Error) => (message = err.message));
  assert.match(message, /stopped/);
  pool.grow();
  assert.is(pool.started, 0);
});

test.run();
