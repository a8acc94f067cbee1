"""Speech acts of an AI assistant, recognised by their structure, not their wording.

A leftover such as "Would you like me to shorten it?" is an *act* (an offer) by a
*speaker* (the assistant: first person) to a *listener* (the requester: second
person) about an *artifact* (the text). Each language has a cue lexicon
(``checks/<pack>/cues/<lang>.yaml``) that sorts its words into categories (``me``,
``you``, ``wish``, ``edit``, ``artifact``...), and each rule declares *shapes* over
those categories::

    shapes:
      - wish + me + edit|artifact      # "Would you like | me to | shorten it?"
      - ^handoff + version + edited|you|:

A shape is met when every group has a cue in the same sentence and the same
language (``a|b``: any of them; ``^a``: a cue of ``a`` must open the sentence; ``-a``: no such
cue in the sentence; ``?`` and ``:``: the sentence ends with that mark; ``short``: it
has at most eight words). The finding
names the cues that fired, so a reviewer sees why.

Lexicon phrases are written with plain spaces and in lower case; text and phrases
are compared without accents (``complét*`` matches complète, and text typed without
accents matches), and the loader adds the variants a linguist should not have to
write: elided forms (French/Italian ``que je`` also matches ``que j'``, ``le`` ``l'``), and
``*`` marks a stem (``raccourc*`` matches raccourcir, raccourcisse...; ``*fassung``
matches Kurzfassung). Matching is one Aho-Corasick pass over the whole document
for every language and category, then a look at the sentences that hold cues:
linear in the text.
"""

from __future__ import annotations

import bisect
import unicodedata
from array import array
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Mapping

from .matching import fold, windows
from .text import is_symbol, sentence_ends

# Words that lose their final vowel before a vowel: "que je" -> "que j'", "lo accorcio" -> "l'accorcio".
ELIDABLE = {
    "fr": {"je": "j'", "me": "m'", "te": "t'", "se": "s'", "le": "l'", "la": "l'", "que": "qu'", "de": "d'",
           "ne": "n'", "lorsque": "lorsqu'", "puisque": "puisqu'", "si": "s'"},
    "it": {"lo": "l'", "la": "l'", "mi": "m'", "ti": "t'", "ci": "c'", "si": "s'", "di": "d'", "ne": "n'",
           "una": "un'", "che": "ch'", "dove": "dov'", "come": "com'", "quello": "quell'", "questo": "quest'"},
}
PSEUDO = {"?": "the sentence is a question", ":": "the sentence ends with a colon",
          "short": "a sentence of at most eight words"}
_OPEN_MARKS = set(" \t\u00a0\u202f*_#>-•–—·▪([«“„\"'¿¡0123456789.)")


class ShapeError(ValueError):
    pass


@dataclass(frozen=True)
class Group:
    categories: frozenset[str]
    opening: frozenset[str] = frozenset()  # ^category: its cue must open the sentence
    absent: bool = False  # -: no cue of these categories in the sentence


@dataclass(frozen=True)
class Shape:
    text: str
    groups: tuple[Group, ...]


def parse_shape(text: str) -> Shape:
    """``"^handoff + version + edited|you|:"`` -> a Shape."""
    groups = []
    for part in text.split("+"):
        part = part.strip()
        absent = part.startswith("-")
        raw = [n.strip() for n in part.lstrip("-").split("|")]
        names = frozenset(n.lstrip("^").strip() for n in raw)
        if not part or "" in names:
            raise ShapeError(f"shape {text!r}: empty group (write categories joined by + and |)")
        groups.append(Group(names, frozenset(n.lstrip("^").strip() for n in raw if n.startswith("^")), absent))
    if all(g.absent for g in groups):
        raise ShapeError(f"shape {text!r}: needs at least one category that must be present")
    return Shape(text, tuple(groups))


def _accent_table() -> dict[int, str]:
    table = {}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        parts = unicodedata.normalize("NFD", chr(code))
        if "\u0308" in parts:
            continue  # ä, ö, ü are letters of their own in German, Swedish, Dutch: "änder*" is not "anders"
        if len(parts) > 1 and all(unicodedata.combining(c) for c in parts[1:]):
            table[code] = parts[0]
    return table


_ACCENTS = _accent_table()
_ACCENT_CHARS = frozenset(map(chr, _ACCENTS))


