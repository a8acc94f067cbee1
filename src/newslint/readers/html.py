"""HTML reader: the standard library's HTML tokenizer, text and blocks extracted,
every run of text anchored to its line and column in the source.

Linear in the page and compact: the source is fed in chunks cut before a ``<`` (a
construct longer than a chunk makes the chunks grow, so nothing is scanned again and
again), every question about the open elements is answered in constant time (an
unclosed ``<p>`` is closed by the next block, as browsers do), and the text, its
anchors and the elements are kept in columns. Hidden elements (``hidden``,
``aria-hidden="true"``, ``display:none``, ``visibility:hidden``, screen-reader-only
classes) and controls (``<button>`` "Copy" or "Partager", ``<select>``, ``<textarea>``)
are not text. In ``article`` scope, :mod:`.article` then cuts the text down to the
article.
"""

from __future__ import annotations

import json
import re
from array import array
from html import unescape
from html.parser import HTMLParser

from ..model import BlockKind, Directive, SourceMap, Span
from . import article as art
from .blocks import BlockList
from .directives import parse_directive

SCOPES = ("article", "page")
_SKIP = {"script", "style", "noscript", "template", "svg", "math", "head", "iframe", "object", "button", "select",
         "textarea", "dialog"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
         "param", "source", "track", "wbr"}
_BLOCK = {"p", "div", "section", "article", "header", "footer", "aside", "main", "nav",
          "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
          "blockquote", "pre", "table", "thead", "tbody", "tfoot", "tr", "td", "th",
          "figure", "figcaption", "form", "hr", "br", "address", "caption", "body",
          "html", "title"}
_HEADING = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# a start tag of these closes an open <p> (HTML's "close a p element")
_CLOSES_P = {"address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption",
             "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "main",
             "menu", "nav", "ol", "p", "pre", "section", "table", "ul", "li", "dd", "dt"}
_P_SCOPE = ("table", "td", "th", "caption", "button", "template", "object")
# elements the article chooser needs to know about (the others are inside them)
_NOTED = {"div", "section", "article", "header", "footer", "aside", "main", "nav", "ul", "ol", "dl", "table",
          "figure", "form", "address", "body", "h1", "menu", "details"}
_LINKY = {"ul", "ol", "dl", "div", "section", "table", "menu", "header", "footer", "nav", "aside"}
_NEWLINE_WS = re.compile(r"[ \t\r\f\v]*\n\s*")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SR_ONLY = re.compile(r"(?<![\w-])(?:[a-z]{1,3}-)?(?:sr-only|sr-text|visually-?hidden|screen-?reader-?(?:text|only)?|"
                      r"element-invisible|a11y-hidden|a11y-only|hidden-visually|hidden-(?:text|tag|label)|offscreen|"
                      r"off-screen|assistive-text)(?![\w-])"
                      # display:none by the class alone (Bootstrap "d-none", Tailwind's "hidden"): a
                      # responsive page prints its author box twice, one copy hidden at each width
                      r"|(?<![\w:-])(?:hidden|d-none|is-hidden|u-hidden)(?![\w:-])", re.I)
# a social-media embed's own markup (its text is the fallback shown until the script runs,
# not article text, and not a broken embed): <blockquote class="twitter-tweet">…
_EMBED = re.compile(r"(?<![\w-])(?:twitter-tweet|twitter-video|instagram-media|tiktok-embed|fb-post|fb-video|"
                    r"reddit-card|bluesky-embed|text-post-media|mastodon-embed)(?![\w-])", re.I)
_COMMAS = re.compile("[,،、，;]")
_DATE_META = {"article:published_time", "datepublished", "date", "dc.date",
              "dc.date.issued", "pubdate", "publishdate", "og:published_time",
              "sailthru.date", "parsely-pub-date"}
_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{4,40})"')
_MODIFIED_META = {"article:modified_time", "datemodified", "og:updated_time", "dc.date.modified", "last-modified",
                  "lastmod", "parsely-updated-date"}
_LD_MODIFIED = re.compile(r'"dateModified"\s*:\s*"([^"]{4,40})"')
_CHUNK = 1 << 20
_JOIN_EVERY = 4096

