import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assembleShards, buildEdition } from '../../src/pipeline.ts';
import { recordPath } from '../../src/cache/build-record.ts';
import { buildsDirFor } from '../../src/publish/publish-site.ts';
import { FLAGSHIP, buildOptions, tempDir } from '../helpers/build.ts';
import { runColloquy, treeDigest } from '../helpers/run-build.ts';

// Publishing makes `<out>` a link to the new build and moves a real folder
// there aside, for the next build to remove. So a build publishes only where
// nothing, an empty folder, a link, or a site (or shard) colloquy built is:
// never over a folder of other files, nor over a file. Once published, the
// site stays, whatever follows.

const dir = tempDir('output-folder');

test('a folder of other files is refused before anything is written, and kept as it was', async () => {
  const out = path.join(dir, 'docs');
  fs.mkdirSync(path.join(out, 'guide'), { recursive: true });
  for (const name of ['README.md', 'notes.txt', 'index.html', 'style.css']) fs.writeFileSync(path.join(out, name), `${name} of the project\n`);
  const before = treeDigest(out);
  const outcome = await buildEdition([FLAGSHIP], buildOptions(out));
  assert.not.ok(outcome.ok);
  assert.is(outcome.ok ? '' : outcome.reason, `${out} is a folder of other files (\`README.md\`, \`guide\`, \`index.html\`, and 2 more), which publishing would replace; expected a new path, an empty folder, or a site colloquy built; nothing was published`);
  assert.is(treeDigest(out), before);
  assert.not.ok(fs.existsSync(buildsDirFor(out)), 'no builds folder');
  // The command line says so, and exits non-zero.
  const run = await runColloquy(['build', '--tei', FLAGSHIP, '--out', out], dir, { trace: false });
  assert.is.not(run.code, 0);
  assert.match(run.stderr, `colloquy build: ${out} is a folder of other files`);
  assert.is(treeDigest(out), before);
  // Nor does an assembly of shards publish there.
  const assembled = await assembleShards([path.join(dir, 'no-such-shard')], buildOptions(out, { inputs: [] }));
  assert.not.ok(assembled.ok);
  assert.match(assembled.ok ? '' : assembled.reason, /is a folder of other files/);
  assert.is(treeDigest(out), before);
});

test('a file is refused, and kept', async () => {
  const out = path.join(dir, 'site.txt');
  fs.writeFileSync(out, 'a file\n');
  const outcome = await buildEdition([FLAGSHIP], buildOptions(out));
  assert.not.ok(outcome.ok);
  assert.is(outcome.ok ? '' : outcome.reason, `${out} is a file; expected the path of a folder for the site (a new one, or one colloquy built); nothing was published`);
  assert.is(fs.readFileSync(out, 'utf8'), 'a file\n');
});

test('an empty folder, and a site colloquy built in a real folder, are replaced', async () => {
  const empty = path.join(dir, 'empty');
  fs.mkdirSync(empty);
  const first = await buildEdition([FLAGSHIP], buildOptions(empty));
  assert.ok(first.ok, first.ok ? '' : first.reason);
  assert.ok(fs.lstatSync(empty).isSymbolicLink());
  // A copy of that site in a real folder (as a copy or an unpacked archive
  // of the site would be): recognised by its stylesheet, and replaced.
  const copy = path.join(dir, 'copy');
  fs.cpSync(fs.realpathSync(empty), copy, { recursive: true, dereference: true });
  const second = await buildEdition([FLAGSHIP], buildOptions(copy));
  assert.ok(second.ok, second.ok ? '' : second.reason);
  assert.ok(fs.lstatSync(copy).isSymbolicLink());
  assert.is(treeDigest(fs.realpathSync(copy)), treeDigest(fs.realpathSync(empty)));
});

test('a build record that cannot be written leaves the site published, and says so', async () => {
  const out = path.join(dir, 'unrecorded');
  // A folder where the record goes: as a cache that cannot be written would be.
  const record = recordPath(out);
  fs.mkdirSync(record, { recursive: true });
  fs.writeFileSync(path.join(record, 'in-the-way'), '');
  try {
    for (let i = 0; i < 2; i++) {
      const outcome = await buildEdition([FLAGSHIP], buildOptions(out));
      assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
      assert.equal(
        outcome.edition.allMessages.filter((m) => m.ruleId === 'build-record').map((m) => m.severity),
        ['warning'],
      );
      assert.match(outcome.edition.allMessages.find((m) => m.ruleId === 'build-record')?.reason ?? '', /^The build record could not be written \(.+\): the site is published, and the next build will make every page again$/);
      assert.ok(fs.existsSync(path.join(out, 'documents', '1956-09-18-mao-cpsu-delegation', 'index.html')), `build ${i + 1}: the site is there`);
    }
  } finally {
    fs.rmSync(record, { recursive: true, force: true });
  }
});

test.run();
