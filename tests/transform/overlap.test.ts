import { randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Edition, type BuildOptions } from '../../src/edition.ts';
import { TeiFile } from '../../src/tei-file.ts';
import { transformTei } from '../../src/transform/transform-tei.ts';
import { validateTei } from '../../src/validate/validate-tei.ts';
import type { WorkerPool } from '../../src/workers/pool.ts';

// The pipeline starts the transform once validation has read every file
// (validateTei's `read`), while the schema and the rules are still being
// checked; the transform says nothing of a file until validation is done
// (transformTei's `after`).

const run = randomBytes(4).toString('hex'); // no earlier run's cache entries apply

function tei(title: string, body: string): string {
  return `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>${title} ${run}</title></titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc><profileDesc><particDesc><listPerson><person xml:id="mao-${run}"><persName>Mao Zedong</persName></person></listPerson></particDesc></profileDesc></teiHeader><text><body>${body}</body></text></TEI>`;
}

const file = (name: string, text: string): TeiFile => new TeiFile(`/virtual/${name}`, { bytes: Buffer.from(text) });

function edition(files: TeiFile[]): Edition {
  return new Edition({ inputs: [], outDir: '/virtual/site', base: '/', siteUrl: 'https://example.org/', profile: 'generic', schema: 'none', strict: false, now: new Date(), version: 'test' } satisfies BuildOptions, files);
}

test('validation says when every file is read: before any rule has run, with every file and its entries known', async () => {
  const files = [file('a.xml', tei('A', `<sp who="#mao-${run}"><p>A pointer to <ref target="#nowhere">nowhere</ref>.</p></sp>`)), file('b.xml', tei('B', '<p>Fine.</p>'))];
  const seen: Array<{ wellFormed: boolean[]; entries: number[]; messages: number }> = [];
  await validateTei(files, {
    schema: undefined,
    profile: 'generic',
    read: () => seen.push({ wellFormed: files.map((f) => f.wellFormed), entries: files.map((f) => f.entries?.length ?? -1), messages: files.reduce((n, f) => n + f.messages.length, 0) }),
  });
  assert.equal(seen, [{ wellFormed: [true, true], entries: [1, 1], messages: 0 }], 'called once, every file read, no message yet');
  // The rules ran after it: the pointer to nowhere is reported.
  assert.ok(files[0]?.messages.some((m) => m.ruleId === 'pointer-resolves'), files[0]?.messages.map(String).join('\n'));
});

test("a transform that started during validation reports on a file only once validation is done", async () => {
  const files = [file('c.xml', tei('C', '<p>One.</p>')), file('d.xml', tei('D', '<p>Two.</p>'))];
  await validateTei(files, { schema: undefined, profile: 'generic' });
  const before = files.map((f) => f.messages.length);
  let mapped = false;
  // Workers that fail on the first document and give the second an element without a rule.
  const workers = {
    map: async <I, O>(items: I[], options: { onResult?: (result: O, index: number) => void }): Promise<O[]> => {
      const results = items.map((_, i) => (i === 0 ? { ok: false, error: 'a test failure' } : { ok: true, html: '<p>Two.</p>', data: '{"texts":1,"units":[],"notes":[]}', unmapped: ['madeUp'] })) as O[];
      results.forEach((r, i) => options.onResult?.(r, i));
      mapped = true;
      return results;
    },
  } as unknown as WorkerPool;
  let validated = (): void => {};
  const after = new Promise<void>((resolve) => (validated = resolve));
  const ed = edition(files);
  const transforming = transformTei(ed, { workers, after });
  for (let i = 0; i < 50 && !mapped; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(mapped, 'the workers were given the documents before validation was done');
  assert.equal(files.map((f) => f.messages.length), before, 'no message on a file yet');
  assert.is(ed.messages.length, 0, 'no warning yet');
  assert.is(ed.transformed.size, 0, 'no result handed on yet');
  validated();
  await transforming;
  assert.ok(files[0]?.messages.some((m) => m.ruleId === 'transform' && m.reason.includes('a test failure')), files[0]?.messages.map(String).join('\n'));
  assert.is(files[1]?.messages.length, before[1], 'the second file has no message of its own');
  assert.ok(ed.messages.some((m) => m.ruleId === 'unmapped-element' && m.reason.includes('madeUp')));
  assert.equal([...ed.transformed.keys()], [files[1]]);
});

test.run();
