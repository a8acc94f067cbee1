"""Split plain text and Markdown into blocks, in one linear pass over lines."""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Sequence
from typing import Iterator

from ..model import Block, BlockKind, Span

_LIST = re.compile(r"[ \t]*(?:[-*+•–—▪◦·‣]|\d{1,3}[.)])[ \t]+\S")
_MD_HEADING = re.compile(r"#{1,6}(?=[ \t]|$)")
_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")
_SETEXT = re.compile(r"[ \t]{0,3}(=+|-+)[ \t]*$")
_SENTENCE_END = tuple(".!?…;,:»\"”)")


def iter_lines(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of every line, without its newline."""
    start = 0
    find = text.find
    n = len(text)
    while start <= n:
        end = find("\n", start)
        if end == -1:
            if start < n:
                yield start, n
            return
        yield start, end
        start = end + 1


def _is_table_row(line: str) -> bool:
    s = line.strip()
    return len(s) > 1 and s[0] == "|" and s.count("|") >= 2


def _is_tab_row(line: str) -> bool:
    """Tab-separated cells (a tab between two pieces of text, not indentation)."""
    return "\t" in line.strip()


def _looks_like_heading(line: str, first: bool) -> bool:
    s = line.strip()
    if not s or len(s) > (200 if first else 120):
        return False
    if first:
        return True
    if s.endswith(_SENTENCE_END) or len(s.split()) > 20:
        return False
    c = s[0]
    return c.isupper() or c.isdigit() or c in "«\"“"


SMALL = 20_000  # blocks: more are kept as a BlockList (columns, ~25 bytes a block instead of ~170)


def split_blocks(text: str, markdown: bool, start: int = 0) -> Sequence[Block]:
    """Blocks of ``text[start:]``.

    Plain text: one block per non-blank line (scrapers write a paragraph per
    line); a short line without closing punctuation, or the first line, is a
    heading. Markdown: CommonMark-like headings, fences, quotes, lists and pipe
    tables; consecutive prose lines form one paragraph.
    """
    blocks: list[Block] = []
    columns: BlockList | None = None  # past SMALL blocks, they are kept as columns

    def add(kind: BlockKind, start: int, end: int, level: int = 0) -> None:
        nonlocal columns
        if columns is None:
            blocks.append(Block(kind, Span(start, end), level))
            if len(blocks) > SMALL:
                columns = BlockList(blocks)
                blocks.clear()
        else:
            columns.append(kind, start, end, level)

    para: list[int] | None = None  # [start, end] of the open paragraph
    table: list | None = None  # [start, end, tab-separated]
    fence: tuple[str, int] | None = None
    seen_text = False

    def close_para() -> None:
        nonlocal para
        if para is not None:
            add(BlockKind.PARAGRAPH, para[0], para[1])
            para = None

    def close_table() -> None:
        nonlocal table
        if table is not None:
            tab_only = table[2] and "\n" not in text[table[0]:table[1]]
            # a lone tab-separated line is a paragraph, not a table
            kind = BlockKind.PARAGRAPH if tab_only else BlockKind.TABLE
            add(kind, table[0], table[1])
            table = None

    for ls, le in iter_lines(text):
        if ls < start:
            continue
        line = text[ls:le]
        if fence is not None:
            m = _FENCE.match(line)
            if m and m.group(1)[0] == fence[0][0] and len(m.group(1)) >= len(fence[0]):
                add(BlockKind.CODE, fence[1], le)
                fence = None
            continue
        if not line.strip():
            close_para()
            close_table()
            add(BlockKind.BLANK, ls, le)
            continue
        if _is_table_row(line) or (_is_tab_row(line) and not _LIST.match(line)):
            close_para()
            if table is None:
                table = [ls, le, not _is_table_row(line)]
            else:
                table[1] = le
            seen_text = True
            continue
        close_table()
        if markdown:
            m = _FENCE.match(line)
            if m:
                close_para()
                fence = (m.group(1), ls)
                continue
            stripped = line.lstrip()
            hm = _MD_HEADING.match(stripped)
            if hm:
                close_para()
                add(BlockKind.HEADING, ls, le, len(hm.group(0)))
                seen_text = True
                continue
            if para is not None and _SETEXT.match(line):
                level = 1 if line.strip()[0] == "=" else 2
                add(BlockKind.HEADING, para[0], le, level)
                para = None
                continue
        if line.lstrip().startswith(">"):
            close_para()
            add(BlockKind.QUOTE, ls, le)
            seen_text = True
            continue
        if _LIST.match(line):
            close_para()
            indent = len(line) - len(line.lstrip())
            add(BlockKind.LIST_ITEM, ls, le, 1 + indent // 2)
            seen_text = True
            continue
        if markdown:
            if para is None:
                para = [ls, le]
            else:
                para[1] = le
        elif _looks_like_heading(line, not seen_text):
            add(BlockKind.HEADING, ls, le, 1 if not seen_text else 2)
        else:
            add(BlockKind.PARAGRAPH, ls, le)
        seen_text = True
    if fence is not None:
        add(BlockKind.CODE, fence[1], len(text))
    close_para()
    close_table()
    # a tuple of Block objects reads fastest; a file of 100,000 lines keeps its columns
    return tuple(blocks) if columns is None else columns


_KINDS = tuple(BlockKind)
_CODE = {kind: i for i, kind in enumerate(_KINDS)}


def _setter(cls: type, name: str):
    return getattr(cls, name).__set__


_NEW, _KIND, _SPAN, _LEVEL, _START, _END = (object.__new__, _setter(Block, "kind"), _setter(Block, "span"),
                                            _setter(Block, "level"), _setter(Span, "start"), _setter(Span, "end"))


def _block(kind: BlockKind, start: int, end: int, level: int) -> Block:
    """``Block(kind, Span(start, end), level)`` at half the cost (the frozen dataclasses'
    ``__init__`` goes through ``object.__setattr__``): checks read a huge file's blocks
    many times over. Spans were checked when appended."""
    span = _NEW(Span)
    _START(span, start)
    _END(span, end)
    block = _NEW(Block)
    _KIND(block, kind)
    _SPAN(block, span)
    _LEVEL(block, level)
    return block


class BlockList(Sequence):
    """Blocks kept as columns (about 25 bytes a block instead of about 170 for a tuple
    of Block objects): a huge HTML page has one block per paragraph. Reads like the tuple
    it stands for; each Block is made when it is asked for."""

    __slots__ = ("_kinds", "_starts", "_ends", "_levels")

    def __init__(self, blocks: Iterable[Block] = ()) -> None:
        self._kinds, self._starts, self._ends, self._levels = array("B"), array("q"), array("q"), array("l")
        for block in blocks:
            self.append(block.kind, block.span.start, block.span.end, block.level)

    def append(self, kind: BlockKind, start: int, end: int, level: int = 0) -> None:
        if not 0 <= start <= end:
            raise ValueError(f"invalid span {start}..{end}")
        self._kinds.append(_CODE[kind])
        self._starts.append(start)
        self._ends.append(end)
        self._levels.append(level)

    def __len__(self) -> int:
        return len(self._starts)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return tuple(self[j] for j in range(*i.indices(len(self))))
        return _block(_KINDS[self._kinds[i]], self._starts[i], self._ends[i], self._levels[i])

    def __iter__(self) -> Iterator[Block]:
        kinds, make = _KINDS, _block
        for k, s, e, lv in zip(self._kinds, self._starts, self._ends, self._levels):
            yield make(kinds[k], s, e, lv)

    def __add__(self, other) -> tuple[Block, ...]:
        return tuple(self) + tuple(other)

    def __eq__(self, other) -> bool:
        return isinstance(other, (tuple, BlockList)) and tuple(self) == tuple(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"BlockList({list(self)!r})"

    def __reduce__(self):
        return (_rebuild, (self._kinds, self._starts, self._ends, self._levels))


def _rebuild(kinds: array, starts: array, ends: array, levels: array) -> BlockList:
    blocks = BlockList()
    blocks._kinds, blocks._starts, blocks._ends, blocks._levels = kinds, starts, ends, levels
    return blocks
