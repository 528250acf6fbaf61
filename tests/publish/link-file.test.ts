import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { linkFiles, writeFiles } from '../../src/cache/link-file.ts';
import { ZipWriter } from '../../src/site/zip.ts';
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

test('folders and files of the build before the published one are moved where they are whole, and linked from the published one where not', async () => {
  // Through the main thread (a few pairs) and through the thread, where a
  // batch's folders are moved with its first slice of 1,000 and the pairs
  // they cover come in a later one.
  for (const filler of [0, 1_200]) {
    const root = path.join(dir, `take-${filler}`);
    const [published, replaced, work] = ['published', 'replaced', 'work'].map((name) => path.join(root, name)) as [string, string, string];
    const page = (build: string, doc: string, part = ''): string => path.join(build, 'documents', doc, part, 'index.html');
    for (const build of [published, replaced]) {
      for (const doc of ['whole', 'partial']) {
        for (const part of ['', 'cite']) {
          fs.mkdirSync(path.dirname(page(build, doc, part)), { recursive: true });
          fs.writeFileSync(page(build, doc, part), `${doc} ${part}`);
        }
      }
      fs.mkdirSync(path.join(build, 'data'), { recursive: true });
      fs.writeFileSync(path.join(build, 'data', 'whole.xml'), '<TEI/>');
      fs.writeFileSync(path.join(build, 'data', 'partial.xml'), '<TEI/>');
    }
    // As a build killed while removing the replaced build may leave it.
    fs.rmSync(page(replaced, 'partial', 'cite'));
    fs.rmSync(path.join(replaced, 'data', 'partial.xml'));
    const inode = (file: string): number => fs.statSync(file).ino;
    const before = { folder: inode(path.join(replaced, 'documents', 'whole')), page: inode(page(replaced, 'whole')), data: inode(path.join(replaced, 'data', 'whole.xml')), published: inode(page(published, 'partial')) };
    const files = ['documents/whole/index.html', 'documents/whole/cite/index.html', 'data/whole.xml', 'documents/partial/index.html', 'documents/partial/cite/index.html', 'data/partial.xml'];
    const pairs: Array<[string, string, string?]> = [
      ...Array.from({ length: filler }, (_, i): [string, string] => [page(published, 'whole'), path.join(work, 'filler', `${i}`)]),
      ...files.map((f): [string, string, string] => [path.join(published, f), path.join(work, f), path.join(replaced, f)]),
    ];
    const folders: Array<[string, string, string[]]> = ['whole', 'partial'].map((doc) => [path.join(replaced, 'documents', doc), path.join(work, 'documents', doc), [page(work, doc), page(work, doc, 'cite')]]);
    const made = await linkFiles(pairs, { folders });
    assert.ok(made.length === pairs.length && made.every(Boolean), `${filler}: every file is made`);
    assert.is(inode(path.join(work, 'documents', 'whole')), before.folder, `${filler}: a whole folder is moved`);
    assert.is(inode(page(work, 'whole')), before.page);
    assert.is(inode(path.join(work, 'data', 'whole.xml')), before.data, `${filler}: a file still there is moved`);
    assert.not.ok(fs.existsSync(path.join(replaced, 'documents', 'whole')), 'and is gone from where it was');
    assert.is(inode(page(work, 'partial')), before.published, `${filler}: a folder in part is not kept; its pages are linked from the published build`);
    assert.is(inode(page(work, 'partial', 'cite')), inode(page(published, 'partial', 'cite')));
    assert.is(inode(path.join(work, 'data', 'partial.xml')), inode(path.join(published, 'data', 'partial.xml')), `${filler}: a file gone is linked from the published build`);
    assert.equal(fs.readdirSync(path.join(work, 'documents', 'partial'), { recursive: true }).sort(), ['cite', 'cite/index.html', 'index.html'], 'nothing of the partial folder is left over');
  }
});

test('a file written where a link to another file is replaces the link, and leaves the other file as it was', async () => {
  // A rebuild's work folder holds links to the published site's files: writing into one would change the published site.
  const published = path.join(dir, 'published');
  const work = path.join(dir, 'work');
  fs.mkdirSync(published);
  for (const count of [2, 600]) {
    const target = path.join(work, `w${count}`);
    fs.mkdirSync(target, { recursive: true });
    const names = Array.from({ length: count }, (_, i) => `page-${count}-${i}.html`);
    for (const name of names) {
      fs.writeFileSync(path.join(published, name), 'the published page');
      fs.linkSync(path.join(published, name), path.join(target, name));
    }
    const made = await writeFiles(names.map((name) => ({ path: path.join(target, name), content: Buffer.from('a new page') })));
    assert.equal(made, names.map(() => true));
    for (const name of names) {
      assert.is(fs.readFileSync(path.join(target, name), 'utf8'), 'a new page');
      assert.is(fs.readFileSync(path.join(published, name), 'utf8'), 'the published page', `${name} of the published site`);
    }
  }
  // The archive, too.
  const zipPath = path.join(work, 'edition.zip');
  fs.writeFileSync(path.join(published, 'edition.zip'), 'the published archive');
  fs.linkSync(path.join(published, 'edition.zip'), zipPath);
  const zip = new ZipWriter(zipPath);
  await zip.add([{ name: 'a.txt', content: Buffer.from('a'), sha256: createHash('sha256').update('a').digest('hex') }]);
  await zip.end();
  await zip.close();
  assert.is(fs.readFileSync(path.join(published, 'edition.zip'), 'utf8'), 'the published archive');
  assert.is(fs.readFileSync(zipPath).subarray(0, 2).toString(), 'PK');
});

test.run();
