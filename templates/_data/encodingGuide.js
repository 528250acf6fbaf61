// The encoding guide, docs/encoding.md, as Markdown text: templates/encoding.njk
// renders it at /encoding/ with the `markdown` filter. The guide lives in docs/
// so that it reads the same in the repository as on the site. (Only a default
// export: Eleventy hands a data file's other exports over as data too.)
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export default function () {
  return fs.readFileSync(fileURLToPath(new URL('../../docs/encoding.md', import.meta.url)), 'utf8');
}
