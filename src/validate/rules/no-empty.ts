import { isTei, walkEncoding, type XmlElement } from '../../xml/tree.ts';
import type { Rule } from './rule.ts';

const MUST_HAVE_TEXT = ['p', 'speaker', 'persName', 'placeName', 'orgName', 'name', 'stage', 'head'];

/** Paragraphs, speaker labels, names, stage directions and headings are not empty. */
export const noEmpty: Rule = {
  id: 'no-empty',
  severity: 'error',
  description: 'No empty `p`, `speaker`, `persName`, `placeName`, `orgName`, `name`, `stage` or `head` (text in a note does not count).',
  profiles: ['project'],
  check({ document, report }) {
    walkEncoding(document.root, (el) => {
      if (!isTei(el) || !MUST_HAVE_TEXT.includes(el.local)) return;
      if (hasText(el)) return;
      report({ reason: `Empty \`<${el.name}>\`; expected text (remove the element if it has nothing to hold)`, place: el.place });
    });
  },
};

/** Does the element hold text of its own (text inside notes does not count)? */
function hasText(root: XmlElement): boolean {
  let found = false;
  walkEncoding(root, (el) => {
    if (found || (el !== root && isTei(el, 'note'))) return false;
    for (const c of el.children) {
      if (c.type === 'text' && c.value.trim() !== '') {
        found = true;
        return false;
      }
    }
    return true;
  });
  return found;
}
