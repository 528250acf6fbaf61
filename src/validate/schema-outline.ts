import { parseXml } from '../xml/parse.ts';
import { XML_NS, type XmlElement } from '../xml/tree.ts';

const RNG_NS = 'http://relaxng.org/ns/structure/1.0';
const ANNOTATION_NS = 'http://relaxng.org/ns/compatibility/annotations/1.0';

/** What a RELAX NG schema allows for one element name, merged over all its patterns. */
export interface ElementOutline {
  /** `{uri}local` keys of the attributes allowed. */
  attributes: Set<string>;
  /** Attributes required by every pattern for this element. */
  required: Set<string>;
  /** `{uri}local` keys of the child elements allowed. */
  children: Set<string>;
  /** Documentation of each pattern (`a:documentation`), in schema order. */
  docs: string[];
  /** True where a pattern uses a wildcard (`anyName`, `nsName`): then nothing is checked. */
  open: boolean;
  /** What values each attribute may take, where the schema says so simply (values, patterns). */
  values: Map<string, ValueConstraint>;
}

/**
 * The values an attribute may take: any of the listed values, or any string
 * matching one of the patterns. `undefined` means the schema constrains the
 * value in a way the outline does not follow (a datatype, a list): xmllint
 * checks those.
 */
export interface ValueConstraint {
  values: string[];
  patterns: Array<{ source: string; regex: RegExp; doc: string | undefined }>;
}

export interface SchemaOutline {
  elements: Map<string, ElementOutline>;
  start: Set<string>;
}

export const key = (uri: string, local: string): string => `{${uri}}${local}`;

/**
 * Reads a RELAX NG schema (XML syntax) into an outline: for each element
 * name, which attributes and children it may have and which attributes it must
 * have. The outline lets `colloquy validate` point at the exact attribute or
 * element that breaks the schema, where xmllint reports only a line.
 */
export function outlineSchema(rngText: string, file = 'schema.rng'): SchemaOutline {
  const parsed = parseXml(rngText, file);
  if (!parsed.document) throw new Error(`Cannot read the schema ${parsed.diagnostics[0]?.location ?? file}: ${parsed.diagnostics[0]?.reason ?? 'unknown error'}`);
  const grammar = parsed.document.root;
  if (grammar.uri !== RNG_NS || !['grammar', 'element'].includes(grammar.local)) {
    throw new Error(`Cannot read the schema ${file}: its root is \`<${grammar.name}>\`${grammar.uri ? ` in ${grammar.uri}` : ''}; expected \`<grammar>\` or \`<element>\` in ${RNG_NS}`);
  }
  const defines = new Map<string, XmlElement[]>();
  for (const child of rngChildren(grammar)) {
    if (child.local === 'define') {
      const name = attr(child, 'name');
      const list = defines.get(name) ?? [];
      list.push(child);
      defines.set(name, list);
    }
  }

  const elements = new Map<string, ElementOutline>();
  const seenElements = new Set<XmlElement>();
  const start = new Set<string>();

  // Walks a content pattern, calling back for attributes and child elements.
  // `optional` is true below optional/zeroOrMore/choice. `visited` holds the
  // defines already expanded for this element (with their optionality), which
  // both stops ref cycles and keeps large schemas such as tei_all linear.
  type Sink = { attribute(k: string, optional: boolean, constraint: ValueConstraint | undefined): void; element(el: XmlElement, ns: string): void; wildcard(): void };
  const walk = (node: XmlElement, ns: string, optional: boolean, sink: Sink, visited: Set<string>): void => {
    const here = node.attributes.find((a) => a.name === 'ns')?.value ?? ns;
    switch (node.local) {
      case 'element':
        sink.element(node, here);
        return;
      case 'attribute': {
        const name = attrOptional(node, 'name');
        if (!name) {
          sink.wildcard();
          return;
        }
        const ownNs = node.attributes.find((a) => a.name === 'ns')?.value ?? '';
        const k = name.startsWith('xml:') ? key(XML_NS, name.slice(4)) : key(ownNs, name);
        sink.attribute(k, optional, valueConstraint(node, defines));
        return;
      }
      case 'ref':
      case 'parentRef': {
        const name = attr(node, 'name');
        const seen = `${name}|${optional}`;
        if (visited.has(seen)) return;
        visited.add(seen);
        for (const d of defines.get(name) ?? []) for (const c of rngChildren(d)) walk(c, here, optional, sink, visited);
        return;
      }
      case 'anyName':
      case 'nsName':
      case 'externalRef':
        sink.wildcard();
        return;
      case 'optional':
      case 'zeroOrMore':
      case 'choice':
        for (const c of rngChildren(node)) walk(c, here, true, sink, visited);
        return;
      case 'data':
      case 'value':
      case 'list':
      case 'text':
      case 'empty':
      case 'notAllowed':
      case 'param':
      case 'except':
        return;
      default:
        for (const c of rngChildren(node)) walk(c, here, optional, sink, visited);
    }
  };

  const visitElement = (el: XmlElement, ns: string): void => {
    if (seenElements.has(el)) return;
    seenElements.add(el);
    const name = attrOptional(el, 'name');
    const attrs = new Set<string>();
    const required = new Set<string>();
    const values = new Map<string, ValueConstraint | undefined>();
    const children: Array<[XmlElement, string]> = [];
    let open = !name;
    const sink: Sink = {
      attribute(k, optional, constraint) {
        attrs.add(k);
        if (!optional) required.add(k);
        values.set(k, values.has(k) ? mergeConstraints(values.get(k), constraint) : constraint);
      },
      element(child, childNs) {
        children.push([child, childNs]);
      },
      wildcard() {
        open = true;
      },
    };
    for (const c of rngChildren(el)) if (c.local !== 'name') walk(c, ns, false, sink, new Set());
    if (name) {
      const k = key(ns, name);
      const outline = elements.get(k);
      const doc = documentation(el);
      if (outline) {
        for (const a of attrs) {
          const merged = outline.attributes.has(a) ? mergeConstraints(outline.values.get(a), values.get(a)) : values.get(a);
          if (merged) outline.values.set(a, merged);
          else outline.values.delete(a);
          outline.attributes.add(a);
        }
        for (const r of [...outline.required]) if (!required.has(r)) outline.required.delete(r);
        outline.open ||= open;
        if (doc) outline.docs.push(doc);
        for (const [child, childNs] of children) outline.children.add(key(childNs, attrOptional(child, 'name') ?? '*'));
      } else {
        const known = new Map<string, ValueConstraint>();
        for (const [a, c] of values) if (c) known.set(a, c);
        elements.set(k, {
          attributes: attrs,
          required,
          values: known,
          children: new Set(children.map(([child, childNs]) => key(childNs, attrOptional(child, 'name') ?? '*'))),
          docs: doc ? [doc] : [],
          open,
        });
      }
    }
    for (const [child, childNs] of children) visitElement(child, childNs);
  };

  const grammarNs = grammar.attributes.find((a) => a.name === 'ns')?.value ?? '';
  for (const s of rngChildren(grammar).filter((c) => c.local === 'start')) {
    const sink: Sink = {
      attribute() {},
      element(el, ns) {
        start.add(key(ns, attrOptional(el, 'name') ?? '*'));
        visitElement(el, ns);
      },
      wildcard() {},
    };
    for (const c of rngChildren(s)) walk(c, grammarNs, false, sink, new Set());
  }
  return { elements, start };
}

