import type { Piece, RecordModel, Report, TurnLine } from './model.ts';
import { IdAllocator, slugify } from './slug.ts';

/** A person of the participants register, as the draft will list them. */
export interface Participant {
  id: string;
  /** The normalised name (`persName type="main"`). */
  main: string;
  /** Other forms the record uses: labels, aliases, the name without the translators' insertions. */
  variants: string[];
  /** The entry as the participants line writes it, if it is there. */
  listed: Piece | undefined;
  role: string;
}

export interface Side {
  n: string;
  head: string;
  persons: Participant[];
}

export interface SpeakerResolution {
  sides: Side[];
  /** The `xml:id` each turn's `@who` points to, by turn; undefined where the label is unknown. */
  who: Map<TurnLine, string>;
}

/** Words that precede a name in a label or in running text, and are not part of it. */
const TITLES = new Set(
  'chairman chairwoman comrade comrades president vice premier prime minister ambassador general marshal admiral colonel secretary mr mrs ms dr professor prof sir lord lady king queen prince princess emperor chancellor governor senator deputy foreign first chief director mayor father brother sister generalissimo'.split(
    ' ',
  ),
);

const isTitle = (word: string): boolean => TITLES.has(word.toLowerCase().replace(/\.$/, ''));

/** The name without the translators' insertions: `[Anastas] Mikoyan` → `Mikoyan`. */
const bare = (raw: string): string => raw.replace(/\[[^\]]*\]/g, ' ').replace(/\s+/g, ' ').trim();
/** The name with them, brackets removed: `[Anastas] Mikoyan` → `Anastas Mikoyan`. */
const full = (raw: string): string => raw.replace(/[[\]]/g, '').replace(/\s+/g, ' ').trim();

/**
 * Seeds the participants register from the record's list of participants
 * and resolves each turn's label to one of them: by full name, by the name
 * without insertions, by one distinctive word (a surname), after dropping a
 * title ("Comrade"), or by a `(hereafter, X)` alias introduced earlier. A
 * speaker introduced with `(hereafter, X)` who is not in the list is added,
 * under the fullest form of the name the record gives, and reported; any
 * other label that names no participant is an error.
 */
export function resolveSpeakers(record: RecordModel, ids: IdAllocator, report: Report): SpeakerResolution {
  const sides: Side[] = [];
  const everyone: Participant[] = [];
  for (const side of record.participants?.sides ?? []) {
    let n = slugify(side.head.replace(/\s+side$/i, '')) || 'participants';
    if (sides.some((s) => s.n === n)) n = `${n}-${sides.length + 1}`;
    const entry: Side = { n, head: side.head, persons: [] };
    for (const raw of side.names) {
      const trailing = /^([^[\]]*\S)\s*\[([^\]]+)\]$/.exec(raw.text);
      // "Sachkov [Saqiukefu]": a bracket after the name gives another form of it; "[Anastas] Mikoyan": part of it.
      const main = trailing ? trailing[1]!.trim() : full(raw.text);
      const variants = trailing ? [trailing[2]!.trim()] : bare(raw.text) !== main && bare(raw.text) ? [bare(raw.text)] : [];
      const person: Participant = { id: ids.allocate(main, 'person'), main, variants, listed: raw, role: `Listed among the participants of the record (${side.head}).` };
      entry.persons.push(person);
      everyone.push(person);
    }
    sides.push(entry);
  }

  const aliases = new Map<string, Participant>();
  const who = new Map<TurnLine, string>();
  let unlisted: Side | undefined;
  for (const item of record.body) {
    if (item.kind !== 'turn') continue;
    let person = aliases.get(item.name) ?? findParticipant(item.name, everyone, item, report);
    if (person === null) continue; // ambiguous, reported
    if (!person && item.alias) {
      unlisted ??= { n: 'unlisted', head: 'Speakers not in the list of participants', persons: [] };
      person = addUnlisted(item, record, ids, report);
      unlisted.persons.push(person);
      everyone.push(person);
    }
    if (!person) {
      reportUnknown(item, everyone, [...aliases.keys()], report);
      continue;
    }
    who.set(item, person.id);
    addVariant(person, item.name);
    if (item.alias) {
      const taken = aliases.get(item.alias);
      if (taken && taken !== person) {
        report({
          ruleId: 'import-unknown-speaker',
          severity: 'error',
          reason: `The alias \`${item.alias}\` at line ${item.line} is already \`${taken.main}\`'s; expected each \`(hereafter, X)\` to name one speaker`,
          place: { line: item.line, column: item.label.column },
        });
      } else {
        aliases.set(item.alias, person);
        addVariant(person, item.alias);
      }
    }
  }
  if (unlisted) sides.push(unlisted);
  return { sides, who };
}

function addVariant(person: Participant, name: string): void {
  if (name !== person.main && !person.variants.includes(name)) person.variants.push(name);
}

