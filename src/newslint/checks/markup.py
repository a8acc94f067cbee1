"""NL3xx: markup and extraction remnants (the YAML packs in checks/markup/ add CMS
boilerplate, shortcodes and embed leftovers)."""

from __future__ import annotations

import re
from html.entities import html5

from ..langid import document_language
from ..model import Applicability, BlockKind, Edit, Fix, Hit, Span
from ..rules import rule

# -- NL301 -----------------------------------------------------------------------

_CAPS_THEN_WORD = re.compile(r"([A-ZÀ-ÖØ-Ý]{2,10})([a-zà-öø-ÿ]+)")
_SKIP_WORDS = frozenset("""
de la du des d l le les et en à au aux pour sur par of the and for in on to at a an
für der die das des dem den und von vom zu zur zum im in am del el los las y e en para por
di della delle dei degli del dello e per da do da dos das e em para na no nas nos
""".split())
_WORD = re.compile(r"[^\W\d_]+")


def _expansion(text: str, start: int, letters: str) -> int | None:
    """End offset of the words from ``start`` whose initials spell ``letters``
    (articles and prepositions skipped), or None."""
    want = letters.lower()
    got = 0
    end = None
    for m in _WORD.finditer(text, start, min(len(text), start + 40 * len(letters) + 40)):
        if m.start() > start and text[start:m.start()].strip(" ’'-") and "\n" in text[start:m.start()]:
            return None
        word = m.group()
        if got and word.lower() in _SKIP_WORDS:
            continue
        if word[0].lower() != want[got]:
            return None
        got += 1
        end = m.end()
        if got == len(want):
            return end
    return None


@rule(
    "NL301", "glued-abbreviation-expansion",
    "An acronym glued to its expansion (an <abbr> title flattened into the text)",
    explanation="""
**Why it is bad**: HTML like `<abbr title="Tribunaux de grande instance">TGI</abbr>` is
flattened by some extractors into "TGITribunaux de grande instance": the acronym and its
expansion glued together, unreadable.

**What newslint checks**: a run of capitals immediately followed by letters, where the
following words' initials spell the acronym (articles and prepositions such as de, la,
of, the, für, der, del, di, do are skipped), whatever the acronym. CamelCase names
(iPhone, McDonald, YouTube, LinkedIn, PowerPoint) and codes do not spell their prefix and
stay clean.

**Fix** (unsafe): "TGI (Tribunaux de grande instance)".
""",
    fix="always",
    bad=[{"text": "La procureure près du TGITribunaux de grande instance de Meaux.",
          "fixed": "La procureure près du TGI (Tribunaux de grande instance) de Meaux.", "lang": "fr"},
         {"text": "La direction départementale de la sécurité publique (DDSPdirection départementale de la sécurité publique).",
          "fixed": "La direction départementale de la sécurité publique (DDSP (direction départementale de la sécurité publique)).",
          "lang": "fr"},
         "The WHOWorld Health Organization said on Monday.",
         {"text": "Die EUEuropäische Union erhöht die Zölle.", "lang": "de"},
         {"text": "La OMSOrganización Mundial de la Salud alertó.", "lang": "es"}],
    good=["He bought an iPhone at McDonald's and posted it on YouTube and LinkedIn with PowerPoint slides.",
          "The NASAstronaut program and the USAF budget; flight AF447; model XC90.",
          {"text": "Le TGI de Meaux (Tribunal de grande instance) a statué.", "lang": "fr"},
          {"text": "Die CDU/CSU und die SPDler stimmten zu.", "lang": "de"}],
)
def glued_abbreviation_expansion(doc, options):
    text = doc.text
    for m in _CAPS_THEN_WORD.finditer(text):
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_&"):
            continue
        caps = m.group(1)
        # "TGITribunaux": the last capital starts the first word; "DDSPdirection": all capitals are the acronym
        for acronym, start in ((caps[:-1], m.start(1) + len(caps) - 1), (caps, m.end(1))):
            if len(acronym) < 2:
                continue
            end = _expansion(text, start, acronym)
            if end is not None:
                expansion = text[start:end]
                span = Span(m.start(1), end)
                yield Hit(span, f"acronym {acronym} glued to its expansion “{expansion}”",
                          Fix(f"write “{acronym} ({expansion})”", (Edit(span, f"{acronym} ({expansion})"),),
                              Applicability.UNSAFE))
                break


