import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../src/cli/main.ts';
import { PROJECT_ROOT } from '../../src/project.ts';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'validate');

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

test('validate exits 0 on tei/ and says so', async () => {
  const r = await run('validate');
  assert.is(r.code, 0);
  assert.is(r.out, '1 file checked: no problems\n');
});

test('validate exits 1 on an invalid file and prints file:line:col severity message rule', async () => {
  const r = await run('validate', path.join(FIXTURES, 'pointer-resolves', 'input.xml'));
  assert.is(r.code, 1);
  assert.match(r.out, /input\.xml:67:33 {2}error {2}Unexpected `@ref` value `#town-hal`.* {2}pointer-resolves\n/);
  assert.match(r.out, /1 file checked: 1 error, 0 warnings\n$/);
});

test('warnings alone do not fail the run', async () => {
  const r = await run('validate', path.join(FIXTURES, 'register-entry-used', 'input.xml'));
  assert.is(r.code, 0);
  assert.match(r.out, /0 errors, 1 warning/);
});

test('--format json gives the same diagnostics as data', async () => {
  const r = await run('validate', '--format', 'json', path.join(FIXTURES, 'id-unique', 'input.xml'), path.join(FIXTURES, 'valid'));
  assert.is(r.code, 1);
  const report = JSON.parse(r.out);
  assert.is(report.version, 1);
  assert.equal(report.summary, { files: 2, errors: 1, warnings: 0 });
  assert.is(report.diagnostics.length, 1);
  const [d] = report.diagnostics;
  assert.is(d.ruleId, 'id-unique');
  assert.is(d.severity, 'error');
  assert.is(d.line, 78);
  assert.is(d.column, 13);
  assert.equal(d.cause, { message: 'first defined here', line: 73, column: 13 });
  assert.ok(d.file.endsWith('id-unique/input.xml'));
});

test('a folder is searched for .xml files; a missing path is reported, not thrown', async () => {
  const r = await run('validate', path.join(FIXTURES, 'valid'), path.join(FIXTURES, 'nope.xml'));
  assert.is(r.code, 1);
  assert.match(r.out, /nope\.xml {2}error {2}File not found; expected a readable TEI XML file {2}file-unreadable/);
  assert.match(r.out, /2 files checked: 1 error, 0 warnings/);
});

test('--schema none skips the schema; --profile generic keeps only the general rules', async () => {
  const unknown = path.join(FIXTURES, 'schema-unknown-element', 'input.xml');
  assert.is((await run('validate', unknown)).code, 1);
  assert.is((await run('validate', '--schema', 'none', unknown)).code, 0);
  const notes = path.join(FIXTURES, 'notes-numbered', 'input.xml');
  assert.is((await run('validate', notes)).code, 1);
  assert.is((await run('validate', '--profile', 'generic', notes)).code, 0);
});

test('every command has --help; bad options are usage errors (exit 2)', async () => {
  const help = await run('--help');
  assert.is(help.code, 0);
  assert.match(help.out, /Commands:\n {2}validate/);
  const vh = await run('validate', '--help');
  assert.is(vh.code, 0);
  assert.match(vh.out, /^Usage: colloquy validate/);
  const bad = await run('validate', '--format', 'xml');
  assert.is(bad.code, 2);
  assert.match(bad.err, /--format takes `text` or `json`, not `xml`/);
  const unknown = await run('validate', '--frobnicate');
  assert.is(unknown.code, 2);
  assert.is((await run('frobnicate')).code, 2);
});

test('npx colloquy runs from the repository (bin entry, exit code)', () => {
  const r = spawnSync('npx', ['--no-install', 'colloquy', 'validate', path.join(FIXTURES, 'date-iso', 'input.xml')], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stdout, /date-iso\n/);
  assert.not.match(r.stderr, /at .*\.ts:\d+/, 'no stack trace');
});

test.run();
