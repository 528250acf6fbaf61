import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Edition, Note, Transformed, Unit } from '../edition.ts';
import { Cache, pipelineFingerprint, sha256 } from '../cache/cache.ts';
import { documentPath, rootFrom } from '../site/urls.ts';
import { collectEntries } from '../tei/entries.ts';
import type { TeiFile } from '../tei-file.ts';
import { mapLimited, workerCount, WorkerPool } from '../workers/pool.ts';
import { compiledStylesheet, loadCompiledStylesheet, STYLESHEET_DIR, stylesheetHash } from './compile-stylesheet.ts';

type SaxonResult = { ok: true; html: string; data: string; unmapped: string[] } | { ok: false; error: string };
interface CachedTransform {
  transformed: Transformed;
  unmapped: string[];
}

/**
 * Starts the transform stage's worker threads (one per core, at most one per
 * file), each loading saxon-js and the compiled stylesheet: the pipeline
 * starts them before validation, so that the half second saxon-js takes to
 * load is spent on the other core while this one validates. None when
 * COLLOQUY_WORKERS is 0: the stage then transforms on this thread.
 */
export async function startTransformWorkers(files: number): Promise<WorkerPool | undefined> {
  const size = Math.min(workerCount(), files);
  if (size < 1) return undefined;
  const sefPath = await compiledStylesheet();
  return new WorkerPool(pathToFileURL(path.join(STYLESHEET_DIR, 'saxon-worker.js')), { sefPath }, size);
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
 */
export async function transformTei(edition: Edition, options: { only?: Set<TeiFile>; workers?: WorkerPool } = {}): Promise<void> {
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
  const cache = new Cache<CachedTransform>('transform');

  const done = new Map<TeiFile, CachedTransform>();
  const todo: Array<{ file: TeiFile; key: string }> = [];
  const wanted = edition.files.filter((file) => file.wellFormed && (!only || only.has(file)));
  const keys = wanted.map((file) => sha256(context, file.hash as string));
  const hits = await mapLimited(keys, 16, (key) => cache.get(key));
  wanted.forEach((file, i) => {
    const hit = hits[i];
    if (hit) done.set(file, hit);
    else todo.push({ file, key: keys[i] as string });
  });
  const cached = done.size;
  if (todo.length > 0) await transformAll(todo, params, options.workers, cache, done, (n) => edition.progress('transform', cached + n, cached + todo.length));
  // In input order, so that warnings come in the same order whatever was cached.
  for (const file of edition.files) {
    const entry = done.get(file);
    if (!entry) continue;
    edition.transformed.set(file, entry.transformed);
    for (const name of entry.unmapped) warnUnmapped(edition, file, name);
  }
  edition.cacheStats.transform = { hits: cache.hits, misses: todo.length };
}

async function transformAll(todo: Array<{ file: TeiFile; key: string }>, params: Record<string, unknown>, workers: WorkerPool | undefined, cache: Cache<CachedTransform>, done: Map<TeiFile, CachedTransform>, progress: (n: number) => void): Promise<void> {
  let count = 0;
  const finish = async (result: SaxonResult, index: number): Promise<void> => {
    const { file, key } = todo[index] as { file: TeiFile; key: string };
    if (!result.ok) {
      file.message({ reason: `The transformation failed: ${result.error}`, ruleId: 'transform', source: 'transform' });
      return;
    }
    const parsed = JSON.parse(result.data) as { texts: number; units: Unit[]; notes: Note[] };
    const entry: CachedTransform = { transformed: { html: result.html, texts: parsed.texts, units: parsed.units, notes: parsed.notes }, unmapped: result.unmapped };
    done.set(file, entry);
    await cache.put(key, entry);
  };
  if (workers) {
    const results = await workers.map<{ text: string }, SaxonResult>(
      todo.map((t) => ({ text: t.file.text as string })),
      { shared: params, weight: (item) => item.text.length, onResult: () => progress(++count) },
    );
    for (const [i, r] of results.entries()) await finish(r, i);
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
}

function warnUnmapped(edition: Edition, file: TeiFile, name: string): void {
  edition.warn({
    reason: `No rule for the element \`<${name}>\`: it is shown with its text and the class \`tei-${name.replace(/^.*:/, '').replace(/[^A-Za-z0-9_-]/g, '_')}\`; expected an element the stylesheet maps (add a rule in src/transform/html.xsl)`,
    ruleId: 'unmapped-element',
    file: file.name,
  });
}