# -- NL302 -----------------------------------------------------------------------

_TAGS = ("a|abbr|article|aside|b|blockquote|br|caption|center|cite|code|div|em|embed|figcaption|figure|font|footer|"
         "h[1-6]|header|hr|i|iframe|img|li|link|meta|nav|noscript|ol|p|picture|pre|s|script|section|small|source|span|"
         "strong|style|sub|sup|table|tbody|td|th|thead|tr|u|ul|video")
_ENTITY_BODY = r"(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
_ENTITY = re.compile("&" + _ENTITY_BODY)
_DOUBLE_ENTITY = re.compile("&amp;" + _ENTITY_BODY)
_PARA_BREAK = re.compile(r"</p\s*>\s*<p(?:\s[^<>\n]{0,300}?)?>", re.I)
_TAG = re.compile(rf"</?(?:{_TAGS})(?:\s[^<>\n]{{0,300}}?)?\s*/?>", re.I)
_LINE_BREAKING = re.compile(r"</?(?:br|p|div|li|tr|h[1-6]|hr)\b", re.I)


@rule(
    "NL302", "html-remnant", "HTML tags or character entities left in the text",
    explanation="""
**Why it is bad**: "&nbsp;", "&amp;", "&#8217;", "<br />" or "</p><p>" in an article's text
show escaping went wrong somewhere (an entity escaped twice, tags not stripped). Readers
see the code.

**What newslint checks**: HTML character references (named ones from the HTML5 list,
decimal and hexadecimal) and tags of common HTML elements. A real "&" or "<" in prose
("AT&T", "R&D", "x < 3") is not markup and stays clean. In Markdown files, where raw HTML
and entities are part of the syntax, only entities escaped twice ("&amp;nbsp;") count.

**Fix** (safe): decode the entity; delete the tag ("</p><p>" becomes a paragraph break,
other line-breaking tags a line break). In HTML and JSONL, whose text is not the file,
the fix is shown, never applied. A reference to what no text may contain (a surrogate
such as `&#xD800;`, a control character such as `&#x1;`, a noncharacter, U+FFFD) is
reported without a fix: decoding it would only make a worse defect. `&#128;`–`&#159;`
decode to the Windows-1252 character a browser shows (`&#146;` is ’).
""",
    fix="always",
    bad=[{"text": "Le maire a dit&nbsp;: c&#8217;est fini.", "fixed": "Le maire a dit\u00a0: c’est fini.", "lang": "fr"},
         {"text": "Prices rose.<br />Wages did not.", "fixed": "Prices rose.\nWages did not."},
         {"text": "Erster Absatz.</p><p>Zweiter Absatz.", "fixed": "Erster Absatz.\n\nZweiter Absatz.", "lang": "de"},
         {"text": "Tom &amp;amp; Jerry", "format": "md"},
         {"text": "Le texte &#xD800; fin, l&#146;effet &#x1;.", "fixed": "Le texte &#xD800; fin, l’effet &#x1;.",
          "lang": "fr"},
         {"text": "<p>El alcalde dijo &amp;quot;no&amp;quot;.</p>", "format": "html", "lang": "es"}],
    good=["AT&T and R&D spending rose; x < 3 and y > 2; Tom & Jerry.",
          {"text": "Il a dit <<non>> puis est parti.", "lang": "fr"},
          {"text": "Texto con &amp; y <br> en Markdown.", "format": "md", "lang": "es"},
          {"text": "<p>Ciao &amp; arrivederci</p>", "format": "html", "lang": "it"}],
)
def html_remnant(doc, options):
    text = doc.text
    if doc.format == "markdown":  # entities and inline HTML are Markdown syntax
        for m in _DOUBLE_ENTITY.finditer(text) if "&amp;" in text else ():
            yield Hit(Span(m.start(), m.end()), f"HTML entity escaped twice: {m.group()}")
        return
    if "&" in text:
        for m in _ENTITY.finditer(text):
            decoded, why_not = _decode_entity(m.group())
            span = Span(m.start(), m.end())
            if why_not is not None:
                yield Hit(span, f"HTML entity {m.group()} in text; no fix: {why_not}")
            elif decoded is not None:
                shown = "".join(f"U+{ord(c):04X}" if c in "\t\n" else c for c in decoded)
                yield Hit(span, f"HTML entity {m.group()} in text",
                          Fix(f"decode {m.group()} as “{shown}”", (Edit(span, decoded),)))
    if "<" in text:
        breaks = [(m.start(), m.end()) for m in _PARA_BREAK.finditer(text)]
        for start, end in breaks:
            yield Hit(Span(start, end), f"HTML tags {text[start:end][:40]} in text",
                      Fix("replace with a paragraph break", (Edit(Span(start, end), "\n\n"),)))
        for m in _TAG.finditer(text):
            if any(a <= m.start() < b for a, b in breaks):
                continue
            span = Span(m.start(), m.end())
            replacement = "\n" if _LINE_BREAKING.match(m.group()) else ""
            yield Hit(span, f"HTML tag {m.group()[:60]} in text",
                      Fix("remove the tag", (Edit(span, replacement),)))


