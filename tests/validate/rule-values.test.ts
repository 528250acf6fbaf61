import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isoDateProblem } from '../../src/validate/rules/date-iso.ts';
import { languageTagProblem } from '../../src/validate/rules/lang-tag.ts';

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
