// A deterministic generator of synthetic TEI corpora for the benchmarks:
//
//   node --import tsx bench/generate-corpus.ts <count> <outDir> [--seed N]
//
// Each document is a variant of the flagship record in the project's own
// encoding (it passes `colloquy validate` with the project schema and rules):
// the same header, registers, turns, notes, page breaks and stage directions,
// but with its own title and date, 2-5 invented participants (from a fixed
// pool of 300 names, so that the registers of a corpus grow), some turns given
// to other speakers of the same side, a selection of the flagship's turns
// sized so that documents range from about 35 to 100 KB (mean about 60 KB),
// and a share of the sentences replaced by sentences of the dev corpora
// (every .xml under ../shared/corpora/dev, or $COLLOQUY_SHARED/corpora/dev,
// where present) and by rare invented words, so that
// the vocabulary of a corpus keeps growing as a real one does.
//
// Document i depends only on (seed, i): the same seed gives byte-identical
// files, and the first 100 documents of a 1,000-document corpus are the
// 100-document corpus. Nothing here reads the clock or Math.random.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT, TEI_DIR } from '../src/project.ts';

export const MARKER = '.colloquy-synthetic';
const FLAGSHIP = path.join(TEI_DIR, '1956-09-18-mao-cpsu-delegation.xml');
const SHARED_DIR = process.env.COLLOQUY_SHARED ?? path.resolve(PROJECT_ROOT, '..', 'shared');
const DEV_CORPUS = path.join(SHARED_DIR, 'corpora', 'dev');

/** Document sizes, in bytes: a triangular distribution with mean (MIN + MODE + MAX) / 3 = 60 KB. */
const SIZE_MIN = 34_000;
const SIZE_MODE = 46_000;
const SIZE_MAX = 100_000;
/** Every document has at least this many turns. */
const MIN_TURNS = 52;
/** What the text gains from the changes to it (mentions added, longer sentences), as a factor on the flagship's turns. */
const TEXT_GROWTH = 1.06;
/** `<standOff>` and the list elements, without the entries. */
const STANDOFF_WRAPPER_BYTES = 300;

export interface GenerateOptions {
  /** The corpus seed (default 1). */
  seed?: number;
}

/**
 * Writes `count` synthetic TEI documents (`synthetic-0001.xml` ...) into
 * `outDir`, creating it. Refuses a non-empty folder that it did not create
 * (one without the `.colloquy-synthetic` marker); in one it did create, it
 * replaces the documents and removes numbered documents beyond `count`.
 */
export function generateCorpus(count: number, outDir: string, options: GenerateOptions = {}): { files: string[]; bytes: number } {
  if (!Number.isInteger(count) || count < 0) throw new Error(`generateCorpus: count must be a whole number >= 0, not ${count}`);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new Error(`generateCorpus: seed must be a whole number, not ${seed}`);
  prepareOutDir(outDir, count);
  const sources = loadSources();
  const files: string[] = [];
  let bytes = 0;
  for (let i = 1; i <= count; i++) {
    const data = Buffer.from(generateDocument(sources, seed, i), 'utf8');
    const file = path.join(outDir, fileName(i));
    fs.writeFileSync(file, data);
    files.push(file);
    bytes += data.length;
  }
  return { files, bytes };
}

function fileName(i: number): string {
  return `synthetic-${String(i).padStart(4, '0')}.xml`;
}

function prepareOutDir(outDir: string, count: number): void {
  if (fs.existsSync(outDir)) {
    if (!fs.statSync(outDir).isDirectory()) throw new Error(`generateCorpus: ${outDir} exists and is not a folder`);
    const entries = fs.readdirSync(outDir);
    if (entries.length > 0 && !entries.includes(MARKER)) {
      throw new Error(`generateCorpus: refusing to write into ${outDir}: it is not empty and has no ${MARKER} marker (it was not made by this generator)`);
    }
    for (const name of entries) {
      const m = /^synthetic-(\d{4,})\.xml$/.exec(name);
      if (m && Number(m[1]) > count) fs.rmSync(path.join(outDir, name));
    }
  } else {
    fs.mkdirSync(outDir, { recursive: true });
  }
  fs.writeFileSync(path.join(outDir, MARKER), 'A synthetic TEI corpus written by bench/generate-corpus.ts. Safe to delete.\n');
}

