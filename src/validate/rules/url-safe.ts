import { walkEncoding } from '../../xml/tree.ts';
import type { Rule } from './rule.ts';

const URL_ATTRIBUTES = ['target', 'ref', 'url', 'facs', 'source', 'corresp', 'sameAs'];
/** Schemes that run code or read local data in a browser. */
const DANGEROUS = /^(javascript|vbscript|data|file|blob|filesystem|about|chrome|jar|view-source|livescript|mocha):/;

/**
 * URLs in the TEI that the site would make into links (`@target`, `@ref`,
 * `@url`, `@facs`, ...) must not use a scheme that runs code or reads local
 * files. The site links only http(s), mailto and #pointers anyway; this rule
 * says where a dangerous one stands, so that it can be removed. The scheme is
 * read as a browser reads it: ignoring white space, control characters and
 * case ("java\tScript:").
 */
export const urlSafe: Rule = {
  id: 'url-safe',
  severity: 'warning',
  description: 'No URL attribute (`@target`, `@ref`, `@url`, `@facs`, ...) uses a scheme that runs code or reads local files (javascript:, data:, vbscript:, file:, ...).',
  profiles: ['project', 'generic'],
  check({ document, report }) {
    walkEncoding(document.root, (el) => {
      for (const attr of el.attributes) {
        if (attr.uri !== '' || !URL_ATTRIBUTES.includes(attr.local)) continue;
        // The value may list several URLs; a browser would also read the
        // whole value as one, with white space inside the scheme ignored.
        const candidates = [attr.value, ...attr.value.split(/\s+/)].map((t) => t.replace(/[\s\p{Cc}]/gu, '').toLowerCase());
        const scheme = candidates.map((c) => DANGEROUS.exec(c)?.[1]).find(Boolean);
        if (!scheme) continue;
        report({
          reason: `Found a \`${scheme}:\` URL in \`@${attr.name}\` of \`<${el.name}>\`; expected http, https, mailto or a \`#\` pointer. The site shows the text without the link`,
          place: attr.place,
        });
      }
    });
  },
};
