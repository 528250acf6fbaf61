import { createRequire } from 'node:module';
import { Cite, plugins } from '@citation-js/core';
import '@citation-js/plugin-csl';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import type { DocumentData, Entity, UnitData } from '../edition.ts';

const require = createRequire(import.meta.url);
const chicago = require('@citation/csl-style-chicago-fullnote-bibliography/info.json') as { content: string };
(plugins.config.get('@csl') as { styles: { add(name: string, xml: string): void } }).styles.add('chicago-fullnote', chicago.content);

/** One work cited in every format the site offers. */
export interface Citations {
  chicagoNote: string;
  chicagoBibliography: string;
  bibtex: string;
  ris: string;
  cslJson: string;
}

type CslName = { family: string; given: string } | { literal: string };
type CslItem = Record<string, unknown>;

/** Names in East Asian order (family name first) are kept whole. */
const FAMILY_FIRST = /^(zh|ko|ja|vi)\b/;

export function cslName(name: string, originalLanguages: string[] = []): CslName {
  const parts = name.trim().split(/\s+/);
  if (parts.length < 2 || originalLanguages.some((l) => FAMILY_FIRST.test(l))) return { literal: name.trim() };
  return { given: parts.slice(0, -1).join(' '), family: parts[parts.length - 1] as string };
}

function dateParts(iso: string | undefined): CslItem | undefined {
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
  return {
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
  };
}

/** The CSL-JSON item of one turn: a part of the document, by its speaker. */
export function speechItem(doc: DocumentData, unit: UnitData, speakers: Entity[], url: string): CslItem {
  const base = documentItem(doc, url);
  return {
    ...base,
    id: `${doc.slug}-${unit.anchor}`,
    type: 'chapter',
    author: speakers.map((s) => cslName(s.name, s.originals.map((o) => o.lang))),
    title: unit.n !== undefined ? `Turn ${unit.n}` : unit.anchor,
    'container-title': doc.title,
  };
}

interface CiteprocEngine {
  updateItems(ids: string[]): void;
  makeCitationCluster(items: Array<{ id: string }>): string;
  makeBibliography(): [unknown, string[]];
}

/**
 * Formats CSL items in Chicago (notes and bibliography), BibTeX, RIS and
 * CSL-JSON. The Chicago forms come from one citeproc engine (citation-js's
 * own), item by item: building an engine per item, as `Cite.format` does,
 * costs four times as much, and a bibliography of all items at once would
 * replace repeated authors with "———".
 */
export function formatCitations(list: CslItem[]): Citations[] {
  const items = list.map((item) => Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))));
  const csl = plugins.config.get('@csl') as { engine(data: unknown[], style: string, lang: string, format: string): CiteprocEngine };
  const engine = csl.engine(items, 'chicago-fullnote', 'en-US', 'text');
  return items.map((item) => {
    const id = String(item.id);
    engine.updateItems([id]);
    const chicagoNote = engine.makeCitationCluster([{ id }]).trim();
    const chicagoBibliography = (engine.makeBibliography()[1][0] ?? '').trim();
    const cite = new Cite(item);
    return {
      chicagoNote,
      chicagoBibliography,
      bibtex: (cite.format('bibtex') as string).trim() + '\n',
      ris: unwrapRis(cite.format('ris') as string),
      cslJson: JSON.stringify([item], null, 2) + '\n',
    };
  });
}

/**
 * citation-js breaks RIS values after every 70 characters, which some
 * reference managers read as two values or a broken word. RIS needs no
 * wrapping: join continuation lines back onto their tag line.
 */
function unwrapRis(ris: string): string {
  const out: string[] = [];
  for (const line of ris.split(/\r?\n/)) {
    if (/^[A-Z][A-Z0-9] {2}-( |$)/.test(line) || out.length === 0) out.push(line);
    else if (line !== '') out[out.length - 1] += line;
  }
  return out.join('\r\n').trim() + '\r\n';
}
