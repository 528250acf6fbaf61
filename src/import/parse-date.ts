/**
 * Dates as records write them ("September 18, 1956", "18 September 1956",
 * "1956-09-18", "September 1956") and times of day ("September 18, 1956,
 * 18:00 - 21:10"), read into ISO 8601. Anything else is not a date: the
 * import never guesses one.
 */

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function monthNumber(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return undefined;
  const i = MONTHS.findIndex((m) => m === w || (w.length >= 3 && m.startsWith(w) && (w.length === 3 || w === 'sept')));
  return i === -1 ? undefined : i + 1;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function isRealDay(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** The ISO form (`1956-09-18`, `1956-09`, `1956`) of a whole string that is a date, or undefined. */
export function parseDate(text: string): string | undefined {
  const s = text.trim().replace(/\s+/g, ' ');
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return isRealDay(+m[1]!, +m[2]!, +m[3]!) ? s : undefined;
  m = /^(\p{L}+\.?) (\d{1,2}),? (\d{4})$/u.exec(s);
  if (m) return dayDate(+m[3]!, monthNumber(m[1]!), +m[2]!);
  m = /^(\d{1,2}) (\p{L}+\.?),? (\d{4})$/u.exec(s);
  if (m) return dayDate(+m[3]!, monthNumber(m[2]!), +m[1]!);
  m = /^(\p{L}+\.?) (\d{4})$/u.exec(s);
  if (m) {
    const month = monthNumber(m[1]!);
    return month ? `${m[2]}-${pad(month)}` : undefined;
  }
  return undefined;
}

function dayDate(year: number, month: number | undefined, day: number): string | undefined {
  if (!month || !isRealDay(year, month, day)) return undefined;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

export interface TimeSpan {
  when?: string;
  from?: string;
  to?: string;
}

/**
 * A `Time:` value: a date, optionally followed by a time or a span of times
 * on that day. Returns undefined if it is not of that form. A span that ends
 * before it begins (past midnight?) keeps only the day.
 */
export function parseTimeSpan(text: string): TimeSpan | undefined {
  const s = text.trim().replace(/\s+/g, ' ');
  const whole = parseDate(s);
  if (whole) return { when: whole };
  const m = /^(.*?),? (\d{1,2}):(\d{2})(?: ?(?:-|–|—|to) ?(\d{1,2}):(\d{2}))?$/.exec(s);
  if (!m) return undefined;
  const day = parseDate(m[1]!);
  if (!day || day.length !== 10) return day ? { when: day } : undefined;
  const time = (h: string, min: string): string | undefined => (+h < 24 && +min < 60 ? `${day}T${pad(+h)}:${min}:00` : undefined);
  const from = time(m[2]!, m[3]!);
  if (!from) return { when: day };
  if (m[4] === undefined) return { when: from };
  const to = time(m[4], m[5]!);
  if (!to || to < from) return { when: day };
  return { from, to };
}
