import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BuildOptions } from '../../src/edition.ts';
import { buildEdition, type BuildOutcome } from '../../src/pipeline.ts';
import { TEI_DIR } from '../../src/project.ts';

export const FLAGSHIP = path.join(TEI_DIR, '1956-09-18-mao-cpsu-delegation.xml');
export const FLAGSHIP_SLUG = '1956-09-18-mao-cpsu-delegation';

const tempDirs = new Set<string>();

/** A fresh temporary folder for a test, removed when the process exits. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `colloquy-${prefix}-`));
  // One listener for all of them (a listener each passed Node's limit of ten, with a warning).
  if (tempDirs.size === 0) process.on('exit', () => tempDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  tempDirs.add(dir);
  return dir;
}

export function buildOptions(outDir: string, overrides: Partial<BuildOptions> = {}): BuildOptions {
  return {
    inputs: [],
    outDir,
    base: '/',
    siteUrl: 'https://edition.example.org/',
    profile: 'project',
    schema: 'project',
    strict: false,
    now: new Date('2026-11-26T12:00:00Z'),
    version: '0.0.0-test',
    ...overrides,
  };
}

let flagship: Promise<{ site: string; outcome: BuildOutcome }> | undefined;

/** The flagship edition, built once per test run and shared by the suites. */
export function flagshipSite(): Promise<{ site: string; outcome: BuildOutcome }> {
  flagship ??= (async () => {
    const out = path.join(tempDir('flagship'), 'site');
    const outcome = await buildEdition([FLAGSHIP], buildOptions(out));
    if (!outcome.ok) throw new Error(`flagship build failed: ${outcome.reason}\n${outcome.edition.allMessages.join('\n')}`);
    return { site: out, outcome };
  })();
  return flagship;
}

/** Every .html file of a built site, as paths relative to it. */
export function htmlPages(site: string): string[] {
  return (fs.readdirSync(site, { recursive: true }) as string[]).filter((f) => f.endsWith('.html')).sort();
}

/** Text tokens of an HTML page, split at white space and at tags; markup and scripts dropped. */
export function htmlTokens(html: string): string[] {
  const body = html.replace(/<script[\s\S]*?<\/script>/gi, ' ').replace(/<style[\s\S]*?<\/style>/gi, ' ').replace(/<!--[\s\S]*?-->/g, ' ');
  return body
    .split(/<[^>]*>/)
    .flatMap((chunk) => decodeEntities(chunk).split(/\s+/))
    .filter(Boolean);
}

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos|nbsp);/gi, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }[e.toLowerCase()] ?? '';
  });
}

/** Is `needle` a subsequence of `hay`? Returns the index in `needle` of the first token not found, or -1. */
export function firstMissing(needle: string[], hay: string[]): number {
  let j = 0;
  for (let i = 0; i < needle.length; i++) {
    while (j < hay.length && hay[j] !== needle[i]) j++;
    if (j === hay.length) return i;
    j++;
  }
  return -1;
}
