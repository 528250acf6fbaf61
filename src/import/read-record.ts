import type { NoteLine, Piece, RecordModel, Report, SideLine, TurnLine } from './model.ts';
import { parseDate } from './parse-date.ts';

/**
 * Reads the plain-text layout of a conversation record into a RecordModel,
 * keeping every line's number:
 *
 *     September 18, 1956                      date line
 *     Conversation records between ...        title
 *     Citation: / Summary: / Credits: /       the archive's fields, each on a
 *     Original Language: / Contents:          line of its own, its text below
 *     Record of ...                           the record's heading
 *     (Not yet proof read)                    its status
 *     Time: ... / Location: ... / Participants: Soviet side: A, B / Chinese side: C, D
 *     (narration)                             a stage direction between turns
 *     Mikoyan: text                           a turn; text after a blank line that
 *                                             continues it is a page break
 *     [1] note text                           the footnotes, at the end
 *
 * What it cannot place it reports, with the line, instead of guessing.
 */
export function readRecord(text: string, report: Report): RecordModel {
  const lines = nonBlankLines(text);
  const model: RecordModel = {
    lineCount: text.split(/\r\n|\r|\n/).length,
    date: undefined,
    title: undefined,
    citation: undefined,
    summary: [],
    credits: undefined,
    originalLanguage: undefined,
    contents: undefined,
    head: undefined,
    status: undefined,
    time: undefined,
    location: undefined,
    participants: undefined,
    body: [],
    notes: [],
  };
  let bodyStart = lines.findIndex((l) => META.test(l.text));
  if (bodyStart === -1) bodyStart = lines.findIndex((l) => LABEL.test(l.text) && !FIELD.test(l.text));
  if (bodyStart === -1) bodyStart = lines.length;
  readPreamble(lines.slice(0, bodyStart), model, report);
  readBody(lines.slice(bodyStart), model, report);
  checkComplete(model, report);
  return model;
}

interface Line {
  text: string;
  line: number;
  column: number;
  blankBefore: boolean;
}

