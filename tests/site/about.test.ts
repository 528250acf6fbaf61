import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateCorpus } from '../../bench/generate-corpus.ts';
import { findXmlFiles } from '../../src/cli/find-files.ts';
import { buildEdition } from '../../src/pipeline.ts';
import { buildOptions, decodeEntities, tempDir } from '../helpers/build.ts';

// The About page gives each document's source, rights, editorial principles
// and revisions. Documents of one corpus mostly share their editorial
// declaration: each different one is given once, in full, and every other
// document with the same one links to it.

const dir = tempDir('about');
const corpus = path.join(dir, 'corpus');
const { files } = generateCorpus(6, corpus, { seed: 5 });
// The generator varies the declarations; two documents are given the first one's, and one a sentence of its own.
const DECL = /<editorialDecl\b[\s\S]*?<\/editorialDecl>/;
const declaration = DECL.exec(fs.readFileSync(files[0] as string, 'utf8'))?.[0] as string;
for (const file of files.slice(1, 3)) fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(DECL, () => declaration));
const changed = files[3] as string;
const xml = fs.readFileSync(changed, 'utf8');
const own = xml.replace(/(<editorialDecl\b[^>]*>[\s\S]*?<p\b[^>]*>)/, '$1An editorial sentence only this document has. ');

/** A page's text: its markup dropped, its entities decoded. */
const decode = (html: string): string => decodeEntities(html.replace(/<[^>]+>/g, ''));

test('each different editorial declaration is given once, in full; the others link to it', async () => {
  assert.ok(declaration && own !== xml, 'the generated documents have editorial declarations');
  fs.writeFileSync(changed, own);
  const built = await buildEdition(await findXmlFiles([corpus]), buildOptions(path.join(dir, 'site'), { inputs: [corpus], profile: 'generic' }));
  assert.ok(built.ok, built.ok ? '' : built.reason);
  const docs = built.edition.data?.documents ?? [];
  const html = fs.readFileSync(path.join(dir, 'site', 'about', 'index.html'), 'utf8');
  const sections = html.split(/<section aria-labelledby="doc-\d+">/).slice(1);
  assert.is(sections.length, docs.length, 'a section per document');

  const distinct = new Map<string, number>();
  docs.forEach((doc, i) => {
    const text = JSON.stringify(doc.editorial);
    if (doc.editorial.length && !distinct.has(text)) distinct.set(text, i);
  });
  assert.ok(distinct.size >= 2, `at least two different declarations (${distinct.size})`);
  assert.ok(docs.filter((d) => d.editorial.length).length > distinct.size, 'and documents that share one');

  docs.forEach((doc, i) => {
    const section = sections[i] as string;
    assert.ok(decode(section).includes(doc.title), `section ${i + 1} is ${doc.title}`);
    if (!doc.editorial.length) return;
    const first = distinct.get(JSON.stringify(doc.editorial)) as number;
    const words = doc.editorial.flatMap((s) => s.paragraphs.flatMap((p) => p.map((r) => r.text))).join(' ');
    const sentence = words.split(/(?<=\.)\s/)[0] as string;
    if (first === i) {
      assert.ok(section.includes(`<h3 id="editorial-${i + 1}">Editorial principles</h3>`), `${doc.title}: the declaration, with its anchor`);
      for (const s of doc.editorial) assert.ok(decode(section).includes(s.heading), `${doc.title}: "${s.heading}"`);
      assert.ok(decode(section).replace(/\s+/g, ' ').includes(sentence.replace(/\s+/g, ' ')), `${doc.title}: its text`);
    } else {
      assert.match(section, new RegExp(`<p>The same as for <a href="#editorial-${first + 1}">`), `${doc.title}: a link to the first document with the same declaration`);
      assert.not.ok(section.includes('<h4>'), `${doc.title}: the declaration is not repeated`);
    }
  });
  // Every anchor linked to is on the page.
  for (const [, anchor] of html.matchAll(/href="#(editorial-\d+)"/g)) assert.ok(html.includes(`id="${anchor}"`), `#${anchor} is on the page`);
  assert.ok(decode(html).includes('An editorial sentence only this document has.'), 'the declaration of its own is given');
});

test.run();