def strip_accents(text: str) -> str:
    """Latin letters without their accents, one character for one: offsets do not move."""
    if text.isascii():
        return text
    for char in set(text).intersection(_ACCENT_CHARS):  # a few str.replace: much faster than str.translate
        text = text.replace(char, _ACCENTS[ord(char)])
    return text


def phrase_variants(phrase: str, lang: str) -> set[str]:
    """Every surface form a lexicon phrase stands for (see module docstring)."""
    words = phrase.lower().replace("’", "'").split()
    forms = {" ".join(words)}
    elidable = ELIDABLE.get(lang, {})
    for i, word in enumerate(words):
        short = elidable.get(word)
        if short is None:
            continue
        if i == len(words) - 1:  # "que je" also stands for "que j'" (then glued to the next word)
            forms.add(" ".join(words[:-1] + [short]))
        else:
            forms.add(" ".join(words[:i] + [short + words[i + 1]] + words[i + 2:]))
    return forms | {strip_accents(f) for f in forms}  # as written, and without accents


# Punctuation, hyphens and apostrophes are word boundaries for cues: "j'ajoute" holds
# the cue "j'" (written "j " once spaced) and "l'attaque" the cue "attaque".
_BOUNDARY = bytes(b if chr(b).isalnum() or b == 0x5F or b >= 0x80 else 0x20 for b in range(256))
_WIDE_BOUNDARIES = ("«", "»", "“", "”", "„", "…", "–", "—", "¿", "¡", "\u00a0", "\u202f")


def word_spaced(text: str) -> str:
    """``text`` with punctuation and hyphens turned into spaces, same length: cues then
    only need a space on each side to be whole words ("souhaitez-vous" holds "vous")."""
    spaced = text.encode("utf-8").translate(_BOUNDARY).decode("utf-8")  # bytes: one C pass
    for char in _WIDE_BOUNDARIES:
        if char in spaced:
            spaced = spaced.replace(char, " ")
    return spaced


class WordMatcher:
    """Aho-Corasick over word-spaced text with the word boundaries in the keys (" je "),
    so that the automaton only reports whole words: a cue "i" costs nothing inside
    "opinion". ``stem*`` keys have no closing space; ``*tail`` keys no opening one."""

    def __init__(self, phrases: Iterable[tuple[str, Any]]) -> None:
        import ahocorasick

        entries: dict[str, list[tuple[bool, bool, Any]]] = {}
        for phrase, payload in phrases:
            open_start, open_end = phrase.startswith("*"), phrase.endswith("*")
            spaced = word_spaced(fold(phrase.strip("*")))
            words = spaced.split()
            if not words:
                continue
            # a phrase with punctuation ("cualquier cosa, me dices") is also looked for as the
            # text shows it once spaced: a space for the comma, then the space after it
            for key in dict.fromkeys((" ".join(words), spaced.strip())):
                padded = ("" if open_start else " ") + key + ("" if open_end else " ")
                entries.setdefault(padded, []).append((not open_start, open_end, payload))
        self._automaton = ahocorasick.Automaton()
        for key, payloads in entries.items():
            self._automaton.add_word(key, (len(key), tuple(payloads)))
        self.size = len(entries)
        self._longest = max(map(len, entries), default=1)
        if entries:
            self._automaton.make_automaton()

    def finditer(self, folded: str) -> Iterator[tuple[int, int, Any]]:
        """(start, end, payload) of every cue in ``folded`` (lower-cased, same length as the
        text), in ``matching.windows`` (each read a key and a word past its end, an
        occurrence reported by the window its word starts in)."""
        if not self.size:
            return
        n = len(folded)
        reach = self._longest + 41
        for lo, hi in windows(n):
            first, stop = max(0, lo - 1), min(n, hi + reach)
            # spaced[j] is the text's character j + shift; a space stands before and after the text
            spaced = (" " if lo == 0 else "") + word_spaced(folded[first:stop]) + (" " if stop == n else "")
            shift = first - (1 if lo == 0 else 0)
            limit = len(spaced) - (1 if stop == n else 0)
            for end_index, (length, payloads) in self._automaton.iter(spaced):
                start = end_index - length + 1
                end = end_index + 1
                for padded_start, stem, payload in payloads:
                    s = start + 1 if padded_start else start
                    if not lo <= s + shift < hi:
                        continue  # another window's
                    e = end
                    if spaced[e - 1] == " ":
                        e -= 1
                    elif stem:  # report the whole word
                        found = spaced.find(" ", e, min(limit, e + 40))
                        e = found if found != -1 else e
                    yield s + shift, e + shift, payload


