import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DocumentData, Edition, Note, Transformed, Unit } from '../edition.ts';
import { Cache, pipelineFingerprint, sha256 } from '../cache/cache.ts';
import { documentPath, rootFrom } from '../site/urls.ts';
import { collectEntries } from '../tei/entries.ts';
import type { TeiFile } from '../tei-file.ts';
import { mapLimited, workerCount, WorkerPool } from '../workers/pool.ts';
import { compiledStylesheet, loadCompiledStylesheet, STYLESHEET_DIR, stylesheetHash } from './compile-stylesheet.ts';

type SaxonResult = { ok: true; html: string; data: string; unmapped: string[] } | { ok: false; error: string };

/**
 * A result is cached in three parts under one key: what the stage itself
 * needs (the count of texts, the elements without a rule), the text as data
 * (units and notes, which the extract stage reads only for a document whose
 * own result it has not cached) and the HTML (which the site stage reads
 * only for a document whose pages it renders). A rebuild reads the first
 * part of each document, and the others only where they are needed.
 */
interface CachedSummary {
  texts: number;
  unmapped: string[];
}
const summaries = (): Cache<CachedSummary> => new Cache<CachedSummary>('transform');
const texts = (): Cache<{ units: Unit[]; notes: Note[] }> => new Cache<{ units: Unit[]; notes: Note[] }>('transform-text');
const pages = (): Cache<never> => new Cache<never>('transform-html');

/**
 * A transform's result that the stage took as cached (its entries were
 * there) and that is gone or damaged when a later stage reads it. The
 * pipeline then builds again, checking every cached result (`verify`).
 */
export class LostTransform extends Error {}

/** A transformed document's units and notes: held since it was transformed, or read from the cache. */
export async function transformedText(t: Transformed): Promise<{ units: Unit[]; notes: Note[] }> {
  if (t.units && t.notes) return { units: t.units, notes: t.notes };
  const cached = await cachedText(t.key);
  if (!cached) throw new LostTransform(`the transform's cached text ${t.key} is gone from the cache or damaged`);
  return cached;
}

async function cachedText(key: string): Promise<{ units: Unit[]; notes: Note[] } | undefined> {
  const cached = await texts().get(key);
  return cached && Array.isArray(cached.units) && Array.isArray(cached.notes) ? cached : undefined;
}

/** A document's reading text as HTML: held, or read from the transform's cache. */
export async function documentHtml(edition: Edition, doc: DocumentData): Promise<string> {
  if (doc.html !== undefined) return doc.html;
  const key = edition.htmlKeys.get(doc.slug);
  if (!key) throw new Error(`document ${doc.slug} has no HTML (expected it from the transform stage or in its shard's data)`);
  return transformedHtml(key);
}

