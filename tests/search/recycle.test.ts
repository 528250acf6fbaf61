import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PreviousBuild } from '../../src/cache/build-record.ts';
import { buildsDirFor } from '../../src/publish/publish-site.ts';
import { recyclable, recycledFolders } from '../../src/index/recycle.ts';

// The build record names the build the published one replaced, whose search
// bundles the next build moves into its own folder. The record lives in a
// folder anyone can change: what it names is followed only if it is another
// build folder of the same site, and only bucket folders with keys.

const out = path.join('/srv', 'edition', 'site');
const builds = buildsDirFor(out);
const key = 'a'.repeat(64);
const previous = (replaced: PreviousBuild['replaced']): PreviousBuild => ({ target: path.join(builds, 'build-b-2'), pages: {}, downloads: {}, search: {}, replaced });

test('the build before the published one, with its buckets and their keys', () => {
  const found = recyclable(out, previous({ target: path.join(builds, 'build-a-1'), search: { 'pagefind/': key, 'pagefind-b3/': key } }));
  assert.equal(found, { target: path.join(builds, 'build-a-1'), search: { 'pagefind/': key, 'pagefind-b3/': key } });
  assert.equal([...recycledFolders(found as NonNullable<typeof found>)].sort(), ['pagefind', 'pagefind-b3']);
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