@dataclass(frozen=True, slots=True)
class Cue:
    start: int
    end: int
    lang: str
    category: str


class _Keyed:
    """A shape that hashes by identity (shapes nest frozensets: slow to hash)."""

    __slots__ = ("shape",)

    def __init__(self, shape: Shape) -> None:
        self.shape = shape

    def __lt__(self, other: "_Keyed") -> bool:  # never needed: orders are unique
        return False


@dataclass(frozen=True)
class Act:
    """A sentence that met one of a rule's shapes."""

    start: int  # the sentence
    end: int
    first_cue: int  # where the cue of the shape's first group starts: quotes and speech are judged there
    lang: str
    shape: Shape
    cues: tuple[Cue, ...]  # one cue per present group, in text order


class SpeechIndex:
    """The cue lexicons of a pack and the shapes of its speech-act rules."""

    def __init__(self, lexicons: Mapping[str, Mapping[str, Iterable[str]]],
                 shapes: Mapping[str, Iterable[Shape]]) -> None:
        self.languages = tuple(sorted(lexicons))
        self.shapes = {code: tuple(s) for code, s in shapes.items()}
        known = {cat for cats in lexicons.values() for cat in cats} | set(PSEUDO)
        for code, rule_shapes in self.shapes.items():
            for shape in rule_shapes:
                if shape.groups[0].absent or set(PSEUDO) & shape.groups[0].categories:
                    raise ShapeError(f"{code}: shape {shape.text!r} must start with categories of cues "
                                     f"(the sentence is looked at where they occur)")
                for group in shape.groups:
                    unknown = group.categories - known
                    if unknown:
                        raise ShapeError(f"{code}: shape {shape.text!r} uses {', '.join(sorted(unknown))}, "
                                         f"a category no cue file defines")
        # a sentence is looked at for the shapes whose first group (the head) has a cue in it
        self._by_head: dict[str, list[tuple[int, str, _Keyed]]] = {}
        order = 0
        for code, rule_shapes in self.shapes.items():
            for shape in rule_shapes:
                for category in shape.groups[0].categories:
                    self._by_head.setdefault(category, []).append((order, code, _Keyed(shape)))
                order += 1
        entries = [(form, (lang, category)) for lang, categories in lexicons.items()
                   for category, phrases in categories.items() for phrase in phrases
                   for form in phrase_variants(phrase, lang)]
        self.matcher = WordMatcher(entries)
        self.heads = WordMatcher(e for e in entries if e[1][1] in self._by_head)

    def acts(self, text: str, folded: str, blocks: Iterable[tuple[int, int]],
             speaks: Callable[[str, int, int], bool] | None = None) -> dict[str, list[Act]]:
        """Every rule's acts in ``text``, sentence by sentence within ``blocks`` ([lo, hi) spans;
        a list in any order, or an iterator in text order).
        ``speaks(lang, lo, hi)``, when given, says whether the sentence text[lo:hi] may be in
        ``lang``: an act in a language it refuses is not one (another language's shape may be)."""
        found: dict[str, list[Act]] = {}
        if not self.shapes:
            return found
        # Two passes: the heads of shapes over the whole text (they are rare), then every
        # cue of the few sentences that hold one. "complète" is a form of "complét*" and
        # text without accents matches too: both sides are compared without accents.
        # heads as written or without accents, on the text as it is (stripping the whole text
        # costs more than the rest); the sentences that hold one are then read without accents
        heads = sorted(start for start, _, _ in self.heads.finditer(folded))
        if not heads:
            return found
        starts, block_ends = array("q"), array("q")  # 16 bytes a block: a file may hold 500,000
        for lo, hi in sorted(blocks) if isinstance(blocks, list) else blocks:  # (a generator comes in order)
            starts.append(lo)
            block_ends.append(hi)
        i = 0
        while i < len(heads):
            b = bisect.bisect_right(starts, heads[i]) - 1
            if b < 0 or heads[i] >= block_ends[b]:
                i += 1
                continue
            lo, hi = starts[b], block_ends[b]
            ends = [m.end() for m in sentence_ends(text, lo, hi)]
            while i < len(heads) and heads[i] < hi:
                n = bisect.bisect_right(ends, heads[i])
                s_start = ends[n - 1] if n else lo
                s_end = ends[n] if n < len(ends) else hi
                while i < len(heads) and heads[i] < s_end:
                    i += 1
                cues = [Cue(start + s_start, end + s_start, *payload)
                        for start, end, payload in self.matcher.finditer(strip_accents(folded[s_start:s_end]))
                        if payload[1].endswith("-name") or not _is_name(text, s_start, start + s_start, payload[0])]
                self._sentence(text, s_start, s_end, cues, found, speaks)
        return found

    def _sentence(self, text: str, lo: int, hi: int, cues: list[Cue], found: dict[str, list[Act]],
                  speaks: Callable[[str, int, int], bool] | None = None) -> None:
        while lo < hi and text[lo].isspace():
            lo += 1
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        if hi - lo > 600 and len(text[lo:hi].split()) > 80:
            return  # a run-on "sentence" (lyrics, a list without stops): cues too far apart to be one act
        by_lang: dict[str, dict[str, list[Cue]]] = {}
        for cue in cues:
            by_lang.setdefault(cue.lang, {}).setdefault(cue.category, []).append(cue)
        tail = text[lo:hi].rstrip(" \t*_»”\"')]")
        marks = {"?": tail.endswith("?") or text[lo:hi].lstrip(" \t*_«“\"'(").startswith("¿"), ":": tail.endswith(":"),
                 "short": len(text[lo:hi].split()) <= 8}
        done: set[str] = set()
        for lang, present in by_lang.items():
            # only the shapes whose first group has a cue here, each tested cheaply first
            candidates: dict[str, list[Shape]] = {}
            for _, code, shape in sorted({key for cat in present for key in self._by_head.get(cat, ())}):
                if code not in done and _may_fit(shape.shape, present, marks):
                    candidates.setdefault(code, []).append(shape.shape)
            acts = [(code, act) for code, shapes in candidates.items()
                    if (act := _first_fit(text, lo, hi, tuple(shapes), lang, present, marks)) is not None]
            # whether the sentence may be in this language is asked last, of the rare
            # sentences with an act (it may cost a language identification), and of the
            # act's own words: from the sentence start to the clause that holds its last cue
            # ("Certo, ecco il testo rivisto: Der Minister sagte…" runs on in the article's language)
            if acts and (speaks is None or speaks(lang, lo, _clause_end(text, acts, hi))):
                for code, act in acts:
                    found.setdefault(code, []).append(act)
                    done.add(code)


