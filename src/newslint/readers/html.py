"""HTML reader: the standard library's HTML parser, text and blocks extracted,
every run of text anchored to its line and column in the source."""

from __future__ import annotations

import re
from array import array
from html import unescape
from html.parser import HTMLParser

from ..model import Block, BlockKind, Directive, SourceMap, Span
from .directives import parse_directive

_SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
         "param", "source", "track", "wbr"}
_BLOCK = {"p", "div", "section", "article", "header", "footer", "aside", "main", "nav",
          "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
          "blockquote", "pre", "table", "thead", "tbody", "tfoot", "tr", "td", "th",
          "figure", "figcaption", "form", "hr", "br", "address", "caption", "body",
          "html", "title"}
_HEADING = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_NEWLINE_WS = re.compile(r"[ \t\r\f\v]*\n\s*")
_DATE_META = {"article:published_time", "datepublished", "date", "dc.date",
              "dc.date.issued", "pubdate", "publishdate", "og:published_time",
              "sailthru.date", "parsely-pub-date"}
_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{4,40})"')
_MODIFIED_META = {"article:modified_time", "datemodified", "og:updated_time", "dc.date.modified", "last-modified",
                  "lastmod", "parsely-updated-date"}
_LD_MODIFIED = re.compile(r'"dateModified"\s*:\s*"([^"]{4,40})"')


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []
        self.length = 0
        self.anchors: list[tuple[int, int, int]] = []
        # text the reader made, not copied: text starts, text ends, source end lines and columns
        self.opaque = tuple(array("q") for _ in range(4))
        self._open_ref: int | None = None  # index in opaque of a reference whose end is not known yet
        self.blocks: list[Block] = []
        self.directives: list[Directive] = []
        self.meta: dict[str, str] = {}
        self.stack: list[str] = []
        self.skip_depth = 0
        self.block_start: int | None = None
        self.in_table = 0
        self.row_cells: list[str] | None = None
        self.table_start: int | None = None
        self._cell: list[str] | None = None
        self.row_pos = (1, 0)
        self._script_type = ""

    # text -------------------------------------------------------------
    def _emit(self, text: str, line: int, col: int, source_end: tuple[int, int] | None = None) -> bool:
        """Append ``text``, found at ``line``/``col`` (0-based) of the source; with
        ``source_end``, it is not a copy of the source up to there (an opaque run)."""
        if not text:
            return False
        if self.block_start is None:
            if not text.strip():
                return False
            self.block_start = self.length
        self.anchors.append((self.length, line, col + 1))
        if source_end is not None:
            self._opaque_run(self.length, self.length + len(text), *source_end)
        self.parts.append(text)
        self.length += len(text)
        return True

    def _opaque_run(self, start: int, stop: int, end_line: int, end_col: int) -> None:
        for column, value in zip(self.opaque, (start, stop, end_line, end_col + 1)):
            column.append(value)

    def _settle(self) -> None:
        """A character reference ends where the next token starts: note it there."""
        if self._open_ref is not None:
            line, col = self.getpos()
            self.opaque[2][self._open_ref], self.opaque[3][self._open_ref] = line, col + 1
            self._open_ref = None

    def _kind(self) -> tuple[BlockKind, int]:
        for tag in reversed(self.stack):
            if tag in _HEADING:
                return BlockKind.HEADING, _HEADING[tag]
            if tag == "li":
                return BlockKind.LIST_ITEM, 1
            if tag == "blockquote":
                return BlockKind.QUOTE, 0
            if tag == "pre":
                return BlockKind.CODE, 0
        return BlockKind.PARAGRAPH, 0

    def _flush(self) -> None:
        if self.block_start is not None:
            end = self.length
            kind, level = self._kind()
            self.blocks.append(Block(kind, Span(self.block_start, end), level))
            self.block_start = None
            self.parts.append("\n")
            self.length += 1

    def handle_data(self, data: str) -> None:
        self._settle()
        if self.skip_depth:
            if self.stack and self.stack[-1] == "script" and "ld+json" in self._script_type:
                m = _LD_DATE.search(data)
                if m:
                    self.meta.setdefault("date", m.group(1))
                m = _LD_MODIFIED.search(data)
                if m:
                    self.meta.setdefault("modified", m.group(1))
            elif self.stack and self.stack[-1] == "title":
                self.meta.setdefault("title", data.strip())
            return
        if self._cell is not None:
            self._cell.append(data)
            return
        line, col = self.getpos()
        if "pre" in self.stack:
            for i, piece in enumerate(data.split("\n")):
                if i:
                    self._flush_line_in_pre()
                self._emit(piece, line + i, col if i == 0 else 0)
            return
        pos = 0
        for m in _NEWLINE_WS.finditer(data):
            self._emit(data[pos:m.start()], *self._advance(data, pos, line, col))
            self._emit(" ", *self._advance(data, m.start(), line, col), self._advance(data, m.end(), line, col))
            pos = m.end()
        self._emit(data[pos:], *self._advance(data, pos, line, col))

    def _flush_line_in_pre(self) -> None:
        self.parts.append("\n")
        self.length += 1

    @staticmethod
    def _advance(data: str, pos: int, line: int, col: int) -> tuple[int, int]:
        nl = data.count("\n", 0, pos)
        if nl:
            return line + nl, pos - data.rfind("\n", 0, pos) - 1
        return line, col + pos

    def handle_entityref(self, name: str) -> None:
        self._ref(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._ref(f"&#{name};")

    def _ref(self, raw: str) -> None:
        self._settle()
        if self.skip_depth:
            return
        text = unescape(raw)
        if self._cell is not None:
            self._cell.append(text)
            return
        line, col = self.getpos()
        if self._emit(text, line, col, (line, col)):  # its end is settled by the next token
            self._open_ref = len(self.opaque[0]) - 1

    def handle_decl(self, decl: str) -> None:
        self._settle()

    def handle_pi(self, data: str) -> None:
        self._settle()

    def unknown_decl(self, data: str) -> None:
        self._settle()

    def handle_comment(self, data: str) -> None:
        self._settle()
        directive = parse_directive(data)
        if directive is not None:
            action, selectors = directive
            self.directives.append(Directive(action, selectors, Span(self.length, self.length)))

    # tags ---------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._settle()
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "html" and a.get("lang"):
            self.meta.setdefault("lang", a["lang"])
        elif tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key in _DATE_META and a.get("content"):
                self.meta.setdefault("date", a["content"])
            elif key in _MODIFIED_META and a.get("content"):
                self.meta.setdefault("modified", a["content"])
            elif key in ("og:locale", "language", "content-language") and a.get("content"):
                self.meta.setdefault("lang", a["content"].replace("_", "-"))
            elif a.get("http-equiv", "").lower() == "content-language" and a.get("content"):
                self.meta.setdefault("lang", a["content"])
            return
        elif tag == "time" and a.get("datetime"):
            self.meta.setdefault("time", a["datetime"])
        if tag in _VOID:
            if tag in ("br", "hr") and not self.skip_depth and self._cell is None:
                self._flush()
            return
        if tag in _SKIP or tag == "title":
            self.skip_depth += 1
            self._script_type = a.get("type", "") if tag == "script" else ""
        if tag == "table" and not self.skip_depth:
            self._flush()
            self.in_table += 1
            if self.in_table == 1:
                self.table_start = self.length
        if tag == "tr" and self.in_table:
            self.row_cells = []
            self.row_pos = self.getpos()
        if tag in ("td", "th") and self.in_table:
            self._cell = []
        elif tag in _BLOCK and not self.in_table:
            self._flush()
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self._settle()
        if tag in _VOID or tag not in self.stack:
            return
        while self.stack:
            top = self.stack[-1]
            self._close(top)  # closes while the tag is still on the stack, so _kind sees it
            self.stack.pop()
            if top == tag:
                break

    def _close(self, tag: str) -> None:
        if tag in _SKIP or tag == "title":
            self.skip_depth = max(self.skip_depth - 1, 0)
            return
        if tag in ("td", "th") and self._cell is not None:
            cell = " ".join("".join(self._cell).split())
            if self.row_cells is not None:
                self.row_cells.append(cell.replace("|", "\\|"))
            self._cell = None
        elif tag == "tr" and self.row_cells is not None:
            if self.row_cells:  # made from the cells: an opaque run from <tr> to where the row closes
                line, col = self.row_pos
                row = "| " + " | ".join(self.row_cells) + " |"
                self.anchors.append((self.length, line, col + 1))
                self._opaque_run(self.length, self.length + len(row), *self.getpos())
                self.parts.append(row + "\n")
                self.length += len(row) + 1
            self.row_cells = None
        elif tag == "table" and self.in_table:
            self.in_table -= 1
            if self.in_table == 0 and self.table_start is not None:
                if self.length > self.table_start:
                    self.blocks.append(Block(BlockKind.TABLE, Span(self.table_start, self.length - 1)))
                self.table_start = None
        elif tag in _BLOCK and not self.in_table:
            self._flush()

    def close(self) -> None:
        super().close()
        self._settle()
        while self.stack:
            self._close(self.stack[-1])
            self.stack.pop()
        self._flush()


def read_html(text: str) -> tuple[str, tuple[Block, ...], dict, tuple[Directive, ...], SourceMap]:
    parser = _Extractor()
    parser.feed(text)
    parser.close()
    meta = dict(parser.meta)
    if "date" not in meta and "time" in meta:
        meta["date"] = meta["time"]
    meta.pop("time", None)
    return ("".join(parser.parts), tuple(parser.blocks), meta,
            tuple(parser.directives), SourceMap(parser.anchors, parser.opaque))
