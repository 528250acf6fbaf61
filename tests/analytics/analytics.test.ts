import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { serveStatic } from '../../src/serve/static-server.ts';
import { parseXml } from '../../src/xml/parse.ts';
import { FLAGSHIP, FLAGSHIP_SLUG, decodeEntities, flagshipSite } from '../helpers/build.ts';
import { axeViolations, closeBrowser, launchBrowser, missingBrowser } from '../helpers/browser.ts';
import { testWith } from '../helpers/shared.ts';

// The speaker analytics against the TEI itself (counted here with regular
// expressions over the file, not through the pipeline), and the pictures:
// well-formed SVG with a title and a description, every mark a link to a
// speech that exists, and pages that pass axe-core.

const tei = fs.readFileSync(FLAGSHIP, 'utf8');
const body = tei.slice(tei.indexOf('<body>'));
const site = async (): Promise<string> => fs.realpathSync((await flagshipSite()).site);
const read = async (rel: string): Promise<string> => fs.readFileSync(path.join(await site(), rel), 'utf8');
const glance = `documents/${FLAGSHIP_SLUG}/glance/index.html`;
const docPage = `documents/${FLAGSHIP_SLUG}/index.html`;

interface Stats {
  turns: number;
  words: number;
  speakers: Array<{ id: string; name: string; turns: number; words: number; share: number; longest?: { anchor: string; words: number } }>;
  persons: Array<{ id: string; mentions: number; speeches: Array<{ anchor: string }> }>;
  coMentions: Array<{ a: string; b: string; count: number; anchors: string[] }>;
  timeline: Array<{ anchor: string; words: number }>;
}
const stats = async (): Promise<Stats> => JSON.parse(await read(`data/${FLAGSHIP_SLUG}-analytics.json`)) as Stats;

test('the turns and each speaker\'s turns match the TEI, and the speakers\' words sum to the document\'s', async () => {
  const s = await stats();
  const turns = [...body.matchAll(/<sp\b[^>]*\bwho="#([^"]+)"/g)].map((m) => m[1] as string);
  assert.is(turns.length, 197, 'the source has 197 turns');
  assert.is(s.turns, 197);
  assert.is(s.timeline.length, 197);
  const perSpeaker = new Map<string, number>();
  for (const who of turns) perSpeaker.set(who, (perSpeaker.get(who) ?? 0) + 1);
  assert.equal(new Map(s.speakers.map((sp) => [sp.id, sp.turns])), perSpeaker);
  assert.is(s.speakers.reduce((n, sp) => n + sp.words, 0), s.words);
  assert.is(s.timeline.reduce((n, t) => n + t.words, 0), s.words);
  assert.ok(Math.abs(s.speakers.reduce((n, sp) => n + sp.share, 0) - 1) < 1e-9);
  for (const sp of s.speakers) assert.ok(sp.longest && s.timeline.find((t) => t.anchor === sp.longest?.anchor)?.words === sp.longest.words);
});

test('a speech\'s word count is the count of its reading text\'s words', async () => {
  const s = await stats();
  // Turn 2, as the TEI has it: "All right! Let us start the discussion with this bad problem!"
  assert.match(body, /<sp xml:id="sp-002" who="#anastas-mikoyan">\s*<speaker>Mikoyan<\/speaker>\s*<p>All right! Let us start the discussion with this bad problem!<\/p>/);
  assert.is(s.timeline.find((t) => t.anchor === 'sp-002')?.words, 11);
});

test('persons mentioned, and pairs mentioned together, match the TEI', async () => {
  const s = await stats();
  // The turns that mention Stalin, found in the TEI: an <sp> whose content has a persName pointing to him.
  const stalinTurns = [...body.matchAll(/<sp xml:id="([^"]+)"[\s\S]*?<\/sp>/g)].filter((m) => /<persName[^>]*ref="#joseph-stalin"/.test(m[0])).map((m) => m[1]);
  assert.ok(stalinTurns.length > 5);
  assert.equal(s.persons.find((p) => p.id === 'joseph-stalin')?.speeches.map((x) => x.anchor), stalinTurns);
  // A pair counts the speeches mentioning both.
  const both = [...body.matchAll(/<sp xml:id="([^"]+)"[\s\S]*?<\/sp>/g)].filter((m) => m[0].includes('ref="#kim-il-sung"') && m[0].includes('ref="#pak-heon-yeong"')).map((m) => m[1]);
  const pair = s.coMentions.find((c) => [c.a, c.b].sort().join() === ['kim-il-sung', 'pak-heon-yeong'].join());
  assert.ok(both.length > 0 && pair);
  assert.is(pair?.count, both.length);
  assert.equal(pair?.anchors, both);
});

