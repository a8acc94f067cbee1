"""Applying fixes, as pure functions: a file's text and a way to lint it -> the fixed text.

One pass takes the applicable fixes whose edits clash with no fix taken before (a fix
is applied whole or not at all), maps their edits from the linted text (where CRLF
reads as LF) to the file's own text, keeping each line's ending, and applies them.
``fix_text`` repeats passes, linting again after each, until no applicable fix is
left (at most ``MAX_PASSES``), and refuses a pass that would leave more findings
without an applicable fix, for some rule, than there were findings of that rule
before it: a fix never creates a finding. Every decision depends only on the current
text, so fixing a fixed text changes nothing.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Collection, Iterable, Sequence

from .engine import FileResult, rewritable
from .model import Applicability, Fix, Span

MAX_PASSES = 10
MAX_SINGLE_TRIES = 32  # fixes tried one by one when a pass together would create a finding

_SURROGATE = re.compile("[\ud800-\udfff]")


def _clash(a: Span, b: Span) -> bool:
    """Edits that share a character, or start at the same offset (two insertions
    there, or an insertion and a replacement: their order would be a guess)."""
    return a.start == b.start or (a.start < b.end and b.start < a.end)


def choose(fixes: Iterable[Fix], allowed: Collection[Applicability]) -> list[Fix]:
    """The fixes of ``allowed`` applicability that can be applied together: earliest
    first, each kept only if none of its edits clashes with an edit already kept or
    another of its own; a fix whose replacement is no text (a lone surrogate) is never
    kept."""
    candidates = sorted((f for f in fixes if f.applicability in allowed and f.edits
                         and not any(_SURROGATE.search(e.replacement) for e in f.edits)),
                        key=lambda f: (min(e.span.start for e in f.edits), max(e.span.end for e in f.edits)))
    starts: list[int] = []  # the kept edits' spans, by start (distinct: equal starts clash)
    spans: list[Span] = []
    chosen = []
    for fix in candidates:
        mine = sorted((e.span for e in fix.edits), key=lambda s: (s.start, s.end))
        if any(_clash(a, b) for a, b in zip(mine, mine[1:])):
            continue
        ok = True
        for span in mine:
            i = bisect.bisect_right(starts, span.start)
            if i and _clash(spans[i - 1], span) or i < len(spans) and _clash(spans[i], span):
                ok = False
                break
        if ok:
            chosen.append(fix)
            for span in mine:
                i = bisect.bisect_right(starts, span.start)
                starts.insert(i, span.start)
                spans.insert(i, span)
    return chosen


def splice(text: str, edits: Sequence[tuple[int, int, str]]) -> str:
    """``text`` with each ``(start, end, replacement)`` applied; edits sorted, not clashing."""
    out, pos = [], 0
    for start, end, replacement in edits:
        out.append(text[pos:start])
        out.append(replacement)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _crlf_positions(source: str) -> list[int]:
    """Offsets, in ``source`` with CRLF read as LF, of each LF that was a CRLF."""
    out = []
    i = source.find("\r\n")
    while i != -1:
        out.append(i - len(out))
        i = source.find("\r\n", i + 2)
    return out


def _line_ending(source: str, offset: int) -> str:
    """The ending of the line holding ``offset`` (of the line before, on a last line
    without one)."""
    end = source.find("\n", offset)
    if end == -1:
        end = source.rfind("\n", 0, offset)
    return "\r\n" if end > 0 and source[end - 1] == "\r" else "\n"


def source_edits(source: str, fixes: Iterable[Fix]) -> list[tuple[int, int, str]]:
    """The edits of ``fixes``, made on ``source`` with CRLF read as LF, as edits of
    ``source`` itself: offsets moved past each CRLF, and a line break in a replacement
    written with the ending of the line it lands in."""
    crlf = _crlf_positions(source)
    out = []
    for fix in fixes:
        for e in fix.edits:
            start = e.span.start + bisect.bisect_left(crlf, e.span.start)
            end = e.span.end + bisect.bisect_left(crlf, e.span.end)
            replacement = e.replacement
            if crlf and "\n" in replacement and _line_ending(source, start) == "\r\n":
                replacement = replacement.replace("\n", "\r\n")
            out.append((start, end, replacement))
    out.sort(key=lambda e: (e[0], e[1]))
    return out


Kept = tuple[int, int, int]  # (offset in the current text, offset in the original, length)


def carry(kept: Sequence[Kept], edits: Sequence[tuple[int, int, str]]) -> list[Kept]:
    """The parts of the original still unchanged after ``edits`` (sorted, not
    clashing) are applied to the current text, and where they now are."""
    out: list[Kept] = []
    j, shift = 0, 0
    for cur, orig, n in kept:
        a, b = cur, cur + n
        while a < b:
            while j < len(edits) and edits[j][1] <= a:  # edits before ``a``: they only move it
                shift += len(edits[j][2]) - (edits[j][1] - edits[j][0])
                j += 1
            if j == len(edits) or edits[j][0] >= b:
                out.append((a + shift, orig + a - cur, b - a))
                break
            start, end, replacement = edits[j]
            if start > a:
                out.append((a + shift, orig + a - cur, start - a))
            if end > b:
                break  # the edit goes on over the next part
            shift += len(replacement) - (end - start)
            j += 1
            a = max(a, end)
    return out


def applicable(result: FileResult, source: str, allowed: Collection[Applicability]) -> list[Fix]:
    """The fixes of ``allowed`` applicability in the lint of ``source``, when the file is
    one document whose text is the file's (CRLF read as LF); otherwise none."""
    if len(result.documents) != 1 or result.file_findings:
        return []
    doc = result.documents[0]
    if not rewritable(doc.document) or doc.document.text != source.replace("\r\n", "\n"):
        return []
    return [f.fix for f in doc.findings if f.fix is not None and f.fix.applicability in allowed]


