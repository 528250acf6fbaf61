#!/usr/bin/env node
// The command line. It runs the sources in src/ with no build step between
// editing them and running `npx colloquy`: they are bundled on first run
// (bin/bundle.js). With COLLOQUY_TSX=1, or if they cannot be bundled, tsx
// runs them directly (and reports what is wrong with them); stack traces of
// internal errors then name the sources rather than the bundle.
import { pathToFileURL } from 'node:url';
import { bundledMain } from './bundle.js';

const fromSources = async () => {
  const { register } = await import('tsx/esm/api');
  register();
  return import('../src/cli/main.ts');
};
let main;
if (process.env.COLLOQUY_TSX) ({ main } = await fromSources());
else {
  try {
    ({ main } = await import(pathToFileURL(await bundledMain()).href));
  } catch {
    ({ main } = await fromSources());
  }
}
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  // A bug, not bad input: bad input is always reported as diagnostics.
  process.stderr.write(`colloquy: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  if (!process.env.COLLOQUY_TSX) process.stderr.write('(the stack is in the bundle of src/; COLLOQUY_TSX=1 runs the sources themselves)\n');
  process.exitCode = 70;
}
