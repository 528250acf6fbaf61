import fs from 'node:fs';
import { decodeXmlBytes } from '../xml/decode.ts';
import { parseXml } from '../xml/parse.ts';
import { getAttribute, isTei, normalizeSpace, textContent, walkEncoding, type XmlElement } from '../xml/tree.ts';
import type { MentionElement, Problem } from './model.ts';

/** A register entry of an existing TEI file, as `--tag-names` uses it. */
export interface RegisterEntry {
  id: string;
  kind: 'person' | 'place' | 'org';
  element: MentionElement;
  /** Every name, the main one first: `type` is `main`, `variant` or `original` (with `lang`). */
  names: Array<{ type: 'main' | 'variant' | 'original'; text: string; lang?: string | undefined }>;
  birth: string | undefined;
  death: string | undefined;
  idnos: Array<{ type: string; value: string }>;
  /** The file it comes from, as given. */
  file: string;
}

const KINDS: Record<string, { kind: RegisterEntry['kind']; element: MentionElement }> = {
  person: { kind: 'person', element: 'persName' },
  place: { kind: 'place', element: 'placeName' },
  org: { kind: 'org', element: 'orgName' },
};

/**
 * Reads the persons, places and organisations (with their names and
 * variants) of TEI files: the registers that `--tag-names` matches the text
 * against. A file that cannot be read or parsed is reported and skipped. An
 * id in several files is one entry, with the names of all.
 */
export function readRegisterFiles(files: readonly string[]): { entries: RegisterEntry[]; problems: Problem[] } {
  const byId = new Map<string, RegisterEntry>();
  const problems: Problem[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = fs.readFileSync(file);
    } catch (err) {
      problems.push({ file, ruleId: 'import-registers', severity: 'warning', reason: `Cannot read this register file (${(err as NodeJS.ErrnoException).code ?? 'error'}); its names are not used` });
      continue;
    }
    const decoded = decodeXmlBytes(bytes, file);
    const parsed = decoded.ok ? parseXml(decoded.text, file) : undefined;
    if (!parsed?.document) {
      const why = decoded.ok ? parsed?.diagnostics[0] : decoded.diagnostic;
      problems.push({ file, ruleId: 'import-registers', severity: 'warning', reason: `This register file is not well-formed TEI (${why?.reason ?? 'unknown'}); its names are not used` });
      continue;
    }
    walkEncoding(parsed.document.root, (el) => {
      const kind = isTei(el) ? KINDS[el.local] : undefined;
      const id = getAttribute(el, 'xml:id');
      if (!kind || !id) return;
      const entry = readEntry(el, id, kind, file);
      const known = byId.get(id);
      if (!known) byId.set(id, entry);
      else if (known.kind === entry.kind) {
        for (const name of entry.names) if (!known.names.some((n) => n.text === name.text)) known.names.push({ ...name, type: name.type === 'main' ? 'variant' : name.type });
      }
    });
  }
  return { entries: [...byId.values()], problems };
}

function readEntry(el: XmlElement, id: string, kind: { kind: RegisterEntry['kind']; element: MentionElement }, file: string): RegisterEntry {
  const entry: RegisterEntry = { id, kind: kind.kind, element: kind.element, names: [], birth: undefined, death: undefined, idnos: [], file };
  for (const child of el.children) {
    if (child.type !== 'element' || !isTei(child)) continue;
    const text = normalizeSpace(textContent(child));
    if (child.local === kind.element || child.local === 'name') {
      if (!text) continue;
      const type = getAttribute(child, 'type');
      if (type === 'original') entry.names.push({ type: 'original', text, lang: getAttribute(child, 'xml:lang') });
      else entry.names.push({ type: type === 'main' && !entry.names.some((n) => n.type === 'main') ? 'main' : 'variant', text });
    } else if (child.local === 'birth') entry.birth = getAttribute(child, 'when');
    else if (child.local === 'death') entry.death = getAttribute(child, 'when');
    else if (child.local === 'idno' && text) entry.idnos.push({ type: getAttribute(child, 'type') ?? '', value: text });
  }
  // The main name first; without one, the first variant stands for it.
  const main = entry.names.findIndex((n) => n.type === 'main');
  if (main > 0) entry.names.unshift(...entry.names.splice(main, 1));
  else if (main === -1) {
    const first = entry.names.findIndex((n) => n.type === 'variant');
    if (first !== -1) entry.names.unshift({ ...entry.names.splice(first, 1)[0]!, type: 'main' });
  }
  return entry;
}
