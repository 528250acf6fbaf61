import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PreviousBuild } from '../../src/cache/build-record.ts';
import { buildsDirFor } from '../../src/publish/publish-site.ts';
import { doneTaking, pagesFrom, recyclable, recycledFolders, takeBundle } from '../../src/publish/recycle.ts';

// The build record names the build the published one replaced, whose search
// bundles and pages the next build moves into its own folder. The record lives in a
// folder anyone can change: what it names is followed only if it is another
// build folder of the same site, and only bucket folders with keys.

const out = path.join('/srv', 'edition', 'site');
const builds = buildsDirFor(out);
const key = 'a'.repeat(64);
const previous = (replaced: PreviousBuild['replaced']): PreviousBuild => ({ target: path.join(builds, 'build-b-2'), pages: {}, downloads: {}, search: {}, replaced });

test('the build before the published one, with its buckets and their keys', () => {
  const found = recyclable(out, previous({ target: path.join(builds, 'build-a-1'), search: { 'pagefind/': key, 'pagefind-b3/': key } }));
  assert.equal(found, { target: path.join(builds, 'build-a-1'), search: { 'pagefind/': key, 'pagefind-b3/': key }, pages: {}, takers: new Set(['site', 'index']) });
  const keep = recycledFolders(found as NonNullable<typeof found>);
  assert.equal(['data', 'documents', 'pagefind', 'pagefind-b2', 'pagefind-b3'].filter(keep), ['pagefind', 'pagefind-b3'], 'without page keys, only the buckets are left for the new build');
});

test('with its page groups\' keys: all of it is left for the new build, and only keys are followed', () => {
  const found = recyclable(out, previous({ target: path.join(builds, 'build-a-1'), search: {}, pages: { 'document:mao': key, 'entity:p1': 'not a key', 'entity:p2': 7 as unknown as string } }));
  assert.equal(found?.pages, { 'document:mao': key });
  const keep = recycledFolders(found as NonNullable<typeof found>);
  assert.equal(['data', 'documents', 'pagefind-b2'].filter(keep), ['data', 'documents', 'pagefind-b2']);
  assert.is(pagesFrom(found, 'document:mao', key), path.join(builds, 'build-a-1'));
  assert.is(pagesFrom(found, 'document:mao', 'b'.repeat(64)), undefined, 'another key');
  assert.is(pagesFrom(found, 'entity:p1', 'not a key'), undefined, 'a key that is not one');
});

test('what is left is removed once both stages are done taking, and nothing is taken after', async () => {
  const fs = await import('node:fs/promises');
  const os = await import('node:os');
  const site = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'colloquy-recycle-')), 'site');
  const old = path.join(buildsDirFor(site), 'build-a-1');
  await fs.mkdir(path.join(old, 'documents', 'mao'), { recursive: true });
  await fs.writeFile(path.join(old, 'documents', 'mao', 'index.html'), 'page');
  const found = recyclable(site, { target: path.join(buildsDirFor(site), 'build-b-2'), pages: {}, downloads: {}, search: {}, replaced: { target: old, search: {}, pages: { 'document:mao': key } } });
  assert.ok(found);
  doneTaking(found, 'index');
  assert.is(found.removing, undefined, 'the site stage may still take from it');
  assert.is(pagesFrom(found, 'document:mao', key), old);
  doneTaking(found, 'site');
  assert.ok(found.removing);
  assert.is(pagesFrom(found, 'document:mao', key), undefined, 'being removed: nothing is taken');
  await found.removing;
  assert.is(await fs.stat(old).catch(() => undefined), undefined, 'removed');
});

test('a bucket is taken whole, its files in folders as Pagefind lays them out, and refused if a file is missing or one is there too many', async () => {
  const fs = await import('node:fs/promises');
  const os = await import('node:os');
  const site = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'colloquy-take-')), 'site');
  const old = path.join(buildsDirFor(site), 'build-a-1');
  const files = ['pagefind-entry.json', 'pagefind.en_1.pf_meta', 'fragment/en_a1.pf_fragment', 'fragment/en_b2.pf_fragment', 'index/en_c3.pf_index', 'filter/en_d4.pf_filter', 'wasm/en.pagefind'];
  const lay = async (bucket: string, list: string[]): Promise<void> => {
    for (const f of list) {
      await fs.mkdir(path.dirname(path.join(old, bucket, f)), { recursive: true });
      await fs.writeFile(path.join(old, bucket, f), f);
    }
  };
  await lay('pagefind-b1', files);
  await lay('pagefind-b2', files.slice(1));
  await lay('pagefind-b3', [...files, 'fragment/en_extra.pf_fragment']);
  const search = { 'pagefind-b1/': key, 'pagefind-b2/': key, 'pagefind-b3/': key };
  const found = recyclable(site, { target: path.join(buildsDirFor(site), 'build-b-2'), pages: {}, downloads: {}, search: {}, replaced: { target: old, search, pages: {} } });
  assert.ok(found);
  const work = path.join(buildsDirFor(site), 'build-c-3');
  await fs.mkdir(work, { recursive: true });
  const take = (bucket: string): Promise<boolean> => takeBundle(found, `${bucket}/`, key, path.join(work, bucket), async () => files);
  assert.ok(await take('pagefind-b1'), 'whole: taken');
  assert.equal((await fs.readdir(path.join(work, 'pagefind-b1', 'fragment'))).sort(), ['en_a1.pf_fragment', 'en_b2.pf_fragment']);
  assert.not.ok(await take('pagefind-b2'), 'a file missing: refused');
  assert.not.ok(await take('pagefind-b3'), 'a file too many: refused');
  assert.is(await fs.stat(path.join(work, 'pagefind-b2')).catch(() => undefined), undefined, 'what was refused is not left in the new build');
  await fs.rm(path.dirname(site), { recursive: true, force: true });
});

test('not the published build, nor a folder elsewhere, nor anything but buckets with keys', () => {
  assert.is(recyclable(out, previous({ target: path.join(builds, 'build-b-2'), search: { 'pagefind/': key } })), undefined, 'the published build itself');
  assert.is(recyclable(out, previous({ target: path.join('/srv', 'edition', 'build-a-1'), search: { 'pagefind/': key } })), undefined, 'outside the builds folder');
  assert.is(recyclable(out, previous({ target: path.join(builds, 'build-a-1', '..', '..'), search: { 'pagefind/': key } })), undefined, 'a path that climbs out');
  assert.is(recyclable(out, previous({ target: path.join(builds, 'aside'), search: { 'pagefind/': key } })), undefined, 'not a build folder');
  assert.is(recyclable(out, previous(undefined)), undefined, 'none recorded');
  const found = recyclable(out, previous({ target: path.join(builds, 'build-a-1'), search: { 'pagefind/': key, 'documents/': key, '../pagefind/': key, 'pagefind-b2/': 'not a key' } }));
  assert.equal(found?.search, { 'pagefind/': key });
});

test.run();
