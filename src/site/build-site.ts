import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Edition } from '../edition.ts';
import { PROJECT_ROOT } from '../project.ts';
import type { PreviousBuild } from '../cache/build-record.ts';
import { linkFiles } from '../cache/link-file.ts';
import { doneTaking, pagesFrom } from '../publish/recycle.ts';
import { documentGroup, entityGroup, entryAppearances, entryData, SHARED_PAGES, sharedKey, sharedPageGroups, type PageGroup } from './page-keys.ts';
import { buildSiteModel, documentViews, drawSparklines, entryPage, entryPageNumbers, listed, ZIP_HREF, ZIP_LABEL, type DocumentView, type DownloadFile, type EntityView, type SiteModel } from './site-model.ts';
import { ZipReader, ZipWriter, type PackedEntry, type ZipEntry } from './zip.ts';
import { mapLimited } from '../workers/pool.ts';

export const TEMPLATES_DIR = path.join(PROJECT_ROOT, 'templates');
const ELEVENTY_CONFIG = path.join(PROJECT_ROOT, '.eleventy.js');

let eleventyModule: Promise<typeof import('@11ty/eleventy')> | undefined;

/**
 * Loads Eleventy, once. It takes most of a second, so it is loaded only when
 * a site is rendered, and the pipeline starts loading it while the transform
 * runs in worker threads and this thread is idle.
 */
export function loadEleventy(): Promise<typeof import('@11ty/eleventy')> {
  // Eleventy registers a module resolution hook, which reloads a changed
  // file in watch mode, unless ELEVENTY_SKIP_ESM_RESOLVER is set (its
  // Util/EsmResolverPortAdapter.js; 11ty/eleventy#3371). On Node 20 the hook
  // runs in a thread of its own that every later import waits for, and a
  // build never reloads a file (importing Eleventy alone took 269 ms without
  // the hook against 318 ms with it, medians of five).
  process.env.ELEVENTY_SKIP_ESM_RESOLVER ??= '1';
  eleventyModule ??= import('@11ty/eleventy');
  return eleventyModule;
}

/**
 * The site stage: renders templates/ with Eleventy into the build's work
 * folder, with the edition's data as the global `edition`, then writes the
 * downloads (the TEI byte for byte, and what is derived from it) and the
 * name summaries the pages' script reads.
 *
 * Documents go a batch at a time. A document unchanged since the published
 * build (page-keys.ts) is linked from it, pages and downloads, and its zip
 * entries are copied from the published archive: no view is made for it.
 * For the others, their views are made (citations, downloads, pictures),
 * their downloads written and added to the zip, their pages rendered, and
 * the views let go, so that memory holds at most a batch or two of views
 * rather than the corpus's. The register entries and the pages that list
 * the whole edition come last, when every document's downloads are known.
 */
