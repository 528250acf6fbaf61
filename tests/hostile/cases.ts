import fs from 'node:fs';
import path from 'node:path';

/**
 * The hostile-input suite: one case per fixture in tests/fixtures/hostile/
 * (or generated here where a fixture would be too large to keep), each with
 * the one outcome the build must reach:
 *
 * - `refused`: a diagnostic at the place given (file, line, what was found,
 *   what was expected), a non-zero exit, and the previous site untouched;
 * - `published`: the build succeeds, the text is escaped, dangerous URLs are
 *   dropped (with the warning given, if any).
 *
 * Every case is also checked for what must never happen, whatever the
 * outcome: a file outside the input read, a network request, a script from
 * the input running in a page, a hang, a stack trace.
 */
export interface HostileCase {
  name: string;
  /** What the case tries. */
  what: string;
  outcome: 'refused' | 'published';
  /** A diagnostic the build must print: its rule, its line (if the problem has one) and its reason. */
  diagnostic?: { ruleId: string; line?: number; reason: RegExp };
  /** Text of the TEI that must reach the document page as text, escaped. */
  shows?: string[];
  /** Writes the case's input into `input` (default: copies the fixture `<name>.xml`). */
  write?: (input: string, caseDir: string) => void;
}

export const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'hostile');

const wellFormed = (rule: string, line: number, reason: RegExp): HostileCase['diagnostic'] => ({ ruleId: rule, line, reason });

