import { XMLParser } from 'fast-xml-parser';

/**
 * fast-xml-parser's ordered output, with the few helpers the extract stage
 * needs. This module is the only one that knows fast-xml-parser's shapes:
 * an element is `{ name: children[], ':@': attributes }`, a text node is
 * `{ '#text': value }`. Namespace prefixes are removed, so `tei:p` and `p`
 * read the same; the input has been validated as TEI before it gets here.
 */
export interface OrderedElement {
  name: string;
  attributes: Record<string, string>;
  children: OrderedNode[];
}
export type OrderedNode = OrderedElement | string;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 10_000,
});

type RawNode = Record<string, unknown>;

/** Parses XML text into ordered elements; returns the root element. */
export function parseOrdered(text: string): OrderedElement | undefined {
  const raw = parser.parse(text) as RawNode[];
  const nodes = raw.map(convert).filter((n): n is OrderedElement => typeof n !== 'string');
  return nodes[0];
}

function convert(raw: RawNode): OrderedNode {
  if ('#text' in raw) return String(raw['#text']);
  const attributes: Record<string, string> = {};
  const rawAttributes = (raw[':@'] ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(rawAttributes)) attributes[k] = String(v);
  const name = Object.keys(raw).find((k) => k !== ':@') ?? '';
  const children = ((raw[name] ?? []) as RawNode[]).map(convert);
  return { name, attributes, children };
}

export function elements(node: OrderedElement | undefined, name?: string): OrderedElement[] {
  if (!node) return [];
  return node.children.filter((c): c is OrderedElement => typeof c !== 'string' && (name === undefined || c.name === name));
}

export function child(node: OrderedElement | undefined, name: string, where?: (el: OrderedElement) => boolean): OrderedElement | undefined {
  return elements(node, name).find((c) => !where || where(c));
}

/** Follows a path of child names: `path(tei, 'teiHeader', 'fileDesc')`. */
export function path(node: OrderedElement | undefined, ...names: string[]): OrderedElement | undefined {
  let current = node;
  for (const n of names) current = child(current, n);
  return current;
}

/** All descendants with this name, in document order. */
export function descendants(node: OrderedElement | undefined, name: string): OrderedElement[] {
  const out: OrderedElement[] = [];
  if (!node) return out;
  const stack: OrderedElement[] = [node];
  while (stack.length) {
    const el = stack.pop() as OrderedElement;
    if (el !== node && el.name === name) out.push(el);
    for (let i = el.children.length - 1; i >= 0; i--) {
      const c = el.children[i];
      if (c !== undefined && typeof c !== 'string') stack.push(c);
    }
  }
  return out;
}

/** The text of a node with white space collapsed; `skip` leaves out matching descendants. */
export function textOf(node: OrderedNode | undefined, skip?: (el: OrderedElement) => boolean): string {
  if (node === undefined) return '';
  let out = '';
  const stack: OrderedNode[] = [node];
  while (stack.length) {
    const n = stack.pop() as OrderedNode;
    if (typeof n === 'string') {
      out += n;
      continue;
    }
    if (n !== node && skip?.(n)) continue;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as OrderedNode);
  }
  return out.replace(/\s+/g, ' ').trim();
}

export function attr(node: OrderedElement | undefined, name: string): string | undefined {
  return node?.attributes[name];
}
