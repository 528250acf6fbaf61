import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TEI_DIR } from '../../src/project.ts';
import { parseXml } from '../../src/xml/parse.ts';
import { getAttribute, isTei, normalizeSpace, selectElements, textContent, type XmlElement, type XmlNode } from '../../src/xml/tree.ts';
import { missingShared, sharedFile, testWith } from '../helpers/shared.ts';

// The canonical encoding of the 18 September 1956 record, checked against the
// seed transcript it was made from and against the counts the record has.
const CANONICAL = path.join(TEI_DIR, '1956-09-18-mao-cpsu-delegation.xml');
const parsed = parseXml(fs.readFileSync(CANONICAL, 'utf8'), CANONICAL);
if (!parsed.document) throw new Error(`canonical file is not well-formed: ${parsed.diagnostics[0]}`);
const root = parsed.document.root;
const text = root.children.find((c): c is XmlElement => isTei(c, 'text')) as XmlElement;
const header = root.children.find((c): c is XmlElement => isTei(c, 'teiHeader')) as XmlElement;

const all = (local: string, within: XmlElement = root): XmlElement[] => selectElements(within, (e) => isTei(e, local));

const BLOCKS = new Set(['head', 'ab', 'p', 'sp', 'stage', 'speaker', 'div', 'body']);

/**
 * The text of <text> as the seed writes it: blocks separated by white space,
 * "Label: " before each turn's speech, translators' footnotes taken out of the
 * flow and appended at the end (where the seed prints them). Inline stage
 * directions stay in the flow.
 */
function teiReadingOrder(): string {
  const notes: string[] = [];
  let out = '';
  const visit = (node: XmlNode, inlineContext: boolean): void => {
    if (node.type === 'text') {
      out += node.value;
      return;
    }
    if (isTei(node, 'note') && getAttribute(node, 'type') === 'translator') {
      notes.push(normalizeSpace(textContent(node)));
      return;
    }
    const block = BLOCKS.has(node.local) && !(node.local === 'stage' && inlineContext);
    if (block) out += ' ';
    for (const child of node.children) visit(child, inlineContext || node.local === 'p');
    if (isTei(node, 'speaker')) out += ':';
    if (block) out += ' ';
  };
  visit(text, false);
  return `${out} ${notes.join(' ')}`;
}

/** The seed's document text, from the record's heading to its footnotes, with the footnote marker syntax and labels taken out. */
function seedDocumentText(seed: string): string {
  const start = seed.indexOf("Record of Chairman Mao's conversation");
  return seed
    .slice(start)
    .replace('^[1]', '')
    .replace('[\\[2\\]](#)', '')
    .replace(/^\[\d\] /gm, '');
}

const tokens = (s: string): string[] => s.replace(/[[\]]/g, '').split(/\s+/).filter(Boolean);

const SEED = 'seeds/000_e4b9aa738285bd60.txt';

testWith(missingShared(SEED), 'the text equals the seed token by token, in order (brackets aside)', () => {
  const seedPath = sharedFile(SEED) as string;
  const expected = tokens(seedDocumentText(fs.readFileSync(seedPath, 'utf8')));
  const actual = tokens(teiReadingOrder());
  const n = Math.min(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    if (expected[i] !== actual[i]) {
      assert.unreachable(
        `token ${i} differs: seed has "${expected[i]}", TEI has "${actual[i]}"\n  seed: ${expected.slice(Math.max(0, i - 8), i + 8).join(' ')}\n  TEI:  ${actual.slice(Math.max(0, i - 8), i + 8).join(' ')}`,
      );
    }
  }
  assert.is(actual.length, expected.length, 'token count');
  assert.ok(expected.length > 9000, `expected the whole record, got ${expected.length} tokens`);
});

