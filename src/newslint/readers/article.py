"""Which part of an HTML page is the article, and the page's text cut down to it.

The HTML reader notes, while it reads, every element that may hold the article or be
page furniture (an :class:`Elements` table: where its text starts and ends in the
extracted text, its paragraph score and link text). :func:`article_ranges` then picks,
in this order of trust:

1. the element marked ``itemprop="articleBody"`` (schema.org microdata);
2. the element holding the text of the JSON-LD ``articleBody``;
3. the ``<article>`` element with most of the page's paragraph text (teaser cards,
   which are ``<article>`` elements too, hold little of it);
4. ``<main>``, when it holds at least half of the page's paragraph text;
5. else the densest block of paragraphs: every paragraph of 25 characters or more that
   is not mostly a link scores 1, plus its commas, plus one per 100 characters (up to
   3); the element holding it gets the score, the one above half, the next a third;
   an element's score is discounted by its share of link text, and its siblings that
   score at least a fifth as much are kept with it.

Inside the chosen element, furniture is dropped: ``nav``, ``aside``, ``footer``,
``form``, elements whose role, class or id says navigation, related links, sharing,
comments, newsletter, advertising... (unless they hold half the article), and lists or
blocks that are mostly links. The page's headline (the last visible ``<h1>`` before the
article) is kept when the article element has none. When no element qualifies (a bare
page of paragraphs), the whole page is the article.

Everything here is linear in the number of elements.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from typing import TYPE_CHECKING, Iterable

from ..model import Directive, Span

if TYPE_CHECKING:
    from ..model import Block

# element flags
ARTICLE, MAIN, BODY, ITEMPROP, CHROME, H1, LINKY = 1, 2, 4, 8, 16, 32, 128

_CHROME_TAGS = {"nav", "aside", "footer", "form"}
_CHROME_ROLES = {"navigation", "complementary", "contentinfo", "banner", "search", "menu", "menubar", "dialog",
                 "alertdialog", "toolbar"}
# class or id words of page furniture, matched as whole words of the attribute
# ("related-posts", "share_bar", "cookie-banner"; not "shared" or "sidebarless")
_CHROME_WORDS = re.compile(
    r"(?<![a-z0-9])(?:nav|navbar|navigation|menu|breadcrumbs?|footer|sidebar|aside|related|recommended|"
    r"recommendations?|read-?more|more-?stories|most-?(?:read|popular|viewed|shared)|popular|trending|"
    r"teasers?|promo|promos|promotion|newsletter|subscribe|subscription|paywall|share|sharing|shares|"
    r"social|socials|comments?|comment-?form|disqus|cookies?|consent|gdpr|advert|advertising|advertisement|"
    r"ads?|ad-?slot|sponsored|sponsor|outbrain|taboola|popup|modal|overlay|lightbox|toolbar|tags|tag-?list|"
    r"author-?bio|skip-?link|pagination|pager)(?![a-z0-9])")


def is_chrome(tag: str, attrs: dict[str, str]) -> bool:
    if tag in _CHROME_TAGS:
        return True
    role, cls, id_ = attrs.get("role"), attrs.get("class"), attrs.get("id")
    if role and role.strip().lower() in _CHROME_ROLES:
        return True
    return bool(cls or id_) and _CHROME_WORDS.search(f"{cls or ''} {id_ or ''}".lower()) is not None


class Elements:
    """The elements the reader noted, as columns (a few dozen bytes an element)."""

    def __init__(self) -> None:
        self.start = array("q")
        self.end = array("q")
        self.parent = array("q")
        self.flags = array("H")
        self.score = array("d")  # paragraph score of its own and its children's paragraphs (weighted)
        self.para_open = array("d")  # cumulative paragraph score of the page when it opened / closed
        self.para_close = array("d")
        self.link_open = array("q")  # cumulative link characters when it opened / closed
        self.link_close = array("q")

    def open(self, start: int, flags: int, parent: int, para: float, links: int) -> int:
        self.start.append(start)
        self.end.append(start)
        self.parent.append(parent)
        self.flags.append(flags)
        self.score.append(0.0)
        self.para_open.append(para)
        self.para_close.append(para)
        self.link_open.append(links)
        self.link_close.append(links)
        return len(self.start) - 1

    def close(self, i: int, end: int, para: float, links: int) -> None:
        self.end[i] = end
        self.para_close[i] = para
        self.link_close[i] = links

    def __len__(self) -> int:
        return len(self.start)

    def paragraphs(self, i: int) -> float:
        return self.para_close[i] - self.para_open[i]

    def link_density(self, i: int) -> float:
        size = self.end[i] - self.start[i]
        return (self.link_close[i] - self.link_open[i]) / size if size > 0 else 0.0


def paragraph_score(length: int, commas: int) -> float:
    return 1.0 + commas + min(length // 100, 3)


def _words(text: str, n: int, last: bool = False) -> re.Pattern | None:
    words = text.split()
    words = words[-n:] if last else words[:n]
    if len(words) < 3:
        return None
    return re.compile(r"\s+".join(re.escape(w) for w in words))


def _furniture(el: Elements, total: float) -> tuple[list[bool], list[bool]]:
    """Which elements are furniture, and which are inside furniture. A name is only a
    hint: an element named so ("penci_sidebar", a page-wide ``<form>``) that holds half
    of the page's paragraphs is where the article is, not furniture."""
    n = len(el)
    chrome = [bool(el.flags[i] & CHROME) and el.paragraphs(i) < 0.5 * total for i in range(n)]
    inside = [False] * n
    for i in range(n):  # a parent is noted before its children
        p = el.parent[i]
        inside[i] = p >= 0 and (chrome[p] or inside[p])
    return chrome, inside


