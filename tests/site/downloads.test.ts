import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { unzipSync } from 'fflate';
import { FLAGSHIP, FLAGSHIP_SLUG, flagshipSite } from '../helpers/build.ts';
import { PROJECT_SCHEMA } from '../../src/project.ts';
import { hasCommand } from '../helpers/shared.ts';

const { site } = await flagshipSite();
const data = (f: string): Buffer => fs.readFileSync(path.join(site, 'data', f));
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

test('the TEI download is the canonical file byte for byte, and so is the schema', () => {
  assert.ok(data(`${FLAGSHIP_SLUG}.xml`).equals(fs.readFileSync(FLAGSHIP)));
  assert.ok(data('colloquy.rng').equals(fs.readFileSync(PROJECT_SCHEMA)));
});

test('SHA256SUMS and the Data page give the right checksum of every file', () => {
  const sums = data('SHA256SUMS').toString('utf8').trim().split('\n');
  assert.ok(sums.length >= 9);
  const page = fs.readFileSync(path.join(site, 'data', 'index.html'), 'utf8');
  for (const line of sums) {
    const [hash, file] = line.split(/\s+/) as [string, string];
    assert.is(sha(data(file)), hash, file);
    assert.ok(page.includes(`<code class="checksum">${hash}</code>`), `Data page shows the checksum of ${file}`);
  }
  assert.ok(page.includes(sha(fs.readFileSync(FLAGSHIP))));
});

test('plain text: Speaker: text for every turn', () => {
  const txt = data(`${FLAGSHIP_SLUG}.txt`).toString('utf8');
  assert.match(txt, /^Conversation records between Chairman Mao Zedong/);
  assert.match(txt, /\nChairman Mao \(hereafter, Chairman\): As you see, what should be done about the Korea problem\?\n/);
  assert.match(txt, /\nMikoyan: All right! Let us start the discussion with this bad problem!\n/);
  assert.match(txt, /\nChairman \(to Mukhitdinov\): You could live to the 21st century\.\[2\]\n/);
  assert.match(txt, /\nChairman \[sic\]: We also did not force him\./);
  assert.match(txt, /\n\[1\] There is lack of clarity in this sentence/);
  assert.is((txt.match(/^(Chairman|Mikoyan|Ponomarev|Peng|Zhou|Mukhitdinov|Yudin)[^:\n]*: /gm) ?? []).length, 197);
});

test('JSON: metadata, 197 speeches with speaker, text and persons, and the registers', () => {
  const json = JSON.parse(data(`${FLAGSHIP_SLUG}.json`).toString('utf8'));
  assert.is(json.metadata.title, 'Conversation records between Chairman Mao Zedong and the Soviet Communist Party Delegation, 18 September 1956');
  assert.equal(json.metadata.translators, ['Sergey Radchenko', 'Jeffrey Wang']);
  assert.is(json.metadata.tei.sha256, sha(fs.readFileSync(FLAGSHIP)));
  assert.is(json.speeches.length, 197);
  const sp4 = json.speeches[3];
  assert.is(sp4.id, 'sp-004');
  assert.is(sp4.speaker, 'Mikoyan');
  assert.equal(sp4.who, ['anastas-mikoyan']);
  assert.is(sp4.side, 'Soviet side');
  assert.equal(sp4.persons, ['kim-il-sung', 'nikita-khrushchev']);
  assert.match(sp4.text, /^We have not studied it properly yet\./);
  assert.is(json.registers.persons.length, 48);
  assert.is(json.registers.places.length, 26);
  assert.is(json.registers.organisations.length, 35);
  assert.is(json.registers.events.length, 10);
});

