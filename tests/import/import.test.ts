import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../src/cli/main.ts';
import { PROJECT_ROOT } from '../../src/project.ts';
import { getAttribute, isTei, normalizeSpace, selectElements, textContent, closest, type XmlDocument, type XmlElement, type XmlNode } from '../../src/xml/tree.ts';
import { FLAGSHIP, tempDir } from '../helpers/build.ts';
import { missingShared, sharedFile, testWith } from '../helpers/shared.ts';
import { readTei, textElements } from '../helpers/tei.ts';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'import');
const SEED = 'seeds/000_e4b9aa738285bd60.txt';
const out = tempDir('import');

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { out: (t) => void (stdout += t), err: (t) => void (stderr += t) });
  return { code, out: stdout, err: stderr };
}

/** Imports a record into a fresh file and returns the run and the file. */
async function importTo(name: string, record: string, ...options: string[]): Promise<{ code: number; out: string; err: string; file: string }> {
  const file = path.join(out, `${name}.xml`);
  const r = await run('import', record, '--out', file, ...options);
  return { ...r, file };
}

/** The diagnostic lines of a run, with the record's path made relative to the fixtures. */
const diagnosticLines = (stderr: string): string[] =>
  stderr
    .split('\n')
    .filter((l) => /  (error|warning)  /.test(l))
    .map((l) => l.replace(/^.*?([\w-]+\.txt)/, '$1'));

/** The text of `<text>` as word tokens; notes, page breaks and block elements separate words. */
function textTokens(doc: XmlDocument): string[] {
  const separate = new Set(['note', 'pb', 'p', 'sp', 'speaker', 'stage', 'head', 'ab', 'div', 'body']);
  let s = '';
  const visit = (node: XmlNode): void => {
    if (node.type === 'text') {
      s += node.value;
      return;
    }
    const gap = separate.has(node.local) ? ' ' : '';
    s += gap;
    node.children.forEach(visit);
    s += gap;
  };
  textElements(doc).forEach(visit);
  return s.split(/\s+/).filter(Boolean);
}

const elements = (doc: XmlDocument, local: string, match: (e: XmlElement) => boolean = () => true): XmlElement[] =>
  textElements(doc).flatMap((t) => selectElements(t, (e) => isTei(e, local) && match(e)));
const text = (e: XmlElement): string => normalizeSpace(textContent(e));
const enclosingTurn = (e: XmlElement): string | undefined => {
  const sp = closest(e, (p) => isTei(p, 'sp'));
  return sp ? getAttribute(sp, 'xml:id') : undefined;
};

/** Each turn's speaker, as the main name of the person its `@who` points to. */
function speakerNames(doc: XmlDocument): string[] {
  const main = new Map<string, string>();
  for (const person of selectElements(doc.root, (e) => isTei(e, 'person'))) {
    const name = person.children.find((c): c is XmlElement => isTei(c, 'persName') && getAttribute(c, 'type') === 'main');
    if (name) main.set(getAttribute(person, 'xml:id') ?? '', text(name));
  }
  return elements(doc, 'sp').map((sp) => main.get((getAttribute(sp, 'who') ?? '').slice(1)) ?? `?${getAttribute(sp, 'who')}`);
}

// 1. The seed against the hand-made encoding of the same text.

