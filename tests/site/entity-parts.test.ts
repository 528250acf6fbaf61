import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FileSystemConfigLoader, HtmlValidate } from 'html-validate';
import type { BuildOptions } from '../../src/edition.ts';
import { assembleShards, buildEdition } from '../../src/pipeline.ts';
import { serveStatic, type StaticServer } from '../../src/serve/static-server.ts';
import { shardMembers } from '../../src/shard.ts';
import { TeiFile } from '../../src/tei-file.ts';
import { buildOptions, htmlPages, tempDir } from '../helpers/build.ts';
import { axeViolations, closeBrowser, launchBrowser, missingBrowser } from '../helpers/browser.ts';
import { flagshipCopies, turnsIn } from '../helpers/copies.ts';
import { brokenLinks } from '../helpers/links.ts';
import { treeDigest } from '../helpers/run-build.ts';
import { testWith } from '../helpers/shared.ts';
import { mentionCounts, readTei } from '../helpers/tei.ts';

// A register entry in more documents than a page holds has a page with a
// table of its documents, and pages of documents with its turns and
// mentions in each. Here a page holds two documents, and the edition has
// three (copies of the flagship: tests/helpers/copies.ts).

const PER_PAGE = 2;
const dir = tempDir('entity-parts');
const input = path.join(dir, 'input');
const files = flagshipCopies(input);
const opts = (out: string, extra: Partial<BuildOptions> = {}): BuildOptions => buildOptions(path.join(dir, out), { inputs: [input], profile: 'generic', schema: 'none', entryDocumentsPerPage: PER_PAGE, ...extra });
const first = await buildEdition(files, opts('site'));
if (!first.ok) throw new Error(`the build failed: ${first.reason}`);
const site = (): string => fs.realpathSync(path.join(dir, 'site'));
const SEGMENTS = ['persons', 'places', 'organisations', 'events'];

/** The documents, in the corpus's order, with what their TEI gives each register id: turns and mentions. */
const documents = (first.edition.data?.documents ?? []).map((d) => ({ slug: d.slug, file: d.tei.path, turns: turnsIn(d.tei.path), mentions: mentionCounts(readTei(d.tei.path)) }));
/** Every entry's page, by its folder. */
const entries = SEGMENTS.flatMap((segment) =>
  fs
    .readdirSync(path.join(site(), segment), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => ({ segment, id: d.name, docs: documents.filter((doc) => (doc.turns.get(d.name) ?? 0) > 0 || (doc.mentions.get(d.name) ?? 0) > 0) })),
);
const split = entries.filter((e) => e.docs.length > PER_PAGE);
const read = (...p: string[]): string => fs.readFileSync(path.join(site(), ...p, 'index.html'), 'utf8');
const inode = (...p: string[]): number => fs.statSync(path.join(site(), ...p, 'index.html')).ino;
const count = (html: string, re: RegExp): number => (html.match(re) ?? []).length;

test('the edition has entries in more documents than a page holds, and entries in fewer', () => {
  assert.equal(documents.map((d) => d.file), files);
  assert.ok(split.length >= 20, `${split.length} entries in all three documents`);
  assert.equal(entries.filter((e) => e.docs.length <= PER_PAGE).map((e) => [e.id, e.docs.length]), [['yalu-river', 2]], 'the Yalu River is in two documents, the others in three');
});

test("an entry's own page lists each of its documents with the TEI's turns and mentions, and the page of documents it is on", () => {
  for (const e of split) {
    const page = read(e.segment, e.id);
    const rows = [...page.matchAll(/<tr><td>([\d,]+)<\/td><th scope="row"><a href="\.\.\/\.\.\/documents\/([^/]+)\/">[^<]*<\/a><\/th>((?:<td>[\d,]+<\/td>)+)<td><a href="part-(\d+)\/#d-([^"]+)">/g)];
    const cells = (html: string): number[] => [...html.matchAll(/<td>([\d,]+)<\/td>/g)].map((c) => Number(c[1]?.replace(/,/g, '')));
    // (Turns and words only for an entry with turns: the second of the three figures, words, is the pipeline's count.)
    const speaks = e.docs.some((d) => (d.turns.get(e.id) ?? 0) > 0);
    assert.equal(
      rows.map((r) => [Number(r[1]), r[2], ...cells(r[3] as string).filter((_, i, all) => all.length === 1 || i !== 1), Number(r[4]), r[5]]),
      e.docs.map((d, i) => [i + 1, d.slug, ...(speaks ? [d.turns.get(e.id) ?? 0] : []), d.mentions.get(e.id) ?? 0, Math.floor(i / PER_PAGE) + 1, d.slug]),
      `${e.id}: its table of documents`,
    );
    assert.is(cells((rows[0] as RegExpMatchArray)[3] as string).length, speaks ? 3 : 1, `${e.id}: turns and words only for an entry with turns`);
    // The turns and mentions themselves are on the pages of documents.
    assert.is(count(page, /class="kwic"|class="speech-list"/g), 0, `${e.id}: no turns or mentions on its own page`);
  }
});