// What an <attribute>'s content allows: values and patterns, following refs;
// undefined as soon as anything else (a datatype without a pattern, text, a
// list) is allowed.
function valueConstraint(attribute: XmlElement, defines: Map<string, XmlElement[]>): ValueConstraint | undefined {
  const result: ValueConstraint = { values: [], patterns: [] };
  const visit = (node: XmlElement, doc: string | undefined, depth: number): boolean => {
    if (depth > 20) return false;
    switch (node.local) {
      case 'value':
        result.values.push(node.children.map((t) => (t.type === 'text' ? t.value : '')).join(''));
        return true;
      case 'data': {
        const param = rngChildren(node).find((c) => c.local === 'param' && attrOptional(c, 'name') === 'pattern');
        if (!param || rngChildren(node).some((c) => c.local === 'except')) return false;
        const source = param.children.map((t) => (t.type === 'text' ? t.value : '')).join('');
        const regex = xsdPattern(source);
        if (!regex) return false;
        result.patterns.push({ source, regex, doc });
        return true;
      }
      case 'choice':
        return rngChildren(node).every((c) => visit(c, doc, depth + 1));
      case 'ref': {
        const list = defines.get(attr(node, 'name')) ?? [];
        return list.length > 0 && list.every((d) => rngChildren(d).every((c) => visit(c, documentation(d) ?? doc, depth + 1)));
      }
      default:
        return false;
    }
  };
  const content = rngChildren(attribute).filter((c) => c.local !== 'name');
  if (content.length !== 1) return undefined;
  return visit(content[0] as XmlElement, undefined, 0) ? result : undefined;
}

function rngChildren(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) if (c.type === 'element' && c.uri === RNG_NS) out.push(c);
  return out;
}

function documentation(el: XmlElement): string | undefined {
  for (const c of el.children) {
    if (c.type === 'element' && c.uri === ANNOTATION_NS && c.local === 'documentation') {
      return c.children.map((t) => (t.type === 'text' ? t.value : '')).join('').replace(/\s+/g, ' ').trim();
    }
  }
  return undefined;
}

function attr(el: XmlElement, name: string): string {
  const v = attrOptional(el, name);
  if (v === undefined) throw new Error(`RELAX NG <${el.local}> without @${name}`);
  return v;
}

function attrOptional(el: XmlElement, name: string): string | undefined {
  const a = el.attributes.find((x) => x.name === name);
  if (a) return a.value.trim();
  // <element><name>x</name>...</element>
  if (name === 'name') {
    const n = rngChildren(el).find((c) => c.local === 'name');
    if (n) return n.children.map((t) => (t.type === 'text' ? t.value : '')).join('').trim();
  }
  return undefined;
}

function mergeConstraints(a: ValueConstraint | undefined, b: ValueConstraint | undefined): ValueConstraint | undefined {
  if (!a || !b) return undefined;
  return { values: [...a.values, ...b.values], patterns: [...a.patterns, ...b.patterns] };
}

/** Does a value satisfy the constraint? */
export function allows(constraint: ValueConstraint, value: string): boolean {
  return constraint.values.includes(value) || constraint.patterns.some((p) => p.regex.test(value));
}

/**
 * An XML Schema regular expression as a JavaScript one, for the subset the
 * outline needs: XSD patterns are anchored, and \i and \c (name characters),
 * also with the subtraction of ":", have no JavaScript equivalent. Anything
 * else with a subtraction is not converted.
 */
export function xsdPattern(source: string): RegExp | undefined {
  const initial = 'A-Za-z_\\u00C0-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
  const name = `${initial}0-9.\\-\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
  let js = source
    .replace(/\[\\i-\[:\]\]/g, `[${initial}]`)
    .replace(/\[\\c-\[:\]\]/g, `[${name}]`)
    .replace(/\\i/g, `[${initial}:]`)
    .replace(/\\c/g, `[${name}:]`);
  if (/-\[/.test(js)) return undefined;
  try {
    return new RegExp(`^(?:${js})$`, 'u');
  } catch {
    return undefined;
  }
}