export async function buildSite(edition: Edition): Promise<void> {
  const workDir = edition.workDir;
  if (!workDir) throw new Error('buildSite needs a work folder (the pipeline creates it)');
  const { model, sharedFiles } = await buildSiteModel(edition);
  const perRun = edition.options.pagesPerRun ?? PAGES_PER_RUN;
  const key = await sharedKey(model);
  const previous = edition.previous;
  let rendered = 0;
  let groups = 0;
  let views = 0;
  // Every register entry's pages (its own, and its pages of documents).
  const entityPages = model.entities.flatMap((e) => entryPageNumbers(e).map((n) => ({ e, n })));
  // The progress line counts pages written (rendered or linked): each document's, then each register entry's.
  const pages = model.documents.length + entityPages.length;
  let written = 0;
  const progress = (n: number): void => edition.progress('site', (written += n), pages);
  // Found only when the site takes more than one Eleventy run, once per build.
  let shared: Promise<string[]> | undefined;
  const skipShared = (): Promise<string[]> => (shared ??= sharedTemplates());

  // The files linked whole (the others are rendered, and checked once rendered: `checkPages`).
  const linkedFiles = new Set<string>();
  // Pages whose inputs have not changed since the published build are linked
  // from it. Every group's key is recorded for the next build; `reuse` links
  // the groups whose key is the published build's, and says which were
  // linked whole (the others are rendered). A group with the same key in the
  // build before the published one is moved from there instead: its pages'
  // folder in one rename, and its downloads (publish/recycle.ts).
  const record = (group: PageGroup): void => {
    edition.pageKeys[group.id] = group.key;
    groups++;
  };
  const reuse = async (list: PageGroup[]): Promise<boolean[]> => {
    const linkable = previous ? list.filter((g) => previous.pages[g.id] === g.key) : [];
    const folders: Array<[string, string, string[]]> = [];
    const pairs = linkable.flatMap((g) => {
      const from = pagesFrom(edition.recycle, g.id, g.key);
      const inFolder = g.files.filter((file) => file.startsWith(g.folder));
      if (from && g.folder && inFolder.length) folders.push([path.join(from, g.folder), path.join(workDir, g.folder), inFolder.map((file) => path.join(workDir, file))]);
      return g.files.map((file): [string, string, string?] => [path.join((previous as PreviousBuild).target, file), path.join(workDir, file), from && path.join(from, file)]);
    });
    const made = await linkFiles(pairs, { folders });
    const whole = new Set<PageGroup>();
    let at = 0;
    for (const group of linkable) {
      const links = made.slice(at, (at += group.files.length));
      if (links.every(Boolean)) {
        whole.add(group);
        for (const file of group.files) linkedFiles.add(file);
      }
      // A file is gone from the published build: the group is rendered. What
      // was linked is unlinked first, so that rendering never writes into a
      // file the published site shares.
      else await Promise.all(group.files.map((file, i) => links[i] && fs.rm(path.join(workDir, file), { force: true })));
    }
    return list.map((g) => whole.has(g));
  };

  // Eleventy holds every page it renders until its run ends, so a run
  // renders one batch (on 100 documents, 555 MB at most in one run against
  // 436 MB in runs of ten). The last batch is rendered in the run of the
  // shared pages (an Eleventy run costs some 0.3 s before its first page).
  let pending: DocumentView[] = [];
  const zip = new ZipWriter(path.join(workDir, ...ZIP_HREF.split('/')));
  const published = previous && (await ZipReader.open(path.join(previous.target, ...ZIP_HREF.split('/'))));
  const entryHash = entryData(new Map(model.entities.map((e) => [e.id, e])));
  try {
    const batches = chunks(model.documents, perRun.documents);
    for (const [b, batch] of batches.entries()) {
      // A document unchanged since the published build is linked from it
      // with its downloads, whose figures the build record keeps and whose
      // zip entries the published archive (or the cache) keeps: it needs no
      // view.
      const unchanged = batch.map((summary) => {
        const id = `document:${summary.slug}`;
        const listed = previous?.downloads[id];
        // (The record is read as input from outside is: a download is a file of data/, its hash 64 hex digits.)
        if (!listed || !listed.every((f) => typeof f.href === 'string' && /^data\/[^/\\]+$/.test(f.href) && !f.href.includes('..') && /^[0-9a-f]{64}$/.test(f.sha256))) return undefined;
        const group = documentGroup(key, summary, edition.documentKeys.get(summary.slug), entryHash, listed.map((f) => f.href));
        return previous?.pages[id] === group.key ? { group, listed, names: listed.map((f) => path.posix.basename(f.href)) } : undefined;
      });
      // Their zip entries: from the published archive (the batch's in one
      // read), or from the cache.
      const fromArchive = published ? await published.packedMany(unchanged.map((u) => ({ names: u?.names ?? [], bytes: u?.listed.map((f) => f.bytes) ?? [] }))) : [];
      const candidates = await mapLimited(unchanged, 8, async (u, i) => {
        if (!u) return undefined;
        const packed = fromArchive[i] ?? (await Promise.all(u.listed.map((f, j) => zip.packed(u.names[j] as string, f.sha256))));
        return packed.some((p) => !p) ? undefined : { group: u.group, listed: u.listed, packed: packed as PackedEntry[] };
      });
      const found = candidates.filter((c) => c !== undefined);
      const linked = new Map(found.map((c, i) => [c, i]));
      const whole = await reuse(found.map((c) => c.group));
      // Linked whole: kept; a file gone from the published build: rendered.
      const kept = candidates.map((c) => (c === undefined ? undefined : whole[linked.get(c) as number] ? c : ('render' as const)));
      const todo = batch.filter((_, i) => typeof kept[i] !== 'object');
      const made = new Map((await documentViews(edition, model, todo)).map((v) => [v.slug, v]));
      views += todo.length;
      // (A document whose key is unchanged but whose downloads were not all
      // in the cache has its view made here, and its pages linked.)
      const render: DocumentView[] = [];
      const entries: Array<ZipEntry | PackedEntry> = [];
      for (const [i, summary] of batch.entries()) {
        const k = kept[i];
        if (typeof k === 'object') {
          record(k.group);
          summary.files = k.listed;
          entries.push(...k.packed);
          continue;
        }
        const view = made.get(summary.slug) as DocumentView;
        const group = documentGroup(key, summary, edition.documentKeys.get(summary.slug), entryHash, view.files.map((f) => f.href));
        record(group);
        if (k === 'render' || !(await reuse([group]))[0]) render.push(view);
        summary.files = view.files.map(listed);
        entries.push(...view.files.map(zipEntry));
      }
      for (const summary of batch) edition.pageDownloads[`document:${summary.slug}`] = summary.files;
      rendered += render.length;
      for (const view of render) for (const file of view.files) await writeFile(workDir, file.href, file.content);
      await zip.add(entries);
      // Documents to render wait until there is a batch of them: those of
      // the last batch, and those of a rebuild's few changed documents, are
      // rendered in the run of the shared pages.
      pending.push(...render);
      if (pending.length >= perRun.documents && b < batches.length - 1) {
        await renderPages(workDir, { ...model, renderDocuments: pending, renderEntities: [], renderEntityParts: [] }, await skipShared());
        progress(pending.length);
        pending = [];
      }
      progress(batch.length - render.length);
    }
    await zip.add(sharedFiles.map(zipEntry));
    const archive = await zip.end();
    model.files = [...sharedFiles.map(listed), { href: ZIP_HREF, label: ZIP_LABEL, format: 'ZIP', ...archive }];
  } finally {
    await zip.close();
    await published?.close();
  }
  for (const file of sharedFiles) await writeFile(workDir, file.href, file.content);

  // The register entries; with the first of them, the last batch of
  // documents and the pages that list the whole edition.
  const appearances = entryAppearances(model.documents, edition.entryDigests);
  const entityGroups = entityPages.map(({ e, n }) => entityGroup(key, e, n, entryHash(e.id), appearances));
  entityGroups.forEach(record);
  const entitiesLinked = await reuse(entityGroups);
  // The pages that list the whole edition but show only a part of it that is unchanged are linked too.
  const pageGroups = sharedPageGroups(key, model);
  pageGroups.forEach(record);
  const pagesLinked = await reuse(pageGroups);
  const linkedPages = SHARED_PAGES.filter((_, i) => pagesLinked[i]).map((p) => p.template);
  rendered += pageGroups.length - linkedPages.length;
  doneTaking(edition.recycle, 'site');
  const renderEntities = entityPages.filter((_, i) => !entitiesLinked[i]).map(({ e, n }) => entryPage(e, n));
  renderEntities.forEach(drawSparklines);
  rendered += renderEntities.length;
  progress(entityPages.length - renderEntities.length);
  const entityRuns = runsOf(renderEntities, perRun.entities, ENTITY_BYTES_PER_RUN, pageBytes);
  for (let i = 0; i < Math.max(1, entityRuns.length); i++) {
    const run = entityRuns[i] ?? [];
    await renderPages(
      workDir,
      { ...model, renderDocuments: i === 0 ? pending : [], renderEntities: run.filter((e) => !e.part), renderEntityParts: run.filter((e) => e.part) },
      i === 0 ? linkedPages : await skipShared(),
    );
    progress(run.length + (i === 0 ? pending.length : 0));
  }
  checkPages(workDir, model.pages, linkedFiles);
  edition.cacheStats.pages = { hits: groups - rendered, misses: rendered };
  // Documents linked without a view, and documents whose view was made.
  edition.cacheStats.views = { hits: model.documents.length - views, misses: views };

  const listedFiles = [...model.documents.flatMap((d) => d.files), ...model.files];
  await writeFile(workDir, 'data/SHA256SUMS', listedFiles.map((f) => `${f.sha256}  ${path.posix.basename(f.href)}`).join('\n') + '\n');

  // Name summaries for the pages' script, keyed as the links' data-entity.
  const summaries: Record<string, unknown> = {};
  for (const e of model.entities) {
    summaries[e.href] = { name: e.name, dates: e.dates, original: e.originals[0]?.text, role: e.role, mentions: e.mentions.length };
  }
  await writeFile(workDir, 'data/entities.json', JSON.stringify(summaries));
}