const FIELD = /^(Citation|Summary|Credits|Original Language|Contents)\s*:\s*(.*)$/;
const BARE_FIELD = /^(\p{Lu}[\p{L} ]{0,40}):$/u;
const META = /^(Time|Location|Participants)\s*:\s*(.*)$/;
const SIDE = /^(\p{Lu}[\p{L}\p{M}'’ -]{0,40}?\s+[Ss]ide)\s*:\s*(.*)$/u;
/** `[1] text`, `^[1] text`, `[\[1\]](#) text`, `[^1]: text`. */
const NOTE = /^(\^?\[(?:\\\[|\^)?(\d{1,3})(?:\\\])?\](?:\(#[^)\s]*\))?)[:.]?\s+(\S.*)$/u;
const WORD = String.raw`\p{Lu}[\p{L}\p{M}'’.\-]*`;
const PARTICLE = String.raw`(?:(?:de|del|der|den|van|von|da|di|du|la|le|bin|ibn|al|el)\s+)?`;
/** A turn's label: up to five capitalised words, then asides in parentheses or brackets, then a colon. */
const LABEL = new RegExp(String.raw`^(${WORD}(?:\s+${PARTICLE}${WORD}){0,4})((?:\s*(?:\([^()]*\)|\[[^\[\]]*\]))*)\s*:(?=\s|$)`, 'u');
const HEREAFTER = /\(\s*hereafter,?\s+([^()]+?)\s*\)/i;

function nonBlankLines(text: string): Line[] {
  const out: Line[] = [];
  let blank = true;
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed === '') {
      blank = true;
      return;
    }
    out.push({ text: trimmed, line: i + 1, column: raw.length - raw.trimStart().length + 1, blankBefore: blank });
    blank = false;
  });
  return out;
}

const pieceOf = (l: Line, offset = 0, join: Piece['join'] = 'start'): Piece => ({ text: l.text.slice(offset), line: l.line, column: l.column + offset, join });

function unclassified(l: Line, report: Report, why: string): void {
  const shown = l.text.length > 60 ? `${l.text.slice(0, 59)}…` : l.text;
  report({
    ruleId: 'import-unclassified',
    severity: 'warning',
    reason: `Could not place line ${l.line} (\`${shown}\`): ${why}; it is left out of the draft`,
    place: { line: l.line, column: l.column },
  });
}

function isWholeParenthesis(text: string): boolean {
  if (!text.startsWith('(')) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return /^\.?$/.test(text.slice(i + 1).trim());
  }
  return false;
}

/** The lines before `Time:`: date, title, the archive's fields, the heading and the status. */
function readPreamble(lines: Line[], model: RecordModel, report: Report): void {
  interface Group {
    field?: { key: string; line: Line };
    values: Piece[];
  }
  const groups: Group[] = [{ values: [] }];
  for (const l of lines) {
    const known = FIELD.exec(l.text);
    const unknown = known ? undefined : BARE_FIELD.exec(l.text);
    if (known || unknown) {
      const group: Group = { field: { key: known ? known[1]! : unknown![1]!, line: l }, values: [] };
      if (known && known[2]) group.values.push(pieceOf(l, l.text.length - known[2].length));
      groups.push(group);
    } else groups.at(-1)!.values.push(pieceOf(l));
  }
  const lineOf = (p: Piece): Line => ({ text: p.text, line: p.line, column: p.column, blankBefore: true });
  const placeRest = (p: Piece): void => {
    if (isWholeParenthesis(p.text) && !model.status) model.status = p;
    else if (!model.head && !p.text.startsWith('(')) model.head = p;
    else unclassified(lineOf(p), report, 'expected the heading and the status line once each before `Time:`');
  };

  for (const p of groups[0]!.values) {
    const iso = parseDate(p.text);
    if (iso && !model.date) model.date = { text: p.text, iso, line: p.line };
    else if (!model.title) model.title = p;
    else placeRest(p);
  }
  groups.slice(1).forEach((group, i, all) => {
    const { key, line } = group.field!;
    const last = i === all.length - 1;
    // The last field takes one paragraph: what follows it is the record's own heading.
    const values = last ? group.values.slice(0, 1) : group.values;
    if (last) group.values.slice(1).forEach(placeRest);
    if (values.length === 0) {
      report({ ruleId: 'import-unclassified', severity: 'warning', reason: `\`${key}:\` at line ${line.line} has no text; expected its text on the lines below`, place: { line: line.line, column: line.column } });
      return;
    }
    const single = (current: Piece | undefined): Piece => {
      values.slice(1).forEach((v) => unclassified(lineOf(v), report, `expected one paragraph of \`${key}:\``));
      if (current) unclassified(lineOf(values[0]!), report, `\`${key}:\` was given before`);
      return current ?? values[0]!;
    };
    switch (key) {
      case 'Citation':
        model.citation = single(model.citation);
        break;
      case 'Summary':
        model.summary.push(...values);
        break;
      case 'Credits':
        model.credits = single(model.credits);
        break;
      case 'Original Language':
        model.originalLanguage = single(model.originalLanguage);
        break;
      case 'Contents':
        model.contents = single(model.contents);
        break;
      default:
        report({
          ruleId: 'import-unclassified',
          severity: 'warning',
          reason: `Unknown field \`${key}:\` at line ${line.line}; expected \`Citation:\`, \`Summary:\`, \`Credits:\`, \`Original Language:\` or \`Contents:\`. Its text is left out of the draft`,
          place: { line: line.line, column: line.column },
        });
    }
  });
}

/** From `Time:` on: the setting, the participants, then turns, stage directions and notes. */
function readBody(lines: Line[], model: RecordModel, report: Report): void {
  let lastTurn: TurnLine | undefined;
  let continues = false;
  let sidesOpen = false;
  for (const l of lines) {
    if (model.body.length === 0) {
      const meta = META.exec(l.text);
      if (meta) {
        readMeta(meta[1]!, meta[2]!, l, model, report);
        sidesOpen = meta[1] === 'Participants';
        continues = false;
        continue;
      }
      if (sidesOpen) {
        const side = SIDE.exec(l.text);
        if (side) {
          model.participants!.sides.push(sideLine(side[1]!, l, l.text.length - side[2]!.length));
          continue;
        }
      }
    }
    sidesOpen = false;
    const note = NOTE.exec(l.text);
    if (note) {
      model.notes.push({ n: Number(note[2]), line: l.line, text: pieceOf(l, l.text.length - note[3]!.length) } satisfies NoteLine);
      continues = false;
      continue;
    }
    if (isWholeParenthesis(l.text)) {
      model.body.push({ kind: 'stage', text: pieceOf(l) });
      continues = false;
      continue;
    }
    const label = LABEL.exec(l.text);
    if (label) {
      const labelText = l.text.slice(0, label[1]!.length + label[2]!.length).trimEnd();
      const speechOffset = label[0].length + (l.text.slice(label[0].length).length - l.text.slice(label[0].length).trimStart().length);
      lastTurn = {
        kind: 'turn',
        line: l.line,
        label: pieceOf({ ...l, text: labelText }),
        name: label[1]!.replace(/\s+/g, ' '),
        alias: HEREAFTER.exec(label[2]!)?.[1]?.replace(/\s+/g, ' '),
        speech: speechOffset < l.text.length ? [pieceOf(l, speechOffset)] : [],
      };
      model.body.push(lastTurn);
      continues = true;
      continue;
    }
    if (continues && lastTurn) {
      addContinuation(lastTurn, l, report);
      continue;
    }
    unclassified(
      l,
      report,
      model.body.length === 0
        ? 'expected `Time:`, `Location:`, `Participants:`, a side of the participants, a stage direction in parentheses or a turn (`Speaker: text`)'
        : 'it is not a turn (`Speaker: text`), a stage direction in parentheses or a note (`[1] text`), and no turn precedes it to continue',
    );
  }
}

function readMeta(key: string, value: string, l: Line, model: RecordModel, report: Report): void {
  const offset = l.text.length - value.length;
  if (key === 'Time' && !model.time) model.time = { text: pieceOf(l), valueOffset: offset };
  else if (key === 'Location' && !model.location) model.location = { text: pieceOf(l), valueOffset: offset };
  else if (key === 'Participants' && !model.participants) {
    model.participants = { line: l.line, sides: [] };
    if (value.trim() !== '') {
      const side = SIDE.exec(value);
      model.participants.sides.push(side ? sideLine(side[1]!, l, l.text.length - side[2]!.length) : sideLine('Participants', l, offset));
    }
  } else unclassified(l, report, `\`${key}:\` was given before`);
}

/** A side of the participants; its names split at commas, semicolons and "and" outside brackets. */
function sideLine(head: string, l: Line, namesOffset: number): SideLine {
  const names: Piece[] = [];
  const text = l.text;
  let depth = 0;
  let start = namesOffset;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const name = raw.trim().replace(/\.$/, '');
    if (name) names.push({ text: name, line: l.line, column: l.column + start + lead, join: 'start' });
  };
  for (let i = namesOffset; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '(') depth++;
    else if ((c === ']' || c === ')') && depth > 0) depth--;
    else if (depth === 0 && (c === ',' || c === ';')) {
      push(i);
      start = i + 1;
    } else if (depth === 0 && /^\sand\s/.test(text.slice(i, i + 5))) {
      push(i);
      start = i + 4;
    }
  }
  push(text.length);
  return { head: head.replace(/\s+/g, ' '), text: pieceOf(l), namesOffset, names };
}

