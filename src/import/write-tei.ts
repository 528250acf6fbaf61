import type { Inline } from './model.ts';
import type { TimeSpan } from './parse-date.ts';
import type { RegisterEntry } from './read-register-files.ts';
import type { Side } from './resolve-speakers.ts';
import { block, mixed, serialize, type XmlChild, type XmlEl } from './xml-writer.ts';

/** A place of the conversation, from the `Location:` line. */
export interface DraftPlace {
  id: string;
  main: string;
  variants: string[];
  role: string;
}

export type DraftItem = { kind: 'turn'; id: string; who: string; speaker: Inline[]; content: Inline[] } | { kind: 'stage'; content: Inline[] };

/** Everything the draft TEI says, resolved: the writer only arranges and escapes it. */
export interface Draft {
  /** The plain-text record's file name. */
  sourceName: string;
  /** The day of the import (`revisionDesc`). */
  today: string;
  /** `href` of the `xml-model` instruction: the project schema, relative to the draft. */
  schemaHref: string;
  title: string;
  date: { iso: string; text: string } | undefined;
  /** The citation's parts: plain text, or the pieces the header marks up. */
  citation: Array<string | { kind: 'title' | 'date' | 'translator' | 'url'; text: string; value?: string }> | undefined;
  url: string | undefined;
  translators: string[];
  summary: string[];
  credits: string | undefined;
  originalLanguage: { text: string; name: string; code: string } | undefined;
  contents: string | undefined;
  status: string | undefined;
  head: Inline[] | undefined;
  statusLine: string | undefined;
  time: { label: string; value: string; span: TimeSpan | undefined } | undefined;
  setting: { text: string; span: TimeSpan | undefined };
  location: Inline[];
  participantLines: Inline[][];
  sides: Side[];
  places: DraftPlace[];
  /** Register entries copied from other TEI files for `--tag-names`, with the role note to give them. */
  copied: Array<{ entry: RegisterEntry; role: string }>;
  body: DraftItem[];
  /** `@resp` of the translators' notes. */
  noteResp: string;
  /** The register files names were tagged from, or undefined if they were not. */
  taggedFrom: string[] | undefined;
  counts: { turns: number; stages: number; notes: number; pageBreaks: number };
}

/** The draft as a TEI document that the project schema accepts. */
export function writeTei(draft: Draft): string {
  const tei = block('TEI', { xmlns: 'http://www.tei-c.org/ns/1.0', 'xml:lang': 'en' }, [header(draft), text(draft), standOff(draft)]);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<?xml-model href="${draft.schemaHref.replace(/[&<>"]/g, '')}" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>\n` +
    serialize(tei) +
    '\n'
  );
}

const prose = (...children: Array<XmlChild | undefined>): XmlEl => mixed('p', {}, children);
const gi = (name: string): XmlEl => mixed('gi', {}, [name]);
const tag = (text: string): XmlEl => mixed('tag', {}, [text]);
const att = (name: string): XmlEl => mixed('att', {}, [name]);

function header(d: Draft): XmlEl {
  const fileDesc = block('fileDesc', {}, [
    block('titleStmt', {}, [
      mixed('title', { type: 'main' }, [d.title]),
      mixed('title', { type: 'sub' }, ['Draft TEI encoding made by machine import, not yet reviewed']),
      d.translators.length > 0 && block('respStmt', { 'xml:id': 'translators' }, [mixed('resp', {}, ['Translated by']), ...d.translators.map((t) => mixed('persName', {}, [t]))]),
      block('respStmt', { 'xml:id': 'encoders' }, [mixed('resp', {}, ['Draft TEI encoding by machine import (colloquy import), to be reviewed by']), mixed('orgName', {}, ['the Colloquy project'])]),
    ]),
    block('editionStmt', {}, [mixed('edition', {}, [`Draft from the machine import of ${d.sourceName}, not yet reviewed`])]),
    block('publicationStmt', {}, [
      mixed('publisher', {}, ['The Colloquy project']),
      block('availability', { status: 'unknown' }, [prose('Rights in the text remain with their holders; see the source cited below. This draft is not for publication before it has been reviewed.')]),
    ]),
    block('sourceDesc', {}, [sourceBibl(d)]),
  ]);
  const encodingDesc = block('encodingDesc', {}, [
    block('projectDesc', {}, [
      prose(
        `DRAFT. This file was made by machine import (colloquy import) from the plain-text record ${d.sourceName} and has not been reviewed. Its structure follows fixed rules, not an editor's judgement: before publication, check the turns and their speakers, the page breaks, the stage directions, the notes and the registers against the source, then record the review in `,
        gi('revisionDesc'),
        '.',
      ),
    ]),
    editorialDecl(d),
  ]);
  const profileDesc = block('profileDesc', {}, [
    d.summary.length > 0 && block('abstract', {}, d.summary.map((s) => prose(s))),
    block('langUsage', {}, [
      mixed('language', { ident: 'en', usage: 100 }, ['English']),
      d.originalLanguage && d.originalLanguage.code !== 'en' && mixed('language', { ident: d.originalLanguage.code }, [`${d.originalLanguage.name}, the language of the original record`]),
    ]),
    block('particDesc', {}, [
      block('listPerson', { type: 'participants' }, [
        mixed('head', {}, ['Participants']),
        ...d.sides.map((side) =>
          block('listPerson', { type: 'side', n: side.n }, [
            mixed('head', {}, [side.head]),
            ...side.persons.map((p) =>
              block('person', { 'xml:id': p.id }, [
                mixed('persName', { type: 'main' }, [p.main]),
                ...p.variants.map((v) => mixed('persName', { type: 'variant' }, [v])),
                mixed('note', { type: 'role' }, [p.role]),
              ]),
            ),
          ]),
        ),
      ]),
    ]),
    block('settingDesc', {}, [
      block('setting', {}, [
        ...d.places.map((p) => mixed('placeName', { ref: `#${p.id}` }, [p.main])),
        mixed('date', { ...d.setting.span }, [d.setting.text]),
      ]),
    ]),
  ]);
  const revisionDesc = block('revisionDesc', { status: 'draft' }, [
    mixed('change', { when: d.today, who: '#encoders' }, [
      `Machine import by colloquy import from the plain-text record ${d.sourceName}: ${d.counts.turns} turns, ${d.counts.stages} stage directions between turns, ${d.counts.notes} footnotes and ${d.counts.pageBreaks} page breaks encoded by rule; the archive's page furniture moved to the header; the participants and the places of the conversation registered from the record's lists; ` +
        (d.taggedFrom ? `names in the text tagged by machine from the registers of ${d.taggedFrom.join(', ')}.` : 'names in the text not tagged.') +
        ' No word of the record was changed, added or removed. Not yet reviewed.',
    ]),
  ]);
  return block('teiHeader', {}, [fileDesc, encodingDesc, profileDesc, revisionDesc]);
}

