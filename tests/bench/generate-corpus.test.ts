import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateCorpus, MARKER } from '../../bench/generate-corpus.ts';
import { main } from '../../src/cli/main.ts';
import { parseXml } from '../../src/xml/parse.ts';
import { tempDir } from '../helpers/build.ts';

const first = generateCorpus(5, path.join(tempDir('gen-a'), 'corpus'), { seed: 7 });
const read = (file: string): Buffer => fs.readFileSync(file);

test('the same count and seed give byte-identical files, named synthetic-0001.xml ...', () => {
  const second = generateCorpus(5, path.join(tempDir('gen-b'), 'corpus'), { seed: 7 });
  assert.equal(first.files.map((f) => path.basename(f)), ['synthetic-0001.xml', 'synthetic-0002.xml', 'synthetic-0003.xml', 'synthetic-0004.xml', 'synthetic-0005.xml']);
  assert.is(second.bytes, first.bytes);
  first.files.forEach((f, i) => assert.ok(read(f).equals(read(second.files[i] as string)), `${path.basename(f)} differs between two runs`));
  assert.is(first.bytes, first.files.reduce((n, f) => n + fs.statSync(f).size, 0));
});

test('no two documents are the same, and another seed gives other documents', () => {
  for (let i = 0; i < first.files.length; i++) {
    for (let j = i + 1; j < first.files.length; j++) {
      assert.not.ok(read(first.files[i] as string).equals(read(first.files[j] as string)), `documents ${i + 1} and ${j + 1} are identical`);
    }
  }
  const other = generateCorpus(1, tempDir('gen-seed'), { seed: 8 });
  assert.not.ok(read(other.files[0] as string).equals(read(first.files[0] as string)));
});

test('document i does not depend on the size of the corpus', () => {
  const small = generateCorpus(3, tempDir('gen-small'), { seed: 7 });
  assert.is(small.files.length, 3);
  assert.ok(read(small.files[2] as string).equals(read(first.files[2] as string)));
});

test('each document is well-formed TEI with at least 50 turns', () => {
  for (const file of first.files) {
    const text = fs.readFileSync(file, 'utf8');
    const parsed = parseXml(text, file);
    assert.ok(parsed.document, `${path.basename(file)}: ${parsed.diagnostics.map((d) => d.reason).join('; ')}`);
    assert.is(parsed.document?.root.local, 'TEI');
    assert.ok((text.match(/<sp /g) ?? []).length >= 50, `${path.basename(file)} has fewer than 50 turns`);
  }
});

test('colloquy validate (project schema and rules) finds no problem in the documents', async () => {
  let out = '';
  let err = '';
  const code = await main(['validate', ...first.files], { out: (t) => void (out += t), err: (t) => void (err += t) });
  assert.is(err, '');
  assert.is(out, '5 files checked: no problems\n');
  assert.is(code, 0);
});

test('refuses a non-empty folder without the marker, and rewrites one with it', () => {
  const dir = tempDir('gen-refuse');
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
  assert.throws(() => generateCorpus(1, dir), /refusing to write into .*not empty/);
  assert.equal(fs.readdirSync(dir), ['notes.txt']);

  const ours = tempDir('gen-again');
  generateCorpus(3, ours);
  assert.ok(fs.existsSync(path.join(ours, MARKER)));
  generateCorpus(2, ours);
  assert.equal(fs.readdirSync(ours).sort(), [MARKER, 'synthetic-0001.xml', 'synthetic-0002.xml']);
});

test.run();