def _ld_element(el: Elements, text: str, body: str, out: list[bool]) -> int | None:
    """The smallest element whose text holds the JSON-LD articleBody's first and last words."""
    first, last = _words(body, 8), _words(body, 8, last=True)
    if first is None or last is None:
        return None
    m = first.search(text)
    if m is None:
        return None
    tail = None
    for tail in last.finditer(text, m.start()):
        pass  # the last occurrence: the article's end, not a teaser quoting it
    if tail is None:
        return None
    a, b = m.start(), tail.end()
    best = None
    for i in range(len(el)):
        if el.start[i] <= a and el.end[i] >= b and not out[i]:
            if best is None or el.end[i] - el.start[i] < el.end[best] - el.start[best]:
                best = i
    return best


def _container(el: Elements, text: str, ld_body: str | None, total: float, chrome: list[bool],
               inside: list[bool]) -> tuple[int, tuple[int, ...]] | None:
    n = len(el)
    out = [c or d for c, d in zip(chrome, inside)]
    marked = [i for i in range(n) if el.flags[i] & ITEMPROP and el.end[i] > el.start[i]]
    if marked:
        return max(marked, key=el.paragraphs), ()
    if ld_body:
        i = _ld_element(el, text, ld_body, out)
        if i is not None:
            return i, ()
    if total <= 0:
        return None
    articles = [i for i in range(n) if el.flags[i] & ARTICLE and not out[i]]
    if articles:
        best = max(articles, key=el.paragraphs)
        if el.paragraphs(best) >= 0.3 * total:
            return best, ()
    mains = [i for i in range(n) if el.flags[i] & MAIN]
    if mains:
        best = max(mains, key=el.paragraphs)
        if el.paragraphs(best) >= 0.5 * total:
            return best, ()
    final = [0.0] * n
    for i in range(n):
        if not out[i] and not el.flags[i] & BODY:
            final[i] = el.score[i] * (1.0 - min(el.link_density(i), 1.0))
    best = max(range(n), key=final.__getitem__)
    if final[best] <= 0:
        return None
    parent = el.parent[best]
    floor = max(3.0, 0.2 * final[best])
    siblings = tuple(i for i in range(n) if i != best and el.parent[i] == parent and final[i] >= floor
                     and parent >= 0)
    return best, siblings


