"""Per-file HTML and Markdown reports (``newslint PATH --report DIR``) and their indexes.

Everything from the article goes through Jinja2 with autoescape, so an article cannot
inject markup into its report. The HTML is self-contained: inline CSS, no network, no
JavaScript needed (a small inline script only adds filtering by category).
"""

from __future__ import annotations

import os
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterable
from urllib.parse import quote

from . import fix_applicability, locate, record_label, visible

CATEGORY_ORDER = ("ai-leftover", "duplication", "markup", "date", "language", "encoding", "internal")
SEVERITY_ORDER = ("error", "warning", "info")


@dataclass
class Item:
    """One finding, in file coordinates, ready for a template."""

    id: str
    code: str
    name: str
    category: str
    severity: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    excerpt: str
    fix: str | None = None
    related: list[dict] = field(default_factory=list)
    record: str | None = None


@dataclass
class FileReport:
    path: str  # as linted
    slug: str  # report path relative to the report folder, without extension
    items: list[Item]
    lines: list[str]  # the file's text, for the article view

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(i.severity for i in self.items)
        return {s: c.get(s, 0) for s in SEVERITY_ORDER}

    @property
    def by_category(self) -> list[tuple[str, list[Item]]]:
        groups: dict[str, list[Item]] = {}
        for item in self.items:
            groups.setdefault(item.category, []).append(item)
        return sorted(groups.items(), key=lambda kv: CATEGORY_ORDER.index(kv[0]) if kv[0] in CATEGORY_ORDER else 99)

    @property
    def worst(self) -> tuple:
        c = self.counts
        return (-c["error"], -c["warning"], -c["info"], self.path)


def _slug(path: str) -> str:
    """Where a file's report goes inside the report folder: its path relative to the
    current directory (or its parts after the root, for paths outside it)."""
    p = Path(path)
    try:
        rel = p.resolve().relative_to(Path.cwd().resolve())
    except (ValueError, RuntimeError):  # RuntimeError: a symbolic link loop (Python < 3.13)
        rel = Path(*[part for part in p.parts if part not in ("/", "..", ".")])
    return PurePosixPath(rel.as_posix()).as_posix()


def _excerpt(lines: list[str], line: int, column: int, end_line: int, end_column: int) -> str:
    if not 1 <= line <= len(lines):
        return ""
    text = lines[line - 1]
    stop = end_column - 1 if end_line == line else len(text)
    piece = text[column - 1:stop] or text[column - 1:column + 40]
    piece = " ".join(piece.split())
    return piece if len(piece) <= 120 else piece[:117] + "…"


def file_report(result) -> FileReport:
    lines = result.container.text.split("\n") if result.container.text else []
    items: list[Item] = []
    for n, (doc, f) in enumerate(result.all_findings(), 1):
        loc = locate(doc, f.span)  # file positions (a JSONL record: its whole line)
        box = (loc.line, loc.column, loc.end_line, loc.end_column)
        if loc.record is not None:  # the excerpt comes from the record's text
            excerpt = " ".join(doc.slice(f.span).split())[:120]
            record = record_label(loc.record)
        else:
            excerpt = _excerpt(lines, *box)
            record = None
        related = []
        for rel in f.related:
            if rel.where is not None:  # in another file: named in the message
                related.append({"line": rel.where["line"], "column": rel.where["column"],
                                "message": f"{rel.message} in {rel.where['path']}"})
                continue
            rl = locate(doc, rel.span)
            related.append({"line": rl.line, "column": rl.column, "message": rel.message})
        fix = None
        if f.fix is not None:
            replacement = "; ".join(repr(e.replacement)[1:-1] if e.replacement.strip() != e.replacement or not e.replacement
                                    else e.replacement for e in f.fix.edits)
            fix = f"{f.fix.message} [{fix_applicability(doc, f.fix)}]" + (f" → {replacement[:80]}" if replacement else "")
        items.append(Item(f"f{n}", f.code, f.name, f.category, str(f.severity), *box, f.message, excerpt, fix,
                          related, record))
    return FileReport(result.path, _slug(result.path), items, lines)


def line_segments(report: FileReport) -> list[list[tuple[str, list[Item]]]]:
    """For each line of the file, its text cut into segments, each with the findings
    that cover it (empty list: plain text), innermost first: latest start, then
    shortest, then the finding that starts last in the file, then report order.

    A sweep over each line's sorted boundaries: O(n log n) in the findings of a line,
    plus the size of the answer (a segment lists every finding that covers it)."""
    per_line: dict[int, list[tuple[int, int, Item]]] = {}
    for item in report.items:
        for ln in range(max(item.line, 1), min(item.end_line, len(report.lines)) + 1):
            text = report.lines[ln - 1]
            start = item.column - 1 if ln == item.line else 0
            end = item.end_column - 1 if ln == item.end_line else len(text)
            start = min(max(start, 0), len(text))
            end = min(max(end, start), len(text))
            if end == start:  # zero-width finding: mark one character, or the line end
                end = min(start + 1, len(text))
            per_line.setdefault(ln, []).append((start, end, item))
    segments = []
    for ln, text in enumerate(report.lines, 1):
        ranges = per_line.get(ln)
        if not ranges:
            segments.append([(text, [])])
            continue
        segments.append(_sweep(text, ranges))
    return segments