// ---------------------------------------------------------------------------
// Randomness: mulberry32, seeded per document from (seed, index).

type Rng = () => number;

function mulberry32(a: number): Rng {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function documentRng(seed: number, index: number): Rng {
  return mulberry32(mix(mix(seed ^ 0x9e3779b9) ^ Math.imul(index, 0x27d4eb2d)));
}

const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)] as T;
const between = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));

// ---------------------------------------------------------------------------
// Sources: the flagship, cut into its parts, and the sentence pool.

interface Turn {
  index: number;
  who: string;
  /** The whole `<speaker>` line. */
  speakerLine: string;
  /** The `<p>` lines, verbatim. */
  paras: string[];
  bytes: number;
  refs: string[];
  /** A stage direction standing between the previous turn and this one. */
  stageBefore: string | undefined;
}

interface Entry {
  id: string;
  text: string;
  bytes: number;
}

interface RegisterList {
  open: string;
  close: string;
  entries: Entry[];
}

interface Participant {
  id: string;
  side: 'soviet' | 'chinese';
  /** The name used as the speaker label and in mentions. */
  label: string;
  main: string;
  synthetic: boolean;
}

interface Sources {
  prefix: string;
  turns: Turn[];
  /** From the end of the last turn to `<standOff>`. */
  textEnd: string;
  lists: RegisterList[];
  entryBytes: Map<string, number>;
  participants: Participant[];
  prefixRefs: string[];
  pool: PoolSentence[];
  names: Participant[];
  namePool: Map<string, Participant>;
}

interface PoolSentence {
  text: string;
  bytes: number;
}

let cached: Sources | undefined;

function loadSources(): Sources {
  cached ??= readSources();
  return cached;
}

