import path from 'node:path';
import { formatJson, formatText } from '../../diagnostics/report.ts';
import { PROJECT_SCHEMA, TEI_DIR } from '../../project.ts';
import { TeiFile } from '../../tei-file.ts';
import { loadSchema } from '../../validate/schema.ts';
import { validateTei } from '../../validate/validate-tei.ts';
import { oneOf, parseCommandLine, UsageError } from '../args.ts';
import { findXmlFiles } from '../find-files.ts';
import type { Command } from '../command.ts';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check TEI files: well-formedness, the schema, and the rules beyond it',
  usage: `Usage: colloquy validate [paths...] [options]

Checks each TEI file (default: every .xml file in tei/) in three steps:
well-formed UTF-8 XML with a TEI root, then the RELAX NG schema, then the
project's rules (unique ids, pointers that resolve, note numbering, ...).
Prints one line per problem,

  file:line:column  error|warning  message  rule-id

then a summary. Exits 1 if there is any error, 0 otherwise.

Options:
  --format <text|json>        Output format (default: text). JSON is for editor
                              plugins and CI annotations; see README.md.
  --schema <project|none|file.rng>
                              Schema to check against (default: project, the
                              edition's tei/schema/colloquy.rng).
  --profile <project|generic> Rule set: all rules for the edition's own TEI, or
                              only those that suit any TEI (default: project).
  -h, --help                  Show this help.`,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(argv, {
      format: { type: 'string' },
      schema: { type: 'string' },
      profile: { type: 'string' },
    });
    if (values.help) {
      io.out(validateCommand.usage + '\n');
      return 0;
    }
    const format = oneOf(values.format as string | undefined, ['text', 'json'] as const, 'format', 'text');
    const profile = oneOf(values.profile as string | undefined, ['project', 'generic'] as const, 'profile', 'project');
    const schemaOption = (values.schema as string | undefined) ?? 'project';
    const schemaPath = schemaOption === 'project' ? PROJECT_SCHEMA : schemaOption === 'none' ? undefined : path.resolve(schemaOption);

    const paths = await findXmlFiles(positionals.length > 0 ? positionals : [TEI_DIR]);
    if (paths.length === 0) throw new UsageError(`No .xml files found in ${positionals.join(', ') || 'tei/'}`);
    let schema;
    try {
      schema = schemaPath ? await loadSchema(schemaPath) : undefined;
    } catch (err) {
      io.err(`colloquy validate: cannot read the schema ${schemaPath}: ${(err as Error).message}\n`);
      return 1;
    }
    const files = paths.map((p) => new TeiFile(p));
    await validateTei(files, { schema, profile });
    const diagnostics = files.flatMap((f) => f.messages);
    io.out(format === 'json' ? formatJson(diagnostics, files.map((f) => f.name)) : formatText(diagnostics, files.length));
    return diagnostics.some((d) => d.fatal) ? 1 : 0;
  },
};
