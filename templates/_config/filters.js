// Filters for the templates: relative links (so that the site works under any
// base path), numbers, dates and safe URLs. A plugin of its own, as in
// eleventy-base-blog's _config/filters.js.

/** The relative prefix from a page URL ("/persons/x/") to the site root ("../../"). */
export function rootOf(url) {
  const depth = String(url ?? '/').split('/').filter(Boolean).length - (String(url).endsWith('/') ? 0 : 1);
  return depth <= 0 ? './' : '../'.repeat(depth);
}

/** 12345 -> "12,345" */
export function thousands(n) {
  return Number(n ?? 0).toLocaleString('en-US');
}

/** 123456 bytes -> "121 KB" */
export function fileSize(bytes) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** An ISO date or date-time -> "18 September 1956", "September 1956", "1956". */
export function humanDate(iso) {
  const m = /^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(String(iso ?? ''));
  if (!m) return iso ?? '';
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const [, y, mo, d] = m;
  if (!mo) return y;
  const month = months[Number(mo) - 1] ?? mo;
  return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
}

/** Only http(s) URLs pass; anything else (javascript:, data:, ...) becomes nothing. */
export function safeUrl(value) {
  try {
    const url = new URL(String(value ?? '').trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : '';
  } catch {
    return '';
  }
}

/** Pluralises a count: 1 mention, 2 mentions. */
export function plural(n, one, many) {
  return `${thousands(n)} ${Number(n) === 1 ? one : many ?? `${one}s`}`;
}

/** 12.345 -> "12.3" (one decimal by default) */
export function fixed(n, digits = 1) {
  return Number(n ?? 0).toFixed(digits);
}

export default function (eleventyConfig) {
  for (const [name, fn] of Object.entries({ rootOf, thousands, fileSize, humanDate, safeUrl, plural, fixed })) {
    eleventyConfig.addFilter(name, fn);
  }
}