function readSources(): Sources {
  const src = fs.readFileSync(FLAGSHIP, 'utf8');
  const firstTurn = src.indexOf('        <sp ');
  const divEnd = src.indexOf('      </div>\n    </body>');
  const standOff = src.indexOf('  <standOff>\n');
  if (firstTurn < 0 || divEnd < firstTurn || standOff < divEnd) throw new Error('generate-corpus: the flagship no longer has the expected layout');
  const prefix = src.slice(0, firstTurn);

  const region = src.slice(firstTurn, divEnd);
  const itemRe = /        (?:<sp xml:id="sp-\d+" who="#([^"]+)">\n(          <speaker>.*<\/speaker>\n)((?:          <p>[\s\S]*?<\/p>\n)+)        <\/sp>|(<stage>.*<\/stage>))\n/y;
  const turns: Turn[] = [];
  let stage: string | undefined;
  for (let pos = 0; pos < region.length; pos = itemRe.lastIndex) {
    itemRe.lastIndex = pos;
    const m = itemRe.exec(region);
    if (!m) throw new Error(`generate-corpus: cannot read the flagship's turns near ${JSON.stringify(region.slice(pos, pos + 80))}`);
    if (m[4] !== undefined) {
      stage = `        ${m[4]}\n`;
      continue;
    }
    const paras = (m[3] as string).match(/          <p>[\s\S]*?<\/p>\n/g) ?? [];
    const block = m[0] + (stage ?? '');
    turns.push({
      index: turns.length,
      who: m[1] as string,
      speakerLine: m[2] as string,
      paras,
      bytes: Buffer.byteLength(block),
      refs: pointers(block),
      stageBefore: stage,
    });
    stage = undefined;
  }

  const lists: RegisterList[] = [];
  const entryBytes = new Map<string, number>();
  const listRe = /(    <(listPerson|listPlace|listOrg|listEvent)[^>]*>\n      <head>[^<]*<\/head>\n)([\s\S]*?)(    <\/\2>\n)/g;
  for (const m of src.slice(standOff).matchAll(listRe)) {
    const entries: Entry[] = [];
    const body = m[3] as string;
    const entryRe = /      <(person|place|org|event) xml:id="([^"]+)"[\s\S]*?\n      <\/\1>\n/g;
    let covered = 0;
    for (const e of body.matchAll(entryRe)) {
      const entry = { id: e[2] as string, text: e[0], bytes: Buffer.byteLength(e[0]) };
      entries.push(entry);
      entryBytes.set(entry.id, entry.bytes);
      covered += e[0].length;
    }
    if (covered !== body.length) throw new Error('generate-corpus: cannot read the flagship\'s registers');
    lists.push({ open: m[1] as string, close: m[4] as string, entries });
  }

  const participants: Participant[] = [];
  for (const [side, re] of [
    ['soviet', /<listPerson type="side" n="soviet">([\s\S]*?)<\/listPerson>/],
    ['chinese', /<listPerson type="side" n="chinese">([\s\S]*?)<\/listPerson>/],
  ] as const) {
    const list = re.exec(prefix)?.[1] ?? '';
    for (const p of list.matchAll(/<person xml:id="([^"]+)">([\s\S]*?)<\/person>/g)) {
      const names = [...(p[2] as string).matchAll(/<persName type="(main|variant)">([^<]+)<\/persName>/g)].map((n) => n[2] as string);
      const label = [...names].sort((a, b) => a.length - b.length || (a < b ? -1 : 1))[0] as string;
      participants.push({ id: p[1] as string, side, label, main: names[0] as string, synthetic: false });
    }
  }

  const names = namePool();
  const pool = sentencePool(turns);
  return {
    prefix,
    turns,
    textEnd: src.slice(divEnd, standOff),
    lists,
    entryBytes,
    participants,
    prefixRefs: pointers(prefix),
    pool,
    names,
    namePool: new Map(names.map((n) => [n.id, n])),
  };
}

const POINTER_RE = /\s(?:who|ref|corresp|target|resp|sameAs|source)="([^"]*)"/g;

function pointers(xml: string): string[] {
  const out = new Set<string>();
  for (const m of xml.matchAll(POINTER_RE)) {
    for (const t of (m[1] as string).split(/\s+/)) if (t.startsWith('#')) out.add(t.slice(1));
  }
  return [...out];
}

/** 300 invented names: 150 on the Soviet side, 150 on the Chinese side. */
function namePool(): Participant[] {
  const soviet = {
    given: ['Pyotr', 'Fyodor', 'Grigory', 'Arkady', 'Semyon', 'Vasily', 'Yakov', 'Leonid', 'Timofei', 'Matvei', 'Gennady', 'Stepan', 'Konstantin', 'Ilya', 'Rodion'],
    family: ['Velinov', 'Dorashkin', 'Gromtsev', 'Lyubarov', 'Sestrenko', 'Talyzin', 'Kovrigin', 'Mirtsev', 'Zabelkin', 'Ostrovets'],
  };
  const chinese = {
    family: ['Qian', 'Sun', 'Zheng', 'Feng', 'Chu', 'Jiang', 'Han', 'Yang', 'Lu', 'Cao'],
    given: ['Mingshu', 'Wenhao', 'Guoliang', 'Jianhua', 'Xueyan', 'Dequan', 'Shuping', 'Yongkang', 'Huaide', 'Zhiyuan', 'Lianfu', 'Baoshan', 'Chengwu', 'Ruiqing', 'Tingfang'],
  };
  const out: Participant[] = [];
  for (const f of soviet.family) for (const g of soviet.given) out.push(invented('soviet', `${g} ${f}`, f));
  for (const f of chinese.family) for (const g of chinese.given) out.push(invented('chinese', `${f} ${g}`, f));
  return out;
}