test('CSV: a header and one row per speech, quoted by RFC 4180', () => {
  const csv = data(`${FLAGSHIP_SLUG}.csv`).toString('utf8');
  const lines = csv.split('\r\n').filter(Boolean);
  assert.is(lines[0], 'id,n,speaker,who,side,words,persons_mentioned,url,text');
  assert.is(lines.length, 198);
  assert.match(lines[1] as string, /^sp-001,1,"Chairman Mao \(hereafter, Chairman\)",mao-zedong,Chinese side,\d+,,https:\/\/edition\.example\.org\/documents\/1956-09-18-mao-cpsu-delegation\/#sp-001,"As you see, what should be done about the Korea problem\?"$/);
});

test('one zip holds every download, byte for byte', () => {
  const zip = unzipSync(new Uint8Array(data('colloquy-edition.zip')));
  const names = Object.keys(zip).sort();
  for (const f of [`${FLAGSHIP_SLUG}.xml`, `${FLAGSHIP_SLUG}.txt`, `${FLAGSHIP_SLUG}.json`, `${FLAGSHIP_SLUG}.csv`, 'colloquy.rng']) {
    assert.ok(names.includes(f), f);
    assert.ok(Buffer.from(zip[f] as Uint8Array).equals(data(f)), `${f} in the zip is the same file`);
  }
  // Another implementation checks every entry's CRC and sizes (the entries are deflated by zlib, the archive written by fflate).
  if (hasCommand('unzip')) {
    const report = execFileSync('unzip', ['-t', path.join(site, 'data', 'colloquy-edition.zip')], { encoding: 'utf8' });
    assert.match(report, /No errors detected in compressed data/);
    assert.is((report.match(/ OK$/gm) ?? []).length, names.length);
  }
});

test('citations: Chicago, BibTeX, RIS and CSL-JSON for the document and for a speech', () => {
  const page = fs.readFileSync(path.join(site, 'documents', FLAGSHIP_SLUG, 'index.html'), 'utf8');
  assert.match(page, /Sergey Radchenko and Jeffrey Wang, trans\., “Conversation Records between Chairman Mao Zedong and the Soviet Communist Party Delegation, 18 September 1956” \(Wilson Center Digital Archive, September 18, 1956\), Chinese Communist Party Central Archives, https:\/\/edition\.example\.org\/documents\/1956-09-18-mao-cpsu-delegation\//);
  const ris = data(`${FLAGSHIP_SLUG}.ris`).toString('utf8');
  assert.match(ris, /^TY {2}- GEN\r\n/);
  assert.match(ris, /\r\nTI {2}- Conversation records between Chairman Mao Zedong and the Soviet Communist Party Delegation, 18 September 1956\r\n/, 'no line is wrapped');
  assert.match(data(`${FLAGSHIP_SLUG}.bib`).toString('utf8'), /^@misc\{/);
  const csl = JSON.parse(data(`${FLAGSHIP_SLUG}.csl.json`).toString('utf8'));
  assert.equal(csl[0].translator, [{ given: 'Sergey', family: 'Radchenko' }, { given: 'Jeffrey', family: 'Wang' }]);
  const cite = fs.readFileSync(path.join(site, 'documents', FLAGSHIP_SLUG, 'cite', 'index.html'), 'utf8');
  assert.match(cite, /<section class="turn-citation" id="sp-004"[\s\S]*?Anastas Mikoyan, “Turn 4,” in Conversation Records between Chairman Mao Zedong/);
  assert.match(cite, /Mao Zedong, “Turn 1,” in Conversation Records/, 'a Chinese name keeps its order');
  assert.is((cite.match(/<section class="turn-citation"/g) ?? []).length, 197);
});

test('the document page carries Highwire, Dublin Core and JSON-LD metadata', () => {
  const page = fs.readFileSync(path.join(site, 'documents', FLAGSHIP_SLUG, 'index.html'), 'utf8');
  for (const tag of [
    '<meta name="citation_title" content="Conversation records between Chairman Mao Zedong and the Soviet Communist Party Delegation, 18 September 1956">',
    '<meta name="citation_author" content="Sergey Radchenko">',
    '<meta name="citation_author" content="Jeffrey Wang">',
    '<meta name="citation_date" content="1956/09/18">',
    '<meta name="citation_publisher" content="Wilson Center Digital Archive">',
    '<meta name="DC.date" content="1956-09-18">',
    '<meta name="DC.contributor" content="Sergey Radchenko">',
  ]) {
    assert.ok(page.includes(tag), tag);
  }
  const ld = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '{}');
  assert.is(ld['@type'], 'CreativeWork');
  assert.is(ld.dateCreated, '1956-09-18');
  assert.equal(ld.translator.map((t: { name: string }) => t.name), ['Sergey Radchenko', 'Jeffrey Wang']);
});

test.run();
