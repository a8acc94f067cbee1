"""Date mentions in six languages: CLDR month and weekday names (Babel), natural word
orders, ordinals, abbreviations and numeric forms, plus year inference.

``date_mentions(doc)`` is a pure function of the document, computed once per document
and shared by the NL4xx rules.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass

LANGS = ("en", "fr", "de", "es", "it", "pt")


@dataclass(frozen=True)
class Names:
    months: dict[str, int]  # folded name -> month 1..12
    weekdays: dict[str, int]  # folded name -> 0 (Monday) .. 6
    month_names: dict[int, str]  # for messages, in this language
    weekday_names: dict[int, str]
    short_full: frozenset[str]  # full month names of three letters or fewer (mai, may)


def _strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


@functools.lru_cache(maxsize=None)
def names(lang: str) -> Names:
    """Month and weekday names of ``lang`` from CLDR (read-only, loaded once; kept in the
    user's cache between runs, since loading Babel's locale data is slow)."""
    from importlib.util import find_spec
    from pathlib import Path

    from .cache import memo

    spec = find_spec("babel")
    if spec is None or spec.origin is None:
        return _names(lang)
    data = Path(spec.origin).parent / "locale-data"
    return memo("dates", [data / f"{lang}.dat", data / "root.dat"], lambda: _names(lang), lang)


def _names(lang: str) -> Names:
    from babel import Locale

    loc = Locale.parse(lang)
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for n, name in loc.months[context][width].items():
                for form in {name.lower(), _strip_accents(name.lower())}:
                    months.setdefault(form, n)
                    months.setdefault(form.rstrip("."), n)
            for n, name in loc.days[context][width].items():
                for form in {name.lower(), _strip_accents(name.lower())}:
                    weekdays.setdefault(form, n)
                    if width == "wide" and form.endswith("-feira"):
                        weekdays.setdefault(form[:-6], n)  # pt: "segunda" for "segunda-feira"
    wide = dict(loc.months["format"]["wide"])
    short = frozenset(n.lower() for n in wide.values() if len(n) <= 3)
    return Names(months, weekdays, wide, dict(loc.days["format"]["wide"]), short)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    day: int
    month: int
    year: int | None  # as written; None when the text gives no year
    weekday: int | None  # 0 = Monday, as written
    weekday_span: tuple[int, int] | None
    day_span: tuple[int, int]
    lang: str
    in_range: bool = False


_WORDS = re.compile(r"[^\W\d_]+(?:-feira)?\.?")
# Patterns start with a digit (no look-behind first), so the regex engine can skip ahead
# fast; what precedes a match is checked in Python.
_DAYNUM = re.compile(r"(\d{1,2})(?:er|re|e|º|°|ª|st|nd|rd|th)?\.?(?!\d)")
_NOT_BEFORE_DAY = frozenset("0123456789.,/:-")
# a date's parts stay on one line: "Tuesday, 1 March" then a paragraph "1945" is not 1 March 1945
_MONTH_AFTER = re.compile(r"[^\S\n]+(?:de[^\S\n]+|of[^\S\n]+|del[^\S\n]+)?([^\W\d_]+\.?)")
_WORD_BEFORE = re.compile(r"([^\W\d_]+\.?),?[^\S\n]+$")
_YEAR_AFTER = re.compile(r",?[^\S\n]+(?:de[^\S\n]+|del[^\S\n]+|of[^\S\n]+)?((?:1[0-9]|20)\d\d)(?![\d])")
_RANGE_BEFORE = re.compile(r"\d{1,2}(?:er|re|st|nd|rd|th|\.)?\s*(?:au|à|to|-|–|—|bis|al|a|até|ao|e|et|and|und|y|or|ou|o)"
                           r"\s*$|\d{1,2}[-–/]$", re.I)
_LINK = re.compile(r"[\s,]*(?:(?:le|la|den|der|the|el|il|lo|o|a|am|ce|cette|este|esta|questo|this|on)[\s,]+)?$", re.I)
_NUMERIC = re.compile(r"(\d{1,4})([./-])(\d{1,2})\2(\d{2,4})(?![\d/-]|\.\d)")
_ANY_DIGIT = re.compile(r"\d")


def _month(token: str, table: Names) -> int | None:
    """Month number of a word. Abbreviations of three letters or fewer need their dot
    ("mar." is March, "mar" is also the sea), unless the full name is that short (mai, may)."""
    bare = token.rstrip(".")
    month = table.months.get(token) or table.months.get(bare)
    if month is None or (len(bare) <= 3 and not token.endswith(".") and bare not in table.short_full):
        return None
    return month


def _weekday_before(text: str, pos: int, weekdays: dict[str, int]) -> tuple[int, int, int] | None:
    """A weekday name just before ``pos``, linked by spaces, a comma or an article."""
    words = list(_WORDS.finditer(text, max(0, pos - 40), pos))
    for m in reversed(words[-2:]):
        token = m.group().lower()
        key = token if token in weekdays else token.rstrip(".") if token.endswith(".") else None
        if key is None or key not in weekdays:
            continue
        if not _LINK.fullmatch(text, m.end(), pos):
            return None
        if len(key) <= 3 and not token.endswith("."):
            return None  # bare abbreviations ("mar", "sa") are ordinary words too often
        return weekdays[key], m.start(), m.start() + len(token.rstrip("."))
    return None


def _scan(text: str, langs: list[str]) -> dict[str, list[DateMention]]:
    """Mentions built around each day number: "16 février", "15. Februar", "15 de
    febrero", "February 15" (English), with the weekday before and the year after; for
    each of ``langs``, in one pass over the day numbers (an article of unknown language
    is read in all six)."""
    tables = [(lang, names(lang)) for lang in langs]
    found: dict[str, list[DateMention]] = {lang: [] for lang in langs}
    for m in _DAYNUM.finditer(text):
        if m.start() and text[m.start() - 1] in _NOT_BEFORE_DAY:
            continue
        day = int(m.group(1))
        after = _MONTH_AFTER.match(text, m.end())
        word = after.group(1).lower() if after else None
        for lang, table in tables:
            month = _month(word, table) if after else None
            if month is not None:
                start, end = m.start(), after.end()
                if after.group(1).endswith(".") and word not in table.months:
                    end -= 1  # the full stop closes the sentence, not an abbreviation
            elif lang == "en":
                before = _WORD_BEFORE.search(text, max(0, m.start() - 16), m.start())
                month = _month(before.group(1).lower(), table) if before else None
                if month is None:
                    continue
                start, end = before.start(), m.end()
            else:
                continue
            year = None
            ym = _YEAR_AFTER.match(text, end)
            if ym:
                year, end = int(ym.group(1)), ym.end()
            in_range = bool(_RANGE_BEFORE.search(text, max(0, start - 12), start))
            weekday = weekday_span = None
            wd = _weekday_before(text, start, table.weekdays)
            if wd:
                weekday, weekday_span, start = wd[0], (wd[1], wd[2]), wd[1]
            found[lang].append(DateMention(start, end, day, month, year, weekday, weekday_span,
                                           (m.start(1), m.end(1)), lang, in_range=in_range))
    return found


def _scan_numeric(text: str, lang: str) -> list[DateMention]:
    found = []
    if "/" not in text and "." not in text and "-" not in text:
        return found
    for m in _NUMERIC.finditer(text):
        if m.start() and text[m.start() - 1] in "0123456789./-":
            continue
        first, sep, second, last = m.group(1), m.group(2), int(m.group(3)), m.group(4)
        if len(first) == 4 and sep == "-" and len(last) <= 2:  # ISO 2025-02-16
            year, month, day = int(first), second, int(last)
        elif len(first) <= 2 and sep in "./" and len(last) == 4:
            a, b, year = int(first), second, int(last)
            if lang == "en" and sep == "/":
                if a > 12 >= b:
                    day, month = a, b
                elif b > 12 >= a:
                    month, day = a, b
                else:
                    continue  # 03/04/2025: US or UK order? say nothing
            else:
                day, month = a, b
        else:
            continue
        if not 1 <= month <= 12:
            continue
        found.append(DateMention(m.start(), m.end(), day, month, year, None, None, (m.start(), m.end()), lang))
    return found


def date_mentions(doc) -> list[DateMention]:
    """Every date mention in the document, in text order (computed once per document)."""
    def compute(d) -> list[DateMention]:
        from .langid import document_language

        lang = document_language(d)
        langs = [lang] if lang in LANGS else list(LANGS)
        text = d.text
        if _ANY_DIGIT.search(text) is None:
            return []
        mentions: dict[tuple[int, int], DateMention] = {}
        scanned = _scan(text, langs)
        for code in langs:  # the first language to read a span wins, as before
            for mention in scanned[code]:
                mentions.setdefault((mention.start, mention.end), mention)
        for mention in _scan_numeric(text, langs[0] if len(langs) == 1 else ""):
            mentions.setdefault((mention.start, mention.end), mention)
        return sorted(mentions.values(), key=lambda x: x.start)

    return doc.derived("dates:mentions", compute)


def valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
        return True
    except ValueError:
        return False


_YEAR = re.compile(r"(?:19|20)\d\d(?![\d%€$£,.]\d|\s*(?:%|€|\$|habitants|inhabitants|einwohner|habitantes|abitanti|"
                   r"euros?|dollars?|personnes|people|menschen|personas|persone|pessoas|mètres|meters|km|kg|tonnes|"
                   r"voix|votes|stimmen|votos|voti))")
_NOT_BEFORE_YEAR = frozenset("0123456789,.%€$£-")


_MONTH_YEAR = re.compile(r"([^\W\d_]+\.?)[^\S\n]+(?:de[^\S\n]+|del[^\S\n]+|of[^\S\n]+)?(?:19|20)\d\d(?!\d)")


def _month_year(text: str, langs: set[str]) -> bool:
    """Whether the text names a month with its year ("novembre 2024", "January of 2025")."""
    tables = [names(lang) for lang in langs or LANGS if lang in LANGS]
    for m in _MONTH_YEAR.finditer(text):
        word = m.group(1).lower()
        if any(_month(word, table) is not None for table in tables):
            return True
    return False


def years_written(text: str) -> list[int]:
    """Four-digit years in running text (not amounts: "1000 habitants", "2000 €")."""
    return [int(m.group()) for m in _YEAR.finditer(text)
            if not (m.start() and text[m.start() - 1] in _NOT_BEFORE_YEAR)]


def publication_date(doc, key: str = "date") -> dt.date | None:
    """The article's publication date from its metadata (``key="modified"``: its last update)."""
    raw = doc.meta.get(key)
    if not raw:
        return None
    m = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", str(raw))
    if m and valid(int(m.group(1)), int(m.group(2)), int(m.group(3))):
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


