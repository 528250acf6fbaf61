import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../src/cli/main.ts';
import { startPreview, type PreviewState } from '../../src/serve/preview.ts';
import { FLAGSHIP, FLAGSHIP_SLUG, buildOptions, tempDir } from '../helpers/build.ts';
import { closeBrowser, launchBrowser, missingBrowser } from '../helpers/browser.ts';
import { testWith } from '../helpers/shared.ts';

// The live preview in headless Chromium: a saved edit rebuilds the site and
// reloads the page; an invalid save shows the diagnostics over the last good
// page (and in the terminal); fixing it clears them.

testWith(missingBrowser(), 'a save reloads the page; an invalid save shows the diagnostics over the last good page', async () => {
  const dir = tempDir('serve');
  const tei = path.join(dir, 'tei');
  fs.mkdirSync(tei);
  const file = path.join(tei, path.basename(FLAGSHIP));
  const original = fs.readFileSync(FLAGSHIP, 'utf8');
  fs.writeFileSync(file, original);
  const reported: Array<{ state: PreviewState; lines: string[] }> = [];
  const preview = await startPreview({
    paths: async () => [file],
    watch: [tei],
    port: 0,
    build: buildOptions(path.join(dir, 'site'), { inputs: [tei], profile: 'project', schema: 'project' }),
    report: (state, messages) => reported.push({ state, lines: messages.map((m) => `${m.location} ${m.ruleId}`) }),
  });
  const browser = await launchBrowser();
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const text = (): Promise<string> => page.locator('#sp-002').innerText();
  try {
    assert.ok(preview.state().ok);
    await page.goto(`${preview.url}documents/${FLAGSHIP_SLUG}/`);
    assert.match(await text(), /this bad problem/);
    const timings: number[] = [];

    // 1. An edit: the page reloads with it.
    let saved = performance.now();
    fs.writeFileSync(file, original.replace('with this bad problem!', 'with this difficult problem!'));
    await page.waitForFunction(() => document.getElementById('sp-002')?.textContent?.includes('difficult problem'), undefined, { timeout: 30_000 });
    timings.push(performance.now() - saved);

    // 2. An invalid save: the overlay lists the diagnostic; the page is the last good one.
    saved = performance.now();
    fs.writeFileSync(file, original.replace('with this bad problem!', 'with this difficult problem!').replace('<sp xml:id="sp-002" who="#anastas-mikoyan">', '<sp xml:id="sp-002" who="#anastas-mikoyn">'));
    const overlay = page.locator('#colloquy-live-overlay');
    await overlay.waitFor({ timeout: 30_000 });
    timings.push(performance.now() - saved);
    const shown = await overlay.innerText();
    assert.match(shown, /The build failed: 1 file has errors; nothing was published/);
    assert.match(shown, new RegExp(`${path.basename(FLAGSHIP).replace(/\./g, '\\.')}:217:\\d+\\s+error\\s+.*#anastas-mikoyn.*pointer-resolves`));
    assert.is(await overlay.getAttribute('role'), 'alert');
    assert.match(await text(), /difficult problem/);
    assert.ok(reported.at(-1)?.lines.some((l) => /:217:\d+ pointer-resolves$/.test(l)), 'the terminal has the diagnostic too');
    assert.not.ok(reported.at(-1)?.state.ok);

    // A page opened while the build is broken shows the overlay at once.
    const other = await context.newPage();
    await other.goto(`${preview.url}documents/`);
    await other.locator('#colloquy-live-overlay').waitFor({ timeout: 10_000 });
    await other.close();

    // 3. The fix: the overlay goes, and the page reloads.
    saved = performance.now();
    fs.writeFileSync(file, original.replace('with this bad problem!', 'with this fixed problem!'));
    await page.waitForFunction(() => document.getElementById('sp-002')?.textContent?.includes('fixed problem'), undefined, { timeout: 30_000 });
    timings.push(performance.now() - saved);
    assert.is(await page.locator('#colloquy-live-overlay').count(), 0);
    assert.equal(errors, []);
    process.stdout.write(`\nSave → page updated: ${timings.map((t) => `${Math.round(t)} ms`).join(', ')} (edit, invalid, fix)\n`);
  } finally {
    await context.close();
    await closeBrowser();
    await preview.close();
  }
});

test('colloquy serve --help, and a bad port', async () => {
  let out = '';
  let err = '';
  const io = { out: (s: string) => void (out += s), err: (s: string) => void (err += s) };
  assert.is(await main(['serve', '--help'], io), 0);
  assert.match(out, /Usage: colloquy serve/);
  assert.is(await main(['serve', '--port', 'x'], io), 2);
  assert.match(err, /--port must be a number from 0 to 65535, not `x`/);
});

test.run();
