import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FLAGSHIP, tempDir } from '../helpers/build.ts';
import { runColloquy } from '../helpers/run-build.ts';

// --schema <file> that is not a RELAX NG schema in its XML syntax: the build
// and the validate command say which file, where, what was found and what
// was expected, and stop with exit code 1; nothing is published.

const dir = tempDir('schema-option');
const write = (name: string, text: string): string => {
  fs.writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};
const RNG = 'http://relaxng.org/ns/structure/1.0';
const cases: Array<[string, string, string]> = [
  ['missing', path.join(dir, 'missing.rng'), `Cannot read the schema ${path.join(dir, 'missing.rng')}: it does not exist; expected a RELAX NG schema file (.rng)`],
  ['a folder', dir, `Cannot read the schema ${dir}: it is a folder; expected a RELAX NG schema file (.rng)`],
  ['cut short', write('cut.rng', `<grammar xmlns="${RNG}"><start><element name="TEI"`), `Cannot read the schema ${path.join(dir, 'cut.rng')}:1:`],
  ['in the compact syntax', write('compact.rnc', 'start = element TEI { text }\n'), `Cannot read the schema ${path.join(dir, 'compact.rnc')}:2:1: Found text outside the root element`],
  ['a TEI document', FLAGSHIP, `Cannot read the schema ${FLAGSHIP}: its root is \`<TEI>\` in http://www.tei-c.org/ns/1.0; expected \`<grammar>\` or \`<element>\` in ${RNG}; a schema must be RELAX NG in its XML syntax (.rng)`],
];

for (const [what, schema, message] of cases) {
  test(`a schema ${what} stops the build and the validation, saying so`, async () => {
    const out = path.join(dir, `site-${what.replace(/\W+/g, '-')}`);
    const build = await runColloquy(['build', '--tei', FLAGSHIP, '--schema', schema, '--out', out], dir, { trace: false });
    assert.is(build.code, 1, build.stderr);
    const line = build.stderr.trim().split('\n').at(-1) as string;
    assert.ok(line.startsWith(`colloquy build: ${message}`), line);
    assert.ok(line.endsWith('; nothing was published'), line);
    assert.not.match(build.stderr, /internal error|\n\s+at /);
    assert.not.ok(fs.existsSync(out));
    const validate = await runColloquy(['validate', '--schema', schema, FLAGSHIP], dir, { trace: false });
    assert.is(validate.code, 1, validate.stderr);
    assert.ok(validate.stderr.startsWith(`colloquy validate: ${message}`), validate.stderr);
  });
}

test.run();