function zipEntry(file: DownloadFile): ZipEntry {
  return { name: path.posix.basename(file.href), content: file.content, sha256: file.sha256 };
}

/**
 * Documents, and register entries, whose pages one Eleventy run renders (see
 * buildSite). A run holds every page it renders until it ends, and Eleventy
 * makes a copy of the template for each page: in builds of the generated
 * 1,000 documents' site with every page rendered (1,527 entries' pages,
 * with the pages of documents) and the caches warm, the process's peak was
 * 1,148 MiB in runs of 1,000 entries' pages, 1,146 MiB in runs of up to
 * 40 MB of them, and 904 MiB in runs of 400 (1,000 MiB for the 423 pages of
 * the entries before they had pages of documents, in one run).
 */
const PAGES_PER_RUN = { documents: 100, entities: 400 };

/** About the most bytes of register entries' pages in one Eleventy run: a few pages of many mentions take a run of their own. */
const ENTITY_BYTES_PER_RUN = 40_000_000;

/**
 * Roughly the bytes of a register entry's page (measured on the generated
 * corpus's pages: a mention in context some 280 bytes, a turn 110, a
 * sparkline 760, a row of a table of documents 270, the rest some 5 KB).
 */
function pageBytes(e: EntityView): number {
  let n = 5000 + 760 * e.sparklines.length;
  for (const g of e.mentionGroups) n += 280 * g.mentions.length;
  for (const g of e.speechGroups) n += 110 * g.speeches.length;
  for (const p of e.parts ?? []) n += 270 * p.docs.length;
  return n;
}