test('each page of documents shows, per document, every turn and every mention the TEI gives the entry there, and nothing is left out', () => {
  let lines = 0;
  for (const e of split) {
    const pages = Math.ceil(e.docs.length / PER_PAGE);
    assert.not.ok(fs.existsSync(path.join(site(), e.segment, e.id, `part-${pages + 1}`)), `${e.id}: ${pages} pages of documents`);
    let mentions = 0;
    for (let n = 1; n <= pages; n++) {
      const page = read(e.segment, e.id, `part-${n}`);
      const sections = [...page.matchAll(/<section class="entry-document" aria-labelledby="d-([^"]+)">([\s\S]*?)<\/section>/g)];
      const expected = e.docs.slice((n - 1) * PER_PAGE, n * PER_PAGE);
      assert.equal(sections.map((s) => s[1]), expected.map((d) => d.slug), `${e.id} part ${n}: its documents, in order`);
      sections.forEach((s, i) => {
        const doc = expected[i] as (typeof documents)[number];
        const body = s[2] as string;
        const turns = [...body.matchAll(/<li><a href="([^"]+)">Turn \d+<\/a>/g)].map((m) => m[1] as string);
        const kwic = [...body.matchAll(/<li><a class="where" href="([^"]+)">/g)].map((m) => m[1] as string);
        assert.is(turns.length, doc.turns.get(e.id) ?? 0, `${e.id} in ${doc.slug}: the TEI's turns`);
        assert.is(kwic.length, doc.mentions.get(e.id) ?? 0, `${e.id} in ${doc.slug}: the TEI's mentions`);
        assert.ok([...turns, ...kwic].every((href) => href.startsWith(`../../../documents/${doc.slug}/#`)), `${e.id}: the links under ${doc.slug} go to it`);
        mentions += kwic.length;
      });
      assert.is(count(page, /rel="prev"/g), n > 1 ? 2 : 0, `${e.id} part ${n}: a link to the page before, above and below`);
      assert.is(count(page, /rel="next"/g), n < pages ? 2 : 0, `${e.id} part ${n}: a link to the page after`);
    }
    const total = documents.reduce((sum, d) => sum + (d.mentions.get(e.id) ?? 0), 0);
    assert.is(mentions, total, `${e.id}: every mention is on a page of documents`);
    lines += mentions;
  }
  assert.ok(lines > 100, `${lines} mentions checked`);
});

test('an entry in no more documents than a page holds has one page, as before', () => {
  for (const e of entries.filter((x) => x.docs.length <= PER_PAGE)) {
    assert.not.ok(fs.existsSync(path.join(site(), e.segment, e.id, 'part-1')), `${e.id}: no pages of documents`);
    const total = documents.reduce((sum, d) => sum + (d.mentions.get(e.id) ?? 0), 0);
    assert.is(count(read(e.segment, e.id), /<li><a class="where"/g), total, `${e.id}: its mentions on its page`);
  }
});

test('every link resolves, the sitemap lists the pages of documents, and html-validate finds no error on them', async () => {
  assert.equal(brokenLinks(site(), htmlPages(site())), []);
  const sitemap = fs.readFileSync(path.join(site(), 'sitemap.xml'), 'utf8');
  const validator = new HtmlValidate(new FileSystemConfigLoader());
  const problems: string[] = [];
  for (const e of split) {
    const pages = [path.join(e.segment, e.id), ...[1, 2].map((n) => path.join(e.segment, e.id, `part-${n}`))];
    for (const p of pages) {
      assert.ok(sitemap.includes(`<loc>https://edition.example.org/${p}/</loc>`), `the sitemap lists ${p}/`);
      const report = await validator.validateFile(path.join(site(), p, 'index.html'));
      for (const r of report.results) for (const m of r.messages) problems.push(`${p}:${m.line}:${m.column} ${m.message} (${m.ruleId})`);
    }
  }
  assert.equal(problems, []);
});

const missing = missingBrowser();
let server: StaticServer | undefined;
testWith(missing, 'in Chromium, with and without JavaScript, the pages load with no error, show their mentions, and axe-core finds no violation', async () => {
  server = await serveStatic(site());
  const browser = await launchBrowser();
  const found: string[] = [];
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled });
    for (const p of ['persons/mao-zedong/', 'persons/mao-zedong/part-2/', 'places/north-korea/part-1/']) {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      page.on('response', (r) => void (r.status() >= 400 && errors.push(`${r.status()}: ${r.url()}`)));
      await page.goto(server.url + p);
      assert.equal(errors, [], p);
      const expected = count(fs.readFileSync(path.join(site(), p, 'index.html'), 'utf8'), /<li><a class="where"/g);
      assert.is(await page.locator('.kwic li').count(), expected, `${p}: its mentions`);
      if (javaScriptEnabled) for (const v of await axeViolations(page)) found.push(`${p}: ${v.id} (${v.help}) ×${v.nodes} ${v.targets.join(', ')}`);
      await page.close();
    }
    await context.close();
  }
  assert.equal(found, []);
  await closeBrowser();
  await server.close();
});

