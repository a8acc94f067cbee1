"""NL6xx: encoding damage."""

from __future__ import annotations

import re

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
    for m in re.finditer("\ufffd+", doc.text):
        n = m.end() - m.start()
        yield Hit(Span(m.start(), m.end()),
                  f"{n} replacement character{'s' if n > 1 else ''} (U+FFFD): text was lost in decoding")


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+")


def _NO_CONTROL(text: str) -> bool:
    """Fast path: printable apart from tabs, newlines and spaces means no control character
    (isprintable also rejects harmless characters such as NBSP; then the regex decides)."""
    return text.replace("\n", "").replace("\t", "").replace("\r", "").isprintable()


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
    if _NO_CONTROL(doc.text):
        return
    for m in _CONTROL.finditer(doc.text):
        chars = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(m.group()))
        yield Hit(Span(m.start(), m.end()), f"control character(s) {chars} in text",
                  Fix("delete the control characters", (Edit(Span(m.start(), m.end()), ""),),
                      Applicability.UNSAFE))


CHECKS = (invalid_utf8, replacement_character, control_character)
