import path from 'node:path';
import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { FileSystemConfigLoader, HtmlValidate } from 'html-validate';
import { htmlPages } from '../helpers/build.ts';
import { devCorpusMissing, devCorpusSite } from '../helpers/dev-corpus.ts';
import { brokenLinks } from '../helpers/links.ts';
import { testWith } from '../helpers/shared.ts';

// The output checks of the flagship site (html-validate, links), run over the
// site built from other projects' TEI, where the markup is far more varied.

testWith(devCorpusMissing, 'html-validate finds no error on any page of the dev-corpus site', async () => {
  const { site } = await devCorpusSite();
  const validator = new HtmlValidate(new FileSystemConfigLoader());
  const pages = htmlPages(site);
  assert.ok(pages.length > 100, `${pages.length} pages`);
  const problems: string[] = [];
  for (const page of pages) {
    const report = await validator.validateFile(path.join(site, page));
    for (const result of report.results) for (const m of result.messages) problems.push(`${page}:${m.line}:${m.column} ${m.message} (${m.ruleId})`);
  }
  assert.equal(problems.slice(0, 30), [], `${problems.length} problems`);
});

testWith(devCorpusMissing, 'no internal link of the dev-corpus site is broken, anchors included', async () => {
  const { site } = await devCorpusSite();
  const broken = brokenLinks(site, htmlPages(site));
  assert.equal(broken.slice(0, 30), [], `${broken.length} broken links`);
});

test.run();
