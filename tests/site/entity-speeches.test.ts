import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildEdition } from '../../src/pipeline.ts';
import { decodeEntities, FLAGSHIP, buildOptions, flagshipSite, tempDir } from '../helpers/build.ts';
import { flagshipCopies, turnsIn } from '../helpers/copies.ts';

// An entry's page in an edition of several documents lists its turns under
// the title of the document they are in: "Turn 3" alone does not say where.

const dir = tempDir('entity-speeches');
const input = path.join(dir, 'input');
const files = flagshipCopies(input);
const out = path.join(dir, 'site');
const outcome = await buildEdition(files, buildOptions(out, { inputs: [input], profile: 'generic', schema: 'none' }));
if (!outcome.ok) throw new Error(`the build failed: ${outcome.reason}`);
const site = fs.realpathSync(out);
const documents = (outcome.edition.data?.documents ?? []).map((d) => ({ slug: d.slug, file: d.tei.path }));

/** The Speeches section of an entry's page, as its groups: a heading (if any) and the turns' links. */
function speechGroups(html: string): { summary: string; groups: Array<{ heading: string | undefined; links: string[] }> } {
  const section = /<section aria-labelledby="speeches">([\s\S]*?)<\/section>/.exec(html)?.[1];
  if (section === undefined) return { summary: '', groups: [] };
  const summary = /<p>([^<]*)<\/p>/.exec(section)?.[1] ?? '';
  const lists = [...section.matchAll(/(?:<h3>([\s\S]*?)<\/h3>\s*)?<ol class="speech-list">([\s\S]*?)<\/ol>/g)];
  return { summary, groups: lists.map((m) => ({ heading: m[1], links: [...(m[2] ?? '').matchAll(/<li><a href="([^"]+)">Turn \d+<\/a>/g)].map((l) => l[1] as string) })) };
}

const titleOf = (slug: string): string => decodeEntities(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(fs.readFileSync(path.join(site, 'documents', slug, 'index.html'), 'utf8'))?.[1]?.replace(/<[^>]+>/g, '').trim() ?? '');

test('the copies are three documents, in the order of their files, and the TEI gives Mao Zedong turns in two of them', () => {
  assert.equal(documents.map((d) => d.file), files);
  assert.equal(files.map((f) => (turnsIn(f).get('mao-zedong') ?? 0) > 0), [true, true, false]);
  assert.is(turnsIn(files[1] as string).get('mao-zedong'), (turnsIn(files[0] as string).get('mao-zedong') ?? 0) - 10, 'the second copy has ten of his turns fewer');
});

test('every person with turns lists them under the title of each document they are in, with the TEI count', () => {
  const perFile = documents.map((d) => ({ ...d, turns: turnsIn(d.file), title: titleOf(d.slug) }));
  const speakers = new Set(perFile.flatMap((d) => [...d.turns.keys()]));
  let checked = 0;
  for (const id of speakers) {
    const page = path.join(site, 'persons', id, 'index.html');
    if (!fs.existsSync(page)) continue; // (a @who that is not in the register has no page)
    const { summary, groups } = speechGroups(fs.readFileSync(page, 'utf8'));
    const inDocs = perFile.filter((d) => (d.turns.get(id) ?? 0) > 0);
    assert.is(groups.length, inDocs.length, `${id}: one list per document with turns`);
    if (inDocs.length > 1) assert.ok(summary.endsWith(` in ${inDocs.length} documents.`), `${id}: "${summary}"`);
    else assert.not.match(summary, / in \d+ documents?/, `${id}: one document, no count of them`);
    inDocs.forEach((d, i) => {
      const group = groups[i] as { heading: string | undefined; links: string[] };
      const n = d.turns.get(id) as number;
      assert.is(group.links.length, n, `${id} in ${d.slug}: the TEI's turns`);
      assert.ok(
        group.links.every((href) => href.startsWith(`../../documents/${d.slug}/#`)),
        `${id}: the turns under ${d.slug} are in it`,
      );
      if (inDocs.length > 1) {
        const heading = group.heading ?? '';
        assert.ok(heading.startsWith(`<a href="../../documents/${d.slug}/">`), `${id}: the heading links to ${d.slug}`);
        assert.is(decodeEntities(/<a [^>]*>([^<]*)<\/a>/.exec(heading)?.[1] ?? ''), d.title, `${id}: the heading is the document's title`);
        assert.match(heading, new RegExp(`<span class="count">${n.toLocaleString('en-US')} turns?, `), `${id} in ${d.slug}: its count of turns`);
      } else assert.is(group.heading, undefined, `${id}: in one document, no heading`);
      checked++;
    });
  }
  assert.ok(checked >= 15, `${checked} lists checked`);
  const mao = speechGroups(fs.readFileSync(path.join(site, 'persons', 'mao-zedong', 'index.html'), 'utf8'));
  assert.equal(
    mao.groups.map((g) => decodeEntities(/<a [^>]*>([^<]*)<\/a>/.exec(g.heading ?? '')?.[1] ?? '')),
    ['The first copy', 'The second copy'],
  );
});

test('in an edition of one document, the turns are one list without a heading', async () => {
  const { site: one } = await flagshipSite();
  const { summary, groups } = speechGroups(fs.readFileSync(path.join(one, 'persons', 'mao-zedong', 'index.html'), 'utf8'));
  assert.is(groups.length, 1);
  assert.is(groups[0]?.heading, undefined);
  assert.is(groups[0]?.links.length, turnsIn(FLAGSHIP).get('mao-zedong'));
  assert.not.match(summary, /documents?\./);
});

test.run();
