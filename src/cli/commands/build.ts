import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatText } from '../../diagnostics/report.ts';
import type { BuildOptions } from '../../edition.ts';
import { assembleShards, buildEdition } from '../../pipeline.ts';
import { parseShard } from '../../shard.ts';
import { PROJECT_ROOT, TEI_DIR } from '../../project.ts';
import { isOwnTei, resolveSchema } from '../schema-option.ts';
import { parseCommandLine, UsageError } from '../args.ts';
import type { Command } from '../command.ts';
import { findXmlFiles } from '../find-files.ts';
import { Progress } from '../progress.ts';

export const buildCommand: Command = {
  name: 'build',
  summary: 'Build the static edition site (validate, transform, extract, site, index, publish)',
  usage: `Usage: colloquy build [options]

Builds the edition site from TEI: validates every file, transforms it,
renders the pages, downloads and registers, indexes them for search, and
publishes the result atomically to the output folder. If the edition's own
TEI has an error, nothing is published and the previous site stays as it was.

Options:
  --tei <path...>        TEI files or folders to build from (repeatable, and
                         any further paths after the options count too;
                         default: tei/, validated with the project schema and
                         rules, whose errors block publishing). Other TEI is
                         checked with the generic rules: a document with
                         errors is reported and still published, unless
                         --strict. XInclude is followed inside these folders.
  --out <dir>            Output folder (default: site). It is a link to the
                         current build in .<out>-builds/, swapped atomically.
                         A folder of other files there is refused.
  --base <path>          The path the site is served under, e.g. /edition/
                         (default: /). Links are relative, so this affects
                         canonical URLs, the sitemap and the 404 page.
  --site-url <url>       The site's absolute URL, for canonical links and the
                         sitemap (default: http://localhost:8080<base>).
  --schema <project|tei_all|none|file.rng>
                         The schema (default: project for tei/, none
                         otherwise). tei_all is TEI P5's, found through
                         COLLOQUY_TEI_ALL or ../shared/tei-schema/.
  --strict               Refuse to publish if any input has an error.
  --shard <i/n>          Build only part i of n of the corpus (a deterministic
                         split by file path): its data, TEI and search index,
                         to be assembled with --from-shards. Each shard still
                         reads every file, for the registers.
  --from-shards <dir...> Assemble the outputs of --shard 1/n … n/n into one
                         site (shared pages built once; the search merges the
                         shards' indexes).
  --quiet                Print only errors (and no progress line).
  --json                 Print a machine-readable summary (and no progress line).
                         Builds longer than about 2 s show progress on a
                         terminal: the stage, its count and the time left.
  -h, --help             Show this help.`,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(argv, {
      tei: { type: 'string', multiple: true },
      out: { type: 'string' },
      base: { type: 'string' },
      'site-url': { type: 'string' },
      schema: { type: 'string' },
      strict: { type: 'boolean' },
      quiet: { type: 'boolean' },
      json: { type: 'boolean' },
      shard: { type: 'string' },
      'from-shards': { type: 'string', multiple: true },
    });
    if (values.help) {
      io.out(buildCommand.usage + '\n');
      return 0;
    }
    const shard = values.shard === undefined ? undefined : parseShard(values.shard as string);
    if (values.shard !== undefined && !shard) throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n, such as 1/4, not \`${String(values.shard)}\``);
    const fromShards = values['from-shards'] as string[] | undefined;
    if (fromShards && (shard || values.tei)) throw new UsageError('--from-shards assembles shards already built; it takes no --tei or --shard');
    const given = fromShards ? [] : [...((values.tei as string[] | undefined) ?? []), ...positionals];
    const inputs = given.length ? given : [TEI_DIR];
    const own = isOwnTei(inputs);
    const base = normaliseBase((values.base as string | undefined) ?? '/');
    const siteUrl = normaliseSiteUrl((values['site-url'] as string | undefined) ?? `http://localhost:8080${base}`);
    const schema = resolveSchema(values.schema as string | undefined, own);
    const paths = fromShards ? [] : await findXmlFiles(inputs);
    if (!fromShards && paths.length === 0) throw new UsageError(`No .xml files found in ${inputs.join(', ')}`);
    const started = performance.now();
    const progress = !values.quiet && !values.json && process.stderr.isTTY ? new Progress(process.stderr) : undefined;
    const buildOptions: BuildOptions = {
      inputs,
      outDir: path.resolve((values.out as string | undefined) ?? 'site'),
      base,
      siteUrl,
      profile: own ? 'project' : 'generic',
      schema: schema ?? 'none',
      strict: Boolean(values.strict),
      now: new Date(),
      version: packageVersion(),
      shard,
    };
    const outcome = fromShards
      ? await assembleShards([...fromShards, ...positionals], { ...buildOptions, inputs: [] })
      : await buildEdition(paths, buildOptions, { progress: progress?.sink });
    progress?.end();
    const seconds = (performance.now() - started) / 1000;
    const { edition } = outcome;
    const messages = edition.allMessages.filter((m) => m.fatal || !values.quiet);
    const documents = edition.data?.documents.length ?? edition.upToDate?.documents ?? 0;

    if (values.json) {
      io.out(
        JSON.stringify(
          {
            ok: outcome.ok,
            reason: outcome.ok ? null : outcome.reason,
            out: edition.options.outDir,
            documents,
            upToDate: Boolean(edition.upToDate),
            seconds: Number(seconds.toFixed(3)),
            stages: Object.fromEntries(edition.timings.map((t) => [t.stage, Math.round(t.ms)])),
            // The build process's resident memory (MB) as each stage ended (not Pagefind's, which is another process).
            memoryMb: Object.fromEntries(edition.timings.map((t) => [t.stage, t.rssMb])),
            cache: edition.cacheStats,
            diagnostics: messages.map((m) => m.toJSON()),
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      if (messages.length) io.err(formatText(messages, edition.files.length));
      if (outcome.ok) {
        if (!values.quiet && edition.upToDate) {
          io.out(`${path.relative(process.cwd(), edition.options.outDir) || '.'}/ is up to date with ${documents} ${documents === 1 ? 'document' : 'documents'} (built ${edition.upToDate.builtAt.slice(0, 19).replace('T', ' ')} UTC from the same files); nothing to rebuild (${seconds.toFixed(1)} s)\n`);
        } else if (!values.quiet) {
          const stages = edition.timings.map((t) => `${t.stage} ${(t.ms / 1000).toFixed(2)} s`).join(', ');
          io.out(`Built ${edition.options.shard ? `shard ${edition.options.shard.index}/${edition.options.shard.count} in ` : ''}${path.relative(process.cwd(), edition.options.outDir) || '.'}/ from ${documents} ${documents === 1 ? 'document' : 'documents'} in ${seconds.toFixed(1)} s (${stages})\n`);
        }
      } else {
        io.err(`colloquy build: ${outcome.reason}\n`);
      }
    }
    return outcome.ok ? 0 : 1;
  },
};

function normaliseBase(base: string): string {
  if (!/^\/[A-Za-z0-9._~\/-]*$/.test(base) || base.includes('..')) throw new UsageError(`--base must be a path such as / or /edition/, not \`${base}\``);
  return base.endsWith('/') ? base : `${base}/`;
}

function normaliseSiteUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--site-url must be an absolute http(s) URL, not \`${value}\``);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--site-url must use http or https, not \`${url.protocol}\``);
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
