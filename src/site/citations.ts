import { createRequire } from 'node:module';
import { Cite, plugins } from '@citation-js/core';
import '@citation-js/plugin-csl';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import type { DocumentData, Entity, UnitData } from '../edition.ts';

const require = createRequire(import.meta.url);
const chicago = require('@citation/csl-style-chicago-fullnote-bibliography/info.json') as { content: string };
const STYLE = 'chicago-fullnote';
(plugins.config.get('@csl') as { styles: { add(name: string, xml: string): void } }).styles.add(STYLE, chicago.content);
// BibTeX keys are the items' own ids (document slug, or slug and turn anchor): stable and unique.
(plugins.config.get('@bibtex') as { format: { useIdAsLabel: boolean } }).format.useIdAsLabel = true;

/** One work cited in every format the site offers. */
export interface Citations {
  chicagoNote: string;
  chicagoBibliography: string;
  bibtex: string;
  ris: string;
  cslJson: string;
}

type CslName = { family: string; given: string } | { literal: string };
type CslItem = Record<string, unknown> & { id: string };

interface CiteprocEngine {
  updateItems(ids: string[]): void;
  makeCitationCluster(items: Array<{ id: string }>): string;
  makeBibliography(): [unknown, string[]];
}

/** Names in East Asian order (family name first) are kept whole. */
const FAMILY_FIRST = /^(zh|ko|ja|vi)\b/;

export function cslName(name: string, originalLanguages: string[] = []): CslName {
  const parts = name.trim().split(/\s+/);
  if (parts.length < 2 || originalLanguages.some((l) => FAMILY_FIRST.test(l))) return { literal: name.trim() };
  return { given: parts.slice(0, -1).join(' '), family: parts[parts.length - 1] as string };
}

function dateParts(iso: string | undefined): Record<string, unknown> | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(iso ?? '');
  if (!m) return undefined;
  return { 'date-parts': [[Number(m[1]), ...(m[2] ? [Number(m[2])] : []), ...(m[3] ? [Number(m[3])] : [])]] };
}

