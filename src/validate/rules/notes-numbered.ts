import { closest, findAttribute, getAttribute, isTei, walkEncoding, type XmlElement } from '../../xml/tree.ts';
import type { Rule } from './rule.ts';

/** Footnotes in the text are numbered 1, 2, 3 ... in document order, with no gap, repeat or non-number. */
export const notesNumbered: Rule = {
  id: 'notes-numbered',
  severity: 'error',
  description: 'Footnotes in the text (`note` with `@n` or `@place="foot"`) are numbered 1, 2, 3 ... in document order, without gaps.',
  profiles: ['project'],
  check({ document, report }) {
    const notes: XmlElement[] = [];
    walkEncoding(document.root, (el) => {
      if (isTei(el, 'note') && (getAttribute(el, 'n') !== undefined || getAttribute(el, 'place') === 'foot') && closest(el, (p) => isTei(p, 'text'))) {
        notes.push(el);
      }
    });
    let expected = 1;
    let previous: string | undefined;
    for (const note of notes) {
      const attr = findAttribute(note, 'n');
      if (!attr) {
        report({ reason: `Footnote has no \`@n\`; expected \`@n="${expected}"\``, place: note.place });
        expected++;
        continue;
      }
      const value = attr.value.trim();
      if (!/^[1-9][0-9]*$/.test(value)) {
        report({ reason: `Footnote number \`@n="${attr.value}"\` is not a whole number; expected \`${expected}\``, place: attr.place });
        expected++;
        continue;
      }
      const n = Number(value);
      if (n !== expected) {
        report({
          reason:
            previous === undefined
              ? `The first footnote is numbered \`${n}\`; expected \`1\``
              : `Footnote numbered \`${n}\` follows footnote \`${previous}\`; expected \`${expected}\``,
          place: attr.place,
        });
      }
      previous = value;
      expected = n + 1;
    }
  },
};
