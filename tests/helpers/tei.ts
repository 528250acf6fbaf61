import fs from 'node:fs';
import { parseXml } from '../../src/xml/parse.ts';
import { TEI_NS, getAttribute, isTei, selectElements, type XmlDocument, type XmlElement, type XmlNode } from '../../src/xml/tree.ts';

export function readTei(file: string): XmlDocument {
  const parsed = parseXml(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), file);
  if (!parsed.document) throw new Error(`${file}: ${parsed.diagnostics[0]}`);
  return parsed.document;
}

/** The outermost <text> elements of a document (teiCorpus members included). */
export function textElements(doc: XmlDocument): XmlElement[] {
  return selectElements(doc.root, (e) => e.local === 'text' && isTei(e) && !hasTextAncestor(e));
}

function hasTextAncestor(e: XmlElement): boolean {
  let p: XmlElement | null = e.parent;
  while (p) {
    if (p.local === 'text' && p.uri === TEI_NS) return true;
    p = p.parent;
  }
  return false;
}

/** Tokens of every text node below the element, split at white space, node by node, in document order. */
export function teiTokens(el: XmlElement): string[] {
  const out: string[] = [];
  const stack: XmlNode[] = [el];
  while (stack.length) {
    const n = stack.pop() as XmlNode;
    if (n.type === 'text') out.push(...n.value.split(/\s+/).filter(Boolean));
    else for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as XmlNode);
  }
  return out;
}

/** How many mentions (names with a @ref) in the text point to each register id. */
export function mentionCounts(doc: XmlDocument): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of textElements(doc)) {
    for (const m of selectElements(text, (e) => isTei(e) && ['persName', 'placeName', 'orgName', 'name', 'rs'].includes(e.local) && !!getAttribute(e, 'ref'))) {
      for (const token of (getAttribute(m, 'ref') ?? '').split(/\s+/).filter(Boolean)) {
        const id = token.replace(/^#/, '');
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    }
  }
  return counts;
}
