"""Core value types: spans, fixes, findings, blocks and documents.

Everything here is immutable and cheap to pickle, so documents and findings can
cross process boundaries unchanged. Positions are character offsets into
``Document.text`` until a reporter turns them into lines and columns.
"""

from __future__ import annotations

import bisect
import enum
from array import array
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {value!r} (expected one of: info, warning, error)"
            ) from None

    def __str__(self) -> str:
        return self.name.lower()


class Applicability(str, enum.Enum):
    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open range ``[start, end)`` of character offsets."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, offset: int) -> bool:
        return self.start <= offset < self.end


@dataclass(frozen=True, slots=True)
class Edit:
    span: Span
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    message: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE


@dataclass(frozen=True, slots=True)
class Related:
    """A second location that explains a finding ("first copy of this table")."""

    span: Span
    message: str
    # A location in another document (NL205: the earlier copy of an article), already
    # resolved: {"path", "line", "column"[, "record"]}; ``span`` is then unused.
    where: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """What a check yields: where and why. The engine turns it into a Finding."""

    span: Span
    message: str
    fix: Fix | None = None
    related: tuple[Related, ...] = ()
    severity: Severity | None = None  # a check may lower/raise its default


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    name: str
    category: str
    severity: Severity
    message: str
    span: Span
    fix: Fix | None = None
    related: tuple[Related, ...] = ()


