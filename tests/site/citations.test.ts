import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chicagoForItem, citeDocument, speakerNames, speechItem } from '../../src/site/citations.ts';
import { flagshipSite } from '../helpers/build.ts';

const { outcome } = await flagshipSite();
const data = outcome.edition.data;
if (!data) throw new Error('no data');
const doc = data.documents[0];
if (!doc) throw new Error('no document');
const byId = new Map(data.entities.map((e) => [e.id, e]));
const url = 'https://edition.example.org/documents/x/';

test("every turn's Chicago citation equals citeproc's own for that turn", () => {
  const turns = doc.speeches.map((unit) => ({ unit, speakers: speakerNames(unit, byId) }));
  const cited = citeDocument(doc, url, turns);
  assert.is(cited.turns.length, 197);
  turns.forEach(({ unit, speakers }, i) => {
    const slow = chicagoForItem(speechItem(doc, unit, speakers, `${url}#${unit.anchor}`));
    assert.is(cited.turns[i]?.chicagoNote, slow.note, unit.anchor);
    assert.is(cited.turns[i]?.chicagoBibliography, slow.bibliography, unit.anchor);
  });
  assert.is(cited.turns[0]?.chicagoNote.startsWith('Mao Zedong, “Turn 1,” in Conversation Records'), true);
  assert.is(cited.turns[3]?.chicagoBibliography.startsWith('Mikoyan, Anastas. “Turn 4.” In Conversation Records'), true);
});

test("turns with no speaker, or several: the same citations as citeproc's own", () => {
  const turns = doc.speeches.slice(0, 9).map((unit, i) => {
    const one = speakerNames(unit, byId);
    return { unit, speakers: i % 3 === 0 ? [] : i % 3 === 1 ? one : [...one, { literal: 'Shi Zhe' }] };
  });
  const cited = citeDocument(doc, url, turns);
  turns.forEach(({ unit, speakers }, i) => {
    const slow = chicagoForItem(speechItem(doc, unit, speakers, `${url}#${unit.anchor}`));
    assert.is(cited.turns[i]?.chicagoNote, slow.note, unit.anchor);
    assert.is(cited.turns[i]?.chicagoBibliography, slow.bibliography, unit.anchor);
  });
  // No speaker: Chicago puts the translators where the author would be.
  assert.match(cited.turns[0]?.chicagoNote ?? '', /^Sergey Radchenko and Jeffrey Wang, trans\., “Turn 1,” in Conversation Records/);
  assert.match(cited.turns[2]?.chicagoNote ?? '', /Shi Zhe/);
  // No placeholder is left anywhere.
  for (const t of cited.turns) assert.not.match(`${t.chicagoNote} ${t.chicagoBibliography}`, /QQ|987654321/);
});

test('BibTeX, RIS and CSL-JSON: one entry per turn, keyed by document and anchor', () => {
  const cited = citeDocument(doc, url, doc.speeches.slice(0, 3).map((unit) => ({ unit, speakers: speakerNames(unit, byId) })));
  // BibTeX keys are the ids with what BibTeX does not allow in a key (the hyphens) left out.
  assert.match(cited.document.bibtex, /^@misc\{19560918maocpsudelegation,/);
  assert.match(cited.turns[1]?.bibtex ?? '', /^@inbook\{19560918maocpsudelegationsp002,\n[\s\S]*author = \{Mikoyan, Anastas\}/);
  assert.match(cited.turns[1]?.ris ?? '', /^TY {2}- CHAP\r\n[\s\S]*AU {2}- Mikoyan, Anastas\r\n[\s\S]*ER {2}- ?\r\n$/);
  assert.is((cited.turns[1]?.ris.match(/^TY /gm) ?? []).length, 1, 'one RIS record per turn');
  const csl = JSON.parse(cited.turns[2]?.cslJson ?? '[]');
  assert.is(csl[0].title, 'Turn 3');
  assert.is(csl[0].URL, `${url}#sp-003`);
});

test('RIS keeps a long value whole: a space where citation-js breaks the line is not lost', () => {
  // citation-js breaks RIS values after every 70 characters; here the 70th is a space.
  const title = `${'A'.repeat(69)} ${'B'.repeat(10)} and ${'C'.repeat(70)}`;
  const cited = citeDocument({ ...doc, title }, url, doc.speeches.slice(0, 1).map((unit) => ({ unit, speakers: speakerNames(unit, byId) })));
  assert.ok(cited.document.ris.includes(`\r\nTI  - ${title}\r\n`), cited.document.ris);
  assert.ok(cited.turns[0]?.ris.includes(`\r\nT2  - ${title}\r\n`), cited.turns[0]?.ris);
  assert.match(cited.document.ris, /\r\nER {2}-\r\n$/);
});

test.run();
