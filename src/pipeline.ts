import { buildKey, hasRecord, knownInputs, previousBuild, readRecord, saveRecord, upToDate, type BuildRecord } from './cache/build-record.ts';
import { InputChangedError } from './cache/input-stamps.ts';
import { Diagnostic } from './diagnostics/diagnostic.ts';
import { Edition, type BuildOptions } from './edition.ts';
import { collectIfLarge, withBoundedHeapGrowth } from './memory.ts';
import { extractData } from './extract/extract-data.ts';
import fs from 'node:fs/promises';
import path from 'node:path';
import { planBuckets } from './index/buckets.ts';
import { indexBeside, indexSite, searchLanguage } from './index/index-site.ts';
import { recyclable, recycledFolders, removeRest } from './publish/recycle.ts';
import { corpusFingerprint, mergeShards, SHARD_DATA, shardMembers, corpusOrder, type ShardData } from './shard.ts';
import { PROJECT_SCHEMA } from './project.ts';
import { acquireOutputLock } from './publish/output-lock.ts';
import { clearStaleBuilds, createWorkDir, discardWorkDir, outputProblem, publishSite } from './publish/publish-site.ts';
import { TeiFile } from './tei-file.ts';
import { documentHtml, LostTransform, startTransformWorkers, transformTei } from './transform/transform-tei.ts';
import { together, type WorkerPool } from './workers/pool.ts';
import { loadSchema, SchemaUnreadable } from './validate/schema.ts';
import { REFUSING_RULES } from './validate/rules/index.ts';
import { validateTei } from './validate/validate-tei.ts';
import { inputRoots } from './xml/xinclude.ts';

export type BuildOutcome = { ok: true; edition: Edition } | { ok: false; edition: Edition; reason: string };

/**
 * The pipeline: the only place that knows the order of the stages.
 *
 *   validate → transform → extract → site → index → publish
 *
 * (The transform starts once validation has read every file, and runs
 * beside its schema and rules: see validateAndBuild.)
 * If the published site was built from the same files, options and pipeline,
 * there is nothing to do (the previous build's messages are replayed).
 * A validation error in the project's own TEI (or in any input with
 * `strict`) stops the build before anything is written. Any later failure
 * discards the work folder; the published site is replaced only by a
 * complete new one; the build it replaces is removed when the next one
 * starts (publish-site.ts). A cached transform found damaged after its
 * stage makes the build start again, once, checking every cached transform.
 */
export async function buildEdition(paths: string[], options: BuildOptions, hooks: { progress?: Edition['progress'] } = {}): Promise<BuildOutcome> {
  try {
    return await buildOnce(paths, options, hooks, false);
  } catch (err) {
    if (!(err instanceof LostTransform)) throw err;
    // A cached result of the transform, taken as whole by its stage, was
    // found damaged or gone by a later one (its entries are read only where
    // they are needed): the build starts again, with every cached result of
    // the transform read and checked first, and each damaged one made again.
    const again = await buildOnce(paths, options, hooks, true);
    again.edition.warn({ reason: `The build was made again: ${err.message}. Every cached result of the transform was checked, and each damaged one made again`, ruleId: 'cache-damaged' });
    return again;
  }
}

async function buildOnce(paths: string[], options: BuildOptions, hooks: { progress?: Edition['progress'] }, verify: boolean): Promise<BuildOutcome> {
  const edition = new Edition(options, paths.map((p) => new TeiFile(p)));
  if (hooks.progress) edition.progress = hooks.progress;
  return withOutput(options.outDir, (reason) => ({ ok: false, edition, reason }), () => buildLocked(edition, paths, verify));
}

/**
 * Runs `run` if `outDir` may be published to (publish-site.ts
 * `outputProblem`) and holding its lock: one build at a time publishes to a
 * folder (publish/output-lock.ts). Otherwise `refuse`s, before any work.
 */
async function withOutput(outDir: string, refuse: (reason: string) => BuildOutcome, run: () => Promise<BuildOutcome>): Promise<BuildOutcome> {
  const problem = outputProblem(outDir);
  if (problem) return refuse(`${problem}; nothing was published`);
  const locked = acquireOutputLock(outDir);
  if (!locked.ok) return refuse(`${locked.problem}; nothing was published`);
  try {
    return await run();
  } finally {
    locked.lock.release();
  }
}