/** The participant a label names, undefined if none, null if several (reported). */
function findParticipant(name: string, people: Participant[], turn: TurnLine, report: Report): Participant | undefined | null {
  const attempt = (words: string[]): Participant | undefined | null => {
    if (words.length === 0) return undefined;
    const wanted = words.join(' ').toLowerCase();
    const exact = people.filter((p) => [p.main, ...p.variants].some((n) => n.toLowerCase() === wanted));
    if (exact.length === 1) return exact[0];
    if (words.length !== 1) return undefined;
    const byWord = people.filter((p) => [p.main, ...p.variants].some((n) => n.toLowerCase().split(' ').includes(wanted)));
    if (byWord.length === 1) return byWord[0];
    if (byWord.length > 1) {
      report({
        ruleId: 'import-unknown-speaker',
        severity: 'error',
        reason: `The speaker label \`${turn.label.text}\` at line ${turn.line} could be ${byWord.map((p) => `\`${p.main}\``).join(' or ')}; expected a label that names one participant (write the full name, or introduce a \`(hereafter, X)\` alias)`,
        place: { line: turn.line, column: turn.label.column },
      });
      return null;
    }
    return undefined;
  };
  const words = name.split(' ');
  const direct = attempt(words);
  if (direct !== undefined) return direct;
  const untitled = words.filter((w, i) => !(isTitle(w) && i < words.length - 1));
  return untitled.length < words.length ? attempt(untitled) : undefined;
}

/** A speaker introduced with `(hereafter, X)` who is not in the participants list. */
function addUnlisted(turn: TurnLine, record: RecordModel, ids: IdAllocator, report: Report): Participant {
  const words = turn.name.split(' ');
  const key = words.filter((w, i) => !(isTitle(w) && i < words.length - 1)).join(' ');
  const found = fullerName(key, record);
  const main = found?.name ?? key;
  report({
    ruleId: 'import-unlisted-speaker',
    severity: 'warning',
    reason: `The speaker \`${turn.label.text}\` at line ${turn.line} is not in the list of participants${record.participants ? ` (line ${record.participants.line})` : ''}; added as \`${main}\`${found ? ` (the fullest form of the name in the record, line ${found.line})` : ''} under "Speakers not in the list of participants". Move the entry to its side`,
    place: { line: turn.line, column: turn.label.column },
  });
  return {
    id: ids.allocate(main, 'person'),
    main,
    variants: [],
    listed: undefined,
    role: `Speaker in the record, introduced as "${turn.label.text}"; not in the record's list of participants.`,
  };
}

/**
 * The most frequent longer form of a name in the record's text ("Mao" →
 * "Mao Zedong"): the name with the capitalised words that follow it, and
 * those that precede it unless they are titles or begin a sentence.
 */
function fullerName(key: string, record: RecordModel): { name: string; line: number } | undefined {
  if (!key) return undefined;
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
  const cap = String.raw`\p{Lu}[\p{L}\p{M}'’\-]*`;
  const re = new RegExp(String.raw`((?:${cap}\s+){0,3})(?<![\p{L}\p{N}])${escaped}((?:\s+${cap}){0,3})(?![\p{L}\p{N}'’])`, 'gu');
  const counts = new Map<string, { count: number; line: number }>();
  for (const piece of textPieces(record)) {
    for (const m of piece.text.matchAll(re)) {
      const lead = m[1]!.split(/\s+/).filter(Boolean);
      const sentenceStart = (m.index ?? 0) === 0 || /[.!?:;]\s*$/.test(piece.text.slice(Math.max(0, (m.index ?? 0) - 8), m.index));
      // Keep the capitalised words right before the name back to a title, leaving out a sentence's first word.
      let from = lead.length;
      while (from > 0 && !isTitle(lead[from - 1]!) && !(from === 1 && sentenceStart)) from--;
      lead.splice(0, from);
      const trail = m[2]!.split(/\s+/).filter(Boolean).filter((w) => !isTitle(w));
      if (lead.length + trail.length === 0) continue;
      const name = [...lead, key, ...trail].join(' ');
      const seen = counts.get(name);
      if (seen) seen.count++;
      else counts.set(name, { count: 1, line: piece.line });
    }
  }
  let best: { name: string; line: number; count: number } | undefined;
  for (const [name, { count, line }] of counts) if (!best || count > best.count) best = { name, line, count };
  return best && { name: best.name, line: best.line };
}

function textPieces(record: RecordModel): Piece[] {
  const out: Piece[] = [];
  for (const p of [record.title, ...record.summary, record.head]) if (p) out.push(p);
  for (const item of record.body) {
    if (item.kind === 'stage') out.push(item.text);
    else out.push(...item.speech);
  }
  return out;
}

function reportUnknown(turn: TurnLine, people: Participant[], aliases: string[], report: Report): void {
  const names = [...new Set([...people.flatMap((p) => [p.main, ...p.variants]), ...aliases])];
  const candidates = [...new Set([...names, ...people.flatMap((p) => p.main.split(' ').filter((w) => w.length >= 3))])];
  const near = candidates.map((n) => ({ n, d: editDistance(turn.name.toLowerCase(), n.toLowerCase()) })).filter((x) => x.d <= 2).sort((a, b) => a.d - b.d)[0];
  report({
    ruleId: 'import-unknown-speaker',
    severity: 'error',
    reason: `Unknown speaker label \`${turn.label.text}\` at line ${turn.line}; expected a participant's name, surname or \`(hereafter, X)\` alias${near ? ` (did you mean \`${near.n}\`?)` : ''}. Known: ${names.map((n) => `\`${n}\``).join(', ') || 'none'}`,
    place: { line: turn.line, column: turn.label.column },
  });
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
