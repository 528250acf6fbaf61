import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeXmlBytes } from '../../src/xml/decode.ts';

test('decodes UTF-8 and strips a byte-order mark', () => {
  const r = decodeXmlBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('<TEI/>')]), 'x.xml');
  assert.ok(r.ok);
  if (r.ok) {
    assert.is(r.text, '<TEI/>');
    assert.ok(r.hadBom);
  }
});

test.run();
