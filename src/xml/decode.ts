import { Diagnostic } from '../diagnostics/diagnostic.ts';
import { placeOfByte } from './positions.ts';

export type Decoded = { ok: true; text: string; hadBom: boolean } | { ok: false; diagnostic: Diagnostic };

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Turns a file's bytes into text, or explains why they are not a UTF-8 XML
 * document: empty, binary, UTF-16, another declared encoding, or bytes that
 * are not UTF-8 (with the line and column of the first bad byte).
 */
export function decodeXmlBytes(bytes: Uint8Array, file: string): Decoded {
  const fail = (reason: string, ruleId: string, offset?: number): Decoded => ({
    ok: false,
    diagnostic: new Diagnostic({
      reason,
      file,
      ruleId,
      source: 'xml',
      place: offset === undefined ? undefined : placeOfByte(bytes, offset),
    }),
  });

  if (bytes.length === 0) return fail('The file is empty; expected a TEI XML document', 'xml-well-formed', 0);
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) {
    return fail('Found a UTF-16 byte-order mark; expected UTF-8. Save the file as UTF-8', 'file-encoding', 0);
  }
  const hadBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hadBom ? bytes.subarray(3) : bytes;

  const nul = body.subarray(0, 8192).indexOf(0);
  if (nul !== -1) {
    return fail(
      'Found a NUL byte: the file looks binary; expected a UTF-8 XML text file',
      'file-encoding',
      nul + (hadBom ? 3 : 0),
    );
  }

  const declared = declaredEncoding(body);
  if (declared && !/^utf-?8$/i.test(declared)) {
    return fail(
      `The XML declaration says \`encoding="${declared}"\`; expected UTF-8. Convert the file to UTF-8 and change the declaration`,
      'file-encoding',
      0,
    );
  }

  let text: string;
  try {
    text = UTF8.decode(body);
  } catch {
    const bad = firstInvalidUtf8(body);
    return fail(
      `Found a byte (0x${(body[bad] ?? 0).toString(16).padStart(2, '0')}) that is not UTF-8; expected a UTF-8 encoded file`,
      'file-encoding',
      bad + (hadBom ? 3 : 0),
    );
  }
  if (text.trim() === '') return fail('The file holds only white space; expected a TEI XML document', 'xml-well-formed', bytes.length);
  return { ok: true, text, hadBom };
}

/** The `encoding` of the XML declaration, if there is one. */
function declaredEncoding(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const m = /^<\?xml\s[^>]*?encoding\s*=\s*["']([^"']*)["']/.exec(head);
  return m?.[1];
}

/** Offset of the first byte that breaks UTF-8 (bytes are known to be invalid). */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] ?? 0;
    let need = 0;
    let min = 0;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const n = b[i + k];
      if (n === undefined || (n & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (n & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return 0;
}
