import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateCorpus } from '../../bench/generate-corpus.ts';
import { recordPath, type BuildRecord } from '../../src/cache/build-record.ts';
import { sha256 } from '../../src/cache/cache.ts';
import { InputChangedError, settled, stampOf } from '../../src/cache/input-stamps.ts';
import { findXmlFiles } from '../../src/cli/find-files.ts';
import { buildEdition } from '../../src/pipeline.ts';
import { TeiFile } from '../../src/tei-file.ts';
import { validateTei } from '../../src/validate/validate-tei.ts';
import { buildOptions, tempDir } from '../helpers/build.ts';
import { treeDigest } from '../helpers/run-build.ts';

// src/cache/input-stamps.ts: a build records each input's stamp (its stat)
// with its hash; the next build trusts the hash of a file whose stamp is the
// same, without reading it, and reads every other file. A file changed in
// any way (even to the same size, with its modification time set back) is
// read again; a file changed less than two seconds before it was read is not
// stamped; a trusted file whose bytes are read later must have the hash it
// was trusted with.

const digest = (out: string): string => treeDigest(fs.realpathSync(out));
const statOf = (file: string) => fs.statSync(file, { bigint: true });
/** A stat of a file whose last change was `ago` ms before `now`. */
const changedAgo = (now: number, ago: number) => ({ ctimeNs: BigInt(now - ago) * 1_000_000n }) as fs.BigIntStats;

test('a stat vouches for the bytes read only if the file was last changed more than two seconds before', () => {
  const now = Date.parse('2026-11-28T10:00:00Z');
  assert.ok(settled(changedAgo(now, 60_000), now), 'a minute before');
  assert.ok(settled(changedAgo(now, 2_500), now), '2.5 s before');
  assert.not.ok(settled(changedAgo(now, 1_500), now), '1.5 s before');
  assert.not.ok(settled(changedAgo(now, -5_000), now), 'a change time in the future');
});

/** The files that `run` reads with readFileSync (which validation reads with), by path. */
async function filesRead(run: () => Promise<unknown>): Promise<string[]> {
  const read: string[] = [];
  const original = fs.readFileSync;
  fs.readFileSync = ((file: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    read.push(String(file));
    return (original as (...args: unknown[]) => unknown)(file, ...rest);
  }) as typeof fs.readFileSync;
  syncBuiltinESMExports();
  try {
    await run();
  } finally {
    fs.readFileSync = original;
    syncBuiltinESMExports();
  }
  return read;
}

test('a file whose stamp is the recorded one is trusted without being read; another is read, and stamped only once settled', async () => {
  const dir = tempDir('stamps-validate');
  const [a, b] = generateCorpus(2, dir, { seed: 31 }).files as [string, string];
  await sleep(2_100); // both settled
  const fresh = path.join(dir, 'fresh.xml');
  fs.copyFileSync(b, fresh); // not settled
  // A first validation leaves the files' facts and messages in the cache, as a build does.
  await validateTei([a, b, fresh].map((p) => new TeiFile(p)), { schema: undefined, profile: 'generic' });
  const hashOfA = sha256(fs.readFileSync(a));
  const known = new Map([[a, { hash: hashOfA, stamp: stampOf(statOf(a)) }]]);
  const files = [a, b, fresh].map((p) => new TeiFile(p));
  const [fa, fb, ff] = files as [TeiFile, TeiFile, TeiFile];
  const read = await filesRead(() => validateTei(files, { schema: undefined, profile: 'generic', known }));
  assert.not.ok(read.includes(a), 'the trusted file was not read');
  assert.ok(read.includes(b) && read.includes(fresh), `the others were read: ${JSON.stringify(read.filter((f) => f.endsWith('.xml')))}`);
  assert.is(fa.hash, hashOfA);
  assert.is(fa.size, fs.statSync(a).size);
  assert.is(fa.stamp, stampOf(statOf(a)), 'its stamp is kept for the next record');
  assert.equal(fa.messages, [], 'its messages came from the cache');
  assert.is(fb.hash, sha256(fs.readFileSync(b)));
  assert.is(fb.stamp, stampOf(statOf(b)), 'a settled file is stamped');
  assert.is(ff.stamp, undefined, 'a file changed just before it was read is not stamped');

  // A stamp that is not the file's (here: another file's) is not trusted.
  const other = new TeiFile(b);
  const readAgain = await filesRead(() => validateTei([other], { schema: undefined, profile: 'generic', known: new Map([[b, { hash: hashOfA, stamp: stampOf(statOf(a)) }]]) }));
  assert.ok(readAgain.includes(b));
  assert.is(other.hash, sha256(fs.readFileSync(b)));
});