testWith(missingShared(SEED), 'the seed imports into the structure of the canonical encoding, and validates', async () => {
  const r = await importTo('seed', sharedFile(SEED)!);
  assert.is(r.code, 0, r.err);
  assert.is(r.out, '', 'nothing on stdout when --out is given');
  assert.equal(diagnosticLines(r.err), [
    "000_e4b9aa738285bd60.txt:41:1  warning  The speaker `Chairman Mao (hereafter, Chairman)` at line 41 is not in the list of participants (line 35); added as `Mao Zedong` (the fullest form of the name in the record, line 5) under \"Speakers not in the list of participants\". Move the entry to its side  import-unlisted-speaker",
    '000_e4b9aa738285bd60.txt:289:1  warning  Line 289 has no speaker label; read as the turn of line 287 continuing after a page break (`pb`), although line 287 ends a sentence. Check that no label is missing  import-page-break',
  ]);
  const draft = readTei(r.file);
  const canonical = readTei(FLAGSHIP);

  const turns = (d: XmlDocument) => elements(d, 'sp').map((sp) => getAttribute(sp, 'xml:id'));
  assert.is(turns(draft).length, 197);
  assert.equal(turns(draft), turns(canonical));
  assert.equal(speakerNames(draft), speakerNames(canonical));
  const who = (d: XmlDocument) => elements(d, 'sp').map((sp) => getAttribute(sp, 'who'));
  assert.equal(who(draft), who(canonical), 'ids derived as the canonical file derives them');
  const labels = (d: XmlDocument) => elements(d, 'speaker').map(text);
  assert.equal(labels(draft), labels(canonical));

  const notes = (d: XmlDocument) => elements(d, 'note', (n) => getAttribute(n, 'type') === 'translator').map((n) => [getAttribute(n, 'n'), enclosingTurn(n), text(n)]);
  assert.is(notes(draft).length, 2);
  assert.equal(notes(draft), notes(canonical));
  const sics = (d: XmlDocument) => elements(d, 'sic').map((s) => [enclosingTurn(s), text(s)]);
  assert.equal(sics(draft), sics(canonical));
  const sicNotes = (d: XmlDocument) => elements(d, 'note', (n) => getAttribute(n, 'type') === 'sic').map(text);
  assert.equal(sicNotes(draft), ['sic, should be 10th', 'sic']);
  assert.equal(sicNotes(draft), sicNotes(canonical));

  const breaks = (d: XmlDocument) => elements(d, 'pb').map(enclosingTurn);
  assert.is(breaks(draft).length, 8);
  assert.equal(breaks(draft), breaks(canonical));
  const supplied = (d: XmlDocument) => elements(d, 'supplied').map(text);
  assert.equal(supplied(draft), supplied(canonical));
  const stages = (d: XmlDocument) => elements(d, 'stage').map((s) => [enclosingTurn(s) ?? 'between turns', text(s)]);
  assert.equal(stages(draft), stages(canonical));

  const draftTokens = textTokens(draft);
  const canonicalTokens = textTokens(canonical);
  const firstDifference = draftTokens.findIndex((t, i) => t !== canonicalTokens[i]);
  assert.is(firstDifference, -1, `first difference at token ${firstDifference}: ${draftTokens.slice(firstDifference - 3, firstDifference + 3).join(' ')}`);
  assert.is(draftTokens.length, canonicalTokens.length);

  const v = await run('validate', r.file);
  assert.is(v.out, '1 file checked: no problems\n');
  assert.is(v.code, 0);
});

testWith(missingShared(SEED), 'the draft says it is a machine import that needs review, and adds no mentions by default', async () => {
  const r = await importTo('seed-header', sharedFile(SEED)!);
  const xml = fs.readFileSync(r.file, 'utf8');
  const draft = readTei(r.file);
  assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<\?xml-model href="[^"]*tei\/schema\/colloquy\.rng" type="application\/xml"/);
  assert.match(xml, /<revisionDesc status="draft">\n\s*<change when="\d{4}-\d{2}-\d{2}" who="#encoders">Machine import by colloquy import from the plain-text record 000_e4b9aa738285bd60\.txt: 197 turns, 3 stage directions between turns, 2 footnotes and 8 page breaks/);
  assert.match(xml, /<projectDesc>\n\s*<p>DRAFT\. This file was made by machine import/);
  assert.match(xml, /Names in the text are not tagged\./);
  // Mentions only where the record lists participants and places; none in the turns, stage directions or notes.
  const mentions = elements(draft, 'persName').concat(elements(draft, 'placeName'), elements(draft, 'orgName'));
  assert.ok(mentions.every((m) => !closest(m, (p) => isTei(p, 'sp') || isTei(p, 'stage') || isTei(p, 'head'))));
  assert.is(mentions.length, 12 + 2);
  // Nothing the record does not say: no birth or death dates, no authority ids, no original-script names.
  assert.not.match(xml, /<birth|<death|<idno type="wikidata"|type="original"/);
  const sides = selectElements(draft.root, (e) => isTei(e, 'listPerson') && getAttribute(e, 'type') === 'side').map((s) => [
    getAttribute(s, 'n'),
    selectElements(s, (e) => isTei(e, 'person')).map((p) => getAttribute(p, 'xml:id')),
  ]);
  assert.equal(sides, [
    ['soviet', ['anastas-mikoyan', 'nuritdin-mukhitdinov', 'boris-ponomarev', 'ivan-kapitonov', 'pavel-yudin', 'sachkov']],
    ['chinese', ['liu-shaoqi', 'zhou-enlai', 'peng-dehuai', 'deng-xiaoping', 'wang-jiaxiang', 'shi-zhe']],
    ['unlisted', ['mao-zedong']],
  ]);
  assert.match(xml, /<person xml:id="mao-zedong">\n\s*<persName type="main">Mao Zedong<\/persName>\n\s*<persName type="variant">Chairman Mao<\/persName>\n\s*<persName type="variant">Chairman<\/persName>/);
});

