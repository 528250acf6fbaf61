/**
 * A small XML serialiser for the draft: elements either hold other elements
 * (written one per line, indented) or mixed content (written on one line as
 * it is, so that no white space is added to the text). Every text and
 * attribute value is escaped here and nowhere else.
 */
export interface XmlEl {
  name: string;
  attrs: Array<[string, string]>;
  children: XmlChild[];
  /** Mixed content: text and inline elements, written without added white space. */
  mixed: boolean;
}
export type XmlChild = XmlEl | string;

type Attrs = Record<string, string | number | undefined>;

const attrList = (attrs: Attrs): Array<[string, string]> =>
  Object.entries(attrs)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => [k, String(v)]);

/** An element that holds elements. */
export function block(name: string, attrs: Attrs = {}, children: Array<XmlChild | undefined | false> = []): XmlEl {
  return { name, attrs: attrList(attrs), children: children.filter((c): c is XmlChild => !!c), mixed: false };
}

/** An element with mixed content (text and inline elements). */
export function mixed(name: string, attrs: Attrs = {}, children: Array<XmlChild | undefined | false> = []): XmlEl {
  return { name, attrs: attrList(attrs), children: children.filter((c): c is XmlChild => c !== undefined && c !== false && c !== ''), mixed: true };
}

export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

function startTag(el: XmlEl, empty: boolean): string {
  const attrs = el.attrs.map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`).join('');
  return `<${el.name}${attrs}${empty ? '/' : ''}>`;
}

/** The element as indented XML text, starting at `indent`. */
export function serialize(el: XmlEl, indent = ''): string {
  if (el.children.length === 0) return `${indent}${startTag(el, true)}`;
  if (el.mixed) return `${indent}${startTag(el, false)}${el.children.map((c) => inline(c, indent)).join('')}</${el.name}>`;
  const inner = el.children.map((c) => (typeof c === 'string' ? `${indent}  ${escapeText(c)}` : serialize(c, `${indent}  `)));
  return `${indent}${startTag(el, false)}\n${inner.join('\n')}\n${indent}</${el.name}>`;
}

/** Inline content; a page break starts a new line at the paragraph's indentation, as the project's files do. */
function inline(child: XmlChild, indent: string): string {
  if (typeof child === 'string') return escapeText(child);
  if (child.name === 'pb' && child.children.length === 0) return `\n${indent}${startTag(child, true)}`;
  if (child.children.length === 0) return startTag(child, true);
  return `${startTag(child, false)}${child.children.map((c) => inline(c, indent)).join('')}</${child.name}>`;
}
