import fs from 'node:fs/promises';
import path from 'node:path';
import type { Edition } from '../edition.ts';
import { PROJECT_ROOT } from '../project.ts';
import { buildSiteModel, type DownloadFile } from './site-model.ts';

export const TEMPLATES_DIR = path.join(PROJECT_ROOT, 'templates');
const ELEVENTY_CONFIG = path.join(PROJECT_ROOT, '.eleventy.js');

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

  // Loaded only when a site is rendered: Eleventy takes most of a second to load.
  const { default: Eleventy } = await import('@11ty/eleventy');
  const eleventy = new Eleventy(TEMPLATES_DIR, workDir, {
    configPath: ELEVENTY_CONFIG,
    quietMode: true,
    config: (config) => config.addGlobalData('edition', model),
  });
  eleventy.disableLogger(); // the pipeline reports; Eleventy's own summary line would interleave
  await eleventy.write();

  const files: DownloadFile[] = [...model.documents.flatMap((d) => d.files), ...model.files];
  for (const file of files) await writeFile(workDir, file.href, file.content);
  await writeFile(workDir, 'data/SHA256SUMS', files.map((f) => `${f.sha256}  ${path.posix.basename(f.href)}`).join('\n') + '\n');

  // Name summaries for the pages' script, keyed as the links' data-entity.
  const summaries: Record<string, unknown> = {};
  for (const e of model.entities) {
    summaries[e.href] = { name: e.name, dates: e.dates, original: e.originals[0]?.text, role: e.role, mentions: e.mentions.length };
  }
  await writeFile(workDir, 'data/entities.json', JSON.stringify(summaries));
}

async function writeFile(root: string, href: string, content: string | Uint8Array): Promise<void> {
  const target = path.join(root, ...href.split('/'));
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.writeFile(target, content);
}