testWith(missingShared(SEED), 'without --out the draft goes to tei/<date>-<slug>.xml, the path is printed, and an existing file is not overwritten', () => {
  // In a working directory of its own, so that the project's tei/ is never touched.
  const cwd = tempDir('import-default');
  const cli = (...argv: string[]) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'colloquy.js'), 'import', sharedFile(SEED)!, ...argv], { cwd, encoding: 'utf8', timeout: 60_000 });
  const name = 'tei/1956-09-18-conversation-records-between-chairman-mao-zedong-and-the.xml';
  const first = cli();
  assert.is(first.status, 0, first.stderr);
  assert.is(first.stdout, `${name}\n`);
  assert.match(fs.readFileSync(path.join(cwd, name), 'utf8'), /<\?xml-model href="[^"]*tei\/schema\/colloquy\.rng"/);
  const again = cli();
  assert.is(again.status, 1);
  assert.is(again.stdout, '');
  assert.match(again.stderr, new RegExp(`\`${name.replace(/\./g, '\\.')}\` exists; expected a new file\\. Give another --out, or --force to overwrite it  import-write\n`));
  assert.not.match(again.stderr, /\n\s+at /, 'no stack trace');
  assert.is(cli('--force').status, 0);
});

// 2. A second, invented record with other speakers and other patterns.

