import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatText } from '../../diagnostics/report.ts';
import { buildEdition } from '../../pipeline.ts';
import { PROJECT_ROOT, TEI_DIR } from '../../project.ts';
import { isOwnTei, resolveSchema } from '../schema-option.ts';
import { parseCommandLine, UsageError } from '../args.ts';
import type { Command } from '../command.ts';
import { findXmlFiles } from '../find-files.ts';

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
  --quiet                Print only errors.
  --json                 Print a machine-readable summary.
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
    });
    if (values.help) {
      io.out(buildCommand.usage + '\n');
      return 0;
    }
    const given = [...((values.tei as string[] | undefined) ?? []), ...positionals];
    const inputs = given.length ? given : [TEI_DIR];
    const own = isOwnTei(inputs);
    const base = normaliseBase((values.base as string | undefined) ?? '/');
    const siteUrl = normaliseSiteUrl((values['site-url'] as string | undefined) ?? `http://localhost:8080${base}`);
    const schema = resolveSchema(values.schema as string | undefined, own);
    const paths = await findXmlFiles(inputs);
    if (paths.length === 0) throw new UsageError(`No .xml files found in ${inputs.join(', ')}`);
    const started = performance.now();
    const outcome = await buildEdition(paths, {
      inputs,
      outDir: path.resolve((values.out as string | undefined) ?? 'site'),
      base,
      siteUrl,
      profile: own ? 'project' : 'generic',
      schema: schema ?? 'none',
      strict: Boolean(values.strict),
      now: new Date(),
      version: packageVersion(),
    });
    const seconds = (performance.now() - started) / 1000;
    const { edition } = outcome;
    const messages = edition.allMessages.filter((m) => m.fatal || !values.quiet);
    const documents = edition.data?.documents.length ?? 0;

    if (values.json) {
      io.out(
        JSON.stringify(
          {
            ok: outcome.ok,
            reason: outcome.ok ? null : outcome.reason,
            out: edition.options.outDir,
            documents,
            seconds: Number(seconds.toFixed(3)),
            stages: Object.fromEntries(edition.timings.map((t) => [t.stage, Math.round(t.ms)])),
            diagnostics: messages.map((m) => m.toJSON()),
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      if (messages.length) io.err(formatText(messages, edition.files.length));
      if (outcome.ok) {
        if (!values.quiet) {
          const stages = edition.timings.map((t) => `${t.stage} ${(t.ms / 1000).toFixed(2)} s`).join(', ');
          io.out(`Built ${path.relative(process.cwd(), edition.options.outDir) || '.'}/ from ${documents} ${documents === 1 ? 'document' : 'documents'} in ${seconds.toFixed(1)} s (${stages})\n`);
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
