import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Progress } from '../../src/cli/progress.ts';
import { buildEdition } from '../../src/pipeline.ts';
import { FLAGSHIP, buildOptions, tempDir } from '../helpers/build.ts';

function fakeStream(): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  return { stream: { write: (s: string) => (written.push(s), true) } as unknown as NodeJS.WriteStream, written };
}

test('progress stays silent during the first seconds of a build', () => {
  const { stream, written } = fakeStream();
  const p = new Progress(stream, 60_000);
  p.update('transform', 10, 100);
  p.end();
  assert.equal(written, []);
});

test('after the delay, progress shows the stage, its count and the time left, and erases itself', async () => {
  const { stream, written } = fakeStream();
  const p = new Progress(stream, 0);
  await new Promise((r) => setTimeout(r, 120));
  p.update('transform', 250, 1000);
  assert.is(written.length, 1);
  assert.match(written[0] as string, /^\r\x1b\[2Ktransform 250\/1,000 · about \d+ s left · \d+ s so far$/);
  p.update('transform', 260, 1000); // within 100 ms of the last line: not redrawn
  assert.is(written.length, 1);
  p.end();
  assert.is(written.at(-1), '\r\x1b[2K');
});

test('stages side by side are shown together, in the order of the build; a stage ended counts whole in the estimate', () => {
  const { stream, written } = fakeStream();
  let now = 0;
  const p = new Progress(stream, 2000, () => now);
  for (const stage of ['validate', 'transform', 'extract']) {
    p.update(stage, 0, 0);
    p.update(stage, 1, 1, true);
  }
  now = 10_000;
  p.update('index', 0, 0);
  p.update('site', 0, 0);
  // Drawn once (the first call after the delay, within 100 ms of the next); a stage with no count yet shows its name only.
  // Done: validate, transform and extract, 0.55 of a build: 10 s / 0.55 - 10 s.
  assert.equal(written, ['\r\x1b[2Kindex · about 8 s left · 10 s so far']);
  now = 10_200;
  p.update('site', 50, 100);
  // Done: validate, transform and extract (0.55 of a build), and half the site (0.125): 10 s / 0.675 - 10 s.
  assert.is(written.at(-1), '\r\x1b[2Ksite 50/100 · index · about 5 s left · 10 s so far');
  now = 10_400;
  p.update('site', 1, 1, true);
  assert.is(written.at(-1), '\r\x1b[2Kindex · about 3 s left · 10 s so far');
  now = 10_520;
  p.update('index', 3_000, 4_000);
  // 0.55, the site's 0.25 and three quarters of the index's 0.18: 10.52 s / 0.935 - 10.52 s.
  assert.is(written.at(-1), '\r\x1b[2Kindex 3,000/4,000 · about 1 s left · 11 s so far');
});

test('a stage not reported when a later one has ended counts as skipped (a shard has no site stage)', () => {
  const { stream, written } = fakeStream();
  let now = 0;
  const p = new Progress(stream, 2000, () => now);
  for (const stage of ['validate', 'transform', 'extract']) p.update(stage, 1, 1, true);
  now = 10_000;
  p.update('index', 50, 100);
  // While the index runs, the site may still come: 0.55 + 0.09, 10 s / 0.64 - 10 s.
  assert.is(written.at(-1), '\r\x1b[2Kindex 50/100 · about 6 s left · 10 s so far');
  now = 10_200;
  p.update('index', 1, 1, true);
  now = 10_400;
  p.update('publish', 0, 0);
  // Once the index has ended, the site is skipped: 0.98 done.
  assert.is(written.at(-1), '\r\x1b[2Kpublish · about 0 s left · 10 s so far');
  assert.is(written.length, 2);
});

test('a build reports each stage, its end, and the site stage\'s pages: every page of a document and of a register entry, rendered or linked', async () => {
  const dir = tempDir('progress');
  const input = path.join(dir, 'input');
  fs.mkdirSync(input);
  const file = path.join(input, path.basename(FLAGSHIP));
  fs.copyFileSync(FLAGSHIP, file);
  const build = async (): Promise<void> => {
    const calls: Array<[string, number, number, boolean]> = [];
    const outcome = await buildEdition([file], buildOptions(path.join(dir, 'site'), { inputs: [input] }), { progress: (stage, done, total, ended) => void calls.push([stage, done, total, ended ?? false]) });
    assert.ok(outcome.ok);
    const ended = calls.filter((c) => c[3]).map((c) => c[0]);
    assert.equal(ended, ['validate', 'transform', 'extract', 'site', 'index', 'publish']);
    const site = calls.filter((c) => c[0] === 'site' && !c[3] && c[2] > 0);
    const root = fs.realpathSync(path.join(dir, 'site'));
    const entryPages = ['persons', 'places', 'organisations', 'events'].reduce((n, segment) => n + fs.readdirSync(path.join(root, segment), { withFileTypes: true }).filter((d) => d.isDirectory()).length, 0);
    const documents = fs.readdirSync(path.join(root, 'documents'), { withFileTypes: true }).filter((d) => d.isDirectory()).length;
    assert.ok(entryPages > 100 && documents === 1, `${entryPages} entries' pages`);
    assert.ok(site.every((c, i) => c[2] === documents + entryPages && (i === 0 || c[1] >= (site[i - 1] as (typeof site)[number])[1])), JSON.stringify(site));
    assert.is(site.at(-1)?.[1], documents + entryPages);
  };
  // Every page rendered; then, after a word changed, most entries' pages linked from the first build.
  await build();
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Let us start the discussion', 'Let us start the whole discussion'));
  await build();
});

test.run();