/** A transformed document's HTML, read from the cache by its transform's key. */
async function transformedHtml(key: string): Promise<string> {
  const bytes = await pages().getBytes(key);
  if (!bytes) throw new LostTransform(`the transform's cached HTML ${key} is gone from the cache or damaged`);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/**
 * Starts the transform stage's worker threads (one per core, at most one per
 * file), each loading saxon-js and the compiled stylesheet: the pipeline
 * starts them before validation, so that the half second saxon-js takes to
 * load is spent on the other core while this one validates. `start` of them
 * start now, the others only if the stage has more documents than that to
 * transform (WorkerPool.map starts them). None when
 * COLLOQUY_WORKERS is 0: the stage then transforms on this thread.
 */
export async function startTransformWorkers(files: number, options: { start?: number } = {}): Promise<WorkerPool | undefined> {
  const size = Math.min(workerCount(), files);
  if (size < 1) return undefined;
  const sefPath = await compiledStylesheet();
  return new WorkerPool(pathToFileURL(path.join(STYLESHEET_DIR, 'saxon-worker.js')), { sefPath }, size, options.start ?? size);
}

/**
 * The transform stage: runs the compiled stylesheet (saxon-js) over each
 * well-formed input. One pass gives the reading text as HTML and the text as
 * data (units and notes). Elements the stylesheet has no rule for are
 * rendered anyway; the build warns once per element name.
 *
 * A result is cached by the document's text, the stylesheet, the register
 * links it is given and the pipeline's code; only documents whose result is
 * not cached are transformed, in the worker threads the pipeline started
 * (or on this thread without them).
 *
 * The stage may start before the validate stage is done (the pipeline starts
 * it once every file is read, while the schema and the rules are checked):
 * it then says nothing of a file (a failed transform, an element without a
 * rule) until `after` has settled, so that the file's messages are the
 * validate stage's own until then.
 */
export async function transformTei(edition: Edition, options: { only?: Set<TeiFile>; workers?: WorkerPool; after?: Promise<unknown>; verify?: boolean } = {}): Promise<void> {
  const only = options.only;
  const entries = collectEntries(edition.files);
  // The extract stage reads the same entries, after the trees are released.
  edition.entries = entries;
  const entityHrefs: Record<string, string> = {};
  const entityNames: Record<string, string> = {};
  for (const [id, entry] of entries) {
    entityHrefs[id] = entry.href;
    entityNames[id] = entry.name;
  }
  const params = { root: rootFrom(documentPath('x')), 'entity-hrefs': entityHrefs, 'entity-names': entityNames };
  const context = sha256(await pipelineFingerprint(), await stylesheetHash(), JSON.stringify(params));
  const done = new Map<TeiFile, { transformed: Transformed; unmapped: string[] }>();
  const todo: Array<{ file: TeiFile; key: string }> = [];
  const wanted = edition.files.filter((file) => file.wellFormed && (!only || only.has(file)));
  const keys = wanted.map((file) => sha256(context, file.hash as string));
  // A result is cached when all three of its parts are. The text and the
  // HTML are read later, and only where they are needed (most of a
  // rebuild's documents need neither); with `verify`, they are read and
  // checked now.
  const whole = async (key: string): Promise<boolean> => (options.verify ? (await cachedText(key)) !== undefined && (await pages().getBytes(key)) !== undefined : (await texts().has(key)) && (await pages().has(key, 'bin')));
  const hits = await mapLimited(keys, 16, async (key) => {
    const summary = await summaries().get(key);
    const usable = summary && typeof summary.texts === 'number' && Array.isArray(summary.unmapped);
    return usable && (await whole(key)) ? summary : undefined;
  });
  wanted.forEach((file, i) => {
    const hit = hits[i];
    const key = keys[i] as string;
    if (hit) done.set(file, { transformed: { key, texts: hit.texts }, unmapped: hit.unmapped });
    else todo.push({ file, key });
  });
  const cached = done.size;
  // (The progress line shows the stage before this one until it is done.)
  let reporting = !options.after;
  options.after?.then(() => (reporting = true)).catch(() => undefined);
  const progress = (n: number): void => void (reporting && edition.progress('transform', cached + n, cached + todo.length));
  const failed = todo.length > 0 ? await transformAll(todo, params, options.workers, done, progress) : [];
  // What the stage says of the files waits for the stage before it (see `after`).
  await options.after;
  for (const { file, error } of failed) file.message({ reason: `The transformation failed: ${error}`, ruleId: 'transform', source: 'transform' });
  // In input order, so that warnings come in the same order whatever was cached.
  for (const file of edition.files) {
    const entry = done.get(file);
    if (!entry) continue;
    edition.transformed.set(file, entry.transformed);
    for (const name of entry.unmapped) warnUnmapped(edition, file, name);
  }
  edition.cacheStats.transform = { hits: cached, misses: todo.length };
}

/** Transforms `todo` into `done`, and caches each result as it comes; returns the files whose transform failed. */
async function transformAll(todo: Array<{ file: TeiFile; key: string }>, params: Record<string, unknown>, workers: WorkerPool | undefined, done: Map<TeiFile, { transformed: Transformed; unmapped: string[] }>, progress: (n: number) => void): Promise<Array<{ file: TeiFile; error: string }>> {
  let count = 0;
  const failed: Array<{ file: TeiFile; error: string; index: number }> = [];
  const finish = async (result: SaxonResult, index: number): Promise<void> => {
    const { file, key } = todo[index] as { file: TeiFile; key: string };
    if (!result.ok) {
      failed.push({ file, error: result.error, index });
      return;
    }
    const parsed = JSON.parse(result.data) as { texts: number; units: Unit[]; notes: Note[] };
    done.set(file, { transformed: { key, html: result.html, texts: parsed.texts, units: parsed.units, notes: parsed.notes }, unmapped: result.unmapped });
    // The summary last: the result counts as cached when all three parts are.
    await texts().put(key, { units: parsed.units, notes: parsed.notes });
    await pages().putBytes(key, Buffer.from(result.html, 'utf8'));
    await summaries().put(key, { texts: parsed.texts, unmapped: result.unmapped });
  };
  if (workers) {
    // Each result is kept and cached as it comes, while the workers go on:
    // this thread is otherwise idle until the last of them is done.
    const finishing: Array<Promise<void>> = [];
    await workers.map<{ text: string }, SaxonResult>(
      todo.map((t) => ({ text: t.file.text as string })),
      {
        shared: params,
        weight: (item) => item.text.length,
        onResult: (result, i) => {
          progress(++count);
          finishing.push(finish(result, i));
        },
      },
    );
    await Promise.all(finishing);
  } else {
    const stylesheet = await loadCompiledStylesheet();
    // Loaded only when needed: saxon-js takes about half a second to load.
    // @ts-expect-error: plain JavaScript shared with the worker threads (typed in its JSDoc)
    const { runSaxon } = (await import('./saxon-run.js')) as { runSaxon: (sef: unknown, text: string, params: unknown) => SaxonResult };
    for (const [i, t] of todo.entries()) {
      await finish(runSaxon(stylesheet.sef, t.file.text as string, params), i);
      progress(++count);
    }
  }
  // In input order, whatever order the workers finished in.
  return failed.sort((a, b) => a.index - b.index);
}

function warnUnmapped(edition: Edition, file: TeiFile, name: string): void {
  edition.warn({
    reason: `No rule for the element \`<${name}>\`: it is shown with its text and the class \`tei-${name.replace(/^.*:/, '').replace(/[^A-Za-z0-9_-]/g, '_')}\`; expected an element the stylesheet maps (add a rule in src/transform/html.xsl)`,
    ruleId: 'unmapped-element',
    file: file.name,
  });
}
