// One run of the compiled stylesheet over one document, shared by the
// transform stage (in process) and its worker threads. Plain JavaScript, so a
// worker starts without a TypeScript loader.
import { createRequire } from 'node:module';

// saxon-js is CommonJS: required, not imported. Imported, Node parses its
// 3 MB twice more (to tell CommonJS from ESM, and to list its exports), which
// took a third of a second of the half second it takes to load.
const SaxonJS = createRequire(import.meta.url)('saxon-js');

/**
 * @param {unknown} sef the compiled stylesheet
 * @param {string} text the document
 * @param {Record<string, unknown>} params stylesheet parameters, by local name
 * @returns {{ ok: true, html: string, data: string, unmapped: string[] } | { ok: false, error: string }}
 */
export function runSaxon(sef, text, params) {
  const unmapped = new Set();
  let data = '';
  try {
    const result = SaxonJS.transform(
      {
        stylesheetInternal: sef,
        sourceText: text,
        destination: 'serialized',
        baseOutputURI: 'file:///colloquy-out/',
        stylesheetParams: Object.fromEntries(Object.entries(params).map(([k, v]) => [`Q{}${k}`, v])),
        deliverMessage: (message) => {
          const m = /^unmapped (.+)$/.exec(message.textContent ?? '');
          if (m?.[1]) unmapped.add(m[1]);
        },
        deliverResultDocument: () => ({ destination: 'serialized', save: (_uri, content) => void (data = content) }),
      },
      'sync',
    );
    return { ok: true, html: String(result.principalResult), data, unmapped: [...unmapped] };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
