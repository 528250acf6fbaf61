import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatLine } from '../../diagnostics/report.ts';
import { PROJECT_ROOT, TEI_DIR } from '../../project.ts';
import { startPreview } from '../../serve/preview.ts';
import { parseCommandLine, UsageError } from '../args.ts';
import type { Command } from '../command.ts';
import { findXmlFiles } from '../find-files.ts';
import { isOwnTei, resolveSchema } from '../schema-option.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Live preview: build, serve on 127.0.0.1, rebuild and reload on every save',
  usage: `Usage: colloquy serve [options]

Builds the edition, serves it on http://127.0.0.1:<port>/ and watches the TEI
and the templates. When a file is saved the site is rebuilt (only what
changed is transformed again) and open pages reload. When the build fails,
its diagnostics appear here and over the page, which stays the last good one.
Stop with Ctrl-C.

Options:
  --tei <path...>        TEI files or folders (default: tei/), as for build
  --out <dir>            Where the preview is built (default: .colloquy-serve/site,
                         so that site/ is left to \`colloquy build\`)
  --port <n>             Port (default: 8080; 0 picks a free one)
  --schema <project|tei_all|none|file.rng>
                         As for build
  -h, --help             Show this help.`,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(argv, {
      tei: { type: 'string', multiple: true },
      out: { type: 'string' },
      port: { type: 'string' },
      schema: { type: 'string' },
    });
    if (values.help) {
      io.out(serveCommand.usage + '\n');
      return 0;
    }
    const given = [...((values.tei as string[] | undefined) ?? []), ...positionals];
    const inputs = given.length ? given : [TEI_DIR];
    const port = Number(values.port ?? 8080);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not \`${String(values.port)}\``);
    const own = isOwnTei(inputs);
    const schema = resolveSchema(values.schema as string | undefined, own) ?? 'none';
    const paths = async (): Promise<string[]> => findXmlFiles(inputs);
    if ((await paths()).length === 0) throw new UsageError(`No .xml files found in ${inputs.join(', ')}`);
    const version = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    let preview;
    try {
      preview = await startPreview({
        paths,
        watch: inputs,
        port,
        build: {
          inputs,
          outDir: path.resolve((values.out as string | undefined) ?? path.join('.colloquy-serve', 'site')),
          base: '/',
          siteUrl: `http://127.0.0.1:${port || 8080}/`,
          profile: own ? 'project' : 'generic',
          schema,
          strict: false,
          now: new Date(),
          version,
        },
        report: (state, messages) => {
          const shown = messages.filter((m) => m.fatal || state.ok);
          if (shown.length) io.err(shown.map(formatLine).join('\n') + '\n');
          const time = new Date().toTimeString().slice(0, 8);
          io.out(state.ok ? `${time} built in ${(state.ms / 1000).toFixed(1)} s; pages reload\n` : `${time} ${state.reason}; the preview keeps the last good site\n`);
        },
      });
    } catch (err) {
      io.err(`colloquy serve: ${(err as Error).message}\n`);
      return 1;
    }
    io.out(`Serving the preview at ${preview.url} (Ctrl-C to stop)\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await preview.close();
    return 0;
  },
};