testWith(missingShared(SEED), "the archive's page furniture is in the header, word for word", () => {
  const seedPath = sharedFile(SEED) as string;
  const seed = fs.readFileSync(seedPath, 'utf8');
  const paragraphs = seed.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  const headerText = normalizeSpace(textContent(header));
  const furniture = paragraphs.slice(0, paragraphs.indexOf("Record of Chairman Mao's conversation with a Soviet Communist Party Committee Delegation"));
  assert.is(furniture.length, 12, 'the seed has 12 paragraphs before the record itself');
  for (const para of furniture) {
    if (/^(Citation|Summary|Credits|Original Language|Contents):$/.test(para)) continue; // field labels
    // The citation's URL is wrapped in <...> by the seed's conversion to text.
    const wanted = normalizeSpace(para.replace(/<(https?:[^>]+)>/, '$1'));
    const found = headerText.includes(wanted) || (para === 'September 18, 1956' && headerText.includes('September 18, 1956')) || (para === 'Chinese' && /Original Language: Chinese/.test(headerText)) || (para === 'Translation - English' && headerText.includes('Contents: Translation - English'));
    assert.ok(found, `header lacks: ${para}`);
  }
});

test('the record has 197 turns, numbered sp-001 to sp-197', () => {
  const turns = all('sp', text);
  assert.is(turns.length, 197);
  turns.forEach((sp, i) => assert.is(getAttribute(sp, 'xml:id'), `sp-${String(i + 1).padStart(3, '0')}`));
});

test("every turn's @who resolves to a participant in particDesc", () => {
  const participants = new Set(all('person', all('particDesc', header)[0] as XmlElement).map((p) => `#${getAttribute(p, 'xml:id')}`));
  assert.is(participants.size, 13);
  for (const sp of all('sp', text)) {
    assert.ok(participants.has(getAttribute(sp, 'who') ?? ''), `${getAttribute(sp, 'xml:id')} who=${getAttribute(sp, 'who')}`);
  }
});

test('speaker labels keep the source exactly, [sic] included', () => {
  const labels = all('speaker', text).map((s) => normalizeSpace(textContent(s)));
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  assert.equal(Object.fromEntries([...counts].sort()), {
    Chairman: 88,
    'Chairman (to Mukhitdinov)': 1,
    'Chairman Mao (hereafter, Chairman)': 1,
    'Chairman sic': 1,
    Mikoyan: 94,
    Mukhitdinov: 4,
    Peng: 3,
    'Peng Dehuai (hereafter, Peng)': 1,
    Ponomarev: 1,
    Yudin: 1,
    Zhou: 1,
    'Zhou Enlai (hereafter, Zhou)': 1,
  });
});

test('eight page breaks, two footnotes at their markers, two [sic] marks', () => {
  assert.is(all('pb', text).length, 8);
  const notes = all('note', text).filter((n) => getAttribute(n, 'type') === 'translator');
  assert.equal(notes.map((n) => getAttribute(n, 'n')), ['1', '2']);
  const before = (n: XmlElement): string => {
    const siblings = (n.parent as XmlElement).children;
    const prev = siblings[siblings.indexOf(n) - 1];
    return prev && prev.type === 'text' ? prev.value.slice(-20) : '';
  };
  assert.is(before(notes[0] as XmlElement), 'one full, one candidate.'.slice(-20));
  assert.is(before(notes[1] as XmlElement), 'ive to the 21st century.'.slice(-20));
  const sics = all('note', text).filter((n) => getAttribute(n, 'type') === 'sic').map((n) => normalizeSpace(textContent(n)));
  assert.equal(sics, ['sic, should be 10th', 'sic']);
});

test('every mention points to an entry of its kind', () => {
  const kinds: Record<string, string> = { persName: 'person', placeName: 'place', orgName: 'org', name: 'event' };
  const entries = new Map<string, string>();
  for (const local of ['person', 'place', 'org', 'event']) for (const e of all(local)) entries.set(`#${getAttribute(e, 'xml:id')}`, local);
  let mentions = 0;
  for (const [local, kind] of Object.entries(kinds)) {
    for (const m of all(local, text)) {
      mentions++;
      assert.is(entries.get(getAttribute(m, 'ref') ?? ''), kind, `${local} ref=${getAttribute(m, 'ref')}`);
    }
  }
  assert.ok(mentions > 500, `expected the names tagged throughout, found ${mentions} mentions`);
});

test.run();
