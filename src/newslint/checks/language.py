"""NL5xx: language mixing."""

from __future__ import annotations

import re

from ..langid import (WORD, clearly, detector, document_language_confidence, foreign_evidence, related,
                        stopword_scores, verified_language)
from ..model import BlockKind, Hit, Span
from ..rules import rule
from ..text import in_ranges, quoted_ranges, sentence_ends
from .assistant import LANGUAGE_NAMES

_CHECKED = (BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
_BYLINE = re.compile(r"\s*(?:by|par|von|por|di|de|da|door|av|af)\s+\w", re.I)
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")


def _sentences(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Sentence ranges of a block, in one regex pass."""
    pieces = []
    start = lo
    for m in sentence_ends(text, lo, hi):
        if m.end() > start:
            pieces.append((start, m.end()))
        start = m.end()
    if hi > start:
        pieces.append((start, hi))
    return pieces


def _name(lang: str) -> str:
    return LANGUAGE_NAMES.get(lang, lang)


@rule(
    "NL501", "mixed-language-block",
    "A heading or sentence in another language than the article",
    explanation="""
**Why it is bad**: an English heading or paragraph in a French article is almost always
a paste from a generator or a translation tool, or a piece of another page caught by the
scraper. Readers notice; search engines and language-specific pipelines misclassify it.

**What newslint checks**: the article's language (from metadata such as `lang`,
`<html lang>` or `og:locale`, any tag form: `pt_BR`, `pt-br`; else the 176-language
identifier over prose taken across the whole text), then each heading and each sentence
of paragraphs and list items. Any language is accepted; an article whose language the
identifier is not sure of (`document-threshold`) is left alone. A sentence dominated by
the article language's function words is settled at once; the others go to the
identifier (fastText lid.176 by default; `language-detector = "langdetect"` to compare).
Flagged only when the identifier is confident (`threshold`, `heading-threshold`), the
text has enough running words (`min-words`, `heading-min-words`), the two languages are
not close relatives (Norwegian, Danish and Swedish; Czech and Slovak; Croatian, Serbian,
Bosnian and Slovene; Indonesian and Malay; Galician and Portuguese; Catalan and Spanish…),
and it is not quoted speech, mostly proper nouns, a bilingual caption, a citation in a
reference list, or a line of code or of a log. Consecutive foreign sentences are one
finding.

**What to do**: translate the passage or delete it. A deliberate quotation belongs in
quotation marks, where it is not flagged.
""",
    severity="warning",
    defers_to=("NL108",),  # a template heading: NL108's message is better, when NL108 is enabled
    options={"language-detector": "fasttext", "threshold": 0.9, "heading-threshold": 0.9, "min-words": 6,
             "heading-min-words": 4, "document-threshold": 0.8},
    bad=[{"text": "La ville vote son budget\n\nLe conseil municipal a voté le budget lundi soir après un long débat. "
                  "The council also approved a new cycling plan for the city centre. Les travaux commenceront en mai.",
          "lang": "fr"},
         {"text": "# Neue Brücke\n\nDie Stadt baut eine neue Brücke über den Fluss.\n\n## Project timeline and costs\n\n"
                  "Die Arbeiten sollen zwei Jahre dauern.", "format": "md", "lang": "de"},
         {"text": "Il nuovo ponte\n\nIl comune costruirà un nuovo ponte sul fiume entro due anni.\n\n"
                  "Le chantier a été confié à une entreprise française spécialisée dans les ouvrages d'art.",
          "lang": "it"}],
    good=[{"text": "Le Black Friday arrive\n\nLe Black Friday commence vendredi dans les magasins de la ville. "
                   "Le New York Times parle d'un record.", "lang": "fr"},
          {"text": "Le discours\n\nLe président a conclu en anglais : « We will never give up on this city. »",
           "lang": "fr"},
          {"text": "Emmanuel Macron à Marseille\n\nLe président Emmanuel Macron est arrivé à Marseille mardi.",
           "lang": "fr"},
          {"text": "Der Test\n\nWir haben das neue iPhone 16 Pro Max drei Wochen lang getestet. Fazit: gut.",
           "lang": "de"},
          {"text": "Photo : AFP / Christophe Simon\n\nLa manifestation a réuni des milliers de personnes.",
           "lang": "fr"},
          {"text": "# Migración\n\nLas llegadas por el Mediterráneo crecieron este año según los datos oficiales.\n\n"
                   "## La ruta argelina, un récord sin focos\n\nLas pateras salen de la costa de Orán.",
           "format": "md", "lang": "es"}],
)
def mixed_language_block(doc, options):
    detect = detector(options["language-detector"])
    text = doc.text
    doc_lang: str | None = None
    decided = verified = False
    for block in doc.blocks:
        if block.kind not in _CHECKED:
            continue
        lo, hi = block.span.start, block.span.end
        heading = block.kind is BlockKind.HEADING
        if not heading and decided and doc_lang and hi - lo <= 20_000:
            # Fast path: a block with its language's function words and none that only
            # other languages use has no foreign sentence the evidence could reveal.
            mine, other = foreign_evidence(text[lo:hi].lower().split(), doc_lang)
            if other == 0 and mine >= 2:
                continue
        quotes = None
        run: list[int] | None = None  # [start, end, lang] of consecutive foreign sentences
        pieces = [(lo, hi)] if heading else _sentences(text, lo, hi)
        for s, e in pieces:
            segment = _URL.sub(" ", text[s:e]) if "://" in text[s:e] or "www." in text[s:e] else text[s:e]
            tokens = segment.lower().split()  # str.split is C-fast; punctuation-glued words just don't count
            if len(tokens) < options["heading-min-words" if heading else "min-words"]:
                continue
            if not decided:
                doc_lang, confidence = document_language_confidence(doc, options["language-detector"])
                decided = True
                if confidence < options["document-threshold"]:
                    doc_lang = None  # an article whose own language is unsure cannot have a foreign passage
            if not doc_lang:
                return
            if clearly(tokens, doc_lang):
                continue
            mine, other = foreign_evidence(tokens, doc_lang)
            if heading and mine and not other:
                continue  # a heading with the article's function words and no other language's
            if not other and len(tokens) < (7 if heading else 10):
                continue  # a short line with no word only another language uses: too little to go on
            if " / " in segment or " | " in segment or not running_text(segment):
                continue  # bilingual captions, credits, citations, code and log lines
            cased = segment.split()
            capitalised = sum(t[0].isupper() for t in cased[1:])
            if not heading and capitalised > 0.5 * (len(cased) - 1):
                continue  # names, titles, brands
            if heading and len(cased) <= 6 and (_BYLINE.match(segment) or (len(cased) <= 3 and capitalised == len(cased) - 1)):
                continue  # "Por João Silva", "Emmanuel Macron": bylines and names, not language
            if heading and capitalised > 0.6 * (len(cased) - 1):
                continue  # Title Case Headings: the identifier reads capitals, not language
            if heading:
                # names ("Uma Thurman: Harvey Weinstein assaulted me" read as Portuguese) are
                # runs of capitalised words: the language is read on the other words
                plain = _without_names(segment.lstrip("#*_> ").split())
                if len(plain) < 3:
                    continue
                lang, prob = detect(" ".join(plain).lower())
            else:
                plain = _without_names(segment.split())
                if len(plain) < options["min-words"]:
                    continue
                lang, prob = detect(" ".join(plain))
            foreign = bool(lang) and not related(lang, doc_lang) and _confident(options, heading, prob, WORD.findall(" ".join(tokens)), lang, doc_lang)
            if foreign and not verified and doc.language:
                # Metadata can be wrong (a German page served as <html lang="en">): checked
                # once, before the first finding.
                verified = True
                doc_lang = verified_language(doc, options["language-detector"]) or doc_lang
                foreign = not related(lang, doc_lang)
            if foreign:  # quoted speech is legitimate: checked last, it costs a scan of the block
                if quotes is None:
                    quotes = quoted_ranges(text, lo, hi)
                foreign = not (in_ranges(s, quotes) or in_ranges(e - 1, quotes))
            if foreign and run is not None and run[2] == lang:
                run[1] = e
                continue
            if run is not None:
                yield _hit(text, run, doc_lang, heading)
            run = [s, e, lang] if foreign else None
        if run is not None:
            yield _hit(text, run, doc_lang, heading)


_CITATION = re.compile(r"\(\d{4}[a-z]?\)|\bet al\b|\bdoi\b|\bisbn\b|\bpp?\.\s?\d|\bvol\.\s?\d|\bhttps?:|"
                       r"\b(?:19|20)\d\d[a-z]?[.,;:]?\s*$|\bed(?:s|ited by)?\.|\bretrieved\b", re.I)
_CODE = re.compile(r"[{}<>=;\\|`$]|::|\b\w+\(\)|\b\w+_\w+\b|^\s*(?:error|warning|note|info|debug|fatal|traceback)\b"
                   r"|^\s*(?:\$|>>>|#include|import |def |from |class )", re.I)


def _without_names(words: list[str]) -> list[str]:
    """``words`` without their runs of two or more capitalised words."""
    kept: list[str] = []
    run: list[str] = []
    for w in words + [""]:
        if w[:1].isupper():
            run.append(w)
            continue
        if len(run) == 1:
            kept.append(run[0])
        run = []
        if w:
            kept.append(w)
    return kept


def running_text(segment: str) -> bool:
    """Prose, as opposed to a citation in a reference list, a line of code or of a log,
    or a string of figures: only prose has a language worth comparing."""
    if _CITATION.search(segment) or len(_CODE.findall(segment)) >= 2:
        return False
    letters = sum(c.isalpha() for c in segment)
    visible = sum(not c.isspace() for c in segment)
    return visible > 0 and letters >= 0.75 * visible


def _confident(options, heading: bool, prob: float, tokens: list[str], lang: str, doc_lang: str) -> bool:
    if prob >= options["heading-threshold" if heading else "threshold"]:
        return True
    if prob < 0.5:
        return False
    scores = stopword_scores(tokens)  # a weaker model score, backed by function words…
    mine, other = foreign_evidence(tokens, doc_lang)  # …that the article's language does not use too
    return scores.get(lang, 0.0) >= 1.0 and mine == 0 and other >= 1


def _hit(text: str, run: list, doc_lang: str, heading: bool) -> Hit:
    s, e, lang = run
    what = "heading" if heading else "passage"
    excerpt = " ".join(text[s:e].split())
    if len(excerpt) > 80:
        excerpt = excerpt[:77] + "…"
    return Hit(Span(s, e), f"{what} in {_name(lang)} in this {_name(doc_lang)} article: “{excerpt}”")


CHECKS = (mixed_language_block,)