function invented(side: 'soviet' | 'chinese', main: string, label: string): Participant {
  return { id: `syn-${main.toLowerCase().replace(/\s+/g, '-')}`, side, label, main, synthetic: true };
}

function personEntry(p: Participant, n: number): string {
  const born = 1890 + (n % 30);
  return [
    `            <person xml:id="${p.id}">`,
    `              <persName type="main">${p.main}</persName>`,
    `              <persName type="variant">${p.label}</persName>`,
    `              <birth when="${born}"/>`,
    `              <note type="role">Invented participant on the ${p.side === 'soviet' ? 'Soviet' : 'Chinese'} side (synthetic benchmark data; not a historical person).</note>`,
    `            </person>`,
    '',
  ].join('\n');
}

/**
 * Sentences from the text of the dev corpora (`<p>`, `<l>`, `<seg>`, `<u>`,
 * markup stripped); without them, from the flagship's own turns.
 */
function sentencePool(turns: Turn[]): PoolSentence[] {
  const texts: string[] = [];
  if (fs.existsSync(DEV_CORPUS)) {
    const files = (fs.readdirSync(DEV_CORPUS, { recursive: true }) as string[]).filter((f) => f.endsWith('.xml')).sort();
    for (const f of files) {
      let xml = fs.readFileSync(path.join(DEV_CORPUS, f), 'utf8').replace(/<!--[\s\S]*?-->/g, ' ');
      const header = xml.indexOf('</teiHeader>');
      if (header >= 0) xml = xml.slice(header);
      for (const m of xml.matchAll(/<(p|l|seg|u)(?:\s[^>]*)?(?<!\/)>([\s\S]*?)<\/\1>/g)) texts.push(m[2] as string);
    }
  }
  if (texts.length === 0) for (const t of turns) texts.push(...t.paras);
  const seen = new Set<string>();
  const out: PoolSentence[] = [];
  for (const raw of texts) {
    const plain = decodeEntities(raw.replace(/<[^>]*>/g, ' '))
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    for (const s of plain.split(/(?<=[.!?…])\s+/)) {
      if (s.length < 20 || s.length > 320 || !/\p{L}{3}/u.test(s) || s.split(' ').length < 4 || seen.has(s)) continue;
      seen.add(s);
      // Verse lines and headings end without a stop; a sentence of a turn has one.
      const text = escapeXml(/[.!?…]["”»')]*$/.test(s) ? s : `${s.replace(/[,;:\s-]+$/, '')}.`);
      out.push({ text, bytes: Buffer.byteLength(text) });
    }
  }
  return out;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);/g, (_, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : ' ';
    }
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e] ?? ' ';
  });
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// ---------------------------------------------------------------------------
// Dates, without Date: days since 1970-01-01 to a civil date (H. Hinnant).

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function civilFromDays(z: number): { y: number; m: number; d: number } {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

const DAY_1950_01_01 = -7305;
const DAY_1970_12_31 = 364;
const pad = (n: number): string => String(n).padStart(2, '0');

// ---------------------------------------------------------------------------
// Invented words: Zipf-distributed over an unbounded set, so that the number
// of distinct ones grows like the square root of the corpus (Heaps' law).

const COIN_SCALE = 1000;
const SYLLABLES = ['ka', 'lo', 'mir', 'ven', 'sha', 'to', 'rin', 'dal', 'pe', 'zu', 'gor', 'li', 'an', 'bre', 'cho', 'mu', 'nes', 'ot', 'ra', 'sil', 'tam', 'vo', 'yen', 'ki', 'dro', 'fa', 'hul', 'is', 'jor', 'ke', 'lun', 'mo', 'nor', 'pi', 'qua', 'ro', 'sen', 'tu', 'ul', 'zar'];

function coinedWord(rng: Rng): string {
  // P(k) ~ k^-2 for k >= COIN_SCALE; the most frequent word is about 1 in COIN_SCALE.
  const k = Math.min(Math.floor(COIN_SCALE / Math.max(rng(), 1e-9)), 40 ** 5);
  let word = '';
  for (let n = k; n > 0; n = Math.floor(n / SYLLABLES.length)) word = SYLLABLES[n % SYLLABLES.length] + word;
  return word;
}

// ---------------------------------------------------------------------------
// One document.

const TITLES = [
  (a: string, b: string, d: string) => `Conversation records between ${a} and ${b}, ${d}`,
  (a: string, b: string, d: string) => `Record of a conversation between ${a} and ${b}, ${d}`,
  (a: string, b: string, d: string) => `Minutes of the meeting of ${a} with ${b}, ${d}`,
  (a: string, b: string, d: string) => `Memorandum of conversation: ${a} and ${b}, ${d}`,
];
const CHINESE_LEADS = ['Chairman Mao Zedong', 'Mao Zedong', 'Chairman Mao Zedong and Liu Shaoqi', 'Zhou Enlai', 'the Chinese leadership'];
const SOVIET_GROUPS = ['the Soviet Communist Party Delegation', 'Anastas Mikoyan', 'the CC CPSU Delegation', 'a Soviet delegation', 'Ambassador Pavel Yudin'];

const MENTIONS = [
  (m: string) => `I discussed this with comrade ${m} yesterday.`,
  (m: string) => `Comrade ${m} has studied this question closely.`,
  (m: string) => `${m} will report on it to the delegation.`,
  (m: string) => `We should ask comrade ${m} for an opinion.`,
  (m: string) => `As comrade ${m} told us, the situation is not simple.`,
  (m: string) => `${m} can confirm this.`,
  (m: string) => `This was also the view of comrade ${m}.`,
];

function mention(p: Participant, rng: Rng): string {
  return `<persName ref="#${p.id}">${rng() < 0.5 ? p.main : p.label}</persName>`;
}

function generateDocument(src: Sources, seed: number, index: number): string {
  const rng = documentRng(seed, index);
  const number = String(index).padStart(4, '0');

  // Date and time.
  const { y, m, d } = civilFromDays(between(rng, DAY_1950_01_01, DAY_1970_12_31));
  const iso = `${y}-${pad(m)}-${pad(d)}`;
  const month = MONTHS[m - 1] as string;
  const startMin = between(rng, 9 * 60, 19 * 60) - (between(rng, 0, 11) % 4) * 5;
  const endMin = Math.min(startMin + between(rng, 60, 240), 23 * 60 + 55);
  const hm = (t: number): string => `${pad(Math.floor(t / 60))}:${pad(t % 60)}`;
  const from = `${iso}T${hm(startMin)}:00`;
  const to = `${iso}T${hm(endMin)}:00`;
  const title = pick(rng, TITLES)(pick(rng, CHINESE_LEADS), pick(rng, SOVIET_GROUPS), `${d} ${month} ${y}`);

  // Invented participants: 2-5, with surnames unlike each other's.
  const extras: Participant[] = [];
  const extraCount = between(rng, 2, 5);
  while (extras.length < extraCount) {
    const p = pick(rng, src.names);
    if (!extras.some((e) => e.label === p.label)) extras.push(p);
  }
  extras.sort((a, b) => src.names.indexOf(a) - src.names.indexOf(b));
  const people = [...src.participants, ...extras];

  // Size: a target from the triangular distribution, turns chosen to meet it.
  const target = triangular(rng(), SIZE_MIN, SIZE_MODE, SIZE_MAX);
  const turnCount = Math.min(src.turns.length, Math.max(MIN_TURNS, Math.round(MIN_TURNS + (target - SIZE_MIN) / 1000)));
  const keys = src.turns.map(() => Math.log(Math.max(rng(), 1e-12)));

  // The header and the record's opening lines.
  let head = src.prefix;
  head = replaceOnce(head, /<title type="main">[^<]*<\/title>/, `<title type="main">${escapeXml(title)}</title>`);
  head = replaceOnce(
    head,
    /<title type="sub">[^<]*<\/title>/,
    `<title type="sub">Synthetic benchmark document ${number} (seed ${seed}), generated from the Colloquy flagship edition</title>`,
  );
  head = replaceOnce(head, /<title level="a">[^<]*<\/title>/, `<title level="a">${escapeXml(title)}</title>`);
  head = replaceOnce(head, /<date when="1956-09-18">[^<]*<\/date>/, `<date when="${iso}">${month} ${d}, ${y}</date>`);
  head = replaceOnce(
    head,
    /<date from="1956-09-18T18:00:00" to="1956-09-18T21:10:00">18 September 1956, 18:00–21:10<\/date>/,
    `<date from="${from}" to="${to}">${d} ${month} ${y}, ${hm(startMin)}–${hm(endMin)}</date>`,
  );
  head = replaceOnce(
    head,
    /<date from="1956-09-18T18:00:00" to="1956-09-18T21:10:00">September 18, 1956, 18:00 - 21:10<\/date>/,
    `<date from="${from}" to="${to}">${month} ${d}, ${y}, ${hm(startMin)} - ${hm(endMin)}</date>`,
  );
  head = replaceOnce(head, /sp-001 to sp-197/, `sp-001 to sp-${String(turnCount).padStart(3, '0')}`);
  for (const side of ['soviet', 'chinese'] as const) {
    const sideExtras = extras.filter((p) => p.side === side);
    if (sideExtras.length === 0) continue;
    const entries = sideExtras.map((p) => personEntry(p, src.names.indexOf(p))).join('');
    const anchor = side === 'soviet' ? /( {10}<\/listPerson>\n {10}<listPerson type="side" n="chinese">)/ : /( {10}<\/listPerson>\n {8}<\/listPerson>\n {6}<\/particDesc>)/;
    head = replaceOnce(head, anchor, `${entries}$1`);
    const line = side === 'soviet' ? /(<p>Participants: Soviet side: .*)(<\/p>\n)/ : /(<p>Chinese side: .*)(<\/p>\n)/;
    head = replaceOnce(head, line, `$1${sideExtras.map((p) => `, <persName ref="#${p.id}">${p.main}</persName>`).join('')}$2`);
  }
  head = replaceOnce(
    head,
    /( {6}<change [^\n]*<\/change>\n)( {4}<\/revisionDesc>)/,
    `$1      <change when="2026-11-26" who="#encoders">Synthetic variant ${number} (seed ${seed}) made by bench/generate-corpus.ts for benchmarks: date, title and some participants invented, turns selected and some reassigned, and part of the text replaced by sentences from other corpora. Not a historical record.</change>\n$2`,
  );

  const selected = selectTurns(src, keys, turnCount, target - Buffer.byteLength(head) - Buffer.byteLength(src.textEnd) - STANDOFF_WRAPPER_BYTES);

  // Per-document rates.
  const replaceRate = 0.25 + rng() * 0.35;
  const reassignRate = 0.1 + rng() * 0.2;
  const mentionRate = 0.06 + rng() * 0.1;
  const coinRate = 0.3 + rng() * 0.4;

  // Who speaks: some turns go to another participant of the same side.
  const whoOf = new Map<Turn, Participant>();
  const byId = new Map(people.map((p) => [p.id, p]));
  for (const t of selected) {
    const original = byId.get(t.who);
    if (!original || rng() >= reassignRate) continue;
    const side = people.filter((p) => p.side === original.side && p.id !== original.id);
    const sideExtras = side.filter((p) => p.synthetic);
    const chosen = sideExtras.length > 0 && rng() < 0.5 ? pick(rng, sideExtras) : pick(rng, side);
    whoOf.set(t, chosen);
  }
  for (const p of extras) {
    if ([...whoOf.values()].includes(p)) continue;
    const candidates = selected.filter((t) => !whoOf.has(t) && byId.get(t.who)?.side === p.side);
    const t = candidates.length > 0 ? pick(rng, candidates) : pick(rng, selected);
    whoOf.set(t, p);
  }
  const mentionAt = new Map<Turn, Participant[]>();
  for (const t of selected) if (rng() < mentionRate) mentionAt.set(t, [pick(rng, extras)]);
  for (const p of extras) {
    const t = pick(rng, selected);
    mentionAt.set(t, [...(mentionAt.get(t) ?? []), p]);
  }

  // The turns.
  let body = '';
  selected.forEach((t, n) => {
    if (t.stageBefore) body += t.stageBefore;
    const speaker = whoOf.get(t);
    body += `        <sp xml:id="sp-${String(n + 1).padStart(3, '0')}" who="#${speaker?.id ?? t.who}">\n`;
    body += speaker ? `          <speaker>${speaker.label}</speaker>\n` : t.speakerLine;
    t.paras.forEach((para, k) => {
      let inner = para.slice('          <p>'.length, -'</p>\n'.length);
      inner = varyText(inner, rng, src.pool, replaceRate, coinRate);
      if (k === t.paras.length - 1) {
        for (const p of mentionAt.get(t) ?? []) inner += ` ${pick(rng, MENTIONS)(mention(p, rng))}`;
      }
      body += `          <p>${inner}</p>\n`;
    });
    body += '        </sp>\n';
  });
  let footnote = 0;
  body = body.replace(/<note xml:id="note-\d+" n="\d+"/g, () => {
    footnote++;
    return `<note xml:id="note-${footnote}" n="${footnote}"`;
  });

  // The registers: only the entries this document points to.
  const used = new Set(pointers(head + body));
  let standOff = '  <standOff>\n';
  for (const list of src.lists) {
    const entries = list.entries.filter((e) => used.has(e.id));
    if (entries.length > 0) standOff += list.open + entries.map((e) => e.text).join('') + list.close;
  }
  standOff += '  </standOff>\n</TEI>\n';

  return head + body + src.textEnd + standOff;
}

function replaceOnce(s: string, re: RegExp, replacement: string): string {
  if (!re.test(s)) throw new Error(`generate-corpus: the flagship no longer has ${re}`);
  return s.replace(re, replacement);
}

function triangular(u: number, a: number, c: number, b: number): number {
  const f = (c - a) / (b - a);
  return u < f ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
}

/**
 * `count` turns, in the flagship's order, whose size with the registers they
 * need comes near `budget` bytes: weighted sampling without replacement
 * (Efraimidis-Spirakis, key = log(u) * size^alpha), with alpha found by
 * bisection. Larger alpha favours short turns.
 */
function selectTurns(src: Sources, keys: number[], count: number, budget: number): Turn[] {
  const logBytes = src.turns.map((t) => Math.log(t.bytes));
  const order = src.turns.map((_, i) => i);
  const key = new Float64Array(src.turns.length);
  const choose = (alpha: number): Turn[] => {
    for (let i = 0; i < key.length; i++) key[i] = (keys[i] as number) * Math.exp(alpha * (logBytes[i] as number));
    order.sort((a, b) => (key[b] as number) - (key[a] as number) || a - b);
    return order
      .slice(0, count)
      .sort((a, b) => a - b)
      .map((i) => src.turns[i] as Turn);
  };
  const size = (turns: Turn[]): number => {
    const used = new Set(src.prefixRefs);
    let bytes = 0;
    for (const t of turns) {
      bytes += t.bytes * TEXT_GROWTH;
      for (const r of t.refs) used.add(r);
    }
    for (const id of used) bytes += src.entryBytes.get(id) ?? 0;
    return bytes;
  };
  let lo = -4;
  let hi = 5;
  for (let k = 0; k < 18; k++) {
    const mid = (lo + hi) / 2;
    if (size(choose(mid)) > budget) lo = mid;
    else hi = mid;
  }
  const over = choose(lo);
  const under = choose(hi);
  return size(over) - budget < budget - size(under) ? over : under;
}

/**
 * Replaces some whole sentences of a paragraph's text (never its markup) by
 * sentences of the pool of about the same length, some with an invented word.
 */
function varyText(inner: string, rng: Rng, pool: PoolSentence[], rate: number, coinRate: number): string {
  const nodes = topLevelNodes(inner);
  return nodes
    .map((node, n) => {
      if (node.markup) return node.text;
      const parts = node.text.split(/(?<=[.!?]["”')]*)(\s+)(?=["“]?\p{Lu})/u);
      for (let k = 0; k < parts.length; k += 2) {
        const piece = parts[k] as string;
        const starts = k > 0 || n === 0;
        const ends = /[.!?]["”')]*$/.test(piece);
        if (!starts || !ends || rng() >= rate) continue;
        parts[k] = replacement(piece, rng, pool, coinRate);
      }
      return parts.join('');
    })
    .join('');
}

function replacement(original: string, rng: Rng, pool: PoolSentence[], coinRate: number): string {
  const want = Buffer.byteLength(original);
  let best = pick(rng, pool);
  for (let k = 0; k < 3; k++) {
    const c = pick(rng, pool);
    if (Math.abs(c.bytes - want) < Math.abs(best.bytes - want)) best = c;
  }
  if (rng() >= coinRate) return best.text;
  const words = best.text.split(' ');
  words.splice(1 + Math.floor(rng() * (words.length - 1)), 0, coinedWord(rng));
  return words.join(' ');
}

/** A paragraph's content as top-level text runs and whole elements. */
function topLevelNodes(inner: string): Array<{ markup: boolean; text: string }> {
  const out: Array<{ markup: boolean; text: string }> = [];
  let depth = 0;
  let start = 0;
  let last = 0;
  for (const m of inner.matchAll(/<[^>]+>/g)) {
    const tag = m[0];
    const at = m.index;
    if (depth === 0) {
      if (at > last) out.push({ markup: false, text: inner.slice(last, at) });
      start = at;
    }
    if (tag.startsWith('</')) depth--;
    else if (!tag.endsWith('/>')) depth++;
    if (depth === 0) {
      out.push({ markup: true, text: inner.slice(start, at + tag.length) });
      last = at + tag.length;
    }
  }
  if (last < inner.length) out.push({ markup: false, text: inner.slice(last) });
  return out;
}

// ---------------------------------------------------------------------------
// Command line.

function cli(argv: string[]): number {
  const usage = 'Usage: node --import tsx bench/generate-corpus.ts <count> <outDir> [--seed N]';
  const positional: string[] = [];
  let seed = 1;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--seed' || a.startsWith('--seed=')) {
      const v = a === '--seed' ? argv[++i] : a.slice(7);
      if (v === undefined || !/^-?\d+$/.test(v)) {
        process.stderr.write(`--seed takes a whole number\n${usage}\n`);
        return 2;
      }
      seed = Number(v);
    } else if (a === '-h' || a === '--help') {
      process.stdout.write(`${usage}\n`);
      return 0;
    } else positional.push(a);
  }
  const [countArg, outDir] = positional;
  if (positional.length !== 2 || !countArg || !outDir || !/^\d+$/.test(countArg)) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const start = performance.now();
  let result: { files: string[]; bytes: number };
  try {
    result = generateCorpus(Number(countArg), outDir, { seed });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
  const seconds = (performance.now() - start) / 1000;
  const sizes = result.files.map((f) => fs.statSync(f).size);
  const kb = (n: number): string => `${(n / 1000).toFixed(1)} KB`;
  const stats = sizes.length > 0 ? `, mean ${kb(result.bytes / sizes.length)} (min ${kb(Math.min(...sizes))}, max ${kb(Math.max(...sizes))})` : '';
  process.stdout.write(
    `${result.files.length} synthetic TEI documents in ${outDir} (seed ${seed}): ${(result.bytes / 1e6).toFixed(1)} MB${stats}, in ${seconds.toFixed(1)} s\n`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = cli(process.argv.slice(2));
}
