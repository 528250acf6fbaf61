<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI to data: the document's text as units (each turn, and each block
  between turns), in the same pass as the HTML, so that the downloads, the
  registers' keyword-in-context lines and the search index read exactly the
  text the page shows.

  A unit is { anchor, kind, who, label, segments }. Its segments are runs of
  text, and mentions: { t, ref, el, nested }. Joined, they give the text in
  the source's form: the translators' insertions in [brackets], [sic] marks
  kept, footnotes as [n] markers (their text is in "notes"). Segments that
  belong to the source view only carry `mark` (bracket, sic, note), so that
  the reading text is the join of the others.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:array="http://www.w3.org/2005/xpath-functions/array"
  xmlns:c="urn:colloquy"
  exclude-result-prefixes="#all">

  <xsl:template name="c:data">
    <xsl:sequence select="map {
      'texts': count($text),
      'units': array { $text//*[c:is-unit(.)] ! c:unit(.) },
      'notes': array { $text//tei:note[c:is-footnote(.)] ! map {
        'n': c:note-number(.),
        'id': c:note-id(.),
        'anchor': (ancestor::*[c:is-unit(.)][1] ! c:unit-anchor(.), '')[1],
        'segments': array { c:segments(node()) }
      } }
    }"/>
  </xsl:template>

  <xsl:function name="c:unit" as="map(*)">
    <xsl:param name="unit" as="element()"/>
    <xsl:sequence select="map {
      'anchor': c:unit-anchor($unit),
      'kind': local-name($unit),
      'who': array { tokenize(normalize-space($unit/@who), ' ')[starts-with(., '#')] ! substring(., 2) },
      'label': string-join(c:segments($unit/tei:speaker/node()) ! ?t, ''),
      'labelSegments': array { c:segments($unit/tei:speaker/node()) },
      'segments': array { c:segments($unit/node() except $unit/tei:speaker) }
    }"/>
  </xsl:function>

  <!-- The segments of a sequence of nodes: text runs, and mentions flattened to their text. -->
  <xsl:function name="c:segments" as="map(*)*">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:for-each select="$nodes">
      <xsl:choose>
        <xsl:when test="self::text()"><xsl:sequence select="map { 't': string(.) }"/></xsl:when>
        <xsl:when test="c:is-mention(.)">
          <xsl:sequence select="map {
            't': string-join(c:segments(node())[not(?mark = 'note')] ! ?t, ''),
            'ref': string(@ref),
            'el': local-name(),
            'nested': array { descendant::*[c:is-mention(.)] ! map { 't': string(.), 'ref': string(@ref), 'el': local-name() } }
          }"/>
        </xsl:when>
        <xsl:when test="self::tei:supplied">
          <xsl:sequence select="(map { 't': '[', 'mark': 'bracket' }, c:segments(node()), map { 't': ']', 'mark': 'bracket' })"/>
        </xsl:when>
        <xsl:when test="self::tei:note[@type = 'sic']">
          <xsl:sequence select="(map { 't': '[', 'mark': 'sic' },
            for $n in node() return if ($n/self::tei:corr) then c:segments($n/node()) else c:segments($n) ! map:put(., 'mark', 'sic'),
            map { 't': ']', 'mark': 'sic' })"/>
        </xsl:when>
        <xsl:when test="self::tei:sic[c:is-corrected(.)]"><xsl:sequence select="c:segments(node()) ! map:put(., 'mark', 'sic')"/></xsl:when>
        <xsl:when test="self::tei:note[c:is-footnote(.)]"><xsl:sequence select="map { 't': '[' || c:note-number(.) || ']', 'mark': 'note' }"/></xsl:when>
        <xsl:when test="self::tei:lb"><xsl:sequence select="map { 't': ' ' }"/></xsl:when>
        <xsl:when test="self::*"><xsl:sequence select="c:segments(node())"/></xsl:when>
      </xsl:choose>
    </xsl:for-each>
  </xsl:function>
</xsl:stylesheet>
