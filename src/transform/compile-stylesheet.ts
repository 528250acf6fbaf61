import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../project.ts';

const run = promisify(execFile);

/** The stylesheet sources the SEF is compiled from (edition.xsl includes the others). */
export const STYLESHEET_DIR = path.join(PROJECT_ROOT, 'src', 'transform');
export const MAIN_STYLESHEET = path.join(STYLESHEET_DIR, 'edition.xsl');
/** The compiled stylesheet lives with the project (npm ci compiles it), whatever COLLOQUY_CACHE_DIR says. */
export const CACHE_DIR = path.join(PROJECT_ROOT, '.colloquy-cache');

/**
 * Returns the compiled stylesheet (SEF) for saxon-js. The .xsl files are the
 * source; the SEF is a generated artefact, compiled with xslt3 when the
 * sources (or the compiler) change and cached under .colloquy-cache/ by
 * content hash.
 */
export async function loadCompiledStylesheet(): Promise<{ sef: unknown; hash: string; compiled: boolean; path: string }> {
  const { path: sefPath, hash, compiled } = await compile();
  return { sef: JSON.parse(await fs.readFile(sefPath, 'utf8')), hash, compiled, path: sefPath };
}

/** The path of the compiled stylesheet, compiled first if need be (see loadCompiledStylesheet). */
export async function compiledStylesheet(): Promise<string> {
  return (await compile()).path;
}

async function compile(): Promise<{ path: string; hash: string; compiled: boolean }> {
  const hash = await stylesheetHash();
  const sefPath = path.join(CACHE_DIR, `edition-${hash.slice(0, 16)}.sef.json`);
  let compiled = false;
  try {
    await fs.access(sefPath);
  } catch {
    await fs.mkdir(CACHE_DIR, { recursive: true });
    const tmp = `${sefPath}.${process.pid}.tmp`;
    const xslt3 = path.join(PROJECT_ROOT, 'node_modules', 'xslt3', 'xslt3.js');
    await run(process.execPath, [xslt3, `-xsl:${MAIN_STYLESHEET}`, `-export:${tmp}`, '-nogo', '-relocate:on'], { cwd: PROJECT_ROOT });
    await fs.rename(tmp, sefPath);
    compiled = true;
  }
  return { path: sefPath, hash, compiled };
}

/** A hash of every stylesheet source and of the compiler's version. */
export async function stylesheetHash(): Promise<string> {
  const h = createHash('sha256');
  const files = (await fs.readdir(STYLESHEET_DIR)).filter((f) => f.endsWith('.xsl')).sort();
  for (const f of files) {
    h.update(f);
    h.update(await fs.readFile(path.join(STYLESHEET_DIR, f)));
  }
  const pkg = JSON.parse(await fs.readFile(path.join(PROJECT_ROOT, 'node_modules', 'xslt3', 'package.json'), 'utf8')) as { version: string };
  h.update(pkg.version);
  return h.digest('hex');
}
