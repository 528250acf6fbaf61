#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: there is no build step
// between editing src/ and running `npx colloquy`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  // A bug, not bad input: bad input is always reported as diagnostics.
  process.stderr.write(`colloquy: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 70;
}
