import { getAttribute, isTei, normalizeSpace, textContent, walkEncoding, type XmlElement } from '../../xml/tree.ts';
import { isTextMention } from './entry-kinds.ts';
import type { Rule } from './rule.ts';

const NAME_ELEMENTS = new Set(['persName', 'placeName', 'orgName', 'eventName', 'name']);

/**
 * The words of a mention are one of the names its register entry records
 * (the normalised form or a variant "as it occurs"). Text the translators
 * supplied may be left out: "[Anastas] Mikoyan" matches "Mikoyan". A mismatch
 * is either a mistagged name or a variant the register still lacks.
 */
export const mentionNameRegistered: Rule = {
  id: 'mention-name-registered',
  severity: 'warning',
  description: 'The words of each mention are one of the names recorded in its register entry (supplied text may be left out).',
  profiles: ['project'],
  check({ document, ids, report }) {
    walkEncoding(document.root, (el) => {
      if (!isTextMention(el)) return;
      const ref = getAttribute(el, 'ref');
      if (!ref || !ref.startsWith('#') || /\s/.test(ref.trim())) return;
      const entry = ids.get(ref.slice(1));
      if (!entry) return;
      const names = entryNames(entry);
      if (names.size === 0) return;
      const full = normalizeSpace(textContent(el, (e) => isTei(e, 'note')));
      const bare = normalizeSpace(textContent(el, (e) => isTei(e, 'note') || isTei(e, 'supplied')));
      if (names.has(full.toLowerCase()) || names.has(bare.toLowerCase())) return;
      const shown = [...entryNamesOriginal(entry)].map((n) => `\`${n}\``).join(', ');
      report({
        reason: `Mention \`${full}\` of \`${ref}\` is none of the entry's names (${shown}); expected one of them, or add it as a variant if the spelling is the source's`,
        place: el.place,
      });
    });
  },
};

function entryNamesOriginal(entry: XmlElement): string[] {
  const out: string[] = [];
  for (const c of entry.children) {
    if (c.type === 'element' && isTei(c) && NAME_ELEMENTS.has(c.local)) out.push(normalizeSpace(textContent(c)));
  }
  return out;
}

function entryNames(entry: XmlElement): Set<string> {
  return new Set(entryNamesOriginal(entry).map((n) => n.toLowerCase()));
}