def article_ranges(el: Elements, text: str, ld_body: str | None) -> list[tuple[int, int]] | None:
    """Ranges of ``text`` (aligned with its blocks) that make the article, in order; None
    when the whole page is the article."""
    n = len(el)
    if n == 0:
        return None
    total = max((el.paragraphs(i) for i in range(n) if el.flags[i] & BODY), default=0.0)
    total = total or sum(el.paragraphs(i) for i in range(n) if el.parent[i] < 0)
    chrome, inside = _furniture(el, total)
    chosen = _container(el, text, ld_body, total, chrome, inside)
    if chosen is None:
        return None
    best, siblings = chosen
    tops = sorted((best, *siblings), key=el.start.__getitem__)
    keep = [(el.start[i], el.end[i]) for i in tops]
    size = sum(el.paragraphs(i) for i in tops)
    drop: list[tuple[int, int]] = []
    for i in range(len(el)):
        a, b = el.start[i], el.end[i]
        if b <= a or i in tops or not any(s <= a and b <= e for s, e in keep):
            continue
        furniture = el.flags[i] & CHROME and el.paragraphs(i) < 0.5 * size
        linky = el.flags[i] & LINKY and el.link_density(i) >= 0.6
        if furniture or linky:
            drop.append((a, b))
    ranges = _subtract(keep, drop)
    starts = [s for s, _ in ranges]

    def kept(x: int) -> bool:
        j = bisect_right(starts, x) - 1
        return j >= 0 and x < ranges[j][1]

    if ranges and not any(el.flags[i] & H1 and kept(el.start[i]) for i in range(len(el))):
        first = ranges[0][0]
        heads = [i for i in range(len(el)) if el.flags[i] & H1 and not chrome[i] and not inside[i]
                 and el.end[i] <= first and el.end[i] > el.start[i]]
        if heads:
            h = heads[-1]
            ranges.insert(0, (el.start[h], el.end[h]))
    return ranges


def _subtract(keep: list[tuple[int, int]], drop: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    drop.sort()
    for a, b in keep:
        pos = a
        for s, e in drop:
            if e <= pos or s >= b:
                continue
            if s > pos:
                out.append((pos, s))
            pos = max(pos, e)
        if pos < b:
            out.append((pos, b))
    return out


def cut(text: str, blocks: Iterable[Block], anchors: tuple[array, array, array], opaque: tuple[array, ...],
        directives: list[Directive], ranges: list[tuple[int, int]]):
    """The text of ``ranges`` only, with blocks, anchors, opaque runs and directives moved
    to their new offsets (positions still point at the source)."""
    starts = [a for a, _ in ranges]
    bases = []
    size = 0
    for a, b in ranges:
        bases.append(size)
        size += b - a

    def where(x: int) -> int:
        j = bisect_right(starts, x) - 1
        return j if j >= 0 and x < ranges[j][1] else -1

    new_text = "".join(text[a:b] for a, b in ranges)
    from .blocks import BlockList

    new_blocks = BlockList()
    for block in sorted(blocks, key=lambda b: b.span.start):
        j = where(block.span.start)
        if j >= 0:
            shift = bases[j] - ranges[j][0]
            end = min(block.span.end, ranges[j][1])
            new_blocks.append(block.kind, block.span.start + shift, end + shift, block.level)
    offsets, lines, cols = (array("q") for _ in range(3))
    for off, line, col in zip(*anchors):
        j = where(off)
        if j >= 0:
            offsets.append(off + bases[j] - ranges[j][0])
            lines.append(line)
            cols.append(col)
    runs = tuple(array("q") for _ in range(4))
    for start, stop, line, col in zip(*opaque):
        j = where(start)
        if j >= 0:
            shift = bases[j] - ranges[j][0]
            for column, value in zip(runs, (start + shift, min(stop, ranges[j][1]) + shift, line, col)):
                column.append(value)
    new_directives = []
    for d in directives:
        j = bisect_right(starts, d.span.start) - 1
        if j >= 0 and d.span.start < ranges[j][1]:
            off = d.span.start + bases[j] - ranges[j][0]
        else:
            off = bases[j + 1] if j + 1 < len(ranges) else size
        new_directives.append(Directive(d.action, d.selectors, Span(off, off)))
    return new_text, new_blocks, (offsets, lines, cols), runs, new_directives
