import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assembleShards, buildEdition } from '../../src/pipeline.ts';
import { acquireOutputLock } from '../../src/publish/output-lock.ts';
import { buildsDirFor, clearStaleBuilds } from '../../src/publish/publish-site.ts';
import { FLAGSHIP, buildOptions, tempDir } from '../helpers/build.ts';
import { runColloquy, treeDigest } from '../helpers/run-build.ts';

// One build at a time publishes to a folder. Two at once each removed the
// other's work folder as one left by an interrupted build, and a build could
// then publish a site with part of its files gone (two builds of the
// flagship started 1.3-1.7 s apart into one folder: 2 of 16 published such
// a site, and exited 0). A build holds `.<out>-builds/lock`; another is
// refused while it is held; a lock left by a build that was killed is taken
// over.

const dir = tempDir('output-lock');

/** The id and start (in clock ticks since boot) of a process, as the lock records them. */
function startOf(pid: number): string {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] as string;
}

function writeLock(out: string, holder: Record<string, unknown>, ageSeconds = 0): string {
  const file = path.join(buildsDirFor(out), 'lock');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof holder.raw === 'string' ? holder.raw : JSON.stringify({ host: os.hostname(), since: '2026-01-01T00:00:00.000Z', token: 'theirs', ...holder }));
  if (ageSeconds) {
    const t = Date.now() / 1000 - ageSeconds;
    fs.utimesSync(file, t, t);
  }
  return file;
}

/** The id of a process that has ended. */
function endedPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

test('a held lock refuses a second build of the same folder, naming its holder and the lock; released, it can be taken', () => {
  const out = path.join(dir, 'held', 'site');
  const first = acquireOutputLock(out);
  assert.ok(first.ok);
  const second = acquireOutputLock(out);
  assert.not.ok(second.ok);
  const lockFile = path.join(buildsDirFor(out), 'lock');
  assert.is(second.ok ? '' : second.problem, `${out} is being built by another colloquy process ${process.pid}, since ${JSON.parse(fs.readFileSync(lockFile, 'utf8')).since}; expected no other build of ${out} at the same time: run this build when that one has ended (if no such build is running, remove ${lockFile})`);
  // Another folder is not held.
  const other = acquireOutputLock(path.join(dir, 'held', 'other'));
  assert.ok(other.ok);
  if (other.ok) other.lock.release();
  if (first.ok) first.lock.release();
  assert.not.ok(fs.existsSync(lockFile), 'released');
  // The builds folder made only for the lock goes with it.
  assert.not.ok(fs.existsSync(buildsDirFor(out)), 'no builds folder is left');
  const third = acquireOutputLock(out);
  assert.ok(third.ok);
  if (third.ok) third.lock.release();
  // Folders made for the lock above the builds folder go too, and only they.
  const kept = path.join(dir, 'kept');
  fs.mkdirSync(kept);
  const fourth = acquireOutputLock(path.join(kept, 'new', 'deeper', 'site'));
  assert.ok(fourth.ok);
  assert.ok(fs.existsSync(path.join(kept, 'new', 'deeper', '.site-builds', 'lock')));
  if (fourth.ok) fourth.lock.release();
  assert.not.ok(fs.existsSync(path.join(kept, 'new')), 'the folders made for the lock are gone');
  assert.ok(fs.existsSync(kept), 'the folder that was there is kept');
});

test('a lock whose process has ended, or whose id now names a later process, is taken over; a live one, or another host\u2019s, is not', () => {
  const out = path.join(dir, 'stale', 'site');
  const cases: Array<[string, Record<string, unknown>, boolean, number?]> = [
    ['a process that has ended', { pid: endedPid() }, true],
    ['its id reused by a process started later', { pid: process.pid, start: '1' }, true],
    ['nothing readable, written a minute ago (a build killed as it made the lock)', { raw: '' }, true, 60],
    ['half a record, a minute ago', { raw: '{"pid": 12' }, true, 60],
    ['nothing readable, just now (a build making its lock)', { raw: '' }, false],
    ['this process, as it started', { pid: process.pid, start: startOf(process.pid) }, false],
    ['a live process without a recorded start', { pid: process.ppid }, false],
    ['a process on another host', { pid: endedPid(), host: `not-${os.hostname()}` }, false],
  ];
  for (const [what, holder, stale, age] of cases) {
    const file = writeLock(out, holder, age);
    const got = acquireOutputLock(out);
    assert.is(got.ok, stale, what);
    if (!got.ok && what.startsWith('nothing readable')) assert.match(got.problem, `${out} is being built by another build, which is starting (its lock holds nothing yet); expected no other build`);
    if (got.ok) {
      assert.is(JSON.parse(fs.readFileSync(file, 'utf8')).pid, process.pid, `${what}: the lock is this process's now`);
      got.lock.release();
      assert.not.ok(fs.existsSync(file), `${what}: released`);
    } else {
      assert.ok(fs.existsSync(file), `${what}: the lock is kept`);
      fs.rmSync(file);
    }
  }
});

