import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
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

/**
 * Registers a test that needs something outside the project. Where it is
 * missing (`missing` says what), the test is registered as skipped, which uvu
 * counts as skipped, not passed, and the reason is printed.
 */
export function testWith(missing: string | undefined, name: string, fn: () => unknown): void {
  if (missing) {
    process.stdout.write(`\nSKIP ${name}: ${missing}\n`);
    test.skip(name, fn as () => void);
  } else {
    test(name, fn as () => void);
  }
}

/** Why tests that need a shared file cannot run, or undefined if they can. */
export function missingShared(...relative: string[]): string | undefined {
  const absent = relative.filter((r) => !sharedFile(r));
  return absent.length ? `${absent.map((r) => path.join(SHARED_DIR, r)).join(', ')} not found` : undefined;
}
