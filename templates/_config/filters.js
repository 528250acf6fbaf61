// Filters for the templates: relative links (so that the site works under any
// base path), numbers, dates, safe URLs and Markdown. A plugin of its own, as in
// eleventy-base-blog's _config/filters.js.
import MarkdownIt from 'markdown-it';

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

/** Ids the page layout uses itself, which a heading must not take. */
const LAYOUT_IDS = ['main', 'site-search-input', 'entity-card'];

/** A heading's text as a GitHub-style anchor: "Turns: `sp` and `@who`" -> "turns-sp-and-who". */
export function headingSlug(text) {
  return String(text ?? '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/**
 * A markdown-it rule: every heading gets an `id` made from its text (as
 * GitHub makes them, so that `#anchors` work in the repository and on the
 * site alike; a repeated heading gets -1, -2 ...), and every header cell of a
 * table `scope="col"`.
 */
function headingIds(md) {
  md.core.ruler.push('colloquy_heading_ids', (state) => {
    const seen = new Map(LAYOUT_IDS.map((id) => [id, 1]));
    state.tokens.forEach((token, i) => {
      if (token.type === 'th_open') token.attrSet('scope', 'col');
      if (token.type !== 'heading_open') return;
      const inline = state.tokens[i + 1];
      const text = (inline?.children ?? [])
        .filter((t) => t.type === 'text' || t.type === 'code_inline')
        .map((t) => t.content)
        .join('');
      const base = headingSlug(text) || 'section';
      let id = base;
      for (let n = seen.get(base) ?? 0; seen.has(id); n++) id = `${base}-${n}`;
      seen.set(base, (seen.get(base) ?? 0) + 1);
      seen.set(id, 1);
      token.attrSet('id', id);
    });
  });
}

let markdownIt;

/**
 * Markdown -> HTML (markdown-it, CommonMark with tables). Raw HTML in the
 * Markdown is escaped, not passed through; links to javascript:, data: and
 * the like are not made (markdown-it's own check).
 */
export function markdown(source) {
  markdownIt ??= new MarkdownIt({ html: false, linkify: false, typographer: false }).use(headingIds);
  return markdownIt.render(String(source ?? ''));
}

export default function (eleventyConfig) {
  for (const [name, fn] of Object.entries({ rootOf, thousands, fileSize, humanDate, safeUrl, plural, fixed, markdown })) {
    eleventyConfig.addFilter(name, fn);
  }
}
