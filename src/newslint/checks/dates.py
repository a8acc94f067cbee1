"""NL4xx: inconsistent dates."""

from __future__ import annotations

import datetime as dt
import re

from ..date_mentions import candidate_years, date_mentions, names, publication_date, valid, year_evidence
from ..model import Hit, Severity, Span
from ..rules import rule
from ..text import sentence_bounds

# Words that announce a future event, in the six languages: a date after publication in
# such a sentence is an announcement, not a slip.
_FUTURE = re.compile(
    r"\b(?:will|shall|scheduled|upcoming|next|due to|expected to|is to|are to|plans? to|"
    r"sera|seront|aura|auront|prévue?s?|prochaine?s?|devrait|devraient|aura lieu|se tiendra|à venir|"
    r"wird|werden|soll|sollen|geplant|nächste[nmrs]?|kommende[nmrs]?|"
    r"será|serán|tendrá|tendrán|celebrará|previsto|prevista|próxim[oa]s?|"
    r"sarà|saranno|avrà|si terrà|prevista?|prossim[oaie]|"
    r"vai|vão|irá|irão|terá|terão|previst[oa]s?|próxim[oa]s?|realizará)\b", re.I)

# An update stamp just before a date ("Updated March 3, 2025", "Mis à jour le 3 mars"):
# the date of a later version, not of an event.
_UPDATE_STAMP = re.compile(
    r"(?:\b(?:last\s+)?updated?|\bmis\s+à\s+jour|\bmise\s+à\s+jour|\bactualisé|\baktualisiert|\bstand|"
    r"\bactualizad[oa]|\bactualización|\baggiornat[oa]|\baggiornamento|\batualizad[oa]|\batualização|"
    r"\bbijgewerkt|\bgeüpdatet|\bzaktualizowan[oay]|\baktualizacja|\buppdaterad|\bopdateret|\boppdatert|"
    r"\baktualizováno|\baktualizace)\b[^.!?\n]{0,40}$", re.I)


def _update_stamp(text: str, start: int) -> bool:
    line = text.rfind("\n", max(0, start - 60), start) + 1 or max(0, start - 60)
    return _UPDATE_STAMP.search(text, line, start) is not None


def _date_text(lang: str, day: int, month: int, weekday: int | None = None) -> str:
    table = names(lang)
    month_name = table.month_names[month]
    if lang == "en":
        return f"{table.weekday_names[weekday] + ', ' if weekday is not None else ''}{month_name} {day}"
    if lang == "de":
        return f"{table.weekday_names[weekday] + ', ' if weekday is not None else ''}{day}. {month_name}"
    of = " de " if lang in ("es", "pt") else " "
    wd = table.weekday_names[weekday] + (", " if lang == "pt" else " ") if weekday is not None else ""
    ordinal = "1er" if lang == "fr" and day == 1 else str(day)
    return f"{wd}{ordinal}{of}{month_name}"


