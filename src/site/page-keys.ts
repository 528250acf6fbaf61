import { pipelineFingerprint, sha256 } from '../cache/cache.ts';
import { entriesNamed } from '../edition.ts';
import type { DocumentSummary, EntityView, SiteModel } from './site-model.ts';

/**
 * Which pages a build must render. The pages of a document (its reading
 * page, citations and glance, and its downloads) and the page of a register
 * entry are each a *group*, keyed by a hash of everything the group is made
 * from, and of what every page shows (the edition's title, version, build
 * date and base, and the site menu) and the pipeline's code and templates. A
 * group whose key is the same as in the published build is linked from it;
 * the others, and every page that lists the whole edition (home, lists,
 * registers, data, sitemap), are rendered.
 *
 * A document's group is keyed by its inputs, so that an unchanged document
 * needs no view (citations, downloads, pictures) to be known unchanged; an
 * entry's group by its view, which holds its mentions across the corpus.
 */
export interface PageGroup {
  id: string;
  key: string;
  /** The files the group writes, from the site root. */
  files: string[];
  /** The folder that holds its pages and no other group's (`documents/<slug>/`), from the site root. */
  folder: string;
}

/** The part of every group's key that all pages share: the pipeline, the edition's metadata, the site menu. */
export async function sharedKey(model: SiteModel): Promise<string> {
  return sha256(
    await pipelineFingerprint(),
    JSON.stringify(model.meta),
    JSON.stringify(model.registers.map((r) => [r.kind, r.path, r.title, r.count > 0])),
  );
}

/**
 * A document's group: its three pages and its downloads (`downloads`, paths
 * from the site root). Its key covers what the document's view is made from:
 * the document's data (`data`, the extract stage's key for it, or a hash of
 * the data where there is none), its place on the site, and what the view
 * takes from the register entries it names: each entry's own data, without
 * its mentions in other documents. (The view's statistics, citations, JSON
 * and CSV read entries' names, kinds, dates, identifiers, sides and pages.)
 */
export function documentGroup(shared: string, d: DocumentSummary, data: string | undefined, entries: (id: string) => string, downloads: string[]): PageGroup {
  const ids = entriesNamed(d, { header: true });
  const { files: _files, stats: _stats, ...place } = d;
  const docKey = data ?? sha256(JSON.stringify(place));
  const pages = [d.path, d.citePath, d.glancePath].map((p) => `${p}index.html`);
  return { id: `document:${d.slug}`, key: sha256(shared, docKey, d.slug, d.url, [...ids].sort().map(entries).join('\n')), files: [...pages, ...downloads], folder: d.path };
}

/** Each register entry's own data as JSON, by id, made once per entry: what a document's key takes from the entries it names. */
export function entryData(byId: Map<string, EntityView>): (id: string) => string {
  const made = new Map<string, string>();
  return (id) => {
    let json = made.get(id);
    if (json === undefined) {
      const e = byId.get(id);
      if (e) {
        const { mentions: _m, speeches: _s, mentionGroups: _g, sparklines: _l, ...own } = e;
        json = JSON.stringify([id, own]);
      } else json = JSON.stringify([id]);
      made.set(id, json);
    }
    return json;
  };
}

/**
 * A register entry's group: its page, keyed by its view. The view's mentions
 * stand in the key as, for each document, the hash of that document's
 * mentions of the entry that the extract stage made (`digest`); without one
 * (a site assembled from shards), as the mentions themselves. (Keyed by its
 * inputs instead, as a document's group is, an entry would be rendered again
 * whenever any document that names it changes, although its page changes
 * only where that document's mentions of it do: some 50 entries' pages for
 * one changed document of the synthetic corpus, against 2 or 3.)
 */
export function entityGroup(shared: string, e: EntityView, digest: (doc: string, id: string) => string | undefined): PageGroup {
  const files = [`${e.path}index.html`];
  const { mentions: _mentions, mentionGroups, ...rest } = e;
  const digests = mentionGroups.map((g) => digest(g.doc, e.id));
  const groups = digests.every((d) => d !== undefined) ? mentionGroups.map((g, i) => [g.doc, g.docTitle, g.docPath, digests[i]]) : mentionGroups;
  return { id: `entity:${e.id}`, key: sha256(shared, JSON.stringify(rest), JSON.stringify(groups)), files, folder: e.path };
}
