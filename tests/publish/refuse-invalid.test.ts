import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../src/cli/main.ts';
import { buildEdition } from '../../src/pipeline.ts';
import { FLAGSHIP, buildOptions, tempDir } from '../helpers/build.ts';
import { snapshot } from '../helpers/snapshot.ts';

test('an invalid TEI makes the build exit 1 and leaves the previous site exactly as it was', async () => {
  const dir = tempDir('refuse');
  const out = path.join(dir, 'site');
  const good = await buildEdition([FLAGSHIP], buildOptions(out));
  assert.ok(good.ok);
  const before = snapshot(out);
  assert.match(before, /^\d+ files [0-9a-f]{64}$/);

  // The canonical file with one broken pointer, as an archivist might save it.
  const broken = path.join(dir, '1956-09-18-mao-cpsu-delegation.xml');
  fs.writeFileSync(broken, fs.readFileSync(FLAGSHIP, 'utf8').replace('<sp xml:id="sp-002" who="#anastas-mikoyan">', '<sp xml:id="sp-002" who="#anastas-mikoyn">'));
  const bad = await buildEdition([broken], buildOptions(out));
  assert.not.ok(bad.ok);
  assert.match(bad.ok ? '' : bad.reason, /1 file has errors; nothing was published/);
  assert.ok(bad.edition.allMessages.some((m) => m.ruleId === 'pointer-resolves' && m.line === 217));
  assert.is(snapshot(out), before);
  assert.equal(fs.readdirSync(path.join(dir, '.site-builds')).length, 1, 'no work folder is left behind');
});

test('a failure after validation (here: in the site stage) also leaves the site and cleans up', async () => {
  const dir = tempDir('fail-late');
  const out = path.join(dir, 'site');
  assert.ok((await buildEdition([FLAGSHIP], buildOptions(out))).ok);
  const before = snapshot(out);
  const builds = path.join(dir, '.site-builds');
  const published = fs.readdirSync(builds);
  // The site stage fails as it starts (the work folder is made by then), in a build with work to do.
  const edited = path.join(dir, 'edited.xml');
  fs.writeFileSync(edited, fs.readFileSync(FLAGSHIP, 'utf8').replace('<p>', '<p>Also '));
  const stages: string[] = [];
  const outcome = await buildEdition([edited], buildOptions(out), {
    progress: (stage) => {
      stages.push(stage);
      if (stage === 'site') throw new Error('the site stage broke');
    },
  });
  assert.ok(stages.includes('extract'), 'validation, the transform and the extract stage ran');
  assert.not.ok(outcome.ok);
  assert.is(outcome.ok ? '' : outcome.reason, 'the build failed: the site stage broke; the published site is unchanged');
  assert.is(snapshot(out), before);
  assert.equal(fs.readdirSync(builds), published, 'the work folder is removed, and the lock released');
});

test('an output whose builds folder cannot be made is refused before any work, with what was found and expected', async () => {
  const dir = tempDir('fail-lock');
  const out = path.join(dir, 'site');
  assert.ok((await buildEdition([FLAGSHIP], buildOptions(out))).ok);
  const before = snapshot(out);
  // A file where the builds folder should be.
  const builds = path.join(dir, '.site-builds');
  fs.renameSync(builds, `${builds}.moved`);
  fs.writeFileSync(builds, 'not a folder');
  const stages: string[] = [];
  const outcome = await buildEdition([FLAGSHIP], buildOptions(out), { progress: (stage) => void stages.push(stage) });
  assert.not.ok(outcome.ok);
  assert.is(outcome.ok ? '' : outcome.reason, `the folder of ${out}'s builds (${builds}) could not be made (a file is there); expected a folder this build may write in; nothing was published`);
  assert.equal(stages, [], 'no stage ran');
  fs.rmSync(builds);
  fs.renameSync(`${builds}.moved`, builds);
  assert.is(snapshot(out), before);
});

test('colloquy build exits 1 on invalid TEI and prints the diagnostic', async () => {
  const dir = tempDir('cli-refuse');
  const broken = path.join(dir, 'x.xml');
  fs.writeFileSync(broken, fs.readFileSync(FLAGSHIP, 'utf8').replace('<birth when="1895"/>', '<birth when="1895-02-30"/>'));
  let err = '';
  const code = await main(['build', '--tei', broken, '--schema', 'project', '--strict', '--out', path.join(dir, 'site')], { out: () => {}, err: (t) => void (err += t) });
  assert.is(code, 1);
  assert.match(err, /x\.xml:90:22 {2}error {2}Found `@when="1895-02-30"` on `<birth>`, which names day 30 of a month that has 28 days/);
  assert.match(err, /colloquy build: 1 file has errors; nothing was published/);
  assert.not.ok(fs.existsSync(path.join(dir, 'site')));
});

test('colloquy build --help, and usage errors', async () => {
  let out = '';
  assert.is(await main(['build', '--help'], { out: (t) => void (out += t), err: () => {} }), 0);
  assert.match(out, /^Usage: colloquy build/);
  let err = '';
  assert.is(await main(['build', '--base', 'no-slash'], { out: () => {}, err: (t) => void (err += t) }), 2);
  assert.match(err, /--base must be a path such as \/ or \/edition\//);
  assert.is(await main(['build', '--site-url', 'javascript:alert(1)'], { out: () => {}, err: () => {} }), 2);
});

test.run();