const ENDS_SENTENCE = /[.!?]["'”’)\]]*$/;

function addContinuation(turn: TurnLine, l: Line, report: Report): void {
  const previous = turn.speech.at(-1);
  if (!previous) {
    turn.speech.push(pieceOf(l));
    return;
  }
  const join = l.blankBefore ? 'page' : 'wrap';
  turn.speech.push(pieceOf(l, 0, join));
  if (join === 'page' && ENDS_SENTENCE.test(previous.text) && /^\p{Lu}/u.test(l.text)) {
    report({
      ruleId: 'import-page-break',
      severity: 'warning',
      reason: `Line ${l.line} has no speaker label; read as the turn of line ${turn.line} continuing after a page break (\`pb\`), although line ${previous.line} ends a sentence. Check that no label is missing`,
      place: { line: l.line, column: l.column },
    });
  }
}

function checkComplete(model: RecordModel, report: Report): void {
  const missing = (what: string, expected: string, line?: number) =>
    report({ ruleId: 'import-layout', severity: 'error', reason: `Found no ${what}; expected ${expected}`, place: line === undefined ? undefined : { line } });
  if (!model.date && !model.time) missing('date', 'a date line such as `September 18, 1956` above the title, or a `Time:` line');
  if (!model.title) missing('title', 'the record\'s title on a line of its own near the top');
  if (!model.location) missing('`Location:` line', 'a line `Location: <place>, <place>` before the turns');
  if (!model.participants) missing('`Participants:` line', 'a line `Participants: <side> side: <name>, <name>` before the turns');
  else if (model.participants.sides.every((s) => s.names.length === 0)) {
    missing('names after `Participants:`', 'the participants as `<side> side: <name>, <name>`', model.participants.line);
  }
  const turns = model.body.filter((b): b is TurnLine => b.kind === 'turn');
  if (turns.length === 0) {
    const after = model.participants?.line ?? model.location?.text.line ?? model.time?.text.line;
    report({
      ruleId: 'import-no-turns',
      severity: 'error',
      reason: `Found no turns${after === undefined ? '' : ` after line ${after}`}; expected lines of the form \`Speaker: text\`, such as \`Mikoyan: All right!\``,
      place: { line: after ?? model.lineCount },
    });
  }
  for (const turn of turns) {
    if (turn.speech.length === 0) {
      report({ ruleId: 'import-empty-turn', severity: 'error', reason: `The turn \`${turn.label.text}:\` at line ${turn.line} has no text; expected \`${turn.label.text}: <what was said>\``, place: { line: turn.line, column: turn.label.column } });
    }
  }
}
