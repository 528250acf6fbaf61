import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findXmlFiles } from '../../src/cli/find-files.ts';
import { tempDir } from '../helpers/build.ts';

// What the paths given to a command stand for: a folder for the TEI files
// below it (not through links, hidden folders or node_modules), a file for
// itself, and each file once, however many ways it is given.

const dir = fs.realpathSync(tempDir('find-files'));
const corpus = path.join(dir, 'corpus');
for (const name of ['b.xml', 'a.tei', 'notes.txt', 'letters/c.XML', 'schema/d.odd', '.hidden/e.xml', 'node_modules/f.xml']) {
  fs.mkdirSync(path.dirname(path.join(corpus, name)), { recursive: true });
  fs.writeFileSync(path.join(corpus, name), '<TEI xmlns="http://www.tei-c.org/ns/1.0"/>');
}
fs.symlinkSync(corpus, path.join(corpus, 'again'));
fs.symlinkSync(path.join(corpus, 'b.xml'), path.join(corpus, 'linked.xml'));
fs.symlinkSync(corpus, path.join(dir, 'corpus-link'));

test('a folder stands for its TEI files, in order, without links, hidden folders or node_modules', async () => {
  assert.equal(await findXmlFiles([corpus]), ['a.tei', 'b.xml', 'letters/c.XML', 'schema/d.odd'].map((n) => path.join(corpus, n)));
});

test('a file given again, or through a link to it or to its folder, is one file', async () => {
  const found = await findXmlFiles([corpus, path.join(corpus, 'b.xml'), path.join(corpus, 'again', 'b.xml'), path.join(corpus, 'linked.xml'), path.join(dir, 'corpus-link')]);
  assert.equal(found, ['a.tei', 'b.xml', 'letters/c.XML', 'schema/d.odd'].map((n) => path.join(corpus, n)));
});

test('a path that is not there stands for itself, to be reported', async () => {
  const missing = path.join(dir, 'missing.xml');
  assert.equal(await findXmlFiles([missing, path.join(corpus, 'b.xml')]), [missing, path.join(corpus, 'b.xml')]);
});

test.run();
