import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compiledStylesheet } from '../../src/transform/compile-stylesheet.ts';
import { startTransformWorkers } from '../../src/transform/transform-tei.ts';
// @ts-expect-error: plain JavaScript shared with the worker threads (typed in its JSDoc)
import { runSaxon, WARM_UP_SAMPLE, warmUp } from '../../src/transform/saxon-run.js';

// src/transform/saxon-run.js: one run of saxon-js, as the transform's
// workers make it. A worker transforms a made-up sample before its first
// document, to warm saxon-js's code up (`warmUp`); saxon-js is given a
// stand-in for axios, its HTTP client, that refuses to fetch.

type Result = { ok: true; html: string; data: string; unmapped: string[] } | { ok: false; error: string };
const run = runSaxon as (sef: unknown, text: string, params: Record<string, unknown>) => Result;

const sef: unknown = JSON.parse(readFileSync(await compiledStylesheet(), 'utf8'));
const flagship = readFileSync(path.join(import.meta.dirname, '..', '..', 'tei', '1956-09-18-mao-cpsu-delegation.xml'), 'utf8');
const params = { root: '../../', 'entity-hrefs': { 'mao-zedong': 'persons/mao-zedong/' }, 'entity-names': { 'mao-zedong': 'Mao Zedong' } };

test('a worker gives, after its warm-up, what a transform on this thread gives', async () => {
  const here = run(sef, flagship, params);
  const workers = await startTransformWorkers(1);
  assert.ok(workers, 'a worker was started');
  try {
    const [there] = await workers.map<{ text: string }, Result>([{ text: flagship }], { shared: params });
    assert.ok(here.ok && there?.ok, 'both transforms went through');
    // (Compared as a whole, not shown: a difference would print the whole document.)
    assert.ok(there.html === here.html, 'the same HTML');
    assert.ok(there.data === here.data, 'the same data');
    assert.equal(there.unmapped, here.unmapped);
    // The parameters the build sends are the ones used, not the sample's.
    assert.ok(there.html.includes('href="../../persons/mao-zedong/"'), 'a link from the parameters');
  } finally {
    await workers.close();
  }
});

test('the warm-up sample goes through the stylesheet, each of its elements by a rule of its own', () => {
  assert.is((warmUp as (sef: unknown) => boolean)(sef), true);
  const result = run(sef, WARM_UP_SAMPLE as string, {});
  assert.ok(result.ok, result.ok ? '' : result.error);
  // An element the stylesheet has no rule for would warm up only the fallback.
  assert.equal(result.unmapped, []);
  const data = JSON.parse(result.data) as { units: Array<{ kind: string; who: string[] }>; notes: unknown[] };
  assert.equal(
    data.units.map((u) => u.kind),
    ['head', 'sp', 'stage', 'sp'],
  );
  assert.is(data.notes.length, 1);
});

test('saxon-js, as the transform loads it, fetches nothing over the network', async () => {
  // The same module instance as saxon-run.js's (modules are cached by path).
  const SaxonJS = createRequire(import.meta.url)('saxon-js') as { getResource(options: { location: string; type: string }): Promise<unknown> };
  // (Port 9 of this machine: nothing could be fetched from it in any case.)
  const error = await SaxonJS.getResource({ location: 'http://127.0.0.1:9/remote.xml', type: 'text' }).then(
    () => undefined,
    (err: Error) => err,
  );
  assert.ok(error, 'the read failed');
  assert.match(error.message, /the transform fetches nothing over the network \(asked for http:\/\/127\.0\.0\.1:9\/remote\.xml\)/);
});

test.run();
