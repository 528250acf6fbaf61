#!/usr/bin/env node
// Runs the uvu suites (tests/**/*.test.ts) under tsx's ESM loader (so that
// suites may use top-level await), and ends with the
// line `N passed, N failed` that CI and people read; uvu prints no "failed"
// count of its own. Exits non-zero if any test failed or a suite crashed.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const uvu = path.join(root, 'node_modules', 'uvu', 'bin.js');
const pattern = process.argv[2] ?? '\\.test\\.ts$';
const child = spawn(process.execPath, ['--import', 'tsx', uvu, 'tests', pattern], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'] });

let output = '';
child.stdout.on('data', (chunk) => {
  output += chunk;
  process.stdout.write(chunk);
});
child.on('close', (code) => {
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  const count = (label) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(plain)?.[1] ?? NaN);
  const total = count('Total');
  const passed = count('Passed');
  const skipped = count('Skipped');
  const failed = Number.isNaN(total) ? NaN : total - passed; // uvu's Total leaves out skipped tests
  if (Number.isNaN(failed)) {
    process.stdout.write('\nThe test run did not finish (a suite crashed before uvu could count).\n0 passed, 1 failed\n');
    process.exitCode = 1;
    return;
  }
  if (skipped > 0) process.stdout.write(`${skipped} skipped (see the SKIP lines above for why)\n`);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exitCode = code !== 0 || failed > 0 ? 1 : 0;
});
