import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PROJECT_ROOT } from '../../src/project.ts';
import { compiledStylesheet } from '../../src/transform/compile-stylesheet.ts';
import { FLAGSHIP, tempDir } from '../helpers/build.ts';

// The benchmark's speed probe (bench/speed-probe.js): the flagship's
// transform, timed five times after two to warm up; it reports their median,
// and fails rather than time a transform that failed.

const PROBE = path.join(PROJECT_ROOT, 'bench', 'speed-probe.js');

test('the probe gives five timings and their median', async () => {
  const out = execFileSync(process.execPath, [PROBE, await compiledStylesheet(), FLAGSHIP], { encoding: 'utf8' });
  const { medianMs, samples } = JSON.parse(out) as { medianMs: number; samples: number[] };
  assert.is(samples.length, 5);
  assert.ok(samples.every((s) => Number.isInteger(s) && s > 0), `timings ${samples.join(', ')}`);
  assert.is(medianMs, [...samples].sort((a, b) => a - b)[2]);
});

test('the probe fails on a document the stylesheet cannot read', async () => {
  const bad = path.join(tempDir('probe'), 'bad.xml');
  fs.writeFileSync(bad, '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text>');
  const run = spawnSync(process.execPath, [PROBE, await compiledStylesheet(), bad], { encoding: 'utf8' });
  assert.is.not(run.status, 0);
  assert.match(run.stderr, /the probe's transform failed/);
});

test.run();
