import type { Place } from '../diagnostics/diagnostic.ts';

/**
 * A light XML tree with source positions, built by `parseXml` for the checks
 * that need to say exactly where something is.
 */
export interface XmlAttribute {
  /** The qualified name as written (`xml:id`, `who`). */
  name: string;
  local: string;
  uri: string;
  value: string;
  place: Place;
}

export interface XmlElement {
  type: 'element';
  name: string;
  local: string;
  uri: string;
  attributes: XmlAttribute[];
  children: XmlNode[];
  parent: XmlElement | null;
  place: Place;
  /** The place of the `>` that ends the element (its end tag, or the start tag of an empty element). */
  end?: Place;
}

export interface XmlText {
  type: 'text';
  value: string;
}

export type XmlNode = XmlElement | XmlText;

export interface ProcessingInstruction {
  target: string;
  body: string;
  place: Place;
}

export interface XmlDocument {
  root: XmlElement;
  /** Processing instructions before the root element (`xml-model`, `xml-stylesheet`). */
  prolog: ProcessingInstruction[];
}

export const TEI_NS = 'http://www.tei-c.org/ns/1.0';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const XI_NS = 'http://www.w3.org/2001/XInclude';

/** The value of an attribute by qualified name (`xml:id`, `who`), or undefined. */
export function getAttribute(el: XmlElement, name: string): string | undefined {
  return findAttribute(el, name)?.value;
}

export function findAttribute(el: XmlElement, name: string): XmlAttribute | undefined {
  for (const a of el.attributes) if (a.name === name) return a;
  return undefined;
}

/** Is this a TEI element with the given local name? */
export function isTei(node: XmlNode | null | undefined, local?: string): node is XmlElement {
  return !!node && node.type === 'element' && node.uri === TEI_NS && (local === undefined || node.local === local);
}

/**
 * Visits every element below and including `root` in document order. It does
 * not recurse, so hostile nesting cannot overflow the stack. Return `false`
 * from the visitor to skip an element's children.
 */
export function walkElements(root: XmlElement, visit: (el: XmlElement) => boolean | void): void {
  const stack: XmlElement[] = [root];
  while (stack.length > 0) {
    const el = stack.pop() as XmlElement;
    if (visit(el) === false) continue;
    for (let i = el.children.length - 1; i >= 0; i--) {
      const child = el.children[i];
      if (child && child.type === 'element') stack.push(child);
    }
  }
}

/** The namespace of `egXML` and its contents: examples of encoding, not encoding. */
export const EXAMPLES_NS = 'http://www.tei-c.org/ns/Examples';

/**
 * Like walkElements, but leaves out examples (`egXML` and everything in it):
 * what an example shows is quoted markup, whose ids, pointers and values
 * belong to no document. The checks walk with this.
 */
export function walkEncoding(root: XmlElement, visit: (el: XmlElement) => boolean | void): void {
  walkElements(root, (el) => {
    if (el.uri === EXAMPLES_NS && el.local === 'egXML') return false;
    return visit(el);
  });
}

/** All elements below `root` (inclusive) that match the predicate, in document order. */
export function selectElements(root: XmlElement, match: (el: XmlElement) => boolean): XmlElement[] {
  const found: XmlElement[] = [];
  walkElements(root, (el) => {
    if (match(el)) found.push(el);
  });
  return found;
}

/**
 * The text content of an element, in document order. `skip` leaves out the
 * content of matching descendants (for example notes inside a label).
 */
export function textContent(root: XmlElement, skip?: (el: XmlElement) => boolean): string {
  let out = '';
  const stack: XmlNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as XmlNode;
    if (node.type === 'text') {
      out += node.value;
      continue;
    }
    if (node !== root && skip?.(node)) continue;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as XmlNode);
  }
  return out;
}

/** Collapses runs of white space and trims. */
export function normalizeSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Is the place inside the element, from its start tag to its end tag? */
export function containsPlace(el: XmlElement, place: Place): boolean {
  const end = el.end ?? el.place;
  const after = place.line > el.place.line || (place.line === el.place.line && (place.column ?? Infinity) >= (el.place.column ?? 0));
  const before = place.line < end.line || (place.line === end.line && (place.column ?? 0) <= (end.column ?? Infinity));
  return after && before;
}

/** The nearest ancestor (exclusive) that matches, or null. */
export function closest(el: XmlElement, match: (el: XmlElement) => boolean): XmlElement | null {
  let p = el.parent;
  while (p) {
    if (match(p)) return p;
    p = p.parent;
  }
  return null;
}
