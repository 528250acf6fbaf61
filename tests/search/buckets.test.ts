import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateCorpus } from '../../bench/generate-corpus.ts';
import { findXmlFiles } from '../../src/cli/find-files.ts';
import { CACHE_DIR } from '../../src/cache/cache.ts';
import { bucketCount, planBuckets } from '../../src/index/buckets.ts';
import { BESIDE_RECORDS, indexBeside } from '../../src/index/index-site.ts';
import { buildEdition, type BuildOutcome } from '../../src/pipeline.ts';
import { serveStatic } from '../../src/serve/static-server.ts';
import type { DocumentData } from '../../src/edition.ts';
import { buildOptions, tempDir } from '../helpers/build.ts';
import { closeBrowser, launchBrowser, missingBrowser } from '../helpers/browser.ts';
import { testWith } from '../helpers/shared.ts';
import { treeDigest } from '../helpers/run-build.ts';

// A corpus's search index in buckets: several Pagefind bundles, merged by
// the search page, each cached by its records, so that a change to one
// document rebuilds one bundle. Built here from ten generated documents with
// two documents to a bucket.

test('the bucket count is the smallest power of two that keeps buckets at the size asked for', () => {
  assert.equal([0, 1, 32, 33, 64, 65, 1000].map((n) => bucketCount(n)), [1, 1, 1, 2, 2, 4, 32]);
  assert.is(bucketCount(10, 2), 8);
  assert.is(bucketCount(10, Infinity), 1);
});

test('the index runs beside the site stage for several buckets, or for one of many records', () => {
  const doc = (slug: string, units: number, notes = 0): DocumentData =>
    ({ slug, units: Array.from({ length: units }, (_, i) => ({ text: i % 2 ? 'Words.' : '  ' })), notes: Array.from({ length: notes }, () => ({ text: 'A note.' })) }) as unknown as DocumentData;
  // Records are the units with text and the notes: here half the units have text.
  const one = (docs: DocumentData[]) => [{ path: 'pagefind/', documents: docs }];
  assert.is(indexBeside(one([doc('a', 200, 8)])), false, 'the flagship: some 200 records');
  assert.is(indexBeside(one([doc('a', 2 * (BESIDE_RECORDS - 10)), doc('b', 0, 9)])), false, 'one record short');
  assert.is(indexBeside(one([doc('a', 2 * (BESIDE_RECORDS - 10)), doc('b', 0, 10)])), true, 'as many as the threshold');
  assert.is(indexBeside([...one([doc('a', 2)]), { path: 'pagefind-b1/', documents: [doc('b', 2)] }]), true, 'two buckets');
});

test('a document stays in its bucket when other documents come and go, and every document is in one bucket', () => {
  const docs = Array.from({ length: 40 }, (_, i) => ({ slug: `doc-${i}` }) as DocumentData);
  const where = (list: DocumentData[]): Map<string, string> => new Map(planBuckets(list, 8).flatMap((b, k) => b.documents.map((d) => [d.slug, `${k}:${b.path}`] as [string, string])));
  const all = where(docs);
  assert.is(all.size, 40);
  const fewer = where(docs.filter((_, i) => i % 7 !== 3)); // 34 documents: still 8 buckets
  const bucketOf = (m: Map<string, string>, slug: string): string | undefined => m.get(slug)?.replace(/^\d+:/, '');
  for (const slug of fewer.keys()) {
    // The folder name of the first bucket is `pagefind/` whichever bucket that is; compare the others.
    if (!bucketOf(all, slug)?.startsWith('pagefind/') && !bucketOf(fewer, slug)?.startsWith('pagefind/')) assert.is(bucketOf(fewer, slug), bucketOf(all, slug), slug);
  }
  const one = planBuckets(docs.slice(0, 8), 8);
  assert.is(one.length, 1);
  assert.is(one[0]?.path, 'pagefind/');
});

