import { walkEncoding } from '../../xml/tree.ts';
import type { Rule } from './rule.ts';

const XHTML_NS = 'http://www.w3.org/1999/xhtml';
const SVG_NS = 'http://www.w3.org/2000/svg';
const MATHML_NS = 'http://www.w3.org/1998/Math/MathML';
/** Namespaces whose markup a browser renders, and so may run, when it opens the XML itself. */
const BROWSER_NS = new Map([
  [XHTML_NS, 'XHTML'],
  [SVG_NS, 'SVG'],
  [MATHML_NS, 'MathML'],
]);
const ACTIVE_ELEMENTS = new Set(['script', 'iframe', 'frame', 'object', 'embed', 'applet', 'foreignObject', 'handler', 'link', 'meta', 'base', 'form', 'animate', 'set', 'use']);

/**
 * The site offers each TEI file for download byte for byte. A browser that
 * opens such a file renders XHTML, SVG and MathML inside it and applies its
 * `xml-stylesheet`: markup that runs script there would run it on the
 * edition's site. Such markup is not TEI; a file that has it is not
 * published, in any profile.
 */
export const activeContent: Rule = {
  id: 'active-content',
  severity: 'error',
  description:
    'No XHTML, SVG or MathML markup a browser would run (`script`, `iframe`, `object`, event attributes such as `onload`, `javascript:` links), and no `xml-stylesheet` from another site. A file with such markup is never published.',
  profiles: ['project', 'generic'],
  check({ document, report }) {
    for (const pi of document.prolog) {
      if (pi.target !== 'xml-stylesheet') continue;
      const href = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(pi.body);
      const value = (href?.[1] ?? href?.[2] ?? '').replace(/[\s\p{Cc}]/gu, '');
      if (/^([a-z][a-z0-9+.-]*:|\/\/|\\\\)/i.test(value)) {
        report({
          reason: `Found \`<?xml-stylesheet?>\` with \`href="${value}"\`, which a browser would fetch and apply when it opens the downloaded file; expected a relative path to a stylesheet beside the file, or no \`xml-stylesheet\``,
          place: pi.place,
        });
      }
    }
    walkEncoding(document.root, (el) => {
      const vocabulary = BROWSER_NS.get(el.uri);
      if (!vocabulary) return;
      if (ACTIVE_ELEMENTS.has(el.local)) {
        report({
          reason: `Found the ${vocabulary} element \`<${el.name}>\`, which a browser would run when it opens the downloaded file; expected TEI markup (a script belongs in no edition text)`,
          place: el.place,
        });
        return false;
      }
      for (const attr of el.attributes) {
        const value = attr.value.replace(/[\s\p{Cc}]/gu, '').toLowerCase();
        if (/^on/i.test(attr.local) || /^(javascript|vbscript|data):/.test(value)) {
          report({
            reason: `Found \`@${attr.name}\` on the ${vocabulary} element \`<${el.name}>\`, which a browser would run when it opens the downloaded file; expected no event attributes and no script URLs`,
            place: attr.place,
          });
        }
      }
      return;
    });
  },
};
