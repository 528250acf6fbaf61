import fs from 'node:fs';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { htmlTokens } from '../helpers/build.ts';
import { DEV_CORPUS, devCorpusFiles, devCorpusMissing, devCorpusSite } from '../helpers/dev-corpus.ts';
import { testWith, sharedFile } from '../helpers/shared.ts';
import { readTei, teiTokens, textElements } from '../helpers/tei.ts';

// The invariant: for every input document, every text token inside <text>
// (notes, stage directions, unknown and foreign elements included) appears
// in its document page, in order. Checked over every file of the dev corpora.

/**
 * How many of the expected tokens the page holds in order: a greedy walk
 * that skips a token it cannot find without losing its place. With the first
 * token not found, for the message.
 */
export function preserved(expected: string[], page: string[]): { found: number; firstMissing: number } {
  let j = 0;
  let found = 0;
  let firstMissing = -1;
  for (let i = 0; i < expected.length; i++) {
    let k = j;
    while (k < page.length && page[k] !== expected[i]) k++;
    if (k < page.length) {
      found++;
      j = k + 1;
    } else if (firstMissing === -1) firstMissing = i;
  }
  return { found, firstMissing };
}

test('the measure counts a dropped word and a word out of order', () => {
  assert.equal(preserved(['a', 'b', 'c'], ['x', 'a', 'b', 'y', 'c']), { found: 3, firstMissing: -1 });
  assert.equal(preserved(['a', 'b', 'c'], ['a', 'c']), { found: 2, firstMissing: 1 });
  assert.equal(preserved(['a', 'b', 'c'], ['b', 'a', 'c']).firstMissing, 1);
});

testWith(devCorpusMissing, 'every text token of every dev corpus file appears in its page, in order (100 %)', async () => {
  const { site } = await devCorpusSite();
  const root = sharedFile(DEV_CORPUS) as string;
  // The site's data/<slug>.xml is a byte-exact copy of its source: it says which page holds which file.
  const copies = new Map<string, string>();
  for (const f of fs.readdirSync(path.join(site, 'data')).filter((f) => f.endsWith('.xml'))) {
    copies.set(fs.readFileSync(path.join(site, 'data', f)).toString('base64'), f.replace(/\.xml$/, ''));
  }
  const rows: string[] = [];
  const failures: string[] = [];
  const files = devCorpusFiles();
  assert.ok(files.length >= 23, `${files.length} files`);
  for (const file of files) {
    const name = path.relative(root, file);
    const tokens = textElements(readTei(file)).flatMap(teiTokens);
    const slug = copies.get(fs.readFileSync(file).toString('base64'));
    if (tokens.length === 0) {
      // A teiCorpus root or a stand-alone register: no <text> of its own.
      rows.push(`${name}: no <text> tokens${slug ? '' : ' (not a document page)'}`);
      continue;
    }
    if (!slug) {
      failures.push(`${name}: has ${tokens.length} tokens but no document page`);
      continue;
    }
    const page = htmlTokens(fs.readFileSync(path.join(site, 'documents', slug, 'index.html'), 'utf8'));
    const { found, firstMissing } = preserved(tokens, page);
    const percent = (100 * found) / tokens.length;
    rows.push(`${name}: ${found}/${tokens.length} tokens, ${percent === 100 ? '100' : percent.toFixed(3)} %`);
    if (found < tokens.length) failures.push(`${name}: token ${firstMissing} "${tokens[firstMissing]}" missing after: ${tokens.slice(Math.max(0, firstMissing - 8), firstMissing).join(' ')}`);
  }
  process.stdout.write(`\nText preservation, dev corpora:\n  ${rows.join('\n  ')}\n`);
  assert.equal(failures, []);
});

test.run();
