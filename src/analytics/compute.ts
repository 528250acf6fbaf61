import { entriesNamed, type DocumentData, type Entity } from '../edition.ts';

/**
 * Speaker analytics, computed from the extracted data (never typed in): who
 * speaks, how much, about whom, and when. One `DocumentStats` per document.
 */
export interface SpeakerStats {
  /** The register id, or the raw `@who` value when it names no entry. */
  id: string;
  name: string;
  side: string | undefined;
  turns: number;
  words: number;
  /** Share of the document's words spoken, 0..1 (a turn of several speakers counts for each). */
  share: number;
  meanWords: number;
  longest: { anchor: string; n: number; words: number } | undefined;
}

export interface PersonStats {
  id: string;
  name: string;
  /** Mentions in speeches, blocks and notes. */
  mentions: number;
  /** The turns that mention them, in order. */
  speeches: Array<{ anchor: string; n: number }>;
  /** Who mentions them, by speaker id, with counts. */
  mentionedBy: Array<{ id: string; name: string; count: number }>;
  /** Turn numbers (1-based) of every turn that mentions them, one entry per turn. */
  turnNumbers: number[];
}

export interface CoMention {
  a: string;
  b: string;
  aName: string;
  bName: string;
  /** Speeches in which both are mentioned. */
  count: number;
  anchors: string[];
}

export interface DocumentStats {
  slug: string;
  title: string;
  turns: number;
  words: number;
  /** The sides, in the header's order (the pictures colour by them). */
  sides: string[];
  speakers: SpeakerStats[];
  personsMentioned: number;
  persons: PersonStats[];
  coMentions: CoMention[];
  /** Every turn in order: the timeline. */
  timeline: Array<{ anchor: string; n: number; words: number; speaker: string; speakerName: string; side: string | undefined; label: string }>;
}

const countsByRegister = new WeakMap<object, Map<string, Map<string, number>>>();

/**
 * How often entry `id` is mentioned in document `doc`. The counts are made
 * once per register (a list or map of the entries), not once per document:
 * an entry's mentions span the whole corpus.
 */
export function mentionsIn(register: Entity[] | Map<string, Entity>, id: string, doc: string): number {
  let counts = countsByRegister.get(register);
  if (!counts) {
    counts = new Map();
    for (const e of register.values()) {
      const perDoc = new Map<string, number>();
      for (const m of e.mentions) perDoc.set(m.doc, (perDoc.get(m.doc) ?? 0) + 1);
      counts.set(e.id, perDoc);
    }
    countsByRegister.set(register, counts);
  }
  return counts.get(id)?.get(doc) ?? 0;
}

const orderByRegister = new WeakMap<object, Map<string, number>>();

/** Each entry's place in the register (a map of the entries), made once per register. */
export function registerOrder(register: Map<string, Entity>): Map<string, number> {
  let order = orderByRegister.get(register);
  if (!order) {
    order = new Map([...register.keys()].map((id, i) => [id, i]));
    orderByRegister.set(register, order);
  }
  return order;
}

