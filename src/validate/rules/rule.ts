import type { Place, Severity } from '../../diagnostics/diagnostic.ts';
import { getAttribute, walkEncoding, type XmlDocument, type XmlElement } from '../../xml/tree.ts';

/**
 * A rule beyond the schema (what other projects write in Schematron). Each
 * rule lives in a module of its own and is listed in `rules/index.ts`.
 */
export interface Rule {
  /** Kebab-case id, printed with every diagnostic and documented in the README. */
  id: string;
  severity: Severity;
  /** One sentence: what the rule requires. */
  description: string;
  /** Which inputs it applies to: the project's own TEI, or any TEI. */
  profiles: ReadonlyArray<'project' | 'generic'>;
  check(context: RuleContext): void;
}

export interface Report {
  reason: string;
  place: Place;
  cause?: { reason: string; place?: Place } | undefined;
}

export interface RuleContext {
  document: XmlDocument;
  profile: 'project' | 'generic';
  ids: IdIndex;
  /** Every id and every pointed-to id across all the files being checked. */
  corpus: CorpusIndex;
  report(report: Report): void;
}

/** Every `xml:id` in a document, with the elements that carry it, in document order. */
export class IdIndex {
  readonly byId = new Map<string, XmlElement[]>();

  constructor(root: XmlElement) {
    walkEncoding(root, (el) => {
      const id = getAttribute(el, 'xml:id');
      if (id === undefined) return;
      const list = this.byId.get(id);
      if (list) list.push(el);
      else this.byId.set(id, [el]);
    });
  }

  get(id: string): XmlElement | undefined {
    return this.byId.get(id)?.[0];
  }
}

export interface CorpusIndex {
  /** The element each id names (the first file to define it), looked up on demand. */
  ids: { get(id: string): XmlElement | undefined };
  pointers: Set<string>;
}

/** The attributes that hold pointers, and the tokens in them. */
export const POINTER_ATTRIBUTES = ['who', 'ref', 'corresp', 'target', 'resp', 'sameAs', 'source'] as const;

export function pointerTokens(value: string): string[] {
  return value.split(/\s+/).filter(Boolean);
}