test('a site assembled from two shards has the same entries\' pages, pages of documents included', async () => {
  for (const index of [1, 2]) {
    const outcome = await buildEdition(files, opts(`shard-${index}`, { shard: { index, count: 2 } }));
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
  }
  // The assembly must put each entry's turns and mentions back in the
  // corpus's order: the first shard holds the first and third documents, the
  // second the second. (The Yalu River, in the second and third, keeps one
  // page, whose mentions show that order.)
  const shardOf = (f: string): number => [1, 2].find((index) => [...shardMembers(files.map((p) => new TeiFile(p)), { index, count: 2 })].some((t) => t.path === f)) ?? 0;
  assert.equal(files.map(shardOf), [1, 2, 1], 'the documents\' shards');
  const assembled = await assembleShards([1, 2].map((i) => path.join(dir, `shard-${i}`)), opts('assembled', { inputs: [] }));
  assert.ok(assembled.ok, assembled.ok ? '' : assembled.reason);
  // Every entry's mentions and turns, in the order of the edition built in one piece
  // (the pages of documents put theirs in order themselves).
  const places = (data: typeof first.edition.data) => new Map((data?.entities ?? []).map((e) => [e.id, { mentions: e.mentions.map((m) => `${m.doc}#${m.anchor}`), turns: (e.speeches?.anchors ?? []).map((a) => `${a.doc}#${a.anchor}`) }]));
  const whole = places(first.edition.data);
  assert.ok([...whole.values()].some((e) => new Set(e.turns.map((t) => t.split('#')[0])).size === 3), 'someone has turns in every document');
  assert.equal(places(assembled.edition.data), whole);
  const other = fs.realpathSync(path.join(dir, 'assembled'));
  let compared = 0;
  for (const e of entries) {
    const pages = [path.join(e.segment, e.id), ...(e.docs.length > PER_PAGE ? [1, 2].map((n) => path.join(e.segment, e.id, `part-${n}`)) : [])];
    for (const p of pages) {
      assert.is(fs.readFileSync(path.join(other, p, 'index.html'), 'utf8'), read(p), `${p}: the same page`);
      compared++;
    }
  }
  assert.ok(compared > 3 * split.length, `${compared} pages compared`);
});

test('after a change to one document, only the pages that show it are rendered, and the site is that of a fresh build', async () => {
  const before = new Map(split.map((e) => [e.id, { own: inode(e.segment, e.id), parts: [1, 2].map((n) => inode(e.segment, e.id, `part-${n}`)) }]));
  const wordsOf = (html: string, slug: string): number => Number(new RegExp(`<a href="\\.\\./\\.\\./documents/${slug}/">[^<]*</a></th><td>[\\d,]+</td><td>([\\d,]+)</td>`).exec(html)?.[1]?.replace(/,/g, ''));
  const third = documents[2] as (typeof documents)[number];
  const zhouWords = wordsOf(read('persons', 'zhou-enlai'), third.slug);
  // A word before the first mention of Korea, in the third document's first turn (Zhou Enlai's there).
  const marker = `partstest${process.pid}`;
  const text = fs.readFileSync(third.file, 'utf8');
  const edited = text.replace('what should be done about the <placeName ref="#north-korea">', `what should be done about the ${marker} <placeName ref="#north-korea">`);
  assert.is.not(edited, text);
  fs.writeFileSync(third.file, edited);
  const again = await buildEdition(files, opts('site'));
  assert.ok(again.ok);
  for (const e of split) {
    const was = before.get(e.id) as { own: number; parts: number[] };
    assert.is(inode(e.segment, e.id, 'part-1'), was.parts[0], `${e.id}: its first page of documents (the first two) is linked`);
  }
  // North Korea: the context of a mention in the third document changed (its second page), its figures did not.
  assert.is.not(inode('places', 'north-korea', 'part-2'), before.get('north-korea')?.parts[1]);
  assert.ok(read('places', 'north-korea', 'part-2').includes(marker), 'the new word is in the mention\'s context');
  assert.is(inode('places', 'north-korea'), before.get('north-korea')?.own, "North Korea's own page is linked");
  // Zhou Enlai: a turn of his in the third document has a word more.
  assert.is(wordsOf(read('persons', 'zhou-enlai'), third.slug), zhouWords + 1);
  assert.is.not(inode('persons', 'zhou-enlai'), before.get('zhou-enlai')?.own);
  const pages = again.edition.cacheStats.pages as { hits: number; misses: number };
  assert.ok(pages.misses < 0.2 * (pages.hits + pages.misses), `${pages.misses} of ${pages.hits + pages.misses} page groups rendered`);
  const fresh = await buildEdition(files, opts('fresh'));
  assert.ok(fresh.ok);
  assert.is(treeDigest(site()), treeDigest(fs.realpathSync(path.join(dir, 'fresh'))));
});

test.run();