export function computeStats(doc: DocumentData, entities: Map<string, Entity>): DocumentStats {
  const name = (id: string): string => entities.get(id)?.name ?? id;
  const speeches = doc.speeches;
  const totalWords = speeches.reduce((n, s) => n + s.words, 0);

  const bySpeaker = new Map<string, SpeakerStats>();
  for (const sp of speeches) {
    const who = sp.who.length ? sp.who : ['(unattributed)'];
    for (const id of who) {
      let s = bySpeaker.get(id);
      if (!s) {
        s = { id, name: sp.who.length ? name(id) : 'Unattributed', side: sp.side, turns: 0, words: 0, share: 0, meanWords: 0, longest: undefined };
        bySpeaker.set(id, s);
      }
      s.turns++;
      s.words += sp.words;
      if (!s.longest || sp.words > s.longest.words) s.longest = { anchor: sp.anchor, n: sp.n as number, words: sp.words };
    }
  }
  const speakers = [...bySpeaker.values()].map((s) => ({ ...s, share: totalWords ? s.words / totalWords : 0, meanWords: s.turns ? s.words / s.turns : 0 }));
  speakers.sort((a, b) => b.words - a.words || a.name.localeCompare(b.name));

  const persons = new Map<string, PersonStats & { by: Map<string, number> }>();
  const personOf = (id: string) => {
    let p = persons.get(id);
    if (!p) {
      p = { id, name: name(id), mentions: 0, speeches: [], mentionedBy: [], turnNumbers: [], by: new Map() };
      persons.set(id, p);
    }
    return p;
  };
  const isPerson = (id: string): boolean => entities.get(id)?.kind === 'person';
  // Mentions: every occurrence, from the entities' mention lists (speeches,
  // blocks and notes), for the entries this document names (its units' and
  // notes' lists hold every entry it mentions, labels included).
  // (In the register's order, which the sort below keeps between persons of
  // the same count and name. Going through the whole register for each
  // document instead took some 60 ms of a rebuild of 1,000 in a profile.)
  const order = registerOrder(entities);
  const mentioned = [...entriesNamed(doc)].filter(isPerson);
  mentioned.sort((a, b) => (order.get(a) as number) - (order.get(b) as number));
  for (const id of mentioned) {
    const here = mentionsIn(entities, id, doc.slug);
    if (here) personOf(id).mentions = here;
  }
  const coCounts = new Map<string, CoMention>();
  for (const sp of speeches) {
    const mentioned = sp.mentions.filter(isPerson);
    for (const id of mentioned) {
      const p = personOf(id);
      p.speeches.push({ anchor: sp.anchor, n: sp.n as number });
      p.turnNumbers.push(sp.n as number);
      for (const w of sp.who) p.by.set(w, (p.by.get(w) ?? 0) + 1);
    }
    const unique = [...new Set(mentioned)].sort();
    for (let i = 0; i < unique.length; i++) {
      for (let j = i + 1; j < unique.length; j++) {
        const a = unique[i] as string;
        const b = unique[j] as string;
        const key = `${a}\u0000${b}`;
        const c = coCounts.get(key) ?? { a, b, aName: name(a), bName: name(b), count: 0, anchors: [] };
        c.count++;
        c.anchors.push(sp.anchor);
        coCounts.set(key, c);
      }
    }
  }
  const personList: PersonStats[] = [...persons.values()]
    .filter((p) => p.mentions > 0 || p.speeches.length > 0)
    .map(({ by, ...p }) => ({
      ...p,
      mentions: Math.max(p.mentions, p.speeches.length),
      mentionedBy: [...by].map(([id, count]) => ({ id, name: name(id), count })).sort((x, y) => y.count - x.count || x.name.localeCompare(y.name)),
    }))
    .sort((a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name));

  return {
    slug: doc.slug,
    title: doc.title,
    turns: speeches.length,
    words: totalWords,
    sides: doc.sides.map((side) => side.name),
    speakers,
    personsMentioned: personList.length,
    persons: personList,
    coMentions: [...coCounts.values()].sort((x, y) => y.count - x.count || x.aName.localeCompare(y.aName) || x.bName.localeCompare(y.bName)),
    timeline: timeline(doc, entities),
  };
}

/** A document's timeline: every turn in order, with its speakers' names. */
export function timeline(doc: DocumentData, entities: Map<string, Entity>): DocumentStats['timeline'] {
  const name = (id: string): string => entities.get(id)?.name ?? id;
  return doc.speeches.map((s) => ({
    anchor: s.anchor,
    n: s.n as number,
    words: s.words,
    speaker: s.who[0] ?? '(unattributed)',
    speakerName: s.who.length ? s.who.map(name).join(', ') : 'Unattributed',
    side: s.side,
    label: s.label,
  }));
}

/**
 * The edition's three CSV tables, each a header and every document's rows in
 * corpus order. A document's rows are made alone (`speakersRows` and the
 * others, as text with `csvRows`), so that they can be cached with its
 * analytics (stats-cache.ts) and the tables joined from them.
 */
export const CSV_HEADERS = {
  speakers: ['document', 'speaker_id', 'speaker', 'side', 'turns', 'words', 'share_of_words', 'mean_words_per_turn', 'longest_turn', 'longest_turn_words'],
  persons: ['document', 'person_id', 'person', 'mentions', 'speeches', 'mentioned_by'],
  coMentions: ['document', 'person_a_id', 'person_a', 'person_b_id', 'person_b', 'speeches', 'anchors'],
} as const;

/** A CSV table: its header, then the documents' rows (each document's as `csvRows` makes them). */
export function csvTable(header: readonly string[], rows: string[]): string {
  return toCsv([[...header]]) + rows.join('');
}

/** A document's rows of the per-speaker table. */
export function speakersRows(d: DocumentStats): string[][] {
  return d.speakers.map((s) => [d.slug, s.id, s.name, s.side ?? '', String(s.turns), String(s.words), s.share.toFixed(4), s.meanWords.toFixed(1), s.longest?.anchor ?? '', String(s.longest?.words ?? '')]);
}

/** A document's rows of the table of persons mentioned. */
export function personsRows(d: DocumentStats): string[][] {
  return d.persons.map((p) => [d.slug, p.id, p.name, String(p.mentions), p.speeches.map((s) => s.anchor).join(' '), p.mentionedBy.map((b) => `${b.name} (${b.count})`).join('; ')]);
}

/** A document's rows of the table of pairs of persons mentioned in the same speech. */
export function coMentionsRows(d: DocumentStats): string[][] {
  return d.coMentions.map((c) => [d.slug, c.a, c.aName, c.b, c.bName, String(c.count), c.anchors.join(' ')]);
}

/** Rows as CSV text, each ended by CRLF (none: the empty string). */
export function csvRows(rows: string[][]): string {
  return rows.length ? toCsv(rows) : '';
}

function toCsv(rows: string[][]): string {
  // A leading = + - @ is kept from spreadsheets' formula reading with a quote mark.
  const cell = (v: string): string => {
    const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
