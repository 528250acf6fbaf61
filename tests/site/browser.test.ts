import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { serveStatic, type StaticServer } from '../../src/serve/static-server.ts';
import { FLAGSHIP_SLUG, flagshipSite } from '../helpers/build.ts';
import { axeViolations, closeBrowser, launchBrowser, missingBrowser } from '../helpers/browser.ts';
import { testWith } from '../helpers/shared.ts';

const missing = missingBrowser();
let server: StaticServer | undefined;
const DOC = `documents/${FLAGSHIP_SLUG}/`;

async function open(path: string, options: { javaScriptEnabled?: boolean } = {}): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  server ??= await serveStatic((await flagshipSite()).site);
  const browser = await launchBrowser();
  const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => void (m.type() === 'error' && errors.push(`console: ${m.text()}`)));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  page.on('response', (r) => void (r.status() >= 400 && errors.push(`${r.status()}: ${r.url()}`)));
  await page.goto(server.url + path);
  return { page, errors, close: () => context.close() };
}

testWith(missing, 'the document page loads in Chromium with no error and shows the 197 turns', async () => {
  const { page, errors, close } = await open(DOC);
  assert.is(await page.locator('h1').textContent(), 'Conversation records between Chairman Mao Zedong and the Soviet Communist Party Delegation, 18 September 1956');
  assert.is(await page.locator('.tei-sp').count(), 197);
  assert.ok(await page.locator('#sp-001 .tei-speaker').isVisible());
  assert.equal(errors, []);
  await close();
});

testWith(missing, 'the editorial toggle switches between the source view and the reading text', async () => {
  const { page, close } = await open(DOC);
  const bracket = page.locator('[id="block~5"] .tei-supplied .bracket').first();
  const sicMark = page.locator('#sp-117 .tei-note[data-type="sic"] .src-only').first();
  const corrected = page.locator('#sp-117 .tei-sic');
  assert.ok(await bracket.isVisible(), 'brackets shown as in the source');
  assert.ok(await sicMark.isVisible());
  assert.ok(await corrected.isVisible(), '"4th" shown as in the source');
  await page.getByLabel('Reading text').check();
  assert.not.ok(await bracket.isVisible(), 'brackets hidden in the reading text');
  assert.not.ok(await sicMark.isVisible());
  assert.not.ok(await corrected.isVisible(), '"4th" replaced by the correction');
  assert.ok(await page.locator('#sp-117 .tei-corr').isVisible(), '"10th" shown');
  await page.getByLabel('As in the source').check();
  assert.ok(await bracket.isVisible());
  await close();
});

testWith(missing, 'without JavaScript the page is complete and the toggle still works', async () => {
  const { page, close } = await open(DOC, { javaScriptEnabled: false });
  assert.is(await page.locator('.tei-sp').count(), 197);
  assert.ok(await page.locator('#note-1').isVisible(), 'footnotes are in the page');
  assert.not.ok(await page.locator('button.copy-link').first().isVisible(), 'the copy button needs JS and stays hidden');
  const bracket = page.locator('[id="block~5"] .tei-supplied .bracket').first();
  assert.ok(await bracket.isVisible());
  await page.getByLabel('Reading text').check();
  assert.not.ok(await bracket.isVisible());
  await close();
});

testWith(missing, 'a note marker opens the note as a popover; without JS it jumps to the footnote', async () => {
  const { page, close } = await open(DOC);
  const pop = page.locator('[id="note-1~pop"]');
  assert.not.ok(await pop.isVisible());
  await page.locator('[id="note-1~ref"]').click();
  assert.ok(await pop.isVisible());
  assert.match((await pop.textContent()) ?? '', /There is lack of clarity in this sentence/);
  assert.is(await page.locator('[id="note-1~ref"]').getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('Escape');
  assert.not.ok(await pop.isVisible());
  await close();
  const nojs = await open(DOC, { javaScriptEnabled: false });
  await nojs.page.locator('[id="note-1~ref"]').click();
  assert.match(nojs.page.url(), /#note-1$/);
  await nojs.close();
});

testWith(missing, 'the copy button copies the permanent URL of a turn; a name shows its summary', async () => {
  const { page, close } = await open(DOC);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.locator('#sp-004 button.copy-link').click();
  assert.is(await page.evaluate(() => navigator.clipboard.readText()), `${new URL(page.url()).origin}${new URL(page.url()).pathname}#sp-004`);
  await page.locator('#sp-004 a[data-entity="persons/kim-il-sung/"]').first().hover();
  const card = page.locator('#entity-card');
  await card.waitFor({ state: 'visible' });
  assert.match((await card.textContent()) ?? '', /Kim Il Sung \(1912–1994\)김일성/);
  await close();
});

testWith(missing, 'axe-core reports no violations on any page type', async () => {
  const pages = ['', 'documents/', DOC, `${DOC}cite/`, `${DOC}glance/`, 'persons/kim-il-sung/', 'persons/', 'persons/mao-zedong/', 'places/pyongyang/', 'organisations/', 'events/korean-war/', 'data/', 'about/', 'schema/', 'encoding/', 'no-such-page/'];
  const found: string[] = [];
  for (const p of pages) {
    const { page, close } = await open(p);
    for (const v of await axeViolations(page)) found.push(`${p || '/'}: ${v.id} (${v.help}) ×${v.nodes} ${v.targets.join(', ')}`);
    await close();
  }
  assert.equal(found, []);
});

testWith(missing, 'axe-core does find violations on a bad page (the check can fail)', async () => {
  const { page, close } = await open('');
  await page.setContent('<html><body><img src="x.png"><a href="#"></a></body></html>');
  assert.ok((await axeViolations(page)).length >= 2);
  await close();
});

test('close the browser and the server', async () => {
  await closeBrowser();
  await server?.close();
});

test.run();
