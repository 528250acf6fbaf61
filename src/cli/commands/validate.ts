import path from 'node:path';
import { formatJson, formatText } from '../../diagnostics/report.ts';
import { TEI_DIR } from '../../project.ts';
import { inputRoots } from '../../xml/xinclude.ts';
import { resolveSchema } from '../schema-option.ts';
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
  --schema <project|tei_all|none|file.rng>
                              Schema to check against (default: project, the
                              edition's tei/schema/colloquy.rng; none with
                              --profile generic). tei_all is TEI P5's, found
                              through COLLOQUY_TEI_ALL or ../shared/.
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
    const inputs = positionals.length > 0 ? positionals : [TEI_DIR];
    const profile = oneOf(values.profile as string | undefined, ['project', 'generic'] as const, 'profile', 'project');
    const schemaPath = resolveSchema(values.schema as string | undefined, profile === 'project');

    const paths = await findXmlFiles(inputs);
    if (paths.length === 0) throw new UsageError(`No .xml files found in ${inputs.join(', ')}`);
    let schema;
    try {
      schema = schemaPath ? await loadSchema(schemaPath) : undefined;
    } catch (err) {
      io.err(`colloquy validate: ${(err as Error).message}\n`);
      return 1;
    }
    const files = paths.map((p) => new TeiFile(p));
    await validateTei(files, { schema, profile, roots: await inputRoots(inputs) });
    const diagnostics = files.flatMap((f) => f.messages);
    io.out(format === 'json' ? formatJson(diagnostics, files.map((f) => f.name)) : formatText(diagnostics, files.length));
    return diagnostics.some((d) => d.fatal) ? 1 : 0;
  },
};
