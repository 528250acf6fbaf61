import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../src/cli/main.ts';
import { PROJECT_ROOT } from '../src/project.ts';
import { RULES } from '../src/validate/rules/index.ts';

// The README is the project's interface documentation: its example output
// and its diagnostics table must stay true to the program.
const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');

test('the README example prints exactly what it says it yields', async () => {
  const block = /```sh\nnpx colloquy validate (\S+)\n```\n\nYields:\n\n```text\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, 'README has a validate example with its output');
  let out = '';
  const cwd = process.cwd();
  process.chdir(PROJECT_ROOT);
  try {
    await main(['validate', (block as RegExpExecArray)[1] as string], { out: (t) => void (out += t), err: () => {} });
  } finally {
    process.chdir(cwd);
  }
  assert.fixture(out, (block as RegExpExecArray)[2] as string);
});

test('the diagnostics table documents every rule id', () => {
  const ids = [...RULES.map((r) => r.id), 'file-unreadable', 'file-encoding', 'xml-well-formed', 'xml-doctype', 'xml-limits', 'tei-root', 'schema'];
  for (const id of ids) assert.match(readme, new RegExp(`^\\| \`${id}\``, 'm'), id);
});

test('the quick start shows the two commands', () => {
  assert.match(readme, /npm ci && npm run build/);
  assert.match(readme, /npm test/);
});

test.run();
