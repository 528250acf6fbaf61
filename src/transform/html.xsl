<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI to HTML: the reading text of one document.

  The mapping is a table: one short template per TEI element, each calling one
  of a small set of named behaviours (block, paragraph, inline, heading,
  speech, label, stage, footnote, mark, break, bracketed, link, time,
  unmapped). Every element becomes an HTML element with the class tei-<name>;
  xml:id becomes id and xml:lang becomes lang. Presentation lives in the CSS.

  Nothing is dropped: an element without a rule falls to the lowest-priority
  template, which renders it visibly with all its content, marks it
  tei-unmapped, and reports its name (xsl:message "unmapped <name>") so that
  the build can warn once per name.

  Inside a paragraph HTML allows phrasing content only, so behaviours that
  would open a block open a <span class="… block"> instead (tunnel parameter
  $inline).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:c="urn:colloquy"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:output method="html" html-version="5" omit-xml-declaration="yes" indent="no"/>

  <!-- Relative path from the document page to the site root, e.g. "../../". -->
  <xsl:param name="root" as="xs:string" select="''"/>
  <!-- Register entries that have a page: xml:id -> path from the site root ("persons/mao-zedong/"). -->
  <xsl:param name="entity-hrefs" as="map(*)" select="map{}"/>

  <xsl:key name="id" match="*[@xml:id]" use="string(@xml:id)"/>

  <!-- White space between the children of these elements is indentation, not text. -->
  <xsl:strip-space elements="tei:TEI tei:teiCorpus tei:text tei:front tei:body tei:back tei:group tei:div tei:sp
    tei:lg tei:list tei:table tei:row tei:listPerson tei:castList tei:castGroup tei:listBibl"/>

  <!-- Running counts for turns and footnotes, for numbers and generated anchors
       (linear, where counting preceding elements each time would not be). -->
  <xsl:mode use-accumulators="#all"/>
  <xsl:accumulator name="turn-count" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:sp | tei:u" select="$value + 1"/>
  </xsl:accumulator>
  <xsl:accumulator name="block-count" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="*[c:is-unit(.) and not(self::tei:sp or self::tei:u)]" select="$value + 1"/>
  </xsl:accumulator>
  <xsl:accumulator name="footnote-count" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:note[c:is-footnote(.)]" select="$value + 1"/>
  </xsl:accumulator>

  <xsl:variable name="text" select="(/tei:TEI/tei:text, /tei:teiCorpus//tei:text[not(ancestor::tei:text)], //tei:text[not(ancestor::tei:text)])[1]"/>

  <!-- The reading text of the document's <text>, then its footnotes. -->
  <xsl:template name="c:html">
    <xsl:apply-templates select="$text"/>
    <xsl:variable name="notes" select="$text//tei:note[c:is-footnote(.)]"/>
    <xsl:if test="exists($notes)">
      <section class="footnotes" aria-labelledby="footnotes-heading">
        <h2 id="footnotes-heading">Notes</h2>
        <ol>
          <xsl:for-each select="$notes">
            <li id="{c:note-id(.)}" value="{c:note-number(.)}">
              <xsl:apply-templates>
                <xsl:with-param name="inline" select="true()" tunnel="yes"/>
              </xsl:apply-templates>
              <xsl:text> </xsl:text>
              <a class="backref" href="#{c:note-id(.)}~ref" aria-label="Back to note {c:note-number(.)} in the text">↩</a>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The mapping: one rule per element                                -->
  <!-- ================================================================ -->

  <!-- structure -->
  <xsl:template match="tei:text">                <xsl:call-template name="block"/></xsl:template>
  <xsl:template match="tei:front | tei:body | tei:back"><xsl:call-template name="block"/></xsl:template>
  <xsl:template match="tei:group">               <xsl:call-template name="block"/></xsl:template>
  <xsl:template match="tei:div">                 <xsl:call-template name="block"><xsl:with-param name="tag" select="'section'"/></xsl:call-template></xsl:template>
  <xsl:template match="tei:head">                <xsl:call-template name="heading"/></xsl:template>
  <xsl:template match="tei:p">                   <xsl:call-template name="paragraph"/></xsl:template>
  <xsl:template match="tei:ab">                  <xsl:call-template name="paragraph"/></xsl:template>

  <!-- conversation -->
  <xsl:template match="tei:sp">                  <xsl:call-template name="speech"/></xsl:template>
  <xsl:template match="tei:speaker">             <xsl:call-template name="label"/></xsl:template>
  <xsl:template match="tei:stage">               <xsl:call-template name="stage"/></xsl:template>

  <!-- notes and editorial marks -->
  <xsl:template match="tei:note[c:is-footnote(.)]"><xsl:call-template name="footnote"/></xsl:template>
  <xsl:template match="tei:note[@type = 'sic']">  <xsl:call-template name="mark"/></xsl:template>
  <xsl:template match="tei:note">                <xsl:call-template name="inline"/></xsl:template>
  <xsl:template match="tei:supplied">            <xsl:call-template name="bracketed"/></xsl:template>
  <xsl:template match="tei:sic[c:is-corrected(.)]"><xsl:call-template name="inline"><xsl:with-param name="extra" select="'src-only'"/></xsl:call-template></xsl:template>
  <xsl:template match="tei:sic">                 <xsl:call-template name="inline"/></xsl:template>
  <xsl:template match="tei:corr">                <xsl:call-template name="inline"/></xsl:template>
  <xsl:template match="tei:pb | tei:lb | tei:cb"><xsl:call-template name="break"/></xsl:template>

  <!-- names and dates -->
  <xsl:template match="tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs"><xsl:call-template name="link"/></xsl:template>
  <xsl:template match="tei:date">                <xsl:call-template name="time"/></xsl:template>

  <!-- phrase level -->
  <xsl:template match="tei:hi | tei:seg | tei:foreign | tei:term"><xsl:call-template name="inline"/></xsl:template>
  <xsl:template match="tei:emph">                <xsl:call-template name="inline"><xsl:with-param name="tag" select="'em'"/></xsl:call-template></xsl:template>
  <xsl:template match="tei:q | tei:quote | tei:said"><xsl:call-template name="inline"/></xsl:template>

  <!-- fallback: any element without a rule, in any namespace -->
  <xsl:template match="*" priority="-10">        <xsl:call-template name="unmapped"/></xsl:template>

  <!-- ================================================================ -->
  <!-- Behaviours                                                       -->
  <!-- ================================================================ -->

  <!-- A block: a <div> (or the given tag), or a block span inside a paragraph. -->
  <xsl:template name="block">
    <xsl:param name="tag" select="'div'"/>
    <xsl:param name="inline" select="false()" tunnel="yes"/>
    <xsl:element name="{if ($inline) then 'span' else $tag}">
      <xsl:call-template name="attributes">
        <xsl:with-param name="extra" select="if ($inline) then 'block' else ()"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- A paragraph: <p>, whose content is phrasing only. -->
  <xsl:template name="paragraph">
    <xsl:param name="inline" select="false()" tunnel="yes"/>
    <xsl:element name="{if ($inline) then 'span' else 'p'}">
      <xsl:call-template name="attributes">
        <xsl:with-param name="extra" select="if ($inline) then 'block' else ()"/>
      </xsl:call-template>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <!-- Inline text with a class (or the given tag). -->
  <xsl:template name="inline">
    <xsl:param name="tag" select="'span'"/>
    <xsl:param name="extra" as="xs:string*" select="()"/>
    <xsl:element name="{$tag}">
      <xsl:call-template name="attributes">
        <xsl:with-param name="extra" select="$extra"/>
      </xsl:call-template>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <!-- A heading, one level below its division's depth (the page title is h1). -->
  <xsl:template name="heading">
    <xsl:param name="inline" select="false()" tunnel="yes"/>
    <xsl:variable name="level" select="min((6, count(ancestor::tei:div) + 1))"/>
    <xsl:element name="{if ($inline) then 'span' else 'h' || $level}">
      <xsl:call-template name="attributes">
        <xsl:with-param name="extra" select="if ($inline) then 'block' else ()"/>
      </xsl:call-template>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <!-- A turn: its label, the speaker's side, a permalink, a copy button and a
       citation link, then the speech. The turn's id is its stable anchor. -->
  <xsl:template name="speech">
    <xsl:param name="inline" select="false()" tunnel="yes"/>
    <xsl:variable name="who" select="tokenize(normalize-space(@who), ' ')[starts-with(., '#')] ! substring(., 2)"/>
    <xsl:variable name="side" select="(key('id', $who[1])/ancestor::tei:listPerson[@type = 'side'])[1]"/>
    <xsl:variable name="anchor" select="c:unit-anchor(.)"/>
    <xsl:element name="{if ($inline) then 'span' else 'div'}">
      <xsl:call-template name="attributes">
        <xsl:with-param name="extra" select="(if ($inline) then 'block' else (), if ($side/@n) then 'side-' || c:token($side/@n) else ())"/>
      </xsl:call-template>
      <xsl:if test="exists($who)"><xsl:attribute name="data-who" select="string-join($who, ' ')"/></xsl:if>
      <span class="turn-head block">
        <xsl:apply-templates select="tei:speaker">
          <xsl:with-param name="inline" select="true()" tunnel="yes"/>
        </xsl:apply-templates>
        <xsl:if test="$side">
          <xsl:text> </xsl:text>
          <span class="side">{normalize-space(($side/tei:head, $side/@n)[1])}</span>
        </xsl:if>
        <xsl:text> </xsl:text>
        <a class="permalink" href="#{$anchor}" data-pagefind-ignore="">
          <span class="visually-hidden">Link to this speech: </span>#{$anchor}</a>
        <xsl:text> </xsl:text>
        <button type="button" class="copy-link" data-anchor="{$anchor}" hidden="">Copy link</button>
        <xsl:text> </xsl:text>
        <a class="cite-link" href="cite/#{$anchor}" data-pagefind-ignore="">Cite<span class="visually-hidden"> this speech</span></a>
      </span>
      <xsl:apply-templates select="node() except tei:speaker"/>
    </xsl:element>
  </xsl:template>

  <!-- The speaker label as the source gives it. -->
  <xsl:template name="label">
    <span>
      <xsl:call-template name="attributes"/>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </span>
  </xsl:template>

  <!-- A stage direction: a block between turns, inline within speech. -->
  <xsl:template name="stage">
    <xsl:param name="inline" select="false()" tunnel="yes"/>
    <xsl:element name="{if ($inline) then 'span' else 'p'}">
      <xsl:call-template name="attributes"/>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <!-- A footnote: a numbered link to the note at the end of the text, and the
       note's text in place, as a popover that the script opens. The copy in
       place keeps the text in reading order; search ignores it. -->
  <xsl:template name="footnote">
    <xsl:variable name="id" select="c:note-id(.)"/>
    <xsl:variable name="n" select="c:note-number(.)"/>
    <a class="noteref" id="{$id}~ref" href="#{$id}" data-note="{$id}~pop"><span class="visually-hidden">Note </span><sup>{$n}</sup></a>
    <span class="note-popover" id="{$id}~pop" popover="" role="note" data-pagefind-ignore="">
      <span class="note-number">{$n}</span>
      <xsl:text> </xsl:text>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </span>
  </xsl:template>

  <!-- An editorial mark kept from the source, such as the translators' [sic]:
       shown with its brackets in the source view, hidden in the reading view
       (where a correction inside it is shown instead). -->
  <xsl:template name="mark">
    <span>
      <xsl:call-template name="attributes">
        <xsl:with-param name="extra" select="if (tei:corr) then 'has-corr' else ()"/>
      </xsl:call-template>
      <span class="bracket src-only" aria-hidden="true">[</span>
      <xsl:for-each select="node()">
        <xsl:choose>
          <xsl:when test="self::tei:corr"><xsl:apply-templates select="."/></xsl:when>
          <xsl:otherwise><span class="src-only"><xsl:apply-templates select="."><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates></span></xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
      <span class="bracket src-only" aria-hidden="true">]</span>
    </span>
  </xsl:template>

  <!-- Text supplied by the translators or editors: brackets in the source view. -->
  <xsl:template name="bracketed">
    <span>
      <xsl:call-template name="attributes"/>
      <span class="bracket" aria-hidden="true">[</span>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
      <span class="bracket" aria-hidden="true">]</span>
    </span>
  </xsl:template>

  <!-- A break in the source (page, line, column), shown discreetly. -->
  <xsl:template name="break">
    <span>
      <xsl:call-template name="attributes"/>
      <xsl:if test="self::tei:pb">
        <xsl:attribute name="title" select="'Page break in the source' || (if (@n) then ' (page ' || @n || ')' else '')"/>
        <span class="break-mark" aria-hidden="true">‖</span>
        <span class="visually-hidden" data-pagefind-ignore="">page break</span>
      </xsl:if>
    </span>
    <xsl:if test="self::tei:lb"><br/></xsl:if>
  </xsl:template>

  <!-- A name: a link to its register entry when it has one, else marked text. -->
  <xsl:template name="link">
    <xsl:variable name="id" select="tokenize(normalize-space(@ref), ' ')[1] ! (if (starts-with(., '#')) then substring(., 2) else '')"/>
    <xsl:variable name="href" select="if ($id) then $entity-hrefs($id) ! string() else ()"/>
    <xsl:choose>
      <xsl:when test="exists($href)">
        <a href="{$root}{$href}" data-entity="{$href}">
          <xsl:call-template name="attributes"/>
          <xsl:apply-templates>
            <xsl:with-param name="inline" select="true()" tunnel="yes"/>
          </xsl:apply-templates>
        </a>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="inline"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A date: <time> with a machine-readable value where the TEI gives one. -->
  <xsl:template name="time">
    <xsl:variable name="value" select="(@when, @from, @notBefore)[1]"/>
    <xsl:choose>
      <xsl:when test="$value and c:is-html-date($value)">
        <time datetime="{$value}">
          <xsl:call-template name="attributes"/>
          <xsl:apply-templates>
            <xsl:with-param name="inline" select="true()" tunnel="yes"/>
          </xsl:apply-templates>
        </time>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="inline"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Any element without a rule: rendered visibly with all its content,
       marked tei-unmapped, and reported once per name by the build. -->
  <xsl:template name="unmapped">
    <xsl:param name="inline" select="false()" tunnel="yes"/>
    <xsl:message select="'unmapped ' || name()"/>
    <xsl:variable name="block" select="not($inline) and exists(descendant::*[self::tei:p or self::tei:div or self::tei:sp or self::tei:ab or self::tei:head])"/>
    <xsl:element name="{if ($block) then 'div' else 'span'}">
      <xsl:call-template name="attributes">
        <xsl:with-param name="extra" select="'tei-unmapped'"/>
      </xsl:call-template>
      <xsl:attribute name="data-tei" select="name()"/>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="not($block)" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <!-- The attributes every rendered element gets: its class, and its id and
       language when the TEI gives them. -->
  <xsl:template name="attributes">
    <xsl:param name="extra" as="xs:string*" select="()"/>
    <xsl:attribute name="class" select="string-join(('tei-' || c:token(local-name()), $extra), ' ')"/>
    <xsl:choose>
      <xsl:when test="c:is-unit(.)"><xsl:attribute name="id" select="c:unit-anchor(.)"/></xsl:when>
      <xsl:when test="@xml:id and not(self::tei:note[c:is-footnote(.)])"><xsl:attribute name="id" select="@xml:id"/></xsl:when>
    </xsl:choose>
    <xsl:if test="@xml:lang and matches(@xml:lang, '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$')"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
    <xsl:if test="@type"><xsl:attribute name="data-type" select="@type"/></xsl:if>
  </xsl:template>

  <!-- Text is copied as it is; the serializer escapes it. -->
  <xsl:template match="text()"><xsl:value-of select="."/></xsl:template>
  <xsl:template match="comment() | processing-instruction()"/>

  <!-- ================================================================ -->
  <!-- Functions                                                        -->
  <!-- ================================================================ -->

  <!-- Is this note a footnote (numbered, or placed at the foot or end)? -->
  <xsl:function name="c:is-footnote" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="not($note/@type = 'sic') and ($note/@place = ('foot', 'end', 'bottom') or exists($note/@n) or not($note/@place = ('inline', 'margin', 'left', 'right', 'above', 'below')))"/>
  </xsl:function>

  <xsl:function name="c:note-number" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="($note/@n[normalize-space()], string($note/accumulator-before('footnote-count')))[1]"/>
  </xsl:function>

  <!-- A note's anchor: its xml:id, or a generated id that no xml:id can take
       (an NCName cannot contain "~"). -->
  <xsl:function name="c:note-id" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="if ($note/@xml:id) then string($note/@xml:id) else 'note~' || $note/accumulator-before('footnote-count')"/>
  </xsl:function>

  <!-- Units are what a reader can link to and a search can find: each turn,
       and each block that stands between turns (a heading, a paragraph, a
       stage direction). -->
  <xsl:function name="c:is-unit" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el/(self::tei:sp | self::tei:u))
      or (exists($el/parent::*[self::tei:div or self::tei:body or self::tei:front or self::tei:back or self::tei:group])
          and not($el/(self::tei:div | self::tei:front | self::tei:body | self::tei:back | self::tei:group | self::tei:text)))"/>
  </xsl:function>

  <!-- A unit's anchor: its xml:id, or a generated one that no xml:id can take. -->
  <xsl:function name="c:unit-anchor" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="if ($el/@xml:id) then string($el/@xml:id)
      else if ($el/(self::tei:sp | self::tei:u)) then 'sp~' || $el/accumulator-before('turn-count')
      else 'block~' || $el/accumulator-before('block-count')"/>
  </xsl:function>

  <!-- Is this a name that points somewhere (a mention)? -->
  <xsl:function name="c:is-mention" as="xs:boolean">
    <xsl:param name="el" as="node()"/>
    <xsl:sequence select="exists($el/(self::tei:persName | self::tei:placeName | self::tei:orgName | self::tei:name | self::tei:rs)[normalize-space(@ref)])"/>
  </xsl:function>

  <!-- Is this sic followed by the translators' mark with a correction
       ("4th [sic, should be 10th]")? Then the reading view shows the
       correction instead of it. -->
  <xsl:function name="c:is-corrected" as="xs:boolean">
    <xsl:param name="sic" as="element()"/>
    <xsl:sequence select="exists($sic/following-sibling::*[1][self::tei:note[@type = 'sic'][tei:corr]])"/>
  </xsl:function>

  <!-- A string made safe for use inside a class name. -->
  <xsl:function name="c:token" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="replace($s, '[^A-Za-z0-9_-]', '_')"/>
  </xsl:function>

  <!-- Does an ISO value fit HTML's datetime attribute (year, month, date, date and time)? -->
  <xsl:function name="c:is-html-date" as="xs:boolean">
    <xsl:param name="v" as="xs:string"/>
    <xsl:sequence select="matches($v, '^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$')"/>
  </xsl:function>
</xsl:stylesheet>
