import { pipelineFingerprint, sha256 } from '../cache/cache.ts';
import type { DocumentView, EntityView, SiteModel } from './site-model.ts';

/**
 * Which pages a build must render. The pages of a document (its reading
 * page, citations and glance) and the page of a register entry are each a
 * *group*, keyed by a hash of everything the group's templates are given: the
 * document's or entry's view, and what every page shows (the edition's
 * title, version, build date and base, and the site menu), and the pipeline's
 * code and templates. A group whose key is the same as in the published build
 * is linked from it; the others, and every page that lists the whole edition
 * (home, lists, registers, data, sitemap), are rendered.
 */
export interface PageGroup {
  id: string;
  key: string;
  /** The files the group writes, from the site root. */
  files: string[];
}

export async function pageGroups(model: SiteModel): Promise<{ documents: Map<DocumentView, PageGroup>; entities: Map<EntityView, PageGroup> }> {
  const shared = sha256(
    await pipelineFingerprint(),
    JSON.stringify(model.meta),
    JSON.stringify(model.registers.map((r) => [r.kind, r.path, r.title, r.count > 0])),
  );
  const documents = new Map<DocumentView, PageGroup>();
  for (const d of model.documents) {
    const pages = [d.path, d.citePath, d.glancePath].map((p) => `${p}index.html`);
    documents.set(d, { id: `document:${d.slug}`, key: sha256(shared, stableJson(d)), files: [...pages, ...d.files.map((f) => f.href)] });
  }
  const entities = new Map<EntityView, PageGroup>();
  for (const e of model.entities) entities.set(e, { id: `entity:${e.id}`, key: sha256(shared, stableJson(e)), files: [`${e.path}index.html`] });
  return { documents, entities };
}

/**
 * JSON of a view, with each download stood for by its path and hash (its
 * bytes are hashed already; a Buffer would otherwise be written out as an
 * array of numbers before a replacer could drop it).
 */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) =>
    key === 'files' && Array.isArray(v) ? (v as Array<{ href: string; sha256: string }>).map((f) => [f.href, f.sha256]) : v,
  );
}
