import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Atomic publishing. The site is built into a fresh folder in
 * `.<out>-builds/`, and `<out>` is a symbolic link to the current build.
 * Publishing points a new link at the new build and renames it over the old
 * one: rename(2) replaces the link atomically, so `<out>` is always either the
 * complete old site or the complete new one, even if the build is killed at
 * any moment. The build a publish replaces stays until the next build starts
 * (its files are mostly hard links shared with the new one), and is removed
 * then, with any folder left by an interrupted build, while that build
 * validates and transforms: publishing is a rename, not the removal of a
 * whole tree (some 98,000 files for 1,000 documents).
 * (Files are not fsync'd one by one: a killed process loses nothing that was
 * written, and the cost grows with the corpus; only a power cut could.)
 */
export function buildsDirFor(outDir: string): string {
  return path.join(path.dirname(path.resolve(outDir)), `.${path.basename(outDir)}-builds`);
}

/** The lock a build holds in that folder (output-lock.ts), and the one held while a stale lock is taken over: never removed as a stale build. */
export const LOCK_NAME = 'lock';
export const TAKEOVER_NAME = `${LOCK_NAME}.takeover`;

/**
 * Starts removing every build folder but the published one (the build it
 * replaced, and what interrupted builds left), and every link an interrupted
 * publish left. The folders are listed before this returns, so that a work
 * folder created afterwards is never among them; the promise is settled when
 * they are gone (a folder that cannot be removed is left for the next build).
 * Of the build `recycle` names, the folders it keeps are left for the new
 * build to take, and removed with what it leaves of them after that.
 */
export function clearStaleBuilds(outDir: string, recycle?: { target: string; keep: (name: string) => boolean }): Promise<void> {
  const builds = buildsDirFor(outDir);
  const out = path.resolve(outDir);
  let current: string | undefined;
  let stale: string[] = [];
  try {
    current = path.resolve(path.dirname(out), fsSync.readlinkSync(out));
  } catch {
    current = undefined;
  }
  try {
    stale = fsSync
      .readdirSync(builds)
      .filter((name) => name !== LOCK_NAME && name !== TAKEOVER_NAME)
      .map((name) => path.join(builds, name))
      .filter((full) => full !== current);
  } catch {
    stale = [];
  }
  // A build whose folders `keep` the new build takes (see recycle.ts): all but them now.
  const kept = recycle ? stale.indexOf(recycle.target) : -1;
  if (recycle && kept >= 0) {
    stale.splice(kept, 1);
    try {
      for (const name of fsSync.readdirSync(recycle.target)) if (!recycle.keep(name)) stale.push(path.join(recycle.target, name));
    } catch {
      // Gone: nothing to keep.
    }
  }
  // Links left by a build killed between creating and renaming them.
  const prefix = `${path.basename(outDir)}.`;
  try {
    for (const name of fsSync.readdirSync(path.dirname(out))) if (name.startsWith(prefix) && name.endsWith('.link')) stale.push(path.join(path.dirname(out), name));
  } catch {
    // No parent folder yet: nothing was published.
  }
  return removeTrees(stale);
}

/**
 * Removes folders and files, with `rm -rf` in a process of its own where
 * there is one: Node's recursive fs.rm makes calls for each file from this
 * thread (for the 98,000 files of a 1,000-document build, its lstat and
 * unlink calls were most of this thread's work in the first two seconds of
 * a profiled rebuild, beside validation). Elsewhere, or if `rm` fails, with
 * fs.rm.
 */
export async function removeTrees(paths: string[]): Promise<void> {
  if (paths.length === 0) return;
  const removed = process.platform !== 'win32' && (await new Promise<boolean>((resolve) => execFile('rm', ['-rf', '--', ...paths], (err) => resolve(!err))));
  if (!removed) await Promise.all(paths.map((full) => fs.rm(full, { recursive: true, force: true }).catch(() => undefined)));
}

/**
 * Why a build may not publish at `outDir`, if it may not. Publishing moves a
 * real folder there aside, and the next build removes it: that is right for
 * an empty folder or a site (or shard) this tool built, never for a folder
 * of other files (a project's own `docs/`, say), nor for a file.
 */
export function outputProblem(outDir: string): string | undefined {
  const out = path.resolve(outDir);
  const stat = fsSync.lstatSync(out, { throwIfNoEntry: false });
  if (!stat || stat.isSymbolicLink()) return undefined;
  if (!stat.isDirectory()) return `${outDir} is a file; expected the path of a folder for the site (a new one, or one colloquy built)`;
  const names = fsSync.readdirSync(out).sort();
  if (names.length === 0 || names.includes('shard.json') || fsSync.existsSync(path.join(out, 'assets', 'colloquy.css'))) return undefined;
  const shown = names.slice(0, 3).map((n) => `\`${n}\``).join(', ');
  return `${outDir} is a folder of other files (${shown}${names.length > 3 ? `, and ${names.length - 3} more` : ''}), which publishing would replace; expected a new path, an empty folder, or a site colloquy built`;
}

/** Creates the work folder for a new build (see clearStaleBuilds for what earlier builds left). */
export async function createWorkDir(outDir: string): Promise<string> {
  const builds = buildsDirFor(outDir);
  await fs.mkdir(builds, { recursive: true });
  const dir = path.join(builds, `build-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`);
  await fs.mkdir(dir);
  return dir;
}

/** Makes `workDir` the published site. */
export async function publishSite(outDir: string, workDir: string): Promise<void> {
  const out = path.resolve(outDir);
  const link = `${out}.${randomBytes(4).toString('hex')}.link`;
  const target = path.relative(path.dirname(out), workDir);
  await fs.symlink(target, link, 'dir');
  try {
    const existing = await fs.lstat(out).catch(() => undefined);
    if (existing && !existing.isSymbolicLink()) {
      // A real folder from before atomic publishing: move it aside once.
      await fs.rename(out, path.join(buildsDirFor(outDir), `previous-${Date.now().toString(36)}`));
    }
    await fs.rename(link, out);
  } catch (err) {
    await fs.rm(link, { force: true });
    throw err;
  }
}

/** Removes a work folder that will not be published. */
export async function discardWorkDir(workDir: string | undefined): Promise<void> {
  if (workDir) await fs.rm(workDir, { recursive: true, force: true });
}
