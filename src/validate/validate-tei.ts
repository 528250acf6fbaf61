import fs from 'node:fs/promises';
import path from 'node:path';
import { TeiFile } from '../tei-file.ts';
import { decodeXmlBytes } from '../xml/decode.ts';
import { DEFAULT_LIMITS, parseXml, type ParseLimits } from '../xml/parse.ts';
import { containsPlace, getAttribute, TEI_NS, walkElements, walkEncoding, type XmlDocument, type XmlElement } from '../xml/tree.ts';
import { findIncludes } from '../xml/xinclude.ts';
import { RULES } from './rules/index.ts';
import { IdIndex, POINTER_ATTRIBUTES, pointerTokens, type CorpusIndex } from './rules/rule.ts';
import { checkSchema, schemaTarget, type Schema } from './schema.ts';

export interface ValidateOptions {
  /** The RELAX NG schema to check against; undefined skips the schema. */
  schema: Schema | undefined;
  /** `project`: the edition's own TEI, all rules. `generic`: other people's TEI, the rules that make sense anywhere. */
  profile: 'project' | 'generic';
  limits?: ParseLimits;
  /** The folders XInclude may read from (default: the folders of the files). */
  roots?: string[];
  /** Called as files are checked. */
  progress?: (done: number, total: number) => void;
}

/** Most files an XInclude chain may add. */
const MAX_INCLUDED_FILES = 10_000;

/**
 * The validate stage. For each file: read it, check that it is UTF-8 and
 * well-formed XML with a TEI root; follow its XIncludes inside the input
 * folders (the files they name join `files`); then check all well-formed
 * files against the schema in one go, then apply the rules, which resolve
 * pointers across all the files. Every problem becomes a message on its file;
 * nothing is thrown for bad input.
 */
export async function validateTei(files: TeiFile[], options: ValidateOptions): Promise<void> {
  const roots = options.roots ?? [...new Set(files.map((f) => path.dirname(f.path)))];
  let batch = files.slice();
  let parsed = 0;
  while (batch.length > 0) {
    await Promise.all(batch.map(readFile));
    for (const file of batch) {
      parseFile(file, options);
      options.progress?.(++parsed, files.length);
    }
    const includes = await findIncludes(batch, roots, new Set(files.map((f) => f.path)));
    batch = includes.slice(0, Math.max(0, MAX_INCLUDED_FILES - files.length)).map((inc) => new TeiFile(inc.path, { includedBy: inc.includedBy }));
    files.push(...batch);
  }
  const teiFiles = files.filter((f) => f.xml);
  if (options.schema) await checkSchema(teiFiles, options.schema);
  const corpus = corpusIndex(teiFiles);
  for (const file of teiFiles) {
    applyRules(file, options.profile, corpus);
    dropEchoes(file);
  }
}

/** Ids and pointers across all the files: registers merge across files, so pointers resolve across them. */
function corpusIndex(files: TeiFile[]): CorpusIndex {
  const ids = new Map<string, XmlElement>();
  const pointers = new Set<string>();
  for (const file of files) {
    const root = (file.xml as XmlDocument).root;
    walkEncoding(root, (el) => {
      const id = getAttribute(el, 'xml:id');
      if (id !== undefined && !ids.has(id)) ids.set(id, el);
      for (const attr of el.attributes) {
        if (attr.uri !== '' || !(POINTER_ATTRIBUTES as readonly string[]).includes(attr.local)) continue;
        for (const token of pointerTokens(attr.value)) if (token.startsWith('#')) pointers.add(token.slice(1));
      }
    });
  }
  return { ids, pointers };
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

/** Largest file read: beyond this, a TEI file is refused rather than read into memory. */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

async function readFile(file: TeiFile): Promise<void> {
  if (file.bytes) return;
  try {
    const stat = await fs.stat(file.path);
    if (stat.isFile() && stat.size > MAX_FILE_BYTES) {
      file.message({ reason: `The file has ${stat.size.toLocaleString('en-US')} bytes; expected at most ${MAX_FILE_BYTES.toLocaleString('en-US')}`, ruleId: 'xml-limits', source: 'xml' });
      return;
    }
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

function applyRules(file: TeiFile, profile: 'project' | 'generic', corpus: CorpusIndex): void {
  const document = file.xml;
  if (!document) return;
  const ids = new IdIndex(document.root);
  for (const rule of RULES) {
    if (!rule.profiles.includes(profile)) continue;
    rule.check({
      document,
      ids,
      corpus,
      profile,
      report: ({ reason, place, cause }) =>
        file.message({ reason, place, cause, ruleId: rule.id, severity: rule.severity, source: 'rules' }),
    });
  }
}
