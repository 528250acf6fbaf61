// The benchmark: `npm run bench` (or `npm run bench -- --json`). A script,
// not a test: it measures, it does not judge. Each figure is the median of
// several runs of the real command line (`colloquy build --json`), each in a
// fresh process, and the report names the machine it ran on.
//
//   npm run bench                      everything, 3 runs each
//   npm run bench -- --json            the same, as one JSON object
//   npm run bench -- --runs=5          more runs
//   npm run bench -- --only=flagship,dev,100   some of flagship, dev, 100, 1000
//   npm run bench -- --smoke           one run of the smallest sizes (CI)
//
// "Cold" means a fresh output folder and an empty cache (COLLOQUY_CACHE_DIR
// points at a new folder); the stylesheet is compiled once beforehand, as
// `npm ci` does, and the command line's bundle of src/ is made beforehand,
// as its first run does. The synthetic corpora come from bench/generate-corpus.ts.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT, TEI_DIR } from '../src/project.ts';
import { compiledStylesheet } from '../src/transform/compile-stylesheet.ts';
import { missingBrowser } from '../tests/helpers/browser.ts';
import { generateCorpus } from './generate-corpus.ts';
import { measureSearch } from './search.ts';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const smoke = args.includes('--smoke');
const runs = smoke ? 1 : Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
const only = new Set((args.find((a) => a.startsWith('--only='))?.slice(7) ?? (smoke ? 'flagship,10' : 'flagship,dev,100,1000')).split(','));
const SIZES = ['flagship', 'dev', '10', '100', '1000'];
const unknown = args.filter((a) => !['--json', '--smoke'].includes(a) && !/^--(runs|only)=/.test(a));
const usage = (problem: string): never => {
  process.stderr.write(`npm run bench: ${problem}\nUsage: npm run bench [-- --json] [--runs=<n>] [--only=${SIZES.join(',')}] [--smoke]\n`);
  process.exit(2);
};
if (unknown.length) usage(`unknown option ${unknown.map((a) => `\`${a}\``).join(', ')}`);
if (!Number.isInteger(runs) || runs < 1 || runs > 100) usage(`--runs is \`${args.find((a) => a.startsWith('--runs='))?.slice(7)}\`; expected a whole number from 1 to 100`);
const unsized = [...only].filter((s) => !SIZES.includes(s));
if (unsized.length) usage(`--only has ${unsized.map((s) => (s ? `\`${s}\`` : 'an empty name')).join(', ')}; expected some of ${SIZES.join(', ')}, separated by commas`);
const BIN = path.join(PROJECT_ROOT, 'bin', 'colloquy.js');
const FLAGSHIP = path.join(TEI_DIR, '1956-09-18-mao-cpsu-delegation.xml');
const DEV = path.resolve(process.env.COLLOQUY_SHARED ?? path.join(PROJECT_ROOT, '..', 'shared'), 'corpora', 'dev');

interface Run {
  wallMs: number;
  peakRssMb: number;
  stages: Record<string, number>;
  documents: number;
}

const log = (s: string): void => void process.stderr.write(`${s}\n`);

/** Runs `colloquy build` in a fresh process, sampling the memory of its process tree. */
async function build(out: string, extra: string[], cacheDir: string): Promise<Run> {
  const start = performance.now();
  const child = spawn(process.execPath, [BIN, 'build', '--json', '--quiet', '--out', out, ...extra], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, COLLOQUY_CACHE_DIR: cacheDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, treeRssKb(child.pid as number))), 100);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(timer);
  const wallMs = performance.now() - start;
  if (code !== 0) throw new Error(`build failed (${code}): ${stderr}${stdout.slice(0, 2000)}`);
  const summary = JSON.parse(stdout) as { stages: Record<string, number>; documents: number };
  return { wallMs, peakRssMb: Math.round(peak / 1024), stages: summary.stages, documents: summary.documents };
}

/** The resident memory of a process and all its descendants, in KB (Linux /proc). */
function treeRssKb(pid: number): number {
  let total = 0;
  const visit = (p: number): void => {
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      for (const task of fs.readdirSync(`/proc/${p}/task`)) {
        const children = fs.readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        for (const c of children ? children.split(/\s+/) : []) visit(Number(c));
      }
    } catch {
      // the process has ended
    }
  };
  visit(pid);
  return total;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

interface Figure {
  medianMs: number;
  runsMs: number[];
  stagesMedianMs: Record<string, number>;
  peakRssMb: number;
  /** Each run's peak, in run order: where a build's peak falls, and so its height, moves from run to run. */
  peaksMb: number[];
  documents: number;
}
function summarise(list: Run[]): Figure {
  const stages: Record<string, number> = {};
  for (const name of Object.keys(list[0]?.stages ?? {})) stages[name] = Math.round(median(list.map((r) => r.stages[name] ?? 0)));
  return {
    medianMs: Math.round(median(list.map((r) => r.wallMs))),
    runsMs: list.map((r) => Math.round(r.wallMs)),
    stagesMedianMs: stages,
    peakRssMb: Math.round(median(list.map((r) => r.peakRssMb))),
    peaksMb: list.map((r) => r.peakRssMb),
    documents: list[0]?.documents ?? 0,
  };
}

function folderBytes(dir: string): number {
  let n = 0;
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) n += fs.statSync(full).size;
    }
  };
  walk(fs.realpathSync(dir));
  return n;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-bench-'));
let serial = 0;
const fresh = (name: string): { out: string; cache: string } => {
  const dir = path.join(work, `${name}-${serial++}`);
  fs.mkdirSync(dir, { recursive: true });
  return { out: path.join(dir, 'site'), cache: path.join(dir, 'cache') };
};

/** Cold builds (fresh output and cache), `runs` times. */
async function cold(name: string, input: string[]): Promise<{ figure: Figure; last: { out: string; cache: string } }> {
  const list: Run[] = [];
  let last = fresh(name);
  for (let i = 0; i < runs; i++) {
    last = fresh(name);
    log(`${name}: cold build ${i + 1}/${runs}`);
    list.push(await build(last.out, input, last.cache));
  }
  return { figure: summarise(list), last };
}

/** Rebuilds after changing one speech of `file` each time (a different word each run). */
async function oneEdit(name: string, file: string, input: string[], place: { out: string; cache: string }): Promise<Figure> {
  const original = fs.readFileSync(file, 'utf8');
  const list: Run[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const edited = original.replace(/(<sp\b[^>]*>\s*<speaker>[^<]*<\/speaker>\s*<p>)/, `$1Edit${i} `);
      if (edited === original) throw new Error(`${file} has no speech to edit`);
      fs.writeFileSync(file, edited);
      log(`${name}: one-edit rebuild ${i + 1}/${runs}`);
      list.push(await build(place.out, input, place.cache));
    }
  } finally {
    fs.writeFileSync(file, original);
  }
  return summarise(list);
}

async function noop(name: string, input: string[], place: { out: string; cache: string }): Promise<Figure> {
  const list: Run[] = [];
  for (let i = 0; i < runs; i++) {
    log(`${name}: no-op rebuild ${i + 1}/${runs}`);
    list.push(await build(place.out, input, place.cache));
  }
  return summarise(list);
}

/** The machine's speed now (bench/speed-probe.js): the flagship's transform, warm, on one thread, median of 5, in a fresh process. */
function speedProbe(stylesheet: string): { medianMs: number; samples: number[] } {
  const out = execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'bench', 'speed-probe.js'), stylesheet, FLAGSHIP], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  return JSON.parse(out) as { medianMs: number; samples: number[] };
}

const report: Record<string, unknown> = {};
try {
  execFileSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'transform', 'compile-cli.ts')], { cwd: PROJECT_ROOT });
  const stylesheet = await compiledStylesheet();
  // Before and after the builds: a figure taken while the machine ran slower
  // can be told from one that the code made slower.
  const speedAtStart = speedProbe(stylesheet);
  // The command line's bundle of src/ is made by its first run (bin/bundle.js), once per change of src/.
  execFileSync(process.execPath, [BIN, '--help'], { cwd: PROJECT_ROOT, stdio: 'ignore' });
  const figures: Record<string, Figure> = {};

  if (only.has('flagship')) {
    const c = await cold('flagship', []);
    figures.flagshipCold = c.figure;
    figures.flagshipNoop = await noop('flagship', [], c.last);
    report.siteBytes = folderBytes(c.last.out);
    // One edit: a copy of the flagship, built with the project schema as tei/ is.
    const dir = path.join(work, 'flagship-edit-input');
    fs.mkdirSync(dir);
    const copy = path.join(dir, path.basename(FLAGSHIP));
    fs.copyFileSync(FLAGSHIP, copy);
    const place = fresh('flagship-edit');
    const input = ['--tei', dir, '--schema', 'project'];
    await build(place.out, input, place.cache);
    figures.flagshipOneEdit = await oneEdit('flagship', copy, input, place);
    if (!smoke) report.search = missingBrowser() ? `not measured: ${missingBrowser()}` : await measureSearch(c.last.out);
  }
  if (only.has('dev')) {
    if (fs.existsSync(DEV)) figures.devCorpus = (await cold('dev', ['--tei', DEV])).figure;
    else report.devCorpus = `not measured: ${DEV} is absent`;
  }
  for (const size of [10, 100, 1000]) {
    if (!only.has(String(size))) continue;
    const corpus = path.join(work, `corpus-${size}`);
    const generated = generateCorpus(size, corpus);
    report[`corpus${size}Bytes`] = generated.bytes;
    const input = ['--tei', corpus, '--schema', 'project'];
    const c = await cold(`corpus${size}`, input);
    figures[`corpus${size}`] = c.figure;
    report[`corpus${size}SiteBytes`] = folderBytes(c.last.out);
    if (size === 1000 || smoke) {
      figures[`corpus${size}Noop`] = await noop(`corpus${size}`, input, c.last);
      const target = path.join(corpus, size >= 500 ? 'synthetic-0500.xml' : 'synthetic-0001.xml');
      figures[`corpus${size}OneEdit`] = await oneEdit(`corpus${size}`, target, input, c.last);
      // The search of a bucketed index: the search page merges every bucket's bundle.
      if (!smoke) report[`search${size}`] = missingBrowser() ? `not measured: ${missingBrowser()}` : await measureSearch(c.last.out, 1).catch((err: Error) => `not measured: ${err.message.split('\n')[0]}`);
    }
    fs.rmSync(corpus, { recursive: true, force: true });
  }

  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  const ms = (f: Figure | undefined): number | null => f?.medianMs ?? null;
  const speedAtEnd = speedProbe(stylesheet);
  const out = {
    machine: {
      cores: os.availableParallelism(),
      cpu: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      speedProbeMs: { atStart: speedAtStart, atEnd: speedAtEnd },
    },
    commit,
    runs,
    flagshipColdMs: ms(figures.flagshipCold),
    flagshipNoopMs: ms(figures.flagshipNoop),
    flagshipOneEditMs: ms(figures.flagshipOneEdit),
    devCorpusMs: ms(figures.devCorpus),
    corpus10Ms: smoke ? ms(figures.corpus10) : undefined,
    corpus100Ms: ms(figures.corpus100),
    corpus1000Ms: ms(figures.corpus1000),
    corpus1000OneEditMs: ms(figures.corpus1000OneEdit),
    corpus1000PeakRssMb: figures.corpus1000?.peakRssMb ?? null,
    siteBytes: report.siteBytes ?? null,
    stagesMs: Object.fromEntries(Object.entries(figures).map(([k, f]) => [k, f.stagesMedianMs])),
    peakRssMb: Object.fromEntries(Object.entries(figures).map(([k, f]) => [k, f.peakRssMb])),
    peakRssMbRuns: Object.fromEntries(Object.entries(figures).map(([k, f]) => [k, f.peaksMb])),
    runsMs: Object.fromEntries(Object.entries(figures).map(([k, f]) => [k, f.runsMs])),
    ...Object.fromEntries(Object.entries(report).filter(([k]) => k !== 'siteBytes')),
  };
  if (asJson) {
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    const lines = [`Colloquy benchmark, median of ${runs} run${runs === 1 ? '' : 's'}, on ${out.machine.cores} cores (${out.machine.cpu}), ${out.machine.memoryGiB} GiB, Node ${out.machine.node}, commit ${commit}`];
    lines.push(`speed probe        ${speedAtStart.medianMs} ms at the start, ${speedAtEnd.medianMs} ms at the end (the flagship's transform, warm, one thread; lower is faster)`);
    for (const [name, f] of Object.entries(figures)) {
      lines.push(`${name.padEnd(18)} ${String(f.medianMs).padStart(7)} ms  peak ${f.peakRssMb} MiB  (runs: ${f.runsMs.join(', ')} ms; peaks ${f.peaksMb.join(', ')} MiB)`);
      lines.push(`${' '.repeat(19)}stages: ${Object.entries(f.stagesMedianMs).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    }
    if (out.siteBytes) lines.push(`flagship site      ${((out.siteBytes as number) / 1024 / 1024).toFixed(1)} MB`);
    for (const [key, site] of [['search', 'flagship'], ['search1000', '1,000 documents']]) {
      const search = report[key as string] as Awaited<ReturnType<typeof measureSearch>> | string | undefined;
      if (typeof search === 'string') lines.push(`search (${site})   ${search}`);
      else if (search) {
        lines.push(`first query (${site}) ${(search.firstQueryBytes / 1024).toFixed(1)} KB transferred (page ${(search.firstQueryBreakdown.pageBytes / 1024).toFixed(1)} KB, query ${(search.firstQueryBreakdown.queryBytes / 1024).toFixed(1)} KB, ${search.firstQueryBreakdown.requests} requests)`);
        lines.push(`keystroke → results (${site}) ${search.keystrokeToResultsMs.median} ms median of ${search.keystrokeToResultsMs.samples.length}`);
      }
    }
    process.stdout.write(lines.join('\n') + '\n');
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
