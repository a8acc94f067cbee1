"""NL6xx: encoding damage."""

from __future__ import annotations

import re

from ..readers import LONE_SURROGATES
from ..model import Applicability, Edit, Fix, Hit, Span
from ..rules import rule

invalid_utf8 = rule(
    "NL601", "invalid-utf8", "The file is not valid UTF-8",
    explanation="""
**Why it matters**: a reader that assumes UTF-8 shows mojibake or drops the article.
newslint guesses the real encoding, says which, and lints the decoded text.

**What to do**: re-encode the file as UTF-8 (`iconv -f cp1252 -t utf-8`).
""",
    bad=[{"text": "Le café de la gare.", "encoding": "latin-1"}],
    good=["Le café de la gare."],
)(lambda doc, options: ())


@rule(
    "NL602", "replacement-character",
    "U+FFFD REPLACEMENT CHARACTER: a character was lost when the text was decoded",
    explanation="""
**Why it matters**: "�" marks a byte sequence an earlier step could not decode; the
original character is gone and readers see a glitch.

**What to do**: re-extract the article from its source with the right encoding; the
character cannot be recovered from this text.
""",
    bad=["Le ministre de l\ufffdIntérieur a parlé.", "Die Stra\ufffde war gesperrt."],
    good=["Le ministre de l’Intérieur a parlé.", "Die Straße war gesperrt."],
)
def replacement_character(doc, options):
    if "\ufffd" not in doc.text:  # C-speed scan; the regex only runs when needed
        return
    surrogates = set(doc.meta.get(LONE_SURROGATES, ()))  # NL606 reports those
    for m in re.finditer("\ufffd+", doc.text):
        if surrogates and all(i in surrogates for i in range(m.start(), m.end())):
            continue
        n = m.end() - m.start()
        yield Hit(Span(m.start(), m.end()),
                  f"{n} replacement character{'s' if n > 1 else ''} (U+FFFD): text was lost in decoding")


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+")


_ODD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"
                  "\u202a-\u202e\u2066-\u2069]")


def _odd_characters(doc) -> bool:
    """Whether the text has any control or invisible character at all: one scan per
    document, shared by NL603 and NL605, which only look closer when it says yes."""
    return doc.derived("encoding:odd", lambda d: _ODD.search(d.text) is not None)


@rule(
    "NL603", "control-character", "C0 or C1 control characters inside the text",
    explanation="""
**Why it matters**: control characters (U+0000–U+001F except tab and newline, U+007F–U+009F)
are invisible in most views, break XML feeds and search indexes, and C1 controls are
often the remains of a cp1252 text decoded as Latin-1.

**What to do**: delete them. The fix deletes them; it is marked unsafe because a C1
control may stand for a lost character (’, “, €) that should be restored instead.
""",
    fix="always",
    bad=[{"text": "Breaking\x07 news today.", "fixed": "Breaking news today."},
         {"text": "Il a dit\x92 oui.", "fixed": "Il a dit oui."}],
    good=["Tabs\tand newlines\nare fine."],
)
def control_character(doc, options):
    if not _odd_characters(doc):
        return
    for m in _CONTROL.finditer(doc.text):
        chars = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(m.group()))
        yield Hit(Span(m.start(), m.end()), f"control character(s) {chars} in text",
                  Fix("delete the control characters", (Edit(Span(m.start(), m.end()), ""),),
                      Applicability.UNSAFE))


_MOJIBAKE_HINTS = ("Ã", "Â", "â€", "Å", "Ð", "Ñ", "Ä", "Ã", "Ø", "Ù")


@rule(
    "NL604", "mojibake",
    "Mojibake: UTF-8 text decoded with the wrong encoding (“lâ€™IntÃ©rieur”)",
    explanation="""
**Why it is bad**: text encoded as UTF-8 and decoded as Windows-1252 or Latin-1 turns
"l’Intérieur" into "lâ€™IntÃ©rieur". Every accented letter and typographic quote is
garbled; search and matching fail on them.

**What newslint checks**: lines that ftfy's detector judges to be mojibake (a cheap test
for the telltale characters runs first, so clean text costs nothing).

**Fix** (safe): ftfy's repair of the line, which reverses the wrong decoding.
""",
    fix="always",
    bad=[{"text": "Le ministre de lâ€™IntÃ©rieur a parlÃ©.", "fixed": "Le ministre de l’Intérieur a parlé.",
          "lang": "fr"},
         {"text": "Die StraÃŸe war gesperrt, sagte der BÃ¼rgermeister.",
          "fixed": "Die Straße war gesperrt, sagte der Bürgermeister.", "lang": "de"},
         {"text": "La reuniÃ³n terminÃ³ tarde.", "fixed": "La reunión terminó tarde.", "lang": "es"}],
    good=["Le château, l’âge d’or, Ärger über Öl, Ñandú, São Paulo, Øresund, Ångström.",
          {"text": "Die Straße war gesperrt.", "lang": "de"}],
)
def mojibake(doc, options):
    text = doc.text
    if not any(h in text for h in _MOJIBAKE_HINTS):
        return
    import ftfy
    from ftfy.badness import is_bad

    pos = 0
    for line in text.split("\n"):
        if line and any(h in line for h in _MOJIBAKE_HINTS) and is_bad(line):
            fixed = ftfy.fix_text(line, normalization=None, unescape_html=False, fix_line_breaks=False,
                                  uncurl_quotes=False, fix_latin_ligatures=False, fix_character_width=False)
            if fixed != line:
                span = Span(pos, pos + len(line))
                excerpt = line if len(line) <= 60 else line[:57] + "…"
                yield Hit(span, f"mojibake (text decoded with the wrong encoding): “{excerpt}”",
                          Fix(f"repair with ftfy: “{fixed[:60]}”", (Edit(span, fixed),)))
        pos += len(line) + 1


