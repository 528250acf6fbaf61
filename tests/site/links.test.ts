import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildEdition } from '../../src/pipeline.ts';
import { FLAGSHIP, FLAGSHIP_SLUG, buildOptions, flagshipSite, htmlPages, tempDir } from '../helpers/build.ts';
import { brokenLinks } from '../helpers/links.ts';

const { site } = await flagshipSite();
const pages = htmlPages(site);
const read = (p: string): string => fs.readFileSync(path.join(site, p), 'utf8');

test('no internal link is broken, anchors included', () => {
  assert.ok(pages.length > 120, `${pages.length} pages`);
  assert.equal(brokenLinks(site, pages), []);
});

test('the link check finds a broken link (it can fail)', () => {
  const dir = tempDir('links');
  fs.writeFileSync(path.join(dir, 'index.html'), '<a href="missing/">x</a><a href="#nowhere">y</a>');
  assert.is(brokenLinks(dir, ['index.html']).length, 2);
});

test('URL shapes are a public interface: these paths exist', () => {
  for (const p of [
    `documents/${FLAGSHIP_SLUG}/index.html`,
    `documents/${FLAGSHIP_SLUG}/cite/index.html`,
    'documents/index.html',
    'persons/index.html',
    'persons/mao-zedong/index.html',
    'persons/anastas-mikoyan/index.html',
    'places/beijing/index.html',
    'organisations/cc-cpsu/index.html',
    'events/cpsu-20th-congress/index.html',
    'data/index.html',
    `data/${FLAGSHIP_SLUG}.xml`,
    `data/${FLAGSHIP_SLUG}.txt`,
    `data/${FLAGSHIP_SLUG}.json`,
    `data/${FLAGSHIP_SLUG}.csv`,
    'data/colloquy.rng',
    'data/colloquy-edition.zip',
    'about/index.html',
    'schema/index.html',
    '404.html',
    'sitemap.xml',
  ]) {
    assert.ok(fs.existsSync(path.join(site, p)), p);
  }
  const doc = read(`documents/${FLAGSHIP_SLUG}/index.html`);
  for (let i = 1; i <= 197; i++) assert.ok(doc.includes(` id="sp-${String(i).padStart(3, '0')}"`), `#sp-${i}`);
});

test('no content is reachable only through a query string, and no page loads an external resource', () => {
  for (const page of pages) {
    const html = read(page);
    for (const m of html.matchAll(/\shref="([^"]*)"/g)) {
      if (!/^https?:/.test(m[1] as string)) assert.not.ok((m[1] as string).includes('?'), `${page}: ${m[1]}`);
    }
    for (const m of html.matchAll(/<(?:script|img|iframe|source|link)\b[^>]*?\s(?:src|href)="([^"]*)"/g)) {
      if ((m[0] as string).includes('rel="canonical"')) continue;
      assert.not.match(m[1] as string, /^(https?:)?\/\//, `${page} loads ${m[1]}`);
    }
    assert.not.match(html, /@import|url\(["']?https?:/);
  }
});

test('every page shows the version and build date, has a canonical URL and is in the sitemap', () => {
  const sitemap = read('sitemap.xml');
  for (const page of pages.filter((p) => p !== '404.html')) {
    const html = read(page);
    assert.match(html, /Colloquy edition 0\.0\.0-test · built <time datetime="2026-11-26">26 November 2026<\/time>/, page);
    const url = `https://edition.example.org/${page.replace(/index\.html$/, '')}`;
    assert.ok(html.includes(`<link rel="canonical" href="${url}">`), `${page} canonical`);
    assert.ok(sitemap.includes(`<loc>${url}</loc>`), `${page} in the sitemap`);
  }
  assert.is((sitemap.match(/<loc>/g) ?? []).length, pages.length - 1);
});

test('a site built for a sub-path keeps every link working there', async () => {
  const out = path.join(tempDir('base'), 'site');
  const outcome = await buildEdition([FLAGSHIP], buildOptions(out, { base: '/edition/', siteUrl: 'https://example.org/edition/' }));
  assert.ok(outcome.ok);
  const all = htmlPages(out);
  assert.equal(brokenLinks(out, all, '/edition/'), []);
  const notFound = fs.readFileSync(path.join(out, '404.html'), 'utf8');
  assert.match(notFound, /href="\/edition\/assets\/colloquy\.css"/);
  assert.match(notFound, /<a href="\/edition\/documents\/">documents<\/a>/);
  assert.match(fs.readFileSync(path.join(out, 'sitemap.xml'), 'utf8'), /<loc>https:\/\/example\.org\/edition\/persons\/mao-zedong\/<\/loc>/);
});

test.run();
