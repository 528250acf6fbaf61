import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PROJECT_ROOT } from '../../src/project.ts';
import { RULES } from '../../src/validate/rules/index.ts';
import { FLAGSHIP, decodeEntities, flagshipSite } from '../helpers/build.ts';

// The templates' filters are plain JavaScript (Eleventy loads them), imported by URL.
const { headingSlug, markdown } = (await import(new URL('../../templates/_config/filters.js', import.meta.url).href)) as {
  headingSlug(text: string): string;
  markdown(source: string): string;
};

// The encoding guide (docs/encoding.md) may not drift from what it documents:
// its XML excerpts are the canonical file's, its table explains every rule id
// the code can report, and the site publishes it at /encoding/.

const GUIDE_PATH = path.join(PROJECT_ROOT, 'docs', 'encoding.md');
const guide = fs.readFileSync(GUIDE_PATH, 'utf8');

/** Each line trimmed, white space inside it collapsed, blank lines dropped. */
const normalise = (text: string): string =>
  text
    .split(/\r?\n/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');

/** The fenced code blocks of a Markdown text in the given language. */
function fencedBlocks(text: string, lang: string): string[] {
  return [...text.matchAll(/^```([\w-]*)[ \t]*\n([\s\S]*?)^```[ \t]*$/gm)].filter((m) => m[1] === lang).map((m) => m[2] as string);
}

/** Is the excerpt, line by line, a run of the file's lines (the first and last line may be parts of one)? */
function occursIn(excerpt: string, file: string): boolean {
  return normalise(file).includes(normalise(excerpt));
}

/** The Markdown text with its fenced code blocks blanked out. */
const prose = (text: string): string => text.replace(/^```[\s\S]*?^```[ \t]*$/gm, '');

test('every ```xml excerpt in the guide occurs verbatim in the canonical TEI file', () => {
  const tei = fs.readFileSync(FLAGSHIP, 'utf8');
  const excerpts = fencedBlocks(guide, 'xml');
  assert.ok(excerpts.length >= 30, `${excerpts.length} excerpts`);
  const missing = excerpts.filter((e) => !occursIn(e, tei)).map((e) => normalise(e).slice(0, 200));
  assert.equal(missing, []);
});

test('the excerpt check can fail: a changed word, a dropped line or a paraphrase is found out', () => {
  const tei = fs.readFileSync(FLAGSHIP, 'utf8');
  assert.ok(occursIn('<speaker>Chairman Mao (hereafter, Chairman)</speaker>', tei));
  assert.not.ok(occursIn('<speaker>Chairman Mao (hereafter Chairman)</speaker>', tei));
  assert.ok(occursIn('<sp xml:id="sp-003" who="#mao-zedong">\n      <speaker>Chairman</speaker>', tei));
  assert.not.ok(occursIn('<sp xml:id="sp-003" who="#mao-zedong">\n<p>Have you studied this problem? Have you seen it?</p>', tei));
  assert.not.ok(occursIn('<sp xml:id="sp-003" who="#zhou-enlai">', tei));
});

/**
 * The importer's reports (`colloquy import`, src/import/) are about a
 * plain-text transcript, not the TEI: their ids all begin with `import-`, and
 * the guide explains them as a family, not one by one.
 */
const isImporter = (file: string): boolean => /^import[\\/]/.test(file) || /(^|[\\/])commands[\\/]import\.ts$/.test(file);

/**
 * Every rule id that validate, build and the hook can report: the rules
 * beyond the schema (RULES), every `ruleId: '...'` (and `ruleId = '...'`
 * default) in src/, and the ids passed as plain arguments to the `fail(...)`
 * helpers of the XML reader. With `importer`, those of the importer instead.
 */
function ruleIdsInCode(importer = false): Set<string> {
  const ids = new Set(importer ? [] : RULES.map((r) => r.id));
  for (const file of fs.readdirSync(path.join(PROJECT_ROOT, 'src'), { recursive: true }) as string[]) {
    if (!file.endsWith('.ts') || isImporter(file) !== importer) continue;
    const source = fs.readFileSync(path.join(PROJECT_ROOT, 'src', file), 'utf8');
    for (const m of source.matchAll(/\bruleId\s*[:=]\s*'([^']+)'/g)) ids.add(m[1] as string);
    if (!/\bruleId\b/.test(source)) continue;
    for (const args of callArguments(source, 'fail')) {
      for (const arg of args) {
        const m = /^'([a-z]+(?:-[a-z]+)*)'$/.exec(arg.trim());
        if (m) ids.add(m[1] as string);
      }
    }
  }
  return ids;
}

/** The top-level arguments of every call `name(...)` in a source text (string and template literals skipped over). */
function callArguments(source: string, name: string): string[][] {
  const calls: string[][] = [];
  for (const m of source.matchAll(new RegExp(`\\b${name}\\(`, 'g'))) {
    const args: string[] = [];
    let depth = 0;
    let current = '';
    let i = (m.index as number) + m[0].length;
    for (; i < source.length; i++) {
      const c = source[i] as string;
      if (c === "'" || c === '"' || c === '`') {
        const end = literalEnd(source, i);
        current += source.slice(i, end);
        i = end - 1;
        continue;
      }
      if (c === '(' || c === '[' || c === '{') depth++;
      if (c === ')' || c === ']' || c === '}') {
        if (depth === 0) break;
        depth--;
      }
      if (c === ',' && depth === 0) {
        args.push(current);
        current = '';
        continue;
      }
      current += c;
    }
    if (current.trim()) args.push(current);
    calls.push(args);
  }
  return calls;
}

/** The index just after the string or template literal that starts at `start`. */
function literalEnd(source: string, start: number): number {
  const quote = source[start];
  let i = start + 1;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') i += 2;
    else if (c === quote) return i + 1;
    else if (quote === '`' && c === '$' && source[i + 1] === '{') {
      let depth = 1;
      i += 2;
      while (i < source.length && depth > 0) {
        const d = source[i] as string;
        if (d === "'" || d === '"' || d === '`') {
          i = literalEnd(source, i);
          continue;
        }
        if (d === '{') depth++;
        if (d === '}') depth--;
        i++;
      }
    } else i++;
  }
  return i;
}

