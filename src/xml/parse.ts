import { SaxesParser, type SaxesTagNS } from 'saxes';
import { Diagnostic, type Place } from '../diagnostics/diagnostic.ts';
import { LineIndex } from './positions.ts';
import type { ProcessingInstruction, XmlAttribute, XmlDocument, XmlElement } from './tree.ts';

export interface ParseLimits {
  /** Deepest nesting of elements accepted. */
  maxDepth: number;
  /** Most attributes accepted on one element. */
  maxAttributes: number;
  /** Longest run of text without markup, in characters. */
  maxTextLength: number;
  /**
   * Longest `xml:id`, in characters. Ids become anchors, file names and
   * index keys; saxon-js's key index recurses once per character of a key,
   * and fails on ids of some thousands.
   */
  maxIdLength: number;
}

export const DEFAULT_LIMITS: ParseLimits = { maxDepth: 1000, maxAttributes: 1000, maxTextLength: 10_000_000, maxIdLength: 1000 };

export type Parsed = { document: XmlDocument; diagnostics: [] } | { document: undefined; diagnostics: Diagnostic[] };

const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const CHUNK = 8192;
const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;

/**
 * Parses XML text into a positioned tree, or reports why it is not
 * well-formed. A DOCTYPE is refused outright, so no entity is ever declared,
 * expanded or fetched. Parsing stops at the first error: what follows a
 * well-formedness error is usually a consequence of it.
 */
export function parseXml(text: string, file: string, limits: ParseLimits = DEFAULT_LIMITS): Parsed {
  const lines = new LineIndex(text);
  const parser = new SaxesParser({ xmlns: true, position: true, fileName: file });
  const stack: XmlElement[] = [];
  const prolog: ProcessingInstruction[] = [];
  let root: XmlElement | undefined;
  let failure: Diagnostic | undefined;
  let tagStart = 0;

  const fail = (reason: string, place: Place | undefined, ruleId = 'xml-well-formed'): void => {
    if (failure) return;
    failure = new Diagnostic({ reason, file, ruleId, source: 'xml', place });
  };
  const here = (): Place => ({ line: parser.line, column: parser.column + 1 });

  parser.on('doctype', () => {
    const offset = text.indexOf('<!DOCTYPE');
    fail(
      'Found a DOCTYPE declaration; expected none: DOCTYPEs and entity declarations are refused and never resolved. Remove it (TEI needs no DTD)',
      offset >= 0 ? lines.placeAt(offset) : here(),
      'xml-doctype',
    );
  });

  parser.on('processinginstruction', (pi) => {
    if (!root) prolog.push({ target: pi.target, body: pi.body, place: lines.placeAt(Math.max(0, text.lastIndexOf('<?', parser.position))) });
  });

  parser.on('opentagstart', (tag) => {
    if (failure) return;
    const guess = parser.position - tag.name.length - 2;
    tagStart = text.startsWith(`<${tag.name}`, guess) ? guess : text.lastIndexOf(`<${tag.name}`, parser.position);
    if (stack.length >= limits.maxDepth) {
      fail(`Elements are nested more than ${limits.maxDepth} levels deep; expected at most ${limits.maxDepth}`, lines.placeAt(tagStart), 'xml-limits');
    }
  });

  parser.on('opentag', (tag) => {
    if (failure) return;
    const element = buildElement(tag as SaxesTagNS, text, tagStart, parser.position, lines);
    if (element.attributes.length > limits.maxAttributes) {
      fail(
        `Element \`<${element.name}>\` has ${element.attributes.length} attributes; expected at most ${limits.maxAttributes}`,
        element.place,
        'xml-limits',
      );
      return;
    }
    const id = element.attributes.find((a) => a.name === 'xml:id');
    if (id && id.value.length > limits.maxIdLength) {
      fail(
        `Found an \`xml:id\` of ${id.value.length.toLocaleString('en-US')} characters on \`<${element.name}>\`; expected at most ${limits.maxIdLength.toLocaleString('en-US')}`,
        id.place,
        'xml-limits',
      );
      return;
    }
    const parent = stack[stack.length - 1];
    if (parent) {
      element.parent = parent;
      parent.children.push(element);
    } else if (!root) {
      root = element;
    }
    if (tag.isSelfClosing) element.end = lines.placeAt(parser.position - 1);
    else stack.push(element);
  });

  parser.on('closetag', (tag) => {
    if (failure) return;
    if (tag.isSelfClosing) return;
    // saxes closes open elements before it reports a mismatched end tag, so
    // compare the end tag actually written with the element being closed.
    const written = /<\/([^\s>]+)\s*>$/.exec(text.slice(Math.max(0, parser.position - 300), parser.position));
    const open = stack[stack.length - 1];
    if (written && open && written[1] !== tag.name) {
      fail(
        `Found \`</${written[1]}>\`; expected \`</${open.name}>\` to close the \`<${open.name}>\` opened at line ${open.place.line}`,
        lines.placeAt(parser.position - written[0].length),
      );
      return;
    }
    const closed = stack.pop();
    if (closed) closed.end = lines.placeAt(parser.position - 1);
  });

  const addText = (value: string): void => {
    if (failure) return;
    const parent = stack[stack.length - 1];
    if (!parent) return;
    const last = parent.children[parent.children.length - 1];
    const node = last && last.type === 'text' ? last : { type: 'text' as const, value: '' };
    if (node !== last) parent.children.push(node);
    if (node.value.length + value.length > limits.maxTextLength) {
      fail(
        `Found a text of more than ${limits.maxTextLength.toLocaleString('en-US')} characters without markup in \`<${parent.name}>\` (opened at line ${parent.place.line}); expected at most ${limits.maxTextLength.toLocaleString('en-US')}`,
        parent.place,
        'xml-limits',
      );
      return;
    }
    node.value += value;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);

  parser.on('error', (err) => {
    // saxes reports an error after reading the offending character, so its
    // 0-based "next column" is the 1-based column of that character.
    fail(describeSaxesError(err.message, stack, text, text.codePointAt(Math.max(0, parser.position - 1))), { line: parser.line, column: Math.max(1, parser.column) });
  });

  // Feed the text in chunks and stop at the first error: saxes resolves
  // namespaces through a chain as deep as the nesting, so parsing on through
  // hostile nesting after the limit was hit would take quadratic time.
  try {
    for (let i = 0; i < text.length && !failure; ) {
      let end = Math.min(text.length, i + CHUNK);
      if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end++; // keep surrogate pairs whole
      parser.write(text.slice(i, end));
      i = end;
    }
    if (!failure) parser.close();
  } catch (err) {
    fail(`Malformed XML: ${(err as Error).message}`, here());
  }

  if (failure) return { document: undefined, diagnostics: [failure] };
  if (!root) {
    return {
      document: undefined,
      diagnostics: [new Diagnostic({ reason: 'Found no root element; expected `<TEI>`', file, ruleId: 'xml-well-formed', source: 'xml', place: lines.placeAt(text.length) })],
    };
  }
  return { document: { root, prolog }, diagnostics: [] };
}

