import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { serveStatic, type StaticServer } from '../../src/serve/static-server.ts';
import { flagshipSite } from '../helpers/build.ts';
import { axeViolations, closeBrowser, launchBrowser, missingBrowser } from '../helpers/browser.ts';
import { testWith } from '../helpers/shared.ts';

// Each expected answer was derived from the text of the record, not from the
// program: the turns (and blocks, and notes) whose words contain the query,
// remembering that Pagefind finds words by their beginnings and stems
// ("Stalin" also finds "Stalin's") and that every word must occur.
const missing = missingBrowser();
let server: StaticServer | undefined;

async function searchPage(query = ''): Promise<{ page: Page; close(): Promise<void>; errors: string[] }> {
  server ??= await serveStatic((await flagshipSite()).site);
  const context = await (await launchBrowser()).newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => void (r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`)));
  await page.goto(`${server.url}search/${query}`);
  await page.locator('#search-form').waitFor();
  return { page, errors, close: () => context.close() };
}

/** Every result's anchor, after loading all pages of results. */
async function anchors(page: Page): Promise<string[]> {
  const more = page.locator('#search-more');
  const items = page.locator('#search-results li.result');
  while (await more.isVisible()) {
    const shown = await items.count();
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll('#search-results li.result').length > n || (document.getElementById('search-more') as HTMLElement).hidden, shown);
  }
  return (await page.locator('#search-results li.result').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.anchor ?? ''))).sort();
}

async function search(page: Page, query: string): Promise<string[]> {
  await page.locator('#search-input').fill(query);
  await page.locator('#search-input').press('Enter');
  await page.waitForFunction((q) => (document.getElementById('search-status')?.textContent ?? '').includes(q) || (document.getElementById('search-status')?.textContent ?? '').startsWith('0 results'), query.replace(/"/g, ''));
  return anchors(page);
}

async function tick(page: Page, facet: string, value: string, on = true): Promise<void> {
  await page.locator('#search-facets fieldset').first().waitFor();
  const before = await page.locator('#search-status').textContent();
  const box = page.locator(`#search-facets input[data-facet="${facet}"][value="${value}"]`);
  await box.waitFor({ state: 'attached' });
  if (!(await box.isVisible())) await box.locator('xpath=ancestor::details[1]/summary').click();
  if (on) await box.check();
  else await box.uncheck();
  await page.waitForFunction((b) => document.getElementById('search-status')?.textContent !== b, before);
}

const QUERIES: Array<{ name: string; query: string; filters?: Array<[string, string]>; expected: string[] }> = [
  { name: 'a common word', query: 'Stalin', expected: ['sp-035', 'sp-036', 'sp-071', 'sp-117', 'sp-119', 'sp-121', 'sp-123', 'sp-125', 'sp-129', 'sp-185'] },
  { name: 'a rare word', query: 'cucumbers', expected: ['sp-078'] },
  { name: 'a quoted phrase', query: '"Korean party"', expected: ['sp-007', 'sp-009', 'sp-013', 'sp-026', 'sp-028', 'sp-033', 'sp-034', 'sp-039', 'sp-065'] },
  { name: 'a quoted phrase with an apostrophe', query: `"digging one's own grave"`, expected: ['sp-070'] },
  { name: 'a name: the text that names him, not the turns he speaks', query: 'Mikoyan', expected: ['block~5', 'block~7', 'block~8', 'sp-195'] },
  { name: 'a note', query: 'Mukhitdinov died', expected: ['note-2'] },
  { name: 'a speaker filter', query: 'socialist', filters: [['speaker', 'Zhou Enlai']], expected: ['sp-143'] },
  { name: 'a person filter', query: '', filters: [['person', 'Imre Nagy']], expected: ['sp-069', 'sp-071'] },
  { name: 'a place filter', query: '', filters: [['place', 'Xinjiang']], expected: ['sp-085', 'sp-086'] },
  { name: 'two filters combined', query: '', filters: [['speaker', 'Mao Zedong'], ['person', 'Wang Ming']], expected: ['sp-112', 'sp-136', 'sp-139'] },
  { name: 'a query with no results', query: 'xylophone', expected: [] },
];

for (const q of QUERIES) {
  testWith(missing, `search: ${q.name} (${q.query || 'no words'}${q.filters ? `; ${q.filters.map((f) => f.join('=')).join(', ')}` : ''})`, async () => {
    const { page, close, errors } = await searchPage();
    let found: string[] = [];
    if (q.query) found = await search(page, q.query);
    for (const [facet, value] of q.filters ?? []) {
      await tick(page, facet, value);
      found = await anchors(page);
    }
    assert.equal(found, q.expected);
    const status = (await page.locator('#search-status').textContent()) ?? '';
    assert.match(status, new RegExp(`^${q.expected.length} results?`));
    assert.is(await page.locator('#search-empty').isVisible(), q.expected.length === 0);
    assert.equal(errors, []);
    await close();
  });
}

testWith(missing, 'results show the speaker label and turn, the words in context, and link to the speech', async () => {
  const { page, close } = await searchPage();
  await search(page, 'cucumbers');
  const result = page.locator('#search-results li.result').first();
  assert.is(await result.locator('.result-title').textContent(), 'Mikoyan · turn 78');
  assert.is(await result.locator('.result-part').textContent(), 'Speech');
  assert.match((await result.locator('.excerpt').innerHTML()) ?? '', /like the fresh <mark>cucumbers<\/mark> we are having/);
  assert.match((await result.locator('.result-title').getAttribute('href')) ?? '', /^\/documents\/1956-09-18-mao-cpsu-delegation\/\?highlight=cucumbers#sp-078$/);
  await result.locator('.result-title').click();
  await page.waitForURL(/#sp-078$/);
  await page.locator('#sp-078 mark.pagefind-highlight').first().waitFor();
  assert.is(await page.locator('#sp-078 mark.pagefind-highlight').first().textContent(), 'cucumbers');
  assert.ok(await page.locator('#sp-078').isVisible());
  assert.ok(await page.evaluate(() => { const r = document.getElementById('sp-078')!.getBoundingClientRect(); return r.top >= -5 && r.top < window.innerHeight; }), 'the turn is in view');
  await close();
});

testWith(missing, 'filters show counts, and the count of results is given', async () => {
  const { page, close } = await searchPage();
  await search(page, 'Stalin');
  const speakers = await page.locator('#search-facets input[data-facet="speaker"]').evaluateAll((boxes) => boxes.map((b) => (b.parentElement?.textContent ?? '').trim()));
  // Of the ten turns naming Stalin, Mao speaks sp-035 and sp-185, Mikoyan the other eight.
  assert.equal(speakers.sort(), ['Anastas Mikoyan (8)', 'Mao Zedong (2)']);
  assert.is(await page.locator('#search-status').textContent(), '10 results for “Stalin”.');
  // In document order, the ten turns run from sp-035 to sp-185.
  await page.locator('#search-sort').selectOption('order');
  await page.waitForFunction(() => document.querySelector('#search-results li.result')?.getAttribute('data-anchor') === 'sp-035');
  const order = await page.locator('#search-results li.result').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.anchor));
  assert.equal(order, ['sp-035', 'sp-036', 'sp-071', 'sp-117', 'sp-119', 'sp-121', 'sp-123', 'sp-125', 'sp-129', 'sp-185']);
  assert.match(page.url(), /[?&]sort=order\b/);
  await close();
});

testWith(missing, 'a shared URL restores the query and the filters', async () => {
  const { page, close } = await searchPage('?q=socialist&speaker=Zhou+Enlai');
  await page.waitForFunction(() => (document.getElementById('search-status')?.textContent ?? '').length > 0);
  assert.is(await page.locator('#search-input').inputValue(), 'socialist');
  assert.ok(await page.locator('#search-facets input[data-facet="speaker"][value="Zhou Enlai"]').isChecked());
  assert.equal(await anchors(page), ['sp-143']);
  // and the URL follows what the reader does
  await tick(page, 'speaker', 'Zhou Enlai', false);
  assert.match(page.url(), /\/search\/\?q=socialist$/);
  await close();
});

testWith(missing, 'the search works from the keyboard alone', async () => {
  const { page, close } = await searchPage();
  await page.locator('#search-input').focus();
  await page.keyboard.type('Xinjiang');
  await page.waitForFunction(() => (document.getElementById('search-status')?.textContent ?? '').startsWith('2 results'));
  await page.locator('#search-facets input[data-facet="speaker"]').first().focus();
  await page.keyboard.press('Space');
  await page.waitForFunction(() => (document.getElementById('search-status')?.textContent ?? '').startsWith('1 result'));
  assert.is(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.dataset.facet), 'speaker', 'focus stays on the filter');
  await close();
});