test("a trusted file's bytes, read later in the build, must have the hash it was trusted with", () => {
  const dir = tempDir('stamps-bytes');
  const [a] = generateCorpus(1, dir, { seed: 32 }).files as [string];
  const good = new TeiFile(a);
  good.trust({ hash: sha256(fs.readFileSync(a)), size: fs.statSync(a).size, stamp: 'x' });
  assert.ok(good.bytes?.length === fs.statSync(a).size && good.isRead);
  const bad = new TeiFile(a);
  bad.trust({ hash: 'f'.repeat(64), size: fs.statSync(a).size, stamp: 'x' });
  assert.throws(
    () => bad.bytes,
    (err: Error) => err instanceof InputChangedError && err.message.includes(bad.name) && err.message.includes('changed while the build ran'),
  );
  const gone = new TeiFile(path.join(dir, 'gone.xml'));
  gone.trust({ hash: 'f'.repeat(64), size: 1, stamp: 'x' });
  assert.throws(() => gone.bytes, (err: Error) => err instanceof InputChangedError);
});

test('builds with stamps: an edit that keeps the size and the modification time is seen, the site is that of a fresh build, and a record that vouches wrongly stops the build', async () => {
  const dir = tempDir('stamps-build');
  const input = path.join(dir, 'input');
  const { files } = generateCorpus(3, input, { seed: 33 });
  // Modification times of whole seconds, which utimes can set back exactly.
  const mtime = Math.floor(Date.now() / 1000) - 3600;
  for (const f of files) fs.utimesSync(f, mtime, mtime);
  const paths = await findXmlFiles([input]);
  const opts = (out: string) => buildOptions(path.join(dir, out), { inputs: [input], profile: 'generic', schema: 'none' });
  await sleep(2_100); // the files are settled: the first build stamps them all
  const first = await buildEdition(paths, opts('site'));
  assert.ok(first.ok, first.ok ? '' : first.reason);
  const record = JSON.parse(fs.readFileSync(recordPath(path.join(dir, 'site')), 'utf8')) as BuildRecord;
  assert.equal(Object.keys(record.stamps ?? {}).sort(), [...files].sort(), 'every input is stamped');

  // Nothing changed: nothing to do.
  const noop = await buildEdition(paths, opts('site'));
  assert.ok(noop.ok && noop.edition.upToDate, 'up to date');

  // One word changed to another of the same length, and the modification time set back.
  const target = files[1] as string;
  const before = fs.statSync(target, { bigint: true });
  const text = fs.readFileSync(target, 'utf8');
  const word = /<p>([A-Za-z]{5,})/.exec(text)?.[1] as string;
  assert.ok(word, 'a word to change');
  const changed = word.split('').reverse().join('') === word ? word.toUpperCase() : word.split('').reverse().join('');
  fs.writeFileSync(target, text.replace(`<p>${word}`, `<p>${changed}`));
  fs.utimesSync(target, mtime, mtime);
  assert.is(statOf(target).size, before.size);
  assert.is(statOf(target).mtimeNs, before.mtimeNs, 'the same modification time, to the nanosecond');
  const edited = await buildEdition(paths, opts('site'));
  assert.ok(edited.ok && !edited.edition.upToDate, 'the edit was seen');
  assert.equal(edited.edition.cacheStats.transform, { hits: 2, misses: 1 });
  const fresh = await buildEdition(paths, buildOptions(path.join(dir, 'fresh'), { inputs: [input], profile: 'generic', schema: 'none' }));
  assert.ok(fresh.ok);
  assert.is(digest(path.join(dir, 'site')), digest(path.join(dir, 'fresh')), 'the site is that of a fresh build');

  // A record whose hash is not the file's, with the file's own stamp (a
  // damaged record; or a file changed while a build read it): the build
  // trusts it, reads the file when it needs its bytes, finds another hash,
  // and stops with a message; the published site stays as it was.
  await sleep(2_100); // the edited file is settled now: stamped by this build
  const restamp = await buildEdition(paths, opts('site2'));
  assert.ok(restamp.ok);
  const file2 = recordPath(path.join(dir, 'site2'));
  const r2 = JSON.parse(fs.readFileSync(file2, 'utf8')) as BuildRecord;
  assert.ok(r2.stamps?.[target], 'the edited file is stamped');
  r2.files[target] = sha256('not these bytes');
  fs.writeFileSync(file2, JSON.stringify(r2));
  fs.appendFileSync(files[0] as string, '\n'); // another file changes, so that the build is not a no-op
  const site2 = digest(path.join(dir, 'site2'));
  const wrong = await buildEdition(paths, opts('site2'));
  assert.not.ok(wrong.ok);
  assert.ok(!wrong.ok && wrong.reason.includes('changed while the build ran') && wrong.reason.includes(path.basename(target)), wrong.ok ? '' : wrong.reason);
  assert.is(digest(path.join(dir, 'site2')), site2, 'the published site is unchanged');
});

test.run();
