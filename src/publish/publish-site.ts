import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Atomic publishing. The site is built into a fresh folder in
 * `.<out>-builds/`, and `<out>` is a symbolic link to the current build.
 * Publishing points a new link at the new build and renames it over the old
 * one: rename(2) replaces the link atomically, so `<out>` is always either the
 * complete old site or the complete new one, even if the build is killed at
 * any moment. Folders left by interrupted builds are removed by the next one.
 * (Files are not fsync'd one by one: a killed process loses nothing that was
 * written, and the cost grows with the corpus; only a power cut could.)
 */
export function buildsDirFor(outDir: string): string {
  return path.join(path.dirname(path.resolve(outDir)), `.${path.basename(outDir)}-builds`);
}

/** Creates the work folder for a new build, after removing what earlier, interrupted builds left. */
export async function createWorkDir(outDir: string): Promise<string> {
  const builds = buildsDirFor(outDir);
  await fs.mkdir(builds, { recursive: true });
  await removeStaleBuilds(outDir);
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
  await removeStaleBuilds(outDir);
}

/** Removes a work folder that will not be published. */
export async function discardWorkDir(workDir: string | undefined): Promise<void> {
  if (workDir) await fs.rm(workDir, { recursive: true, force: true });
}

/** Removes every build folder except the one the site points to. */
async function removeStaleBuilds(outDir: string): Promise<void> {
  const builds = buildsDirFor(outDir);
  const current = await fs
    .readlink(path.resolve(outDir))
    .then((t) => path.resolve(path.dirname(path.resolve(outDir)), t))
    .catch(() => undefined);
  const entries = await fs.readdir(builds).catch(() => [] as string[]);
  for (const name of entries) {
    const full = path.join(builds, name);
    if (full !== current) await fs.rm(full, { recursive: true, force: true });
  }
  // Links left by a build killed between creating and renaming them.
  const parent = path.dirname(path.resolve(outDir));
  const prefix = `${path.basename(outDir)}.`;
  for (const name of await fs.readdir(parent).catch(() => [] as string[])) {
    if (name.startsWith(prefix) && name.endsWith('.link')) await fs.rm(path.join(parent, name), { force: true });
  }
}
