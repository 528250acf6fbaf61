import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from '../../src/project.ts';

/**
 * The shared materials next to the project (`../shared`: the seed text, TEI
 * P5's tei_all.rng, the dev corpora). They are not part of the project; tests
 * that need them skip, with a message, where they are missing.
 */
export const SHARED_DIR = process.env.COLLOQUY_SHARED ?? path.resolve(PROJECT_ROOT, '..', 'shared');

export function sharedFile(relative: string): string | undefined {
  const full = path.join(SHARED_DIR, relative);
  return fs.existsSync(full) ? full : undefined;
}

/** Is a command on the PATH? */
export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Prints why a test is skipped, so that a skip is never silent. */
export function skipNote(test: string, why: string): void {
  process.stdout.write(`\nSKIP ${test}: ${why}\n`);
}
