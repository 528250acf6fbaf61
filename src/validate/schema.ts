import fs from 'node:fs/promises';
import { validateXML, memoryPages } from 'xmllint-wasm';
import type { Diagnostic, Place } from '../diagnostics/diagnostic.ts';
import { Cache, pipelineFingerprint, sha256 } from '../cache/cache.ts';
import type { TeiFile } from '../tei-file.ts';
import { walkElements, type XmlElement } from '../xml/tree.ts';
import { allows, key, outlineSchema, type SchemaOutline, type ValueConstraint } from './schema-outline.ts';

/** A RELAX NG schema, read once: its text for xmllint and its outline for precise positions. */
export interface Schema {
  path: string;
  text: string;
  outline: SchemaOutline;
}

/** A schema that cannot be used: missing, unreadable, not XML, or not RELAX NG. */
export class SchemaUnreadable extends Error {}

/** Reads a RELAX NG schema (XML syntax) and its outline; a file that is none throws SchemaUnreadable, saying why. */
export async function loadSchema(schemaPath: string): Promise<Schema> {
  let text: string;
  try {
    text = await fs.readFile(schemaPath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder' : `cannot be read (${code ?? (err as Error).message})`;
    throw new SchemaUnreadable(`Cannot read the schema ${schemaPath}: it ${what}; expected a RELAX NG schema file (.rng)`);
  }
  try {
    return { path: schemaPath, text, outline: outlineSchema(text, schemaPath) };
  } catch (err) {
    // (RELAX NG's compact syntax, .rnc, is not XML: a schema must be in the XML syntax.)
    throw new SchemaUnreadable(`${(err as Error).message}; a schema must be RELAX NG in its XML syntax (.rng)`);
  }
}

/**
 * Checks well-formed files against a RELAX NG schema and records what breaks
 * it. Two checks work together:
 *
 * - the schema's outline gives exact line and column for an unknown element or
 *   attribute, a child where it is not allowed and a missing required
 *   attribute;
 * - xmllint-wasm (libxml2) checks everything else. It is called once for all
 *   files, because one call costs about as much as one file. It reports lines
 *   only; its messages are rewritten as "found ..., expected ...". Those that
 *   merely echo a fault placed more exactly elsewhere are dropped by the
 *   validate stage once the rules have run (see `schemaTarget`).
 *
 * A file found valid is remembered by the hash of its text, the schema and
 * the pipeline, and not checked again; files go to xmllint in batches of at
 * most BATCH_BYTES, which bounds its memory on a large corpus.
 */
export async function checkSchema(files: TeiFile[], schema: Schema): Promise<void> {
  const context = sha256(await pipelineFingerprint(), schema.text);
  const cache = new Cache<{ valid: true }>('schema');
  const keys = new Map<TeiFile, string>();
  const checked: TeiFile[] = [];
  for (const f of files) {
    if (!f.xml || f.text === undefined) continue;
    const k = sha256(context, f.hash as string);
    if (await cache.get(k)) continue;
    keys.set(f, k);
    checked.push(f);
  }
  let batch: TeiFile[] = [];
  let size = 0;
  for (const f of checked) {
    batch.push(f);
    size += (f.text as string).length;
    if (size >= BATCH_BYTES) {
      await checkBatch(batch, schema);
      batch = [];
      size = 0;
    }
  }
  if (batch.length) await checkBatch(batch, schema);
  for (const f of checked) if (!f.messages.some((m) => m.source === 'schema')) await cache.put(keys.get(f) as string, { valid: true });
}

export const BATCH_BYTES = 8 * 1024 * 1024;

async function checkBatch(checked: TeiFile[], schema: Schema): Promise<void> {
  for (const file of checked) checkOutline(file, schema.outline);

  const inputs = checked.map((f, i) => ({ fileName: `doc-${i}.xml`, contents: f.text as string }));
  const bytes = inputs.reduce((n, f) => n + Buffer.byteLength(f.contents), 0);
  const needed = Math.ceil((64 * 1024 * 1024 + bytes * 24) / (64 * 1024));
  const maxMemoryPages = Math.min(memoryPages.max, Math.max(memoryPages.defaultMaxMemoryPages, needed));

  let raw: string;
  try {
    const result = await validateXML({
      xml: inputs,
      schema: [{ fileName: 'schema.rng', contents: schema.text }],
      extension: 'relaxng',
      initialMemoryPages: Math.min(maxMemoryPages, 1024),
      maxMemoryPages,
      modifyArguments: (args) => ['--nonet', ...args],
    });
    if (result.valid) return;
    raw = result.rawOutput;
  } catch (err) {
    for (const f of checked) {
      f.message({
        reason: `The schema \`${schema.path}\` could not be used: ${String((err as Error).message).trim().split('\n')[0]}`,
        ruleId: 'schema',
        source: 'schema',
      });
    }
    return;
  }

  const byLine = new Map<string, string[]>();
  for (const line of raw.split('\n')) {
    const m = /^doc-(\d+)\.xml:(\d+): (.*)$/.exec(line);
    if (!m) continue;
    const id = `${m[1]}:${m[2]}`;
    const list = byLine.get(id) ?? [];
    list.push(m[3] as string);
    byLine.set(id, list);
  }

  for (const [id, messages] of byLine) {
    const [index, lineText] = id.split(':');
    const file = checked[Number(index)] as TeiFile;
    const line = Number(lineText);
    const typeError = messages.find((m) => /Type \S+ doesn't allow value/.test(m));
    const idError = messages.some((m) => /ID \S+ redefined/.test(m));
    for (const message of messages) {
      if (typeError && message !== typeError && /failed to validate attributes/.test(message)) continue;
      // Duplicate ids are the id-unique rule's, which says where the first one is.
      if (idError && (/ID \S+ redefined/.test(message) || /Invalid attribute id for element/.test(message))) continue;
      const elementName = /^element ([^:\s]+):/.exec(message)?.[1];
      const target = elementName ? elementAt(file, elementName, line) : undefined;
      const diagnostic = file.message({
        reason: describeXmllint(message, schema.outline, target),
        ruleId: 'schema',
        source: 'schema',
        place: { line },
      });
      if (target) targets.set(diagnostic, target);
    }
  }

  // A document xmllint rejected without a located message still gets one.
  for (const [i, file] of checked.entries()) {
    const failed = new RegExp(`^doc-${i}\\.xml fails to validate`, 'm').test(raw);
    const located = new RegExp(`^doc-${i}\\.xml:\\d+:`, 'm').test(raw);
    if (failed && !located && !file.messages.some((m) => m.source === 'schema')) {
      file.message({ reason: 'The document does not match the schema (xmllint gave no location)', ruleId: 'schema', source: 'schema' });
    }
  }
}

const targets = new WeakMap<Diagnostic, XmlElement>();

/** The element an xmllint message (which has a line only) is about, if it could be found. */
export function schemaTarget(diagnostic: Diagnostic): XmlElement | undefined {
  return targets.get(diagnostic);
}

/** Checks elements and attributes against the outline. */
function checkOutline(file: TeiFile, outline: SchemaOutline): void {
  const root = file.xml?.root;
  if (!root) return;
  const report = (_el: XmlElement, reason: string, place: Place): void => {
    file.message({ reason, ruleId: 'schema', source: 'schema', place });
  };

  walkElements(root, (el) => {
    const k = key(el.uri, el.local);
    const spec = outline.elements.get(k);
    const parentSpec = el.parent ? outline.elements.get(key(el.parent.uri, el.parent.local)) : undefined;
    if (el.parent && parentSpec && !parentSpec.open && !parentSpec.children.has(k)) {
      const allowed = [...parentSpec.children].map(localOf);
      report(
        el,
        spec
          ? `Found \`<${el.name}>\` inside \`<${el.parent.name}>\`, where the schema does not allow it; expected ${listOf(allowed, '<', '>')}`
          : `Found \`<${el.name}>\`, which the schema does not define; expected ${listOf(allowed, '<', '>')} inside \`<${el.parent.name}>\``,
        el.place,
      );
      return false;
    }
    if (!spec || spec.open) return;
    for (const a of el.attributes) {
      const constraint = spec.values.get(key(a.uri, a.local));
      if (constraint && !allows(constraint, a.value)) {
        report(el, `Found \`@${a.name}="${a.value}"\` on \`<${el.name}>\`; expected ${describeConstraint(constraint)}`, a.place);
        continue;
      }
      if (!spec.attributes.has(key(a.uri, a.local))) {
        const allowed = [...spec.attributes].map(attributeName);
        report(
          el,
          `Found attribute \`@${a.name}\` on \`<${el.name}>\`, which the schema does not allow; expected ${allowed.length ? listOf(allowed, '@', '') : 'no attributes'}`,
          a.place,
        );
      }
    }
    for (const r of spec.required) {
      if (!el.attributes.some((a) => key(a.uri, a.local) === r)) {
        report(el, `\`<${el.name}>\` lacks the required attribute \`@${attributeName(r)}\``, el.place);
      }
    }
    return;
  });
}

/** The deepest element with this name that starts on this line, or the nearest one before it. */
function elementAt(file: TeiFile, name: string, line: number): XmlElement | undefined {
  let best: XmlElement | undefined;
  const root = file.xml?.root;
  if (!root) return undefined;
  walkElements(root, (el) => {
    if ((el.name === name || el.local === name) && el.place.line <= line && (!best || el.place.line >= best.place.line)) best = el;
  });
  return best;
}

function describeXmllint(message: string, outline: SchemaOutline, target: XmlElement | undefined): string {
  const text = message.replace(/^element [^:]+: /, '').replace(/^Relax-NG validity error : /, '').trim();
  const hint = (name: string | undefined): string => {
    if (!name || !target) return '';
    const docs = outline.elements.get(key(target.uri, name))?.docs ?? [];
    return docs.length === 1 ? `; expected: ${docs[0]}` : '';
  };
  let m: RegExpExecArray | null;
  if ((m = /^Type (\S+) doesn't allow value '(.*)'$/.exec(text))) {
    return `Found the value \`${m[2]}\`, which is not a valid \`${m[1]}\`${target ? ` on \`<${target.name}>\`` : ''}`;
  }
  if ((m = /^Element (\S+) failed to validate attributes$/.exec(text))) {
    return `\`<${m[1]}>\` has an attribute value that the schema does not accept${hint(m[1])}`;
  }
  if ((m = /^Expecting element (\S+), got (\S+)$/.exec(text))) return `Found \`<${m[2]}>\`, expected \`<${m[1]}>\``;
  if ((m = /^Expecting an element (\S+), got nothing$/.exec(text))) return `An element ends too early; expected \`<${m[1]}>\``;
  if ((m = /^Did not expect element (\S+) there$/.exec(text))) return `Found \`<${m[1]}>\` where the schema does not expect it`;
  if ((m = /^Element (\S+) has extra content: (\S+)$/.exec(text))) {
    return `\`<${m[1]}>\` has content the schema does not allow here (${m[2]})${hint(m[1])}`;
  }
  if ((m = /^Invalid attribute (\S+) for element (\S+)$/.exec(text))) return `Found attribute \`@${m[1]}\` on \`<${m[2]}>\`, which the schema does not allow`;
  if ((m = /^Element (\S+) failed to validate content$/.exec(text))) return `The content of \`<${m[1]}>\` does not match the schema${hint(m[1])}`;
  if ((m = /^Extra element (\S+) in interleave$/.exec(text))) return `Found \`<${m[1]}>\` where the schema does not expect it`;
  if ((m = /^Datatype element (\S+) has child elements$/.exec(text))) return `\`<${m[1]}>\` contains elements; expected text only`;
  return `Schema: ${text}`;
}

function describeConstraint(c: ValueConstraint): string {
  const parts: string[] = [];
  if (c.values.length) parts.push(c.values.length === 1 ? `the value \`${c.values[0]}\`` : `one of ${listOf(c.values, '', '')}`);
  for (const p of c.patterns) parts.push(`a value matching \`${p.source}\`${p.doc ? ` (${p.doc.replace(/\.$/, '').replace(/^[A-Z](?=[a-z ])/, (x) => x.toLowerCase())})` : ''}`);
  return parts.join(', or ');
}

function localOf(k: string): string {
  return k.slice(k.indexOf('}') + 1);
}

function attributeName(k: string): string {
  if (k.startsWith('{http://www.w3.org/XML/1998/namespace}')) return `xml:${localOf(k)}`;
  return localOf(k);
}

function listOf(names: string[], before: string, after: string): string {
  if (names.length === 0) return 'nothing';
  const shown = names.slice(0, 10).map((n) => `\`${before}${n}${after}\``);
  const more = names.length > 10 ? ` or ${names.length - 10} more` : '';
  if (shown.length === 1) return shown[0] as string;
  return `${shown.slice(0, -1).join(', ')}${more ? `, ${shown[shown.length - 1]}${more}` : ` or ${shown[shown.length - 1]}`}`;
}