async function buildLocked(edition: Edition, paths: string[], verify: boolean): Promise<BuildOutcome> {
  const options = edition.options;
  const stage = stageTimer(edition);

  const key = await buildKey(options, paths);
  const stored = await readRecord(options.outDir);
  const record = await upToDate(options.outDir, key, stored);
  if (record) {
    edition.upToDate = { documents: record.documents, builtAt: record.builtAt };
    edition.messages.push(...record.messages.map((m) => Diagnostic.fromJSON(m)));
    return { ok: true, edition };
  }

  // The transform's workers start loading saxon-js now, on the other core,
  // while this one validates; they stop when the transform is done. Stale
  // builds are removed meanwhile, but for the build the published one
  // replaced, which this one takes from.
  //
  // A rebuild usually transforms a few files, often one: it starts one
  // worker, and the stage starts the others if it has more files than that
  // to transform. Two workers loading saxon-js at once, beside validation on
  // this thread, made three threads on two cores, and the one worker needed
  // ready later.
  const rebuild = hasRecord(options.outDir);
  const starting = startTransformWorkers(edition.files.length, { start: rebuild ? 1 : undefined }).catch(() => undefined);
  // Validation reads with synchronous calls: the workers are started first
  // (a few milliseconds; not the seconds of compiling the stylesheet, when
  // it must be compiled), so that saxon-js loads while this thread
  // validates (the flagship's transform stage waited some 150 ms longer).
  await Promise.race([starting, new Promise((resolve) => setTimeout(resolve, 50))]);
  // What this build replaces (the site and index stages link from it); the
  // build that one replaced is left for this one to take its unchanged
  // search bundles, pages and downloads from, and removed once the site and
  // index stages are done taking (publish/recycle.ts).
  edition.previous = await previousBuild(options.outDir, stored);
  edition.recycle = options.shard ? undefined : recyclable(options.outDir, edition.previous);
  const clearing = clearStaleBuilds(options.outDir, edition.recycle && { target: edition.recycle.target, keep: recycledFolders(edition.recycle) });
  try {
    return await validateAndBuild(edition, stage, paths, key, stored, starting, verify);
  } finally {
    await (await starting)?.close();
    await clearing;
    await removeRest(edition.recycle);
  }
}

