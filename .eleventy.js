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
