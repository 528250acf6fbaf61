import { XML_NS, walkEncoding, type XmlAttribute, type XmlElement } from '../../xml/tree.ts';
import type { Rule } from './rule.ts';

/**
 * Language tags (`xml:lang`, `language/@ident`, `textLang/@mainLang` and
 * `@otherLangs`) are well-formed BCP 47 tags (RFC 5646) whose primary subtag
 * is a 2- or 3-letter language code.
 */
export const langTag: Rule = {
  id: 'lang-tag',
  severity: 'error',
  description: 'Language tags (`xml:lang`, `@ident`, `@mainLang`, `@otherLangs`) are well-formed BCP 47 tags with a 2- or 3-letter language code.',
  profiles: ['project', 'generic'],
  check({ document, report }) {
    walkEncoding(document.root, (el) => {
      for (const attr of languageAttributes(el)) {
        const values = attr.local === 'otherLangs' ? attr.value.split(/\s+/).filter(Boolean) : [attr.value];
        for (const value of values) {
          const problem = languageTagProblem(value);
          if (problem) {
            report({
              reason: `Found \`@${attr.name}="${value}"\` on \`<${el.name}>\`, ${problem}; expected a BCP 47 tag such as \`en\`, \`zh-Hans\` or \`ru\``,
              place: attr.place,
            });
          }
        }
      }
    });
  },
};

function languageAttributes(el: XmlElement): XmlAttribute[] {
  return el.attributes.filter(
    (a) =>
      (a.uri === XML_NS && a.local === 'lang') ||
      (a.uri === '' && el.local === 'language' && a.local === 'ident') ||
      (a.uri === '' && (a.local === 'mainLang' || a.local === 'otherLangs')),
  );
}

const ALNUM = '[A-Za-z0-9]';
const TAG = new RegExp(
  '^(?:' +
    // language (with up to three extlang subtags), script, region, variants, extensions, private use
    `([A-Za-z]{2,8})(?:-[A-Za-z]{3}){0,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?(?:-(?:${ALNUM}{5,8}|[0-9]${ALNUM}{3}))*` +
    `(?:-[0-9A-WY-Za-wy-z](?:-${ALNUM}{2,8})+)*(?:-[xX](?:-${ALNUM}{1,8})+)?` +
    `|[xX](?:-${ALNUM}{1,8})+` + // private use only
    `|[iI]-[A-Za-z]{3,8}` + // grandfathered i- tags
    ')$',
);

/** Why a value is not a usable BCP 47 tag, or undefined if it is one. The empty value ("unknown") is allowed. */
export function languageTagProblem(value: string): string | undefined {
  if (value === '') return undefined;
  const m = TAG.exec(value);
  if (!m) return 'which is not a well-formed BCP 47 language tag';
  const primary = m[1];
  if (primary !== undefined && primary.length > 3) return `whose language subtag \`${primary}\` is not a 2- or 3-letter code`;
  return undefined;
}