def _unfixed(result: FileResult, allowed: Collection[Applicability]) -> Counter[str]:
    return Counter(f.code for _, f in result.all_findings() if f.fix is None or f.fix.applicability not in allowed)


def _creates(before: FileResult, after: FileResult, allowed: Collection[Applicability]) -> bool:
    """Whether ``after`` has, for some rule, more findings that no applicable fix will
    remove than ``before`` had findings of that rule at all."""
    had = Counter(f.code for _, f in before.all_findings())
    return any(n > had[code] for code, n in _unfixed(after, allowed).items())


@dataclass(frozen=True)
class Fixed:
    text: str  # the fixed text (the original when nothing could be applied)
    fixes: int  # fixes applied, over every pass
    passes: int
    settled: bool  # False: fixes were still applicable after MAX_PASSES passes
    result: FileResult  # the lint of ``text``
    kept: tuple[Kept, ...]  # the parts of the original copied unchanged into ``text``


def fix_text(source: str, lint: Callable[[str], FileResult], allowed: Collection[Applicability],
             max_passes: int = MAX_PASSES) -> Fixed:
    """Apply the ``allowed`` fixes of ``lint(source)`` pass after pass, to a fixed point.

    ``source`` is the file's text as it is (BOM removed, line endings kept); ``lint``
    lints such a text exactly as a file. A pass that would create a finding is
    retried with its fixes one by one, keeping those that create none; if even that
    fails, fixing stops where it is."""
    result = lint(source)
    kept: list[Kept] = [(0, 0, len(source))] if source else []
    applied = 0
    for n in range(max_passes):
        fixes = applicable(result, source, allowed)
        step = _pass(source, fixes, result, lint, allowed) if fixes else None
        if step is None:
            return Fixed(source, applied, n, True, result, tuple(kept))
        source, edits, count, result = step
        kept = carry(kept, edits)
        applied += count
    settled = not applicable(result, source, allowed)
    return Fixed(source, applied, max_passes, settled, result, tuple(kept))


def _pass(source: str, fixes: list[Fix], before: FileResult, lint: Callable[[str], FileResult],
          allowed: Collection[Applicability]):
    """One pass: (new text, its edits, fixes applied, its lint), or None when no fix
    can be applied without creating a finding."""

    def attempt(candidates: Iterable[Fix]):
        chosen = choose(candidates, allowed)
        if not chosen:
            return None
        edits = source_edits(source, chosen)
        text = splice(source, edits)
        if text == source:
            return None
        after = lint(text)
        return None if _creates(before, after, allowed) else (text, edits, len(chosen), after)

    step = attempt(fixes)
    if step is not None:
        return step
    good = [f for f in choose(fixes, allowed)[:MAX_SINGLE_TRIES] if attempt([f]) is not None]
    if not good:
        return None
    return attempt(good) or attempt(good[:1])