async function validateAndBuild(edition: Edition, stage: Stage, paths: string[], key: string, stored: BuildRecord | undefined, starting: Promise<WorkerPool | undefined>, verify: boolean): Promise<BuildOutcome> {
  const options = edition.options;
  // The transform starts once every file is read, in the workers, while this
  // thread checks the schema and the rules (the workers were otherwise idle
  // until then). Its results are used only if validation lets the build go
  // on; it says nothing of a file until validation is done; a build that
  // validation refuses stops the workers (buildEdition) without waiting.
  let validationDone = (): void => {};
  const validation = new Promise<void>((resolve) => (validationDone = resolve));
  let transforming: Promise<void> | undefined;
  const startTransform = (): void => {
    // (A shard transforms its own documents only.)
    const only = options.shard ? shardMembers(edition.files, options.shard) : undefined;
    transforming = starting.then((workers) => transformTei(edition, { only, workers, after: validation, verify }));
    transforming.catch(() => undefined);
  };
  try {
    await stage('validate', async () => {
      const schema = options.schema === 'none' ? undefined : await loadSchema(options.schema === 'project' ? PROJECT_SCHEMA : options.schema);
      // A file whose stamp is the one the published build recorded is not read (cache/input-stamps.ts).
      const known = knownInputs(stored);
      const validated = await validateTei(edition.files, { schema, profile: options.profile, roots: await inputRoots(options.inputs.length ? options.inputs : paths), progress: (done, total) => edition.progress('validate', done, total), read: startTransform, known });
      edition.cacheStats.validate = { hits: validated.cached, misses: validated.checked };
      // The later stages work from each file's text, entries and results: the trees can go.
      for (const f of edition.files) f.release({ tree: true });
    });
  } catch (err) {
    validationDone();
    if (err instanceof InputChangedError || err instanceof SchemaUnreadable) return { ok: false, edition, reason: `${err.message}; nothing was published` };
    throw err;
  }
  validationDone();
  // (validateTei says that every file is read whenever it returns.)
  const transform = (): Promise<void> => stage('transform', () => transforming ?? Promise.reject(new Error('the transform was not started: validation did not say that every file was read')));
  collectIfLarge();
  // Errors refuse publishing in the project profile and with --strict. In any
  // profile, so do a file that could not be read as XML (publishing the rest
  // would drop it) and what would be unsafe on the site.
  const unsafe = edition.files.filter((f) => !f.wellFormed || f.messages.some((m) => m.fatal && REFUSING_RULES.has(m.ruleId)));
  const blocking = edition.files.filter((f) => unsafe.includes(f) || (f.hasErrors && (options.profile === 'project' || options.strict)));
  if (blocking.length > 0) {
    return { ok: false, edition, reason: `${blocking.length} ${blocking.length === 1 ? 'file has' : 'files have'} errors${unsafe.length && options.profile !== 'project' && !options.strict ? ' that no profile publishes' : ''}; nothing was published` };
  }

  if (options.shard) return buildShard(edition, stage, await starting, transform, verify);

  let published = false;
  try {
    const workers = await starting;
    // The site stage's modules (citations, charts, Eleventy: most of a second)
    // load on this thread while the workers transform.
    const siteStage = loadSiteStage();
    siteStage.catch(() => undefined);
    await transform();
    await workers?.close();
    await stage('extract', () => extractData(edition));
    // The later stages work from the extracted data: the texts and the
    // transform's results (each text run of each unit) can go.
    for (const f of edition.files) f.release({ text: true });
    edition.transformed.clear();
    if (!edition.data || edition.data.documents.length === 0) return { ok: false, edition, reason: 'no document could be built; nothing was published' };
    edition.workDir = await createWorkDir(options.outDir);
    const buckets = planBuckets(edition.data.documents, options.searchBucketDocuments);
    const language = searchLanguage(edition.data.documents.map((d) => d.language));
    edition.searchBundles = buckets.slice(1).map((b) => ({ path: b.path, language }));
    // The search index is built by Pagefind's own process. For a corpus of
    // several buckets, or of one large one, it runs while the site stage
    // makes its model and renders the pages, on the other core, fed from a
    // thread of its own, and starts first, so that Pagefind has the changed
    // buckets' records before the site stage holds this thread. For a small
    // index (the flagship's) the thread's start costs more than it saves,
    // and this thread feeds Pagefind after the pages (index-site.ts
    // `indexBeside`).
    const site = (): Promise<void> => stage('site', async () => (await siteStage).buildSite(edition));
    const beside = indexBeside(buckets);
    const index = (): Promise<unknown> => stage('index', () => indexSite(edition, { buckets, language, beside }));
    await withBoundedHeapGrowth(async () => {
      if (beside) await together(index(), site());
      else {
        await site();
        await index();
      }
    });
    await stage('publish', () => publishSite(options.outDir, edition.workDir as string));
    // Published: the work folder is the site now, and nothing after this may remove it.
    published = true;
    const read = edition.files.filter((f) => f.isRead);
    await saveRecord(options.outDir, {
      key,
      files: Object.fromEntries(read.map((f) => [f.path, f.hash as string])),
      sizes: Object.fromEntries(read.map((f) => [f.path, f.size as number])),
      stamps: Object.fromEntries(read.flatMap((f) => (f.stamp ? [[f.path, f.stamp]] : []))),
      target: edition.workDir as string,
      documents: edition.data.documents.length,
      messages: edition.allMessages.map((m) => m.toJSON()),
      builtAt: options.now.toISOString(),
      pages: edition.pageKeys,
      downloads: edition.pageDownloads,
      search: edition.searchKeys,
      replaced: edition.previous && { target: edition.previous.target, search: edition.previous.search, pages: edition.previous.pages },
    }).catch((err: Error) => {
      // The record lets the next build take what this one made; without it
      // (a cache folder that cannot be written), the next makes everything again.
      edition.warn({ reason: `The build record could not be written (${err.message}): the site is published, and the next build will make every page again`, ruleId: 'build-record' });
    });
    return { ok: true, edition };
  } catch (err) {
    if (!published) await discardWorkDir(edition.workDir);
    if (err instanceof LostTransform && !verify) throw err;
    return { ok: false, edition, reason: `the build failed: ${(err as Error).message}; ${published ? 'the site was published' : 'the published site is unchanged'}` };
  }
}

