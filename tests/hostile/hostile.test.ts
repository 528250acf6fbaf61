import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FileSystemConfigLoader, HtmlValidate } from 'html-validate';
import { PROJECT_ROOT } from '../../src/project.ts';
import { serveStatic } from '../../src/serve/static-server.ts';
import { closeBrowser, launchBrowser, missingBrowser } from '../helpers/browser.ts';
import { decodeEntities, htmlPages, htmlTokens, tempDir } from '../helpers/build.ts';
import { runColloquy, STRACE, treeDigest, type RunResult } from '../helpers/run-build.ts';
import { testWith } from '../helpers/shared.ts';
import { CASES, FIXTURES, type HostileCase } from './cases.ts';

// Each case runs `colloquy build --tei input --out site` in a folder of its
// own, laid out as
//
//   <case>/input/      the hostile TEI
//   <case>/outside/    secret.xml and secret.dtd, which must never be read
//   <case>/site        the previous, good site (a copy of one baseline build)
//
// then the outcome the case names is checked, and what must never happen.

const work = tempDir('hostile');
const SECRET = 'OUTSIDE-SECRET-d1f7';

// The previous site: one good build, copied into every case.
const baseline = path.join(work, 'baseline');
fs.mkdirSync(path.join(baseline, 'input'), { recursive: true });
fs.copyFileSync(path.join(PROJECT_ROOT, 'tests', 'fixtures', 'hostile', 'script-as-text.xml'), path.join(baseline, 'input', 'previous.xml'));
const baselineRun = await runColloquy(['build', '--tei', 'input', '--out', 'site'], baseline, { trace: false, timeoutMs: 120_000 });
if (baselineRun.code !== 0) throw new Error(`the baseline site did not build:\n${baselineRun.stderr}`);
fs.rmSync(path.join(baseline, 'input'), { recursive: true });

interface Ran {
  c: HostileCase;
  dir: string;
  run: RunResult;
  before: string;
  after: string;
  /** The input folder's files after the run (nothing may be added there or outside). */
  leftovers: string[];
}

function siteDigest(dir: string): string {
  const link = path.join(dir, 'site');
  return `${fs.readlinkSync(link)} ${treeDigest(fs.realpathSync(link))}`;
}

async function runCase(c: HostileCase): Promise<Ran> {
  const dir = path.join(work, c.name);
  fs.cpSync(baseline, dir, { recursive: true, verbatimSymlinks: true });
  const input = path.join(dir, 'input');
  const outside = path.join(dir, 'outside');
  fs.mkdirSync(input);
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'secret.xml'), `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body><p>${SECRET}</p></body></text></TEI>\n`);
  fs.writeFileSync(path.join(outside, 'secret.dtd'), `<!ENTITY secret "${SECRET}">\n`);
  if (c.write) c.write(input, dir);
  else fs.copyFileSync(path.join(FIXTURES, `${c.name}.xml`), path.join(input, `${c.name}.xml`));
  const before = siteDigest(dir);
  const run = await runColloquy(['build', '--tei', 'input', '--out', 'site'], dir);
  const after = siteDigest(dir);
  // The generated inputs are large: drop them once the build has read them.
  if (c.name.startsWith('limits-')) fs.rmSync(input, { recursive: true });
  const leftovers = fs.readdirSync(dir).sort();
  return { c, dir, run, before, after, leftovers };
}

// Two at a time, as there are two cores.
const results = new Map<string, Ran>();
{
  const queue = [...CASES];
  await Promise.all(
    [0, 1].map(async () => {
      for (let c = queue.shift(); c; c = queue.shift()) results.set(c.name, await runCase(c));
    }),
  );
}

