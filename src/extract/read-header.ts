import type { SourceCitation } from '../edition.ts';
import { attr, child, descendants, elements, path, textOf, type OrderedElement, type OrderedNode } from './ordered-xml.ts';

/** A run of prose: plain text, or a name of markup shown as code (`<sp>`, `@who`). */
export interface Run {
  text: string;
  code?: boolean;
}

export interface HeaderData {
  title: string;
  subtitle: string | undefined;
  translators: string[];
  encoders: string[];
  availability: string | undefined;
  source: SourceCitation;
  abstract: string | undefined;
  language: string | undefined;
  date: { from: string | undefined; to: string | undefined; when: string | undefined; label: string | undefined };
  placeRefs: string[];
  sides: Array<{ n: string; name: string; ids: string[] }>;
  editorial: Array<{ heading: string; paragraphs: Run[][] }>;
  revisions: Array<{ when: string; who: string; text: string }>;
}

const EDITORIAL_HEADINGS: Record<string, string> = {
  correction: 'Correction',
  normalization: 'Normalisation',
  quotation: 'Quotation',
  hyphenation: 'Hyphenation',
  segmentation: 'Segmentation',
  interpretation: 'Interpretation',
  stdVals: 'Standard values',
  punctuation: 'Punctuation',
};

/** Reads what the site shows from a TEI header (any TEI: every field may be missing). */
export function readHeader(tei: OrderedElement): HeaderData {
  const header = child(tei, 'teiHeader');
  const fileDesc = child(header, 'fileDesc');
  const titleStmt = child(fileDesc, 'titleStmt');
  const titles = elements(titleStmt, 'title');
  const title = textOf(titles.find((t) => attr(t, 'type') === 'main') ?? titles[0]) || 'Untitled document';
  const subtitle = textOf(titles.find((t) => attr(t, 'type') === 'sub')) || undefined;

  const translators: string[] = [];
  const encoders: string[] = [];
  for (const resp of elements(titleStmt, 'respStmt')) {
    const names = elements(resp).filter((e) => e.name !== 'resp').map((e) => textOf(e)).filter(Boolean);
    if (/translat/i.test(textOf(child(resp, 'resp')))) translators.push(...names);
    else encoders.push(...names);
  }
  for (const editor of elements(titleStmt, 'editor')) {
    if (/translat/i.test(attr(editor, 'role') ?? '')) translators.push(textOf(editor));
  }

  const bibl = child(fileDesc, 'sourceDesc') ? elements(child(fileDesc, 'sourceDesc')).find((e) => e.name === 'bibl' || e.name === 'biblStruct' || e.name === 'biblFull' || e.name === 'p') : undefined;
  const notes = elements(bibl, 'note');
  const noteOf = (type: string): string | undefined => textOf(notes.find((n) => attr(n, 'type') === type)) || undefined;
  const source = {
    citation: textOf(bibl, (el) => el.name === 'idno' || el.name === 'textLang' || el.name === 'note'),
    url: textOf(elements(bibl, 'idno').find((i) => attr(i, 'type') === 'URI')) || attr(descendants(bibl, 'ref')[0], 'target') || undefined,
    archive: textOf(descendants(bibl, 'orgName').find((o) => attr(o, 'role') === 'archive')) || textOf(descendants(bibl, 'repository')[0]) || undefined,
    publisher: textOf(descendants(bibl, 'publisher')[0]) || undefined,
    language: textOf(child(bibl, 'textLang')) || undefined,
    credits: noteOf('credits'),
    contents: noteOf('contents'),
    status: noteOf('status'),
  };

  const profile = child(header, 'profileDesc');
  const setting = path(profile, 'settingDesc', 'setting');
  const date = child(setting, 'date') ?? path(profile, 'creation', 'date') ?? descendants(bibl, 'date')[0];

  const particDesc = child(profile, 'particDesc');
  const sides: HeaderData['sides'] = [];
  for (const list of descendants(particDesc, 'listPerson').filter((l) => attr(l, 'type') === 'side')) {
    sides.push({
      n: attr(list, 'n') ?? textOf(child(list, 'head')),
      name: textOf(child(list, 'head')) || attr(list, 'n') || 'Participants',
      ids: elements(list, 'person').map((p) => attr(p, 'id')).filter((id): id is string => !!id),
    });
  }
  if (sides.length === 0 && particDesc) {
    const ids = [...descendants(particDesc, 'person'), ...descendants(particDesc, 'personGrp')].map((p) => attr(p, 'id')).filter((id): id is string => !!id);
    if (ids.length) sides.push({ n: 'participants', name: 'Participants', ids });
  }

  const editorialDecl = path(header, 'encodingDesc', 'editorialDecl');
  const editorial: HeaderData['editorial'] = [];
  const loose: Run[][] = [];
  for (const section of elements(editorialDecl)) {
    if (section.name === 'p') loose.push(runsOf(section));
    else editorial.push({ heading: EDITORIAL_HEADINGS[section.name] ?? section.name, paragraphs: elements(section, 'p').map(runsOf) });
  }
  if (loose.length) editorial.push({ heading: editorial.length ? 'Other conventions' : 'Conventions', paragraphs: loose });

  return {
    title,
    subtitle,
    translators,
    encoders,
    availability: textOf(path(fileDesc, 'publicationStmt', 'availability')) || undefined,
    source,
    abstract: textOf(child(profile, 'abstract')) || undefined,
    language:
      attr(elements(child(profile, 'langUsage'), 'language').find((l) => attr(l, 'usage') === '100'), 'ident') ??
      attr(child(tei, 'text'), 'lang') ??
      attr(tei, 'lang'),
    date: {
      from: attr(date, 'from'),
      to: attr(date, 'to'),
      when: attr(date, 'when'),
      label: textOf(date) || undefined,
    },
    placeRefs: elements(setting, 'placeName').map((p) => (attr(p, 'ref') ?? '').replace(/^#/, '')).filter(Boolean),
    sides,
    editorial,
    revisions: descendants(child(header, 'revisionDesc'), 'change').map((c) => ({
      when: attr(c, 'when') ?? '',
      who: attr(c, 'who') ?? '',
      text: textOf(c),
    })),
  };
}

/** Header prose as runs: text, and element or attribute names as code. */
function runsOf(p: OrderedElement): Run[] {
  const runs: Run[] = [];
  const visit = (node: OrderedNode): void => {
    if (typeof node === 'string') {
      runs.push({ text: node });
      return;
    }
    const text = textOf(node);
    if (node.name === 'gi') runs.push({ text: `<${text}>`, code: true });
    else if (node.name === 'tag') runs.push({ text: `<${text}>`, code: true });
    else if (node.name === 'att') runs.push({ text: `@${text}`, code: true });
    else node.children.forEach(visit);
  };
  p.children.forEach(visit);
  // collapse white space across runs
  let out = runs.map((r) => ({ ...r, text: r.text.replace(/\s+/g, ' ') }));
  if (out[0]) out[0] = { ...out[0], text: out[0].text.replace(/^ /, '') };
  const last = out[out.length - 1];
  if (last) out[out.length - 1] = { ...last, text: last.text.replace(/ $/, '') };
  out = out.filter((r) => r.text !== '');
  return out;
}
