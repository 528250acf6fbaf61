// The command line runs the TypeScript sources through one bundle: esbuild
// bundles src/ into .colloquy-cache/bin/<hash of src/ and this file>/ the first time the
// sources are run after a change (about 50 ms), and later runs load it as
// plain JavaScript. Loaded through a TypeScript loader instead, the ~90
// modules of src/ and every module of their dependencies went through the
// loader's thread, which cost about a second of each build.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'src');
const BUNDLES = path.join(ROOT, '.colloquy-cache', 'bin');
/** Bundles of older sources are removed once they are this old (a run may still be loading one). */
const KEEP_MS = 60 * 60 * 1000;

/**
 * Returns the path of the bundle of `src/cli/main.ts` made from the sources
 * as they are now, bundling them first if need be. Dependencies stay in
 * node_modules; modules src/ loads on demand stay separate chunks, loaded
 * on demand.
 */
export async function bundledMain() {
  // The key: every file of src/, and this file (how the bundle is made).
  const hash = createHash('sha256').update(fs.readFileSync(fileURLToPath(import.meta.url)));
  for (const file of listFiles(SRC)) hash.update(path.relative(ROOT, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  const dir = path.join(BUNDLES, hash.digest('hex').slice(0, 16));
  const main = path.join(dir, 'main.js');
  if (fs.existsSync(main)) return main;

  const { build, stop } = await import('esbuild');
  const tmp = `${dir}.${process.pid}.tmp`;
  // esbuild's service process would otherwise live as long as the build (30 MB).
  await build({
    entryPoints: { main: path.join(SRC, 'cli', 'main.ts') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outdir: tmp,
    sourcemap: 'linked',
    logLevel: 'silent',
  }).finally(() => stop());
  try {
    fs.renameSync(tmp, dir);
  } catch {
    // Another run made the same bundle first.
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const now = Date.now();
  for (const old of fs.readdirSync(BUNDLES)) {
    const full = path.join(BUNDLES, old);
    try {
      if (full !== dir && now - fs.statSync(full).mtimeMs > KEEP_MS) fs.rmSync(full, { recursive: true, force: true });
    } catch {
      // Another run removed it first.
    }
  }
  return main;
}

function listFiles(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : e.isFile() ? [path.join(dir, e.name)] : []));
}