testWith(missing, 'every page has a search box that leads to the search page', async () => {
  const { page, close } = await searchPage();
  await page.goto(`${server?.url}persons/mao-zedong/`);
  await page.locator('#site-search-input').fill('cucumbers');
  await page.locator('#site-search-input').press('Enter');
  await page.waitForURL(/\/search\/\?q=cucumbers$/);
  await page.waitForFunction(() => (document.getElementById('search-status')?.textContent ?? '').startsWith('1 result'));
  await close();
});

testWith(missing, 'without JavaScript the search page says so and links to the registers and the full text', async () => {
  server ??= await serveStatic((await flagshipSite()).site);
  const context = await (await launchBrowser()).newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.url}search/?q=Stalin`);
  assert.ok(await page.getByText('Search needs JavaScript').isVisible());
  assert.not.ok(await page.locator('#search').isVisible());
  for (const href of ['../documents/', '../persons/', '../places/', '../organisations/', '../events/']) {
    assert.is(await page.locator(`#search-nojs a[href="${href}"]`).count(), 1, href);
  }
  await context.close();
});

testWith(missing, 'axe-core reports no violations on the search page, with results and filters shown', async () => {
  const { page, close } = await searchPage('?q=Stalin');
  await page.waitForFunction(() => (document.getElementById('search-status')?.textContent ?? '').startsWith('10 results'));
  assert.equal(await axeViolations(page), []);
  await search(page, 'xylophone');
  assert.equal(await axeViolations(page), []);
  await close();
});

test('close the browser and the server', async () => {
  await closeBrowser();
  await server?.close();
});

test.run();
