import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FileSystemConfigLoader, HtmlValidate } from 'html-validate';
import { PROJECT_ROOT } from '../../src/project.ts';
import { flagshipSite, htmlPages } from '../helpers/build.ts';

// html-validate with the project's configuration (.htmlvalidate.cjs:
// the recommended rules, less three matters of taste).
const { site } = await flagshipSite();
const validator = new HtmlValidate(new FileSystemConfigLoader());

test('html-validate finds no error on any page', async () => {
  const problems: string[] = [];
  for (const page of htmlPages(site)) {
    const report = await validator.validateFile(path.join(site, page));
    for (const result of report.results) {
      for (const m of result.messages) problems.push(`${page}:${m.line}:${m.column} ${m.message} (${m.ruleId})`);
    }
  }
  assert.equal(problems, []);
});

test('the validator does report invalid HTML (the check can fail)', async () => {
  const report = await validator.validateString('<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p><div>x</div></p><span id="a"></span><span id="a"></span></body></html>', path.join(PROJECT_ROOT, 'x.html'));
  assert.not.ok(report.valid);
});

test.run();
