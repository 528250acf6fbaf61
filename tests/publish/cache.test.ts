import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildEdition } from '../../src/pipeline.ts';
import { FLAGSHIP, buildOptions, tempDir } from '../helpers/build.ts';
import { treeDigest } from '../helpers/run-build.ts';

// The cache: an unchanged document is not transformed again and gives the
// same site; a changed one is; a build of what is already published does
// nothing and says what it said before.

const digest = (out: string): string => treeDigest(fs.realpathSync(out));

test('a cached transform gives the same site as a fresh one, and a changed document is transformed again', async () => {
  const dir = tempDir('cache');
  const input = path.join(dir, 'input');
  fs.mkdirSync(input);
  const file = path.join(input, path.basename(FLAGSHIP));
  // A word of one speech differs from the canonical file, so that no earlier test's cache entry applies.
  const marker = `cache-test-${process.pid}-${Date.now()}`;
  fs.writeFileSync(file, fs.readFileSync(FLAGSHIP, 'utf8').replace('Let us start the discussion', `Let us start the ${marker} discussion`));
  const opts = (out: string) => buildOptions(path.join(dir, out), { inputs: [input], profile: 'generic', schema: 'project' });

  const first = await buildEdition([file], opts('first'));
  assert.ok(first.ok);
  assert.equal(first.edition.cacheStats.transform, { hits: 0, misses: 1 });
  const second = await buildEdition([file], opts('second'));
  assert.ok(second.ok);
  assert.equal(second.edition.cacheStats.transform, { hits: 1, misses: 0 });
  assert.is(digest(path.join(dir, 'second')), digest(path.join(dir, 'first')));
  assert.ok(fs.readFileSync(path.join(fs.realpathSync(path.join(dir, 'second')), 'documents', '1956-09-18-mao-cpsu-delegation', 'index.html'), 'utf8').includes(marker));

  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(marker, `${marker}-edited`));
  const third = await buildEdition([file], opts('second'));
  assert.ok(third.ok);
  assert.equal(third.edition.cacheStats.transform, { hits: 0, misses: 1 });
  assert.ok(fs.readFileSync(path.join(fs.realpathSync(path.join(dir, 'second')), 'documents', '1956-09-18-mao-cpsu-delegation', 'index.html'), 'utf8').includes(`${marker}-edited`));
});

test('a build of what is already published does nothing, keeps the site and repeats its messages', async () => {
  const dir = tempDir('noop');
  const input = path.join(dir, 'input');
  fs.mkdirSync(input);
  const file = path.join(input, 'doc.xml');
  // A speaker label that does not match its @who: a warning that the no-op must repeat.
  fs.writeFileSync(file, fs.readFileSync(FLAGSHIP, 'utf8').replace('<speaker>Mikoyan</speaker>', '<speaker>Someone else</speaker>'));
  const opts = buildOptions(path.join(dir, 'site'), { inputs: [input], profile: 'generic', schema: 'none' });
  const first = await buildEdition([file], opts);
  assert.ok(first.ok);
  assert.is(first.edition.upToDate, undefined);
  const warnings = first.edition.allMessages.map((m) => JSON.stringify(m.toJSON()));
  assert.ok(warnings.some((w) => w.includes('Someone else')), warnings.join('\n'));
  const before = digest(path.join(dir, 'site'));

  const again = await buildEdition([file], opts);
  assert.ok(again.ok);
  assert.ok(again.edition.upToDate);
  assert.equal(again.edition.timings, [], 'no stage ran');
  assert.equal(again.edition.allMessages.map((m) => JSON.stringify(m.toJSON())), warnings);
  assert.is(digest(path.join(dir, 'site')), before);
  assert.is(fs.readdirSync(path.join(dir, '.site-builds')).length, 1);

  // Any change to the input, or to the options, builds again.
  fs.appendFileSync(file, '\n');
  const changed = await buildEdition([file], opts);
  assert.ok(changed.ok && !changed.edition.upToDate);
  const otherBase = await buildEdition([file], { ...opts, base: '/edition/' });
  assert.ok(otherBase.ok && !otherBase.edition.upToDate);
});

test.run();
