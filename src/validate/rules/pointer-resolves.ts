import { isTei, walkEncoding, type XmlElement } from '../../xml/tree.ts';
import { ENTRY_FOR_MENTION, isParticipant, mentionKind } from './entry-kinds.ts';
import { POINTER_ATTRIBUTES, pointerTokens, type IdIndex, type Rule } from './rule.ts';

/**
 * Every local pointer (`@who`, `@ref`, `@corresp`, `@target`, ... starting
 * with `#`) names an `xml:id` in the file, and an element of the right kind:
 * a mention points to a register entry of its kind, a turn's `@who` to a
 * person (in the project's files: a participant). Registers merge across
 * files, so an id defined in another input file counts (a teiCorpus root's
 * listPerson serves its members' turns).
 */
export const pointerResolves: Rule = {
  id: 'pointer-resolves',
  severity: 'error',
  description: 'Every pointer starting with `#` resolves to an `xml:id` in the file, and to an element of the right kind.',
  profiles: ['project', 'generic'],
  check({ document, ids, corpus, report, profile }) {
    walkEncoding(document.root, (el) => {
      for (const attr of el.attributes) {
        if (attr.uri !== '' || !(POINTER_ATTRIBUTES as readonly string[]).includes(attr.local)) continue;
        for (const token of pointerTokens(attr.value)) {
          if (!token.startsWith('#')) continue;
          const id = token.slice(1);
          const expected = expectation(el, attr.local, profile);
          const target = ids.get(id) ?? corpus.ids.get(id);
          if (!target) {
            const near = nearest(id, ids, expected?.accepts);
            report({
              reason: `Unexpected \`@${attr.local}\` value \`${token}\`, expected the \`xml:id\` of ${expected?.label ?? 'an element in this file'}${near ? ` (did you mean \`#${near}\`?)` : ''}`,
              place: attr.place,
            });
          } else if (expected && !expected.accepts(target)) {
            report({
              reason: `\`@${attr.local}="${token}"\` on \`<${el.name}>\` points to a \`<${target.name}>\`; expected the \`xml:id\` of ${expected.label}`,
              place: attr.place,
              cause: { reason: `\`${id}\` is defined here`, place: target.place },
            });
          }
        }
      }
    });
  },
};

interface Expectation {
  label: string;
  accepts(target: XmlElement): boolean;
}

function expectation(el: XmlElement, attribute: string, profile: 'project' | 'generic'): Expectation | undefined {
  const kind = mentionKind(el);
  if (attribute === 'ref' && kind) {
    const spec = ENTRY_FOR_MENTION[kind] as { entries: readonly string[]; label: string };
    return { label: spec.label, accepts: (t) => isTei(t) && spec.entries.includes(t.local) };
  }
  if (attribute === 'who' && (isTei(el, 'sp') || isTei(el, 'u'))) {
    if (profile === 'project') {
      return { label: 'a participant in `particDesc`', accepts: (t) => isTei(t, 'person') && isParticipant(t) };
    }
    return { label: 'a person in `listPerson`', accepts: (t) => isTei(t, 'person') || isTei(t, 'personGrp') };
  }
  return undefined;
}

/** The closest existing id (edit distance at most 3) among acceptable targets. */
function nearest(id: string, ids: IdIndex, accepts: ((t: XmlElement) => boolean) | undefined): string | undefined {
  let best: string | undefined;
  let bestDistance = 4;
  for (const [candidate, elements] of ids.byId) {
    const first = elements[0];
    if (!first || (accepts && !accepts(first))) continue;
    const d = editDistance(id, candidate, bestDistance);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best;
}

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? limit;
}

