// A fixed piece of work, to tell how fast the machine is running while the
// benchmark runs: the flagship transformed by the compiled stylesheet
// (saxon-js) on one thread, in a fresh process, twice to warm up and then
// `RUNS` times; prints the median, in ms, and the runs as JSON. The
// transform is most of a cold build's processor time, and a shared machine's
// speed moves by tens of percent over minutes (docs/performance.md).
//
//   node bench/speed-probe.js <compiled stylesheet> <TEI file>
import { readFileSync } from 'node:fs';
import { runSaxon } from '../src/transform/saxon-run.js';

const RUNS = 5;
const [sefPath, teiPath] = process.argv.slice(2);
const sef = JSON.parse(readFileSync(sefPath, 'utf8'));
const text = readFileSync(teiPath, 'utf8');
const params = { root: '../../', 'entity-hrefs': {}, 'entity-names': {} };
const samples = [];
for (let i = 0; i < RUNS + 2; i++) {
  const start = performance.now();
  const result = runSaxon(sef, text, params);
  if (!result.ok) {
    process.stderr.write(`the probe's transform failed: ${result.error}\n`);
    process.exit(1);
  }
  if (i >= 2) samples.push(Math.round(performance.now() - start));
}
const sorted = [...samples].sort((a, b) => a - b);
process.stdout.write(JSON.stringify({ medianMs: sorted[Math.floor(sorted.length / 2)], samples }) + '\n');