test('a second record imports with its own speakers, insertions, [sic], notes, stage directions and page break', async () => {
  const r = await importTo('second', path.join(FIXTURES, 'second-record.txt'));
  assert.is(r.code, 0, r.err);
  assert.equal(diagnosticLines(r.err), [
    'second-record.txt:51:55  warning  Square brackets inside square brackets: the inner `[board]` is kept as characters inside the outer `supplied`, which cannot hold another  import-nested-bracket',
  ]);
  const doc = readTei(r.file);
  assert.equal(
    elements(doc, 'sp').map((sp) => [getAttribute(sp, 'xml:id'), getAttribute(sp, 'who'), text(sp.children.find((c): c is XmlElement => isTei(c, 'speaker'))!)]),
    [
      ['sp-001', '#ilse-brandauer', 'Brandauer'],
      ['sp-002', '#mira-solberg', 'Mira Solberg (hereafter, Solberg)'],
      ['sp-003', '#tomas-velk', 'Tomas Velk (hereafter, Velk)'],
      ['sp-004', '#mira-solberg', 'Solberg'],
      ['sp-005', '#jon-halvard', 'Halvard'],
      ['sp-006', '#tomas-velk', 'Velk'],
      ['sp-007', '#oren-dask', 'Dask'],
    ],
  );
  assert.equal(elements(doc, 'supplied').map(text), ['Ilse', 'Orendask', 'Jon', 'On behalf of the Council,', 'We', 'the harbour [board]', 'Norvanian']);
  assert.equal(elements(doc, 'sic').map((s) => [enclosingTurn(s), text(s)]), [['sp-003', 'finnished'], ['sp-005', '1963']]);
  assert.equal(
    elements(doc, 'note', (n) => getAttribute(n, 'type') === 'translator').map((n) => [getAttribute(n, 'n'), getAttribute(n, 'xml:id'), enclosingTurn(n), text(n)]),
    [
      ['1', 'note-1', 'sp-003', 'The translators note that the word is misspelt in the original as well.'],
      ['2', 'note-2', 'sp-005', 'The harbour board is as invented as the rest.'],
      ['3', 'note-3', 'sp-006', 'This sentence is underlined in the original.'],
    ],
  );
  assert.equal(elements(doc, 'pb').map(enclosingTurn), ['sp-004']);
  assert.equal(elements(doc, 'stage').map((s) => [enclosingTurn(s) ?? 'between turns', text(s)]), [
    ['between turns', '(The delegations took their seats. Brandauer opened the meeting.)'],
    ['sp-004', '(Pointing to the map)'],
    ['sp-005', '(Laughter)'],
    ['between turns', '(A short break).'],
  ]);
  const xml = fs.readFileSync(r.file, 'utf8');
  // The exact encoding of the densest turn, of the page break, and of escaped characters.
  assert.ok(
    xml.includes(
      '<p><supplied>We</supplied> agree, if the committee of <supplied>the harbour [board]</supplied> approves it. <stage>(Laughter)</stage>. The vote is in <sic>1963</sic> <note type="sic" place="inline" resp="#translators">sic, should be <corr>1962</corr></note>.<note xml:id="note-2" n="2" type="translator" place="foot" resp="#translators">The harbour board is as invented as the rest.</note></p>',
    ),
  );
  assert.ok(xml.includes('<p><stage>(Pointing to the map)</stage> This is where the old ferry ran. The cost should be shared by\n          <pb/>both cities equally.</p>'));
  assert.ok(xml.includes('receiving us in Vellmark &amp; Sarn.</p>'));
  assert.ok(xml.includes('asked about it &lt;again&gt;.</p>'));
  assert.ok(xml.includes('<p>Participants: Norvanian side: <persName ref="#ilse-brandauer"><supplied>Ilse</supplied> Brandauer</persName>, <persName ref="#tomas-velk">Tomas Velk</persName>, <persName ref="#oren-dask">Oren Dask <supplied>Orendask</supplied></persName></p>'));
  assert.ok(xml.includes('<date from="1961-03-03T10:00:00" to="1961-03-03T11:30:00">March 3, 1961, 10:00 - 11:30</date>'));
  assert.ok(xml.includes('<textLang mainLang="de">Original Language: German</textLang>'));
  assert.ok(xml.includes('<person xml:id="oren-dask">\n              <persName type="main">Oren Dask</persName>\n              <persName type="variant">Orendask</persName>\n              <persName type="variant">Dask</persName>'));
  const v = await run('validate', r.file);
  assert.is(v.out, '1 file checked: no problems\n');
  assert.is(v.code, 0);
});

// 3. What cannot be placed is reported with its line, and nothing is written.

const malformed: Array<[string, string[]]> = [
  ['no-turns.txt', ['no-turns.txt:9  error  Found no turns after line 9; expected lines of the form `Speaker: text`, such as `Mikoyan: All right!`  import-no-turns']],
  [
    'unknown-speaker.txt',
    [
      "unknown-speaker.txt:13:1  error  Unknown speaker label `Lanter` at line 13; expected a participant's name, surname or `(hereafter, X)` alias (did you mean `Lantern`?). Known: `Ada Quill`, `Quill`, `Bo Lantern`  import-unknown-speaker",
      "unknown-speaker.txt:15:1  error  Unknown speaker label `Kessla` at line 15; expected a participant's name, surname or `(hereafter, X)` alias. Known: `Ada Quill`, `Quill`, `Bo Lantern`  import-unknown-speaker",
    ],
  ],
  [
    'unterminated-bracket.txt',
    [
      "unterminated-bracket.txt:11:21  error  Unterminated `[` in the turn at line 11 (`[to you.`); expected a `]` to close the translators' insertion before the end of it  import-bracket",
      'unterminated-bracket.txt:13:22  error  Unmatched `]` in the turn at line 13 (`Good morning]`); expected a `[` before it  import-bracket',
    ],
  ],
];

for (const [fixture, expected] of malformed) {
  test(`${fixture}: exit 1, diagnostics with their lines, nothing written`, async () => {
    const r = await importTo(fixture, path.join(FIXTURES, fixture));
    assert.is(r.code, 1);
    assert.equal(diagnosticLines(r.err), expected);
    assert.match(r.err, /Not imported: \d+ errors?, 0 warnings; nothing written\n$/);
    assert.not.ok(fs.existsSync(r.file));
  });
}