/** `items` in runs of at most `count` items and, but for an item larger than that alone, `budget` of their `size`. */
function runsOf<T>(items: T[], count: number, budget: number, size: (item: T) => number): T[][] {
  const runs: T[][] = [];
  let run: T[] = [];
  let used = 0;
  for (const item of items) {
    const s = size(item);
    if (run.length > 0 && (run.length >= count || used + s > budget)) {
      runs.push(run);
      run = [];
      used = 0;
    }
    run.push(item);
    used += s;
  }
  if (run.length) runs.push(run);
  return runs;
}

/**
 * Every page the site lists (`pages`, its sitemap's paths, and the sitemap
 * and 404 page) that was not linked whole from the published build (`linked`)
 * was rendered into the work folder; a build that misses one fails rather
 * than publish a site without it. Eleventy leaves out templates by rules of
 * the folder it runs from (its `.eleventyignore`), not only by the run's
 * own; such a template writes nothing, and says nothing. (One call each, in
 * turn: for the 3,430 pages of 1,000 documents, 33-45 ms against 83-220 ms
 * for as many calls in parallel.)
 */
function checkPages(workDir: string, pages: string[], linked: Set<string>): void {
  const files = [...pages.map((p) => `${p}index.html`), 'sitemap.xml', '404.html'].filter((file) => !linked.has(file));
  const missing = files.filter((file) => !fsSync.statSync(path.join(workDir, file), { throwIfNoEntry: false })?.isFile());
  if (missing.length === 0) return;
  const shown = missing.slice(0, 3).join(', ') + (missing.length > 3 ? `, and ${missing.length - 3} more` : '');
  throw new Error(
    `the site stage wrote no page ${shown} (${missing.length} of ${files.length}); expected every page of the sitemap. Eleventy left their templates out: is templates/ (${TEMPLATES_DIR}) ignored by an .eleventyignore in ${process.cwd()}?`,
  );
}

