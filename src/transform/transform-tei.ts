import SaxonJS from 'saxon-js';
import type { Edition, Note, Transformed, Unit } from '../edition.ts';
import { documentPath, rootFrom } from '../site/urls.ts';
import { collectEntries } from '../tei/entries.ts';
import type { TeiFile } from '../tei-file.ts';
import { loadCompiledStylesheet } from './compile-stylesheet.ts';

/**
 * The transform stage: runs the compiled stylesheet (saxon-js) over each
 * well-formed input. One pass gives the reading text as HTML and the text as
 * data (units and notes). Elements the stylesheet has no rule for are
 * rendered anyway; the build warns once per element name.
 */
export async function transformTei(edition: Edition): Promise<void> {
  const { sef } = await loadCompiledStylesheet();
  const entries = collectEntries(edition.files);
  const entityHrefs: Record<string, string> = {};
  const entityNames: Record<string, string> = {};
  for (const [id, entry] of entries) {
    entityHrefs[id] = entry.href;
    entityNames[id] = entry.name;
  }

  for (const file of edition.files) {
    if (!file.xml || file.text === undefined) continue;
    const unmapped = new Set<string>();
    let data = '';
    let result;
    try {
      result = SaxonJS.transform(
        {
          stylesheetInternal: sef,
          sourceText: file.text,
          destination: 'serialized',
          baseOutputURI: 'file:///colloquy-out/',
          stylesheetParams: {
            'Q{}root': rootFrom(documentPath('x')),
            'Q{}entity-hrefs': entityHrefs,
            'Q{}entity-names': entityNames,
          },
          deliverMessage: (message) => {
            const m = /^unmapped (.+)$/.exec(message.textContent ?? '');
            if (m?.[1]) unmapped.add(m[1]);
          },
          deliverResultDocument: () => ({ destination: 'serialized', save: (_uri, content) => void (data = content) }),
        },
        'sync',
      );
    } catch (err) {
      file.message({ reason: `The transformation failed: ${(err as Error).message}`, ruleId: 'transform', source: 'transform' });
      continue;
    }
    const parsed = JSON.parse(data) as { texts: number; units: Unit[]; notes: Note[] };
    const transformed: Transformed = { html: result.principalResult, texts: parsed.texts, units: parsed.units, notes: parsed.notes };
    edition.transformed.set(file, transformed);
    for (const name of unmapped) warnUnmapped(edition, file, name);
  }
}

function warnUnmapped(edition: Edition, file: TeiFile, name: string): void {
  edition.warn({
    reason: `No rule for the element \`<${name}>\`: it is shown with its text and the class \`tei-${name.replace(/^.*:/, '').replace(/[^A-Za-z0-9_-]/g, '_')}\`; expected an element the stylesheet maps (add a rule in src/transform/html.xsl)`,
    ruleId: 'unmapped-element',
    file: file.name,
  });
}
