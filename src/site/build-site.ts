import fs from 'node:fs/promises';
import path from 'node:path';
import type { Edition } from '../edition.ts';
import { PROJECT_ROOT } from '../project.ts';
import { previousBuild } from '../cache/build-record.ts';
import { linkFile } from '../cache/link-file.ts';
import { pageGroups, type PageGroup } from './page-keys.ts';
import { buildSiteModel, type DocumentView, type DownloadFile, type EntityView, type SiteModel } from './site-model.ts';

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
 */
export async function buildSite(edition: Edition): Promise<void> {
  const workDir = edition.workDir;
  if (!workDir) throw new Error('buildSite needs a work folder (the pipeline creates it)');
  const model = await buildSiteModel(edition);

  // Pages whose inputs have not changed since the published build are linked from it.
  const groups = await pageGroups(model);
  const previous = await previousBuild(edition.options.outDir);
  const reuse = async (group: PageGroup): Promise<boolean> => {
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
  const renderDocuments: DocumentView[] = [];
  for (const [d, group] of groups.documents) if (!(await reuse(group))) renderDocuments.push(d);
  const renderEntities: EntityView[] = [];
  for (const [e, group] of groups.entities) if (!(await reuse(group))) renderEntities.push(e);
  const rendered = renderDocuments.length + renderEntities.length;
  edition.cacheStats.pages = { hits: groups.documents.size + groups.entities.size - rendered, misses: rendered };
  edition.pageKeys = Object.fromEntries([...groups.documents.values(), ...groups.entities.values()].map((g) => [g.id, g.key]));

  // Eleventy holds every page it renders until its run ends (on 100
  // documents, 110 MB in one run against 12 MB in runs of ten), so the pages
  // are rendered in runs of a bounded size: the first run renders the shared
  // pages with the first documents and entries, the others only pages of
  // documents and entries.
  const perRun = edition.options.pagesPerRun ?? PAGES_PER_RUN;
  const documentRuns = chunks(renderDocuments, perRun.documents);
  const entityRuns = chunks(renderEntities, perRun.entities);
  const shared = await sharedTemplates();
  for (let i = 0; i < Math.max(1, documentRuns.length, entityRuns.length); i++) {
    await renderPages(workDir, { ...model, renderDocuments: documentRuns[i] ?? [], renderEntities: entityRuns[i] ?? [] }, i === 0 ? [] : shared);
  }

  const fresh = new Set(renderDocuments);
  const files: DownloadFile[] = [...model.documents.flatMap((d) => (fresh.has(d) ? d.files : [])), ...model.files];
  for (const file of files) await writeFile(workDir, file.href, file.content);
  const listed = [...model.documents.flatMap((d) => d.files), ...model.files];
  await writeFile(workDir, 'data/SHA256SUMS', listed.map((f) => `${f.sha256}  ${path.posix.basename(f.href)}`).join('\n') + '\n');

  // Name summaries for the pages' script, keyed as the links' data-entity.
  const summaries: Record<string, unknown> = {};
  for (const e of model.entities) {
    summaries[e.href] = { name: e.name, dates: e.dates, original: e.originals[0]?.text, role: e.role, mentions: e.mentions.length };
  }
  await writeFile(workDir, 'data/entities.json', JSON.stringify(summaries));
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
