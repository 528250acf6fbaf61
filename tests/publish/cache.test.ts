import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateCorpus } from '../../bench/generate-corpus.ts';
import { findXmlFiles } from '../../src/cli/find-files.ts';
import type { BuildOptions } from '../../src/edition.ts';
import { buildEdition } from '../../src/pipeline.ts';
import { CACHE_DIR } from '../../src/cache/cache.ts';
import { SHARED_PAGES } from '../../src/site/page-keys.ts';
import { FLAGSHIP, buildOptions, tempDir } from '../helpers/build.ts';
import { treeDigest } from '../helpers/run-build.ts';

// The cache: an unchanged document is not transformed again and gives the
// same site; a changed one is; a build of what is already published does
// nothing and says what it said before.

const digest = (out: string): string => treeDigest(fs.realpathSync(out));

/**
 * A generated corpus of `count` documents in a temporary folder, with the
 * options of a build into `<dir>/<out>`, and a check that the site at
 * `<dir>/site` is that of a fresh build into `<dir>/<out>`.
 */
async function generatedEdition(name: string, count: number, seed: number) {
  const dir = tempDir(name);
  const input = path.join(dir, 'input');
  const { files } = generateCorpus(count, input, { seed });
  const opts = (out: string) => buildOptions(path.join(dir, out), { inputs: [input], profile: 'generic' });
  const paths = await findXmlFiles([input]);
  const sameAsFresh = async (out: string): Promise<void> => {
    assert.ok((await buildEdition(paths, opts(out))).ok);
    assert.is(digest(path.join(dir, 'site')), digest(path.join(dir, out)), `the site is that of a fresh build (${out})`);
  };
  return { dir, files, opts, paths, sameAsFresh };
}

/**
 * A copy of the flagship in a temporary folder, one word of a speech
 * changed (`marker`), so that no earlier test's cache entry applies and the
 * entries it writes are the test's own; with the options of a build into `<dir>/<out>`.
 */
function markedFlagship(name: string) {
  const dir = tempDir(name);
  const input = path.join(dir, 'input');
  fs.mkdirSync(input);
  const file = path.join(input, path.basename(FLAGSHIP));
  const marker = `${name}-${process.pid}-${Date.now()}`;
  fs.writeFileSync(file, fs.readFileSync(FLAGSHIP, 'utf8').replace('Let us start the discussion', `Let us start the ${marker} discussion`));
  const opts = (out: string) => buildOptions(path.join(dir, out), { inputs: [input], profile: 'generic', schema: 'project' });
  return { dir, file, marker, opts };
}

test('a cached transform gives the same site as a fresh one, and a changed document is transformed again', async () => {
  const { dir, file, marker, opts } = markedFlagship('cache-test');

  const first = await buildEdition([file], opts('first'));
  assert.ok(first.ok);
  assert.equal(first.edition.cacheStats.transform, { hits: 0, misses: 1 });
  const second = await buildEdition([file], opts('second'));
  assert.ok(second.ok);
  assert.equal(second.edition.cacheStats.transform, { hits: 1, misses: 0 });
  assert.is(digest(path.join(dir, 'second')), digest(path.join(dir, 'first')));
  assert.ok(fs.readFileSync(path.join(fs.realpathSync(path.join(dir, 'second')), 'documents', '1956-09-18-mao-cpsu-delegation', 'index.html'), 'utf8').includes(marker));

  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(marker, `${marker}-edited`));
  const third = await buildEdition([file], opts('second'));
  assert.ok(third.ok);
  assert.equal(third.edition.cacheStats.transform, { hits: 0, misses: 1 });
  assert.ok(fs.readFileSync(path.join(fs.realpathSync(path.join(dir, 'second')), 'documents', '1956-09-18-mao-cpsu-delegation', 'index.html'), 'utf8').includes(`${marker}-edited`));
});

