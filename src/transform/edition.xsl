<?xml version="1.0" encoding="UTF-8"?>
<!--
  The transform stage's stylesheet: one pass over a TEI document gives its
  reading text as HTML (the principal result, html.xsl) and its text as data
  (data.json, data.xsl). Compiled to SEF by the build; this is the source.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:c="urn:colloquy"
  exclude-result-prefixes="#all">

  <xsl:include href="html.xsl"/>
  <xsl:include href="data.xsl"/>

  <xsl:template match="/">
    <xsl:call-template name="c:html"/>
    <xsl:result-document href="data.json" method="json" indent="no">
      <xsl:call-template name="c:data"/>
    </xsl:result-document>
  </xsl:template>
</xsl:stylesheet>