_PAGE_HINTS = frozenset("\u00ad\u200b\u2060\ufeff")  # hyphenation and line-break hints in HTML
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]+")


@rule(
    "NL605", "invisible-character",
    "Invisible characters inside the text (zero-width spaces, soft hyphens, direction marks, stray BOM)",
    severity="warning",
    explanation="""
**Why it is bad**: zero-width spaces and joiners, soft hyphens, bidirectional marks and a
BOM in the middle of text are invisible but real: "sé\u200bcurité" does not match
"sécurité" in search, deduplication or fact-checking tools, and direction marks can
reorder what readers see.

**What newslint checks**: those characters between two letters or digits, and the BOM
or direction marks anywhere but at the very start. Zero-width joiners inside emoji
sequences are legitimate and left alone, and so are the hyphenation and line-break hints
of a web page (a soft hyphen, zero-width space, word joiner or zero-width no-break space
in HTML, as in "Bürger&amp;shy;meister"): browsers use them as the author meant.

**Fix** (safe): delete them.
""",
    fix="always",
    bad=[{"text": "La sé\u200bcurité publique.", "fixed": "La sécurité publique.", "lang": "fr"},
         {"text": "Bürger\u00admeister Müller.", "fixed": "Bürgermeister Müller.", "lang": "de"},
         {"text": "Texto\ufeff con BOM.", "fixed": "Texto con BOM.", "lang": "es"}],
    good=["Family emoji 👨\u200d👩\u200d👧 is one glyph.", "Plain text.",
          {"text": "<p>Der Bürger&shy;meister und die Donau&#8203;dampfschifffahrt.</p>", "format": "html",
           "lang": "de"}],
)
def invisible_character(doc, options):
    text = doc.text
    if text.isascii() or not _odd_characters(doc):
        return
    page = doc.format == "html"
    for m in _INVISIBLE.finditer(text):
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        chars = m.group()
        if page and not set(chars) - _PAGE_HINTS:
            continue
        inside_word = before.isalnum() and after.isalnum()
        if not inside_word and not (set(chars) & set("\ufeff\u202a\u202b\u202c\u202d\u202e") and m.start() > 0):
            continue
        names = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(chars))
        span = Span(m.start(), m.end())
        yield Hit(span, f"invisible character(s) {names} inside the text",
                  Fix("delete the invisible characters", (Edit(span, ""),)))


@rule(
    "NL606", "lone-surrogate",
    "A JSON \\uD800–\\uDFFF escape that is half of a surrogate pair: not a character",
    explanation="""
**Why it matters**: JSON writes characters outside the Basic Multilingual Plane (emoji,
rare CJK, mathematical letters) as two escapes, a high then a low surrogate
(`\\ud83d\\ude00` is 😀). One half alone is not a character: it cannot be encoded in
UTF-8, so strict JSON parsers, databases and feeds reject the record or crash on it. It
usually means a producer cut a string by UTF-16 code units (JavaScript `substring`, a
length limit) through the middle of an emoji.

**What newslint checks**: every lone surrogate escape in a JSONL record's text. newslint
reads it as U+FFFD (so the rest of the record is still linted and every report can be
written) and points at it; search the file for the `\\ud8…`–`\\udf…` escape.

**What to do**: fix the producer to cut strings on character boundaries, then re-export
the record; the lost character cannot be recovered from this text.
""",
    bad=[{"text": '{"id": 1, "text": "Le match est terminé \\ud83d"}\n', "format": "jsonl"},
         {"text": '{"id": 2, "text": "Would you like me to shorten it? \\ud800"}\n', "format": "jsonl"}],
    good=[{"text": '{"id": 1, "text": "Le match est terminé \\ud83d\\ude00"}\n', "format": "jsonl"},
          {"text": '{"id": 2, "text": "Le café"}\n', "format": "jsonl"}],
)
def lone_surrogate(doc, options):
    for offset in doc.meta.get(LONE_SURROGATES, ()):
        yield Hit(Span(offset, offset + 1),
                  "lone surrogate escape in the JSON text (half of an emoji or other character cut in two): "
                  "read as U+FFFD")


CHECKS = (invalid_utf8, replacement_character, control_character, mojibake, invisible_character, lone_surrogate)