function svgs(html: string): string[] {
  return [...html.matchAll(/<svg\b[\s\S]*?<\/svg>/g)].map((m) => m[0]);
}

test('every picture is well-formed SVG with a title and a description', async () => {
  const pages = [await read(glance), await read(docPage), await read('persons/joseph-stalin/index.html')];
  const all = pages.flatMap(svgs);
  assert.ok(all.length >= 6, `${all.length} pictures`);
  for (const svg of all) {
    const parsed = parseXml(svg, 'chart.svg');
    assert.ok(parsed.document, `well-formed: ${parsed.diagnostics.map((d) => d.reason).join('; ')}`);
    const root = parsed.document?.root;
    assert.is(root?.local, 'svg');
    const children = root?.children.filter((c) => c.type === 'element').map((c) => (c as { local: string }).local) ?? [];
    assert.equal(children.slice(0, 2), ['title', 'desc']);
    assert.match(svg, /role="(img|group)" aria-labelledby="[^"]+-title [^"]+-desc"/);
  }
  // The glance page has the four pictures; the document page the timeline; Stalin's page a sparkline.
  assert.is(svgs(pages[0] as string).length, 4);
  assert.is(svgs(pages[1] as string).length, 1);
  assert.is(svgs(pages[2] as string).length, 1);
  assert.match(svgs(pages[2] as string)[0] as string, /role="img"/);
});

test('every mark in every picture links to a speech or a register page that exists', async () => {
  const root = await site();
  const ids = new Set([...(await read(docPage)).matchAll(/\bid="([^"]+)"/g)].map((m) => decodeEntities(m[1] as string)));
  const check = (html: string, page: string): number => {
    let n = 0;
    for (const svg of svgs(html)) {
      for (const m of svg.matchAll(/<a href="([^"]+)"/g)) {
        const href = decodeEntities(m[1] as string);
        const target = new URL(href, `http://x/${page.replace(/index\.html$/, '')}`);
        if (target.hash) assert.ok(target.pathname === `/documents/${FLAGSHIP_SLUG}/` && ids.has(decodeURIComponent(target.hash.slice(1))), `${href} on ${page}`);
        else assert.ok(fs.existsSync(path.join(root, target.pathname, 'index.html')), `${href} on ${page}`);
        n++;
      }
    }
    return n;
  };
  // The timeline has one link per turn on each page; the glance page adds the bars, the marks and the network.
  assert.is(check(await read(docPage), docPage), 197);
  const s = await stats();
  const involved = new Set(s.coMentions.flatMap((c) => [c.a, c.b]));
  const marks = s.persons.filter((p) => p.speeches.length > 0).slice(0, 20).reduce((n, p) => n + p.speeches.length, 0);
  assert.is(check(await read(glance), glance), 197 + s.speakers.length + marks + involved.size);
});

testWith(missingBrowser(), 'in Chromium the glance page shows its pictures, has 0 axe-core violations, and works without JavaScript', async () => {
  const server = await serveStatic(await site());
  const browser = await launchBrowser();
  try {
    for (const javaScriptEnabled of [true, false]) {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(`${server.url}${glance.replace('index.html', '')}`);
      const boxes = await page.locator('svg.chart').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
      assert.is(boxes.length, 4);
      for (const w of boxes) assert.ok(w > 100, `a picture is drawn (${w} px wide)`);
      await page.locator('svg.chart a').first().click();
      await page.waitForURL(/\/documents\/[^/]+\/#sp-\d+$/);
      if (javaScriptEnabled) {
        await page.goto(`${server.url}${glance.replace('index.html', '')}`);
        assert.equal(await axeViolations(page), []);
      }
      await context.close();
    }
  } finally {
    await server.close();
    await closeBrowser();
  }
});

test.run();