def _clause_end(text: str, acts: list, hi: int) -> int:
    """The end of the clause holding the acts' last cue: the next colon, semicolon, dash
    or sentence mark, else the sentence end."""
    last = max((c.end for _, act in acts for c in act.cues), default=hi)
    stops = [i for i in (text.find(m, last, hi) for m in (":", ";", " – ", " — ", ".", "!", "?")) if i != -1]
    return min(stops, default=hi)


_CAPITALISED_NOUNS = frozenset(("de", "lb"))  # languages that write every noun with a capital


def _is_name(text: str, lo: int, pos: int, lang: str) -> bool:
    """A cue on a capitalised word inside a sentence is a name ("Ocasio-Cortez" is not
    Spanish "cort*", to cut), except in languages that capitalise nouns (the cues of a
    category named ``...-name``, such as ``assistant-name``, are names: never dropped)."""
    return (text[pos:pos + 1].isupper() and text[pos + 1:pos + 2].islower() and lang not in _CAPITALISED_NOUNS
            and not _opens(text, lo, pos) and text[max(lo, pos - 2):pos].strip() not in (":", "\"", "“", "«", "¿", "¡"))


def _opens(text: str, lo: int, pos: int) -> bool:
    """Only marks, spaces and symbols (an emoji or a check mark before "Would you like…")
    stand between the sentence start and ``pos``."""
    return pos - lo < 12 and all(c in _OPEN_MARKS or is_symbol(c) for c in text[lo:pos])


