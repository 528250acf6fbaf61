import fs from 'node:fs';
import path from 'node:path';
import { findXmlFiles } from '../../src/cli/find-files.ts';
import { buildEdition, type BuildOutcome } from '../../src/pipeline.ts';
import { buildOptions, tempDir } from './build.ts';
import { missingShared, sharedFile } from './shared.ts';

/** The dev corpora: other projects' TEI (see ../shared/corpora/dev/PROVENANCE.md). */
export const DEV_CORPUS = 'corpora/dev';

/** Why the dev-corpus tests cannot run here, or undefined if they can. */
export const devCorpusMissing = missingShared(`${DEV_CORPUS}/PROVENANCE.md`);

/** Every TEI file of the dev corpora, as `colloquy build --tei <folder>` finds them. */
export function devCorpusFiles(): string[] {
  const root = sharedFile(DEV_CORPUS);
  if (!root) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((f) => /\.(xml|odd)$/.test(f))
    .map((f) => path.join(root, f))
    .sort();
}

let built: Promise<{ site: string; outcome: BuildOutcome }> | undefined;

/**
 * One site built from the whole dev corpus as other people's TEI (generic
 * profile, no schema: problems are reported and the documents published),
 * once per test run and shared by the suites.
 */
export function devCorpusSite(): Promise<{ site: string; outcome: BuildOutcome }> {
  built ??= (async () => {
    const out = path.join(tempDir('dev-corpus'), 'site');
    const root = sharedFile(DEV_CORPUS) as string;
    const outcome = await buildEdition(await findXmlFiles([root]), buildOptions(out, { inputs: [root], profile: 'generic', schema: 'none' }));
    if (!outcome.ok) throw new Error(`dev corpus build failed: ${outcome.reason}`);
    return { site: out, outcome };
  })();
  return built;
}