# What a browser shows for &#128;-&#159;: the Windows-1252 character (HTML5), when it has one.
_CP1252_REFS = {n: bytes([n]).decode("cp1252") for n in range(0x80, 0xA0) if n not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


def _decode_entity(raw: str) -> tuple[str | None, str | None]:
    """``(text, None)`` for a reference that decodes to text the document may hold;
    ``(None, why)`` for one that stands for what no text should contain (a surrogate,
    a control character, a noncharacter, U+FFFD), so decoding it would make a worse
    defect; ``(None, None)`` when ``raw`` is no HTML reference at all."""
    body = raw[1:-1]
    if not body.startswith("#"):
        return html5.get(body + ";"), None
    try:
        code = int(body[2:], 16) if body[1:2] in "xX" else int(body[1:])
    except ValueError:
        return None, None
    if code in _CP1252_REFS:
        return _CP1252_REFS[code], None
    if code > 0x10FFFF:
        return None, f"{code} is beyond the last Unicode character"
    name = f"U+{code:04X}"
    if code == 0:
        return None, f"{name} is not a character"
    if 0xD800 <= code <= 0xDFFF:
        return None, f"{name} is half of a UTF-16 surrogate pair, not a character"
    if code < 0x20 and code not in (0x09, 0x0A) or 0x7F <= code < 0xA0:
        return None, f"{name} is a control character"
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return None, f"{name} is a noncharacter"
    if code == 0xFFFD:
        return None, f"{name} is the replacement character of lost text"
    return chr(code), None


# -- NL304 -----------------------------------------------------------------------

_REMNANT_LINE = re.compile(r"^[ \t]*[\u00a0\u200b\u200c\u200d\u2060\ufeff\u180e\u3000\u2007\u202f]"
                           r"[ \t\u00a0\u200b\u200c\u200d\u2060\ufeff\u180e\u3000\u2007\u202f]*$", re.M)


@rule(
    "NL304", "blank-remnant-line",
    "Lines made only of non-breaking spaces, zero-width or other invisible characters",
    severity="warning",
    explanation="""
**Why it is bad**: empty paragraphs from the CMS (`<p>&nbsp;</p>`) become lines of
non-breaking or zero-width spaces. They look empty but are not: they break paragraph
detection, show as gaps, and defeat deduplication.

**What newslint checks**: lines that contain only whitespace, of which at least one
character is not a plain space or tab (NBSP, zero-width space, BOM…). A run of such
lines, with empty lines between them, is one finding.

**Fix** (safe): replace the run with a single empty line.
""",
    fix="always",
    bad=[{"text": "Titre\n\n\u00a0\n\u00a0\nTexte.\n", "fixed": "Titre\n\nTexte.\n", "lang": "fr"},
         {"text": "Title\n\u200b\nText.\n", "fixed": "Title\n\nText.\n"},
         {"text": "Titel\n\n\u00a0 \u00a0\n\n\u00a0\n\nText.\n", "fixed": "Titel\n\nText.\n", "lang": "de"}],
    good=["Title\n\n\nText with\u00a0a non-breaking space.\n\n   \nIndented spaces only.\n"],
)
def blank_remnant_line(doc, options):
    text = doc.text
    run: list[int] | None = None  # [start of the run's first line, end of its last remnant line, count]
    for m in _REMNANT_LINE.finditer(text):  # one regex pass finds the remnant lines
        if run is not None and not text[run[1]:m.start()].strip(" \t\n"):
            run[1] = m.end()  # only empty lines between: same run
            run[2] += 1
            continue
        if run is not None:
            yield _blank_hit(text, run)
        start = m.start()
        while start > 0 and text[start - 1] == "\n" and start - 2 >= 0 and text[start - 2] == "\n":
            start -= 1  # the empty lines just before belong to the run
        run = [start, m.end(), 1]
    if run is not None:
        yield _blank_hit(text, run)


def _blank_hit(text: str, run: list[int]) -> Hit:
    start, last, count = run
    first = start
    while first < last and text[first] == "\n":  # the finding starts on the first remnant line
        first += 1
    # the fix replaces the run (with the empty lines around it) by one empty line
    next_text = last
    while next_text < len(text) and text[next_text] == "\n":
        next_text += 1
    replacement = "\n" if 0 < start and next_text < len(text) else ""
    edit_start = start if start == 0 or text[start - 1] == "\n" else start
    fix = Fix("replace the invisible lines with one empty line", (Edit(Span(edit_start, next_text), replacement),))
    what = f"{count} lines" if count > 1 else "line"
    return Hit(Span(first, last), f"{what} of invisible characters only (non-breaking or zero-width spaces)", fix)


# -- NL305 -----------------------------------------------------------------------

_SEPARATOR_CELL = re.compile(r"\s*:?[-‐‑‒–—―─━=_~]{1,}:?\s*")


def _cells(line: str) -> list[str]:
    return re.split(r"(?<!\\)\|", line.strip().strip("|"))


@rule(
    "NL305", "broken-markdown-table",
    "A Markdown table whose separator row uses look-alike dashes, or whose rows have different numbers of cells",
    explanation="""
**Why it is bad**: smart-punctuation filters turn `|---|---|` into `|——|——|` (em dashes);
renderers then show the table as text. Rows with a different number of cells than the
header shift the columns.

**What newslint checks**: in pipe tables, a separator row made of em/en dashes or other
look-alikes instead of `-`, a missing separator row, and rows whose cell count differs
from the header's.

**Fix** (safe, for the separator): rewrite it as `| --- | --- |`.
""",
    fix="sometimes",
    bad=[{"text": "| A | B |\n|——|——|\n| 1 | 2 |\n", "fixed": "| A | B |\n| --- | --- |\n| 1 | 2 |\n"},
         {"text": "| Partei | Sitze |\n|---|---|\n| Grüne | 12 | extra |\n", "format": "md", "lang": "de"},
         {"text": "| Liste | Voix |\n| Écologistes | 52 % |\n", "format": "md", "lang": "fr"}],
    good=[{"text": "| A | B |\n|:---|---:|\n| 1 | 2 |\n", "format": "md"},
          {"text": "| Uno | Due |\n| --- | --- |\n| 1 | 2 |\n| 3 | 4 |\n", "lang": "it"}],
)
def broken_markdown_table(doc, options):
    if doc.format == "html":
        return  # tables rebuilt from <table> are well formed by construction
    text = doc.text
    for block in doc.blocks:
        if block.kind is not BlockKind.TABLE or "|" not in text[block.span.start:block.span.end]:
            continue
        lines = []
        pos = block.span.start
        for line in text[block.span.start:block.span.end].split("\n"):
            if line.strip():
                lines.append((pos, line))
            pos += len(line) + 1
        if len(lines) < 2:
            continue
        header = len(_cells(lines[0][1]))
        sep_pos, sep = lines[1]
        sep_cells = _cells(sep)
        is_sep = all(_SEPARATOR_CELL.fullmatch(c) for c in sep_cells)
        body = lines[2:] if is_sep else lines[1:]
        if is_sep and set(sep) - set("|-: \t"):
            span = Span(sep_pos, sep_pos + len(sep))
            fixed = "| " + " | ".join("---" for _ in range(header)) + " |"
            yield Hit(span, "table separator row uses look-alike dashes instead of '-': renderers will not see a table",
                      Fix(f"rewrite the separator as {fixed}", (Edit(span, fixed),)))
        elif not is_sep:
            yield Hit(Span(lines[0][0], lines[0][0] + len(lines[0][1])), "table has no separator row after its header")
        for pos, line in body:
            count = len(_cells(line))
            if count != header:
                yield Hit(Span(pos, pos + len(line)), f"table row has {count} cells, the header has {header}")


# -- NL308 -----------------------------------------------------------------------

# Candidates are found by a cheap pattern (a sentence end or closing quote, then a
# capital); the context rules are checked in Python on the few candidates.
_GLUE_CANDIDATE = re.compile(r"[.»”]([A-ZÀ-ÖØ-Ý][A-Za-zà-öø-ÿ’' ])")
_SENTENCE_PUNCT = ".!?…"
_URLISH = re.compile(r"\S*(?:://|www\.|@)\S*$")


@rule(
    "NL308", "glued-sentences",
    "Two sentences or paragraphs glued together by a lost space or line break",
    severity="warning",
    explanation="""
**Why it is bad**: when extraction drops a paragraph break, the closing quote of one
paragraph runs into the next ("…contre le narcotrafic. »Narcotrafic au cœur…"), or a
sentence end into the next sentence ("last year.The mayor"). Readers stumble; sentence
splitters and summaries go wrong.

**What newslint checks**: a closing quotation mark after a sentence end, or a full stop
after a word, followed directly by a capitalised word. URLs and e-mail addresses,
decimals (3.5), abbreviations and initials (U.S.A., J.R.R. Tolkien, St.Louis) are not
sentence ends; German-style »quotes«, where » opens the quotation, are left alone; a
dotted name written the same way more than once, or ending in a brand word such as
Online or Net ("Zeit.Online"), is a name.

Words glued with no punctuation at all are found where the glue cannot be a name: a
word run into itself ("LegoLego"), a word run into a sentence's first article or
pronoun ("DataThe NCRB"), and a kicker run into the title at the start of a line: a
rubric word ("ExclusiveBiden…", "Lire aussiLe…"), a lower-case word after the first
("Pour mémoireHollande…") or an accented capital ("DossierÉlections…"). CamelCase names
(iPhone, YouTube, PowerPoint, LinkedIn, AddThis), names the article writes again
(TomTom, LiveJournal) and template identifiers stay clean; in a web page, text from two
elements side by side is the style sheet's business, not a lost space.

**Fix** (unsafe): insert the lost line break after a closing quotation mark or a kicker,
the lost space after a full stop or between glued words.
""",
    fix="always",
    bad=[{"text": "pour lutter contre le narcotrafic. »Narcotrafic au cœur des préoccupations.",
          "fixed": "pour lutter contre le narcotrafic. »\n\nNarcotrafic au cœur des préoccupations.", "lang": "fr"},
         {"text": "Sales fell last year.The mayor blamed the weather.",
          "fixed": "Sales fell last year. The mayor blamed the weather."},
         {"text": "Los precios subieron.Las ventas cayeron en mayo.", "lang": "es"},
         {"text": "Pour mémoireHollande annonce sa candidature à la présidence du club.",
          "fixed": "Pour mémoire\n\nHollande annonce sa candidature à la présidence du club.", "lang": "fr"},
         {"text": "DossierÉlections municipales : les listes sont déposées.", "lang": "fr"},
         "Crime DataThe NCRB figures show a rise in thefts.",
         "LegoLego unveiled its new set on Monday.",
         {"text": "Im ÜberblickDie Regierung plant neue Steuern.", "lang": "de"},
         {"text": "ActualidadEl Gobierno aprobó el presupuesto.", "lang": "es"},
         {"text": "In breveIl governo approva la manovra.", "lang": "it"},
         {"text": "Leia tambémO governo anunciou novas medidas.", "lang": "pt"},
         "ExclusiveBiden signs the bill into law.",
         {"text": "KommentarMerz setzt auf Zeit.", "lang": "de"}],
    good=["Visit example.com/News.Html or www.Site.Org today; pi is 3.14; the U.S.A. and J.R.R. Tolkien.",
          {"text": "Er sagte: »Das ist gut.« Dann ging er. »Morgen kommen wir wieder«, rief er.", "lang": "de"},
          {"text": "Il a dit : « C'est fini. » Puis il est parti.", "lang": "fr"},
          "Mr.Smith and Dr.House met at St.Louis with Ph.D students.",
          {"text": "Das berichtet Zeit.Online am Montag.", "lang": "de"},
          "YouTube and PowerPoint: McDonald's posted on LinkedIn, the iPhone and JavaScript.",
          "Shares of LinkedIn owner Microsoft rose; the AddOn and CheckIn apps; WeTransfer and SoundCloud.",
          "AddThis Sharing Buttons. The KenKen puzzle; TomTom and TomTom maps.\n{* backButton *}\nmergeAccounts",
          "watchOS 7 is out. Watch it on Hill.TV and World.IGN today.",
          "PayPal a annoncé des résultats. WhatsApp et DeepMind aussi; la variable fontSize.",
          {"text": "GlaxoSmithKline und BioNTech melden Zahlen; die DataDog-Aktie steigt.", "lang": "de"},
          {"text": "Nach § 35 GewO kann die Behörde das Gewerbe untersagen.", "lang": "de"}],
)
def glued_sentences(doc, options):
    for hit in (*_glued_at_punctuation(doc), *_glued_words(doc.text), *_glued_kickers(doc.text)):
        if doc.source_map is None or _adjacent_in_source(doc, hit.fix.edits[0].span.start):
            yield hit


def _adjacent_in_source(doc, pos: int) -> bool:
    """In HTML, whether the characters either side of ``pos`` sit side by side in the
    source: text from two elements (<strong>Title</strong><em>Summary</em>) is laid
    out by the page's style sheet, not glued by a lost space."""
    line, column = doc.source_map.position(doc.text, pos - 1)
    return doc.source_map.position(doc.text, pos) == (line, column + 1)


def _glued_at_punctuation(doc):
    text = doc.text
    german_quotes = None
    for m in _GLUE_CANDIDATE.finditer(text):
        pos = m.start(1)
        before = text[pos - 1]
        if before == "»":  # French closing quote after a sentence end: ". »Narcotrafic"
            prev = text[max(0, pos - 3):pos - 1].rstrip(" \u00a0\u202f")
            if not prev or prev[-1] not in _SENTENCE_PUNCT:
                continue
            if german_quotes is None:
                german_quotes = document_language(doc) in _OPENING_GUILLEMET_LANGS
            if german_quotes:
                continue
        elif before == "”":
            if pos < 2 or text[pos - 2] not in _SENTENCE_PUNCT or not text[pos + 1:pos + 3].isalpha():
                continue
        else:  # a full stop: after two lower-case letters, or after a closing quote (».Les)
            prev2 = text[max(0, pos - 3):pos - 1]
            if not (len(prev2) == 2 and (prev2.isalpha() and prev2.islower() or prev2[-1] in "»”")):
                continue
            if not (text[pos + 1].isalpha() or text[pos + 1] in "’'" and text[pos + 2:pos + 3].isalpha()
                    or text[pos] in "AEIOUY" and text[pos + 1] == " " and text[pos + 2:pos + 3].isalpha()):
                continue
            word_start = max(text.rfind(" ", 0, pos), text.rfind("\n", 0, pos)) + 1
            token_end = pos
            while token_end < len(text) and not text[token_end].isspace():
                token_end += 1
            token = text[word_start:token_end]
            if _URLISH.match(token) or "/" in token or _DOMAIN.search(token):
                continue
            if token[:pos - word_start - 1].istitle() and pos - word_start - 1 <= 3:
                continue  # Mr.Smith, Dr.House, St.Louis
            if _dotted_name(text, text[word_start:_word_end(text, pos)]):
                continue  # Zeit.Online, a name written the same way again
            if text[pos + 1].isupper() and not text[word_start].islower():
                continue  # Hill.TV, World.IGN: a name (but "lined up.NASA's" is glue)
        sep = "\n\n" if before in "»”" else " "
        word_end = _word_end(text, pos)
        context_start = text.rfind(" ", 0, max(pos - 3, 0)) + 1
        yield Hit(Span(pos - 1, word_end), f"“{text[context_start:word_end].strip()}”: "
                  f"{'a paragraph break' if sep != ' ' else 'a space'} seems lost here",
                  Fix("insert a line break" if sep != " " else "insert a space", (Edit(Span(pos, pos), sep),),
                      Applicability.UNSAFE))


_OPENING_GUILLEMET_LANGS = frozenset(("de", "da", "sv", "fi", "nb", "cs", "sk", "hr", "sl", "hu", "pl"))
_DOMAIN = re.compile(r"\.(?:com|org|net|html?|php|fr|de|es|it|pt|COM|ORG|NET|HTML?|PHP|FR|DE|ES|IT|PT)\b")  # not ".It's"
_BRAND_TAILS = frozenset(("Online", "Net", "Info", "Media", "Digital", "News", "Radio", "Tv", "Web", "App"))


def _word_end(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isalpha():
        pos += 1
    return pos


def _dotted_name(text: str, token: str) -> bool:
    """"Zeit.Online": a capitalised word, a dot, a capitalised brand word; or any
    dotted token the text writes the same way twice (a name, not a lost space)."""
    head, _, tail = token.partition(".")
    if head[:1].isupper() and tail in _BRAND_TAILS:
        return True
    return text.count(token) > 1


# Two humps and no more: a word (capitalised or not, 3+ letters) run into a
# capitalised word. Three humps (getElementById) and one-letter prefixes (iPhone,
# eBay) never match.
_GLUED_WORDS = re.compile(r"(?<![^\W\d_])([A-ZÀ-ÖØ-Ýa-zß-öø-ÿ][a-zß-öø-ÿ]{2,})([A-ZÀ-ÖØ-Ý][a-zß-öø-ÿ]*)(?![^\W\d_])")
# A sentence's first word: articles, demonstratives and pronouns in the languages the
# packs speak. CamelCase names do not end in one of these.
# Prepositions, demonstratives and short pronouns are left out: names end in them
# (LinkedIn, AddOn, AddThis).
_SENTENCE_STARTERS = frozenset("""
The She They
Le La Les Une Des Cette Ces Elle Ils Elles
Der Die Das Eine Sie Wir
El Los Las Una Unos Unas
Il Gli Uno
O Os Um Uma Ele Ela Eles Elas
Het Een
""".split())
# Rubric words that head a title as a kicker ("ExclusiveBiden signs…" at a line's start).
_KICKERS = frozenset(("pour mémoire", "lire aussi", "à lire aussi", "a lire aussi", "read more", "en direct",
                      "leia também", "lee también", "leggi anche", "mehr zum thema", "en vídeo", "em vídeo")) | frozenset("""
analysis breaking exclusive explainer factcheck interview live opinion podcast update video watch review
analyse chronique décryptage direct dossier éditorial enquête entretien exclusif portrait reportage tribune vidéo
analyse exklusiv interview kommentar liveblog meinung reportage
análisis crónica directo entrevista exclusiva opinión reportaje
analisi commento diretta esclusiva intervista opinione reportage
análise crônica crónica entrevista exclusivo opinião reportagem
""".split())
_ACCENTED_CAPITAL = frozenset("ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝ")


def _glued_words(text: str):
    for m in _GLUED_WORDS.finditer(text):
        first, second = m.group(1), m.group(2)
        glue = m.start(2)
        followed = text[m.end():m.end() + 2]
        line_start = text.rfind("\n", 0, glue) + 1
        kicker = text[line_start:m.start(1)]
        at_line_start = len(kicker) <= 40 and len(kicker.split()) <= 3 and all(
            c.isalpha() or c in " '’-\u00a0" for c in kicker)
        if first.lower() == second.lower():
            if len(first) < 4 or text.count(m.group()) > 1:
                continue  # KenKen, TomTom: names written so
            why, sep = f"“{m.group()}”: the word is written twice with no space", " "
        elif (second in _SENTENCE_STARTERS and len(followed) == 2 and followed[0] == " " and followed[1].isalpha()
              and (len(second) > 1 or len(first) > 3)):  # "GewO", "StVO": a law's abbreviation, not "…O presidente"
            why, sep = f"“{m.group()}”: a space or line break seems lost before “{second}”", " "
            if at_line_start:
                sep = "\n\n"
        elif first.lower() in _KICKERS and not kicker:
            continue  # _glued_kickers
        elif (at_line_start and len(second) >= 3 and followed[:1] == " " and followed[1:].isalpha()
              and (first[0].islower() and kicker.strip() or second[0] in _ACCENTED_CAPITAL)):
            why, sep = f"“{m.group()}”: a kicker seems run into the title here", "\n\n"
        else:
            continue
        yield Hit(Span(glue - 1, m.end()), why,
                  Fix("insert a line break" if sep != " " else "insert a space", (Edit(Span(glue, glue), sep),),
                      Applicability.UNSAFE))


CHECKS = (glued_abbreviation_expansion, html_remnant, blank_remnant_line, broken_markdown_table, glued_sentences)


def _glued_kickers(text: str):
    """A rubric word at a line's start run into what follows: "ExclusiveBiden…",
    "AnalysisMADRID —", "Lire aussiLe…". A name written so more than once is a name."""
    for m in _KICKER_AT_LINE_START.finditer(text):
        glue = m.end(1)
        if m.group(1).lower() not in _KICKERS or not m.group(1)[0].isupper():
            continue  # not a rubric, or "watchOS"
        word_end = glue
        while word_end < len(text) and (text[word_end].isalnum() or text[word_end] in "’'"):
            word_end += 1
        token = text[m.start(1):word_end]
        if len(token) > len(m.group(1)) + 1 and text.count(token) > 1:
            continue  # LiveJournal, WatchGuard: a name the article writes again
        yield Hit(Span(glue - 1, word_end), f"“{token}”: a kicker seems run into the title here",
                  Fix("insert a line break", (Edit(Span(glue, glue), "\n\n"),), Applicability.UNSAFE))


_KICKER_AT_LINE_START = re.compile(r"^[ \t]*((?:[^\W\d_]+[ \u00a0]){0,2}?[^\W\d_]*[a-zß-öø-ÿ])(?=[^\W\d_a-zß-öø-ÿ]|[(«“\"])",
                                   re.M)
