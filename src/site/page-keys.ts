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

/** The part of every group's key that all pages share: the pipeline, the edition's metadata, the site menu. */
export async function sharedKey(model: SiteModel): Promise<string> {
  return sha256(
    await pipelineFingerprint(),
    JSON.stringify(model.meta),
    JSON.stringify(model.registers.map((r) => [r.kind, r.path, r.title, r.count > 0])),
  );
}

/** A document's group: its three pages and its downloads. */
export function documentGroup(shared: string, d: DocumentView): PageGroup {
  const pages = [d.path, d.citePath, d.glancePath].map((p) => `${p}index.html`);
  return { id: `document:${d.slug}`, key: sha256(shared, stableJson(d)), files: [...pages, ...d.files.map((f) => f.href)] };
}

/** A register entry's group: its page. */
export function entityGroup(shared: string, e: EntityView): PageGroup {
  return { id: `entity:${e.id}`, key: sha256(shared, stableJson(e)), files: [`${e.path}index.html`] };
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
