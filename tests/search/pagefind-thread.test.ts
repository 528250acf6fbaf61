import { execFileSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type * as pagefind from 'pagefind';
import { pagefindHere, PagefindThread } from '../../src/index/pagefind-thread.ts';

// Pagefind fed from a thread of its own (src/index/pagefind-thread.ts), or
// from this one for an index built alone: the bundle comes back whole,
// Pagefind's failures come back as errors, and closing stops the thread and
// Pagefind's process.

const record = (n: number, content: string): pagefind.CustomRecord => ({ url: `/documents/d/#sp-${n}`, content, language: 'en', filters: { speaker: [`Speaker ${n % 3}`] } });

/** Pagefind processes running now (not finished ones), by pid. */
function pagefindProcesses(): Set<string> {
  const out = execFileSync('ps', ['-eo', 'pid=,stat=,comm='], { encoding: 'utf8' });
  return new Set(
    out
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([, stat, comm]) => comm?.startsWith('pagefind') && !stat?.startsWith('Z'))
      .map(([pid]) => pid as string),
  );
}

test('a bundle is built from its records, and a second one by the same thread', async () => {
  const thread = new PagefindThread();
  try {
    const records = Array.from({ length: 1200 }, (_, n) => record(n, `turn ${n} about the ${n % 2 ? 'harvest' : 'conference'} quota${n}`));
    const told: number[] = [];
    const files = await thread.build(records, 'en', (done) => told.push(done));
    // The progress line is told of each batch of 500 as Pagefind takes it.
    assert.equal(told, [500, 1000, 1200]);
    const paths = files.map((f) => f.path);
    assert.ok(paths.includes('pagefind-entry.json'), paths.slice(0, 5).join(', '));
    assert.ok(paths.some((p) => p.startsWith('fragment/')));
    const entry = JSON.parse(Buffer.from((files.find((f) => f.path === 'pagefind-entry.json') as { content: Uint8Array }).content).toString('utf8')) as { languages: Record<string, { page_count: number }> };
    // Every record of every batch of 500 reached the index.
    assert.equal(entry.languages.en?.page_count, 1200);
    const again = await thread.build([record(1, 'one more')], 'en');
    const second = JSON.parse(Buffer.from((again.find((f) => f.path === 'pagefind-entry.json') as { content: Uint8Array }).content).toString('utf8')) as { languages: Record<string, { page_count: number }> };
    assert.equal(second.languages.en?.page_count, 1);
  } finally {
    await thread.close();
  }
});

test("Pagefind's refusal of a record is the build's error, with Pagefind's message", async () => {
  const thread = new PagefindThread();
  try {
    const bad = { content: 'no address', language: 'en' } as unknown as pagefind.CustomRecord;
    let message = '';
    await thread.build([record(1, 'fine'), bad], 'en').catch((err: Error) => (message = err.message));
    assert.match(message, /missing field `url`/);
  } finally {
    await thread.close();
  }
});

test('from this thread, the same bundle, the same progress, and the same error for a refused record', async () => {
  const here = pagefindHere();
  try {
    const records = Array.from({ length: 1200 }, (_, n) => record(n, `turn ${n} about the ${n % 2 ? 'harvest' : 'conference'} quota${n}`));
    const told: number[] = [];
    const files = await here.build(records, 'en', (done) => told.push(done));
    assert.equal(told, [500, 1000, 1200]);
    const entry = JSON.parse(Buffer.from((files.find((f) => f.path === 'pagefind-entry.json') as { content: Uint8Array }).content).toString('utf8')) as { languages: Record<string, { page_count: number }> };
    assert.equal(entry.languages.en?.page_count, 1200);
    let message = '';
    await here.build([{ content: 'no address', language: 'en' } as unknown as pagefind.CustomRecord], 'en').catch((err: Error) => (message = err.message));
    assert.match(message, /missing field `url`/);
  } finally {
    await here.close();
  }
});

test("closing stops Pagefind's process and the thread", async () => {
  const before = pagefindProcesses();
  const thread = new PagefindThread();
  await thread.build([record(1, 'something to index')], 'en');
  const during = [...pagefindProcesses()].filter((pid) => !before.has(pid));
  assert.ok(during.length >= 1, 'Pagefind runs while the thread builds');
  await thread.close();
  // The process has been killed; it may take a moment to go.
  let left = during;
  for (let i = 0; i < 50 && left.length; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = pagefindProcesses();
    left = during.filter((pid) => now.has(pid));
  }
  assert.equal(left, []);
  let message = '';
  await thread.build([record(2, 'after closing')], 'en').catch((err: Error) => (message = err.message));
  assert.match(message, /stopped/);
});

test.run();
