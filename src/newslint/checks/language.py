"""NL5xx: language mixing."""

from __future__ import annotations

import re

from ..language import WORD, clearly, detector, document_language, foreign_evidence, stopword_scores
from ..model import BlockKind, Hit, Span
from ..rules import rule
from ..text import in_ranges, quoted_ranges, sentence_ends
from .assistant import LANGUAGE_NAMES, template_heading

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

**What newslint checks**: the article's language (from metadata, else detected), then
each heading and each sentence of paragraphs and list items. A sentence dominated by the
article language's function words is settled at once; the others go to the language
identifier (fastText lid.176 by default; `language-detector = "langdetect"` to compare).
Flagged only when the identifier is confident (`threshold`, `heading-threshold`), the
text is long enough (`min-words`), and it is not quoted speech, mostly proper nouns, or a
bilingual caption. Consecutive foreign sentences are one finding.

**What to do**: translate the passage or delete it. A deliberate quotation belongs in
quotation marks, where it is not flagged.
""",
    severity="warning",
    options={"language-detector": "fasttext", "threshold": 0.9, "heading-threshold": 0.85, "min-words": 4,
             "heading-min-words": 2},
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
           "lang": "fr"}],
)
def mixed_language_block(doc, options):
    detect = detector(options["language-detector"])
    text = doc.text
    doc_lang: str | None = None
    decided = False
    for block in doc.blocks:
        if block.kind not in _CHECKED:
            continue
        lo, hi = block.span.start, block.span.end
        heading = block.kind is BlockKind.HEADING
        if heading and template_heading(text[lo:hi]):
            continue  # NL108 reports template headings, with a better message
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
                doc_lang, decided = document_language(doc, options["language-detector"]), True
            if not doc_lang:
                return
            if clearly(tokens, doc_lang):
                continue
            if heading:
                mine, other = foreign_evidence(tokens, doc_lang)
                if mine and not other:
                    continue  # a heading with the article's function words and no other language's
            if " / " in segment or " | " in segment:
                continue  # bilingual captions, credits
            cased = segment.split()
            capitalised = sum(t[0].isupper() for t in cased[1:])
            if not heading and capitalised > 0.5 * (len(cased) - 1):
                continue  # names, titles, brands
            if heading and len(cased) <= 6 and (_BYLINE.match(segment) or (len(cased) <= 3 and capitalised == len(cased) - 1)):
                continue  # "Por João Silva", "Emmanuel Macron": bylines and names, not language
            lang, prob = detect(segment.lstrip("#*_> ").lower() if heading else segment)
            foreign = bool(lang) and lang != doc_lang and _confident(options, heading, prob, WORD.findall(" ".join(tokens)), lang, doc_lang)
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


def _confident(options, heading: bool, prob: float, tokens: list[str], lang: str, doc_lang: str) -> bool:
    if prob >= options["heading-threshold" if heading else "threshold"]:
        return True
    if prob < 0.5:
        return False
    scores = stopword_scores(tokens)  # a weaker model score, backed by function words
    return scores.get(lang, 0.0) >= 1.0 and scores.get(doc_lang, 0.0) == 0.0


def _hit(text: str, run: list, doc_lang: str, heading: bool) -> Hit:
    s, e, lang = run
    what = "heading" if heading else "passage"
    excerpt = " ".join(text[s:e].split())
    if len(excerpt) > 80:
        excerpt = excerpt[:77] + "…"
    return Hit(Span(s, e), f"{what} in {_name(lang)} in this {_name(doc_lang)} article: “{excerpt}”")


CHECKS = (mixed_language_block,)