test('empty, blank, binary and non-UTF-8 input is refused with its place, not a stack trace', async () => {
  const dir = tempDir('import-bad');
  const cases: Array<[string, Uint8Array, string]> = [
    ['empty.txt', new Uint8Array(), 'empty.txt  error  The file is empty; expected a plain-text record: a date line, a title, `Time:`, `Location:` and `Participants:` lines, then turns written `Speaker: text`  import-encoding'],
    ['blank.txt', Buffer.from('\n  \n\t\n'), 'blank.txt:1:1  error  The file is only white space; expected a plain-text record: a date line, a title, `Time:`, `Location:` and `Participants:` lines, then turns written `Speaker: text`  import-encoding'],
    ['image.gif', Buffer.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x00, 0x01, 0xff]), 'image.gif:1:7  error  Found a NUL byte: the file looks binary; expected a UTF-8 plain-text record  import-encoding'],
    ['latin1.txt', Buffer.from('March 3, 1961\nCaf\xe9', 'latin1'), 'latin1.txt:2:4  error  Found a byte (0xe9) that is not UTF-8; expected UTF-8 text  import-encoding'],
    ['control.txt', Buffer.from('March 3, 1961\n\fTitle'), 'control.txt:2:1  error  Found the control character U+000C; expected text without control characters (XML cannot hold them)  import-encoding'],
  ];
  for (const [name, bytes, expected] of cases) {
    fs.writeFileSync(path.join(dir, name), bytes);
    const r = await importTo(`bad-${name}`, path.join(dir, name));
    assert.is(r.code, 1, name);
    assert.equal(diagnosticLines(r.err).map((l) => l.replace(/^.*?([\w-]+\.(txt|gif))/, '$1')), [expected]);
    assert.not.ok(fs.existsSync(r.file));
  }
  const missing = await importTo('missing', path.join(dir, 'nope.txt'));
  assert.is(missing.code, 1);
  assert.match(missing.err, /nope\.txt {2}error {2}File not found; expected a readable plain-text record {2}import-unreadable\n/);
});

test('footnote markers without texts, texts without markers and lines that fit nowhere are warnings, with lines', async () => {
  const r = await importTo('loose-notes', path.join(FIXTURES, 'loose-notes.txt'));
  assert.is(r.code, 0, r.err);
  assert.equal(diagnosticLines(r.err), [
    'loose-notes.txt:11:1  warning  Could not place line 11 (`A line that belongs nowhere`): expected `Time:`, `Location:`, `Participants:`, a side of the participants, a stage direction in parentheses or a turn (`Speaker: text`); it is left out of the draft  import-unclassified',
    'loose-notes.txt:13:20  warning  Footnote marker `[2]` has no note text; expected a line `[2] text` at the end of the record. Kept as text  import-note',
    'loose-notes.txt:15:16  warning  Footnote marker `^[4]` has no note text; expected a line `[4] text` at the end of the record. Kept as text  import-note',
    'loose-notes.txt:19  warning  Footnote text [3] at line 19 has no marker in the text; expected `[3]` where the note belongs. Left out of the draft  import-note',
  ]);
  const doc = readTei(r.file);
  assert.equal(elements(doc, 'note').map(text), ['The first note.']);
  assert.equal(elements(doc, 'sp').map((sp) => text(sp.children.find((c): c is XmlElement => isTei(c, 'p'))!)), ['One.The first note. Two.[2]', 'Three.^[4]']);
  assert.is((await run('validate', r.file)).code, 0);
});

test('usage mistakes exit 2 with the help; --help exits 0', async () => {
  const none = await run('import');
  assert.is(none.code, 2);
  assert.match(none.err, /colloquy import: expected the plain-text record to import\n\nUsage: colloquy import <record\.txt>/);
  const two = await run('import', 'a.txt', 'b.txt');
  assert.is(two.code, 2);
  const unknown = await run('import', 'a.txt', '--nope');
  assert.is(unknown.code, 2);
  const help = await run('import', '--help');
  assert.is(help.code, 0);
  assert.match(help.out, /--tag-names/);
  const list = await run('--help');
  assert.match(list.out, /\n {2}import +Turn a plain-text conversation record into a draft TEI file\n/);
});

