import type { Rule } from './rule.ts';

/** Every `xml:id` is unique in its file. */
export const idUnique: Rule = {
  id: 'id-unique',
  severity: 'error',
  description: 'Every `xml:id` is unique within its file.',
  profiles: ['project', 'generic'],
  check({ ids, report }) {
    for (const [id, elements] of ids.byId) {
      const [first, ...rest] = elements;
      if (!first) continue;
      for (const el of rest) {
        const attr = el.attributes.find((a) => a.name === 'xml:id');
        report({
          reason: `Duplicate \`xml:id\` \`${id}\` on \`<${el.name}>\`; expected each id once in the file (first used on \`<${first.name}>\` at line ${first.place.line})`,
          place: attr?.place ?? el.place,
          cause: { reason: 'first defined here', place: first.attributes.find((a) => a.name === 'xml:id')?.place ?? first.place },
        });
      }
    }
  },
};