test('a cache entry of bytes cut short or changed is not used: the document page and the archive are those of a fresh build', async () => {
  const { dir, file, marker, opts } = markedFlagship('bytes-test');
  const entries = (): Set<string> => new Set(['transform-html', 'zip-entries'].flatMap((ns) => (fs.existsSync(path.join(CACHE_DIR, ns)) ? fs.readdirSync(path.join(CACHE_DIR, ns), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.bin')).map((f) => path.join(CACHE_DIR, ns, f)) : [])));
  const before = entries();
  const first = await buildEdition([file], opts('first'));
  assert.ok(first.ok);
  const written = [...entries()].filter((f) => !before.has(f));
  const html = written.filter((f) => f.includes(`${path.sep}transform-html${path.sep}`));
  const zipped = written.filter((f) => f.includes(`${path.sep}zip-entries${path.sep}`));
  assert.is(html.length, 1, 'the document\'s HTML');
  assert.ok(zipped.length > 0, 'the files of the archive that hold the document\'s text');
  // The HTML cut in half; each zip entry with one byte changed in its middle.
  for (const f of html) fs.writeFileSync(f, fs.readFileSync(f).subarray(0, Math.floor(fs.statSync(f).size / 2)));
  for (const f of zipped) {
    const bytes = fs.readFileSync(f);
    const i = Math.floor(bytes.length / 2);
    bytes[i] = (bytes[i] as number) ^ 0xff;
    fs.writeFileSync(f, bytes);
  }
  const second = await buildEdition([file], opts('second'));
  assert.ok(second.ok, second.ok ? '' : second.reason);
  assert.is(digest(path.join(dir, 'second')), digest(path.join(dir, 'first')));
  assert.ok(fs.readFileSync(path.join(fs.realpathSync(path.join(dir, 'second')), 'documents', '1956-09-18-mao-cpsu-delegation', 'index.html'), 'utf8').includes(marker));
  // The HTML was taken as cached, and found damaged when the page was made: the build said so, and made it again.
  const said = second.edition.allMessages.filter((m) => m.ruleId === 'cache-damaged').map((m) => m.reason);
  assert.is(said.length, 1, said.join('\n'));
  assert.match(said[0] as string, /^The build was made again: the transform's cached HTML [0-9a-f]{64} is gone from the cache or damaged\. Every cached result of the transform was checked, and each damaged one made again$/);
  // The damaged entries were written again, whole.
  const third = await buildEdition([file], opts('third'));
  assert.ok(third.ok);
  assert.equal(third.edition.allMessages.filter((m) => m.ruleId === 'cache-damaged'), []);
  assert.is(digest(path.join(dir, 'third')), digest(path.join(dir, 'first')));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a build of what is already published does nothing, keeps the site and repeats its messages', async () => {
  const dir = tempDir('noop');
  const input = path.join(dir, 'input');
  fs.mkdirSync(input);
  const file = path.join(input, 'doc.xml');
  // A speaker label that does not match its @who: a warning that the no-op must repeat.
  fs.writeFileSync(file, fs.readFileSync(FLAGSHIP, 'utf8').replace('<speaker>Mikoyan</speaker>', '<speaker>Someone else</speaker>'));
  const opts = buildOptions(path.join(dir, 'site'), { inputs: [input], profile: 'generic', schema: 'none' });
  const first = await buildEdition([file], opts);
  assert.ok(first.ok);
  assert.is(first.edition.upToDate, undefined);
  const warnings = first.edition.allMessages.map((m) => JSON.stringify(m.toJSON()));
  assert.ok(warnings.some((w) => w.includes('Someone else')), warnings.join('\n'));
  const before = digest(path.join(dir, 'site'));

  const again = await buildEdition([file], opts);
  assert.ok(again.ok);
  assert.ok(again.edition.upToDate);
  assert.equal(again.edition.timings, [], 'no stage ran');
  assert.equal(again.edition.allMessages.map((m) => JSON.stringify(m.toJSON())), warnings);
  assert.is(digest(path.join(dir, 'site')), before);
  assert.is(fs.readdirSync(path.join(dir, '.site-builds')).length, 1);

  // Any change to the input, or to the options, builds again: a change of
  // the file's size, and one that keeps its size (the record's sizes are
  // looked at first, its hashes after).
  fs.appendFileSync(file, '\n');
  const changed = await buildEdition([file], opts);
  assert.ok(changed.ok && !changed.edition.upToDate);
  assert.ok((await buildEdition([file], opts)).edition.upToDate);
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, text.replace('Someone else', 'Someone Else'));
  assert.is(fs.statSync(file).size, Buffer.byteLength(text));
  const sameSize = await buildEdition([file], opts);
  assert.ok(sameSize.ok && !sameSize.edition.upToDate, 'a change that keeps the size builds again');
  const otherBase = await buildEdition([file], { ...opts, base: '/edition/' });
  assert.ok(otherBase.ok && !otherBase.edition.upToDate);
});

test('after a change to one document, only its pages and the entries it mentions are rendered; the site is the same as a fresh build', async () => {
  const dir = tempDir('pages');
  const input = path.join(dir, 'input');
  const { files } = generateCorpus(6, input, { seed: 5 });
  const opts = (out: string, extra: Partial<BuildOptions> = {}) => buildOptions(path.join(dir, out), { inputs: [input], profile: 'generic', ...extra });
  const paths = await findXmlFiles([input]);
  const first = await buildEdition(paths, opts('site'));
  assert.ok(first.ok);
  const entities = first.edition.data?.entities.length ?? 0;
  const groups = 6 + entities + SHARED_PAGES.length;

  const aboutPage = (): number => fs.statSync(path.join(fs.realpathSync(path.join(dir, 'site')), 'about', 'index.html')).ino;
  const about = aboutPage();

  // One word added to one speech of one document.
  const edited = files[2] as string;
  const marker = `pagestest${process.pid}x${Date.now()}`;
  fs.writeFileSync(edited, fs.readFileSync(edited, 'utf8').replace(/(<sp\b[^>]*>\s*<speaker>[^<]*<\/speaker>\s*<p>)/, `$1${marker} `));
  const second = await buildEdition(paths, opts('site'));
  assert.ok(second.ok);
  const pages = second.edition.cacheStats.pages as { hits: number; misses: number };
  assert.is(pages.hits + pages.misses, groups);
  assert.ok(pages.misses >= 1 && pages.hits >= 5 + SHARED_PAGES.length, `rendered ${pages.misses} of ${groups} page groups`);
  // The entries rendered again are the edited document's (their mentions' contexts changed), no others.
  const slug = second.edition.data?.documents.find((d) => d.tei.path === edited)?.slug as string;
  const mentioned = (second.edition.data?.entities ?? []).filter((e) => e.mentions.some((m) => m.doc === slug)).length;
  assert.ok(pages.misses <= 1 + mentioned, `${pages.misses} groups rendered; the document and at most its ${mentioned} entries`);
  const page = fs.readFileSync(path.join(fs.realpathSync(path.join(dir, 'site')), 'documents', slug, 'index.html'), 'utf8');
  assert.ok(page.includes(marker));
  // The About page shows the documents' headers, which did not change: it is the published file itself.
  assert.is(aboutPage(), about, 'the About page is linked');

  // The same input built from nothing gives the same site, file for file.
  const fresh = await buildEdition(paths, opts('fresh'));
  assert.ok(fresh.ok);
  assert.equal(fresh.edition.cacheStats.pages, { hits: 0, misses: groups });
  assert.is(digest(path.join(dir, 'site')), digest(path.join(dir, 'fresh')));

  // A page gone from the published build, and from the build it replaced
  // (which the next build takes unchanged groups from): its group is
  // rendered again, not linked in part.
  const [other, untouched] = (second.edition.data?.documents ?? []).filter((d) => d.slug !== slug).map((d) => d.slug) as [string, string];
  const inode = (doc: string, page: string): number => fs.statSync(path.join(fs.realpathSync(path.join(dir, 'site')), 'documents', doc, page, 'index.html')).ino;
  const before = { other: inode(other, ''), untouched: inode(untouched, '') };
  const published = fs.realpathSync(path.join(dir, 'site'));
  const builds = fs.readdirSync(path.dirname(published)).map((b) => path.join(path.dirname(published), b));
  assert.is(builds.length, 2, 'the published build and the one it replaced');
  for (const build of builds) fs.rmSync(path.join(build, 'documents', other, 'cite', 'index.html'));
  fs.writeFileSync(edited, fs.readFileSync(edited, 'utf8').replace(marker, `${marker}again`));
  const repaired = await buildEdition(paths, opts('site'));
  assert.ok(repaired.ok);
  const site = fs.realpathSync(path.join(dir, 'site'));
  assert.ok(fs.existsSync(path.join(site, 'documents', other, 'cite', 'index.html')));
  // A linked page is the published file itself (same inode); a rendered one is new.
  assert.is(inode(untouched, ''), before.untouched, `${untouched}'s page is linked`);
  assert.is.not(inode(other, ''), before.other, `${other}'s page is rendered with its group, not linked`);
  const fresh2 = await buildEdition(paths, opts('fresh2'));
  assert.ok(fresh2.ok);
  assert.is(digest(path.join(dir, 'site')), digest(path.join(dir, 'fresh2')));

  // Rendered in several Eleventy runs (two documents, three entries at a
  // time, the shared pages once), the site is the same, file for file.
  const runs = await buildEdition(paths, opts('runs', { pagesPerRun: { documents: 2, entities: 3 } }));
  assert.ok(runs.ok);
  assert.ok(entities > 6, `${entities} entries: enough for several runs`);
  assert.is(digest(path.join(dir, 'runs')), digest(path.join(dir, 'fresh2')));

  // A change to a document's header that its About entry shows (a
  // revision) renders the About page again, and it shows the change.
  const revision = `Revision ${process.pid} for the test.`;
  const withRevision = fs.readFileSync(edited, 'utf8').replace(/(<change when="[^"]+" who="[^"]+">)/, `<change when="2026-11-27" who="#encoders">${revision}</change>$1`);
  assert.ok(withRevision.includes(revision));
  fs.writeFileSync(edited, withRevision);
  const revised = await buildEdition(paths, opts('site'));
  assert.ok(revised.ok);
  assert.is.not(aboutPage(), about, 'the About page is rendered');
  assert.ok(fs.readFileSync(path.join(fs.realpathSync(path.join(dir, 'site')), 'about', 'index.html'), 'utf8').includes(revision));
  const fresh3 = await buildEdition(paths, opts('fresh3'));
  assert.ok(fresh3.ok);
  assert.is(digest(path.join(dir, 'site')), digest(path.join(dir, 'fresh3')));

  // What every page shows (here the version) changes every page.
  const third = await buildEdition(paths, opts('site', { version: '9.9.9-test' }));
  assert.ok(third.ok);
  assert.equal(third.edition.cacheStats.pages, { hits: 0, misses: groups });
  fs.rmSync(dir, { recursive: true, force: true });
});

test('an unchanged document is linked without its view; a register entry changed where it is defined changes the pages of every document that names it', async () => {
  const { dir, opts, paths, sameAsFresh: sameAsFreshIn } = await generatedEdition('entry', 4, 7);
  const first = await buildEdition(paths, opts('site'));
  assert.ok(first.ok);
  assert.equal(first.edition.cacheStats.views, { hits: 0, misses: 4 });
  let fresh = 0;
  const sameAsFresh = (): Promise<void> => sameAsFreshIn(`fresh${++fresh}`);
  // Rebuilt after `edit`, the site gives `views` (documents linked without one, and with one made), and is that of a fresh build.
  const rebuild = async (edit: () => void, views: { hits: number; misses: number }) => {
    edit();
    const outcome = await buildEdition(paths, opts('site'));
    assert.ok(outcome.ok);
    assert.equal(outcome.edition.cacheStats.views, views);
    await sameAsFresh();
    return outcome.edition;
  };

  // A person's birth year changed in the file that defines the entry: no
  // other document's TEI changes, but their JSON downloads give the year.
  const entity = first.edition.data?.entities.find((e) => e.kind === 'person' && e.birth && new Set(e.mentions.map((m) => m.doc)).size >= 3);
  assert.ok(entity, 'a person with a birth date, named in three documents');
  const definer = first.edition.entries?.get(entity.id)?.file.path as string;
  const birth = entity.birth as string;
  const text = fs.readFileSync(definer, 'utf8');
  const edited = text.replace(new RegExp(`(<person xml:id="${entity.id}">[\\s\\S]*?<birth when=")${birth}"`), `$1${Number(birth.slice(0, 4)) - 1}"`);
  assert.is.not(edited, text, `${entity.id}'s birth is given in ${definer}`);
  fs.writeFileSync(definer, edited);

  const second = await buildEdition(paths, opts('site'));
  assert.ok(second.ok);
  const namers = new Set(second.edition.data?.documents.filter((d) => d.tei.path !== definer && d.units.some((u) => u.mentions.includes(entity.id) || u.who.includes(entity.id))).map((d) => d.slug));
  assert.ok(namers.size >= 2, `${namers.size} other documents name ${entity.id}`);
  const site = fs.realpathSync(path.join(dir, 'site'));
  for (const slug of namers) {
    const json = JSON.parse(fs.readFileSync(path.join(site, 'data', `${slug}.json`), 'utf8')) as { registers: { persons: Array<{ id: string; birth: string }> } };
    assert.is(json.registers.persons.find((p) => p.id === entity.id)?.birth, String(Number(birth.slice(0, 4)) - 1), `${slug}.json gives the new birth`);
  }
  await sameAsFresh();

  // One speech edited in a document that does not define the entry: the
  // others are linked with no view made.
  const other = second.edition.data?.documents.find((d) => d.tei.path !== definer) as { tei: { path: string }; slug: string };
  const edit = (from: string | RegExp, to: string) => () => fs.writeFileSync(other.tei.path, fs.readFileSync(other.tei.path, 'utf8').replace(from, to));
  await rebuild(edit(/(<sp\b[^>]*>\s*<speaker>[^<]*<\/speaker>\s*<p>)/, '$1Viewless '), { hits: 3, misses: 1 });
  // The unchanged documents' zip entries come from the published archive:
  // without the cache's, nothing changes.
  fs.rmSync(path.join(CACHE_DIR, 'zip-entries'), { recursive: true, force: true });
  await rebuild(edit('Viewless ', 'Viewless again '), { hits: 3, misses: 1 });
  // Without either (the published archive damaged, the cache's entries
  // gone), the unchanged documents' views are made again.
  const archive = path.join(fs.realpathSync(path.join(dir, 'site')), 'data', 'colloquy-edition.zip');
  fs.writeFileSync(archive, fs.readFileSync(archive).subarray(0, 5000));
  fs.rmSync(path.join(CACHE_DIR, 'zip-entries'), { recursive: true, force: true });
  await rebuild(edit('Viewless again ', 'Viewless once more '), { hits: 0, misses: 4 });

  // A word added just before a mention in a speech: nothing of the entry
  // changes but that mention's context, and its page shows the word.
  const source = fs.readFileSync(other.tei.path, 'utf8');
  const body = source.indexOf('<body>');
  const near = /(<p>[^<]{0,40})(<persName ref="#([^"]+)">)/g;
  near.lastIndex = body;
  const found = near.exec(source);
  assert.ok(found && body > 0, 'a mention near the start of a paragraph');
  const contextWord = `contextword${process.pid}`;
  const sixth = await rebuild(() => fs.writeFileSync(other.tei.path, `${source.slice(0, found.index)}${found[1]}${contextWord} ${found[2]}${source.slice(found.index + found[0].length)}`), { hits: 3, misses: 1 });
  const mentionedEntry = sixth.data?.entities.find((e) => e.id === found[3]);
  assert.ok(mentionedEntry, `${found[3]} is an entry`);
  assert.match(fs.readFileSync(path.join(fs.realpathSync(path.join(dir, 'site')), mentionedEntry.href, 'index.html'), 'utf8'), contextWord);

  // Cached documents and transform summaries of another shape (a damaged cache) are not used.
  for (const namespace of ['document', 'transform']) {
    for (const sub of fs.readdirSync(path.join(CACHE_DIR, namespace))) {
      for (const name of fs.readdirSync(path.join(CACHE_DIR, namespace, sub))) fs.writeFileSync(path.join(CACHE_DIR, namespace, sub, name), '{"lookups": 5, "texts": "x"}');
    }
  }
  await rebuild(edit(contextWord, `${contextWord}y`), { hits: 3, misses: 1 });

  // A build record whose downloads point outside data/ (or whose hash is a
  // path) is not followed: that document's view is made again.
  const records = path.join(CACHE_DIR, 'builds');
  for (const name of fs.readdirSync(records)) {
    const file = path.join(records, name);
    const rec = JSON.parse(fs.readFileSync(file, 'utf8')) as { downloads?: Record<string, Array<{ href: string; sha256: string }>> };
    const [first, second] = Object.entries(rec.downloads ?? {})
      .filter(([id]) => id !== `document:${other.slug}`)
      .map(([, files]) => files);
    if (first?.[0] && second?.[0]) {
      first[0].href = '../../outside.txt';
      second[0].sha256 = '../../../outside';
      fs.writeFileSync(file, JSON.stringify(rec));
    }
  }
  await rebuild(edit(`${contextWord}y`, `${contextWord}x`), { hits: 1, misses: 3 });
  assert.not.ok(fs.existsSync(path.join(dir, 'outside.txt')));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a document removed, one renamed and one added: the site is that of a fresh build of the files as they are', async () => {
  const dir = tempDir('corpus-changes');
  const input = path.join(dir, 'input');
  const spare = path.join(dir, 'spare');
  const { files } = generateCorpus(6, spare, { seed: 5 });
  fs.mkdirSync(input);
  for (const f of files.slice(0, 5)) fs.copyFileSync(f, path.join(input, path.basename(f)));
  const opts = (out: string) => buildOptions(path.join(dir, out), { inputs: [input], profile: 'generic' });
  const slug = (f: string): string => path.basename(f, '.xml');
  assert.ok((await buildEdition(await findXmlFiles([input]), opts('site'))).ok);
  const site = (): string => fs.realpathSync(path.join(dir, 'site'));
  const [removed, renamed] = [files[1], files[3]].map((f) => path.join(input, path.basename(f as string))) as [string, string];
  const added = path.join(input, path.basename(files[5] as string));
  const newName = path.join(input, 'renamed.xml');
  assert.ok(fs.existsSync(path.join(site(), 'documents', slug(removed))) && fs.existsSync(path.join(site(), 'documents', slug(renamed))));
  fs.rmSync(removed);
  fs.renameSync(renamed, newName);
  fs.copyFileSync(files[5] as string, added);
  const again = await buildEdition(await findXmlFiles([input]), opts('site'));
  assert.ok(again.ok, again.ok ? '' : again.reason);
  assert.equal(fs.readdirSync(path.join(site(), 'documents')).filter((d) => d !== 'index.html').sort(), [files[0], files[2], files[4], files[5]].map((f) => slug(f as string)).concat('renamed').sort());
  assert.not.ok(fs.readFileSync(path.join(site(), 'sitemap.xml'), 'utf8').includes(`/documents/${slug(removed)}/`));
  assert.ok((await buildEdition(await findXmlFiles([input]), opts('fresh'))).ok);
  assert.is(digest(path.join(dir, 'site')), digest(path.join(dir, 'fresh')), 'the site is that of a fresh build');
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a register entry's page follows what it shows of each document: its turns, and its sparkline's count of turns", async () => {
  const { dir, files, opts, paths, sameAsFresh } = await generatedEdition('appearances', 3, 11);
  assert.ok((await buildEdition(paths, opts('site'))).ok);
  const page = (href: string): string => fs.readFileSync(path.join(fs.realpathSync(path.join(dir, 'site')), href, 'index.html'), 'utf8');

  // A turn with no mention added after the last one of a document: no
  // mention's context changes, but the sparkline of each person mentioned
  // in its turns spans one turn more, and the speaker has one turn more.
  const edited = files[1] as string;
  const text = fs.readFileSync(edited, 'utf8');
  const last = text.lastIndexOf('</sp>');
  const who = /<sp xml:id="[^"]+" who="#([^"]+)">(?![\s\S]*<sp )/.exec(text)?.[1];
  assert.ok(last > 0 && who, 'the document has turns');
  fs.writeFileSync(edited, `${text.slice(0, last + 5)}<sp xml:id="sp-added" who="#${who}"><speaker>Added</speaker><p>A turn added at the end.</p></sp>${text.slice(last + 5)}`);
  const second = await buildEdition(paths, opts('site'));
  assert.ok(second.ok);
  const doc = second.edition.data?.documents.find((d) => d.tei.path === edited);
  assert.ok(doc);
  const turns = doc.speeches.length;
  const sparkline = second.edition.data?.entities.find((e) => e.kind === 'person' && e.id !== who && doc.speeches.some((s) => s.mentions.includes(e.id)));
  assert.ok(sparkline, 'a person mentioned in a turn of the document');
  assert.match(page(sparkline.href), new RegExp(`mentioned in \\d+ turns? of ${turns}\\b`), `${sparkline.id}'s sparkline counts ${turns} turns`);
  const speaker = second.edition.data?.entities.find((e) => e.id === who);
  assert.ok(speaker?.speeches);
  assert.match(page(speaker.href), `${speaker.speeches.count} turns`);
  assert.match(page(speaker.href), `#sp-added`);
  await sameAsFresh('fresh');
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a document's analytics are cached by its data and the names of the entries it names: a speaker renamed elsewhere is renamed in its tables", async () => {
  const { dir, files, opts, paths, sameAsFresh } = await generatedEdition('stats', 3, 13);
  const first = await buildEdition(paths, opts('site'));
  assert.ok(first.ok);
  const csv = (name: string): string => fs.readFileSync(path.join(fs.realpathSync(path.join(dir, 'site')), 'data', name), 'utf8');

  // One turn of the second document given to a person who is neither a
  // participant nor named in it, and is defined in another file: the
  // document reads nothing of that person's entry but for its analytics.
  const edited = files[1] as string;
  const doc = first.edition.data?.documents.find((d) => d.tei.path === edited);
  assert.ok(doc);
  const speaker = first.edition.data?.entities.find((e) => e.kind === 'person' && !e.participant && !e.mentions.some((m) => m.doc === doc.slug) && first.edition.entries?.get(e.id)?.file.path !== edited);
  assert.ok(speaker, 'a person defined in another file, not named in the document');
  const definer = first.edition.entries?.get(speaker.id)?.file.path as string;
  const text = fs.readFileSync(edited, 'utf8');
  const turn = /<sp xml:id="([^"]+)" who="#[^"]+">/.exec(text);
  assert.ok(turn);
  fs.writeFileSync(edited, text.replace(turn[0], `<sp xml:id="${turn[1]}" who="#${speaker.id}">`));
  const second = await buildEdition(paths, opts('site'));
  assert.ok(second.ok);
  assert.equal(second.edition.cacheStats.stats, { hits: 2, misses: 1 });
  assert.match(csv('speakers.csv'), `${doc.slug},${speaker.id},${speaker.name},`);

  // That person renamed where the entry is defined: the second document's
  // rows give the new name, as a fresh build's do.
  const renamed = `Renamed${process.pid}`;
  const register = fs.readFileSync(definer, 'utf8');
  const withName = register.replace(new RegExp(`(<person xml:id="${speaker.id}">\\s*<persName type="main">)[^<]*`), `$1${renamed}`);
  assert.is.not(withName, register, `${speaker.id}'s name is given in ${definer}`);
  fs.writeFileSync(definer, withName);
  const third = await buildEdition(paths, opts('site'));
  assert.ok(third.ok);
  assert.match(csv('speakers.csv'), `${doc.slug},${speaker.id},${renamed},`);
  assert.not.match(csv('speakers.csv'), `,${speaker.id},${speaker.name},`);
  await sameAsFresh('fresh1');

  // Cached analytics of another shape (a damaged cache) are not used: the
  // summaries and rows the model reads, and the analytics a view reads.
  const damage = (namespace: string, change: (entry: Record<string, unknown>) => void): void => {
    const dir = path.join(CACHE_DIR, namespace);
    for (const sub of fs.readdirSync(dir)) {
      for (const name of fs.readdirSync(path.join(dir, sub))) {
        const file = path.join(dir, sub, name);
        const entry = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
        change(entry);
        fs.writeFileSync(file, JSON.stringify(entry));
      }
    }
  };
  damage('stats', (entry) => {
    // (The cache may hold entries of earlier versions, of other shapes.)
    const summary = entry.summary as Record<string, unknown> | undefined;
    if (summary) summary.persons = 5;
    entry.rows = 7;
  });
  fs.writeFileSync(edited, fs.readFileSync(edited, 'utf8').replace(/(<sp\b[^>]*>\s*<speaker>[^<]*<\/speaker>\s*<p>)/, '$1Damaged '));
  const fourth = await buildEdition(paths, opts('site'));
  assert.ok(fourth.ok);
  assert.equal(fourth.edition.cacheStats.stats, { hits: 0, misses: 3 });
  await sameAsFresh('fresh2');
  // A fresh build (into another folder) makes every document's view, from the cached analytics.
  damage('stats-full', (entry) => {
    entry.persons = 5;
    entry.speakers = 'none';
  });
  await sameAsFresh('fresh3');
  fs.rmSync(dir, { recursive: true, force: true });
});

test.run();
