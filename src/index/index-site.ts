import path from 'node:path';
import * as pagefind from 'pagefind';
import type { Edition } from '../edition.ts';

/**
 * The index stage: builds the Pagefind search index of the site in its work
 * folder, with Pagefind's Node API. Every call's `errors` is checked: an
 * indexing error fails the build rather than publishing a site whose search
 * is broken.
 */
export async function indexSite(edition: Edition): Promise<{ pages: number }> {
  const workDir = edition.workDir;
  if (!workDir) throw new Error('indexSite needs a work folder');
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
  try {
    assertNoErrors('createIndex', errors);
    if (!index) throw new Error('Pagefind returned no index');
    const added = await index.addDirectory({ path: workDir });
    assertNoErrors('addDirectory', added.errors);
    const written = await index.writeFiles({ outputPath: path.join(workDir, 'pagefind') });
    assertNoErrors('writeFiles', written.errors);
    return { pages: added.page_count };
  } finally {
    await pagefind.close();
  }
}

function assertNoErrors(call: string, errors: string[]): void {
  if (errors.length > 0) throw new Error(`Pagefind ${call} failed: ${errors.join('; ')}`);
}