# flags of an open element
_SKIPPING, _NOTE, _LINK = 1, 2, 4


def _hidden(a: dict[str, str]) -> bool:
    if "hidden" in a or a.get("aria-hidden", "").strip().lower() == "true":
        return True
    style, cls = a.get("style"), a.get("class")
    return bool(style and _HIDDEN_STYLE.search(style)) or bool(cls and (_SR_ONLY.search(cls) or _EMBED.search(cls)))


class _Extractor(HTMLParser):
    def __init__(self, scope: str = "article") -> None:
        super().__init__(convert_charrefs=False)
        self.noting = scope == "article"
        self.done: list[str] = []  # text joined every few thousand pieces
        self.parts: list[str] = []
        self.length = 0
        self.anchors = (array("q"), array("q"), array("q"))  # text offsets, source lines, source columns
        # text the reader made, not copied: text starts, text ends, source end lines and columns
        self.opaque = tuple(array("q") for _ in range(4))
        self._open_ref: int | None = None  # index in opaque of a reference whose end is not known yet
        self.blocks = BlockList()
        self.directives: list[Directive] = []
        self.meta: dict[str, str] = {}
        self.dates: list[tuple[str, str, int]] = []  # (key, value, text offset or -1 for page metadata)
        self.ld_body: str | None = None
        # the open elements: tag, flags, block kind and level in force, noted element index
        self.stack: list[str] = []
        self.flags: list[int] = []
        self.kinds: list[tuple[BlockKind, int]] = []
        self.noted: list[int] = []  # indexes in self.elements of the open noted elements
        self.open: dict[str, list[int]] = {}  # tag -> stack depths where it is open
        self.skip_depth = 0
        self.links = 0  # characters of link text so far
        self.in_link = 0
        self.commas = 0
        self.para = 0.0  # paragraph score so far
        self.elements = art.Elements()
        self.block_start: int | None = None
        self._block_links = self._block_commas = 0
        self.in_table = 0
        self.row_cells: list[str] | None = None
        self.table_start: int | None = None
        self._cell: list[str] | None = None
        self.row_pos = (1, 0)
        self._script: list[str] | None = None
        self._space: tuple[int, int, int, int] | None = None  # a collapsed line break not written yet

    # text -------------------------------------------------------------
    def _append(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)
        if len(self.parts) >= _JOIN_EVERY:
            self.done.append("".join(self.parts))
            self.parts.clear()

    def text(self) -> str:
        self.done.append("".join(self.parts))
        self.parts.clear()
        text = "".join(self.done)
        self.done.clear()
        return text

    def _emit(self, text: str, line: int, col: int, source_end: tuple[int, int] | None = None) -> bool:
        """Append ``text``, found at ``line``/``col`` (0-based) of the source; with
        ``source_end``, it is not a copy of the source up to there (an opaque run)."""
        if not text:
            return False
        if self._space is not None:  # text follows a collapsed line break: write its space first
            space, self._space = self._space, None
            self._emit(" ", space[0], space[1], space[2:])
        if self.block_start is None:
            if not text.strip():
                return False
            self.block_start = self.length
            self._block_links, self._block_commas = self.links, self.commas
        for column, value in zip(self.anchors, (self.length, line, col + 1)):
            column.append(value)
        if source_end is not None:
            self._opaque_run(self.length, self.length + len(text), *source_end)
        if self.in_link:
            self.links += len(text)
        if self.noting and ("," in text or not text.isascii()):
            self.commas += len(_COMMAS.findall(text))
        self._append(text)
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
        return self.kinds[-1] if self.kinds else (BlockKind.PARAGRAPH, 0)

    def _flush(self) -> None:
        self._space = None
        if self.block_start is not None:
            end = self.length
            kind, level = self._kind()
            self.blocks.append(kind, self.block_start, end, level)
            if self.noting and kind in (BlockKind.PARAGRAPH, BlockKind.QUOTE):
                self._score(end - self.block_start)
            self.block_start = None
            self._append("\n")

    def _score(self, length: int) -> None:
        """A paragraph for the article chooser: its score goes to the elements holding it."""
        if length < 25 or (self.links - self._block_links) * 2 > length or not self.noted:
            return
        score = art.paragraph_score(length, self.commas - self._block_commas)
        self.para += score
        el = self.elements
        for weight, i in zip((1.0, 0.5, 1 / 3), reversed(self.noted)):
            el.score[i] += score * weight

    def handle_data(self, data: str) -> None:
        self._settle()
        if self.skip_depth:
            if self._script is not None:
                self._script.append(data)
            elif self.stack and self.stack[-1] == "title" and not self.open.get("svg"):
                self.meta.setdefault("title", data.strip())
            return
        if self._cell is not None:
            self._cell.append(data)
            return
        line, col = self.getpos()
        if self.open.get("pre"):
            for i, piece in enumerate(data.split("\n")):
                if i:
                    self._append("\n")
                self._emit(piece, line + i, col if i == 0 else 0)
            return
        pos = 0
        at_line, at_col = line, col  # where data[pos] is in the source
        for m in _NEWLINE_WS.finditer(data):
            self._emit(data[pos:m.start()], at_line, at_col)
            s_line, s_col = at_line, at_col + (m.start() - pos)  # no line break before the match
            newlines = data.count("\n", m.start(), m.end())
            at_line = s_line + newlines
            at_col = m.end() - data.rfind("\n", m.start(), m.end()) - 1
            if m.end() < len(data):
                self._emit(" ", s_line, s_col, (at_line, at_col))
            elif self.block_start is not None:  # written only if more text follows in this block
                self._space = (s_line, s_col, at_line, at_col)
            pos = m.end()
        self._emit(data[pos:], at_line, at_col)

    def handle_entityref(self, name: str) -> None:
        self._ref(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._ref(f"&#{name};")

    def _ref(self, raw: str) -> None:
        self._settle()
        if self.skip_depth:
            if self._script is not None:
                self._script.append(unescape(raw))
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

    # metadata -----------------------------------------------------------
    def _date(self, key: str, value: str) -> None:
        in_page = self.open.get("head") or not self.open.get("body")
        self.dates.append((key, value, -1 if in_page else self.length))

    def _meta(self, a: dict[str, str]) -> None:
        key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
        content = a.get("content", "")
        if key in _DATE_META and content:
            self._date("date", content)
        elif key in _MODIFIED_META and content:
            self._date("modified", content)
        elif key in ("og:locale", "language", "content-language") and content:
            self.meta.setdefault("lang", content.replace("_", "-"))
        elif a.get("http-equiv", "").lower() == "content-language" and content:
            self.meta.setdefault("lang", content)

    def _json_ld(self, data: str) -> None:
        try:
            obj = json.loads(data)
        except (ValueError, RecursionError):
            obj = None
        article: dict[str, str] = {}  # from the Article object; else from any object
        found: dict[str, str] = {}
        todo, seen = [obj], 0
        while todo and seen < 10_000:  # however the objects are nested (@graph, lists)
            node = todo.pop()
            seen += 1
            if isinstance(node, list):
                todo.extend(reversed(node))
            elif isinstance(node, dict):
                kind = node.get("@type")
                kinds = " ".join(k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str))
                target = article if "Article" in kinds or "Posting" in kinds or "Report" in kinds else found
                for key, name in (("datePublished", "date"), ("dateModified", "modified"), ("articleBody", "body")):
                    value = node.get(key)
                    if isinstance(value, str) and value.strip():
                        target.setdefault(name, value)
                todo.extend(reversed([v for v in node.values() if isinstance(v, (dict, list))]))
        found.update(article)
        if obj is None:  # not JSON: the dates as they are written
            for name, pattern in (("date", _LD_DATE), ("modified", _LD_MODIFIED)):
                m = pattern.search(data)
                if m:
                    found[name] = m.group(1)
        for name in ("date", "modified"):
            if name in found:
                self.dates.append((name, found[name][:40], -1))
        if "body" in found and self.ld_body is None:
            self.ld_body = found["body"]

    # tags ---------------------------------------------------------------
    def _push(self, tag: str, flags: int, kind: tuple[BlockKind, int], note: int = -1) -> None:
        self.open.setdefault(tag, []).append(len(self.stack))
        self.stack.append(tag)
        self.flags.append(flags)
        self.kinds.append(kind)
        if flags & _NOTE:
            self.noted.append(note)

    def _pop_to(self, depth: int) -> None:
        """Close the open elements down to (and with) the one at ``depth``."""
        while len(self.stack) > depth:
            self._close(self.stack[-1], self.flags[-1])  # before the pop, so _kind sees it
            tag = self.stack.pop()
            self.flags.pop()
            self.kinds.pop()
            self.open[tag].pop()

    def _last(self, tag: str) -> int:
        where = self.open.get(tag)
        return where[-1] if where else -1

    def _implied_ends(self, tag: str) -> None:
        """End the elements that ``tag``'s start closes, as an HTML parser does."""
        if tag in _CLOSES_P:
            p = self._last("p")
            if p >= 0 and p > max(self._last(t) for t in _P_SCOPE):
                self._pop_to(p)
        if tag == "li":
            li = self._last("li")
            if li >= 0 and li > max(self._last("ul"), self._last("ol"), self._last("menu")):
                self._pop_to(li)
        elif tag in ("dt", "dd"):
            d = max(self._last("dt"), self._last("dd"))
            if d >= 0 and d > self._last("dl"):
                self._pop_to(d)
        elif tag in ("tr", "td", "th"):
            table = self._last("table")
            cell = max(self._last("td"), self._last("th"))
            row = self._last("tr")
            if tag == "tr" and row > table:
                self._pop_to(row)  # and the cell in it
            elif cell > table:
                self._pop_to(cell)
        elif tag in _HEADING and self.stack and self.stack[-1] in _HEADING:
            self._pop_to(len(self.stack) - 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._settle()
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "html" and a.get("lang"):
            self.meta.setdefault("lang", a["lang"])
        elif tag == "meta":
            if not self.skip_depth or self.open.get("head"):
                self._meta(a)
            return
        elif tag == "time" and a.get("datetime") and not self.skip_depth:
            self._date("date" if a.get("itemprop", "").lower() == "datepublished" else "time", a["datetime"])
        if tag in _VOID:
            if tag in ("br", "hr") and not self.skip_depth and self._cell is None:
                self._flush()
            return
        if not self.skip_depth:
            self._implied_ends(tag)
        kind = self._kind()
        if tag in _HEADING:
            kind = (BlockKind.HEADING, _HEADING[tag])
        elif tag == "li":
            kind = (BlockKind.LIST_ITEM, 1)
        elif tag == "blockquote":
            kind = (BlockKind.QUOTE, 0)
        elif tag == "pre":
            kind = (BlockKind.CODE, 0)
        if self.skip_depth or tag in _SKIP or tag == "title" or _hidden(a):
            self.skip_depth += 1
            if tag == "script" and "ld+json" in a.get("type", "").lower():
                self._script = []
            self._push(tag, _SKIPPING, kind)
            return
        flags = 0
        if tag == "a":
            flags |= _LINK
            self.in_link += 1
        if tag == "table":
            self._flush()
        if self.noting and not self.in_table:
            itemprop = a.get("itemprop", "").lower() == "articlebody"
            chrome = art.is_chrome(tag, a)
            if tag in _NOTED or itemprop or (chrome and tag in _BLOCK):
                self._flush()
                note = (art.ARTICLE * (tag == "article") | art.MAIN * (tag == "main" or a.get("role") == "main")
                        | art.BODY * (tag == "body") | art.ITEMPROP * itemprop | art.CHROME * chrome
                        | art.H1 * (tag == "h1") | art.LINKY * (tag in _LINKY))
                parent = self.noted[-1] if self.noted else -1
                index = self.elements.open(self.length, note, parent, self.para, self.links)
                flags |= _NOTE
                if tag == "table":
                    self.in_table += 1
                    self.table_start = self.length if self.in_table == 1 else self.table_start
                self._push(tag, flags, kind, index)
                return
        if tag == "table":
            if not self.in_table:
                self._flush()  # the text before the table ends there
            self.in_table += 1
            if self.in_table == 1:
                self.table_start = self.length
        if tag == "tr" and self.in_table:
            self._flush()  # stray text in a table (outside any cell) is a line of its own, not the row's start
            self.row_cells = []
            self.row_pos = self.getpos()
        if tag in ("td", "th") and self.in_table:
            self._cell = []
        elif tag in _BLOCK and not self.in_table:
            self._flush()
        self._push(tag, flags, kind)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("svg", "math") and tag not in _VOID:  # a self-closed element of foreign content
            return
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self._settle()
        depth = self._last(tag)
        if depth >= 0:
            self._pop_to(depth)

    def _close(self, tag: str, flags: int) -> None:
        if flags & _SKIPPING:
            self.skip_depth -= 1
            if tag == "script" and self._script is not None:
                self._json_ld("".join(self._script))
                self._script = None
            return
        if flags & _LINK:
            self.in_link -= 1
        if tag in ("td", "th") and self._cell is not None:
            cell = " ".join("".join(self._cell).split())
            if self.row_cells is not None:
                self.row_cells.append(cell.replace("|", "\\|"))
            self._cell = None
        elif tag == "tr" and self.row_cells is not None:
            if self.row_cells:  # made from the cells: an opaque run from <tr> to where the row closes
                self._flush()  # stray text met inside the row (outside its cells) stays on a line of its own
                line, col = self.row_pos
                row = "| " + " | ".join(self.row_cells) + " |"
                for column, value in zip(self.anchors, (self.length, line, col + 1)):
                    column.append(value)
                self._opaque_run(self.length, self.length + len(row), *self.getpos())
                self._append(row + "\n")
            self.row_cells = None
        elif tag == "table" and self.in_table:
            self.in_table -= 1
            if self.in_table == 0 and self.table_start is not None:
                if self.length > self.table_start:
                    self.blocks.append(BlockKind.TABLE, self.table_start, self.length - 1)
                self.table_start = None
        elif tag in _BLOCK and not self.in_table:
            self._flush()
        if flags & _NOTE:
            self._flush()
            self.elements.close(self.noted.pop(), self.length, self.para, self.links)

    def close(self) -> None:
        super().close()
        self._settle()
        self._pop_to(0)
        self._flush()


def _feed(parser: HTMLParser, text: str) -> None:
    """Feed ``text`` in chunks that end before a ``<`` (so no run of text is split); when
    the parser holds back more than half a chunk (a long comment or script), the chunks
    double, which keeps the parser's re-scans of what it holds back linear in all."""
    n = len(text)
    pos, size = 0, _CHUNK
    while pos < n:
        end = pos + size
        if end >= n:
            end = n
        else:
            lt = text.find("<", end)
            end = n if lt == -1 else lt
        parser.feed(text[pos:end])
        pos = end
        if len(parser.rawdata) > size // 2:
            size *= 2
    parser.close()


def _pick_dates(dates: list[tuple[str, str, int]], ranges: list[tuple[int, int]] | None) -> dict[str, str]:
    """Publication and update dates: page metadata first, then marks in the article's
    text (``<time>``, microdata); in article scope, marks outside the article (teasers,
    related links) do not count."""
    def inside(offset: int) -> bool:
        return offset < 0 or ranges is None or any(a <= offset < b for a, b in ranges)

    meta: dict[str, str] = {}
    for key, value, offset in dates:
        if inside(offset) and key in ("date", "modified"):
            meta.setdefault(key, value)
    if "date" not in meta:
        for key, value, offset in dates:
            if key == "time" and inside(offset):
                meta["date"] = value
                break
    return meta


def read_html(text: str, scope: str = "article") -> tuple[str, BlockList, dict, tuple[Directive, ...], SourceMap]:
    parser = _Extractor(scope)
    _feed(parser, text)
    body, blocks, anchors, opaque = parser.text(), parser.blocks, parser.anchors, parser.opaque
    directives = parser.directives
    ranges = art.article_ranges(parser.elements, body, parser.ld_body) if parser.noting else None
    if ranges is not None and ranges != [(0, len(body))]:
        body, blocks, anchors, opaque, directives = art.cut(body, blocks, anchors, opaque, directives, ranges)
    meta = dict(parser.meta)
    meta.update(_pick_dates(parser.dates, ranges))
    return body, blocks, meta, tuple(directives), SourceMap(anchors, opaque)
