// One run of the compiled stylesheet over one document, shared by the
// transform stage (in process) and its worker threads. Plain JavaScript, so a
// worker starts without a TypeScript loader.
import Module, { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// saxon-js reads a resource over HTTP with axios, which it requires when it
// loads. The transform reads no resource: the stylesheet calls no doc() or
// unparsed-text(), and a document's text is handed over as a string. So
// saxon-js is given a stand-in for axios that refuses to fetch: loading
// axios and its dependencies took some 0.13 s of the 0.4 s saxon-js takes
// to load, and nothing here may fetch a remote resource. (Entries of
// require.cache are looked up before a module is loaded; Node documents
// adding them.)
const AXIOS = createRequire(require.resolve('saxon-js')).resolve('axios');
const standIn = new Module(AXIOS);
standIn.filename = AXIOS;
standIn.loaded = true;
standIn.exports = {
  get: (url) => Promise.reject(new Error(`the transform fetches nothing over the network (asked for ${String(url)})`)),
};
require.cache[AXIOS] ??= standIn;

// saxon-js is CommonJS: required, not imported. Imported, Node parses its
// 3 MB twice more (to tell CommonJS from ESM, and to list its exports), which
// took a third of a second of the half second it takes to load.
const SaxonJS = require('saxon-js');

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

/**
 * A made-up document that goes through the stylesheet's common rules (a
 * heading, turns with and without a speaker, names, a supplied reading, a
 * footnote, a stage direction, a line break, a date, highlighting).
 * A worker transforms it once, as soon as saxon-js is loaded, before its
 * first document: the first transform in a thread runs saxon-js's code
 * before V8 has compiled it well, and a small one pays for most of that.
 * In isolation (medians of eight processes) the sample took 0.12 s, and
 * the flagship's first transform after it 1.36 s against 1.62 s without
 * it.
 */
export const WARM_UP_SAMPLE = `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Sample</title></titleStmt><publicationStmt><p>Not published.</p></publicationStmt><sourceDesc><p>Made up.</p></sourceDesc></fileDesc></teiHeader><text><body><div><head>A heading</head><sp who="#a"><speaker>A:</speaker><p>Words of <persName ref="#b">B</persName> in <placeName ref="#p">P</placeName>,<lb/>with <supplied>a reading</supplied> and a note.<note place="foot" n="1">A <hi rend="italic">note</hi> of <date when="1956-09-18">18 September</date>.</note></p></sp><stage>Laughter.</stage><sp><p>A turn without a speaker.</p></sp></div></body></text></TEI>`;

/** Transforms WARM_UP_SAMPLE (see there); says whether it went through. */
export function warmUp(sef) {
  return runSaxon(sef, WARM_UP_SAMPLE, { root: '../../', 'entity-hrefs': { b: 'persons/b/' }, 'entity-names': { a: 'A', b: 'B' } }).ok;
}