@rule(
    "NL401", "weekday-date-mismatch", "The weekday does not match the date (“samedi 16 février” in 2025, a Sunday)",
    explanation="""
**Why it is bad**: "le samedi 16 février" in an article set in 2025, when 16 February
2025 was a Sunday, means either the weekday or the day is wrong; readers cannot know which,
and a wrong date in news is a factual error.

**What newslint checks**: weekday + day + month (+ year) mentions in each language's
natural orders ("samedi 16 février 2025", "Saturday, February 15", "am Samstag, 15.
Februar", "el sábado 15 de febrero", "sabato 15 febbraio", "sábado, 15 de fevereiro"),
with CLDR month and day names. Without a year, the year is inferred: the same day and month
written with a year elsewhere in the article; else the publication date (that year or the
one before); else, when the text dates something (a date or a month with its year; bare
years such as "isolated until 1948" or a time "from 1930" are not enough), every year
written in the text, the year on either side of each and the
second year after the latest (no guessing from "the latest year": a centenary names the
death year, a preview next year's final, a report recalls "the 2023 floods"). Only a weekday that fits none of those years is flagged; when there is no evidence, nothing is
said either. Ranges ("du samedi 3 au dimanche 5") and dates before 1583 (Julian calendar)
are left alone.

**What to do**: check the source; the message gives both repairs.
""",
    bad=[{"text": "Elle a écrit en janvier 2025. Le samedi 16 février, elle recevait le ministre.", "lang": "fr"},
         {"text": "The minister visited on Saturday, February 16, 2025.", "lang": "en"},
         {"text": "Der Minister kam am Samstag, 16. Februar 2025.", "lang": "de"},
         {"text": "El ministro llegó el sábado 16 de febrero de 2025.", "lang": "es"},
         {"text": "Il ministro è arrivato sabato 16 febbraio 2025.", "lang": "it"},
         {"text": "O ministro chegou no sábado, 16 de fevereiro de 2025.", "lang": "pt"},
         {"text": "Publié le vendredi 21 février.", "lang": "fr", "meta": {"date": "2027-03-01"}}],
    good=[{"text": "Sur l'année 2024, les délits ont augmenté, contre 46 en 2023. Ce vendredi 21 février, le plan a été présenté.",
           "lang": "fr"},
          {"text": "Ce 4 juillet 2019, la préfète était à Noisiel. Ce jeudi 4 juillet, elle a rencontré les policiers.",
           "lang": "fr"},
          {"text": "Le samedi 16 février, elle recevait le ministre.", "lang": "fr"},
          {"text": "See you next Monday; we meet every Saturday; samedi dernier, il pleuvait.", "lang": "en"},
          {"text": "Le festival aura lieu du samedi 14 au dimanche 15 juin 2025.", "lang": "fr"},
          {"text": "La prise de la Bastille, le mardi 14 juillet 1789, a changé l'histoire.", "lang": "fr"},
          {"text": "Er starb 2011. Zum 100. Geburtstag lädt die Stadt 2023 ein: am Samstag, 4. November, "
                   "spricht der Bürgermeister.", "lang": "de"},
          {"text": "Le bilan 2024 sera présenté ce vendredi 22 novembre ; le plan court jusqu'en 2025.",
           "lang": "fr"},
          # a year on the next line is not the date's: a match report's date line, then its score line
          {"text": "Brentford v Southampton\n\nTuesday, 1 March 2005\n\nFA Cup, fifth round replay\n\n"
                   "Wednesday, 2 March\n\n1945 fans watched the replay.", "lang": "en"},
          # only bare years (history, a time): no evidence of the article's own year
          {"text": "¿Sabías que el valle estuvo aislado hasta 1948? El sábado 6 de febrero se harán las pruebas.",
           "lang": "es"},
          "The BBC will show the replay live on Wednesday 19 January, from 1930 on BBC One."],
)
def weekday_date_mismatch(doc, options):
    mentions = date_mentions(doc)
    if not any(m.weekday is not None for m in mentions):
        return
    evidence = year_evidence(doc, mentions)
    for m in mentions:
        if m.weekday is None or m.in_range or not valid(2000, m.month, m.day):
            continue
        years, source = candidate_years(m, mentions, evidence)
        years = tuple(y for y in years if y >= 1583 and valid(y, m.month, m.day))
        if not years or any(dt.date(y, m.month, m.day).weekday() == m.weekday for y in years):
            continue
        year = years[0]
        actual = dt.date(year, m.month, m.day)
        # the nearest date with the weekday as written, for the other repair
        shift = (m.weekday - actual.weekday() + 3) % 7 - 3
        other = actual + dt.timedelta(days=shift)
        english = names("en")
        written = doc.text[m.start:m.end]
        fix_a = _date_text(m.lang, other.day, other.month, m.weekday)
        fix_b = _date_text(m.lang, m.day, m.month, actual.weekday())
        how = f" (year {year} from {source})" if source else ""
        yield Hit(Span(m.start, m.end),
                  f"“{written}”: {actual.day} {english.month_names[actual.month]} {year} was a "
                  f"{english.weekday_names[actual.weekday()]}{how}; "
                  f"write “{fix_a}” or “{fix_b}”")


@rule(
    "NL402", "impossible-date", "A date that does not exist (31 April, 30 February, 29 February in a non-leap year)",
    explanation="""
**Why it is bad**: "le 31 avril" or "February 30" cannot be right; the day or the month is
wrong, often from a typo or a bad conversion.

**What newslint checks**: day + month mentions (and numeric dates with a year) whose day
does not exist in that month; 29 February only when the year is known and not a leap year.

**What to do**: check the source for the real date.
""",
    bad=[{"text": "La réunion est prévue le 31 avril.", "lang": "fr"},
         {"text": "The deadline is February 30.", "lang": "en"},
         {"text": "Die Sitzung war am 29. Februar 2023.", "lang": "de"},
         {"text": "El plazo vence el 31 de junio.", "lang": "es"},
         {"text": "Scadenza: 31/11/2025.", "lang": "it"}],
    good=[{"text": "Le 29 février 2024, la loi a été votée.", "lang": "fr"},
          {"text": "The report is due on April 30.", "lang": "en"},
          {"text": "O prazo termina em 31 de março.", "lang": "pt"},
          {"text": "Il 29 febbraio si vota.", "lang": "it"}],
)
def impossible_date(doc, options):
    for m in date_mentions(doc):
        year = m.year if m.year is not None else 2000  # 2000 is a leap year: 29 February stays possible
        if m.day >= 1 and not valid(year, m.month, m.day):
            written = doc.text[m.start:m.end]
            month = names(m.lang).month_names[m.month] if m.lang else str(m.month)
            why = (f"{m.year} is not a leap year" if m.month == 2 and m.day == 29 else
                   f"{month} has no day {m.day}")
            yield Hit(Span(m.start, m.end), f"impossible date “{written}”: {why}")