def _may_fit(shape: Shape, present: Mapping[str, list[Cue]], marks: Mapping[str, bool]) -> bool:
    """Every group has some cue (or end mark) at all: a cheap test before the search."""
    return all(group.absent or any(c in present or marks.get(c) for c in group.categories) for group in shape.groups)


def _first_fit(text: str, lo: int, hi: int, shapes: tuple[Shape, ...], lang: str,
               present: Mapping[str, list[Cue]], marks: Mapping[str, bool]) -> Act | None:
    for shape in shapes:
        if any(g.absent and any(present.get(c) or marks.get(c) for c in g.categories) for g in shape.groups):
            continue
        options: list[list[Cue | None]] = []
        for group in shape.groups:
            if group.absent:
                continue
            candidates = sorted((cue for c in group.categories if c not in PSEUDO for cue in present.get(c, ())
                                 if cue.category not in group.opening or _opens(text, lo, cue.start)),
                                key=lambda c: (c.start, -c.end, c.category))  # deterministic: longest first
            if any(marks.get(c) for c in group.categories):
                candidates.append(None)  # met by the sentence's end mark
            if not candidates:
                break
            options.append(candidates[:_MAX_CANDIDATES])
        else:
            chosen = _disjoint(options, [])
            if chosen is not None:
                cues = [c for c in chosen if c is not None]
                anchor = cues[0].start if cues and chosen[0] is not None else (cues[0].start if cues else lo)
                return Act(lo, hi, anchor, lang, shape, tuple(sorted(cues, key=lambda c: c.start)))
    return None


_MAX_CANDIDATES = 4  # per group: keeps the search for distinct words bounded (at most 4^groups tries)


def _disjoint(options: list[list[Cue | None]], chosen: list[Cue | None]) -> list[Cue | None] | None:
    """One cue per group, no two overlapping: "should I" is not also the "I" of another
    group, "Zusammenfassung" not both an editing verb and an artifact."""
    if len(chosen) == len(options):
        return chosen
    for cue in options[len(chosen)]:
        if cue is None or all(o is None or cue.end <= o.start or cue.start >= o.end for o in chosen):
            found = _disjoint(options, chosen + [cue])
            if found is not None:
                return found
    return None


def describe(act: Act, text: str) -> str:
    """``wish “would you like” + me “me” + edit “shorten”`` for a finding's message."""
    parts = [f"{c.category} “{text[c.start:c.end]}”" for c in act.cues]
    parts += [PSEUDO[m] for g in act.shape.groups if not g.absent for m in sorted(g.categories & set(PSEUDO))
              if not any(c.category in g.categories for c in act.cues)]
    return " + ".join(parts)


def load_lexicon(data: Any, where: str) -> tuple[str, dict[str, list[str]], dict[str, dict[str, list[Any]]]]:
    """A cue file: ``language``, ``cues: {category: [phrases]}``, ``examples: {CODE: {bad, good}}``."""
    if not isinstance(data, Mapping):
        raise ShapeError(f"{where}: a cue file is a mapping with 'language' and 'cues'")
    unknown = set(data) - {"language", "name", "cues", "examples"}
    if unknown:
        raise ShapeError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))} "
                         f"(allowed: cues, examples, language, name)")
    lang = data.get("language")
    if not isinstance(lang, str) or not lang:
        raise ShapeError(f"{where}: 'language' must be a language code such as nl")
    cues = data.get("cues")
    if not isinstance(cues, Mapping) or not cues:
        raise ShapeError(f"{where}: 'cues' must map categories to lists of phrases")
    lexicon: dict[str, list[str]] = {}
    for category, phrases in cues.items():
        if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) and p.strip(" *") for p in phrases):
            raise ShapeError(f"{where}: cues.{category} must be a list of non-empty phrases")
        inner = next((p for p in phrases if "*" in p.strip().strip("*")), None)
        if inner is not None:
            raise ShapeError(f"{where}: cues.{category}: {inner!r}: '*' goes at the start or the end of a phrase")
        lexicon[str(category)] = phrases
    examples = data.get("examples") or {}
    if not isinstance(examples, Mapping):
        raise ShapeError(f"{where}: 'examples' maps rule codes to {{bad: [...], good: [...]}}")
    return lang, lexicon, {str(k): v for k, v in examples.items()}

