import { TEI_NS, walkEncoding } from '../../xml/tree.ts';
import type { Rule } from './rule.ts';

const DATE_ATTRIBUTES = ['when', 'from', 'to', 'notBefore', 'notAfter'];
/**
 * TEI elements whose `@from` and `@to` are not dates: page or line references
 * (att.citing: `biblScope`, `citedRange`; `locus`) and pointers (`span`, `arc`).
 */
const NOT_DATE_SPANS = new Set(['biblScope', 'citedRange', 'locus', 'locusGrp', 'span', 'arc']);

/**
 * Dates in `@when`, `@from`, `@to`, `@notBefore` and `@notAfter` are ISO 8601
 * as TEI's W3C attributes require (a year, year-month, date, or date and time),
 * name real days, and a span does not end before it begins. This check does
 * not rely on xmllint, which can miss a bad date next to other errors.
 */
export const dateIso: Rule = {
  id: 'date-iso',
  severity: 'error',
  description: 'Dates in `@when`, `@from`, `@to`, `@notBefore`, `@notAfter` are valid ISO 8601 dates, and a span does not end before it begins.',
  profiles: ['project', 'generic'],
  check({ document, report }) {
    walkEncoding(document.root, (el) => {
      // Attributes of other vocabularies' elements mean what those vocabularies say.
      if (el.uri !== TEI_NS) return;
      const spanIsDates = !NOT_DATE_SPANS.has(el.local);
      for (const attr of el.attributes) {
        if (!spanIsDates && (attr.local === 'from' || attr.local === 'to')) continue;
        if (attr.uri !== '' || !DATE_ATTRIBUTES.includes(attr.local)) continue;
        const problem = isoDateProblem(attr.value);
        if (problem) {
          report({
            reason: `Found \`@${attr.local}="${attr.value}"\` on \`<${el.name}>\`, ${problem}; expected an ISO 8601 date such as \`1956-09-18\`, \`1956-09\` or \`1956\``,
            place: attr.place,
          });
        }
      }
      const from = el.attributes.find((a) => a.uri === '' && a.local === 'from');
      const to = el.attributes.find((a) => a.uri === '' && a.local === 'to');
      if (spanIsDates && from && to && !isoDateProblem(from.value) && !isoDateProblem(to.value) && sortKey(to.value, true) < sortKey(from.value, false)) {
        report({
          reason: `The span on \`<${el.name}>\` ends (\`@to="${to.value}"\`) before it begins (\`@from="${from.value}"\`); expected \`@to\` on or after \`@from\``,
          place: to.place,
        });
      }
    });
  },
};

const PATTERN =
  /^(-?\d{4,})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** Why a value is not an ISO 8601 (W3C) date, or undefined if it is one. */
export function isoDateProblem(value: string): string | undefined {
  if (/^--\d{2}(-\d{2})?$/.test(value) || /^---\d{2}$/.test(value)) return undefined; // gMonth, gMonthDay, gDay
  if (/^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return undefined; // time
  const m = PATTERN.exec(value);
  if (!m) return 'which is not in ISO 8601 form';
  const year = Number(m[1]);
  const month = m[2] === undefined ? undefined : Number(m[2]);
  const day = m[3] === undefined ? undefined : Number(m[3]);
  if (year === 0) return 'which names the year 0000, which ISO 8601 dates in TEI do not have';
  if (month !== undefined && (month < 1 || month > 12)) return `which names month ${m[2]}`;
  if (month !== undefined && day !== undefined) {
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (day < 1 || day > last) return `which names day ${m[3]} of a month that has ${last} days`;
  }
  if (m[4] !== undefined && (Number(m[4]) > 24 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return 'which names a time that does not exist';
  return undefined;
}

/**
 * A string that sorts like the date it stands for. A date given to the year or
 * month covers the whole of it: as the end of a span it is filled up to its
 * last moment, as the start down to its first.
 */
function sortKey(value: string, end: boolean): string {
  const m = PATTERN.exec(value);
  if (!m) return value;
  const fill = end ? '99' : '00';
  return [m[1]?.padStart(6, '0'), m[2] ?? fill, m[3] ?? fill, m[4] ?? fill, m[5] ?? fill, m[6] ?? fill].join('');
}
