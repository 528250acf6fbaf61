import path from 'node:path';
import type { MentionElement, Report } from './model.ts';
import { readRegisterFiles } from './read-register-files.ts';
import type { SpeakerResolution } from './resolve-speakers.ts';
import type { IdAllocator } from './slug.ts';
import type { Draft, DraftPlace } from './write-tei.ts';

/** What a name points to: an entry of a register, and the element that mentions it. */
export interface NameTarget {
  element: MentionElement;
  id: string;
}

/**
 * The names that `--tag-names` looks for, each with the entries it names.
 * A name that names more than one entry is ambiguous: it is found (so that
 * nothing shorter inside it is tagged) but not tagged, and reported once.
 */
export class NameIndex {
  private readonly targets = new Map<string, NameTarget[]>();
  private pattern: RegExp | undefined;
  /** The names that tagged something, by entry id. */
  readonly used = new Map<string, { element: MentionElement; names: Set<string> }>();
  /** Each ambiguous name found: how often, and the line of the paragraph it first occurred in. */
  readonly ambiguous = new Map<string, { count: number; line: number }>();

  add(name: string, target: NameTarget): void {
    const key = name.replace(/\s+/g, ' ').trim();
    if (!key) return;
    const list = this.targets.get(key) ?? [];
    if (!list.some((t) => t.id === target.id && t.element === target.element)) list.push(target);
    this.targets.set(key, list);
    this.pattern = undefined;
  }

  /** One regular expression for all names, longest first, matched at word boundaries. */
  regex(): RegExp | undefined {
    if (this.targets.size === 0) return undefined;
    this.pattern ??= new RegExp(
      String.raw`(?<![\p{L}\p{N}])(?:${[...this.targets.keys()]
        .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
        .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, String.raw`\s+`))
        .join('|')})(?![\p{L}\p{N}])`,
      'gu',
    );
    return this.pattern;
  }

  lookup(found: string): NameTarget[] {
    return this.targets.get(found.replace(/\s+/g, ' ')) ?? [];
  }

  /** Reports each ambiguous name once, at its first occurrence. */
  reportAmbiguous(report: Report): void {
    for (const [name, { count, line }] of this.ambiguous) {
      const ids = this.lookup(name).map((t) => `\`#${t.id}\``);
      report({
        ruleId: 'import-names',
        severity: 'warning',
        reason: `The name \`${name}\` (${count} ${count === 1 ? 'time' : 'times'}) names several register entries (${ids.join(', ')}); not tagged. Tag it by hand where the referent is clear`,
        place: { line },
      });
    }
  }
}

/**
 * Fills the name index: the draft's own participants and places, then the
 * entries of the register files. A register entry whose id is a draft entry
 * of the same kind is that entry; one whose id the draft uses otherwise is
 * skipped. Returns the register entries the draft may copy.
 */
export function fillNameIndex(index: NameIndex, files: readonly string[], speakers: SpeakerResolution, places: DraftPlace[], ids: IdAllocator, report: Report): Draft['copied'] {
  const own = new Map<string, 'person' | 'place'>();
  for (const side of speakers.sides) {
    for (const p of side.persons) {
      own.set(p.id, 'person');
      for (const name of [p.main, ...p.variants]) index.add(name, { element: 'persName', id: p.id });
    }
  }
  for (const p of places) {
    own.set(p.id, 'place');
    for (const name of [p.main, ...p.variants]) index.add(name, { element: 'placeName', id: p.id });
  }
  const { entries, problems } = readRegisterFiles(files);
  problems.forEach((p) => report(p));
  const copied: Draft['copied'] = [];
  for (const entry of entries) {
    const ownKind = own.get(entry.id);
    if ((ownKind && ownKind !== entry.kind) || (!ownKind && ids.has(entry.id))) continue;
    for (const name of entry.names) if (name.type !== 'original') index.add(name.text, { element: entry.element, id: entry.id });
    if (!ownKind) {
      copied.push({
        entry,
        role: `Entry taken by name from the register of ${path.basename(entry.file)} (colloquy import --tag-names); check that this record means the same ${entry.kind === 'org' ? 'organisation' : entry.kind}.`,
      });
    }
  }
  return copied;
}

/** Adds the names that tagged a draft entry to its variants; keeps only the copied entries that were used. */
export function addUsedNames(index: NameIndex, speakers: SpeakerResolution, places: DraftPlace[], copied: Draft['copied']): Draft['copied'] {
  const entries: Array<{ id: string; main: string; variants: string[] }> = [...speakers.sides.flatMap((s) => s.persons), ...places];
  for (const entry of entries) {
    for (const name of index.used.get(entry.id)?.names ?? []) {
      if (name !== entry.main && !entry.variants.includes(name)) entry.variants.push(name);
    }
  }
  return copied.filter((c) => index.used.has(c.entry.id));
}
