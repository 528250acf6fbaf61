import { Edition, type BuildOptions } from './edition.ts';
import { extractData } from './extract/extract-data.ts';
import { indexSite } from './index/index-site.ts';
import { PROJECT_SCHEMA } from './project.ts';
import { createWorkDir, discardWorkDir, publishSite } from './publish/publish-site.ts';
import { buildSite } from './site/build-site.ts';
import { TeiFile } from './tei-file.ts';
import { transformTei } from './transform/transform-tei.ts';
import { loadSchema } from './validate/schema.ts';
import { REFUSING_RULES } from './validate/rules/index.ts';
import { validateTei } from './validate/validate-tei.ts';
import { inputRoots } from './xml/xinclude.ts';

export type BuildOutcome = { ok: true; edition: Edition } | { ok: false; edition: Edition; reason: string };

/**
 * The pipeline: the only place that knows the order of the stages.
 *
 *   validate → transform → extract → site → index → publish
 *
 * A validation error in the project's own TEI (or in any input with
 * `strict`) stops the build before anything is written. Any later failure
 * discards the work folder; the published site is replaced only by a
 * complete new one.
 */
export async function buildEdition(paths: string[], options: BuildOptions): Promise<BuildOutcome> {
  const edition = new Edition(options, paths.map((p) => new TeiFile(p)));
  const stage = async <T>(name: string, run: () => Promise<T> | T): Promise<T> => {
    const start = performance.now();
    try {
      return await run();
    } finally {
      edition.timings.push({ stage: name, ms: performance.now() - start });
    }
  };

  await stage('validate', async () => {
    const schema = options.schema === 'none' ? undefined : await loadSchema(options.schema === 'project' ? PROJECT_SCHEMA : options.schema);
    await validateTei(edition.files, { schema, profile: options.profile, roots: await inputRoots(options.inputs.length ? options.inputs : paths) });
  });
  // Errors refuse publishing in the project profile and with --strict. In any
  // profile, so do a file that could not be read as XML (publishing the rest
  // would drop it) and what would be unsafe on the site.
  const unsafe = edition.files.filter((f) => !f.xml || f.messages.some((m) => m.fatal && REFUSING_RULES.has(m.ruleId)));
  const blocking = edition.files.filter((f) => unsafe.includes(f) || (f.hasErrors && (options.profile === 'project' || options.strict)));
  if (blocking.length > 0) {
    return { ok: false, edition, reason: `${blocking.length} ${blocking.length === 1 ? 'file has' : 'files have'} errors${unsafe.length && options.profile !== 'project' && !options.strict ? ' that no profile publishes' : ''}; nothing was published` };
  }

  try {
    await stage('transform', () => transformTei(edition));
    await stage('extract', () => extractData(edition));
    if (!edition.data || edition.data.documents.length === 0) return { ok: false, edition, reason: 'no document could be built; nothing was published' };
    edition.workDir = await createWorkDir(options.outDir);
    await stage('site', () => buildSite(edition));
    await stage('index', () => indexSite(edition));
    await stage('publish', () => publishSite(options.outDir, edition.workDir as string));
    return { ok: true, edition };
  } catch (err) {
    await discardWorkDir(edition.workDir);
    return { ok: false, edition, reason: `the build failed: ${(err as Error).message}; the published site is unchanged` };
  }
}