function sourceBibl(d: Draft): XmlEl {
  const parts: XmlChild[] = (d.citation ?? [{ kind: 'title' as const, text: d.title }]).map((part) => {
    if (typeof part === 'string') return part;
    if (part.kind === 'title') return mixed('title', { level: 'a' }, [part.text]);
    if (part.kind === 'date') return mixed('date', { when: part.value }, [part.text]);
    if (part.kind === 'translator') return mixed('persName', {}, [part.text]);
    return mixed('ref', { target: part.value }, [part.text]);
  });
  const notes: XmlChild[] = [
    d.url !== undefined && mixed('idno', { type: 'URI' }, [d.url]),
    d.originalLanguage && mixed('textLang', { mainLang: d.originalLanguage.code }, [d.originalLanguage.text]),
    d.contents !== undefined && mixed('note', { type: 'contents' }, [d.contents]),
    d.credits !== undefined && mixed('note', { type: 'credits' }, [d.credits]),
    d.status !== undefined && mixed('note', { type: 'status' }, [d.status]),
  ].filter((c): c is XmlEl => !!c);
  // The citation is mixed content and the rest are elements: written as one line, then one element a line.
  const bibl = mixed('bibl', { type: 'citation', 'xml:id': 'source' }, parts);
  return { ...bibl, children: [...bibl.children, ...notes.flatMap((n) => ['\n          ', n])] };
}

function editorialDecl(d: Draft): XmlEl {
  return block('editorialDecl', {}, [
    block('correction', {}, [
      prose(
        'The text is not corrected: it is the plain-text record as imported. Where the translators flag an error with "[sic]", the word before the mark is encoded as ',
        gi('sic'),
        ', followed by ',
        tag('note type="sic"'),
        ' keeping their mark, and their correction, where they give one, in ',
        gi('corr'),
        '.',
      ),
    ]),
    block('normalization', {}, [prose('Spelling, capitalisation, punctuation and spacing are those of the plain-text record.')]),
    block('segmentation', {}, [
      prose(
        'Each turn, written in the record as "Label: text", is one ',
        gi('sp'),
        ', numbered in order as ',
        att('xml:id'),
        ' sp-001, sp-002 ...; its ',
        att('who'),
        ' points to the speaker among the participants, and its ',
        gi('speaker'),
        ' keeps the label exactly as the record gives it. Where a turn\'s text continues after a blank line, the break is taken for a page break of the source: the text is joined into one paragraph and the break marked with ',
        gi('pb'),
        ', which carries no page number.',
      ),
      prose(
        "The archive's page furniture (the date line, the catalogue title, the citation, summary, credits, original language and contents lines) is encoded in this header, not in ",
        gi('text'),
        '.',
      ),
    ]),
    block('interpretation', {}, [
      d.taggedFrom
        ? prose(
            `Names in the text were tagged by machine wherever they are exactly a name or variant of an entry in the registers of ${d.taggedFrom.join(', ')}, with `,
            gi('persName'),
            ', ',
            gi('placeName'),
            ' or ',
            gi('orgName'),
            ' pointing to that entry; a name that belongs to several entries was left untagged. Every tag needs checking.',
          )
        : prose('Names in the text are not tagged. Only the list of participants and the ', tag('Location:'), " line point to the registers, which hold the participants and the places of the conversation as the record names them."),
    ]),
    prose(
      "Square brackets in the record are the translators' insertions, encoded as ",
      gi('supplied'),
      ' without the brackets as characters; brackets inside brackets are kept as characters inside the outer ',
      gi('supplied'),
      '. Narration in parentheses that stands between turns, or opens a turn or a sentence with a capital letter, is ',
      gi('stage'),
      ', with its parentheses kept as characters; other parentheses belong to the speech.',
    ),
    prose("The translators' footnotes are ", tag('note type="translator" place="foot"'), ', numbered with ', att('n'), ' as in the record and placed where it places their markers.'),
  ]);
}

