import fs from 'node:fs/promises';
import type { TeiFile } from '../tei-file.ts';
import { decodeXmlBytes } from '../xml/decode.ts';
import { DEFAULT_LIMITS, parseXml, type ParseLimits } from '../xml/parse.ts';
import { containsPlace, TEI_NS } from '../xml/tree.ts';
import { RULES } from './rules/index.ts';
import { IdIndex } from './rules/rule.ts';
import { checkSchema, schemaTarget, type Schema } from './schema.ts';

export interface ValidateOptions {
  /** The RELAX NG schema to check against; undefined skips the schema. */
  schema: Schema | undefined;
  /** `project`: the edition's own TEI, all rules. `generic`: other people's TEI, the rules that make sense anywhere. */
  profile: 'project' | 'generic';
  limits?: ParseLimits;
}

/**
 * The validate stage. For each file: read it, check that it is UTF-8 and
 * well-formed XML with a TEI root, then check all well-formed files against
 * the schema in one go, then apply the rules. Every problem becomes a message
 * on its file; nothing is thrown for bad input.
 */
export async function validateTei(files: TeiFile[], options: ValidateOptions): Promise<void> {
  await Promise.all(files.map(readFile));
  for (const file of files) parseFile(file, options);
  const teiFiles = files.filter((f) => f.xml);
  if (options.schema) await checkSchema(teiFiles, options.schema);
  for (const file of teiFiles) {
    applyRules(file, options.profile);
    dropEchoes(file);
  }
}

/**
 * xmllint reports a line and often a consequence rather than the fault: an
 * invalid date inside a paragraph becomes "p has extra content". Such a
 * line-only schema message is dropped when an error with an exact place (from
 * the schema outline or a rule) lies inside the element it is about, or names
 * the same value on the same line.
 */
function dropEchoes(file: TeiFile): void {
  const placed = file.messages.filter((m) => m.fatal && m.column !== undefined && m.line !== undefined);
  const echoes = file.messages.filter((m) => {
    if (m.source !== 'schema' || m.column !== undefined || m.line === undefined) return false;
    const target = schemaTarget(m);
    if (target && placed.some((o) => containsPlace(target, { line: o.line as number, column: o.column }))) return true;
    const value = /^Found the value `([^`]*)`/.exec(m.reason)?.[1];
    return value !== undefined && placed.some((o) => o.line === m.line && o.reason.includes(`"${value}"`));
  });
  for (const echo of echoes) file.messages.splice(file.messages.indexOf(echo), 1);
}

async function readFile(file: TeiFile): Promise<void> {
  if (file.bytes) return;
  try {
    file.bytes = await fs.readFile(file.path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'File not found'
        : code === 'EISDIR'
          ? 'This is a folder'
          : code === 'EACCES' || code === 'EPERM'
            ? 'The file cannot be read (permission denied)'
            : `The file cannot be read (${code ?? (err as Error).message})`;
    file.message({ reason: `${why}; expected a readable TEI XML file`, ruleId: 'file-unreadable', source: 'xml' });
  }
}

function parseFile(file: TeiFile, options: ValidateOptions): void {
  if (!file.bytes) return;
  const decoded = decodeXmlBytes(file.bytes, file.name);
  if (!decoded.ok) {
    file.messages.push(decoded.diagnostic);
    return;
  }
  file.text = decoded.text;
  const parsed = parseXml(decoded.text, file.name, options.limits ?? DEFAULT_LIMITS);
  if (!parsed.document) {
    file.messages.push(...parsed.diagnostics);
    return;
  }
  const root = parsed.document.root;
  const accepted = options.profile === 'project' ? ['TEI'] : ['TEI', 'teiCorpus'];
  const expected = accepted.map((n) => `\`<${n}>\``).join(' or ');
  if (root.uri !== TEI_NS) {
    file.message({
      reason: `Found the root element \`<${root.name}>\` ${root.uri ? `in the namespace \`${root.uri}\`` : 'in no namespace'}; expected ${expected} in the TEI namespace \`${TEI_NS}\``,
      ruleId: 'tei-root',
      source: 'xml',
      place: root.place,
    });
    return;
  }
  if (!accepted.includes(root.local)) {
    file.message({
      reason: `Found the root element \`<${root.name}>\`; expected ${expected}`,
      ruleId: 'tei-root',
      source: 'xml',
      place: root.place,
    });
    return;
  }
  file.xml = parsed.document;
}

function applyRules(file: TeiFile, profile: 'project' | 'generic'): void {
  const document = file.xml;
  if (!document) return;
  const ids = new IdIndex(document.root);
  for (const rule of RULES) {
    if (!rule.profiles.includes(profile)) continue;
    rule.check({
      document,
      ids,
      profile,
      report: ({ reason, place, cause }) =>
        file.message({ reason, place, cause, ruleId: rule.id, severity: rule.severity, source: 'rules' }),
    });
  }
}