function buildElement(tag: SaxesTagNS, text: string, start: number, end: number, lines: LineIndex): XmlElement {
  const raw = text.slice(start, end);
  const offsets = new Map<string, number>();
  const attrPattern = /\s([^\s=/>]+)\s*=\s*(?:"[^"]*"|'[^']*')/g;
  for (let m = attrPattern.exec(raw); m; m = attrPattern.exec(raw)) {
    const name = m[1] as string;
    if (!offsets.has(name)) offsets.set(name, start + m.index + 1);
  }
  const attributes: XmlAttribute[] = [];
  for (const a of Object.values(tag.attributes)) {
    if (a.uri === XMLNS_NS || a.name === 'xmlns') continue;
    attributes.push({
      name: a.name,
      local: a.local,
      uri: a.uri,
      value: a.value,
      place: lines.placeAt(offsets.get(a.name) ?? start),
    });
  }
  return {
    type: 'element',
    name: tag.name,
    local: tag.local,
    uri: tag.uri,
    attributes,
    children: [],
    parent: null,
    place: lines.placeAt(start),
  };
}

/** Turns saxes's terse messages into "found ..., expected ..." sentences. */
function describeSaxesError(message: string, stack: XmlElement[], text: string, found: number | undefined): string {
  const msg = message.replace(/^[^:]*:\d+:\d+: /, '').replace(/\.$/, '');
  const open = stack[stack.length - 1];
  if (/^unclosed tag/.test(msg) && !/>\s*$/.test(text)) {
    return 'The file ends inside a tag; expected the rest of the document (is the file truncated?)';
  }
  if (/^unclosed tag/.test(msg) && open) {
    return `The element \`<${open.name}>\` opened at line ${open.place.line} is never closed; expected \`</${open.name}>\` before the end of the file`;
  }
  if (/^unexpected close tag|^unmatched closing tag/.test(msg)) {
    return open
      ? `Found a closing tag that does not match; expected \`</${open.name}>\` to close the element opened at line ${open.place.line}`
      : 'Found a closing tag with no element open; expected the end of the file';
  }
  if (/^disallowed character\.?$/.test(msg) && found !== undefined) {
    const code = `U+${found.toString(16).toUpperCase().padStart(4, '0')}`;
    if (found < 0x20 || (found >= 0x7f && found <= 0x9f) || found === 0xfffe || found === 0xffff || (found >= 0xd800 && found <= 0xdfff)) {
      return `Found the character ${code}, which XML does not allow (a control character or a non-character); expected text without it`;
    }
    return `Found \`${String.fromCodePoint(found)}\` (${code}) where XML does not allow it; expected a well-formed tag or attribute here`;
  }
  if (/^undefined entity/.test(msg)) {
    return 'Found a reference to an undefined entity; expected one of `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` or a character reference such as `&#160;`';
  }
  if (/text data outside of root node/.test(msg)) {
    return 'Found text outside the root element; expected nothing but white space, comments and processing instructions there';
  }
  if (/^unexpected end/.test(msg)) return 'The file ends in the middle of the markup; expected the rest of the document (is the file truncated?)';
  let m: RegExpExecArray | null;
  if ((m = /^duplicate attribute: (.+)$/.exec(msg))) return `Found the attribute \`${m[1]}\` twice on one element; expected each attribute once`;
  if ((m = /^unbound namespace prefix: "(.*)"$/.exec(msg))) return `Found the prefix \`${m[1]}:\` with no namespace declared for it; expected an \`xmlns:${m[1]}="..."\` declaration on the element or an ancestor`;
  if ((m = /^malformed name: (.+)$/.exec(msg))) return `Found the malformed name \`${m[1]}\`; expected an XML name (a letter or \`_\` first, then letters, digits, \`.\`, \`-\` or \`_\`)`;
  if (/^disallowed character in (tag|attribute|processing instruction) name|^disallowed character in closing tag/.test(msg)) {
    const what = found === undefined ? 'a character' : `\`${String.fromCodePoint(found)}\``;
    return `Found ${what} inside ${/attribute/.test(msg) ? 'an attribute' : /processing/.test(msg) ? 'a processing instruction' : 'a tag'} name; expected an XML name (letters, digits, \`.\`, \`-\`, \`_\`)`;
  }
  const known: Array<[RegExp, string]> = [
    [/^malformed character entity/, 'Found a character reference to a character XML does not allow, or a malformed one; expected `&#` and the number of an allowed character, then `;` (such as `&#160;`)'],
    [/^(unquoted attribute value|value must be quoted)/, 'Found an attribute value without quotes; expected the value in "double" or \'single\' quotes'],
    [/^(attribute without value|value required)/, 'Found an attribute without a value; expected `name="value"`'],
    [/^documents may contain only one root/, 'Found a second root element; expected the document to end after the first one closes'],
    [/^document must contain a root element/, 'Found no element; expected a root element such as `<TEI>`'],
    [/^no whitespace between attributes/, 'Found two attributes with no space between them; expected white space between attributes'],

    [/^malformed comment/, 'Found a malformed comment; expected `<!-- ... -->` without `--` inside'],
    [/^forward-slash in opening tag not followed by >/, 'Found `/` inside a start tag; expected `/>` to close an empty element'],
    [/XML declaration|version number must match|standalone value|expected one of|expected the name/, 'Found a malformed XML declaration; expected `<?xml version="1.0" encoding="UTF-8"?>` at the very start of the file'],
    [/^(empty entity name|incorrect syntax|the string|tags may not have|whitespace required|weird empty close tag|did not expect any more)/, 'Found markup that is not well-formed; expected a well-formed tag, attribute or reference here'],
    [/namespace|prefix must be bound/, 'Found a namespace declaration XML does not allow; expected the reserved prefixes `xml` and `xmlns` to keep their namespaces'],
  ];
  for (const [pattern, sentence] of known) if (pattern.test(msg)) return sentence;
  return `Malformed XML: ${msg}; expected well-formed XML`;
}
