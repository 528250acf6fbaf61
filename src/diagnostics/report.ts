import { compareDiagnostics, countBySeverity, type Diagnostic } from './diagnostic.ts';

/**
 * Formats diagnostics like vfile-reporter, one line each:
 *
 *     tei/x.xml:12:5  error  Unexpected `@who` value `#maoo`, expected ...  pointer-resolves
 *
 * followed by a summary line. A diagnostic's `cause` is printed on an indented
 * line below it.
 */
export function formatText(diagnostics: readonly Diagnostic[], fileCount: number): string {
  const lines: string[] = [];
  for (const d of [...diagnostics].sort(compareDiagnostics)) {
    lines.push(formatLine(d));
    if (d.cause) {
      const where = d.cause.place ? `${d.file}:${d.cause.place.line}${d.cause.place.column ? `:${d.cause.place.column}` : ''}` : d.file;
      lines.push(`  ${where}  ${d.cause.reason}`);
    }
  }
  lines.push(formatSummary(diagnostics, fileCount));
  return lines.join('\n') + '\n';
}

export function formatLine(d: Diagnostic): string {
  return `${d.location}  ${d.severity}  ${d.reason}  ${d.ruleId}`;
}

export function formatSummary(diagnostics: readonly Diagnostic[], fileCount: number): string {
  const { errors, warnings } = countBySeverity(diagnostics);
  const files = `${fileCount} ${fileCount === 1 ? 'file' : 'files'} checked`;
  if (errors === 0 && warnings === 0) return `${files}: no problems`;
  return `${files}: ${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`;
}

/**
 * The same report as JSON, for editor plugins and CI annotations:
 * `{ version, files, summary: { files, errors, warnings }, diagnostics: [...] }`.
 * Lines and columns are 1-based; `null` where unknown.
 */
export function formatJson(diagnostics: readonly Diagnostic[], files: readonly string[]): string {
  const { errors, warnings } = countBySeverity(diagnostics);
  return (
    JSON.stringify(
      {
        version: 1,
        files,
        summary: { files: files.length, errors, warnings },
        diagnostics: [...diagnostics].sort(compareDiagnostics).map((d) => d.toJSON()),
      },
      null,
      2,
    ) + '\n'
  );
}
