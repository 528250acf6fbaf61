import { getAttribute, isTei, normalizeSpace, textContent, walkEncoding, type XmlElement } from '../../xml/tree.ts';
import type { Rule } from './rule.ts';

/**
 * A turn's `speaker` label names the person its `@who` points to: after
 * parentheses ("(hereafter, Chairman)", "(to Mukhitdinov)") and notes
 * ("[sic]") are set aside, every word of the label occurs in one of that
 * person's names.
 */
export const speakerMatchesWho: Rule = {
  id: 'speaker-matches-who',
  severity: 'warning',
  description: "A turn's `speaker` label agrees with its `@who`: each word of the label occurs in one of that person's names.",
  profiles: ['project', 'generic'],
  check({ document, ids, corpus, report }) {
    const checkTurn = (sp: XmlElement): void => {
      const who = getAttribute(sp, 'who');
      const speaker = sp.children.find((c): c is XmlElement => isTei(c, 'speaker'));
      if (!who || !speaker) return;
      const targets = who.split(/\s+/).filter((t) => t.startsWith('#')).map((t) => ids.get(t.slice(1)) ?? corpus.ids.get(t.slice(1)));
      if (targets.length !== 1 || !targets[0]) return; // unresolved pointers are pointer-resolves' business
      const person = targets[0];
      const label = labelWords(speaker);
      if (label.length === 0) return;
      const names = personNames(person);
      if (names.some((name) => label.every((w) => words(name).includes(w)))) return;
      const display = normalizeSpace(textContent(speaker));
      report({
        reason: `Speaker label \`${display}\` does not match \`@who="${who}"\` (${names[0] ?? 'a person with no name'}); expected a name or variant of that person, or a \`@who\` that points to the person labelled`,
        place: speaker.place,
      });
    };
    walkEncoding(document.root, (el) => {
      if (isTei(el, 'sp')) checkTurn(el);
    });
  },
};

/** The words of a label, without parenthesised asides, notes and punctuation. */
function labelWords(speaker: XmlElement): string[] {
  const text = textContent(speaker, (el) => isTei(el, 'note'));
  return words(text.replace(/\([^)]*\)/g, ' ').replace(/\[[^\]]*\]/g, ' '));
}

function personNames(person: XmlElement): string[] {
  const out: string[] = [];
  for (const c of person.children) {
    if (c.type === 'element' && isTei(c) && (c.local === 'persName' || c.local === 'name')) out.push(normalizeSpace(textContent(c)));
  }
  return out;
}

function words(s: string): string[] {
  return s
    .toLowerCase()
    .split(/[^\p{L}\p{N}'-]+/u)
    .map((w) => w.replace(/^['-]+|['-]+$/g, ''))
    .filter(Boolean);
}