@dataclass(frozen=True)
class YearEvidence:
    candidates: tuple[int, ...]  # years to try, most likely first
    source: str  # "publication date", "latest year mentioned", ...


def year_evidence(doc, mentions: list[DateMention]) -> YearEvidence | None:
    """Which years a mention without a year may belong to, or None when the text
    gives no safe evidence. Publication date: that year and the year before; else, when
    the text dates something (a date with its year, a month with its year), every year
    written in the article and the year on either side of each (an article
    on a centenary names the death year, a preview names next year's final) and the
    second year after the latest (a 2025 article that only recalls "the 2023 floods"),
    latest first, so that a weekday is called wrong only when no plausible year fits it."""
    pub = publication_date(doc)
    if pub is not None:
        return YearEvidence((pub.year, pub.year - 1), "publication date")
    years = {m.year for m in mentions if m.year and 1900 <= m.year <= 2100}
    if not years and not _month_year(doc.text, {m.lang for m in mentions}):
        # only bare years ("isolated until 1948", "from 1930 on BBC One", a time): history
        # or a clock, not the article's date; a dated mention or a month and year is needed
        return None
    years |= {y for y in years_written(doc.text) if 1900 <= y <= 2100}
    if not years:
        return None
    latest = max(years)  # news often names only past years ("the 2023 floods" in a 2025 article)
    around = sorted({y + d for y in years for d in (-1, 0, 1)} | {latest + 2} - {latest}, reverse=True)
    return YearEvidence((latest, *around), "latest year mentioned")


def candidate_years(mention: DateMention, mentions: list[DateMention],
                    evidence: YearEvidence | None) -> tuple[tuple[int, ...], str]:
    """Years ``mention`` may belong to, most likely first, and where they come from
    ('' for a written year; empty tuple when there is no safe evidence)."""
    if mention.year is not None:
        return (mention.year,), ""
    same = {m.year for m in mentions if m.year and (m.day, m.month) == (mention.day, mention.month)}
    if len(same) == 1:
        return tuple(same), "the same date written with its year"
    if evidence is not None:
        return evidence.candidates, f"the {evidence.source}"
    return (), ""


def resolve_year(mention: DateMention, mentions: list[DateMention], evidence: YearEvidence | None) -> int | None:
    """The year of ``mention`` when the text settles it: written, the same date written
    with a year, or the one candidate year its weekday fits; None otherwise."""
    years, source = candidate_years(mention, mentions, evidence)
    if len(years) == 1:
        return years[0]
    if mention.weekday is not None:
        fitting = [y for y in years if valid(y, mention.month, mention.day)
                   and dt.date(y, mention.month, mention.day).weekday() == mention.weekday]
        if len(fitting) == 1:
            return fitting[0]
    return None
