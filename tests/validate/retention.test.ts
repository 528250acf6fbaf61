import { randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Edition, type BuildOptions } from '../../src/edition.ts';
import { extractData } from '../../src/extract/extract-data.ts';
import { collectGarbage } from '../../src/memory.ts';
import { TeiFile } from '../../src/tei-file.ts';
import { validateTei } from '../../src/validate/validate-tei.ts';

// What validation and extraction keep of a file for the whole build (its
// register entries, its header) must not keep the file's text: V8 keeps the
// whole string that a parser's slice was cut from. Twenty files of 1 MB of
// text (in two-byte characters: 2 MB each in memory) are validated and
// extracted; once their texts are released, what is left must be far less
// than the texts.

const FILES = 20;
const run = randomBytes(4).toString('hex'); // no earlier run's cache entries apply

function tei(i: number): Buffer {
  const persons = Array.from({ length: 40 }, (_, p) => `<person xml:id="p${i}-${p}-${run}"><persName>Person ${p} of file ${i}</persName></person>`).join('');
  // Text of about 1 MB, with characters outside Latin-1 (as real texts have: “quotes” and dashes).
  const turn = `<sp who="#p${i}-0-${run}"><speaker>Person 0 of file ${i}</speaker><p>“${'Words of a long turn — '.repeat(40)}”</p></sp>`;
  const body = turn.repeat(Math.ceil(1_000_000 / turn.length));
  return Buffer.from(
    `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Record ${i} ${run}</title></titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc><profileDesc><creation><date from="1956-09-18" to="1956-09-19">18–19 September 1956</date></creation><particDesc><listPerson>${persons}</listPerson></particDesc></profileDesc></teiHeader><text><body>${body}</body></text></TEI>`,
  );
}

async function validateAndExtract(files: TeiFile[]): Promise<Edition> {
  await validateTei(files, { schema: undefined, profile: 'generic' });
  const edition = new Edition({ inputs: [], outDir: '/virtual/site', base: '/', siteUrl: 'https://example.org/', profile: 'generic', schema: 'none', strict: false, now: new Date(), version: 'test' } satisfies BuildOptions, files);
  for (const f of files) edition.transformed.set(f, { key: f.hash as string, html: '', texts: 1, units: [], notes: [] });
  await extractData(edition);
  return edition;
}

test('the facts, entries and headers kept of validated and extracted files do not keep their texts', async () => {
  // Once with a small file first, so that what is measured is not the code the stages load.
  await validateAndExtract([new TeiFile('/virtual/small.xml', { bytes: Buffer.from(tei(-1).toString('utf8').replace(/<body>.*<\/body>/s, '<body><p>Small.</p></body>')) })]);
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const files = Array.from({ length: FILES }, (_, i) => new TeiFile(`/virtual/record-${i}.xml`, { bytes: tei(i) }));
  const edition = await validateAndExtract(files);
  const textBytes = files.reduce((n, f) => n + (f.text as string).length * 2, 0);
  assert.ok(files.every((f) => f.wellFormed && (f.entries?.length ?? 0) === 40), 'every file is read, with its register');
  assert.is(edition.data?.documents.length, FILES);
  assert.is(edition.data?.documents[0]?.date.from, '1956-09-18');
  assert.is(edition.data?.entities.length, FILES * 40);

  for (const f of files) f.release({ text: true, tree: true });
  edition.transformed.clear();
  collectGarbage();
  const kept = process.memoryUsage().heapUsed - before;
  assert.ok(textBytes > 30 * 1024 * 1024, `${textBytes} bytes of text`);
  // The message names the files and the edition, so that they stay referenced until the reading: what they keep is measured.
  assert.ok(kept < textBytes / 4, `${(kept / 1048576).toFixed(1)} MB kept for ${(textBytes / 1048576).toFixed(1)} MB of text in ${files.length} files of ${edition.files.length}`);
});

test.run();
