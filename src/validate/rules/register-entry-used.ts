import { getAttribute, isTei, walkEncoding } from '../../xml/tree.ts';
import { ENTRY_ELEMENTS } from './entry-kinds.ts';
import type { Rule } from './rule.ts';

/** Every register entry is pointed to at least once; an unused entry is probably a leftover or a missed mention. */
export const registerEntryUsed: Rule = {
  id: 'register-entry-used',
  severity: 'warning',
  description: 'Every register entry (`person`, `place`, `org`, `event`) is pointed to by at least one mention or turn.',
  profiles: ['project'],
  check({ document, corpus, report }) {
    const used = corpus.pointers;
    walkEncoding(document.root, (el) => {
      if (!isTei(el) || !ENTRY_ELEMENTS.has(el.local)) return;
      const id = getAttribute(el, 'xml:id');
      if (id === undefined || used.has(id)) return;
      report({
        reason: `Register entry \`${id}\` (\`<${el.name}>\`) is never pointed to; expected at least one \`@ref\` or \`@who\` with \`#${id}\`, or remove the entry`,
        place: el.place,
      });
    });
  },
};
