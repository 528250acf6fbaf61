import fs from 'node:fs';
import path from 'node:path';
import { compareDiagnostics, countBySeverity, Diagnostic } from '../../diagnostics/diagnostic.ts';
import { formatLine } from '../../diagnostics/report.ts';
import { importRecord } from '../../import/import-record.ts';
import { TEI_DIR } from '../../project.ts';
import { parseCommandLine, UsageError } from '../args.ts';
import type { Command, Io } from '../command.ts';
import { findXmlFiles } from '../find-files.ts';

export const importCommand: Command = {
  name: 'import',
  summary: 'Turn a plain-text conversation record into a draft TEI file',
  usage: `Usage: colloquy import <record.txt> [options]

Turns a plain-text conversation record into a draft TEI file that the
project schema and rules accept. The record is laid out as the archive gives
it: a date line and the title; the Citation:, Summary:, Credits:, Original
Language: and Contents: fields; the record's heading; Time:, Location: and
Participants: (by side) lines; then turns written "Speaker: text", narration
in parentheses, and the footnotes' texts ("[1] ...") at the end.

Whatever cannot be placed is reported, one line each,

  record.txt:line:column  error|warning  message  rule-id

and if there is an error nothing is written (exit 1). The draft says in its
header that it is a machine import that needs review.

Options:
  --out <file>         Where to write the draft (default:
                       tei/<date>-<slug of the title>.xml in the working
                       directory, and the path is printed).
  --force              Overwrite the output file if it exists.
  --tag-names          Tag the names in the text that the registers of the
                       TEI files in tei/ know (their persons, places and
                       organisations, with their variants). Without it, only
                       the participants list and the Location line point to
                       the registers.
  --registers <path>   Read the registers from these TEI files or folders
                       instead of tei/ (repeatable; implies --tag-names).
  -h, --help           Show this help.`,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(argv, {
      out: { type: 'string' },
      force: { type: 'boolean' },
      'tag-names': { type: 'boolean' },
      registers: { type: 'string', multiple: true },
    });
    if (values.help) {
      io.out(importCommand.usage + '\n');
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'expected the plain-text record to import' : `expected one record, not ${positionals.length}`);
    const input = positionals[0]!;
    const name = displayName(input);
    const given = values.registers as string[] | undefined;
    const registers = given || values['tag-names'] ? await findXmlFiles(given ?? [TEI_DIR]) : undefined;

    let bytes: Uint8Array;
    try {
      bytes = fs.readFileSync(input);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const what = code === 'ENOENT' ? 'File not found' : code === 'EISDIR' ? 'This is a folder' : `Cannot read the file (${code ?? 'error'})`;
      return finish(io, [new Diagnostic({ reason: `${what}; expected a readable plain-text record`, file: name, ruleId: 'import-unreadable', source: 'import' })], undefined);
    }
    const out = values.out as string | undefined;
    const result = importRecord(bytes, { file: name, out, registers });
    if (!result.tei || !result.out) return finish(io, result.diagnostics, undefined);
    try {
      fs.mkdirSync(path.dirname(result.out), { recursive: true });
      fs.writeFileSync(result.out, result.tei, { flag: values.force ? 'w' : 'wx' });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const reason =
        code === 'EEXIST'
          ? `\`${displayName(result.out)}\` exists; expected a new file. Give another --out, or --force to overwrite it`
          : `Cannot write \`${displayName(result.out)}\` (${code ?? (err as Error).message}); expected a writable path`;
      return finish(io, [...result.diagnostics, new Diagnostic({ reason, file: name, ruleId: 'import-write', source: 'import' })], undefined);
    }
    return finish(io, result.diagnostics, out === undefined ? displayName(result.out) : undefined);
  },
};

/** Prints the diagnostics and a summary (to stderr), and the path written (to stdout); returns the exit code. */
function finish(io: Io, diagnostics: Diagnostic[], written: string | undefined): number {
  const sorted = [...diagnostics].sort(compareDiagnostics);
  const { errors, warnings } = countBySeverity(sorted);
  if (sorted.length > 0) {
    const lines = sorted.flatMap((d) => [formatLine(d), ...(d.cause ? [`  ${d.file}${d.cause.place ? `:${d.cause.place.line}` : ''}  ${d.cause.reason}`] : [])]);
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    lines.push(`${errors > 0 ? 'Not imported' : 'Imported'}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}${errors > 0 ? '; nothing written' : ''}`);
    io.err(lines.join('\n') + '\n');
  }
  if (written) io.out(`${written}\n`);
  return errors > 0 ? 1 : 0;
}

/** A path as diagnostics show it: relative to the working directory where it is inside it. */
function displayName(file: string): string {
  const absolute = path.resolve(file);
  const relative = path.relative(process.cwd(), absolute);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : absolute;
}