/** A small valid TEI document around `body`, for the generated cases. */
export function teiAround(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>Generated case</title></titleStmt><publicationStmt><p>Test.</p></publicationStmt><sourceDesc><p>Generated.</p></sourceDesc></fileDesc></teiHeader>
  <text>
    <body>
${body}
    </body>
  </text>
</TEI>
`;
}

export const CASES: HostileCase[] = [
  // Malformed XML
  { name: 'malformed-unclosed-tag', what: 'an element never closed', outcome: 'refused', diagnostic: wellFormed('xml-well-formed', 21, /Found `<\/sp>`; expected `<\/p>` to close the `<p>` opened at line 21/) },
  { name: 'malformed-mismatched-tag', what: 'end tags in the wrong order', outcome: 'refused', diagnostic: wellFormed('xml-well-formed', 21, /expected `<\/hi>`/) },
  { name: 'malformed-illegal-char', what: 'a raw control character (U+0001)', outcome: 'refused', diagnostic: wellFormed('xml-well-formed', 21, /U\+0001, which XML does not allow/) },
  { name: 'malformed-illegal-char-reference', what: 'a character reference to U+0000', outcome: 'refused', diagnostic: wellFormed('xml-well-formed', 21, /character reference to a character XML does not allow/) },
  { name: 'malformed-truncated', what: 'a file cut off in the middle of a sentence', outcome: 'refused', diagnostic: wellFormed('xml-well-formed', 21, /truncated/) },
  { name: 'malformed-undefined-entity', what: 'an HTML entity XML does not define (&nbsp;)', outcome: 'refused', diagnostic: wellFormed('xml-well-formed', 21, /undefined entity/) },
  { name: 'malformed-two-roots', what: 'a second root element', outcome: 'refused', diagnostic: wellFormed('xml-well-formed', 25, /second root element/) },
  { name: 'malformed-attribute-unquoted', what: 'an unquoted attribute value', outcome: 'refused', diagnostic: wellFormed('xml-well-formed', 21, /without quotes/) },

  // Bytes that are not UTF-8 XML
  { name: 'file-not-utf8', what: 'Latin-1 bytes with no encoding declared', outcome: 'refused', diagnostic: wellFormed('file-encoding', 21, /byte \(0xe9\) that is not UTF-8/) },
  { name: 'file-latin1-declared', what: 'a file that declares ISO-8859-1', outcome: 'refused', diagnostic: wellFormed('file-encoding', 1, /encoding="ISO-8859-1"`; expected UTF-8/) },
  { name: 'file-utf16', what: 'a UTF-16 file', outcome: 'refused', diagnostic: wellFormed('file-encoding', 1, /UTF-16 byte-order mark; expected UTF-8/) },
  { name: 'file-empty', what: 'an empty file', outcome: 'refused', diagnostic: wellFormed('xml-well-formed', 1, /The file is empty; expected a TEI XML document/) },
  { name: 'file-whitespace-only', what: 'a file of white space', outcome: 'refused', diagnostic: wellFormed('xml-well-formed', 4, /only white space; expected a TEI XML document/) },
  { name: 'file-binary', what: 'a PNG header and random bytes', outcome: 'refused', diagnostic: wellFormed('file-encoding', 3, /NUL byte: the file looks binary/) },

  // Sizes
  {
    name: 'limits-text-50mb',
    what: 'a 50 MB text node',
    outcome: 'refused',
    diagnostic: wellFormed('xml-limits', 6, /text of more than 10,000,000 characters without markup in `<p>`/),
    write: (input) => fs.writeFileSync(path.join(input, 'limits-text-50mb.xml'), teiAround(`<p>${'word '.repeat(10 * 1024 * 1024)}</p>`)),
  },
  {
    name: 'limits-nesting-100k',
    what: '100,000 levels of nesting',
    outcome: 'refused',
    diagnostic: wellFormed('xml-limits', 6, /nested more than 1000 levels deep/),
    write: (input) => fs.writeFileSync(path.join(input, 'limits-nesting-100k.xml'), teiAround(`${'<div>'.repeat(100_000)}<p>deep</p>${'</div>'.repeat(100_000)}`)),
  },
  {
    name: 'limits-attributes-10k',
    what: '10,000 attributes on one element',
    outcome: 'refused',
    diagnostic: wellFormed('xml-limits', 6, /has 10000 attributes; expected at most 1000/),
    write: (input) => {
      const attrs = Array.from({ length: 10_000 }, (_, i) => ` a${i}="${i}"`).join('');
      fs.writeFileSync(path.join(input, 'limits-attributes-10k.xml'), teiAround(`<p${attrs}>many</p>`));
    },
  },
  { name: 'id-very-long', what: 'xml:ids of 10,000 characters', outcome: 'refused', diagnostic: wellFormed('xml-limits', 13, /`xml:id` of 10,000 characters on `<person>`; expected at most 1,000/) },

  // DOCTYPEs and entities: refused before anything is resolved
  { name: 'doctype-internal-entity', what: 'an internal entity', outcome: 'refused', diagnostic: wellFormed('xml-doctype', 2, /DOCTYPEs and entity declarations are refused and never resolved/) },
  { name: 'doctype-external-file', what: 'an external entity naming file:///etc/passwd', outcome: 'refused', diagnostic: wellFormed('xml-doctype', 2, /never resolved/) },
  { name: 'doctype-external-http', what: 'an external entity naming an http URL', outcome: 'refused', diagnostic: wellFormed('xml-doctype', 2, /never resolved/) },
  { name: 'doctype-external-dtd', what: 'an external DTD outside the input folder', outcome: 'refused', diagnostic: wellFormed('xml-doctype', 2, /never resolved/) },
  { name: 'doctype-parameter-entity', what: 'a parameter entity naming an http URL', outcome: 'refused', diagnostic: wellFormed('xml-doctype', 2, /never resolved/) },
  { name: 'doctype-billion-laughs', what: 'billion laughs (nested entity expansion)', outcome: 'refused', diagnostic: wellFormed('xml-doctype', 2, /never resolved/) },

  // XInclude: only inside the input folder
  { name: 'xinclude-outside', what: 'an include of ../outside/secret.xml', outcome: 'refused', diagnostic: wellFormed('xinclude', 21, /`\.\.\/outside\/secret\.xml` points outside the input folder/) },
  { name: 'xinclude-encoded-traversal', what: 'an include of ..%2Foutside%2Fsecret.xml', outcome: 'refused', diagnostic: wellFormed('xinclude', 21, /points outside the input folder/) },
  { name: 'xinclude-etc-passwd', what: 'an include of /etc/passwd', outcome: 'refused', diagnostic: wellFormed('xinclude', 21, /`\/etc\/passwd` points outside the input folder/) },
  { name: 'xinclude-file-url', what: 'an include of file:///etc/passwd', outcome: 'refused', diagnostic: wellFormed('xinclude', 21, /URL `file:\/\/\/etc\/passwd` is refused/) },
  { name: 'xinclude-http', what: 'an include of an http URL', outcome: 'refused', diagnostic: wellFormed('xinclude', 21, /URL `http:\/\/127\.0\.0\.1:9\/member\.xml` is refused/) },
  {
    name: 'xinclude-symlink',
    what: 'an include of a link inside the folder that leads outside it',
    outcome: 'refused',
    diagnostic: wellFormed('xinclude', 21, /`member\.xml` leads outside the input folder through a link/),
    write: (input) => {
      fs.copyFileSync(path.join(FIXTURES, 'xinclude-symlink.xml'), path.join(input, 'xinclude-symlink.xml'));
      fs.symlinkSync(path.join('..', 'outside', 'secret.xml'), path.join(input, 'member.xml'));
    },
  },
  {
    name: 'xinclude-etc-passwd-text',
    what: 'an include of /etc/passwd as text',
    outcome: 'published',
    diagnostic: { ruleId: 'xinclude', line: 21, reason: /`parse="text"` is not resolved/ },
  },

  // Markup a browser would run, in the downloadable TEI
  { name: 'active-xhtml-script', what: 'an XHTML <script> element', outcome: 'refused', diagnostic: wellFormed('active-content', 21, /XHTML element `<h:script>`/) },
  { name: 'active-svg-onload', what: 'SVG with an onload attribute', outcome: 'refused', diagnostic: wellFormed('active-content', 21, /`@onload` on the SVG element `<svg>`/) },
  { name: 'active-xml-stylesheet', what: 'an xml-stylesheet from another host', outcome: 'refused', diagnostic: wellFormed('active-content', 2, /`<\?xml-stylesheet\?>` with `href="http:\/\/127\.0\.0\.1:9\/evil\.xsl"`/) },

  // Dangerous URLs: published without the link
  { name: 'url-javascript-target', what: 'javascript: in @target of ref and ptr', outcome: 'published', diagnostic: { ruleId: 'url-safe', line: 21, reason: /`javascript:` URL in `@target` of `<ref>`/ }, shows: ['the minutes'] },
  { name: 'url-data-ref', what: 'data: URLs in @ref and @target', outcome: 'published', diagnostic: { ruleId: 'url-safe', line: 21, reason: /`data:` URL in `@ref` of `<persName>`/ }, shows: ['Carla', 'a note'] },
  { name: 'url-vbscript-url', what: 'vbscript: in @url of graphic', outcome: 'published', diagnostic: { ruleId: 'url-safe', line: 21, reason: /`vbscript:` URL in `@url` of `<graphic>`/ }, shows: ['The picture'] },
  { name: 'url-javascript-facs', what: 'javascript: in @facs of pb and sp', outcome: 'published', diagnostic: { ruleId: 'url-safe', line: 22, reason: /`javascript:` URL in `@facs` of `<sp>`/ }, shows: ['Page two.'] },
  { name: 'url-obfuscated-schemes', what: 'javascript: hidden by tabs, newlines, case and a character reference', outcome: 'published', diagnostic: { ruleId: 'url-safe', line: 21, reason: /`javascript:` URL in `@target` of `<ref>`/ }, shows: ['tab', 'case', 'newline', 'line break', 'colon'] },
  { name: 'url-remote-resources', what: 'an image, a background and a protocol-relative link on another host', outcome: 'published', shows: ['styled', 'a protocol-relative link'] },

  // Script and HTML as text or attribute values: escaped
  { name: 'script-as-text', what: '<script> as escaped text and in CDATA', outcome: 'published', shows: ['<script>alert(1)</script>', '<script>window.__pwned=1</script>'] },
  { name: 'script-in-attributes', what: 'attribute values that try to close the attribute and add onerror/onclick', outcome: 'published', shows: ['Attribute values that try to break out.'] },
  { name: 'script-in-header', what: 'script in the title, author, source and abstract (title, meta tags, JSON-LD, citations)', outcome: 'published', diagnostic: { ruleId: 'url-safe', line: 8, reason: /`javascript:` URL in `@target` of `<ref>`/ }, shows: ['The header is hostile; this text is not.'] },
  { name: 'html-lookalike-text', what: 'text that looks like HTML, comments and twice-escaped entities', outcome: 'published', shows: ['<b>Boris</b>', '</main></body><img src=x onerror=alert(1)>', '&lt;escaped twice&gt;', '<!-- comment -->'] },
  { name: 'template-syntax-text', what: 'Nunjucks, Liquid, JavaScript and EJS template syntax as text', outcome: 'published', shows: ['{{ 7*7 }}', '{% raw %}{%- include "x" -%}{% endraw %}', '${7*7}', '<%= 7*7 %>', '{{constructor.constructor("alert(1)")()}}'] },

  // Ids
  { name: 'id-duplicate', what: 'duplicate ids on persons and turns', outcome: 'published', diagnostic: { ruleId: 'id-unique', line: 23, reason: /Duplicate `xml:id` `turn` on `<sp>`/ }, shows: ['First.', 'Second.'] },
  { name: 'id-site-names', what: "ids that are the site's own page names (index, search, assets, pagefind, cite)", outcome: 'published', shows: ['I am'] },
  { name: 'id-path-traversal', what: 'ids and pointers that would become paths (../../x, /etc/passwd)', outcome: 'published', shows: ['I met', 'Nowhere'] },
  { name: 'id-unresolved-pointers', what: 'pointers to ids that do not exist, an empty pointer, a bare key', outcome: 'published', diagnostic: { ruleId: 'pointer-resolves', line: 21, reason: /`@ref` value `#ghost`/ }, shows: ['a ghost', 'nowhere', 'a bare key'] },
  {
    name: 'file-names-of-site-pages',
    what: "input files named like the site's own pages (index, search, assets, 404, data, pagefind)",
    outcome: 'published',
    shows: ['Good morning.'],
    write: (input) => {
      const doc = fs.readFileSync(path.join(FIXTURES, 'script-as-text.xml'), 'utf8');
      for (const name of ['index', 'search', 'assets', '404', 'data', 'pagefind', 'Index']) fs.writeFileSync(path.join(input, `${name}.xml`), doc.replace('Script as text', `A file named ${name}`));
    },
  },
];
