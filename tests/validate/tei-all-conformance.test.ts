import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TEI_DIR } from '../../src/project.ts';
import { hasCommand, missingShared, sharedFile, testWith } from '../helpers/shared.ts';

// The project schema customises TEI strictly: whatever it accepts must also be
// valid TEI P5. Debian's jing checks the canonical file and every fixture
// meant to be valid against tei_all.rng (P5 4.12.0) in about a second.
const teiAll = sharedFile('tei-schema/tei_all.rng') as string;
const missing = missingShared('tei-schema/tei_all.rng') ?? (hasCommand('jing') ? undefined : 'jing is not installed (apt-get install jing)');
const valid = [
  ...fs.readdirSync(TEI_DIR).filter((f) => f.endsWith('.xml')).map((f) => path.join(TEI_DIR, f)),
  ...fs
    .readdirSync(path.join(import.meta.dirname, '..', 'fixtures', 'validate', 'valid'))
    .filter((f) => f.endsWith('.xml'))
    .map((f) => path.join(import.meta.dirname, '..', 'fixtures', 'validate', 'valid', f)),
];

testWith(missing, 'the canonical file and the valid fixtures are valid against tei_all.rng', () => {
  const run = spawnSync('jing', [teiAll, ...valid], { encoding: 'utf8' });
  const errors = `${run.stdout}${run.stderr}`.split('\n').filter((l) => l.trim() && !l.includes('[warning]'));
  assert.equal(errors, [], errors.join('\n'));
  assert.is(run.status, 0);
});

testWith(missing, 'jing does reject an invalid document (so the check above can fail)', () => {
  const bad = path.join(import.meta.dirname, '..', 'fixtures', 'validate', 'tei-root-no-namespace', 'input.xml');
  const run = spawnSync('jing', [teiAll, bad], { encoding: 'utf8' });
  assert.is.not(run.status, 0);
});

test.run();
