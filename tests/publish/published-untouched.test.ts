import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FLAGSHIP, tempDir } from '../helpers/build.ts';
import { runColloquy } from '../helpers/run-build.ts';

// A rebuild shares files with the published site: the pages and downloads
// it links from it (hard links), and those it moves from the build before.
// It must never write into one: a write replaces the file's bytes in the
// published site too, and a build killed during the write leaves the
// published site neither old nor new. The pages linked from the published
// build were left out of Eleventy's run by its `ignores` globs, which match
// only where the templates are under the folder the command runs in: run
// from anywhere else, Eleventy wrote each of them again, in place (six files
// of the flagship's site at each rebuild).
//
// So: each command runs in a folder outside the project, and after each
// rebuild every file of the build it replaced is as it was, bytes and
// modification time.

interface FileState {
  sha: string;
  mtimeNs: bigint;
}

function filesOf(root: string): Map<string, FileState> {
  const found = new Map<string, FileState>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else found.set(path.relative(root, full), { sha: createHash('sha256').update(fs.readFileSync(full)).digest('hex'), mtimeNs: fs.statSync(full, { bigint: true }).mtimeNs });
    }
  };
  walk(root);
  return found;
}

test('a rebuild run outside the project writes into no file of the site it replaces', async () => {
  const dir = tempDir('untouched');
  const tei = fs.readFileSync(FLAGSHIP, 'utf8');
  const inputs = {
    old: tei,
    // One word in one speech: most pages are linked, the document's and some entries' are rendered.
    new: tei.replace(/(<sp xml:id="sp-002"[^>]*>[\s\S]*?<p>)/, '$1Indeed, '),
  };
  assert.is.not(inputs.new, inputs.old);
  const file = path.join(dir, path.basename(FLAGSHIP));
  const build = async (which: keyof typeof inputs): Promise<string> => {
    fs.writeFileSync(file, inputs[which]);
    const run = await runColloquy(['build', '--quiet', '--tei', file, '--out', 'site'], dir, { trace: false });
    assert.is(run.code, 0, run.stderr);
    return fs.realpathSync(path.join(dir, 'site'));
  };
  let published = await build('old');
  // Linked from the published build, then moved from the build before it, in turn.
  for (const which of ['new', 'old', 'new'] as const) {
    const before = filesOf(published);
    const next = await build(which);
    assert.is.not(next, published, 'a new build was published');
    const after = filesOf(published);
    const changed = [...before].filter(([f, s]) => after.has(f) && (after.get(f)?.sha !== s.sha || after.get(f)?.mtimeNs !== s.mtimeNs)).map(([f]) => f);
    assert.equal(changed, [], `files of the replaced build written by the build of the ${which} input`);
    assert.is(after.size, before.size, 'the replaced build keeps every file until the next build starts');
    published = next;
  }
});

test.run();