/** The site stage, loaded when it is needed (see validateAndBuild), with Eleventy. */
async function loadSiteStage(): Promise<typeof import('./site/build-site.ts')> {
  const module = await import('./site/build-site.ts');
  await module.loadEleventy();
  return module;
}

type Stage = <T>(name: string, run: () => Promise<T> | T) => Promise<T>;

/** Runs a stage, reporting its start to the progress line and recording its time. */
function stageTimer(edition: Edition): Stage {
  return async (name, run) => {
    const start = performance.now();
    // (Started, with no count yet: the stage reports its own.)
    edition.progress(name, 0, 0);
    try {
      return await run();
    } finally {
      edition.timings.push({ stage: name, ms: performance.now() - start, rssMb: Math.round(process.memoryUsage.rss() / 1048576) });
      edition.progress(name, 1, 1, true);
    }
  };
}

/**
 * A shard (`--shard i/n`): after validating every file, transform → extract →
 * index only this shard's documents, and publish its data, its TEI files and
 * its search index (not a site) for `assembleShards`.
 */
async function buildShard(edition: Edition, stage: Stage, workers: WorkerPool | undefined, transform: () => Promise<void>, verify: boolean): Promise<BuildOutcome> {
  const options = edition.options;
  const spec = options.shard as { index: number; count: number };
  try {
    await transform();
    await workers?.close();
    await stage('extract', () => extractData(edition));
    const data = edition.data;
    if (!data) return { ok: false, edition, reason: 'no document could be built; nothing was published' };
    edition.workDir = await createWorkDir(options.outDir);
    const work = edition.workDir;
    const { language } = await stage('index', () => indexSite(edition, { language: searchLanguage(edition.headerLanguages) }));
    await stage('publish', async () => {
      const order = corpusOrder(edition.files);
      const byPath = new Map(edition.files.map((f) => [f.path, f]));
      await fs.mkdir(path.join(work, 'tei'));
      const documents = [];
      for (const doc of data.documents) {
        const file = byPath.get(doc.tei.path);
        // The TEI travels with the shard, byte for byte, for the downloads.
        await fs.writeFile(path.join(work, 'tei', `${doc.slug}.xml`), file?.bytes ?? (await fs.readFile(doc.tei.path)));
        // The HTML travels too: the assembled site renders the pages.
        const html = await documentHtml(edition, doc);
        documents.push({ order: file ? (order.get(file) ?? 0) : 0, doc: { ...doc, html, tei: { ...doc.tei, path: `tei/${doc.slug}.xml` } } });
      }
      const shard: ShardData = { format: 'colloquy-shard/2', shard: spec, corpus: { fingerprint: corpusFingerprint(edition.files), files: edition.files.length }, language, documents, entities: data.entities };
      await fs.writeFile(path.join(work, SHARD_DATA), JSON.stringify(shard));
      await publishSite(options.outDir, work);
    });
    return { ok: true, edition };
  } catch (err) {
    await discardWorkDir(edition.workDir);
    if (err instanceof LostTransform && !verify) throw err;
    return { ok: false, edition, reason: `the build failed: ${(err as Error).message}; the published shard is unchanged` };
  }
}

/**
 * Assembles shards into one site: their data merged (registers across all
 * shards), every page rendered once, the first shard's search index as the
 * site's and the others' beside it, merged by the search page (Pagefind's
 * mergeIndex). A shard without documents has no index.
 *
 *   read shards → site → indexes → publish
 */
export async function assembleShards(shardDirs: string[], options: BuildOptions): Promise<BuildOutcome> {
  const edition = new Edition(options, []);
  const fail = (reason: string): BuildOutcome => ({ ok: false, edition, reason });
  return withOutput(options.outDir, fail, () => assembleLocked(edition, shardDirs, fail));
}