/** The CSL-JSON item of a document, as published at `url`. */
export function documentItem(doc: DocumentData, url: string): CslItem {
  const note = [
    doc.translators.length ? `Translated by ${doc.translators.join(' and ')}.` : '',
    doc.source.archive ? `${doc.source.archive}.` : '',
    doc.source.url ? `Source: ${doc.source.url}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return clean({
    id: doc.slug,
    type: 'document',
    title: doc.title,
    issued: dateParts(doc.date.when ?? doc.date.from),
    translator: doc.translators.map((t) => cslName(t)),
    publisher: doc.source.publisher,
    archive: doc.source.archive,
    URL: url,
    language: doc.language,
    note: note || undefined,
  });
}

/** The CSL-JSON item of one turn: a part of the document, by its speaker. */
export function speechItem(doc: DocumentData, unit: UnitData, speakers: CslName[], url: string): CslItem {
  return clean({
    ...documentItem(doc, url),
    id: `${doc.slug}-${unit.anchor}`,
    type: 'chapter',
    author: speakers,
    title: unit.n !== undefined ? `Turn ${unit.n}` : unit.anchor,
    'container-title': doc.title,
  });
}

/** The speakers of a turn as CSL names, from their register entries. */
export function speakerNames(unit: UnitData, byId: Map<string, Entity>): CslName[] {
  return unit.who.map((w) => {
    const e = byId.get(w);
    return e ? cslName(e.name, e.originals.map((o) => o.lang)) : { literal: w };
  });
}

/**
 * The citations of a document and of each of its turns, in Chicago (notes
 * and bibliography), BibTeX, RIS and CSL-JSON, all with citation-js.
 *
 * citeproc costs milliseconds per item, too much for every turn of a large
 * corpus, and a turn's citation differs from its neighbours' only by speaker,
 * turn number and URL. So the Chicago forms of a document's turns are made
 * once, from an item whose speaker, turn number and anchor are placeholders,
 * and filled in per turn; turns with no speaker (no `@who`) have a template
 * of their own, without an author. The placeholders must each appear exactly
 * once in citeproc's output, and a speaker must be a single name whose forms
 * are plain ("Given Family" in the note, "Family, Given" in the
 * bibliography); otherwise (several speakers, say) the turn is formatted by
 * citeproc itself. A test checks that both ways give the same text. BibTeX
 * and RIS are made for all turns in one call.
 */
export function citeDocument(doc: DocumentData, url: string, turns: Array<{ unit: UnitData; speakers: CslName[] }>): { document: Citations; turns: Citations[] } {
  const docItem = documentItem(doc, url);
  const items = turns.map(({ unit, speakers }) => speechItem(doc, unit, speakers, `${url}#${unit.anchor}`));
  const templateOf = (speakers: CslName[], id: string): CslItem => {
    const item = speechItem(doc, { anchor: TURN_ANCHOR, kind: 'sp', n: undefined, who: [], label: '', side: undefined, text: '', words: 0, mentions: [] }, speakers, `${url}#${TURN_ANCHOR}`);
    return { ...item, title: `Turn ${TURN_NUMBER}`, id: `${doc.slug}-${id}` };
  };
  const template = templateOf([{ literal: AUTHOR }], 'template');
  const unsigned = templateOf([], 'template-unsigned');

  const engine = citeprocFor([docItem, template, unsigned, ...items]);
  const chicagoOf = (id: string): Chicago => {
    engine.updateItems([id]);
    return { note: engine.makeCitationCluster([{ id }]).trim(), bibliography: (engine.makeBibliography()[1][0] ?? '').trim() };
  };
  const docChicago = chicagoOf(docItem.id);
  // Each template is made when a turn first needs it (a citeproc call is some
  // 10 ms, a third of a document's Chicago forms; most documents have no
  // unsigned turn).
  let one: Chicago | undefined;
  let none: Chicago | undefined;
  const templates: Templates = { one: () => (one ??= chicagoOf(template.id)), none: () => (none ??= chicagoOf(unsigned.id)) };

  const all = new Cite([docItem, ...items]);
  const bibtex = splitBibtex(all.format('bibtex') as string);
  const ris = splitRis(all.format('ris') as string);
  const data = all.format('data', { format: 'object' }) as CslItem[];
  const formats = (i: number): Omit<Citations, 'chicagoNote' | 'chicagoBibliography'> => ({
    bibtex: `${bibtex[i] ?? ''}\n`,
    ris: `${ris[i] ?? ''}\r\n`,
    cslJson: JSON.stringify([data[i]], null, 2) + '\n',
  });

  return {
    document: { chicagoNote: docChicago.note, chicagoBibliography: docChicago.bibliography, ...formats(0) },
    turns: turns.map(({ unit, speakers }, i) => {
      const item = items[i] as CslItem;
      const filled = fillTemplate(templates, unit, speakers);
      const chicago = filled ?? chicagoOf(item.id);
      return { chicagoNote: chicago.note, chicagoBibliography: chicago.bibliography, ...formats(i + 1) };
    }),
  };
}

type Chicago = { note: string; bibliography: string };
type Templates = { one: () => Chicago; none: () => Chicago };

const AUTHOR = 'QQauthorQQ';
const TURN_NUMBER = '987654321';
const TURN_ANCHOR = 'QQanchorQQ';

function fillTemplate(templates: Templates, unit: UnitData, speakers: CslName[]): Chicago | undefined {
  if (speakers.length > 1 || unit.n === undefined) return undefined;
  const name = speakers[0];
  const noteName = !name ? '' : 'literal' in name ? name.literal : `${name.given} ${name.family}`;
  const bibName = !name ? '' : 'literal' in name ? name.literal : `${name.family}, ${name.given}`;
  if (/[.,;:!?"“”‘’]$/.test(noteName) || /[.,;:!?"“”‘’]$/.test(bibName)) return undefined; // punctuation citeproc would merge
  const fill = (s: string, author: string): string | undefined => {
    for (const token of name ? [AUTHOR, TURN_NUMBER, TURN_ANCHOR] : [TURN_NUMBER, TURN_ANCHOR]) if (s.split(token).length !== 2) return undefined;
    return s.replace(AUTHOR, author).replace(TURN_NUMBER, String(unit.n)).replace(TURN_ANCHOR, unit.anchor);
  };
  const template = name ? templates.one() : templates.none();
  const note = fill(template.note, noteName);
  const bibliography = fill(template.bibliography, bibName);
  return note !== undefined && bibliography !== undefined ? { note, bibliography } : undefined;
}

/** Chicago for single items, the slow way (also the check for the fast way). */
export function chicagoForItem(item: CslItem): { note: string; bibliography: string } {
  const engine = citeprocFor([item]);
  engine.updateItems([item.id]);
  return { note: engine.makeCitationCluster([{ id: item.id }]).trim(), bibliography: (engine.makeBibliography()[1][0] ?? '').trim() };
}

function citeprocFor(items: CslItem[]): CiteprocEngine {
  const csl = plugins.config.get('@csl') as { engine(data: unknown[], style: string, lang: string, format: string): CiteprocEngine };
  return csl.engine(items, STYLE, 'en-US', 'text');
}

function clean(item: Record<string, unknown>): CslItem {
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as CslItem;
}

/** citation-js's BibTeX for several items, one string per item. */
function splitBibtex(text: string): string[] {
  return text
    .split(/\n(?=@)/)
    .map((e) => e.trim())
    .filter(Boolean);
}

/**
 * citation-js's RIS for several items, one string per item. citation-js
 * breaks values after every 70 characters, which some reference managers read
 * as two values or a broken word; RIS needs no wrapping, so continuation
 * lines are joined back onto their tag line as they are (a space at a break
 * is the value's own), and only the joined line loses trailing space.
 */
function splitRis(text: string): string[] {
  const entries: string[][] = [[]];
  for (const line of text.split(/\r?\n/)) {
    const current = entries[entries.length - 1] as string[];
    if (/^[A-Z][A-Z0-9] {2}-( |$)/.test(line) || current.length === 0) current.push(line);
    else if (line !== '') current[current.length - 1] += line;
    if (/^ER {2}-/.test(line)) entries.push([]);
  }
  return entries.filter((e) => e.length > 0).map((e) => e.map((line) => line.trimEnd()).join('\r\n'));
}
