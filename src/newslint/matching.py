"""Linear-time multi-phrase and pattern matching for checks and YAML packs.

Phrases go through one Aho-Corasick automaton (pyahocorasick) over a
length-preserving case fold of the text, so offsets in the folded text are
offsets in the original; word boundaries are checked in Python with Unicode
``isalnum``. Patterns use RE2 (google-re2), which runs in linear time whatever
the pattern, so a user's pack cannot make a lint run hang.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Iterator

_FOLD_PAIRS = (("\u2019", "'"), ("\u2018", "'"), ("\u02bc", "'"), ("\u00b4", "'"), ("`", "'"),
               ("\u00a0", " "), ("\u202f", " "), ("\u2009", " "), ("\u2007", " "), ("\t", " "))


def fold(text: str) -> str:
    """Lower-case, unify apostrophes and spaces; never changes the length."""
    low = text.lower()
    if len(low) != len(text):  # rare: characters whose lower form is longer (İ)
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    for a, b in _FOLD_PAIRS:  # str.replace per pair is much faster than str.translate
        if a in low:
            low = low.replace(a, b)
    return low


def _norm_phrase(phrase: str) -> str:
    return " ".join(fold(phrase).split())


def is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    payload: Any


class PhraseMatcher:
    """Find every phrase (case-insensitive, whole words) in one pass.

    A phrase written ``stem*`` may go on with more letters (``raccourc*``: raccourcir,
    raccourcisse); ``*tail`` may be the end of a longer word (``*fassung``: Kurzfassung)."""

    def __init__(self, phrases: Iterable[tuple[str, Any]]) -> None:
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        entries: dict[str, list[tuple[bool, bool, bool, Any]]] = {}
        for phrase, payload in phrases:
            key = _norm_phrase(phrase)
            open_start, open_end = key.startswith("*"), key.endswith("*")
            key = key.strip("*").strip()
            if key:
                entries.setdefault(key, []).append((key[0].isalnum() and not open_start,
                                                    key[-1].isalnum() and not open_end, open_end, payload))
        for key, payloads in entries.items():
            self._automaton.add_word(key, (len(key), tuple(payloads)))
        self.size = len(entries)
        self._longest = max(map(len, entries), default=1)
        if entries:
            self._automaton.make_automaton()

    def finditer(self, text: str, folded: str | None = None) -> Iterator[Match]:
        if not self.size:
            return
        folded = fold(text) if folded is None else folded
        n = len(folded)
        for start, end, payloads in self._raw(folded):
            glued_before = start > 0 and is_word_char(folded[start - 1])
            glued_after = end < n and is_word_char(folded[end])
            for word_start, word_end, stem, payload in payloads:
                if (word_start and glued_before) or (word_end and glued_after):
                    continue
                if stem and glued_after:  # report the whole word
                    stop = end
                    while stop < n and stop - end < 40 and is_word_char(folded[stop]):
                        stop += 1
                    yield Match(start, stop, payload)
                    continue
                yield Match(start, end, payload)

    def _raw(self, folded: str) -> Iterator[tuple[int, int, tuple]]:
        """Every key occurrence as (start, end, payloads), by end within a window (see
        ``windows``: each reaches one key's length into the next, an occurrence is reported
        by the window it starts in)."""
        n = len(folded)
        reach = self._longest - 1
        for lo, hi in windows(n):
            piece = folded if hi - lo == n else folded[lo:min(n, hi + reach)]
            for end_index, (length, payloads) in self._automaton.iter(piece):
                start = lo + end_index - length + 1
                if start < hi:
                    yield start, lo + end_index + 1, payloads


def windows(n: int) -> Iterator[tuple[int, int]]:
    """The [lo, hi) windows a text of ``n`` characters is scanned in (one when it is short,
    always at least one); a scan reads a little past ``hi`` and keeps what starts before it.
    pyahocorasick copies the text it is given as 4-byte characters: 20 MB for 5 MB at once."""
    for lo in range(0, max(n, 1), _WINDOW):
        yield lo, min(n, lo + _WINDOW)


_WINDOW = 1 << 16  # characters per window of a long text (a 256 KB copy at most)


class PatternError(ValueError):
    pass


class PatternMatcher:
    """A list of RE2 patterns searched together, linear in the text size.

    Patterns are parsed (validated) at once, but the combined regex is compiled on
    first use: most pack rules never need it, because the pack's RE2 set finds nothing
    for them in most documents."""

    def __init__(self, patterns: Iterable[str], ignore_case: bool = True) -> None:
        import re2

        self.patterns = tuple(patterns)
        self.ignore_case = ignore_case
        self._regex = None
        if self.patterns:
            checker = re2.Set.SearchSet(self._options())
            for p in self.patterns:  # one by one, for a precise message
                try:
                    checker.Add(p)
                except re2.error:
                    try:
                        re2.compile(p, self._options())
                    except re2.error as err:
                        reason = err.args[0].decode() if err.args and isinstance(err.args[0], bytes) else str(err)
                        raise PatternError(f"{p!r}: {reason}") from None
                    raise PatternError(f"{p!r}: not a valid RE2 pattern") from None

    def __getstate__(self) -> dict:  # a compiled RE2 regex cannot be pickled: compiled again on use
        return {**self.__dict__, "_regex": None}

    def _options(self):
        import re2

        options = re2.Options()
        options.log_errors = False  # errors become PatternError, not C++ log lines
        options.case_sensitive = not self.ignore_case
        options.max_mem = 64 << 20  # room for the DFA of long alternations (else RE2 falls back to slower NFA)
        return options

    def finditer(self, text: str) -> Iterator[Match]:
        if not self.patterns:
            return
        if self._regex is None:
            import re2

            # (?m): ^ and $ match at every line, as users of line-oriented text expect
            self._regex = re2.compile("|".join(f"(?m:{p})" for p in self.patterns), self._options())
        for m in self._regex.finditer(text):
            start, end = m.start(), m.end()
            # patterns often anchor on a preceding line break or sentence end: trim it off
            while start < end and (text[start].isspace() or text[start] in ".!?…,;:"):
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start and text[end - 1].isalnum():  # a pattern ending on a stem: finish the word
                limit = min(len(text), end + 40)
                while end < limit and text[end].isalnum():
                    end += 1
            if end > start:
                yield Match(start, end, None)
