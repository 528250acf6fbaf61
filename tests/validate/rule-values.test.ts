import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isoDateProblem } from '../../src/validate/rules/date-iso.ts';
import { languageTagProblem } from '../../src/validate/rules/lang-tag.ts';
import { TeiFile } from '../../src/tei-file.ts';
import { validateTei } from '../../src/validate/validate-tei.ts';

async function dateMessages(body: string): Promise<string[]> {
  const xml = `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc>${body}</sourceDesc></fileDesc></teiHeader><text><body><p>x</p></body></text></TEI>`;
  const file = new TeiFile('dates.xml', { bytes: Buffer.from(xml) });
  await validateTei([file], { schema: undefined, profile: 'generic' });
  return file.messages.filter((m) => m.ruleId === 'date-iso').map((m) => m.reason);
}

test('ISO 8601 dates: accepted forms', () => {
  for (const v of ['1956', '1956-09', '1956-09-18', '1956-09-18T18:00:00', '1956-09-18T18:00', '1956-09-18T18:00:00Z', '1956-09-18T18:00:00+08:00', '2000-02-29', '--09-18', '18:00:00', '-0044-03-15']) {
    assert.is(isoDateProblem(v), undefined, v);
  }
});

test('ISO 8601 dates: rejected forms, with the reason', () => {
  const cases: Array<[string, RegExp]> = [
    ['1956-02-30', /day 30 of a month that has 29 days/],
    ['1957-02-29', /day 29 of a month that has 28 days/],
    ['1900-02-29', /28 days/],
    ['1956-13', /month 13/],
    ['1956-00-10', /month 00/],
    ['18 September 1956', /not in ISO 8601 form/],
    ['1956/09/18', /not in ISO 8601 form/],
    ['56', /not in ISO 8601 form/],
    ['0000', /year 0000/],
    ['1956-09-18T25:00:00', /time that does not exist/],
    ['', /not in ISO 8601 form/],
  ];
  for (const [v, why] of cases) assert.match(isoDateProblem(v) ?? 'accepted', why, v);
});

test('date-iso reads @from/@to as dates only where TEI means dates', async () => {
  // Page ranges and pointers use @from/@to too: not dates, never reported.
  assert.equal(await dateMessages('<bibl><biblScope unit="page" from="755" to="858">755-858</biblScope><citedRange from="3" to="1"/></bibl>'), []);
  // The same values on <date> are reported, and a span that ends before it begins.
  const dates = await dateMessages('<bibl><date from="755" to="858">x</date><date from="1956-09-18" to="1956-09-01">y</date></bibl>');
  assert.is(dates.length, 3, dates.join('\n'));
  assert.match(dates[0] as string, /`@from="755"` on `<date>`, which is not in ISO 8601 form/);
  assert.match(dates[2] as string, /ends \(`@to="1956-09-01"`\) before it begins/);
  // A vocabulary of its own: its attributes are not TEI's.
  assert.equal(await dateMessages('<bibl><x:span xmlns:x="urn:x" when="soon">z</x:span></bibl>'), []);
});

test('language tags: well-formed BCP 47 accepted', () => {
  for (const v of ['en', 'zh', 'zh-Hans', 'zh-Hant-TW', 'ko', 'ru', 'hu', 'de-CH-1996', 'en-GB-oxendict', 'sr-Latn', 'x-private', 'zh-yue', 'es-419', 'i-klingon', '']) {
    assert.is(languageTagProblem(v), undefined, v);
  }
});

test('language tags: malformed or unusable ones rejected', () => {
  for (const v of ['english', 'EN_us', 'en-', '-en', 'e', 'zh-Hans-', 'en--GB', 'ru RU', 'de-1']) {
    assert.ok(languageTagProblem(v), v);
  }
});


async function pointerMessages(body: string): Promise<string[]> {
  const xml = `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader><text><body>${body}</body></text></TEI>`;
  const file = new TeiFile('pointers.xml', { bytes: Buffer.from(xml) });
  await validateTei([file], { schema: undefined, profile: 'generic' });
  return file.messages.filter((m) => m.ruleId === 'pointer-resolves').map((m) => m.reason);
}

test('pointer-resolves suggests the closest id within three edits, the first in the file among equals', async () => {
  const ids = ['alpha-one', 'alpha-two', 'xyzzy', 'ab', 'abcdefgh'].map((id) => `<p xml:id="${id}">x</p>`).join('');
  const [one, tie, none, shorter, longer, far] = await pointerMessages(
    `${ids}<p><ref target="#alpha-on">a</ref><ref target="#alpha-tw0">b</ref><ref target="#qqqqqqqq">c</ref><ref target="#abc">d</ref><ref target="#abcdefghijk">e</ref><ref target="#abcdefghijkl">f</ref></p>`,
  );
  assert.match(one as string, /`#alpha-on`.*\(did you mean `#alpha-one`\?\)/);
  // One edit from alpha-two; two from alpha-one: the nearer wins, wherever it is.
  assert.match(tie as string, /\(did you mean `#alpha-two`\?\)/);
  assert.not.match(none as string, /did you mean/);
  // Lengths differ: one edit shorter, three longer; four longer is too far.
  assert.match(shorter as string, /\(did you mean `#ab`\?\)/);
  assert.match(longer as string, /\(did you mean `#abcdefgh`\?\)/);
  assert.not.match(far as string, /did you mean/);
  // Two ids one edit away: the first in the file is suggested, as the same pointer is again.
  const [first, again] = await pointerMessages('<p xml:id="cat-b">x</p><p xml:id="cat-a">y</p><p><ref target="#cat-c">a</ref><ref target="#cat-c">b</ref></p>');
  assert.match(first as string, /\(did you mean `#cat-b`\?\)/);
  assert.match(again as string, /\(did you mean `#cat-b`\?\)/);
});

test('pointer-resolves: thousands of ids and unresolved pointers give every message, each with its suggestion', async () => {
  const n = 3000;
  const ids = Array.from({ length: n }, (_, i) => `<p xml:id="w${String(i).padStart(6, '0')}">x</p>`).join('');
  const refs = Array.from({ length: 300 }, (_, i) => `<ref target="#w${String(i * 7).padStart(6, '0')}x">r</ref><ref target="#zz${i}">s</ref>`).join('');
  const messages = await pointerMessages(`${ids}<p>${refs}</p>`);
  assert.is(messages.length, 600);
  for (let i = 0; i < 300; i++) {
    assert.match(messages[2 * i] as string, new RegExp(`did you mean \`#w${String(i * 7).padStart(6, '0')}\``));
    assert.not.match(messages[2 * i + 1] as string, /did you mean/);
  }
});
test.run();
