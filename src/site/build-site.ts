import fs from 'node:fs/promises';
import path from 'node:path';
import type { Edition } from '../edition.ts';
import { PROJECT_ROOT } from '../project.ts';
import { previousBuild } from '../cache/build-record.ts';
import { linkFile } from '../cache/link-file.ts';
import { documentGroup, entityGroup, sharedKey, type PageGroup } from './page-keys.ts';
import { buildSiteModel, documentViews, listed, ZIP_HREF, ZIP_LABEL, type DocumentView, type DownloadFile, type EntityView, type SiteModel } from './site-model.ts';
import { ZipWriter, type ZipEntry } from './zip.ts';

export const TEMPLATES_DIR = path.join(PROJECT_ROOT, 'templates');
const ELEVENTY_CONFIG = path.join(PROJECT_ROOT, '.eleventy.js');

let eleventyModule: Promise<typeof import('@11ty/eleventy')> | undefined;

/**
 * Loads Eleventy, once. It takes most of a second, so it is loaded only when
 * a site is rendered, and the pipeline starts loading it while the transform
 * runs in worker threads and this thread is idle.
 */
export function loadEleventy(): Promise<typeof import('@11ty/eleventy')> {
  eleventyModule ??= import('@11ty/eleventy');
  return eleventyModule;
}

/**
 * The site stage: renders templates/ with Eleventy into the build's work
 * folder, with the edition's data as the global `edition`, then writes the
 * downloads (the TEI byte for byte, and what is derived from it) and the
 * name summaries the pages' script reads.
 *
 * Documents go a batch at a time: their views are made (citations,
 * downloads, pictures), their pages rendered or linked from the published
 * build, their downloads written and added to the zip, and the views let go
 * before the next batch, so that memory holds one batch's views rather than
 * the corpus's. The register entries and the pages that list the whole
 * edition come last, when every document's downloads are known.
 */
export async function buildSite(edition: Edition): Promise<void> {
  const workDir = edition.workDir;
  if (!workDir) throw new Error('buildSite needs a work folder (the pipeline creates it)');
  const { model, sharedFiles } = await buildSiteModel(edition);
  const perRun = edition.options.pagesPerRun ?? PAGES_PER_RUN;
  const key = await sharedKey(model);
  const previous = await previousBuild(edition.options.outDir);
  let rendered = 0;
  let groups = 0;
  // Found only when the site takes more than one Eleventy run, once per build.
  let shared: Promise<string[]> | undefined;
  const skipShared = (): Promise<string[]> => (shared ??= sharedTemplates());

  // Pages whose inputs have not changed since the published build are linked from it.
  const reuse = async (group: PageGroup): Promise<boolean> => {
    edition.pageKeys[group.id] = group.key;
    groups++;
    if (!previous || previous.pages[group.id] !== group.key) return false;
    const linked: string[] = [];
    try {
      for (const file of group.files) {
        await fs.mkdir(path.dirname(path.join(workDir, file)), { recursive: true });
        await linkFile(path.join(previous.target, file), path.join(workDir, file));
        linked.push(path.join(workDir, file));
      }
      return true;
    } catch {
      // A file is gone from the published build: the group is rendered. What
      // was linked is unlinked first, so that rendering never writes into a
      // file the published site shares.
      for (const file of linked) await fs.rm(file, { force: true });
      return false;
    }
  };

  // Eleventy holds every page it renders until its run ends, so a run
  // renders one batch (on 100 documents, 555 MB at most in one run against
  // 436 MB in runs of ten). The last batch is rendered in the run of the
  // shared pages (an Eleventy run costs some 0.3 s before its first page).
  let lastBatch: DocumentView[] = [];
  const zip = new ZipWriter(path.join(workDir, ...ZIP_HREF.split('/')));
  try {
    const batches = chunks(model.documents, perRun.documents);
    for (const [b, batch] of batches.entries()) {
      const views = await documentViews(edition, model, batch);
      const render: DocumentView[] = [];
      for (const view of views) if (!(await reuse(documentGroup(key, view)))) render.push(view);
      rendered += render.length;
      for (const view of render) for (const file of view.files) await writeFile(workDir, file.href, file.content);
      await zip.add(views.flatMap((v) => v.files).map(zipEntry));
      batch.forEach((summary, i) => (summary.files = (views[i] as DocumentView).files.map(listed)));
      if (b === batches.length - 1) lastBatch = render;
      else if (render.length) await renderPages(workDir, { ...model, renderDocuments: render, renderEntities: [] }, await skipShared());
    }
    await zip.add(sharedFiles.map(zipEntry));
    const archive = await zip.end();
    model.files = [...sharedFiles.map(listed), { href: ZIP_HREF, label: ZIP_LABEL, format: 'ZIP', ...archive }];
  } finally {
    await zip.close();
  }
  for (const file of sharedFiles) await writeFile(workDir, file.href, file.content);

  // The register entries; with the first of them, the last batch of
  // documents and the pages that list the whole edition.
  const renderEntities: EntityView[] = [];
  for (const e of model.entities) if (!(await reuse(entityGroup(key, e)))) renderEntities.push(e);
  rendered += renderEntities.length;
  const entityRuns = chunks(renderEntities, perRun.entities);
  for (let i = 0; i < Math.max(1, entityRuns.length); i++) {
    await renderPages(workDir, { ...model, renderDocuments: i === 0 ? lastBatch : [], renderEntities: entityRuns[i] ?? [] }, i === 0 ? [] : await skipShared());
  }
  edition.cacheStats.pages = { hits: groups - rendered, misses: rendered };

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

/** Documents, and register entries, whose pages one Eleventy run renders (see buildSite). */
const PAGES_PER_RUN = { documents: 100, entities: 1000 };

/** One Eleventy run over templates/, without the templates in `skip` (paths from templates/). */
async function renderPages(workDir: string, data: SiteModel & { renderDocuments: DocumentView[]; renderEntities: EntityView[] }, skip: string[]): Promise<void> {
  const { default: Eleventy } = await loadEleventy();
  const eleventy = new Eleventy(TEMPLATES_DIR, workDir, {
    configPath: ELEVENTY_CONFIG,
    quietMode: true,
    config: (config) => {
      config.addGlobalData('edition', data);
      for (const template of skip) config.ignores.add(`**/${template}`);
    },
  });
  eleventy.disableLogger(); // the pipeline reports; Eleventy's own summary line would interleave
  await eleventy.write();
}

/**
 * The templates that make pages for the whole edition (paths from
 * templates/): all but those that make a page per document or per entry,
 * which are the ones paginated over `edition.renderDocuments` or
 * `edition.renderEntities`.
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

const PER_ITEM = /^\s*data:\s*edition\.render(?:Documents|Entities)\s*$/m;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function writeFile(root: string, href: string, content: string | Uint8Array): Promise<void> {
  const target = path.join(root, ...href.split('/'));
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.writeFile(target, content);
}
