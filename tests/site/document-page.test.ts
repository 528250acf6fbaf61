import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildEdition } from '../../src/pipeline.ts';
import { FLAGSHIP, FLAGSHIP_SLUG, buildOptions, firstMissing, flagshipSite, htmlTokens, tempDir } from '../helpers/build.ts';
import { readTei, teiTokens, textElements } from '../helpers/tei.ts';
import { getAttribute, isTei, selectElements } from '../../src/xml/tree.ts';

const { site } = await flagshipSite();
const page = fs.readFileSync(path.join(site, 'documents', FLAGSHIP_SLUG, 'index.html'), 'utf8');
const tei = readTei(FLAGSHIP);

test('every text token of the TEI <text> appears in the document page, in order', () => {
  const expected = textElements(tei).flatMap(teiTokens);
  assert.ok(expected.length > 9000);
  const missing = firstMissing(expected, htmlTokens(page));
  assert.is(missing, -1, missing === -1 ? '' : `token ${missing} "${expected[missing]}" is missing after: ${expected.slice(Math.max(0, missing - 10), missing).join(' ')}`);
});

test('the check above fails when a word is missing from the page', () => {
  const broken = page.replace('Let us start the discussion with this bad problem', 'Let us start the discussion with this problem');
  const expected = textElements(tei).flatMap(teiTokens);
  assert.is.not(firstMissing(expected, htmlTokens(broken)), -1);
});

test('every speech has an anchor equal to its xml:id, in order', () => {
  const ids = selectElements(tei.root, (e) => isTei(e, 'sp')).map((e) => getAttribute(e, 'xml:id'));
  const anchors = [...page.matchAll(/<div class="tei-sp[^"]*" id="([^"]+)"/g)].map((m) => m[1]);
  assert.is(anchors.length, 197);
  assert.equal(anchors, ids);
});

test('each turn shows its label, side, a permalink, a copy button and a citation link', () => {
  const turn = /<div class="tei-sp side-soviet" id="sp-002"[\s\S]*?<\/div>/.exec(page)?.[0] ?? '';
  assert.match(turn, /<span class="tei-speaker">Mikoyan<\/span>/);
  assert.match(turn, /<span class="side">Soviet side<\/span>/);
  assert.match(turn, /<a class="permalink" href="#sp-002"/);
  assert.match(turn, /<button type="button" class="copy-link" data-anchor="sp-002" hidden/);
  assert.match(turn, /<a class="cite-link" href="cite\/#sp-002"/);
});

test('the header panel gives date, place, sides, source, translators and status', () => {
  const header = /<header class="doc-header">[\s\S]*?<\/header>/.exec(page)?.[0] ?? '';
  for (const expected of [
    /<dt>Date<\/dt><dd><time datetime="1956-09-18T18:00:00">18 September 1956, 18:00–21:10<\/time>/,
    /<dt>Place<\/dt><dd><a href="\.\.\/\.\.\/places\/yi-nian-hall\/">Yi Nian Hall<\/a>, <a href="\.\.\/\.\.\/places\/zhongnanhai\/">Zhongnanhai<\/a>/,
    /<dt>Soviet side<\/dt><dd><a href="\.\.\/\.\.\/persons\/anastas-mikoyan\/">Anastas Mikoyan<\/a>/,
    /<dt>Chinese side<\/dt><dd><a href="\.\.\/\.\.\/persons\/mao-zedong\/">Mao Zedong<\/a>/,
    /<dt>Translated by<\/dt><dd>Sergey Radchenko and Jeffrey Wang<\/dd>/,
    /Wilson Center Digital Archive, Chinese Communist Party Central Archives/,
    /<a href="https:\/\/digitalarchive\.umd\.edu\/document\/117838">/,
    /<span class="status">Not yet proof read<\/span>/,
  ]) {
    assert.match(header, expected);
  }
});

test('names link to their register entries; notes are footnotes with back-links and an inline popover', () => {
  assert.match(page, /<a href="\.\.\/\.\.\/persons\/kim-il-sung\/" data-entity="persons\/kim-il-sung\/" class="tei-persName">Kim Il Sung<\/a>/);
  assert.match(page, /<a class="noteref" id="note-1~ref" href="#note-1" data-note="note-1~pop">/);
  assert.match(page, /<span class="note-popover" id="note-1~pop" popover="" role="note"/);
  assert.match(page, /<li id="note-1" value="1">There is lack of clarity[\s\S]*?<a class="backref" href="#note-1~ref"/);
  assert.match(page, /<li id="note-2" value="2">/);
});

test('editorial marks: brackets and [sic] are marked for the source view only', () => {
  assert.match(page, /<span class="tei-supplied"><span class="bracket" aria-hidden="true">\[<\/span>Anastas<span class="bracket" aria-hidden="true">\]<\/span><\/span>/);
  // "the 4th [sic, should be 10th]": 4th and the mark are source-only; the correction shows in both views.
  assert.match(page, /<span class="tei-sic src-only">4th<\/span>/);
  assert.match(page, /<span class="src-only">sic, should be <\/span><span class="tei-corr">10th<\/span>/);
  // Page breaks are shown discreetly.
  assert.is((page.match(/<span class="tei-pb" title="Page break in the source">/g) ?? []).length, 8);
});

test('an unknown element is rendered with its text and the class tei-<name>, and warned about once', async () => {
  const out = path.join(tempDir('unknown'), 'site');
  const fixture = path.join(import.meta.dirname, '..', 'fixtures', 'build', 'unknown-element.xml');
  const outcome = await buildEdition([fixture], buildOptions(out, { profile: 'generic', schema: 'none' }));
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
  const html = fs.readFileSync(path.join(out, 'documents', 'unknown-element', 'index.html'), 'utf8');
  assert.match(html, /<span class="tei-frobnicate tei-unmapped" data-tei="frobnicate">a word nobody mapped<\/span>/);
  assert.match(html, /<span class="tei-whiteline tei-unmapped" data-tei="vg:whiteline">text in another namespace<\/span>/);
  assert.match(html, /<div class="tei-container tei-unmapped" id="block~3" data-tei="container"><p class="tei-p">A paragraph inside an unknown block\.<\/p><\/div>/);
  const warnings = outcome.edition.messages.filter((m) => m.ruleId === 'unmapped-element').map((m) => m.reason);
  assert.equal(warnings.map((w) => /`<([^>]+)>`/.exec(w)?.[1]).sort(), ['container', 'frobnicate', 'vg:whiteline']);
  const doc = readTei(fixture);
  assert.is(firstMissing(textElements(doc).flatMap(teiTokens), htmlTokens(html)), -1);
});

test.run();
