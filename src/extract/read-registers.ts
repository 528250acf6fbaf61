import { attr, descendants, elements, textOf, type OrderedElement } from './ordered-xml.ts';

export interface RegisterEntry {
  id: string;
  element: string;
  name: string;
  variants: string[];
  originals: Array<{ lang: string; text: string }>;
  birth: string | undefined;
  death: string | undefined;
  when: string | undefined;
  from: string | undefined;
  to: string | undefined;
  role: string | undefined;
  idnos: Array<{ type: string; value: string }>;
}

const ENTRY_NAMES = ['person', 'personGrp', 'place', 'org', 'event'];
const NAME_ELEMENTS: Record<string, string[]> = {
  person: ['persName', 'name'],
  personGrp: ['name', 'persName'],
  place: ['placeName', 'geogName', 'settlement', 'country', 'name'],
  org: ['orgName', 'name'],
  event: ['eventName', 'label', 'name', 'desc'],
};

/**
 * Reads every register entry of a document: its names (the normalised form,
 * the variants, the original-script forms), dates, role and authority ids.
 * Works for the project's registers and for other projects' (DraCor cast
 * lists, letter registers), where any of these may be missing.
 */
export function readRegisters(tei: OrderedElement): RegisterEntry[] {
  const out: RegisterEntry[] = [];
  for (const name of ENTRY_NAMES) {
    for (const el of descendants(tei, name)) {
      const id = attr(el, 'id');
      if (!id) continue;
      out.push(readEntry(el, id));
    }
  }
  return out;
}

function readEntry(el: OrderedElement, id: string): RegisterEntry {
  const nameElements = (NAME_ELEMENTS[el.name] ?? ['name']).flatMap((n) => elements(el, n));
  const originals: RegisterEntry['originals'] = [];
  const variants: string[] = [];
  let main: string | undefined;
  for (const n of nameElements) {
    const text = textOf(n);
    if (!text) continue;
    const type = attr(n, 'type');
    if (type === 'original') originals.push({ lang: attr(n, 'lang') ?? '', text });
    else if (type === 'main' && main === undefined) main = text;
    else variants.push(text);
  }
  if (main === undefined) main = variants.shift();
  const roleNote = elements(el, 'note').find((n) => attr(n, 'type') === 'role') ?? elements(el, 'note')[0];
  const role = textOf(roleNote) || textOf(elements(el, 'occupation')[0]) || textOf(elements(el, 'roleName')[0]) || textOf(elements(el, 'desc')[0]) || undefined;
  return {
    id,
    element: el.name,
    name: main ?? id,
    variants: [...new Set(variants.filter((v) => v !== main))],
    originals,
    birth: dateOf(elements(el, 'birth')[0]),
    death: dateOf(elements(el, 'death')[0]),
    when: attr(el, 'when'),
    from: attr(el, 'from'),
    to: attr(el, 'to'),
    role,
    idnos: elements(el, 'idno').map((i) => ({ type: attr(i, 'type') ?? '', value: textOf(i) })).filter((i) => i.value),
  };
}

function dateOf(el: OrderedElement | undefined): string | undefined {
  if (!el) return undefined;
  return attr(el, 'when') ?? attr(el, 'notBefore') ?? (textOf(el) || undefined);
}
