import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_LIMITS, parseXml } from '../../src/xml/parse.ts';
import { TEI_NS, XML_NS, getAttribute, textContent, type XmlElement } from '../../src/xml/tree.ts';

test('elements and attributes carry 1-based lines and columns', () => {
  const src = '<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n  <p  xml:id="a"\n     n=\'2\'>héllo 😀 <hi rend="x">w</hi></p>\n</TEI>';
  const { document } = parseXml(src, 't.xml');
  assert.ok(document);
  const p = document.root.children.find((c) => c.type === 'element') as XmlElement;
  assert.equal(p.place, { line: 3, column: 3 });
  assert.equal(p.attributes.map((a) => [a.name, a.uri, a.value, a.place]), [
    ['xml:id', XML_NS, 'a', { line: 3, column: 7 }],
    ['n', '', '2', { line: 4, column: 6 }],
  ]);
  assert.is(p.uri, TEI_NS);
  const hi = p.children.find((c) => c.type === 'element') as XmlElement;
  // 5 spaces, n='2'> (6), héllo and a space (6), 😀 (2 UTF-16 code units), a space: 20 units before <hi
  assert.equal(hi.place, { line: 4, column: 21 }, 'columns count UTF-16 code units after an astral character');
  assert.is(getAttribute(hi, 'rend'), 'x');
  assert.is(textContent(p), 'héllo 😀 w');
  // <hi rend="x"> (13), w, </hi> (5), </p> (4): its > is the 43rd unit
  assert.equal(p.end, { line: 4, column: 43 });
});

test('text is read whole across the chunks fed to the parser, astral characters included', () => {
  const filler = 'x'.repeat(8192 - '<a>'.length - 1);
  const src = `<a>${filler}😀 and more ${'y'.repeat(20000)}</a>`;
  const { document } = parseXml(src, 'c.xml');
  assert.ok(document);
  assert.is(textContent(document.root), `${filler}😀 and more ${'y'.repeat(20000)}`);
});

test('a DOCTYPE is refused, so entities are never expanded', () => {
  const r = parseXml('<!DOCTYPE a [<!ENTITY e "x">]>\n<a>&e;</a>', 'd.xml');
  assert.is(r.document, undefined);
  assert.is(r.diagnostics[0]?.ruleId, 'xml-doctype');
  assert.equal([r.diagnostics[0]?.line, r.diagnostics[0]?.column], [1, 1]);
});

test('nesting and attribute counts are limited, with a diagnostic', () => {
  const deep = '<a>'.repeat(50) + '</a>'.repeat(50);
  const r = parseXml(deep, 'deep.xml', { ...DEFAULT_LIMITS, maxDepth: 20, maxAttributes: 10 });
  assert.is(r.diagnostics[0]?.ruleId, 'xml-limits');
  assert.match(r.diagnostics[0]?.reason ?? '', /nested more than 20 levels/);
  const many = `<a ${Array.from({ length: 20 }, (_, i) => `a${i}="1"`).join(' ')}/>`;
  const r2 = parseXml(many, 'many.xml', { ...DEFAULT_LIMITS, maxDepth: 20, maxAttributes: 10 });
  assert.match(r2.diagnostics[0]?.reason ?? '', /has 20 attributes; expected at most 10/);
});

test('a run of text longer than the limit is refused, with the element that holds it', () => {
  const r = parseXml(`<a>\n<p>${'x'.repeat(2000)}</p></a>`, 'long.xml', { ...DEFAULT_LIMITS, maxTextLength: 1000 });
  assert.is(r.diagnostics[0]?.ruleId, 'xml-limits');
  assert.is(r.diagnostics[0]?.reason, 'Found a text of more than 1,000 characters without markup in `<p>` (opened at line 2); expected at most 1,000');
  assert.ok(parseXml(`<a>${'x'.repeat(900)}</a>`, 'ok.xml', { ...DEFAULT_LIMITS, maxTextLength: 1000 }).document);
});

test('100,000 levels of nesting stop at the limit instead of overflowing the stack', () => {
  const deep = '<a>'.repeat(100_000) + '</a>'.repeat(100_000);
  const r = parseXml(deep, 'deep.xml');
  assert.is(r.diagnostics[0]?.ruleId, 'xml-limits');
});

test('well-formedness errors name what was found and what was expected', () => {
  const mismatch = parseXml('<a>\n  <b>x</c></a>', 'm.xml');
  assert.is(mismatch.diagnostics[0]?.reason, 'Found `</c>`; expected `</b>` to close the `<b>` opened at line 2');
  assert.equal([mismatch.diagnostics[0]?.line, mismatch.diagnostics[0]?.column], [2, 7]);
  const entity = parseXml('<a>&nbsp;</a>', 'e.xml');
  assert.match(entity.diagnostics[0]?.reason ?? '', /undefined entity; expected one of `&amp;`/);
  const outside = parseXml('<a/>text', 'o.xml');
  assert.match(outside.diagnostics[0]?.reason ?? '', /text outside the root element/);
});

test('an xml:id longer than the limit is refused at its place', () => {
  const r = parseXml(`<a>\n  <b xml:id="${'x'.repeat(1001)}"/></a>`, 'id.xml');
  assert.is(r.diagnostics[0]?.ruleId, 'xml-limits');
  assert.equal([r.diagnostics[0]?.line, r.diagnostics[0]?.column], [2, 6]);
  assert.match(r.diagnostics[0]?.reason ?? '', /`xml:id` of 1,001 characters on `<b>`; expected at most 1,000/);
  assert.ok(parseXml(`<a xml:id="${'x'.repeat(1000)}"/>`, 'ok.xml').document);
});

test('every kind of malformed markup gets a "found ..., expected ..." sentence at a place', () => {
  const cases: Array<[string, RegExp]> = [
    ['<a b="1" b="2"/>', /the attribute `b` twice/],
    ['<x:a/>', /prefix `x:` with no namespace declared/],
    ['<a>&#0;</a>', /character reference to a character XML does not allow/],
    ['<a b=1/>', /attribute value without quotes/],
    ['<a/><b/>', /second root element/],
    ['<a b/>', /Found `\/` inside an attribute name/],
    ['<a><!-- x -- y --></a>', /malformed comment/],
    ['<a b="1"c="2"/>', /no space between them/],
    ['<a>x\u0001y</a>', /character U\+0001, which XML does not allow/],
    ['<?xml version="2.0"?><a/>', /malformed XML declaration/],
    ['<a><b></a>', /expected `<\/b>`/],
    ['<a>', /never closed|ends/],
  ];
  for (const [xml, reason] of cases) {
    const d = parseXml(xml, 'x.xml').diagnostics[0];
    assert.ok(d, xml);
    assert.match(d.reason, reason, xml);
    assert.match(d.reason, /expected/, xml);
    assert.ok(d.line !== undefined, `${xml}: a line`);
  }
});

test.run();
