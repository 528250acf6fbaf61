import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PROJECT_ROOT } from '../../src/project.ts';

// The command line runs src/ as one bundle, made by bin/bundle.js when src/
// has changed; COLLOQUY_TSX=1 runs the sources themselves.

const BIN = path.join(PROJECT_ROOT, 'bin', 'colloquy.js');
// @ts-expect-error: plain JavaScript, run before any TypeScript loader
const { bundledMain } = (await import('../../bin/bundle.js')) as { bundledMain: () => Promise<string> };

test('the bundle of src/ is made once per state of src/, and its main is the command line', async () => {
  const main = await bundledMain();
  assert.ok(fs.existsSync(main), main);
  assert.is(path.dirname(path.dirname(main)), path.join(PROJECT_ROOT, '.colloquy-cache', 'bin'));
  // The same sources give the same bundle.
  assert.is(await bundledMain(), main);
  const loaded = (await import(pathToFileURL(main).href)) as { main?: unknown };
  assert.type(loaded.main, 'function');
});

test('the command line gives the same answers from the bundle and from the sources', () => {
  const run = (env: Record<string, string>): string => execFileSync(process.execPath, [BIN, 'validate', '--help'], { env: { ...process.env, ...env }, encoding: 'utf8' });
  const bundled = run({});
  assert.match(bundled, /^Usage: colloquy validate/);
  assert.is(run({ COLLOQUY_TSX: '1' }), bundled);
});

test.run();