test('the README example of import prints exactly what it says it yields', async () => {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const block = /```sh\nnpx colloquy import (\S+) --out (\S+)\n```\n\nYields:\n\n```text\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, 'README has an import example with its output');
  const [, record, , yields] = block as RegExpExecArray;
  const cwd = process.cwd();
  process.chdir(PROJECT_ROOT);
  try {
    const r = await run('import', record!, '--out', path.join(out, 'readme-example.xml'));
    assert.fixture(r.out + r.err, yields!);
  } finally {
    process.chdir(cwd);
  }
});

// 4. --tag-names: names found in the registers of existing TEI files.

testWith(missingShared(SEED), '--tag-names tags names from the registers of tei/, variants included, and the draft still validates', async () => {
  const r = await importTo('seed-tagged', sharedFile(SEED)!, '--tag-names');
  assert.is(r.code, 0, r.err);
  assert.equal(
    diagnosticLines(r.err).filter((l) => l.includes('import-names')).map((l) => l.replace(/^\S+ {2}warning {2}The name `([^`]+)`.*$/, '$1')),
    ['Central Committee', 'CC', 'Politburo'],
  );
  const doc = readTei(r.file);
  const byRef = (ref: string) => elements(doc, 'persName', (e) => getAttribute(e, 'ref') === ref).map(text);
  const stalin = byRef('#joseph-stalin');
  assert.ok(stalin.length > 30 && stalin.every((s) => s === 'Stalin'));
  // A variant spelling of the register: "Choe Yong-gon" is recorded for choe-yong-geon.
  assert.equal([...new Set(byRef('#choe-yong-geon'))].sort(), ['Choe Yong-geon', 'Choe Yong-gon']);
  // A name across the translators' insertion, as the canonical file tags it.
  const xml = fs.readFileSync(r.file, 'utf8');
  assert.ok(xml.includes('<persName ref="#lavrentii-beria"><supplied>Lavrentii</supplied> Beria</persName>'));
  assert.ok(xml.includes('<placeName ref="#north-korea"><supplied>North</supplied> Korea</placeName>'));
  // The entries are copied with their names; the participants stay the draft's own.
  assert.match(xml, /<person xml:id="joseph-stalin">\n\s*<persName type="main">Joseph Stalin<\/persName>\n\s*<persName type="variant">Stalin<\/persName>/);
  assert.match(xml, /Names in the text were tagged by machine wherever they are exactly a name or variant of an entry in the registers of 1956-09-18-mao-cpsu-delegation\.xml/);
  const v = await run('validate', r.file);
  assert.is(v.out, '1 file checked: no problems\n');
});

test('--registers reads other TEI files: a variant spelling is tagged, an ambiguous name is reported and left alone', async () => {
  const r = await importTo('second-tagged', path.join(FIXTURES, 'second-record.txt'), '--registers', path.join(FIXTURES, 'registers.xml'));
  assert.is(r.code, 0, r.err);
  assert.equal(diagnosticLines(r.err), [
    'second-record.txt:41  warning  The name `Council` (1 time) names several register entries (`#council-norvania`, `#council-vellmark`); not tagged. Tag it by hand where the referent is clear  import-names',
    'second-record.txt:51:55  warning  Square brackets inside square brackets: the inner `[board]` is kept as characters inside the outer `supplied`, which cannot hold another  import-nested-bracket',
  ]);
  const xml = fs.readFileSync(r.file, 'utf8');
  assert.ok(xml.includes('<persName ref="#ostrand-vell">Ostrand Vel</persName> asked about it'));
  assert.ok(xml.includes('as <persName ref="#ostrand-vell">Ostrand Vell</persName> promised the <orgName ref="#harbour-board">harbour board</orgName>.'));
  assert.ok(xml.includes('The bridge over the <placeName ref="#sarn-river">Sarn</placeName>'));
  assert.ok(xml.includes('<supplied>On behalf of the Council,</supplied>'));
  assert.ok(xml.includes('(The delegations took their seats. <persName ref="#ilse-brandauer">Brandauer</persName> opened the meeting.)'));
  assert.match(xml, /<person xml:id="ostrand-vell">\n\s*<persName type="main">Ostrand Vell<\/persName>\n\s*<persName type="variant">Ostrand Vel<\/persName>\n\s*<birth when="1901"\/>/);
  assert.not.match(xml, /council-norvania|council-vellmark/);
  const v = await run('validate', r.file);
  assert.is(v.out, '1 file checked: no problems\n');
});

test.run();
