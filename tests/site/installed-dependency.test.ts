import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PROJECT_ROOT } from '../../src/project.ts';
import { FLAGSHIP, tempDir } from '../helpers/build.ts';
import { runColloquy, treeDigest } from '../helpers/run-build.ts';

// Installed as a project's dependency, this tool's templates are under the
// project's node_modules/, and the command runs from the project. Eleventy
// leaves out by default whatever is under a node_modules folder, and
// whatever the .gitignore of the folder it runs from names: it rendered no
// page at all, and the build said "Built site/ from 1 document". The site
// stage now renders from node_modules/ and without the project's .gitignore,
// and checks that every page of the sitemap was written: a template left out
// by anything else (an .eleventyignore of the project) fails the build.

const project = tempDir('installed');
const installed = path.join(project, 'node_modules', 'colloquy');
// What the command reads of its own folder; its dependencies are this project's (a link).
for (const entry of ['bin', 'src', 'templates', 'docs', 'scripts', 'tei', 'package.json', 'package-lock.json', '.eleventy.js', 'tsconfig.json']) {
  if (fs.existsSync(path.join(PROJECT_ROOT, entry))) fs.cpSync(path.join(PROJECT_ROOT, entry), path.join(installed, entry), { recursive: true });
}
fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(installed, 'node_modules'), 'dir');
const bin = path.join(installed, 'bin', 'colloquy.js');

const file = path.join(project, 'record.xml');
fs.writeFileSync(file, fs.readFileSync(FLAGSHIP));
// The project's own .gitignore, as most have (it names the folder of the templates too).
fs.writeFileSync(path.join(project, '.gitignore'), 'node_modules/\nsite/\n.site-builds/\n*.njk\n');

function pagesOf(site: string): string[] {
  return (fs.readdirSync(site, { recursive: true }) as string[]).filter((f) => f.endsWith('.html') || f.endsWith('.xml')).sort();
}

test('a copy installed under a project\u2019s node_modules, run from the project, builds the same site as the project itself', async () => {
  const own = tempDir('installed-reference');
  fs.copyFileSync(file, path.join(own, 'record.xml'));
  const reference = await runColloquy(['build', '--quiet', '--tei', 'record.xml', '--out', 'site'], own, { trace: false });
  assert.is(reference.code, 0, reference.stderr);
  const run = await runColloquy(['build', '--quiet', '--tei', 'record.xml', '--out', 'site'], project, { trace: false, bin });
  assert.is(run.code, 0, run.stderr);
  const site = fs.realpathSync(path.join(project, 'site'));
  const expected = pagesOf(fs.realpathSync(path.join(own, 'site')));
  assert.ok(expected.length > 100, `${expected.length} pages`);
  assert.equal(pagesOf(site), expected);
  assert.is(treeDigest(site), treeDigest(fs.realpathSync(path.join(own, 'site'))), 'byte for byte');
});

test('a template left out by the project\u2019s .eleventyignore fails the build, which names the page and publishes nothing', async () => {
  const site = path.join(project, 'site');
  const before = treeDigest(fs.realpathSync(site));
  fs.writeFileSync(path.join(project, '.eleventyignore'), 'node_modules/colloquy/templates/about.njk\n');
  try {
    // A change to the document's header, so that the About page is rendered (not linked from the published site).
    fs.writeFileSync(file, fs.readFileSync(FLAGSHIP, 'utf8').replace('</titleStmt>', '<respStmt><resp>Checked by</resp><name>A. Reader</name></respStmt></titleStmt>'));
    const run = await runColloquy(['build', '--tei', 'record.xml', '--out', 'site'], project, { trace: false, bin });
    assert.is(run.code, 1, run.stderr);
    assert.match(run.stderr, `colloquy build: the build failed: the site stage wrote no page about/index.html (1 of `);
    assert.match(run.stderr, `expected every page of the sitemap. Eleventy left their templates out: is templates/ (${path.join(installed, 'templates')}) ignored by an .eleventyignore in ${project}?; the published site is unchanged`);
    assert.is(treeDigest(fs.realpathSync(site)), before);
  } finally {
    fs.rmSync(path.join(project, '.eleventyignore'));
  }
});

test.run();
