import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { TeiFile } from '../tei-file.ts';
import { decodeXmlBytes } from '../xml/decode.ts';
import { DEFAULT_LIMITS, parseXml, type ParseLimits } from '../xml/parse.ts';
import { containsPlace, getAttribute, TEI_NS, walkElements, walkEncoding, XI_NS, type XmlDocument, type XmlElement } from '../xml/tree.ts';
import { findIncludes } from '../xml/xinclude.ts';
import { Cache, detached, pipelineFingerprint, sha256 } from '../cache/cache.ts';
import { settled, stampOf, type KnownInput } from '../cache/input-stamps.ts';
import { Diagnostic } from '../diagnostics/diagnostic.ts';
import { fileEntries, type FileEntry } from '../tei/entries.ts';
import { mapLimited, nextTurn } from '../workers/pool.ts';
import { RULES } from './rules/index.ts';
import { IdIndex, POINTER_ATTRIBUTES, pointerTokens, type CorpusIndex } from './rules/rule.ts';
import { BATCH_BYTES, checkSchema, schemaTarget, type Schema } from './schema.ts';

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
  /**
   * Called once every file is read (its XIncludes followed, its register
   * entries known), before the schema and the rules are checked: a later
   * stage that needs only that may start then.
   */
  read?: () => void;
  /**
   * What the published build knew of its inputs, by path: a file whose stamp
   * is the recorded one is not read (cache/input-stamps.ts).
   */
  known?: Map<string, KnownInput>;
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
 *
 * Two caches spare unchanged files from being parsed at all. A file's
 * *facts* (its ids, the pointers it makes, its register entries) are cached
 * by its bytes; the corpus index is made from the facts. A file's *messages*
 * are cached by its bytes, name, the profile, the schema, and what the rules
 * see of other files: for each pointer it makes to an id it does not define,
 * which file defines that id (and that file's bytes), and for each of its
 * register entries, whether any file points to it. A file whose messages are
 * cached is not parsed; its text is decoded only if a later stage needs it.
 * Files with XIncludes are always checked afresh (what they include is read
 * from disk).
 */
export async function validateTei(files: TeiFile[], options: ValidateOptions): Promise<{ checked: number; cached: number }> {
  const roots = options.roots ?? [...new Set(files.map((f) => path.dirname(f.path)))];
  const context = sha256(await pipelineFingerprint(), options.profile, JSON.stringify(options.limits ?? DEFAULT_LIMITS));
  const factsCache = new Cache<FileFacts>('facts');
  const facts = new Map<TeiFile, FileFacts>();
  let batch = files.slice();
  let parsed = 0;
  while (batch.length > 0) {
    for (const file of batch) readFile(file, options.known);
    const factKeys = batch.map((file) => (file.isRead ? sha256(context, file.hash as string) : undefined));
    const known = await mapLimited(factKeys, 16, (key) => (key ? factsCache.get(key) : Promise.resolve(undefined)));
    for (const [i, file] of batch.entries()) {
      const key = factKeys[i];
      const cached = known[i];
      if (cached && !cached.includes) {
        file.wellFormed = true;
        file.entries = cached.entries;
        facts.set(file, cached);
      } else {
        parseFile(file, options);
        if (file.xml) {
          const found = detached(factsOf(file.xml, file.entries ?? []));
          facts.set(file, found);
          if (key) await factsCache.put(key, found);
          // Parsed again when its rules run, batch by batch: memory holds a batch of trees, not the corpus's.
          if (!found.includes) file.release({ tree: true });
        }
      }
      options.progress?.(++parsed, files.length);
    }
    const includes = await findIncludes(batch, roots, new Set(files.map((f) => f.path)));
    batch = includes.slice(0, Math.max(0, MAX_INCLUDED_FILES - files.length)).map((inc) => new TeiFile(inc.path, { includedBy: inc.includedBy }));
    files.push(...batch);
  }

  options.read?.();
  const corpus = corpusIndex(files, facts, options);
  const messageContext = sha256(context, options.schema ? `${options.schema.path}\0${options.schema.text}` : 'no schema');
  const messageCache = new Cache<Array<Record<string, unknown>>>('messages');
  const keys = new Map<TeiFile, string>();
  const todo: TeiFile[] = [];
  const messageKey = (file: TeiFile): string | undefined => {
    const fileFacts = facts.get(file);
    return fileFacts && !fileFacts.includes ? sha256(messageContext, file.name, file.hash as string, JSON.stringify(corpus.seenFrom(file, fileFacts))) : undefined;
  };
  const found = await mapLimited(files, 16, async (file) => {
    const key = messageKey(file);
    return { key, cached: key ? await messageCache.get(key) : undefined };
  });
  for (const [i, file] of files.entries()) {
    const fileFacts = facts.get(file);
    if (!fileFacts) continue; // not well-formed: its messages are already made
    const { key, cached } = found[i] as { key: string | undefined; cached: Array<Record<string, unknown>> | undefined };
    if (!key) {
      todo.push(file); // it has XIncludes
      continue;
    }
    if (cached) {
      file.messages.splice(0, file.messages.length, ...cached.map((m) => Diagnostic.fromJSON({ ...m, file: file.name })));
    } else {
      keys.set(file, key);
      todo.push(file);
    }
  }
  for (const part of batches(todo)) {
    // The transform's workers may be running (the pipeline starts them once
    // every file is read): the parsing of a batch (some seconds) gives way to
    // their messages between files, so that they are given their next
    // document rather than wait for it.
    for (const file of part) {
      corpus.tree(file);
      await nextTurn();
    }
    if (options.schema) await checkSchema(part, options.schema);
    for (const file of part) {
      applyRules(file, options.profile, corpus);
      dropEchoes(file);
      const key = keys.get(file);
      if (key) await messageCache.put(key, file.messages.map((m) => m.toJSON()));
    }
    for (const file of part) file.release({ tree: true });
  }
  return { checked: todo.length, cached: facts.size - todo.length };
}

/** Files in groups of about BATCH_BYTES (the schema check's batch), one file at least. */
function* batches(files: TeiFile[], bytes = BATCH_BYTES): Generator<TeiFile[]> {
  let part: TeiFile[] = [];
  let size = 0;
  for (const file of files) {
    part.push(file);
    size += file.size ?? 0;
    if (size >= bytes) {
      yield part;
      part = [];
      size = 0;
    }
  }
  if (part.length) yield part;
}

/** What the rules of other files need to know of a file, and what the later stages need without its tree. */
interface FileFacts {
  /** Every xml:id, in document order (outside examples). */
  ids: string[];
  /** Every id pointed to with `#`. */
  pointers: string[];
  /** The ids pointed to that the file does not define: they resolve in other files, or nowhere. */
  external: string[];
  entries: FileEntry[];
  /** The file has XIncludes. */
  includes: boolean;
}

/** A file's facts; `entries` are those parseFile found, not looked for again. */
function factsOf(document: XmlDocument, entries: FileEntry[]): FileFacts {
  const ids: string[] = [];
  const pointers = new Set<string>();
  walkEncoding(document.root, (el) => {
    const id = getAttribute(el, 'xml:id');
    if (id !== undefined) ids.push(id);
    for (const attr of el.attributes) {
      if (attr.uri !== '' || !(POINTER_ATTRIBUTES as readonly string[]).includes(attr.local)) continue;
      for (const token of pointerTokens(attr.value)) if (token.startsWith('#')) pointers.add(token.slice(1));
    }
  });
  let includes = false;
  walkElements(document.root, (el) => {
    if (el.uri === XI_NS && el.local === 'include') includes = true;
  });
  const own = new Set(ids);
  return { ids, pointers: [...pointers], external: [...pointers].filter((p) => !own.has(p)), entries, includes };
}

/**
 * Ids and pointers across all the files: registers merge across files, so
 * pointers resolve across them. The index is made from the files' facts; the
 * element an id names is looked up in its file's tree, which is parsed then
 * if the file's own messages came from the cache.
 */
function corpusIndex(files: TeiFile[], facts: Map<TeiFile, FileFacts>, options: ValidateOptions): CorpusIndex & { seenFrom(file: TeiFile, own: FileFacts): unknown; tree(file: TeiFile): XmlDocument | undefined } {
  const owners = new Map<string, TeiFile>();
  const pointers = new Set<string>();
  for (const file of files) {
    const f = facts.get(file);
    if (!f) continue;
    for (const id of f.ids) if (!owners.has(id)) owners.set(id, file);
    for (const p of f.pointers) pointers.add(p);
  }
  const idIndexes = new Map<TeiFile, IdIndex>();
  const tree = (file: TeiFile): XmlDocument | undefined => {
    if (!file.xml && file.wellFormed && file.isRead) {
      const text = file.text as string;
      file.xml = parseXml(text, file.name, options.limits ?? DEFAULT_LIMITS).document;
    }
    return file.xml;
  };
  return {
    ids: {
      get(id: string): XmlElement | undefined {
        const owner = owners.get(id);
        const document = owner && tree(owner);
        if (!owner || !document) return undefined;
        let index = idIndexes.get(owner);
        if (!index) idIndexes.set(owner, (index = new IdIndex(document.root)));
        return index.get(id);
      },
    },
    pointers,
    tree,
    seenFrom(file, own) {
      return {
        resolves: own.external.map((id) => {
          const owner = owners.get(id);
          return [id, owner ? `${owner.name}\0${owner.hash}` : null];
        }),
        used: own.ids.map((id) => pointers.has(id)),
      };
    },
  };
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

// With synchronous calls: for a thousand files, a promise per call cost more than the reading (see Cache.get).
// A file whose stamp is the one the published build recorded is trusted,
// not read; the stat is taken before the read, so that a write during the
// read changes the stamp the next build compares.
function readFile(file: TeiFile, known: Map<string, KnownInput> | undefined): void {
  if (file.isRead) return;
  try {
    const stat = statSync(file.path, { bigint: true });
    if (stat.isFile() && stat.size > MAX_FILE_BYTES) {
      file.message({ reason: `The file has ${stat.size.toLocaleString('en-US')} bytes; expected at most ${MAX_FILE_BYTES.toLocaleString('en-US')}`, ruleId: 'xml-limits', source: 'xml' });
      return;
    }
    const stamp = stat.isFile() ? stampOf(stat) : undefined;
    const before = known?.get(file.path);
    if (stamp && before?.stamp === stamp) {
      file.trust({ hash: before.hash, size: Number(stat.size), stamp });
      return;
    }
    file.bytes = readFileSync(file.path);
    if (stamp && settled(stat)) file.stamp = stamp;
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
  const bytes = file.bytes;
  if (!bytes) return;
  const decoded = decodeXmlBytes(bytes, file.name);
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
  file.wellFormed = true;
  file.entries = detached(fileEntries(parsed.document.root));
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
