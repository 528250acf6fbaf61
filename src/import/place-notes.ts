import type { Inline, NoteLine, Report } from './model.ts';

/**
 * Puts each footnote's text where its marker stands: the marker `[n]`
 * becomes `note n` holding the text of `[n] ...` from the end of the record.
 * A marker without a text stays as it is written, and a text without a
 * marker is left out; both are reported. Notes must come in the order 1, 2,
 * 3 ... as the project's rules require; anything else is an error.
 */
export function placeNotes(paragraphs: Inline[][], notes: NoteLine[], noteText: (note: NoteLine) => Inline[], report: Report): void {
  const texts = new Map<number, NoteLine>();
  for (const note of notes) {
    if (texts.has(note.n)) {
      report({
        ruleId: 'import-note',
        severity: 'warning',
        reason: `A second text for footnote [${note.n}] at line ${note.line}; expected one per number. This one is left out of the draft`,
        place: { line: note.line },
        cause: { reason: 'the first is here', place: { line: texts.get(note.n)!.line } },
      });
    } else texts.set(note.n, note);
  }
  const used = new Set<number>();
  let expected = 1;
  for (const paragraph of paragraphs) {
    for (let k = 0; k < paragraph.length; k++) {
      const node = paragraph[k]!;
      if (node.kind !== 'noteRef') continue;
      const text = texts.get(node.n);
      if (!text || used.has(node.n)) {
        report({
          ruleId: 'import-note',
          severity: 'warning',
          reason: used.has(node.n)
            ? `Footnote marker \`${node.marker}\` is used a second time; expected each note's marker once. Kept as text`
            : `Footnote marker \`${node.marker}\` has no note text; expected a line \`[${node.n}] text\` at the end of the record. Kept as text`,
          place: node.place,
        });
        paragraph[k] = { kind: 'text', value: node.marker };
        continue;
      }
      if (node.n !== expected) {
        report({
          ruleId: 'import-note',
          severity: 'error',
          reason: `Footnote marker \`${node.marker}\` comes where note ${expected} is expected; the project numbers notes 1, 2, 3 ... in the order of their markers. Renumber the markers and their texts`,
          place: node.place,
        });
      }
      expected = node.n + 1;
      used.add(node.n);
      paragraph[k] = { kind: 'note', n: node.n, children: noteText(text) };
    }
  }
  for (const [n, note] of texts) {
    if (used.has(n)) continue;
    report({
      ruleId: 'import-note',
      severity: 'warning',
      reason: `Footnote text [${n}] at line ${note.line} has no marker in the text; expected \`[${n}]\` where the note belongs. Left out of the draft`,
      place: { line: note.line },
    });
  }
}
