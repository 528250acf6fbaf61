import { createHash } from 'node:crypto';

/**
 * The site's URL shapes. They are a public interface: scholars cite them, so
 * a test pins them and the README documents them.
 *
 *   /documents/<doc>/             a document; #<xml:id> is a turn
 *   /documents/<doc>/cite/        citations of the document and of each turn
 *   /documents/<doc>/glance/      the conversation at a glance: speaker analytics and pictures
 *   /persons/<id>/ /places/<id>/ /organisations/<id>/ /events/<id>/
 *   /data/<doc>.xml .txt .json .csv -analytics.json, /data/colloquy.rng, /data/colloquy-edition.zip
 *   /data/speakers.csv /data/persons-mentioned.csv /data/co-mentions.csv
 *
 * Paths here have no leading slash; pages turn them into relative links so
 * that the site works under any base path.
 */
export type EntityKind = 'person' | 'place' | 'org' | 'event';

export const REGISTER_SEGMENTS: Record<EntityKind, string> = {
  person: 'persons',
  place: 'places',
  org: 'organisations',
  event: 'events',
};

export const REGISTER_TITLES: Record<EntityKind, string> = {
  person: 'Persons',
  place: 'Places',
  org: 'Organisations',
  event: 'Events',
};

/** Names an id may not take as a path segment, because the site uses them. */
const RESERVED = new Set(['index', 'index.html', 'cite', 'glance', 'assets', 'data', 'pagefind', 'search', '404', '404.html', 'sitemap.xml']);

/**
 * A path segment for an id: the id itself when it is short, plain ASCII and
 * not reserved; otherwise a readable stem with a short hash, so that no id can
 * climb out of its folder or collide with the site's own names.
 */
export function slugFor(id: string): string {
  if (/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/.test(id) && !RESERVED.has(id.toLowerCase()) && !id.includes('..')) return id;
  const stem = id
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .toLowerCase();
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 8);
  return `${stem || 'id'}-${hash}`;
}

export const documentPath = (doc: string): string => `documents/${doc}/`;
export const citePath = (doc: string): string => `documents/${doc}/cite/`;
export const glancePath = (doc: string): string => `documents/${doc}/glance/`;
export const entityPath = (kind: EntityKind, slug: string): string => `${REGISTER_SEGMENTS[kind]}/${slug}/`;
export const registerPath = (kind: EntityKind): string => `${REGISTER_SEGMENTS[kind]}/`;

/** The relative prefix from a page at `pagePath` (e.g. `persons/x/`) to the site root. */
export function rootFrom(pagePath: string): string {
  const depth = pagePath.split('/').filter(Boolean).length - (pagePath.endsWith('/') || pagePath === '' ? 0 : 1);
  return depth <= 0 ? './' : '../'.repeat(depth);
}