test('a lock of a process that has ended but was not yet waited for by its parent (a zombie) is taken over', async () => {
  const out = path.join(dir, 'zombie', 'site');
  // The shell starts a child that ends at once, then becomes a process that never waits for it.
  const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const pid = Number(await new Promise<string>((resolve) => parent.stdout.once('data', (d) => resolve(String(d)))));
    const state = (): string => fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] ?? '';
    for (let i = 0; i < 100 && state() !== 'Z'; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.is(state(), 'Z', 'the child is a zombie');
    const file = writeLock(out, { pid, start: startOf(pid) });
    const got = acquireOutputLock(out);
    assert.ok(got.ok);
    assert.is(JSON.parse(fs.readFileSync(file, 'utf8')).pid, process.pid);
    if (got.ok) got.lock.release();
  } finally {
    parent.kill('SIGKILL');
  }
});

test('a stale lock being taken over by another build is waited for a moment, then refused; a take-over left by a killed build is cleared', () => {
  const out = path.join(dir, 'takeover', 'site');
  const file = writeLock(out, { pid: endedPid() });
  const guard = path.join(buildsDirFor(out), 'lock.takeover');
  fs.writeFileSync(guard, '');
  const busy = acquireOutputLock(out);
  assert.is(busy.ok ? '' : busy.problem, `the lock of ${out}'s builds (${file}) is being taken over by another build; expected it free: run this build again`);
  assert.ok(fs.existsSync(file), 'the stale lock is left to the build taking it over');
  const t = Date.now() / 1000 - 60;
  fs.utimesSync(guard, t, t);
  const got = acquireOutputLock(out);
  assert.ok(got.ok);
  assert.not.ok(fs.existsSync(guard), 'the take-over lock is gone');
  if (got.ok) got.lock.release();
});

test('a build releases only its own lock, and the clean-up of stale builds never removes a lock', async () => {
  const out = path.join(dir, 'own', 'site');
  const mine = acquireOutputLock(out);
  assert.ok(mine.ok);
  if (!mine.ok) return;
  // Another build took the lock over (this one was thought ended): releasing leaves theirs.
  const file = writeLock(out, { pid: process.ppid });
  mine.lock.release();
  assert.ok(fs.existsSync(file), 'the other build\u2019s lock is kept');
  assert.ok(fs.existsSync(buildsDirFor(out)), 'and its folder');
  fs.writeFileSync(path.join(buildsDirFor(out), 'lock.takeover'), '');
  fs.mkdirSync(path.join(buildsDirFor(out), 'build-left-behind'));
  await clearStaleBuilds(out);
  assert.equal(fs.readdirSync(buildsDirFor(out)).sort(), ['lock', 'lock.takeover']);
});

test('the command line refuses a build while another process holds the lock, publishes nothing, and builds once it has ended', async () => {
  const work = path.join(dir, 'cli');
  fs.mkdirSync(work);
  const first = await runColloquy(['build', '--tei', FLAGSHIP, '--out', 'site'], work, { trace: false });
  assert.is(first.code, 0, first.stderr);
  const site = path.join(work, 'site');
  const before = treeDigest(site);
  const builds = fs.readdirSync(buildsDirFor(site)).sort();
  // A live process holds the lock, as a running build would.
  const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
  try {
    const pid = holder.pid as number;
    const lockFile = writeLock(site, { pid, start: startOf(pid), since: '2026-11-28T09:00:00.000Z' });
    // The build would have work to do (other files): it is refused before any.
    const other = path.join(work, 'other.xml');
    fs.writeFileSync(other, fs.readFileSync(FLAGSHIP, 'utf8').replace('<p>', '<p>Also '));
    const refused = await runColloquy(['build', '--tei', other, '--out', 'site'], work, { trace: false });
    assert.is(refused.code, 1);
    assert.match(refused.stderr, `colloquy build: ${site} is being built by another colloquy process ${pid}, since 2026-11-28T09:00:00.000Z; expected no other build of ${site} at the same time: run this build when that one has ended (if no such build is running, remove ${lockFile}); nothing was published`);
    assert.is(treeDigest(site), before, 'the published site is untouched');
    assert.equal(fs.readdirSync(buildsDirFor(site)).sort(), [...builds, 'lock'].sort(), 'no work folder was made, and the lock is kept');
    // In process, for a build and for an assembly of shards alike.
    const inProcess = await buildEdition([other], buildOptions(site));
    assert.match(inProcess.ok ? '' : inProcess.reason, /is being built by another colloquy process/);
    const assembled = await assembleShards([path.join(work, 'no-such-shard')], buildOptions(site, { inputs: [] }));
    assert.match(assembled.ok ? '' : assembled.reason, /is being built by another colloquy process/);
    assert.is(treeDigest(site), before);
    // The holder ends (killed, as a build may be): its lock is stale, and the next build takes it over.
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    const after = await runColloquy(['build', '--tei', other, '--out', 'site'], work, { trace: false });
    assert.is(after.code, 0, after.stderr);
    assert.is.not(treeDigest(site), before, 'the new site is published');
    assert.not.ok(fs.existsSync(lockFile), 'and the lock released');
  } finally {
    holder.kill('SIGKILL');
  }
});

test.run();
