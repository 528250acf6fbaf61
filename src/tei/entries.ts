import { entityPath, slugFor, type EntityKind } from '../site/urls.ts';
import type { TeiFile } from '../tei-file.ts';
import { getAttribute, isTei, normalizeSpace, textContent, walkElements, type XmlElement } from '../xml/tree.ts';

const KINDS: Record<string, EntityKind> = { person: 'person', personGrp: 'person', place: 'place', org: 'org', event: 'event' };

export interface EntryLocation {
  id: string;
  kind: EntityKind;
  /** The entry's main name (its @type="main" name, or its first), or its id. */
  name: string;
  slug: string;
  /** Path from the site root: `persons/mao-zedong/`. */
  href: string;
  file: TeiFile;
}

/** A register entry as its file declares it: id, kind and main name (a file's facts, cached with them). */
export interface FileEntry {
  id: string;
  kind: EntityKind;
  name: string;
}

/** The register entries of one document, in document order (the first of a repeated id). */
export function fileEntries(root: XmlElement): FileEntry[] {
  const out: FileEntry[] = [];
  const seen = new Set<string>();
  walkElements(root, (el) => {
    if (!isTei(el)) return;
    const kind = KINDS[el.local];
    const id = getAttribute(el, 'xml:id');
    if (!kind || id === undefined || seen.has(id)) return;
    seen.add(id);
    out.push({ id, kind, name: entryName(el) ?? id });
  });
  return out;
}

/**
 * Every register entry (person, personGrp, place, org, event with an
 * xml:id) across the input files, by id. Registers merge across files: the
 * first file that defines an id owns the entry. Slugs are unique even where
 * two ids would make the same one. A file's entries come from its facts
 * (see validate-tei.ts) or, failing those, from its tree.
 */
export function collectEntries(files: readonly TeiFile[]): Map<string, EntryLocation> {
  const entries = new Map<string, EntryLocation>();
  const slugs = new Set<string>();
  for (const file of files) {
    const declared = file.entries ?? (file.xml ? fileEntries(file.xml.root) : undefined);
    if (!declared) continue;
    for (const { id, kind, name } of declared) {
      if (entries.has(id)) continue;
      let slug = slugFor(id);
      for (let i = 2; slugs.has(`${kind}/${slug}`); i++) slug = `${slugFor(id)}-${i}`;
      slugs.add(`${kind}/${slug}`);
      entries.set(id, { id, kind, name, slug, href: entityPath(kind, slug), file });
    }
  }
  return entries;
}

const NAME_ELEMENTS = new Set(['persName', 'placeName', 'orgName', 'eventName', 'name', 'label']);

function entryName(el: XmlElement): string | undefined {
  const names = el.children.filter((c): c is XmlElement => c.type === 'element' && isTei(c) && NAME_ELEMENTS.has(c.local));
  const main = names.find((n) => getAttribute(n, 'type') === 'main') ?? names.find((n) => getAttribute(n, 'type') !== 'original') ?? names[0];
  const text = main ? normalizeSpace(textContent(main)) : '';
  return text || undefined;
}
