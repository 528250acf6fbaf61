// The benchmark: `npm run bench` (or `npm run bench -- --json`). A script,
// not a test: it measures, it does not judge. Each figure is the median of
// several runs of the real command line (`colloquy build --json`), each in a
// fresh process, and the report names the machine it ran on.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/project.ts';
import { missingBrowser } from '../tests/helpers/browser.ts';
import { measureSearch } from './search.ts';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 5);
const BIN = path.join(PROJECT_ROOT, 'bin', 'colloquy.js');
const CACHE = path.join(PROJECT_ROOT, '.colloquy-cache');

interface Run {
  wallMs: number;
  stages: Record<string, number>;
}

function build(out: string, extra: string[] = []): Run {
  const start = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'build', '--json', '--quiet', '--out', out, ...extra], { cwd: PROJECT_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = performance.now() - start;
  if (r.status !== 0) throw new Error(`build failed (${r.status}): ${r.stderr}${r.stdout}`);
  const summary = JSON.parse(r.stdout) as { stages: Record<string, number> };
  return { wallMs, stages: summary.stages };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

function summarise(list: Run[]): { medianMs: number; runsMs: number[]; stagesMedianMs: Record<string, number> } {
  const stages: Record<string, number> = {};
  for (const name of Object.keys(list[0]?.stages ?? {})) stages[name] = Math.round(median(list.map((r) => r.stages[name] ?? 0)));
  return { medianMs: Math.round(median(list.map((r) => r.wallMs))), runsMs: list.map((r) => Math.round(r.wallMs)), stagesMedianMs: stages };
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-bench-'));
try {
  // The stylesheet's compilation to SEF, which `npm ci` does once (prepare).
  const compileMs: number[] = [];
  for (let i = 0; i < Math.min(runs, 3); i++) {
    for (const f of fs.readdirSync(CACHE, { withFileTypes: true })) if (f.name.endsWith('.sef.json')) fs.rmSync(path.join(CACHE, f.name));
    const start = performance.now();
    execFileSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'transform', 'compile-cli.ts')], { cwd: PROJECT_ROOT });
    compileMs.push(performance.now() - start);
  }
  // Cold: a fresh output folder, nothing built before (the stylesheet is compiled).
  const cold: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const out = path.join(work, `cold-${i}`, 'site');
    cold.push(build(out));
  }
  // No-op: the same build again, with the cache and the previous site in place.
  const out = path.join(work, 'noop', 'site');
  build(out);
  const noop: Run[] = [];
  for (let i = 0; i < runs; i++) noop.push(build(out));
  const search = missingBrowser() ? undefined : await measureSearch(out);

  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  const report = {
    machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
    commit,
    runs,
    stylesheetCompileMs: Math.round(median(compileMs)),
    flagshipCold: summarise(cold),
    flagshipNoop: summarise(noop),
    indexMs: Math.round(median(cold.map((r) => r.stages.index ?? 0))),
    search: search ?? `not measured: ${missingBrowser()}`,
  };
  if (asJson) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } else {
    const line = (name: string, s: ReturnType<typeof summarise>): string =>
      `${name.padEnd(16)} ${String(s.medianMs).padStart(6)} ms  (runs: ${s.runsMs.join(', ')})\n${' '.repeat(17)}stages: ${Object.entries(s.stagesMedianMs).map(([k, v]) => `${k} ${v}`).join(', ')}`;
    process.stdout.write(
      [
        `Colloquy benchmark, median of ${runs} runs, on ${report.machine.cores} cores (${report.machine.cpu}), ${report.machine.memoryGiB} GiB, Node ${report.machine.node}, commit ${commit}`,
        `stylesheet compile (once, at npm ci) ${report.stylesheetCompileMs} ms`,
        line('flagship cold', report.flagshipCold),
        line('flagship no-op', report.flagshipNoop),
        `search index     ${report.indexMs} ms (median of the cold builds' index stage)`,
        typeof report.search === 'string'
          ? `search           ${report.search}`
          : [
              `first query      ${(report.search.firstQueryBytes / 1024).toFixed(1)} KB transferred (page ${(report.search.firstQueryBreakdown.pageBytes / 1024).toFixed(1)} KB, query ${(report.search.firstQueryBreakdown.queryBytes / 1024).toFixed(1)} KB, ${report.search.firstQueryBreakdown.requests} requests)`,
              `keystroke → results ${report.search.keystrokeToResultsMs.median} ms median of ${report.search.keystrokeToResultsMs.samples.length}`,
            ].join('\n'),
        '',
      ].join('\n'),
    );
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