/** `input/x.xml:12:5  error  reason  rule-id` lines of a build's report. */
function diagnostics(stderr: string): Array<{ file: string; line?: number; severity: string; reason: string; ruleId: string }> {
  const out = [];
  for (const l of stderr.split('\n')) {
    const m = /^(\S+?)(?::(\d+)(?::(\d+))?)?  (error|warning)  (.*)  (\S+)$/.exec(l);
    if (m) out.push({ file: m[1] as string, line: m[2] ? Number(m[2]) : undefined, severity: m[4] as string, reason: m[5] as string, ruleId: m[6] as string });
  }
  return out;
}

const DANGEROUS_URL = /^(javascript|vbscript|data|file):/;
const ALLOWED_SCRIPTS = [/^<script src="[./]*assets\/colloquy\.js" defer>$/, /^<script type="module" src="[./]*assets\/search\.js">$/, /^<script type="application\/ld\+json">$/];

/** What no published page may contain, whatever the input. */
function unsafeMarkup(html: string): string[] {
  const found: string[] = [];
  for (const tag of html.matchAll(/<([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[^\s=>"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g)) {
    const name = (tag[1] as string).toLowerCase();
    if (['iframe', 'object', 'embed', 'base', 'frame', 'applet'].includes(name)) found.push(`<${name}>`);
    // The only forms are the site's own search boxes, which send a GET to the search page (or to itself, on it).
    if (name === 'form' && !/^<form [^>]*action="[./]*search\/"/.test(tag[0] as string) && /\saction=/.test(tag[0] as string)) found.push(tag[0] as string);
    if (name === 'script' && !ALLOWED_SCRIPTS.some((p) => p.test(tag[0] as string))) found.push(tag[0] as string);
    if (name === 'meta' && /http-equiv/i.test(tag[2] as string)) found.push(tag[0] as string);
    for (const a of (tag[2] as string).matchAll(/\s([^\s=>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
      const attr = (a[1] as string).toLowerCase();
      const value = decodeEntities(a[2] ?? a[3] ?? a[4] ?? '').replace(/[\s\p{Cc}]/gu, '').toLowerCase();
      if (/^on/.test(attr)) found.push(`@${attr} on <${name}>`);
      if (['href', 'src', 'action', 'formaction', 'poster', 'srcset', 'xlink:href', 'data', 'background'].includes(attr) && DANGEROUS_URL.test(value)) found.push(`@${attr}="${value}" on <${name}>`);
      if (attr === 'style' && /url\(|expression\(/.test(value)) found.push(`@style="${value}" on <${name}>`);
      if (['src', 'srcset', 'poster', 'background'].includes(attr) && /^(https?:)?\/\//.test(value)) found.push(`@${attr}="${value}" on <${name}> loads from another host`);
    }
  }
  for (const json of html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)) {
    if (/[<>&]/.test(json[1] as string)) found.push('JSON-LD with a raw < > or &');
  }
  return found;
}

for (const c of CASES) {
  test(`${c.name}: ${c.what} → ${c.outcome}`, () => {
    const { run, before, after, leftovers, dir } = results.get(c.name) as Ran;
    const report = `exit ${run.code}${run.signal ? ` (${run.signal})` : ''}\n${run.stderr}${run.stdout}`.slice(0, 4000);
    assert.not.ok(run.timedOut, `${c.name} did not finish within 30 s`);
    assert.not.match(`${run.stderr}\n${run.stdout}`, /^\s+at .+:\d+:\d+\)?$/m, `a stack trace:\n${report}`);

    const found = diagnostics(run.stderr);
    if (c.diagnostic) {
      const d = c.diagnostic;
      const match = found.find((x) => x.ruleId === d.ruleId && d.reason.test(x.reason));
      assert.ok(match, `no ${d.ruleId} diagnostic matching ${d.reason}:\n${report}`);
      assert.match(match!.file, /^input\//, 'the diagnostic names the input file');
      if (d.line !== undefined) assert.is(match!.line, d.line, `line of: ${match!.reason}`);
      assert.match(match!.reason, /expected/, 'the diagnostic says what was expected');
    }

    if (c.outcome === 'refused') {
      assert.is(run.code, 1, report);
      assert.match(run.stderr, /^colloquy build: .*nothing was published$/m, report);
      assert.ok(found.some((x) => x.severity === 'error'), report);
      assert.is(after, before, 'the previous site is untouched');
      assert.equal(fs.readdirSync(path.join(dir, '.site-builds')).length, 1, 'no work folder is left behind');
    } else {
      assert.is(run.code, 0, report);
      assert.is.not(after, before, 'the new site is published');
      const site = fs.realpathSync(path.join(dir, 'site'));
      for (const own of ['index.html', 'documents/index.html', 'search/index.html', 'assets/colloquy.css', 'assets/colloquy.js', '404.html', 'data/index.html', 'pagefind/pagefind.js', 'persons/index.html']) {
        assert.ok(fs.existsSync(path.join(site, own)), `the site's own ${own} is there`);
      }
      assert.match(fs.readFileSync(path.join(site, 'index.html'), 'utf8'), /<h1[^>]*>/);
      const pages = htmlPages(site);
      for (const page of pages) assert.equal(unsafeMarkup(fs.readFileSync(path.join(site, page), 'utf8')), [], page);
      const documents = fs.readdirSync(path.join(site, 'documents')).filter((d) => d !== 'index.html');
      const text = documents.map((d) => htmlTokens(fs.readFileSync(path.join(site, 'documents', d, 'index.html'), 'utf8')).join(' ')).join(' ');
      for (const s of c.shows ?? []) assert.ok(text.includes(s.split(/\s+/).join(' ')), `the page shows "${s}" as text`);
      assert.not.ok(text.includes(SECRET), 'nothing from outside the input is shown');
      assert.not.match(text, /root:x:0:0/, '/etc/passwd is not shown');
    }
    assert.equal(leftovers.filter((f) => !['input', 'outside', 'site', '.site-builds'].includes(f)), [], 'nothing is written beside the site');
  });
}

test('the suite has at least 30 cases, both outcomes, and a fixture or a generator for each', () => {
  assert.ok(CASES.length >= 30, `${CASES.length} cases`);
  assert.ok(CASES.some((c) => c.outcome === 'refused') && CASES.some((c) => c.outcome === 'published'));
  for (const c of CASES) assert.ok(c.write || fs.existsSync(path.join(FIXTURES, `${c.name}.xml`)), c.name);
  const fixtures = fs.readdirSync(FIXTURES).map((f) => f.replace(/\.xml$/, ''));
  for (const f of fixtures) assert.ok(CASES.some((c) => c.name === f), `the fixture ${f} has a case`);
  const summary = CASES.map((c) => {
    const r = results.get(c.name) as Ran;
    return `${c.name}: ${r.run.code === 0 ? 'published' : 'refused'} in ${(r.run.ms / 1000).toFixed(1)} s`;
  });
  process.stdout.write(`\nHostile cases (${CASES.length}):\n  ${summary.join('\n  ')}\n`);
});

test('the page checks catch unsafe markup (they can fail)', () => {
  assert.equal(unsafeMarkup('<p class="x">ok</p><a href="https://example.org/">x</a><script src="../assets/colloquy.js" defer></script>'), []);
  const found = unsafeMarkup('<a href="java&#9;script:alert(1)">x</a><img src=x onerror=alert(1)><script>alert(1)</script><div style="background:url(https://x)"></div><img src="https://x/p.png"><form action="https://x/">');
  assert.equal(found, [
    '@href="javascript:alert(1)" on <a>',
    '@onerror on <img>',
    '<script>',
    '@style="background:url(https://x)" on <div>',
    '@src="https://x/p.png" on <img> loads from another host',
    '<form action="https://x/">',
  ]);
});

// Paths the build may open: the project (its code and node_modules), the
// case folder except outside/, system libraries and devices, and its own
// temporary files.
const nodePrefix = path.dirname(path.dirname(process.execPath));
// (The project's node_modules may be a link to a folder elsewhere, as in a workspace: its real path.)
const modules = fs.realpathSync(path.join(PROJECT_ROOT, 'node_modules'));
function allowedPath(p: string, dir: string): boolean {
  if (p === path.join(dir, 'outside') || p.startsWith(path.join(dir, 'outside') + path.sep)) return false;
  const roots = [PROJECT_ROOT, modules + path.sep, dir, path.join(os.tmpdir(), 'tsx-'), '/proc/', '/sys/', '/dev/', '/lib', '/usr/lib', '/usr/share/zoneinfo', '/etc/ssl/', '/etc/localtime', '/etc/ld.so.', nodePrefix + '/lib', process.execPath];
  if (roots.some((r) => p === r || p.startsWith(r))) return true;
  // Parent folders of the project and the case folder (opened while resolving paths).
  return [PROJECT_ROOT, dir].some((r) => r === p || r.startsWith(p.endsWith(path.sep) ? p : p + path.sep));
}

testWith(STRACE ? undefined : 'strace is not installed (apt-get install strace)', 'no case reads a file outside its input or makes a network connection', () => {
  const problems: string[] = [];
  for (const [name, r] of results) {
    assert.ok(r.run.opened.length > 50, `${name}: strace recorded the build's files`);
    for (const p of new Set(r.run.opened)) {
      if (p.startsWith(path.join(r.dir, 'outside')) || p === '/etc/passwd' || p === '/etc/shadow' || !allowedPath(p, r.dir)) problems.push(`${name} opened ${p}`);
    }
    for (const c of r.run.connections) problems.push(`${name}: ${c}`);
  }
  assert.equal(problems, []);
});

testWith(STRACE ? undefined : 'strace is not installed', 'the file check sees a read outside the input (it can fail)', async () => {
  const dir = tempDir('hostile-probe');
  fs.mkdirSync(path.join(dir, 'outside'));
  fs.writeFileSync(path.join(dir, 'outside', 'secret.xml'), '<x/>');
  const r = await runColloquy(['validate', path.join(dir, 'outside', 'secret.xml')], dir);
  assert.ok(r.opened.some((p) => !allowedPath(p, dir)));
});

testWith(missingBrowser(), 'in Chromium, no page of any published case opens a dialog, runs input script or requests another host', async () => {
  const browser = await launchBrowser();
  const validator = new HtmlValidate(new FileSystemConfigLoader());
  const problems: string[] = [];
  let visited = 0;
  for (const [name, r] of results) {
    if (r.run.code !== 0) continue;
    const site = fs.realpathSync(path.join(r.dir, 'site'));
    const server = await serveStatic(site);
    const origin = new URL(server.url).origin;
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('dialog', (d) => {
      problems.push(`${name}: a ${d.type()} dialog: ${d.message()}`);
      void d.dismiss();
    });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin)) return route.continue();
      problems.push(`${name}: a request to ${url}`);
      return route.abort();
    });
    const targets = [...htmlPages(site).map((p) => p.replace(/index\.html$/, '')), ...fs.readdirSync(path.join(site, 'data')).filter((f) => f.endsWith('.xml')).map((f) => `data/${f}`)];
    for (const target of targets) {
      await page.goto(`${server.url}${target}`, { waitUntil: 'load' });
      visited++;
      const pwned = await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
      if (pwned !== undefined) problems.push(`${name}: input script ran on ${target}`);
    }
    await context.close();
    await server.close();
    for (const p of htmlPages(site)) {
      const report = await validator.validateFile(path.join(site, p));
      for (const res of report.results) for (const m of res.messages) problems.push(`${name}/${p}:${m.line}:${m.column} ${m.message} (${m.ruleId})`);
    }
  }
  await closeBrowser();
  process.stdout.write(`\nChromium visited ${visited} pages of the published hostile cases.\n`);
  assert.ok(visited > 100, `${visited} pages`);
  assert.equal(problems.slice(0, 40), [], `${problems.length} problems`);
});

test.run();
