import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { linkFiles, writeFiles } from '../../src/cache/link-file.ts';
import { tempDir } from '../helpers/build.ts';

// The links and writes that put a build together: made in a thread of their
// own, the site stage's before the search bundles', and a file that holds
// the same bytes as the one it replaces linked rather than written.

const dir = tempDir('link-file');

test('a file written "like" another is a link to it when the bytes are the same, and written when they differ', async () => {
  const old = path.join(dir, 'old');
  fs.mkdirSync(old);
  fs.writeFileSync(path.join(old, 'same'), 'the same bytes');
  fs.writeFileSync(path.join(old, 'other'), 'the old bytes');
  const out = path.join(dir, 'new');
  // Enough files for the thread (smaller batches are made on the main thread, with the same code).
  for (const count of [4, 600]) {
    const target = path.join(out, String(count));
    const files = [
      { path: path.join(target, 'same'), content: Buffer.from('the same bytes'), like: path.join(old, 'same') },
      { path: path.join(target, 'other'), content: Buffer.from('the new bytes'), like: path.join(old, 'other') },
      { path: path.join(target, 'none'), content: Buffer.from('no file to be like'), like: path.join(old, 'missing') },
      ...Array.from({ length: count - 3 }, (_, i) => ({ path: path.join(target, 'more', `${i}`), content: Buffer.from(`${i}`) })),
    ];
    const made = await writeFiles(files);
    assert.equal(made, files.map(() => true));
    assert.is(fs.statSync(path.join(target, 'same')).ino, fs.statSync(path.join(old, 'same')).ino, `${count}: same bytes, one file`);
    assert.is.not(fs.statSync(path.join(target, 'other')).ino, fs.statSync(path.join(old, 'other')).ino, `${count}: other bytes, a file of its own`);
    assert.is(fs.readFileSync(path.join(target, 'other'), 'utf8'), 'the new bytes');
    assert.is(fs.readFileSync(path.join(old, 'other'), 'utf8'), 'the old bytes', 'the file it was like is left as it was');
    assert.is(fs.readFileSync(path.join(target, 'none'), 'utf8'), 'no file to be like');
    assert.is(fs.readFileSync(path.join(target, 'more', `${count - 4}`), 'utf8'), `${count - 4}`);
  }
});

test('the thread makes a batch of the site stage before a background one that came first', async () => {
  const source = path.join(dir, 'source');
  fs.writeFileSync(source, 'x');
  const pairs = (name: string, n: number): Array<[string, string]> => Array.from({ length: n }, (_, i) => [source, path.join(dir, name, `${i % 100}`, `${i}`)]);
  const order: string[] = [];
  const background = linkFiles(pairs('background', 20_000), { background: true }).then((made) => {
    order.push('background');
    return made;
  });
  const now = linkFiles(pairs('now', 1_000)).then((made) => {
    order.push('now');
    return made;
  });
  const [b, n] = await Promise.all([background, now]);
  assert.ok(b.every(Boolean) && b.length === 20_000, 'every background link is made');
  assert.ok(n.every(Boolean) && n.length === 1_000, 'every link of the site stage is made');
  assert.equal(order, ['now', 'background']);
  assert.is(fs.statSync(source).nlink, 21_001);
});

test.run();
