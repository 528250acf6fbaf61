import { randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TeiFile } from '../../src/tei-file.ts';
import { validateTei } from '../../src/validate/validate-tei.ts';

// The validation cache: a file whose bytes have not changed is not checked (nor parsed)
// again, but its messages still change when what it points to in another file
// changes, or when another file starts or stops pointing to its entries.

/** A run-unique word, so that no earlier run's cache entries apply to the first validation. */
const run = randomBytes(4).toString('hex');

const tei = (header: string, body: string): Buffer =>
  Buffer.from(
    `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>${run}</title></titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc><profileDesc>${header}</profileDesc></teiHeader><text><body>${body}</body></text></TEI>`,
  );

/** The register, in one file; the turns, in another. */
const register = (id: string): Buffer => tei(`<particDesc><listPerson><person xml:id="${id}"><persName>Anna Smith</persName></person></listPerson></particDesc>`, '<p>The register.</p>');
const turns = (who: string): Buffer => tei('', `<sp who="#${who}"><speaker>Smith</speaker><p>Good evening.</p></sp>`);

async function validate(a: Buffer, b: Buffer, profile: 'project' | 'generic' = 'generic'): Promise<{ a: string[]; b: string[]; checked: number }> {
  const files = [new TeiFile('/virtual/register.xml', { bytes: a }), new TeiFile('/virtual/turns.xml', { bytes: b })];
  const { checked } = await validateTei(files, { schema: undefined, profile });
  const [fa, fb] = files as [TeiFile, TeiFile];
  return { a: fa.messages.map((m) => `${m.ruleId}: ${m.reason}`), b: fb.messages.map((m) => `${m.ruleId}: ${m.reason}`), checked };
}

test('a pointer into another file: found, then not once the other file drops the id, though the pointing file did not change', async () => {
  const first = await validate(register('smith'), turns('smith'));
  assert.equal(first.b.filter((m) => m.startsWith('pointer-resolves')), []);
  assert.is(first.checked, 2);

  const again = await validate(register('smith'), turns('smith'));
  assert.equal(again, { ...first, checked: 0 }, 'nothing changed: both files come from the cache, with the same messages');

  const renamed = await validate(register('smyth'), turns('smith'));
  assert.is(renamed.checked, 2, 'the register changed, and the turns point into it: both are checked again');
  assert.ok(renamed.b.some((m) => m.startsWith('pointer-resolves: Unexpected `@who` value `#smith`')), renamed.b.join('\n'));

  const back = await validate(register('smith'), turns('smith'));
  assert.equal(back.b, first.b);
});

test('an entry pointed to only from another file: unused once that file points elsewhere, though the register did not change', async () => {
  const used = await validate(register('smith'), turns('smith'), 'project');
  assert.not.ok(used.a.some((m) => m.startsWith('register-entry-used')), used.a.join('\n'));
  const unused = await validate(register('smith'), turns('jones'), 'project');
  assert.ok(unused.a.some((m) => m.startsWith('register-entry-used: Register entry `smith`')), unused.a.join('\n'));
  const usedAgain = await validate(register('smith'), turns('smith'), 'project');
  assert.equal(usedAgain.a, used.a);
});

test.run();