class BlockKind(str, enum.Enum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE = "table"
    QUOTE = "quote"
    CODE = "code"
    BLANK = "blank"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    span: Span
    level: int = 0  # heading level, list nesting; 0 when meaningless


@dataclass(frozen=True, slots=True)
class Directive:
    """An inline suppression comment (``<!-- newslint: disable=NL101 -->``)."""

    action: str  # "disable" | "enable" | "disable-file"
    selectors: tuple[str, ...]  # empty means every rule
    span: Span  # where the comment is, in text offsets


class LineIndex:
    """Maps character offsets to 1-based (line, column) in O(log n)."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        starts = array("q", [0])  # 8 bytes a line (a list costs 36: a file may hold 500,000 lines)
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self._starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def line_start(self, line: int) -> int:
        return self._starts[line - 1]

    def __len__(self) -> int:
        return len(self._starts)


class SourceMap:
    """Maps offsets in extracted text back to (line, column) in the source file.

    Each anchor ``(text_offset, line, column)`` marks where a run of text copied
    verbatim from the source begins, so positions inside a run are found by
    counting characters from its anchor. Text the reader made rather than copied (a
    character reference decoded, white space collapsed, a table row built from its
    cells) is an opaque run ``(text_start, text_end, end_line, end_column)``, anchored
    at its start: no position inside it counts characters, a start inside it maps to
    where it begins in the source and an end inside it to where it ends.
    """

    __slots__ = ("_offsets", "_lines", "_columns", "_opaque")

    def __init__(self, anchors: list[tuple[int, int, int]] | tuple[array, array, array],
                 opaque: Iterable[tuple[int, int, int, int]] | tuple[array, ...] = ()) -> None:
        if isinstance(anchors, tuple) and len(anchors) == 3 and all(isinstance(c, array) for c in anchors):
            self._offsets, self._lines, self._columns = anchors  # columns in text order (the HTML reader's)
        else:
            ordered = sorted(anchors)
            self._offsets, self._lines, self._columns = (array("q", (a[k] for a in ordered)) for k in range(3))
        if isinstance(opaque, tuple) and len(opaque) == 4 and all(isinstance(c, array) for c in opaque):
            runs = list(opaque)  # already columns (the HTML reader builds them so)
        else:
            runs = [array("q") for _ in range(4)]  # starts, stops, end lines, end columns: 32 bytes a run
            for run in opaque:
                for column, value in zip(runs, run):
                    column.append(value)
        if any(a > b for a, b in zip(runs[0], runs[0][1:])):  # the HTML reader gives them in order
            order = sorted(range(len(runs[0])), key=runs[0].__getitem__)
            runs = [array("q", (column[i] for i in order)) for column in runs]
        self._opaque = runs

    def position(self, text: str, offset: int, end: bool = False) -> tuple[int, int]:
        """Where ``offset`` is in the source; ``end``: as the end of a span, just after
        the character before it (not after a tag that follows it)."""
        if not self._offsets:  # no text came from the source
            return 1, 1
        # The character the position belongs to: the one at offset, or for an end the one
        # before it (unless that is a line break the reader added between blocks).
        look = offset - 1 if end and offset > 0 and text[offset - 1:offset] != "\n" else offset
        starts, stops, end_lines, end_columns = self._opaque
        j = bisect.bisect_right(starts, look) - 1
        if j >= 0 and look < stops[j]:  # inside an opaque run
            if end:
                return end_lines[j], end_columns[j]
            offset = look = starts[j]
        i = max(bisect.bisect_right(self._offsets, look) - 1, 0)
        base = self._offsets[i]
        line, col = self._lines[i], self._columns[i]
        if offset <= base:
            return line, col
        if j >= 0 and starts[j] == base:  # just past an opaque run: where it ends
            return end_lines[j], end_columns[j]
        newline = text.find("\n", base, offset)
        if newline != -1:  # past the run, in a line break the reader added: just after the run
            return line, col + (newline - base)
        return line, col + (offset - base)

    def __reduce__(self):
        return (SourceMap, ((self._offsets, self._lines, self._columns), tuple(self._opaque)))


@dataclass(frozen=True)
class Record:
    """Where a JSONL record sits in its file."""

    index: int  # 0-based record number
    id: str | None
    line: int  # 1-based line of the record in the file
    width: int = 0  # characters on that line: reporters point at the whole record


@dataclass(frozen=True)
class Document:
    """One article: its text, format, blocks and metadata.

    ``text`` is what checks read. For .txt and .md it is the file itself; for
    HTML it is the extracted text (``source_map`` gives source positions); for
    JSONL it is one record's article text.
    """

    path: str
    text: str
    format: str
    blocks: tuple[Block, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)
    directives: tuple[Directive, ...] = ()
    source_map: SourceMap | None = None
    record: Record | None = None
    line_offset: int = 0  # lines of the file before ``text`` (a part of a large JSONL file)

    # Values computed from the text on first use and shared by the checks (the line
    # index, the folded text, ``derived``). They are caches, never state: this is the one
    # place they live, and pickling (a document crossing to or from a worker process)
    # drops them (``__getstate__``).
    _CACHES = ("_lines", "_folded", "_derived")

    def __post_init__(self) -> None:
        object.__setattr__(self, "_lines", None)
        object.__setattr__(self, "_folded", None)
        object.__setattr__(self, "_derived", {})

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in self._CACHES}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.__post_init__()

    def derived(self, key: str, compute: Callable[["Document"], Any]) -> Any:
        """A value derived from this (immutable) document, computed once and shared
        by the checks that need it (the document's language, say)."""
        cache = self._derived  # type: ignore[attr-defined]
        if key not in cache:
            cache[key] = compute(self)
        return cache[key]

    @property
    def folded(self) -> str:
        """Case- and apostrophe-folded text, same length as ``text`` (computed once)."""
        folded = self._folded  # type: ignore[attr-defined]
        if folded is None:
            from .matching import fold

            folded = fold(self.text)
            object.__setattr__(self, "_folded", folded)
        return folded

    @property
    def lines(self) -> LineIndex:
        idx = self._lines  # type: ignore[attr-defined]
        if idx is None:
            idx = LineIndex(self.text)
            object.__setattr__(self, "_lines", idx)
        return idx

    def position(self, offset: int, end: bool = False) -> tuple[int, int]:
        """1-based (line, column) of ``offset`` in the document's own text (for HTML, in
        the source; ``end``: as the end of a span)."""
        if self.source_map is not None:
            return self.source_map.position(self.text, offset, end)
        line, column = self.lines.position(offset)
        return line + self.line_offset, column

    def slice(self, span: Span) -> str:
        return self.text[span.start : span.end]

    @property
    def language(self) -> str | None:
        lang = self.meta.get("lang")
        if not isinstance(lang, str) or not lang.strip():
            return None
        from .langid import normalize_language

        return normalize_language(lang) or None

    def blocks_of(self, *kinds: BlockKind) -> list[Block]:
        return [b for b in self.blocks if b.kind in kinds]