/** One Eleventy run over templates/, without the templates in `skip` (paths from templates/). */
async function renderPages(workDir: string, data: SiteModel & { renderDocuments: DocumentView[]; renderEntities: EntityView[]; renderEntityParts: EntityView[] }, skip: string[]): Promise<void> {
  const { default: Eleventy } = await loadEleventy();
  const eleventy = new Eleventy(TEMPLATES_DIR, workDir, {
    configPath: ELEVENTY_CONFIG,
    quietMode: true,
    config: (config) => {
      config.addGlobalData('edition', data);
      // Left out of the run: its glob (which spares Eleventy reading the
      // template) matches only where templates/ is under the folder the
      // command runs in, since Eleventy matches paths relative to it (from
      // elsewhere they start with `../`). The preprocessor leaves the
      // template out wherever it runs from. A page left out may be a link
      // to the published site's file, and Eleventy writes into a file in
      // place: a build killed during that write changed the published site.
      for (const template of skip) config.ignores.add(`**/${template}`);
      // Eleventy leaves out whatever is under a node_modules folder, or in
      // the .gitignore of the folder it runs from: templates/ is both when
      // this tool is installed as a project's dependency (it wrote no page).
      config.ignores.delete('**/node_modules/**');
      config.setUseGitIgnore(false);
      const skipped = new Set(skip.map((template) => path.join(TEMPLATES_DIR, template)));
      config.addPreprocessor('colloquy-skip', 'njk', (data) => (skipped.has(path.resolve(data.page.inputPath)) ? false : undefined));
    },
  });
  eleventy.disableLogger(); // the pipeline reports; Eleventy's own summary line would interleave
  await eleventy.write();
}

/**
 * The templates that make pages for the whole edition (paths from
 * templates/): all but those that make a page per document or per entry,
 * which are the ones paginated over `edition.renderDocuments`,
 * `edition.renderEntities` or `edition.renderEntityParts`.
 */
async function sharedTemplates(): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await fs.readdir(path.join(TEMPLATES_DIR, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory() && !entry.name.startsWith('_') && entry.name !== 'assets') await walk(rel);
      else if (entry.isFile() && entry.name.endsWith('.njk') && !PER_ITEM.test(await fs.readFile(path.join(TEMPLATES_DIR, rel), 'utf8'))) found.push(rel);
    }
  };
  await walk('');
  return found.sort();
}

const PER_ITEM = /^\s*data:\s*edition\.render(?:Documents|Entities|EntityParts)\s*$/m;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Writes a file of the site as a new file (a file there is replaced, never written into: it may be a link the published site shares). */
async function writeFile(root: string, href: string, content: string | Uint8Array): Promise<void> {
  const target = path.join(root, ...href.split('/'));
  await fs.mkdir(path.dirname(target), { recursive: true });
  try {
    await fs.writeFile(target, content, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    await fs.rm(target, { force: true });
    await fs.writeFile(target, content, { flag: 'wx' });
  }
}
