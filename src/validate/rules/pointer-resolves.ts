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
    const suggest = suggester(ids);
    walkEncoding(document.root, (el) => {
      for (const attr of el.attributes) {
        if (attr.uri !== '' || !(POINTER_ATTRIBUTES as readonly string[]).includes(attr.local)) continue;
        for (const token of pointerTokens(attr.value)) {
          if (!token.startsWith('#')) continue;
          const id = token.slice(1);
          const expected = expectation(el, attr.local, profile);
          const target = ids.get(id) ?? corpus.ids.get(id);
          if (!target) {
            const near = suggest(id, expected);
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

/**
 * Suggestions for unresolved pointers: the closest id (edit distance at most
 * 3) among the file's acceptable targets, the first in document order among
 * equals. A file may have tens of thousands of ids (a transcript with an id
 * on every sentence) and hundreds of unresolved pointers (speakers defined in
 * a file that is not an input), so the targets of each kind are listed once,
 * by length, only ids within 3 characters of the pointer's length are
 * compared, and each pointer is looked up once.
 */
function suggester(ids: IdIndex): (id: string, expected: Expectation | undefined) => string | undefined {
  const targets = new Map<string, Map<number, Array<{ id: string; order: number }>>>();
  const found = new Map<string, string | undefined>();
  return (id, expected) => {
    const kind = expected?.label ?? '';
    const key = `${kind}\0${id}`;
    if (found.has(key)) return found.get(key);
    let byLength = targets.get(kind);
    if (!byLength) {
      byLength = new Map();
      let order = 0;
      for (const [candidate, elements] of ids.byId) {
        const first = elements[0];
        order++;
        if (!first || (expected && !expected.accepts(first))) continue;
        const list = byLength.get(candidate.length) ?? [];
        list.push({ id: candidate, order });
        byLength.set(candidate.length, list);
      }
      targets.set(kind, byLength);
    }
    let best: { id: string; order: number } | undefined;
    let bestDistance = 4;
    for (let delta = 0; delta <= Math.min(3, bestDistance); delta++) {
      for (const length of delta === 0 ? [id.length] : [id.length - delta, id.length + delta]) {
        for (const candidate of byLength.get(length) ?? []) {
          const d = editDistance(id, candidate.id, bestDistance + 1);
          if (d < bestDistance || (best && d === bestDistance && candidate.order < best.order)) {
            bestDistance = d;
            best = candidate;
          }
        }
      }
    }
    found.set(key, best?.id);
    return best?.id;
  };
}

// Two rows of the edit-distance table, reused: a file can need millions of comparisons.
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/** The edit distance of a and b, or `limit` if it is `limit` or more. */
function editDistance(a: string, b: string, limit: number): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) >= limit) return limit;
  if (rowA.length <= m) {
    rowA = new Int32Array(m + 1);
    rowB = new Int32Array(m + 1);
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    const code = a.charCodeAt(i - 1);
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (code === b.charCodeAt(j - 1) ? 0 : 1));
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= limit) return limit;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return Math.min(prev[m] as number, limit);
}
