import type { Inline } from './model.ts';
import type { NameIndex, NameTarget } from './name-index.ts';

/**
 * Tags the names of the index in inline content: each occurrence becomes a
 * `persName`, `placeName` or `orgName` with `@ref`. A name may run across a
 * translators' insertion ("[North] Korea") if it covers the insertion whole;
 * inside an insertion, names are tagged too. Labels, [sic] and notes of the
 * translators' marks are left alone. `line` is where the content starts, for
 * the report of ambiguous names.
 */
export function tagNames(nodes: Inline[], index: NameIndex, line: number): Inline[] {
  const re = index.regex();
  if (!re) return nodes;
  const out: Inline[] = [];
  let run: Inline[] = [];
  const flush = (): void => {
    if (run.length) out.push(...tagRun(run, re, index, line));
    run = [];
  };
  for (const node of nodes) {
    if (node.kind === 'text' || (node.kind === 'supplied' && node.children.every((c) => c.kind === 'text'))) {
      run.push(node);
      continue;
    }
    flush();
    if (node.kind === 'stage' || node.kind === 'note' || node.kind === 'supplied') out.push({ ...node, children: tagNames(node.children, index, line) });
    else out.push(node);
  }
  flush();
  return out;
}

const plain = (node: Inline): string => (node.kind === 'text' ? node.value : node.kind === 'supplied' ? node.children.map(plain).join('') : '');

/** Tags a run of text and text-only insertions, read as one string. */
function tagRun(run: Inline[], re: RegExp, index: NameIndex, line: number): Inline[] {
  const segments: Array<{ start: number; end: number; node: Inline }> = [];
  let flat = '';
  for (const node of run) {
    const text = plain(node);
    segments.push({ start: flat.length, end: flat.length + text.length, node });
    flat += text;
  }
  const matches: Array<{ start: number; end: number; target: NameTarget; name: string }> = [];
  for (const m of flat.matchAll(re)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const name = m[0].replace(/\s+/g, ' ');
    const targets = index.lookup(name);
    const inside = (s: { start: number; end: number; node: Inline }) => s.node.kind === 'supplied' && s.start <= start && s.end >= end;
    if (targets.length !== 1) {
      // One inside an insertion is counted when the insertion is tagged on its own.
      if (segments.some(inside)) continue;
      const seen = index.ambiguous.get(name);
      if (seen) seen.count++;
      else index.ambiguous.set(name, { count: 1, line });
      continue;
    }
    // An insertion is tagged whole or not at all: a mention may hold a `supplied`, not part of one.
    const cutsInsertion = segments.some((s) => s.node.kind === 'supplied' && s.start < end && s.end > start && (s.start < start || s.end > end));
    if (!cutsInsertion) matches.push({ start, end, target: targets[0]!, name });
  }
  const slice = (from: number, to: number, insideMention: boolean): Inline[] => {
    const nodes: Inline[] = [];
    for (const s of segments) {
      if (s.end <= from || s.start >= to || s.start === s.end) continue;
      if (s.node.kind === 'text') nodes.push({ kind: 'text', value: s.node.value.slice(Math.max(from, s.start) - s.start, Math.min(to, s.end) - s.start) });
      else if (s.node.kind === 'supplied') nodes.push(insideMention ? s.node : { kind: 'supplied', children: tagRun(s.node.children, re, index, line) });
    }
    return nodes;
  };
  const out: Inline[] = [];
  let position = 0;
  for (const m of matches) {
    out.push(...slice(position, m.start, false));
    out.push({ kind: 'mention', element: m.target.element, ref: m.target.id, children: slice(m.start, m.end, true) });
    const used = index.used.get(m.target.id) ?? { element: m.target.element, names: new Set<string>() };
    used.names.add(m.name);
    index.used.set(m.target.id, used);
    position = m.end;
  }
  out.push(...slice(position, flat.length, false));
  return out;
}
