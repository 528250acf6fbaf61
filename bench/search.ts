// Search figures, measured in headless Chromium against a built site served
// as a static host would (text gzipped): the bytes transferred from opening
// the search page with an empty cache to the first query's results (the page,
// Pagefind's runtime and index, the results' fragments), and the time from the
// last keystroke to rendered results.
import { serveStatic } from '../src/serve/static-server.ts';
import { closeBrowser, launchBrowser } from '../tests/helpers/browser.ts';

export interface SearchFigures {
  firstQueryBytes: number;
  firstQueryBreakdown: { pageBytes: number; queryBytes: number; requests: number };
  keystrokeToResultsMs: { median: number; samples: number[] };
}

const QUERIES = ['Stalin', 'Korea', 'party', 'Hungary', 'socialist', 'cucumbers', 'Pyongyang', 'criticism'];

export async function measureSearch(site: string, rounds = 3): Promise<SearchFigures> {
  const server = await serveStatic(site);
  try {
    const browser = await launchBrowser();
    // Bytes: a fresh context (empty cache), the search page, then one query.
    // Pagefind fetches its index from a worker; Playwright's request events
    // see the worker's requests too (a page-level CDP session would not).
    const context = await browser.newContext();
    const page = await context.newPage();
    let bytes = 0;
    let requests = 0;
    const pending: Array<Promise<void>> = [];
    context.on('requestfinished', (request) => {
      pending.push(
        request.sizes().then((s) => {
          bytes += s.responseBodySize + s.responseHeadersSize;
          requests++;
        }),
      );
    });
    await page.goto(`${server.url}search/`, { waitUntil: 'networkidle' });
    await Promise.all(pending);
    const pageBytes = bytes;
    await page.locator('#search-input').fill('Stalin');
    await page.waitForFunction(() => /^[\d,]+ results?/.test(document.getElementById('search-status')?.textContent ?? ''));
    await page.waitForLoadState('networkidle');
    await Promise.all(pending);
    const firstQueryBytes = bytes;
    const firstQueryRequests = requests;

    // Latency: type each query, time from the last keystroke to the status update.
    await page.evaluate(`(() => {
      window.__lastKey = 0; window.__rendered = 0;
      document.getElementById('search-input').addEventListener('input', () => { window.__lastKey = performance.now(); });
      new MutationObserver(() => { window.__rendered = performance.now(); }).observe(document.getElementById('search-results'), { childList: true });
    })()`);
    const samples: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const q of QUERIES) {
        await page.locator('#search-input').fill('');
        await page.waitForTimeout(250);
        await page.evaluate('window.__rendered = 0');
        await page.locator('#search-input').pressSequentially(q, { delay: 40 });
        await page.waitForFunction('window.__rendered > window.__lastKey');
        samples.push(Number(await page.evaluate('window.__rendered - window.__lastKey')));
      }
    }
    await context.close();
    const sorted = [...samples].sort((a, b) => a - b);
    return {
      firstQueryBytes,
      firstQueryBreakdown: { pageBytes, queryBytes: firstQueryBytes - pageBytes, requests: firstQueryRequests },
      keystrokeToResultsMs: { median: Math.round(sorted[sorted.length >> 1] ?? 0), samples: samples.map(Math.round) },
    };
  } finally {
    await closeBrowser();
    await server.close();
  }
}
