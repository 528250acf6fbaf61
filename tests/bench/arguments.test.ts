import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PROJECT_ROOT } from '../../src/project.ts';

// The benchmark's options: one it does not know, or a value out of range, is
// refused at once with what was expected (and exit code 2), before any build.

const bench = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'bench', 'run.ts'), ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 });

for (const [args, message] of [
  [['--runs=abc'], '--runs is `abc`; expected a whole number from 1 to 100'],
  [['--runs=0'], '--runs is `0`; expected a whole number from 1 to 100'],
  [['--runs=2.5'], '--runs is `2.5`; expected a whole number from 1 to 100'],
  [['--only=flagship,thousand'], '--only has `thousand`; expected some of flagship, dev, 10, 100, 1000, separated by commas'],
  [['--only='], '--only has an empty name; expected some of flagship, dev, 10, 100, 1000, separated by commas'],
  [['--json', '--fast'], 'unknown option `--fast`'],
] as const) {
  test(`npm run bench -- ${args.join(' ')} is refused`, () => {
    const run = bench(...args);
    assert.is(run.status, 2, run.stderr);
    assert.is(run.stderr.split('\n')[0], `npm run bench: ${message}`);
    assert.match(run.stderr, /^Usage: npm run bench /m);
    assert.not.match(run.stderr, /\n\s+at /, 'no stack trace');
    assert.is(run.stdout, '');
  });
}

test.run();