def _sweep(text: str, ranges: list[tuple[int, int, Item]]) -> list[tuple[str, list[Item]]]:
    # Findings that start at the same place form a group, kept in covering order
    # (end, then latest in the file, then report order); the groups alive at a
    # boundary, latest start first, give the covering list. A group loses its
    # members from the front as the sweep passes their ends.
    order = sorted((s, e, -item.line, -item.column, i) for i, (s, e, item) in enumerate(ranges) if s < e)
    cuts = sorted({0, len(text), *(s for s, _, _ in ranges), *(e for _, e, _ in ranges)})
    groups: list[deque[tuple[int, Item]]] = []  # earliest start first
    row: list[tuple[str, list[Item]]] = []
    k = 0
    for a, b in zip(cuts, cuts[1:]):
        if groups:
            for g in groups:
                while g and g[0][0] <= a:
                    g.popleft()
            groups = [g for g in groups if g]
        group: deque[tuple[int, Item]] = deque()
        while k < len(order) and order[k][0] == a:
            group.append((order[k][1], ranges[order[k][4]][2]))
            k += 1
        if group:
            groups.append(group)
        row.append((text[a:b], [item for g in reversed(groups) for _, item in g]))
    if all(s == e for s, e, _ in ranges) or not text:  # finding on an empty line
        row.append(("⏎", [item for _, _, item in ranges]))
    return row


def _environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("newslint.reporters", "templates"),
                      autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, finalize=_shown)
    env.filters["md_code"] = md_code
    env.filters["md_text"] = md_text
    env.filters["href"] = href
    return env


def href(path: str) -> str:
    """A link to a relative path that no file name can turn into something else: every
    segment percent-encoded (``:`` too, so ``javascript:alert(1).txt`` is no scheme; no
    query, fragment, space, quote or parenthesis survives) and a ``./`` or ``../`` in
    front. The same string is safe in an HTML attribute and a Markdown link."""
    posix = PurePosixPath(str(path)).as_posix()
    if posix.startswith("/"):
        raise ValueError(f"not a relative path: {path!r}")
    encoded = quote(posix, safe="/")
    return encoded if encoded.startswith(("./", "../")) or encoded in (".", "..") else "./" + encoded


def _shown(value):
    """Every value a template writes: control characters made visible (escaping, by
    autoescape or the Markdown filters, comes on top). Markup was made by newslint."""
    from markupsafe import Markup

    return visible(value) if isinstance(value, str) and not isinstance(value, Markup) else value


def md_code(text: str) -> str:
    """A Markdown code span that no backtick or line break in ``text`` can break
    (excerpts stand in list items, never in table cells)."""
    text = text.replace("\n", " ")
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_text(text: str) -> str:
    """Plain text safe in Markdown (and GitHub's HTML sanitizer): what could start HTML
    (``<``, ``>``, ``&`` of an entity), a link or image (``[``, ``]``), emphasis (``*``,
    ``_``, ``~``), code (`````), a table cell (``|``) or an escape (``\\``) is
    backslash-escaped; a line break becomes a space."""
    out = []
    for c in text.replace("\n", " "):
        out.append("\\" + c if c in "\\`*_[]<>|~&" else c)
    return "".join(out)


def write_reports(results: Iterable, folder: Path, version: str) -> list[Path]:
    """Write ``folder/<path>.html`` and ``.md`` for every result, then the indexes."""
    env = _environment()
    html_t, md_t = env.get_template("file.html.j2"), env.get_template("file.md.j2")
    reports = [file_report(r) for r in results]
    written: list[Path] = []
    for rep in reports:
        base = folder / rep.slug
        base.parent.mkdir(parents=True, exist_ok=True)
        to_root = Path(os.path.relpath(folder, base.parent)).as_posix()
        try:  # the linted file, relative to its report (an absolute path too)
            source = Path(os.path.relpath(os.path.abspath(rep.path), os.path.abspath(base.parent))).as_posix()
        except ValueError:  # another drive (Windows): no relative link to it
            source = None
        ctx = {"r": rep, "version": version, "to_root": to_root, "source_link": source,
               "name": PurePosixPath(rep.slug).name}
        html_path = base.with_name(base.name + ".html")
        html_path.write_text(html_t.render(segments=line_segments(rep), **ctx), encoding="utf-8")
        md_path = base.with_name(base.name + ".md")
        md_path.write_text(md_t.render(**ctx), encoding="utf-8")
        written += [html_path, md_path]
    totals = Counter(i.severity for rep in reports for i in rep.items)
    categories = Counter(i.category for rep in reports for i in rep.items)
    ctx = {"reports": sorted(reports, key=lambda r: r.worst), "version": version,
           "totals": {s: totals.get(s, 0) for s in SEVERITY_ORDER}, "total": sum(totals.values()),
           "categories": sorted(categories.items(), key=lambda kv: CATEGORY_ORDER.index(kv[0])
                                if kv[0] in CATEGORY_ORDER else 99)}
    for name in ("index.html", "index.md"):
        path = folder / name
        path.write_text(env.get_template(name + ".j2").render(**ctx), encoding="utf-8")
        written.append(path)
    return written
