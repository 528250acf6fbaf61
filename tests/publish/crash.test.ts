import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FLAGSHIP, tempDir } from '../helpers/build.ts';
import { runColloquy, treeDigest } from '../helpers/run-build.ts';

// A build killed with SIGKILL at any moment leaves `site` as either the
// complete old site or the complete new one, byte for byte, and the next
// build removes what the killed one left behind.
//
// The kill points are spread over the length of a full build, with a seeded
// jitter so that a failure can be reproduced (COLLOQUY_CRASH_SEED=<n>).

const KILLS = 20;
const SEED = Number(process.env.COLLOQUY_CRASH_SEED ?? 1956);

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const build = (dir: string, input: string, out: string, timeoutMs?: number) =>
  runColloquy(['build', '--tei', input, '--out', out], dir, { trace: false, ...(timeoutMs === undefined ? {} : { timeoutMs }) });

const digestOf = (site: string): string => treeDigest(fs.realpathSync(site));

/** What is in the builds folder (build folders, a killed build's lock) and the links beside the site. */
function leftovers(dir: string): string[] {
  const builds = fs.readdirSync(path.join(dir, '.site-builds'));
  const links = fs.readdirSync(dir).filter((f) => /^site\..*\.link$/.test(f));
  return [...builds.map((b) => `.site-builds/${b}`), ...links];
}

test(`a build killed at ${KILLS} points leaves the old or the new site, never a mix, and the next build cleans up`, async () => {
  const dir = tempDir('crash');
  const oldInput = path.join(dir, 'old');
  const newInput = path.join(dir, 'new');
  fs.mkdirSync(oldInput);
  fs.mkdirSync(newInput);
  const tei = fs.readFileSync(FLAGSHIP, 'utf8');
  fs.writeFileSync(path.join(oldInput, path.basename(FLAGSHIP)), tei);
  // The new input differs in one word of one speech, so every stage has work to do.
  const edited = tei.replace(/(<sp xml:id="sp-002"[^>]*>[\s\S]*?<p>)/, '$1Indeed, ');
  assert.is.not(edited, tei);
  fs.writeFileSync(path.join(newInput, path.basename(FLAGSHIP)), edited);

  const first = await build(dir, oldInput, 'site');
  assert.is(first.code, 0, first.stderr);
  const oldDigest = digestOf(path.join(dir, 'site'));
  const reference = await build(dir, newInput, 'reference');
  assert.is(reference.code, 0, reference.stderr);
  const newDigest = digestOf(path.join(dir, 'reference'));
  assert.is.not(newDigest, oldDigest);
  // The kills are timed by a build like the ones killed: the old site
  // published, the caches warm (they make it much faster than the first).
  const warm = await build(dir, newInput, 'site');
  assert.is(warm.code, 0, warm.stderr);
  assert.is(digestOf(path.join(dir, 'site')), newDigest);
  const duration = warm.ms;
  const restored = await build(dir, oldInput, 'site');
  assert.is(restored.code, 0, restored.stderr);
  assert.is(digestOf(path.join(dir, 'site')), oldDigest);

  const rand = random(SEED);
  const outcomes: string[] = [];
  let leftBehind = 0;
  const published = new Set(fs.readdirSync(path.join(dir, '.site-builds')));
  for (let i = 0; i < KILLS; i++) {
    // Fifteen points over the first 85 % of a build, five over its end (publishing) and just past it.
    const [from, to, k, n] = i < 15 ? [0, 0.85, i, 15] : [0.85, 1.03, i - 15, 5];
    const delay = Math.round(duration * (from + ((to - from) * (k + rand())) / n));
    const run = await build(dir, newInput, 'site', delay);
    const site = path.join(dir, 'site');
    assert.ok(fs.existsSync(site), `after a kill at ${delay} ms, site/ is missing`);
    const digest = digestOf(site);
    const state = digest === oldDigest ? 'old' : digest === newDigest ? 'new' : 'MIXED';
    outcomes.push(`${delay} ms: ${run.signal ?? `exit ${run.code}`}, ${state}`);
    assert.is.not(state, 'MIXED', `after a kill at ${delay} ms, site/ is neither the old nor the new site:\n${outcomes.join('\n')}`);
    // A work folder of the killed build (a build ever published stays until the one after next).
    published.add(path.basename(fs.realpathSync(site)));
    if (leftovers(dir).some((f) => f.startsWith('.site-builds/build-') && !published.has(path.basename(f)))) leftBehind++;
    if (state === 'new') {
      // Go back to the old site for the next kill.
      const back = await build(dir, oldInput, 'site');
      assert.is(back.code, 0, back.stderr);
      published.add(path.basename(fs.realpathSync(site)));
      assert.is(digestOf(site), oldDigest);
    }
  }
  process.stdout.write(`\nKills (seed ${SEED}, full build ${Math.round(duration)} ms):\n  ${outcomes.join('\n  ')}\n`);
  assert.ok(outcomes.filter((o) => o.includes('SIGKILL')).length >= KILLS / 2, 'most builds were killed before they finished');
  assert.ok(leftBehind > 0, 'some kill left a work folder behind (so the clean-up below is tested)');

  const replaced = path.basename(fs.realpathSync(path.join(dir, 'site')));
  const last = await build(dir, newInput, 'site');
  assert.is(last.code, 0, last.stderr);
  assert.is(digestOf(path.join(dir, 'site')), newDigest);
  // Left: the published build, and the one it replaced (removed when the next build starts).
  const current = path.basename(fs.realpathSync(path.join(dir, 'site')));
  assert.equal(leftovers(dir).sort(), [`.site-builds/${current}`, `.site-builds/${replaced}`].sort(), 'only the published build and the one it replaced are left');
});

test.run();
