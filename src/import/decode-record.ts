import { placeOfByte } from '../xml/positions.ts';
import type { Problem } from './model.ts';

/** Larger input is refused: no conversation record is anywhere near it. */
export const MAX_RECORD_BYTES = 32 * 1024 * 1024;

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Turns a record's bytes into text, or says why they are not a plain-text
 * record: empty, too large, binary, not UTF-8, or holding a control
 * character that XML cannot carry.
 */
export function decodeRecord(bytes: Uint8Array): { ok: true; text: string } | { ok: false; problem: Problem } {
  const fail = (reason: string, offset?: number) => ({
    ok: false as const,
    problem: { ruleId: 'import-encoding', severity: 'error' as const, reason, place: offset === undefined ? undefined : placeOfByte(bytes, offset) },
  });
  if (bytes.length > MAX_RECORD_BYTES) return fail(`The file has ${bytes.length.toLocaleString('en-US')} bytes; expected a plain-text record of at most ${MAX_RECORD_BYTES.toLocaleString('en-US')}`);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) {
    return fail('Found a UTF-16 byte-order mark; expected UTF-8 text. Save the record as UTF-8', 0);
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) return fail('Found a NUL byte: the file looks binary; expected a UTF-8 plain-text record', nul);
  let text: string;
  try {
    text = UTF8.decode(bytes.subarray(bom));
  } catch {
    const bad = firstInvalidByte(bytes, bom);
    return fail(`Found a byte (0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')}) that is not UTF-8; expected UTF-8 text`, bad);
  }
  if (text.trim() === '') {
    return fail(
      `The file is ${bytes.length === 0 ? 'empty' : 'only white space'}; expected a plain-text record: a date line, a title, \`Time:\`, \`Location:\` and \`Participants:\` lines, then turns written \`Speaker: text\``,
      bytes.length === 0 ? undefined : 0,
    );
  }
  // XML 1.0 cannot hold these characters at all, escaped or not.
  const control = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.exec(text);
  if (control) {
    const offset = Buffer.byteLength(text.slice(0, control.index), 'utf8') + bom;
    return fail(`Found the control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}; expected text without control characters (XML cannot hold them)`, offset);
  }
  return { ok: true, text };
}

/** Offset of the first byte from `start` that breaks UTF-8 (the bytes are known not to decode). */
function firstInvalidByte(bytes: Uint8Array, start: number): number {
  // Decoding ever longer prefixes would be quadratic; stepping over valid sequences is linear.
  let i = start;
  while (i < bytes.length) {
    const c = bytes[i] ?? 0;
    const need = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    try {
      UTF8.decode(bytes.subarray(i, i + need + 1));
    } catch {
      return i;
    }
    i += need + 1;
  }
  return start;
}