/** The rule ids that head a row of a Markdown table: "| `rule-id` | ...". */
const tableRuleIds = (text: string): string[] => [...prose(text).matchAll(/^\| `([a-z]+(?:-[a-z]+)*)`/gm)].map((m) => m[1] as string);

test('the rule-id collector finds the rules of every stage (it can fail)', () => {
  const ids = ruleIdsInCode();
  for (const id of ['xml-well-formed', 'xml-doctype', 'xml-limits', 'file-encoding', 'file-unreadable', 'tei-root', 'schema', 'xinclude', 'active-content', 'url-safe', 'pointer-resolves', 'unmapped-element', 'transform']) {
    assert.ok(ids.has(id), id);
  }
  assert.equal(callArguments("fail(`a ${f('x', 'y')} (b`, where, 'xml-limits');", 'fail'), [['`a ${f(\'x\', \'y\')} (b`', ' where', " 'xml-limits'"]]);
});

test('every rule id the code defines is explained in the guide, and the guide explains no other', () => {
  const explained = tableRuleIds(guide);
  const defined = [...ruleIdsInCode()].sort();
  assert.equal(defined.filter((id) => !explained.includes(id)), [], 'rule ids the guide does not explain');
  assert.equal(explained.filter((id) => !defined.includes(id)), [], 'rule ids in the guide that the code does not define');
  assert.is(new Set(explained).size, explained.length, 'each rule id once');
});

test("the importer's rule ids are kept apart, and the guide explains them as the `import-` family", () => {
  const validator = ruleIdsInCode();
  const importer = ruleIdsInCode(true);
  assert.equal([...validator].filter((id) => id.startsWith('import-')), [], 'no import- id outside the importer');
  const explained = tableRuleIds(guide);
  assert.equal([...importer].filter((id) => !id.startsWith('import-') && !explained.includes(id)), [], 'any other id the importer reports is in the table');
  if (importer.size > 0) assert.match(prose(guide), /rule\s+ids\s+begin\s+with\s+`import-`/);
});

test("every rule id of the README's Diagnostics table is in the guide's", () => {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const section = /^## Diagnostics\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
  const inReadme = tableRuleIds(section);
  assert.ok(inReadme.length >= 15, `${inReadme.length} rule ids in the README`);
  const explained = tableRuleIds(guide);
  assert.equal(inReadme.filter((id) => !explained.includes(id)), []);
});

test("the guide's own #links lead to its headings", () => {
  const slugs = [...prose(guide).matchAll(/^#{1,6} (.+)$/gm)].map((m) => headingSlug((m[1] as string).replace(/`/g, '')));
  const targets = [...prose(guide).matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1] as string);
  assert.ok(targets.length > 5);
  assert.equal(targets.filter((t) => !slugs.includes(t)), []);
});

test('the markdown filter escapes raw HTML, drops unsafe links and gives headings ids', () => {
  const html = markdown('# A `b` heading\n\n## Main\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n| a |\n|---|\n| 1 |\n');
  assert.match(html, /<h1 id="a-b-heading">A <code>b<\/code> heading<\/h1>/);
  assert.match(html, /<h2 id="main-1">Main<\/h2>/, 'no id the layout uses');
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.not.match(html, /<script|href="javascript/);
  assert.match(html, /<th scope="col">a<\/th>/);
});

test('the built site publishes the guide at /encoding/, with every heading, linked from the footer and in the sitemap', async () => {
  const { site } = await flagshipSite();
  const page = path.join(site, 'encoding', 'index.html');
  assert.ok(fs.existsSync(page), 'encoding/index.html');
  const html = fs.readFileSync(page, 'utf8');
  const plain = (s: string): string => decodeEntities(s.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();
  const expected = [...prose(guide).matchAll(/^#{1,6} (.+)$/gm)].map((m) => {
    const text = (m[1] as string).replace(/`/g, '').trim();
    return { id: headingSlug(text), text };
  });
  const found = [...html.matchAll(/<h([1-6]) id="([^"]+)">([\s\S]*?)<\/h\1>/g)].map((m) => ({ id: m[2] as string, text: plain(m[3] as string) }));
  assert.ok(expected.length > 15, `${expected.length} headings`);
  assert.equal(found, expected);
  assert.match(html, /<title>Encoding guide · Colloquy<\/title>/);
  // An excerpt, escaped as code.
  assert.ok(html.includes('&lt;speaker&gt;Chairman Mao (hereafter, Chairman)&lt;/speaker&gt;'));
  assert.match(fs.readFileSync(path.join(site, 'about', 'index.html'), 'utf8'), /<a href="\.\.\/encoding\/">encoding guide<\/a>/);
  assert.match(fs.readFileSync(path.join(site, 'index.html'), 'utf8'), /<a href="\.\/encoding\/">Encoding guide<\/a>/);
  assert.match(fs.readFileSync(path.join(site, 'sitemap.xml'), 'utf8'), /<loc>https:\/\/edition\.example\.org\/encoding\/<\/loc>/);
});

test.run();
