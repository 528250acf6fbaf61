import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatText } from '../../src/diagnostics/report.ts';
import { PROJECT_SCHEMA } from '../../src/project.ts';
import { TeiFile } from '../../src/tei-file.ts';
import { loadSchema } from '../../src/validate/schema.ts';
import { validateTei } from '../../src/validate/validate-tei.ts';

// One folder per check: input.xml is an invalid document (or is missing, for
// file-unreadable) and expected.txt is the exact report `colloquy validate`
// must print for it, written and checked by hand against the input.
const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'validate');
const schema = await loadSchema(PROJECT_SCHEMA);

async function report(input: string): Promise<string> {
  const file = new TeiFile(input, { name: 'input.xml' });
  await validateTei([file], { schema, profile: 'project' });
  return formatText(file.messages, 1);
}

for (const name of fs.readdirSync(FIXTURES).sort()) {
  const dir = path.join(FIXTURES, name);
  if (name === 'valid' || !fs.statSync(dir).isDirectory()) continue;
  test(`validate reports ${name} exactly`, async () => {
    const expected = fs.readFileSync(path.join(dir, 'expected.txt'), 'utf8');
    const actual = await report(path.join(dir, 'input.xml'));
    assert.fixture(actual, expected);
  });
}

test('every rule, and every XML and schema check, has a fixture', async () => {
  const { RULES } = await import('../../src/validate/rules/index.ts');
  const folders = fs.readdirSync(FIXTURES);
  const ids = [...RULES.map((r) => r.id), 'xml-well-formed', 'xml-doctype', 'file-encoding', 'file-unreadable', 'tei-root', 'schema', 'xinclude'];
  for (const id of ids) {
    assert.ok(
      folders.some((f) => f === id || f.startsWith(`${id}-`)),
      `no fixture folder for ${id}`,
    );
    const covered = folders.some((f) => {
      const expected = path.join(FIXTURES, f, 'expected.txt');
      return fs.existsSync(expected) && fs.readFileSync(expected, 'utf8').includes(`  ${id}\n`);
    });
    assert.ok(covered, `no expected.txt shows a ${id} diagnostic`);
  }
});

test('documents meant to be valid get no diagnostics at all', async () => {
  const dirs = [path.join(FIXTURES, 'valid'), path.join(import.meta.dirname, '..', '..', 'tei')];
  const files = dirs.flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith('.xml')).map((f) => new TeiFile(path.join(d, f))));
  assert.ok(files.length >= 2);
  await validateTei(files, { schema, profile: 'project' });
  assert.is(formatText(files.flatMap((f) => f.messages), files.length), `${files.length} files checked: no problems\n`);
});

test.run();