function text(d: Draft): XmlEl {
  const div = block('div', { type: 'record' }, [
    d.head && mixed('head', {}, inlineXml(d.head, d.noteResp)),
    d.statusLine !== undefined && mixed('ab', { type: 'status' }, [d.statusLine]),
    d.time && mixed('p', {}, [d.time.label, d.time.span ? mixed('date', { ...d.time.span }, [d.time.value]) : d.time.value]),
    mixed('p', {}, inlineXml(d.location, d.noteResp)),
    ...d.participantLines.map((line) => mixed('p', {}, inlineXml(line, d.noteResp))),
    ...d.body.map((item) =>
      item.kind === 'stage'
        ? mixed('stage', {}, inlineXml(item.content, d.noteResp))
        : block('sp', { 'xml:id': item.id, who: `#${item.who}` }, [mixed('speaker', {}, inlineXml(item.speaker, d.noteResp)), mixed('p', {}, inlineXml(item.content, d.noteResp))]),
    ),
  ]);
  return block('text', { 'xml:lang': 'en' }, [block('body', {}, [div])]);
}

/** Inline nodes as XML children. */
export function inlineXml(nodes: Inline[], resp: string): XmlChild[] {
  return nodes.map((node): XmlChild => {
    switch (node.kind) {
      case 'text':
        return node.value;
      case 'supplied':
        return mixed('supplied', {}, inlineXml(node.children, resp));
      case 'sic':
        return mixed('sic', {}, [node.value]);
      case 'sicNote':
        return mixed('note', { type: 'sic', place: 'inline', resp }, [node.text, node.corr !== undefined && mixed('corr', {}, [node.corr])]);
      case 'noteRef':
        return node.marker;
      case 'note':
        return mixed('note', { 'xml:id': `note-${node.n}`, n: node.n, type: 'translator', place: 'foot', resp }, inlineXml(node.children, resp));
      case 'stage':
        return mixed('stage', {}, inlineXml(node.children, resp));
      case 'pb':
        return block('pb');
      case 'date':
        return mixed('date', { when: node.when, from: node.from, to: node.to }, inlineXml(node.children, resp));
      case 'mention':
        return mixed(node.element, { ref: `#${node.ref}` }, inlineXml(node.children, resp));
    }
  });
}

function standOff(d: Draft): XmlEl {
  const copies = (kind: RegisterEntry['kind']) => d.copied.filter((c) => c.entry.kind === kind).map((c) => registerEntry(c.entry, c.role));
  const persons = copies('person');
  const places = [
    ...d.places.map((p) =>
      block('place', { 'xml:id': p.id }, [
        mixed('placeName', { type: 'main' }, [p.main]),
        ...p.variants.map((v) => mixed('placeName', { type: 'variant' }, [v])),
        mixed('note', { type: 'role' }, [p.role]),
      ]),
    ),
    ...copies('place'),
  ];
  const orgs = copies('org');
  return block('standOff', {}, [
    persons.length > 0 && block('listPerson', { type: 'mentioned' }, [mixed('head', {}, ['Persons mentioned']), ...persons]),
    places.length > 0 && block('listPlace', {}, [mixed('head', {}, ['Places']), ...places]),
    orgs.length > 0 && block('listOrg', {}, [mixed('head', {}, ['Organisations']), ...orgs]),
  ]);
}

/** A register entry copied from another file: its names, dates and authority ids, and a role saying where it comes from. */
function registerEntry(entry: RegisterEntry, role: string): XmlEl {
  const nameElement = entry.element;
  return block(entry.kind, { 'xml:id': entry.id }, [
    ...entry.names.map((n) => mixed(nameElement, { type: n.type, 'xml:lang': n.type === 'original' ? n.lang ?? 'und' : undefined }, [n.text])),
    entry.kind === 'person' && entry.birth !== undefined && block('birth', { when: entry.birth }),
    entry.kind === 'person' && entry.death !== undefined && block('death', { when: entry.death }),
    ...entry.idnos.filter((i) => ['URI', 'wikidata', 'viaf'].includes(i.type)).map((i) => mixed('idno', { type: i.type }, [i.value])),
    mixed('note', { type: 'role' }, [role]),
  ]);
}
