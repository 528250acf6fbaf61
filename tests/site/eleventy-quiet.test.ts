import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadEleventy } from '../../src/site/build-site.ts';
import { PROJECT_ROOT } from '../../src/project.ts';

// .eleventy.js: Eleventy's own benchmark warnings ("[11ty] Benchmark …",
// printed when a filter took more than 50 ms and 8 % of a run) never reach
// the terminal; the pipeline reports for itself.

/** Runs Eleventy as the site stage does, with the project's configuration and a filter that takes 80 ms, over one page that uses it; returns what reached the console. */
async function runWithSlowFilter(configPath: string): Promise<string[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'colloquy-eleventy-quiet-'));
  const input = path.join(dir, 'in');
  await fs.mkdir(input);
  await fs.writeFile(path.join(input, 'page.njk'), '---\npermalink: page.html\n---\n{{ "x" | slow }}\n');
  const printed: string[] = [];
  const saved = { log: console.log, warn: console.warn, error: console.error, info: console.info };
  for (const k of ['log', 'warn', 'error', 'info'] as const) console[k] = (...args: unknown[]) => void printed.push(args.map(String).join(' '));
  try {
    const { default: Eleventy } = await loadEleventy();
    const eleventy = new Eleventy(input, path.join(dir, 'out'), {
      configPath,
      quietMode: true,
      config: (config) => {
        config.addFilter('slow', (v: string) => {
          const until = performance.now() + 80;
          while (performance.now() < until);
          return v;
        });
      },
    });
    eleventy.disableLogger();
    await eleventy.write();
    assert.ok((await fs.readFile(path.join(dir, 'out', 'page.html'), 'utf8')).includes('x'), 'the page was written');
  } finally {
    Object.assign(console, saved);
    await fs.rm(dir, { recursive: true, force: true });
  }
  return printed;
}

test('Eleventy warns of a slow filter with a configuration that does not quiet it', async () => {
  // The control: without the project's configuration the warning is printed,
  // so the test below can tell a quiet run from one that had nothing to say.
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'colloquy-eleventy-config-'));
  const bare = path.join(dir, 'bare.eleventy.js');
  await fs.writeFile(bare, 'export default function () {}\n');
  try {
    const printed = await runWithSlowFilter(bare);
    assert.ok(printed.some((line) => line.includes('Benchmark') && line.includes('slow')), `a warning was printed: ${JSON.stringify(printed)}`);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test("the project's configuration keeps Eleventy's benchmark warnings off the console", async () => {
  const printed = await runWithSlowFilter(path.join(PROJECT_ROOT, '.eleventy.js'));
  assert.equal(printed.filter((line) => line.includes('Benchmark')), []);
});

test.run();