async function assembleLocked(edition: Edition, shardDirs: string[], fail: (reason: string) => BuildOutcome): Promise<BuildOutcome> {
  const options = edition.options;
  const shards: Array<ShardData & { dir: string }> = [];
  for (const dir of shardDirs) {
    const real = await fs.realpath(dir).catch(() => undefined);
    const text = real && (await fs.readFile(path.join(real, SHARD_DATA), 'utf8').catch(() => undefined));
    if (!real || !text) return fail(`${dir} is not a shard: expected a folder made by \`colloquy build --shard i/n\`, with ${SHARD_DATA}; nothing was published`);
    let data: ShardData;
    try {
      data = JSON.parse(text) as ShardData;
    } catch {
      return fail(`${dir}/${SHARD_DATA} is not valid JSON; expected a shard's data; nothing was published`);
    }
    if (data.format !== 'colloquy-shard/2') return fail(`${dir}/${SHARD_DATA} has the format \`${String(data.format)}\`; expected colloquy-shard/2 (shards built by this version of colloquy); nothing was published`);
    for (const d of data.documents) d.doc.tei.path = path.join(real, d.doc.tei.path);
    shards.push({ ...data, dir: real });
  }
  const counts = new Set(shards.map((s) => s.shard.count));
  const indexes = shards.map((s) => s.shard.index).sort((a, b) => a - b);
  const count = shards[0]?.shard.count ?? 0;
  if (counts.size !== 1 || indexes.length !== count || indexes.some((n, i) => n !== i + 1)) {
    return fail(`the shards given are ${shards.map((s) => `${s.shard.index}/${s.shard.count}`).join(', ') || 'none'}; expected each of 1/${count || 'n'} to ${count || 'n'}/${count || 'n'} once; nothing was published`);
  }
  shards.sort((a, b) => a.shard.index - b.shard.index);
  // Shards of different corpora (another version of a file, a file added)
  // would make a site that is neither: a document twice or missing, or
  // registers that disagree.
  if (new Set(shards.map((s) => s.corpus?.fingerprint)).size !== 1) {
    const of = (s: ShardData): string => (s.corpus ? `${s.corpus.files} ${s.corpus.files === 1 ? 'file' : 'files'}, corpus ${s.corpus.fingerprint.slice(0, 12)}` : 'no corpus recorded');
    return fail(`the shards were built from different files (${shards.map((s) => `${s.shard.index}/${s.shard.count}: ${of(s)}`).join('; ')}); expected every shard built from the same files; nothing was published`);
  }
  const merged = mergeShards(shards);
  if (merged.problems.length) return fail(`${merged.problems.join('; ')}; nothing was published`);
  if (merged.data.documents.length === 0) return fail('the shards hold no document; nothing was published');
  edition.data = merged.data;
  // A shard that holds no document (a corpus split in more shards than it
  // fills) has no search index. The first shard with documents gives the
  // site's index, and each later one an index beside it.
  const indexed = shards.filter((s) => s.documents.length > 0);
  for (const s of indexed) {
    const entry = path.join(s.dir, 'pagefind', 'pagefind-entry.json');
    if (!(await fs.stat(entry).catch(() => undefined))) return fail(`${s.dir} holds ${s.documents.length} ${s.documents.length === 1 ? 'document' : 'documents'} but no search index (pagefind/pagefind-entry.json); expected a folder made by \`colloquy build --shard ${s.shard.index}/${s.shard.count}\`; nothing was published`);
  }
  const bundle = (s: ShardData, i: number): string => (i === 0 ? 'pagefind' : `pagefind-shard-${s.shard.index}`);
  edition.searchBundles = indexed.slice(1).map((s, i) => ({ path: `${bundle(s, i + 1)}/`, language: s.language }));

  const stage = stageTimer(edition);
  edition.previous = await previousBuild(options.outDir, await readRecord(options.outDir));
  const clearing = clearStaleBuilds(options.outDir);
  try {
    edition.workDir = await createWorkDir(options.outDir);
    const work = edition.workDir;
    await withBoundedHeapGrowth(() => stage('site', async () => (await loadSiteStage()).buildSite(edition)));
    await stage('index', async () => {
      for (const [i, s] of indexed.entries()) await fs.cp(path.join(s.dir, 'pagefind'), path.join(work, bundle(s, i)), { recursive: true });
    });
    await stage('publish', () => publishSite(options.outDir, work));
    return { ok: true, edition };
  } catch (err) {
    await discardWorkDir(edition.workDir);
    return { ok: false, edition, reason: `the build failed: ${(err as Error).message}; the published site is unchanged` };
  } finally {
    await clearing;
  }
}
