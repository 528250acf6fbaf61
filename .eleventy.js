// Eleventy configuration of the edition site (after the eleventy-base-blog
// starter: a function for behaviour, a plain config object for settings).
// The site stage (src/site/build-site.ts) runs Eleventy with this file and
// hands it the edition's data as the global `edition`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import filters from './templates/_config/filters.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export default function (eleventyConfig) {
  eleventyConfig.addPlugin(filters);
  // Static assets are copied as they are.
  eleventyConfig.addPassthroughCopy({ [path.join(here, 'templates', 'assets')]: 'assets' });
  // Every page is written as folder/index.html; only the sitemap and 404 page are not.
  eleventyConfig.setQuietMode(true);
  quietBenchmarks(eleventyConfig);
  compileNunjucksOnce(eleventyConfig);
}

/**
 * Eleventy times its filters and shortcodes, and warns on the console when
 * one took more than 50 ms and 8 % of a run ("[11ty] Benchmark …"). Quiet
 * mode does not reach the group that times the configuration's filters (it
 * is made, talkative, before the mode is set), so a long run, such as one of
 * a thousand documents in the live preview, printed such a line between the
 * pipeline's own. The pipeline reports for itself: every group is made
 * quiet (Eleventy's DEBUG=Eleventy:Benchmark still shows them all).
 */
function quietBenchmarks(eleventyConfig) {
  const manager = eleventyConfig.benchmarkManager;
  manager.setVerboseOutput(false);
  for (const group of Object.values(manager.getAll())) group.setIsVerbose(false);
}

/**
 * Each template is compiled once per Eleventy run. Eleventy's Nunjucks engine
 * compiles a template's text again for every page made from it (for the
 * flagship, 891 compilations in 362 ms, the register's entity template 119
 * times; 43 compilations in 40 ms here). The templates are compiled here, in
 * Eleventy's own Nunjucks environment (its filters, loader and options), and
 * kept for this run only: the next run (the next batch of pages, or a
 * rebuild in the preview) compiles afresh.
 */
function compileNunjucksOnce(eleventyConfig) {
  let nunjucks;
  let environment;
  eleventyConfig.on('eleventy.engine.njk', (engine) => ({ nunjucks, environment } = engine));
  const compiled = new Map();
  eleventyConfig.addExtension('njk', {
    key: 'njk',
    compileOptions: { cache: false, permalink: true },
    compile(text, inputPath) {
      const key = `${inputPath}\0${text}`;
      let render = compiled.get(key);
      if (!render) {
        const template = new nunjucks.Template(text, environment, inputPath && inputPath !== 'njk' ? inputPath : null, true);
        render = (data) => new Promise((resolve, reject) => template.render(data, (err, html) => (err ? reject(err) : resolve(html))));
        compiled.set(key, render);
      }
      return render;
    },
  });
}

export const config = {
  // Templates are Nunjucks, with autoescaping on (Nunjucks's default).
  templateFormats: ['njk'],
  htmlTemplateEngine: 'njk',
  markdownTemplateEngine: false,
  dir: {
    // input and output are not set here: the site stage passes templates/ and
    // the build's temporary folder (published atomically to site/) to Eleventy.
    includes: '_includes', // default
    data: '_data', // default
  },
};
