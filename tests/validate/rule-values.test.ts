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

test.run();
