<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI to HTML: the reading text of one document.

  The mapping is a table: one short template per TEI element, each calling one
  of a small set of named behaviours (block, paragraph, inline, heading,
  speech, label, stage, footnote, mark, alternative, break, bracketed, link,
  time, list, table, figure, example, unmapped). Every element becomes an HTML
  element with the class tei-<name>; xml:id becomes id and xml:lang becomes
  lang. Presentation lives in the CSS.

  Nothing is dropped: an element without a rule falls to the lowest-priority
  template, which renders it visibly with all its content, marks it
  tei-unmapped, and reports its name (xsl:message "unmapped <name>") so that
  the build can warn once per name. Text is only ever copied, never
  interpreted: the serializer escapes it.

  Inside a paragraph HTML allows phrasing content only, so behaviours that
  would open a block open a <span class="… block"> instead (tunnel parameter
  $inline).

  URLs from the TEI (@target, @url, @ref) become links only when they are
  http(s), mailto or a pointer to an anchor on the page; anything else keeps
  its text and loses the link (the validate stage warns, with the line).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:eg="http://www.tei-c.org/ns/Examples"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:c="urn:colloquy"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:output method="html" html-version="5" omit-xml-declaration="yes" indent="no"/>

  <!-- Relative path from the document page to the site root, e.g. "../../". -->
  <xsl:param name="root" as="xs:string" select="''"/>
  <!-- Register entries that have a page: xml:id -> path from the site root ("persons/mao-zedong/"). -->
  <xsl:param name="entity-hrefs" as="map(*)" select="map{}"/>
  <!-- Register entries' names, for turns without a speaker label: xml:id -> name. -->
  <xsl:param name="entity-names" as="map(*)" select="map{}"/>

  <xsl:key name="id" match="*[@xml:id]" use="string(@xml:id)"/>

  <!-- White space between the children of these elements is indentation, not text. -->
  <xsl:strip-space elements="tei:TEI tei:teiCorpus tei:text tei:front tei:body tei:back tei:group tei:div tei:sp tei:u
    tei:lg tei:list tei:table tei:row tei:listPerson tei:castList tei:castGroup tei:listBibl tei:choice tei:figure"/>

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

  <!-- Every outermost <text> of the document: one for a TEI file, several for a teiCorpus. -->
  <xsl:variable name="text" select="//tei:text[not(ancestor::tei:text)]"/>

  <!-- The reading text of the document's texts, then its footnotes. -->
  <xsl:template name="c:html">
    <xsl:choose>
      <xsl:when test="count($text) gt 1">
        <xsl:for-each select="$text">
          <section class="tei-member">
            <h2 class="member-title">{normalize-space((ancestor::tei:TEI[1]/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title)[1]) ! (if (.) then . else 'Text ' || position())}</h2>
            <xsl:apply-templates select="."/>
          </section>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates select="$text"/></xsl:otherwise>
    </xsl:choose>
    <xsl:variable name="notes" select="$text//tei:note[c:is-footnote(.)]"/>
    <xsl:if test="exists($notes)">
      <section class="footnotes" aria-labelledby="footnotes-heading">
        <h2 id="footnotes-heading">Notes</h2>
        <ol>
          <xsl:for-each select="$notes">
            <li id="{c:note-id(.)}" value="{c:note-value(.)}">
              <xsl:if test="not(c:note-number(.) castable as xs:integer)"><span class="note-number">{c:note-number(.)}</span><xsl:text> </xsl:text></xsl:if>
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
  <xsl:template match="tei:text | tei:front | tei:body | tei:back | tei:group"><xsl:call-template name="block"/></xsl:template>
  <xsl:template match="tei:div">                 <xsl:call-template name="block"><xsl:with-param name="tag" select="'section'"/></xsl:call-template></xsl:template>
  <xsl:template match="tei:head">                <xsl:call-template name="heading"/></xsl:template>
  <xsl:template match="tei:p | tei:ab">          <xsl:call-template name="paragraph"/></xsl:template>
  <xsl:template match="tei:lg">                  <xsl:call-template name="block"/></xsl:template>
  <xsl:template match="tei:l">                   <xsl:call-template name="paragraph"><xsl:with-param name="tag" select="'div'"/></xsl:call-template></xsl:template>
  <xsl:template match="tei:divGen | tei:milestone | tei:anchor"><xsl:call-template name="inline"/></xsl:template>

  <!-- front and back matter, letters -->
  <xsl:template match="tei:titlePage | tei:docTitle | tei:epigraph | tei:argument | tei:trailer | tei:opener | tei:closer | tei:postscript | tei:set | tei:address | tei:listBibl">
    <xsl:call-template name="block"/>
  </xsl:template>
  <xsl:template match="tei:titlePart | tei:byline | tei:docAuthor | tei:docDate | tei:docImprint | tei:dateline | tei:salute | tei:signed | tei:addrLine | tei:bibl">
    <xsl:call-template name="paragraph"/>
  </xsl:template>

  <!-- drama and conversation -->
  <xsl:template match="tei:sp | tei:u">          <xsl:call-template name="speech"/></xsl:template>
  <xsl:template match="tei:speaker">             <xsl:call-template name="label"/></xsl:template>
  <xsl:template match="tei:stage">               <xsl:call-template name="stage"/></xsl:template>
  <xsl:template match="tei:u/tei:seg">           <xsl:call-template name="paragraph"/></xsl:template>
  <xsl:template match="tei:castList | tei:castGroup"><xsl:call-template name="block"/></xsl:template>
  <xsl:template match="tei:castItem">            <xsl:call-template name="paragraph"/></xsl:template>
  <xsl:template match="tei:role | tei:roleDesc | tei:actor"><xsl:call-template name="inline"/></xsl:template>
  <xsl:template match="tei:kinesic | tei:vocal | tei:incident | tei:pause | tei:shift"><xsl:call-template name="inline"/></xsl:template>

  <!-- notes and editorial marks -->
  <xsl:template match="tei:note[c:is-footnote(.)]"><xsl:call-template name="footnote"/></xsl:template>
  <xsl:template match="tei:note[@type = 'sic']">  <xsl:call-template name="mark"/></xsl:template>
  <xsl:template match="tei:note">                <xsl:call-template name="paragraph"/></xsl:template>
  <xsl:template match="tei:supplied">            <xsl:call-template name="bracketed"/></xsl:template>
  <xsl:template match="tei:sic[c:is-corrected(.)]"><xsl:call-template name="inline"><xsl:with-param name="extra" select="'src-only'"/></xsl:call-template></xsl:template>
  <xsl:template match="tei:choice">              <xsl:call-template name="inline"/></xsl:template>
  <xsl:template match="tei:choice/tei:sic | tei:choice/tei:orig | tei:choice/tei:abbr"><xsl:call-template name="alternative"><xsl:with-param name="view" select="'src-only'"/></xsl:call-template></xsl:template>
  <xsl:template match="tei:choice/tei:corr | tei:choice/tei:reg | tei:choice/tei:expan"><xsl:call-template name="alternative"><xsl:with-param name="view" select="'reading-only'"/></xsl:call-template></xsl:template>
  <xsl:template match="tei:sic | tei:corr | tei:orig | tei:reg | tei:abbr | tei:expan | tei:ex | tei:am"><xsl:call-template name="inline"/></xsl:template>
  <xsl:template match="tei:add">                 <xsl:call-template name="inline"><xsl:with-param name="tag" select="'ins'"/></xsl:call-template></xsl:template>
  <xsl:template match="tei:del">                 <xsl:call-template name="inline"><xsl:with-param name="tag" select="'del'"/></xsl:call-template></xsl:template>
  <xsl:template match="tei:unclear | tei:damage | tei:surplus | tei:space | tei:handShift | tei:fw"><xsl:call-template name="inline"/></xsl:template>
  <xsl:template match="tei:gap">                 <xsl:call-template name="gap"/></xsl:template>
  <xsl:template match="tei:pb | tei:lb | tei:cb | tei:gb"><xsl:call-template name="break"/></xsl:template>

  <!-- names, dates, links -->
  <xsl:template match="tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs"><xsl:call-template name="link"/></xsl:template>
  <xsl:template match="tei:ref | tei:ptr">       <xsl:call-template name="link"/></xsl:template>
  <xsl:template match="tei:date | tei:time">     <xsl:call-template name="time"/></xsl:template>

  <!-- phrase level -->
  <xsl:template match="tei:hi | tei:seg | tei:foreign | tei:term | tei:gloss | tei:soCalled | tei:mentioned | tei:title | tei:label | tei:desc | tei:num | tei:measure | tei:c | tei:w | tei:pc | tei:s | tei:phr | tei:code | tei:ident | tei:val | tei:gi | tei:att | tei:tag | tei:idno | tei:roleName | tei:forename | tei:surname | tei:addName | tei:genName | tei:nameLink | tei:geogName | tei:settlement | tei:country | tei:region">
    <xsl:call-template name="inline"/>
  </xsl:template>
  <xsl:template match="tei:emph">                <xsl:call-template name="inline"><xsl:with-param name="tag" select="'em'"/></xsl:call-template></xsl:template>
  <xsl:template match="tei:q | tei:quote | tei:said | tei:cit"><xsl:call-template name="inline"/></xsl:template>

  <!-- lists, tables, figures -->
  <xsl:template match="tei:list">                <xsl:call-template name="list"/></xsl:template>
  <xsl:template match="tei:item">                <xsl:call-template name="list-item"/></xsl:template>
  <xsl:template match="tei:table">               <xsl:call-template name="table"/></xsl:template>
  <xsl:template match="tei:row">                 <xsl:call-template name="table-row"/></xsl:template>
  <xsl:template match="tei:cell">                <xsl:call-template name="table-cell"/></xsl:template>
  <xsl:template match="tei:figure">              <xsl:call-template name="block"/></xsl:template>
  <xsl:template match="tei:figDesc">             <xsl:call-template name="inline"/></xsl:template>
  <xsl:template match="tei:graphic | tei:media"> <xsl:call-template name="graphic"/></xsl:template>

  <!-- examples of encoding (TEI's egXML): the markup itself, shown as code -->
  <xsl:template match="eg:egXML">                <xsl:call-template name="example"/></xsl:template>

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

  <!-- A paragraph (or a verse line): a block whose content is phrasing only. -->
  <xsl:template name="paragraph">
    <xsl:param name="tag" select="'p'"/>
    <xsl:param name="inline" select="false()" tunnel="yes"/>
    <xsl:element name="{if ($inline) then 'span' else $tag}">
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
    <xsl:variable name="level" select="min((6, count(ancestor::tei:div) + (if (count($text) gt 1) then 2 else 1)))"/>
    <xsl:element name="{if ($inline or not(parent::tei:div or parent::tei:body or parent::tei:front or parent::tei:back)) then 'span' else 'h' || $level}">
      <xsl:call-template name="attributes">
        <xsl:with-param name="extra" select="if ($inline or not(parent::tei:div or parent::tei:body or parent::tei:front or parent::tei:back)) then 'block' else ()"/>
      </xsl:call-template>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <!-- A turn: its label (or, without one, the speakers' names), the speaker's
       side, a permalink, a copy button and a citation link, then the speech.
       The turn's id is its stable anchor. -->
  <xsl:template name="speech">
    <xsl:param name="inline" select="false()" tunnel="yes"/>
    <xsl:variable name="who" select="tokenize(normalize-space(@who), ' ')[starts-with(., '#')] ! substring(., 2)"/>
    <xsl:variable name="side" select="(key('id', $who[1])/ancestor::tei:listPerson[@type = 'side'])[1]"/>
    <xsl:variable name="anchor" select="c:unit-anchor(.)"/>
    <xsl:element name="{if ($inline) then 'span' else 'div'}">
      <xsl:call-template name="attributes">
        <xsl:with-param name="extra" select="('tei-sp'[current()/self::tei:u], if ($inline) then 'block' else (), if ($side/@n) then 'side-' || c:token($side/@n) else ())"/>
      </xsl:call-template>
      <xsl:if test="exists($who)"><xsl:attribute name="data-who" select="string-join($who, ' ')"/></xsl:if>
      <span class="turn-head block">
        <xsl:choose>
          <xsl:when test="tei:speaker">
            <xsl:apply-templates select="tei:speaker">
              <xsl:with-param name="inline" select="true()" tunnel="yes"/>
            </xsl:apply-templates>
          </xsl:when>
          <xsl:when test="exists($who)">
            <span class="tei-speaker generated">{string-join($who ! (if (map:contains($entity-names, .)) then string($entity-names(.)) else .), ', ')}</span>
          </xsl:when>
        </xsl:choose>
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

  <!-- One reading of a <choice>: the source's (sic, orig, abbr) in the source
       view, the editor's (corr, reg, expan) in the reading view. Both stay in
       the page. -->
  <xsl:template name="alternative">
    <xsl:param name="view" as="xs:string"/>
    <xsl:call-template name="inline">
      <xsl:with-param name="extra" select="$view"/>
    </xsl:call-template>
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

  <!-- Something the source leaves out: a visible mark, with the reason if given. -->
  <xsl:template name="gap">
    <span>
      <xsl:call-template name="attributes"/>
      <xsl:attribute name="title" select="string-join(('Omitted', @reason, @extent ! ('(' || . || ')')), ' ')"/>
      <xsl:text>[…]</xsl:text>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
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

  <!-- A name or reference: a link to its register entry, to an anchor on the
       page, or to a safe external URL; otherwise marked text. A pointer
       without text (ptr) shows its target. -->
  <xsl:template name="link">
    <xsl:variable name="value" select="normalize-space((@ref, @target, @url)[1])"/>
    <xsl:variable name="first" select="tokenize($value, ' ')[1]"/>
    <xsl:variable name="id" select="if (starts-with($first, '#')) then substring($first, 2) else if ($first != '' and not(contains($first, ':')) and map:contains($entity-hrefs, $first)) then $first else ''"/>
    <xsl:variable name="href" as="xs:string?" select="
      if ($id != '' and map:contains($entity-hrefs, $id)) then $root || string($entity-hrefs($id))
      else if ($id != '' and exists(key('id', $id)[1][ancestor::tei:text])) then '#' || $id
      else if (c:is-safe-url($first)) then $first
      else ()"/>
    <xsl:choose>
      <xsl:when test="exists($href)">
        <a href="{$href}">
          <xsl:if test="$id != '' and map:contains($entity-hrefs, $id)"><xsl:attribute name="data-entity" select="string($entity-hrefs($id))"/></xsl:if>
          <xsl:if test="c:is-safe-url($first)"><xsl:attribute name="rel" select="'noopener noreferrer'"/></xsl:if>
          <xsl:call-template name="attributes"/>
          <xsl:apply-templates>
            <xsl:with-param name="inline" select="true()" tunnel="yes"/>
          </xsl:apply-templates>
          <xsl:if test="self::tei:ptr">{$first}</xsl:if>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span>
          <xsl:call-template name="attributes"/>
          <xsl:apply-templates>
            <xsl:with-param name="inline" select="true()" tunnel="yes"/>
          </xsl:apply-templates>
          <xsl:if test="self::tei:ptr and $first != ''"><span class="ptr-target">{$first}</span></xsl:if>
        </span>
      </xsl:otherwise>
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

  <!-- A list: <ul>, or <ol> for an ordered one; spans inside a paragraph. -->
  <xsl:template name="list">
    <xsl:param name="inline" select="false()" tunnel="yes"/>
    <xsl:element name="{if ($inline) then 'span' else if (@type = ('ordered', 'numbered')) then 'ol' else 'ul'}">
      <xsl:call-template name="attributes">
        <xsl:with-param name="extra" select="if ($inline) then 'block' else ()"/>
      </xsl:call-template>
      <xsl:choose>
        <xsl:when test="$inline"><xsl:apply-templates/></xsl:when>
        <xsl:otherwise>
          <!-- Only <li> may stand in a list: anything else is wrapped in one. -->
          <xsl:for-each select="node()">
            <xsl:choose>
              <xsl:when test="self::tei:item"><xsl:apply-templates select="."/></xsl:when>
              <xsl:when test="self::text()[not(normalize-space())]"/>
              <xsl:otherwise><li class="list-extra"><xsl:apply-templates select="."><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates></li></xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:element>
  </xsl:template>

  <xsl:template name="list-item">
    <xsl:param name="inline" select="false()" tunnel="yes"/>
    <xsl:element name="{if ($inline or not(parent::tei:list)) then 'span' else 'li'}">
      <xsl:call-template name="attributes">
        <xsl:with-param name="extra" select="if ($inline or not(parent::tei:list)) then 'block' else ()"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- A table, its rows and cells; spans with CSS table display inside a paragraph. -->
  <xsl:template name="table">
    <xsl:param name="inline" select="false()" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="$inline or exists(node()[not(self::tei:row or self::tei:head or self::text()[not(normalize-space())])])">
        <span>
          <xsl:call-template name="attributes"><xsl:with-param name="extra" select="'block'"/></xsl:call-template>
          <xsl:apply-templates><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <table>
          <xsl:call-template name="attributes"/>
          <xsl:if test="tei:head"><caption><xsl:apply-templates select="tei:head/node()"><xsl:with-param name="inline" select="true()" tunnel="yes"/></xsl:apply-templates></caption></xsl:if>
          <tbody><xsl:apply-templates select="tei:row"/></tbody>
        </table>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="table-row">
    <xsl:param name="inline" select="false()" tunnel="yes"/>
    <xsl:element name="{if ($inline or not(parent::tei:table)) then 'span' else 'tr'}">
      <xsl:call-template name="attributes">
        <xsl:with-param name="extra" select="if ($inline or not(parent::tei:table)) then 'block' else ()"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template name="table-cell">
    <xsl:param name="inline" select="false()" tunnel="yes"/>
    <xsl:element name="{if ($inline or not(parent::tei:row/parent::tei:table)) then 'span' else 'td'}">
      <xsl:call-template name="attributes"/>
      <xsl:if test="not($inline) and parent::tei:row/parent::tei:table">
        <xsl:if test="@cols castable as xs:positiveInteger"><xsl:attribute name="colspan" select="@cols"/></xsl:if>
        <xsl:if test="@rows castable as xs:positiveInteger"><xsl:attribute name="rowspan" select="@rows"/></xsl:if>
      </xsl:if>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <!-- An image or other media: a link to it, never loaded by the page (the
       site loads nothing from elsewhere), and only if its URL is safe. -->
  <xsl:template name="graphic">
    <xsl:variable name="url" select="normalize-space(@url)"/>
    <span>
      <xsl:call-template name="attributes"/>
      <xsl:choose>
        <xsl:when test="c:is-safe-url($url)"><a href="{$url}" rel="noopener noreferrer">{local-name()}: {$url}</a></xsl:when>
        <xsl:otherwise>[{local-name()}]</xsl:otherwise>
      </xsl:choose>
      <xsl:apply-templates>
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </span>
  </xsl:template>

  <!-- An example of encoding: the markup itself as code, each tag a span of
       its own, the text between them as text. -->
  <xsl:template name="example">
    <xsl:param name="inline" select="false()" tunnel="yes"/>
    <xsl:element name="{if ($inline) then 'code' else 'pre'}">
      <xsl:call-template name="attributes">
        <xsl:with-param name="extra" select="if ($inline) then 'block' else ()"/>
      </xsl:call-template>
      <xsl:apply-templates mode="example"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="*" mode="example">
    <span class="eg-tag">&lt;{name()}<xsl:for-each select="@*"> {name()}="{.}"</xsl:for-each>{if (node()) then '' else '/'}&gt;</span>
    <xsl:apply-templates mode="example"/>
    <xsl:if test="node()"><span class="eg-tag">&lt;/{name()}&gt;</span></xsl:if>
  </xsl:template>
  <xsl:template match="text()" mode="example"><xsl:value-of select="."/></xsl:template>
  <xsl:template match="comment()" mode="example"><span class="eg-comment">&lt;!--{.}--&gt;</span></xsl:template>
  <xsl:template match="processing-instruction()" mode="example"><span class="eg-pi">&lt;?{name()} {.}?&gt;</span></xsl:template>

  <!-- Any element without a rule: rendered visibly with all its content,
       marked tei-unmapped, and reported once per name by the build. -->
  <xsl:template name="unmapped">
    <xsl:param name="inline" select="false()" tunnel="yes"/>
    <xsl:message select="'unmapped ' || name()"/>
    <xsl:variable name="block" select="not($inline) and exists(descendant::*[self::tei:p or self::tei:div or self::tei:sp or self::tei:ab or self::tei:head or self::tei:lg or self::tei:list or self::tei:table or self::tei:u])"/>
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
       language when the TEI gives them. An id used twice in the TEI is
       given to the first element only, so the page's ids stay unique. -->
  <xsl:template name="attributes">
    <xsl:param name="extra" as="xs:string*" select="()"/>
    <xsl:attribute name="class" select="string-join(('tei-' || c:token(local-name()), $extra), ' ')"/>
    <xsl:choose>
      <xsl:when test="c:is-unit(.)"><xsl:attribute name="id" select="c:unit-anchor(.)"/></xsl:when>
      <xsl:when test="@xml:id and not(self::tei:note[c:is-footnote(.)]) and key('id', @xml:id)[1] is ."><xsl:attribute name="id" select="@xml:id"/></xsl:when>
    </xsl:choose>
    <xsl:if test="@xml:lang and matches(@xml:lang, '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$')"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
    <xsl:if test="@type"><xsl:attribute name="data-type" select="@type"/></xsl:if>
    <xsl:if test="@rend"><xsl:attribute name="data-rend" select="@rend"/></xsl:if>
  </xsl:template>

  <!-- Text is copied as it is; the serializer escapes it. -->
  <xsl:template match="text()"><xsl:value-of select="."/></xsl:template>
  <xsl:template match="comment() | processing-instruction()"/>

  <!-- ================================================================ -->
  <!-- Functions                                                        -->
  <!-- ================================================================ -->

  <!-- Is this note a footnote? One placed at the foot or end, numbered, or
       standing (without a placement) inside running text. A note between
       paragraphs or turns is shown where it stands. -->
  <xsl:function name="c:is-footnote" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="not($note/@type = 'sic') and (
      $note/@place = ('foot', 'end', 'bottom', 'foot-note', 'endnote')
      or exists($note/@n)
      or (not($note/@place) and exists($note/parent::*[not(self::tei:div or self::tei:body or self::tei:front or self::tei:back or self::tei:sp or self::tei:u or self::tei:lg or self::tei:list or self::tei:listBibl or self::tei:castList or self::tei:text)])))"/>
  </xsl:function>

  <xsl:function name="c:note-number" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="($note/@n[normalize-space()], string($note/accumulator-before('footnote-count')))[1]"/>
  </xsl:function>

  <!-- The list position of a footnote: its number where it is one, else its count. -->
  <xsl:function name="c:note-value" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="if (c:note-number($note) castable as xs:integer and xs:integer(c:note-number($note)) gt 0) then c:note-number($note) else string($note/accumulator-before('footnote-count'))"/>
  </xsl:function>

  <!-- A note's anchor: its xml:id (the first time it is used), or a generated
       id that no xml:id can take (an NCName cannot contain "~"). -->
  <xsl:function name="c:note-id" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="if ($note/@xml:id and (key('id', $note/@xml:id, root($note))[1] is $note)) then string($note/@xml:id) else 'note~' || $note/accumulator-before('footnote-count')"/>
  </xsl:function>

  <!-- Units are what a reader can link to and a search can find: each turn,
       and each block that stands between turns (a heading, a paragraph, a
       stage direction). -->
  <xsl:function name="c:is-unit" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el/(self::tei:sp | self::tei:u))
      or (exists($el/parent::*[self::tei:div or self::tei:body or self::tei:front or self::tei:back or self::tei:group])
          and not($el/(self::tei:div | self::tei:front | self::tei:body | self::tei:back | self::tei:group | self::tei:text))
          and not(exists($el/ancestor::*[self::tei:sp or self::tei:u])))"/>
  </xsl:function>

  <!-- A unit's anchor: its xml:id (the first time it is used), or a generated
       one that no xml:id can take. -->
  <xsl:function name="c:unit-anchor" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="if ($el/@xml:id and (key('id', $el/@xml:id, root($el))[1] is $el)) then string($el/@xml:id)
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

  <!-- May a URL from the TEI become a link? Only http(s) and mailto. The scheme
       is read as a browser would: ignoring white space and control characters
       and case. -->
  <xsl:function name="c:is-safe-url" as="xs:boolean">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:variable name="squeezed" select="lower-case(replace(string($url), '[\s\p{Cc}]', ''))"/>
    <xsl:sequence select="matches($squeezed, '^(https?://[^/]|mailto:)') and not(matches(string($url), '[&quot;&lt;&gt;]'))"/>
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
