import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildsDirFor, LOCK_NAME, TAKEOVER_NAME } from './publish-site.ts';

/**
 * One build at a time for an output folder. Two builds publishing to the
 * same `<out>` would each remove the other's work folder as left by an
 * interrupted build (publish-site.ts, clearStaleBuilds), and one of them
 * could then publish a site with part of its files removed. So a build
 * holds `.<out>-builds/lock` from its start to its end; another build for
 * the same folder, while it is held, is refused before any work.
 *
 * The lock is a file created with O_EXCL, naming the process that holds it
 * (its id, its start on this host, a token). A build killed outright leaves
 * it behind; the next build finds that no such process runs (or that its
 * id now belongs to a process started later) and takes the lock over. The
 * take-over is itself done under a second lock (`lock.takeover`), so that
 * two builds finding the same stale lock never both hold the new one.
 */
export interface OutputLock {
  /** The lock file. */
  file: string;
  /** Gives the lock up (if this build still holds it). */
  release(): void;
}

export type LockResult = { ok: true; lock: OutputLock } | { ok: false; problem: string };

interface Holder {
  pid: number;
  host: string;
  /** The process's start, in clock ticks since boot (/proc/<pid>/stat), where there is /proc. */
  start?: string;
  since: string;
  token: string;
}

/** A lock file with nothing readable in it is taken for one being written for this long. */
const WRITING_MS = 5_000;
/** A take-over lock older than this was left by a build killed while taking over. */
const TAKEOVER_MS = 10_000;

/** Takes the lock of `outDir`'s builds, or says which build holds it. */
export function acquireOutputLock(outDir: string, now: () => number = Date.now): LockResult {
  const dir = buildsDirFor(outDir);
  const file = path.join(dir, LOCK_NAME);
  const me: Holder = { pid: process.pid, host: os.hostname(), start: processStat(process.pid)?.start, since: new Date(now()).toISOString(), token: randomBytes(8).toString('hex') };
  // The first folder this build made for its lock (the builds folder, or a parent of it).
  let made: string | undefined;
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      made ??= fs.mkdirSync(dir, { recursive: true });
    } catch (err) {
      const what = fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory() === false ? 'a file is there' : (err as Error).message;
      return { ok: false, problem: `the folder of ${outDir}'s builds (${dir}) could not be made (${what}); expected a folder this build may write in` };
    }
    try {
      const fd = fs.openSync(file, 'wx');
      try {
        fs.writeSync(fd, JSON.stringify(me));
      } finally {
        fs.closeSync(fd);
      }
      return { ok: true, lock: { file, release: () => release(file, me.token, made) } };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue; // The folder was removed meanwhile (a build that made it, ending).
      if (code !== 'EEXIST') return { ok: false, problem: `the lock of ${outDir}'s builds (${file}) could not be made (${(err as Error).message}); expected a folder this build may write in` };
    }
    const held = readHolder(file);
    if (held === 'gone') continue;
    if (!isStale(held, file, now)) return { ok: false, problem: heldBy(outDir, file, held) };
    if (!takeOver(dir, file, held, now)) sleep(20);
  }
  return { ok: false, problem: `the lock of ${outDir}'s builds (${file}) is being taken over by another build; expected it free: run this build again` };
}

function release(file: string, token: string, made: string | undefined): void {
  const held = readHolder(file);
  if (typeof held === 'object' && held.token === token) fs.rmSync(file, { force: true });
  // The folders this build made only for its lock go with it (a build refused
  // before its work folder leaves nothing), from the builds folder up.
  if (made === undefined) return;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    try {
      fs.rmdirSync(dir);
    } catch {
      return; // Not empty (a site, a work folder, another build's lock): kept, with the folders above it.
    }
    if (dir === made || path.dirname(dir) === dir) return;
  }
}

/** The lock's holder; undefined if the file holds nothing readable; 'gone' if there is no file. */
function readHolder(file: string): Holder | undefined | 'gone' {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return 'gone';
  }
  try {
    const h = JSON.parse(text) as Partial<Holder>;
    return Number.isInteger(h.pid) && typeof h.host === 'string' && typeof h.token === 'string' && typeof h.since === 'string' ? (h as Holder) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the lock's holder has ended: no such process on this host (or a process started after it with its id). */
function isStale(held: Holder | undefined, file: string, now: () => number): boolean {
  if (!held) return ageMs(file, now) > WRITING_MS;
  // Another host's process cannot be seen from here (a shared folder): held.
  if (held.host !== os.hostname()) return false;
  try {
    process.kill(held.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return true;
  }
  const proc = processStat(held.pid);
  // A process that has ended but not yet been waited for by its parent (a zombie) still has its id.
  if (proc && (proc.state === 'Z' || proc.state === 'X')) return true;
  return held.start !== undefined && proc !== undefined && proc.start !== held.start;
}

/** Removes the stale lock `held`, under the take-over lock; whether it was removed (or is gone). */
function takeOver(dir: string, file: string, held: Holder | undefined, now: () => number): boolean {
  const guard = path.join(dir, TAKEOVER_NAME);
  let fd: number;
  try {
    fd = fs.openSync(guard, 'wx');
  } catch {
    if (ageMs(guard, now) > TAKEOVER_MS) fs.rmSync(guard, { force: true });
    return false;
  }
  try {
    // Still the lock found stale (not one a build made since)?
    const again = readHolder(file);
    if (again === 'gone') return true;
    if ((again?.token ?? null) !== (held?.token ?? null)) return false;
    fs.rmSync(file, { force: true });
    return true;
  } finally {
    fs.closeSync(fd);
    fs.rmSync(guard, { force: true });
  }
}

function heldBy(outDir: string, file: string, held: Holder | undefined): string {
  const who = held ? `another colloquy process ${held.pid}${held.host === os.hostname() ? '' : ` on ${held.host}`}, since ${held.since}` : 'another build, which is starting (its lock holds nothing yet)';
  return `${outDir} is being built by ${who}; expected no other build of ${outDir} at the same time: run this build when that one has ended (if no such build is running, remove ${file})`;
}

function ageMs(file: string, now: () => number): number {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat ? now() - stat.mtimeMs : Infinity;
}

/** A process's state and start time (in clock ticks since boot), from /proc (Linux); undefined elsewhere. */
function processStat(pid: number): { state: string; start: string } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name (in parentheses, which may hold spaces): the state is field 3, the start field 22.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] as string, start: fields[19] as string };
  } catch {
    return undefined;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
