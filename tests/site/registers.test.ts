import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FLAGSHIP, flagshipSite } from '../helpers/build.ts';
import { mentionCounts, readTei } from '../helpers/tei.ts';
import { getAttribute, isTei, selectElements } from '../../src/xml/tree.ts';

const { site } = await flagshipSite();
const tei = readTei(FLAGSHIP);
const counts = mentionCounts(tei);
const SEGMENT: Record<string, string> = { person: 'persons', place: 'places', org: 'organisations', event: 'events' };
const entries = selectElements(tei.root, (e) => isTei(e) && e.local in SEGMENT).map((e) => ({ id: getAttribute(e, 'xml:id') as string, kind: e.local }));
const read = (...p: string[]): string => fs.readFileSync(path.join(site, ...p, 'index.html'), 'utf8');

test('every register entry has a page, and its mention count equals the TEI count', () => {
  assert.is(entries.length, 48 + 26 + 35 + 10);
  for (const { id, kind } of entries) {
    const page = read(SEGMENT[kind] as string, id);
    const kwic = (page.match(/<li><a class="where"/g) ?? []).length;
    const expected = counts.get(id) ?? 0;
    assert.is(kwic, expected, `${id}: ${kwic} keyword-in-context lines, TEI has ${expected} mentions`);
    assert.match(page, new RegExp(`<p>${expected.toLocaleString('en-US')} mentions?\\.`), `${id}: the count shown`);
  }
});

test('the register index pages show each entry with its mention count', () => {
  for (const kind of Object.keys(SEGMENT)) {
    const index = read(SEGMENT[kind] as string);
    for (const { id } of entries.filter((e) => e.kind === kind)) {
      const n = counts.get(id) ?? 0;
      assert.match(index, new RegExp(`<a href="${id}/">[\\s\\S]*?<span class="count">${n.toLocaleString('en-US')} mentions?`), `${kind} index: ${id}`);
    }
  }
});

test('persons: participants come first, by side, then others mentioned', () => {
  const index = read('persons');
  const headings = [...index.matchAll(/<h2 id="group-\d+">([^<]+)<\/h2>/g)].map((m) => m[1]);
  assert.equal(headings, ['Participants: Soviet side', 'Participants: Chinese side', 'Others mentioned']);
});

test('an entity page: names, variants, original script, dates, role, identifiers', () => {
  const mao = read('persons', 'mao-zedong');
  assert.match(mao, /<h1>Mao Zedong<\/h1>/);
  assert.match(mao, /<dt>Original script<\/dt><dd><span lang="zh-Hans">毛泽东<\/span><\/dd>/);
  assert.match(mao, /<dt>Variants<\/dt><dd>Chairman Mao, Chairman<\/dd>/);
  assert.match(mao, /<dt>Dates<\/dt><dd>1893–1976<\/dd>/);
  assert.match(mao, /<dt>Participant<\/dt><dd>Chinese side<\/dd>/);
  assert.match(mao, /<a href="https:\/\/www\.wikidata\.org\/wiki\/Q5816">wikidata Q5816<\/a>/);
  const choe = read('persons', 'choe-yong-geon');
  assert.match(choe, /<dt>Variants<\/dt><dd>Choe Yong-gon<\/dd>/);
  const congress = read('events', 'cpsu-20th-congress');
  assert.match(congress, /<dt>Date<\/dt><dd>1956-02-14 – 1956-02-25<\/dd>/);
});

test('mentions in context link to the exact speech', () => {
  const rakosi = read('persons', 'matyas-rakosi');
  assert.match(rakosi, /<li><a class="where" href="\.\.\/\.\.\/documents\/1956-09-18-mao-cpsu-delegation\/#sp-065">Mikoyan <span class="anchor">sp-065<\/span><\/a> <span class="context">[^<]*<mark>Rakosi<\/mark>/);
  const yalu = read('places', 'yalu-river');
  assert.match(yalu, /#sp-013">Mikoyan[\s\S]*?resting in a villa on the bank of the <mark>Yalu River<\/mark>\./);
});

test('participants list their speeches with counts and words, and the words add up to the document', () => {
  let total = 0;
  let turns = 0;
  for (const id of ['mao-zedong', 'anastas-mikoyan', 'zhou-enlai', 'peng-dehuai', 'nuritdin-mukhitdinov', 'boris-ponomarev', 'pavel-yudin']) {
    const page = read('persons', id);
    const m = /<p>([\d,]+) turns?, ([\d,]+) words?\.<\/p>/.exec(page);
    assert.ok(m, `${id} shows its speeches`);
    turns += Number((m as RegExpExecArray)[1]?.replace(/,/g, ''));
    total += Number((m as RegExpExecArray)[2]?.replace(/,/g, ''));
  }
  assert.is(turns, 197);
  const doc = fs.readFileSync(path.join(site, 'documents', 'index.html'), 'utf8');
  const words = Number(/197 turns · ([\d,]+) words/.exec(doc)?.[1]?.replace(/,/g, ''));
  assert.is(total, words);
  // "The UN doesn't know. If it knew, it could interfere." is ten words.
  assert.match(read('persons', 'pavel-yudin'), /<p>1 turn, 10 words\.<\/p>/);
});

test.run();