const dir = tempDir('buckets');
const corpus = path.join(dir, 'corpus');
const { files } = generateCorpus(10, corpus, { seed: 11 });
const site = path.join(dir, 'site');
const options = buildOptions(site, { inputs: [corpus], profile: 'generic', searchBucketDocuments: 2 });
const build = async (): Promise<BuildOutcome & { ok: true }> => {
  const outcome = await buildEdition(await findXmlFiles([corpus]), options);
  assert.ok(outcome.ok, outcome.ok ? '' : `${outcome.reason}\n${outcome.edition.allMessages.join('\n')}`);
  return outcome as BuildOutcome & { ok: true };
};
/** A word no index has seen: the edit is new to the cache on every run. */
const nonce = `zq${randomBytes(5).toString('hex').replace(/\d/g, (d) => 'ghijklmnop'[Number(d)] as string)}`;
const edited = files[3] as string;

/** The slugs of the documents whose results a search for `q` returns, first result first. */
async function search(q: string): Promise<string[]> {
  const server = await serveStatic(fs.realpathSync(site));
  const context = await (await launchBrowser()).newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}search/?q=${encodeURIComponent(q)}`);
    await page.waitForFunction(() => /^(\d+ results?|No results)/.test(document.getElementById('search-status')?.textContent ?? ''), undefined, { timeout: 20_000 });
    const hrefs = await page.locator('#search-results li.result a[href*="documents/"]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href') as string));
    return [...new Set(hrefs.map((h) => /documents\/([^/]+)\//.exec(h)?.[1] as string))];
  } finally {
    await context.close();
    await server.close();
  }
}

let first: (BuildOutcome & { ok: true }) | undefined;
/** The first build's folder, and the inodes of its bundles' folders, of its documents' pages' folders and of their TEI downloads. */
/** The document the third build changes. */
let otherEdited = '';
let firstBuild = { root: '', bundles: new Map<string, number>(), documents: new Map<string, number>(), downloads: new Map<string, number>() };
const inodes = (folder: string, names: string[]): Map<string, number> => new Map(names.map((n) => [n, fs.statSync(path.join(folder, n)).ino]));

test('the site has one bundle per non-empty bucket, and the search page merges all but the first', async () => {
  const built = await build();
  first = built;
  const root = fs.realpathSync(site);
  const bundles = fs.readdirSync(root).filter((d) => /^pagefind(-b\d+)?$/.test(d)).sort();
  const slugs = (built.edition.data?.documents ?? []).map((d) => d.slug);
  firstBuild = { root, bundles: inodes(root, bundles), documents: inodes(path.join(root, 'documents'), slugs), downloads: inodes(path.join(root, 'data'), slugs.map((s) => `${s}.xml`)) };
  const planned = planBuckets(built.edition.data?.documents ?? [], 2);
  assert.ok(planned.length >= 4, `ten documents in eight buckets fill at least four (${planned.length})`);
  assert.equal(bundles, planned.map((b) => b.path.replace(/\/$/, '')).sort());
  for (const b of bundles) assert.ok(fs.existsSync(path.join(root, b, 'pagefind-entry.json')), `${b} is a Pagefind bundle`);
  const html = fs.readFileSync(path.join(root, 'search', 'index.html'), 'utf8');
  const merged = JSON.parse((/data-merge-bundles="([^"]*)"/.exec(html)?.[1] ?? '[]').replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as Array<{ path: string }>;
  assert.equal(merged.map((m) => m.path).sort(), planned.slice(1).map((b) => b.path).sort());
  // Every record is in exactly one bundle: the records Pagefind counted add up to the texts indexed.
  const pages = bundles.reduce((n, b) => n + fs.readdirSync(path.join(root, b, 'fragment')).length, 0);
  const texts = (built.edition.data?.documents ?? []).reduce((n, d) => n + d.units.filter((u) => u.text.trim()).length + d.notes.length, 0);
  assert.is(pages, texts);
});

testWith(missingBrowser(), 'a word found in one document only is found, whichever bucket holds it', async () => {
  const docs = first?.edition.data?.documents ?? [];
  const planned = planBuckets(docs, 2);
  // One document from each of two buckets other than the first, and one from the first.
  const picks = [planned[0], planned[1], planned[planned.length - 1]].map((b) => b?.documents[0] as DocumentData);
  for (const doc of picks) {
    const word = uniqueWord(doc, docs);
    // Pagefind adds near matches (by prefix and stem) from other documents; the exact match ranks first.
    const found = await search(word);
    assert.is(found[0], doc.slug, `"${word}" lives only in ${doc.slug}; found ${found.join(', ')}`);
  }
});

test('changing one speech rebuilds one bundle; the others come from the cache', async () => {
  const original = fs.readFileSync(edited, 'utf8');
  const text = original.replace(/(<sp\b[^>]*>\s*<speaker>[^<]*<\/speaker>\s*<p>)/, `$1${nonce} `);
  assert.ok(text !== original);
  fs.writeFileSync(edited, text);
  const before = fs.realpathSync(site);
  const second = await build();
  const stats = second.edition.cacheStats.search;
  const planned = planBuckets(second.edition.data?.documents ?? [], 2);
  assert.equal(stats, { hits: planned.length - 1, misses: 1 });
  // An unchanged bundle is the cached one, linked into the new build, not written again.
  const after = fs.realpathSync(site);
  assert.ok(before !== after, 'a new build was published');
  const slug = second.edition.data?.documents.find((d) => d.tei.path === edited)?.slug;
  const untouched = planned.find((b) => !b.documents.some((d) => d.slug === slug)) as { path: string };
  const entry = path.join(untouched.path, 'pagefind-entry.json');
  assert.ok(fs.statSync(path.join(after, entry)).nlink >= 2, `${entry} is a link to the cached file`);
  // The rebuilt bundle: a file with the same bytes as in the bundle it
  // replaces is that file, linked; the others are new files, and the
  // published build's are left as they were.
  const rebuilt = (planned.find((b) => b.documents.some((d) => d.slug === slug)) as { path: string }).path;
  const shared = { linked: 0, written: 0 };
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(after, rebuilt, rel), { withFileTypes: true })) {
      const file = path.join(rebuilt, rel, entry.name);
      if (entry.isDirectory()) walk(path.join(rel, entry.name));
      else if (fs.existsSync(path.join(before, file))) {
        const same = fs.readFileSync(path.join(before, file)).equals(fs.readFileSync(path.join(after, file)));
        const one = fs.statSync(path.join(before, file)).ino === fs.statSync(path.join(after, file)).ino;
        assert.is(one, same, `${file}: ${same ? 'the same bytes are linked' : 'other bytes are a new file'}`);
        shared[one ? 'linked' : 'written']++;
      } else shared.written++;
    }
  };
  walk('');
  assert.ok(shared.linked > shared.written, `most of the rebuilt bundle is linked from the one it replaces: ${JSON.stringify(shared)}`);
  assert.ok(shared.written > 0, 'the changed record is a new file');
});

test('the next change takes the unchanged bundles, pages and downloads of the build before the published one, and the site is that of a fresh build', async () => {
  const docs = first?.edition.data?.documents ?? [];
  const planned = planBuckets(docs, 2);
  const bucketOf = (file: string): string | undefined => planned.find((b) => b.documents.some((d) => d.tei.path === file))?.path;
  // A document in another bucket than the one the last change was in, and not in the first bucket.
  const other = files.find((f) => bucketOf(f) !== bucketOf(edited) && bucketOf(f) !== planned[0]?.path) as string;
  assert.ok(other, 'a document in another bucket');
  const original = fs.readFileSync(other, 'utf8');
  const text = original.replace(/(<sp\b[^>]*>\s*<speaker>[^<]*<\/speaker>\s*<p>)/, `$1${nonce}x `);
  assert.ok(text !== original);
  fs.writeFileSync(other, text);
  otherEdited = other;
  // A download of an unchanged document gone from the published build: the
  // first build's is taken (as it would be had it not gone), not linked.
  const unchangedDoc = docs.find((d) => d.tei.path !== edited && d.tei.path !== other)?.slug as string;
  fs.rmSync(path.join(fs.realpathSync(site), 'data', `${unchangedDoc}.xml`));
  const third = await build();
  assert.equal(third.edition.cacheStats.search, { hits: planned.length - 1, misses: 1 });
  // Unchanged since the first build: that build's folders, moved (a folder keeps its inode when renamed).
  const root = fs.realpathSync(site);
  const moved = [...firstBuild.bundles].filter(([b, ino]) => fs.existsSync(path.join(root, b)) && fs.statSync(path.join(root, b)).ino === ino).map(([b]) => `${b}/`);
  assert.equal(moved.sort(), planned.map((b) => b.path).filter((b) => b !== bucketOf(edited) && b !== bucketOf(other)).sort());
  // So are the pages' folders and the downloads of the documents unchanged since the first build.
  const unchanged = docs.filter((d) => d.tei.path !== edited && d.tei.path !== other).map((d) => d.slug);
  const same = (folder: string, before: Map<string, number>): string[] => [...before].filter(([n, ino]) => fs.existsSync(path.join(root, folder, n)) && fs.statSync(path.join(root, folder, n)).ino === ino).map(([n]) => n);
  assert.equal(same('documents', firstBuild.documents).sort(), unchanged.sort(), 'the unchanged documents\' pages: the first build\'s folders, moved');
  assert.equal(same('data', firstBuild.downloads).sort(), unchanged.map((s) => `${s}.xml`).sort(), 'their downloads: the first build\'s files, moved');
  assert.not.ok(fs.existsSync(firstBuild.root), 'the rest of the first build is removed');
  const fresh = path.join(dir, 'fresh');
  assert.ok((await buildEdition(await findXmlFiles([corpus]), { ...options, outDir: fresh })).ok);
  assert.is(treeDigest(root), treeDigest(fs.realpathSync(fresh)), 'the site is that of a fresh build');
});

test('a bundle, a page folder or a download left in part in the build before the published one is not taken; the site is that of a fresh build', async () => {
  const current = fs.realpathSync(site);
  const builds = path.dirname(current);
  const replaced = fs.readdirSync(builds).map((n) => path.join(builds, n)).find((d) => d !== current && fs.existsSync(path.join(d, 'index.html')));
  assert.ok(replaced, 'the build the published one replaced is there');
  const inode = (root: string, b: string): number | undefined => (fs.existsSync(path.join(root, b, 'pagefind-entry.json')) ? fs.statSync(path.join(root, b, 'pagefind-entry.json')).ino : undefined);
  const planned = planBuckets(first?.edition.data?.documents ?? [], 2);
  const editedBucket = planned.find((b) => b.documents.some((d) => d.tei.path === edited))?.path.replace(/\/$/, '');
  // A bundle the same in both builds, in a bucket the next change leaves alone: the next build would take it.
  const bundle = fs.readdirSync(replaced).find((b) => /^pagefind-b\d+$/.test(b) && b !== editedBucket && inode(replaced, b) === inode(current, b)) as string;
  assert.ok(bundle, 'a bundle unchanged between the two builds');
  const fragments = fs.readdirSync(path.join(current, bundle, 'fragment')).sort();
  fs.rmSync(path.join(replaced, bundle, 'fragment', fragments[0] as string));
  // And a document's page and another's download, gone from the build before the published one.
  const docs = (first?.edition.data?.documents ?? []).filter((d) => d.tei.path !== edited && d.tei.path !== otherEdited);
  const [pageGone, downloadGone] = docs.map((d) => d.slug);
  fs.rmSync(path.join(replaced, 'documents', pageGone as string, 'cite', 'index.html'));
  fs.rmSync(path.join(replaced, 'data', `${downloadGone}.xml`));
  fs.writeFileSync(edited, fs.readFileSync(edited, 'utf8').replace(nonce, `${nonce} ${nonce}y`));
  const fourth = await build();
  assert.equal(fourth.edition.cacheStats.search, { hits: planned.length - 1, misses: 1 });
  const root = fs.realpathSync(site);
  assert.equal(fs.readdirSync(path.join(root, bundle, 'fragment')).sort(), fragments, `${bundle} is whole`);
  assert.ok(fs.existsSync(path.join(root, 'documents', pageGone as string, 'cite', 'index.html')), 'the page is there');
  assert.ok(fs.existsSync(path.join(root, 'data', `${downloadGone}.xml`)), 'the download is there');
  const fresh = path.join(dir, 'fresh-2');
  assert.ok((await buildEdition(await findXmlFiles([corpus]), { ...options, outDir: fresh })).ok);
  assert.is(treeDigest(root), treeDigest(fs.realpathSync(fresh)), 'the site is that of a fresh build');
});

test('a damaged cache entry is built again, and the site has the whole bundle', async () => {
  const root = fs.realpathSync(site);
  const bundle = fs.readdirSync(root).find((d) => /^pagefind-b\d+$/.test(d)) as string;
  const inode = fs.statSync(path.join(root, bundle, 'pagefind-entry.json')).ino;
  const searchCache = path.join(CACHE_DIR, 'search');
  const entry = fs
    .readdirSync(searchCache)
    .flatMap((prefix) => fs.readdirSync(path.join(searchCache, prefix)).map((key) => path.join(searchCache, prefix, key)))
    .find((e) => fs.existsSync(path.join(e, 'pagefind-entry.json')) && fs.statSync(path.join(e, 'pagefind-entry.json')).ino === inode);
  assert.ok(entry, `the cache holds ${bundle}`);
  const fragments = fs.readdirSync(path.join(entry as string, 'fragment'));
  fs.rmSync(path.join(entry as string, 'fragment', fragments[0] as string));
  const other = path.join(dir, 'site-2');
  const outcome = await buildEdition(await findXmlFiles([corpus]), { ...options, outDir: other });
  assert.ok(outcome.ok);
  const planned = planBuckets(outcome.edition.data?.documents ?? [], 2);
  assert.equal(outcome.edition.cacheStats.search, { hits: planned.length - 1, misses: 1 });
  assert.equal(fs.readdirSync(path.join(fs.realpathSync(other), bundle, 'fragment')).sort(), fragments.sort());
  // The damaged entry was replaced: the next build finds every bucket in the cache.
  const third = await buildEdition(await findXmlFiles([corpus]), { ...options, outDir: path.join(dir, 'site-3') });
  assert.ok(third.ok);
  assert.equal(third.edition.cacheStats.search, { hits: planned.length, misses: 0 });
});

testWith(missingBrowser(), 'the changed document is found by its new word', async () => {
  const slug = first?.edition.data?.documents.find((d) => d.tei.path === edited)?.slug;
  assert.ok(slug);
  const found = await search(nonce);
  assert.is(found[0], slug, `the new word "${nonce}" is found in ${slug}: ${found.join(', ')}`);
});

/** A word of `doc` that no other document has, and no other word starts like (Pagefind matches by prefix). */
function uniqueWord(doc: DocumentData, docs: DocumentData[]): string {
  const wordsOf = (d: DocumentData): Set<string> => new Set([...d.units.map((u) => u.text), ...d.notes.map((n) => n.text)].join(' ').toLowerCase().match(/[\p{L}]+/gu) ?? []);
  const others = new Set(docs.filter((d) => d !== doc).flatMap((d) => [...wordsOf(d)].map((w) => w.slice(0, 6))));
  const word = [...wordsOf(doc)].filter((w) => /^[a-z]{8,}$/.test(w) && !others.has(w.slice(0, 6))).sort()[0];
  assert.ok(word, `${doc.slug} has a word of its own`);
  return word as string;
}

test.after(async () => {
  // Here rather than in the last test: a failed test must not leave the browser (and the run) going.
  await closeBrowser();
  fs.rmSync(dir, { recursive: true, force: true });
});

test.run();