@rule(
    "NL403", "date-after-publication",
    "A date later than the article's publication date (check: announcement, or wrong year?)",
    explanation="""
**Why it is bad**: an event dated after the article was published is either an
announcement (legitimate) or a wrong year ("2025" for "2024"), a common slip in January
and in recycled articles.

**What newslint checks**: when the publication date is known (JSONL `date`/`published`,
HTML `article:published_time`/`datePublished`/`<time>`, Markdown front matter), dates
with a written year that look like a year slip: months after publication, on a day of the
year that had already passed when the article came out ("8 janvier 2025" in an article of
10 January 2024). Announcements (a near date, or a sentence with "will", "aura lieu",
"wird", "se celebrará"…) are left alone, and so are dates up to the page's last update
(`dateModified`, `article:modified_time`, JSONL `modified`/`updated`): a live page's
updates come after its first version. Update stamps ("Updated", "Mis à jour",
"Aktualisiert", "Actualizado", "Aggiornato", "Atualizado"...) are not events, and in an
HTML page only the article counts (teasers and related links are outside it). A warning:
the message says what to check.
""",
    severity="warning",
    bad=[{"text": '{"id": "1", "date": "2024-01-10", "text": "Le conseil a voté le 8 janvier 2025."}\n',
          "format": "jsonl", "lang": "fr"},
         {"text": "---\ndate: 2024-03-01\n---\nThe council voted on February 12, 2025.\n", "format": "md", "lang": "en"}],
    good=[{"text": '{"id": "1", "date": "2025-01-10", "text": "Le conseil a voté le 8 janvier 2025."}\n',
           "format": "jsonl", "lang": "fr"},
          {"text": "The council voted on March 12, 2025.", "lang": "en"},
          {"text": '{"id": "2", "date": "2025-02-20", "lang": "de", "text": "Die Arbeiten beginnen am Montag, 3. März 2025."}\n',
           "format": "jsonl"},
          {"text": '<html><head><meta property="article:published_time" content="2024-03-01">'
                   '<meta property="article:modified_time" content="2025-03-02"></head><body><p>Update: '
                   'the council voted on February 12, 2025.</p></body></html>', "format": "html", "lang": "en"},
          {"text": '{"id": "3", "date": "2024-01-10", "lang": "fr", "text": "Mis à jour le 8 janvier 2025. '
                   'Le conseil a voté."}\n', "format": "jsonl"},
          {"text": '{"id": "4", "date": "2024-01-10", "lang": "de", "text": "Der Rat stimmte zu.\\n'
                   'Aktualisiert am 8. Januar 2025"}\n', "format": "jsonl"}],
)
def date_after_publication(doc, options):
    pub = publication_date(doc)
    if pub is None:
        return
    updated = publication_date(doc, "modified") or pub  # a live page's updates come after its first version
    text = doc.text
    for m in date_mentions(doc):
        if m.year is None or not valid(m.year, m.month, m.day) or m.year <= pub.year - 1:
            continue
        when = dt.date(m.year, m.month, m.day)
        if when <= updated or _update_stamp(text, m.start):
            continue
        # A year slip, not an announcement: months after publication, while the same day
        # in the publication year had already passed when the article came out.
        if when <= pub or (when - pub).days <= 180 or not valid(pub.year, m.month, m.day) \
                or dt.date(pub.year, m.month, m.day) > pub:
            continue
        s, e = sentence_bounds(text, m.start, m.end, max(0, m.start - 400), min(len(text), m.end + 400))
        if _FUTURE.search(text, max(0, s - 80), e):  # this sentence or the end of the one before
            continue  # "will take place", "aura lieu", "wird", "se celebrará": an announcement
        yield Hit(Span(m.start, m.end),
                  f"“{doc.text[m.start:m.end]}” is {(when - pub).days} days after the publication date "
                  f"{pub.isoformat()}: if the event is past, the year is probably {pub.year}",
                  severity=Severity.WARNING)


CHECKS = (weekday_date_mismatch, impossible_date, date_after_publication)
