import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { composeText, countWords, keywordInContext } from '../../src/extract/compose-text.ts';
import { cslName } from '../../src/site/citations.ts';
import { rootFrom, slugFor } from '../../src/site/urls.ts';

test('slugFor keeps plain ids and makes any other id a safe, unique path segment', () => {
  assert.is(slugFor('mao-zedong'), 'mao-zedong');
  assert.is(slugFor('sp-001'), 'sp-001');
  for (const hostile of ['../../x', 'index', 'index.html', 'a/b', 'Ämter', 'x'.repeat(200), '..', 'cite', 'data']) {
    const slug = slugFor(hostile);
    assert.match(slug, /^[a-z0-9][a-z0-9.-]*$/i, hostile);
    assert.not.ok(slug.includes('..') || slug.includes('/'), hostile);
    assert.ok(slug.length <= 60, hostile);
    assert.is.not(slug, hostile.toLowerCase());
  }
  assert.is.not(slugFor('a/b'), slugFor('a?b'), 'different ids, different slugs');
});

test('rootFrom gives the relative path from a page to the site root', () => {
  assert.is(rootFrom(''), './');
  assert.is(rootFrom('documents/'), '../');
  assert.is(rootFrom('documents/x/'), '../../');
  assert.is(rootFrom('documents/x/cite/'), '../../../');
  assert.is(rootFrom('404.html'), './');
});

test('composeText joins segments, collapses white space and places mentions', () => {
  const c = composeText(
    [
      { t: '\n   As you see, the ' },
      { t: 'Korea', ref: '#north-korea', el: 'placeName' },
      { t: ' problem ' },
      { t: '[', mark: 'bracket' },
      { t: 'today' },
      { t: ']', mark: 'bracket' },
      { t: '.' },
      { t: '[1]', mark: 'note' },
      { t: '\n' },
    ],
    (ref) => [ref.slice(1)],
  );
  assert.is(c.source, 'As you see, the Korea problem [today].[1]');
  assert.is(c.reading, 'As you see, the Korea problem today.');
  assert.equal(c.mentions, [{ ids: ['north-korea'], el: 'placeName', text: 'Korea', start: 16, end: 21 }]);
  assert.is(c.source.slice(16, 21), 'Korea');
});

test('keyword in context cuts at words and marks the cut', () => {
  const text = 'one two three four five six seven eight nine ten eleven twelve thirteen';
  const k = keywordInContext(text, text.indexOf('seven'), text.indexOf('seven') + 5, 12);
  assert.equal(k, { before: '…five six ', match: 'seven', after: ' eight nine…' });
});

test('word counts', () => {
  assert.is(countWords("The UN doesn't know. If it knew, it could interfere."), 10);
  assert.is(countWords('Pak Heon-yeong, 500,000 ha'), 4);
});

test('names for citations: Western order inverted, East Asian order kept whole', () => {
  assert.equal(cslName('Anastas Mikoyan'), { given: 'Anastas', family: 'Mikoyan' });
  assert.equal(cslName('Mao Zedong', ['zh-Hans']), { literal: 'Mao Zedong' });
  assert.equal(cslName('Kim Il Sung', ['ko']), { literal: 'Kim Il Sung' });
  assert.equal(cslName('Sachkov'), { literal: 'Sachkov' });
});

test.run();
