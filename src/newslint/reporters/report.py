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

from . import ReportContext, Reporter, fix_applicability, locate, record_label, visible

CATEGORY_ORDER = ("ai-leftover", "duplication", "markup", "date", "language", "encoding", "internal")
SEVERITY_ORDER = ("error", "warning", "info")


@dataclass
class Item:
    """One finding, ready for a template. ``line``… ``end_column`` are positions in the
    section that shows it: the file, or a JSONL record's text (as in the text output);
    ``file_line`` is always the file's line, for links to the source."""

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
    anchor: str = ""  # the id of the shown line, e.g. "L32" or "r3-L2"
    file_line: int = 0
    summary: str = ""  # the rule's summary and explanation (Markdown), for the "about" block
    explanation: str = ""

    @property
    def where(self) -> str:
        return self.record or f"{self.line}:{self.column}"

    @property
    def href(self) -> str:
        return "#" + (self.anchor or f"L{self.line}")


@dataclass
class Section:
    """What the article view shows as one numbered text: the file, or one JSONL record
    (its text as text, with its id and title)."""

    prefix: str  # line anchors are prefix + line number
    lines: list[str]
    items: list[Item]
    title: str | None = None
    label: str | None = None  # "record 3 · id a7"


@dataclass
class FileReport:
    path: str  # as linted
    slug: str  # report path relative to the report folder, without extension
    items: list[Item]
    lines: list[str]  # the file's text, for the article view
    headline: str | None = None  # the article's title (metadata or first heading)
    sections: list[Section] = field(default_factory=list)
    clean_records: int = 0  # JSONL records without findings (not shown)

    def __post_init__(self) -> None:
        if not self.sections:
            self.sections = [Section("L", self.lines, self.items)]

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


# Characters that show as nothing, or as a plain space, on a page: shown as a visible
# mark in excerpts, fix previews, highlighted findings and lines that would look blank.
INVISIBLE = {"\u00a0": "⍽", "\u202f": "⍽", "\u2007": "⍽", "\u3000": "⍽", "\u200b": "∅", "\u200c": "∅",
             "\u200d": "∅", "\u2060": "∅", "\ufeff": "∅", "\u00ad": "‐", "\t": "⇥",
             **{chr(c): "⍽" for c in range(0x2000, 0x200b)}}
_INVISIBLE_CHARS = frozenset(INVISIBLE)


def looks_blank(text: str) -> bool:
    """A line that is not empty but shows as nothing (spaces, NBSP, zero-width…)."""
    return bool(text) and all(c == " " or c in _INVISIBLE_CHARS for c in text)


def show_invisible(text: str) -> str:
    """``text`` with its invisible characters replaced by visible marks (for plain-text
    places: excerpts, fix previews, Markdown)."""
    if text.isascii() and "\t" not in text:
        return text
    return "".join(INVISIBLE.get(c, c) for c in text)


def _excerpt(lines: list[str], line: int, column: int, end_line: int, end_column: int) -> str:
    if not 1 <= line <= len(lines):
        return ""
    text = lines[line - 1]
    stop = end_column - 1 if end_line == line else len(text)
    piece = text[column - 1:stop] or text[column - 1:column + 40]
    return _short_excerpt(piece)


def _short_excerpt(piece: str) -> str:
    if looks_blank(piece) or any(c in _INVISIBLE_CHARS for c in piece):
        piece = show_invisible(piece)
    piece = " ".join(piece.split())
    return piece if len(piece) <= 120 else piece[:117] + "…"


def _clip(text: str, limit: int = 60) -> str:
    """At most ``limit`` characters, the middle elided: a preview, not the whole text."""
    return text if len(text) <= limit else text[:limit // 2 - 1] + "…" + text[-(limit // 2 - 1):]


def _shown_edit(text: str) -> str:
    """An edit's text for people: quoted, invisible characters and line breaks visible."""
    return "“" + _clip(show_invisible(text).replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎")) + "”"


def _changes(old: str, new: str) -> list[str]:
    """What turns ``old`` into ``new``, in words: the few insertions, deletions and
    replacements a character diff finds (texts of at most 400 characters: bounded
    cost), else one replacement."""
    if len(old) + len(new) <= 400:
        from difflib import SequenceMatcher

        ops = [op for op in SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if op[0] != "equal"]
        if len(ops) <= 3:
            words = []
            for tag, i1, i2, j1, j2 in ops:
                if tag == "insert":
                    words.append(f"insert {_shown_edit(new[j1:j2])}")
                elif tag == "delete":
                    words.append(f"delete {_shown_edit(old[i1:i2])}")
                else:
                    words.append(f"replace {_shown_edit(old[i1:i2])} with {_shown_edit(new[j1:j2])}")
            return words
    return [f"replace {_shown_edit(old)} with {_shown_edit(new)}"]


def fix_preview(doc, fix, applicability: str) -> str:
    """``remove duplicated title [safe]: delete “Mairie : le budget…”`` — what each edit
    does, in words, with the text it removes or writes (elided in the middle when long),
    never a raw ``\n`` or the same text twice."""
    parts = []
    for e in fix.edits:
        old = doc.text[e.span.start:e.span.end]
        new = e.replacement
        if old == new:
            continue
        if not new:
            parts.append(f"delete {_shown_edit(old)}")
        elif not old:
            parts.append(f"insert {_shown_edit(new)}")
        else:
            parts.extend(_changes(old, new))
    shown = "; ".join(parts[:3]) + (f"; and {len(parts) - 3} more edit(s)" if len(parts) > 3 else "")
    return f"{fix.message} [{applicability}]" + (f": {shown}" if shown else "")


def headline_of(result) -> str | None:
    """The article's title, as the engine took it (``FileResult.headline``)."""
    return getattr(result, "headline", None)


def _rules(rules):
    if rules is not None:
        return rules
    from ..registry import Registry

    return {m.code: m for m in Registry.discover().metas}


def file_report(result, rules=None, numbered: int = 0) -> FileReport:
    """``rules``: code -> RuleMeta, for each finding's explanation (default: the
    built-in and installed rules)."""
    rules = _rules(rules)
    lines = result.container.text.split("\n") if result.container.text else []
    items: list[Item] = []
    sections: dict[int, Section] = {}  # id(document) -> its section (JSONL records)
    container_items: list[Item] = []
    for n, (doc, f) in enumerate(result.all_findings(), numbered + 1):
        loc = locate(doc, f.span)  # file positions (a JSONL record: its whole line)
        meta = rules.get(f.code)
        about = {"summary": meta.summary, "explanation": meta.explanation} if meta else {}
        fix = fix_preview(doc, f.fix, fix_applicability(doc, f.fix)) if f.fix is not None else None
        if loc.record is not None:  # shown in the record's own section, in its coordinates
            rec = loc.record
            section = sections.get(id(doc))
            if section is None:
                title = doc.meta.get("title")
                rid = f" · id {rec['id']}" if rec["id"] is not None else ""
                section = Section(f"r{rec['index']}-L", doc.text.split("\n"), [],
                                  " ".join(title.split()) if isinstance(title, str) and title.strip() else None,
                                  f"record {rec['index']}{rid}")
                sections[id(doc)] = section
            box = (rec["line"], rec["column"], rec["end_line"], rec["end_column"])
            excerpt = _short_excerpt(doc.slice(f.span) or doc.text[f.span.start:f.span.start + 40])
            related = []
            for rel in f.related:
                if getattr(rel, "where", None) is not None:  # in another file (NL205)
                    related.append(_elsewhere(rel))
                    continue
                rr = locate(doc, rel.span).record
                related.append({"line": rr["line"], "column": rr["column"], "message": rel.message,
                                "href": f"#{section.prefix}{rr['line']}", "file_line": loc.line,
                                "where": f"line {rr['line']} of this record"})
            item = Item(f"f{n}", f.code, f.name, f.category, str(f.severity), *box, f.message, excerpt, fix,
                        related, record_label(rec), f"{section.prefix}{rec['line']}", loc.line, **about)
            section.items.append(item)
        else:
            box = (loc.line, loc.column, loc.end_line, loc.end_column)
            related = []
            for rel in f.related:
                if getattr(rel, "where", None) is not None:  # in another file (NL205)
                    related.append(_elsewhere(rel))
                    continue
                rl = locate(doc, rel.span)
                related.append({"line": rl.line, "column": rl.column, "message": rel.message,
                                "href": f"#L{rl.line}", "file_line": rl.line, "where": f"line {rl.line}"})
            item = Item(f"f{n}", f.code, f.name, f.category, str(f.severity), *box, f.message,
                        _excerpt(lines, *box), fix, related, None, f"L{loc.line}", loc.line, **about)
            container_items.append(item)
        items.append(item)
    records = [d for d in result.documents if d.document.record is not None]
    if not records:
        return FileReport(result.path, _slug(result.path), items, lines, headline_of(result))
    shown = ([Section("L", lines, container_items, None, "the file")] if container_items else [])
    shown += list(sections.values())
    return FileReport(result.path, _slug(result.path), items, lines, None, shown,
                      clean_records=sum(1 for d in records if id(d.document) not in sections))


def _elsewhere(rel) -> dict:
    """A related location in another file: named, not linked into this page."""
    w = rel.where
    return {"line": w["line"], "column": w["column"], "message": f"{rel.message} in {w['path']}",
            "href": "", "file_line": w["line"], "where": f"{w['path']}, line {w['line']}"}


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
    env.filters["markdown"] = markdown_html
    env.filters["inv"] = invisible_html
    env.filters["md_block"] = md_block
    return env


def md_block(text: str, indent: int = 2):
    """Markdown from rule metadata, indented under a list item: its line breaks kept,
    control characters in each line shown as escapes."""
    from markupsafe import Markup

    import re

    def outside_code(part: str) -> str:  # "<br />" or "&nbsp;" in prose is shown, not rendered
        return part.replace("\\", "\\\\").replace("<", "\\<").replace(">", "\\>").replace("&", "\\&")

    pieces = re.split(r"(`+[^`]*?`+)", "\n".join(visible(line) for line in text.split("\n")))
    text = "".join(p if i % 2 else outside_code(p) for i, p in enumerate(pieces))
    pad = " " * indent
    return Markup("\n".join(pad + line if line.strip() else "" for line in text.split("\n")))


def invisible_html(text: str, always: bool = False):
    """Article text for the HTML view, escaped, with control characters as escapes and,
    inside a finding (``always``) or on a line that would look blank, each invisible
    character as a visible mark naming it (NBSP as ⍽, zero-width space as ∅)."""
    import unicodedata

    from markupsafe import Markup, escape

    text = visible(text)
    if not (always or looks_blank(text)) or not any(c in _INVISIBLE_CHARS for c in text):
        return escape(text)
    out = []
    for c in text:
        if c in _INVISIBLE_CHARS:
            name = unicodedata.name(c, "") or f"U+{ord(c):04X}"
            out.append(Markup('<span class="inv" title="U+{:04X} {}">{}</span>').format(ord(c), name, INVISIBLE[c]))
        else:
            out.append(escape(c))
    return Markup("").join(out)


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


@dataclass
class IndexEntry:
    """What the index keeps of a file's report once it is written (not its findings)."""

    path: str
    slug: str
    headline: str | None
    counts: dict[str, int]
    category_counts: list[tuple[str, int]]

    @property
    def worst(self) -> tuple:
        c = self.counts
        return (-c["error"], -c["warning"], -c["info"], self.path)


class ReportError(Exception):
    """The reports cannot be written (the message says where and why)."""


class ReportWriter(Reporter):
    """``--report DIR`` as a sink of the run's stream: each file's HTML and Markdown
    report is written as soon as its result comes, keeping only the index's line for it
    and the codes found; the indexes and the pages of the rules found are written by
    ``finish``. The parts of a large JSONL file are gathered into one report, written
    with the last part. ``rules``: code -> RuleMeta (default: the built-in and installed
    rules)."""

    name = "report"
    machine = True

    def __init__(self, folder: Path, context: ReportContext, rules=None) -> None:
        super().__init__(None, context)
        self.folder = folder
        self.rules = _rules(rules)
        self.written: list[Path] = []
        self.entries: list[IndexEntry] = []
        self.found: set[str] = set()
        self._pending: FileReport | None = None
        env = self._env = _environment()
        self._html, self._md = env.get_template("file.html.j2"), env.get_template("file.md.j2")

    def file(self, result) -> None:
        part, final = getattr(result, "part", 0), getattr(result, "final", True)
        if part == 0 and final:
            rep = file_report(result, self.rules)
        else:  # one part of a large JSONL file: its records' sections join the file's report
            rep = self._pending if part else None
            piece = file_report(result, self.rules, len(rep.items) if rep else 0)
            if rep is None:
                rep = piece
            else:
                rep.items.extend(piece.items)
                rep.sections.extend(s for s in piece.sections if s.items)
                rep.clean_records += piece.clean_records
            self._pending = None if final else rep
            if not final:
                return
        try:
            self._write_file(rep)
        except OSError as err:
            raise ReportError(f"cannot write reports to {self.folder}: {err.strerror or err}") from None
        self.found.update(i.code for i in rep.items)
        self.entries.append(IndexEntry(rep.path, rep.slug, rep.headline, rep.counts,
                                       [(cat, len(items)) for cat, items in rep.by_category]))

    def _write_file(self, rep: FileReport) -> None:
        folder = self.folder
        base = folder / rep.slug
        base.parent.mkdir(parents=True, exist_ok=True)
        to_root = Path(os.path.relpath(folder, base.parent)).as_posix()
        try:  # the linted file, relative to its report (an absolute path too)
            source = Path(os.path.relpath(os.path.abspath(rep.path), os.path.abspath(base.parent))).as_posix()
        except ValueError:  # another drive (Windows): no relative link to it
            source = None
        ctx = {"r": rep, "version": self.context.version, "to_root": to_root, "source_link": source,
               "name": PurePosixPath(rep.slug).name}
        html_path = base.with_name(base.name + ".html")
        sections = [(sec, line_segments(sec)) for sec in rep.sections]
        html_path.write_text(self._html.render(sections=sections, **ctx), encoding="utf-8")
        md_path = base.with_name(base.name + ".md")
        md_path.write_text(self._md.render(**ctx), encoding="utf-8")
        self.written += [html_path, md_path]

    def finish(self) -> None:
        totals: Counter[str] = Counter()
        categories: Counter[str] = Counter()
        for e in self.entries:
            totals.update(e.counts)
            categories.update(dict(e.category_counts))
        ctx = {"reports": sorted(self.entries, key=lambda r: r.worst), "version": self.context.version,
               "totals": {s: totals.get(s, 0) for s in SEVERITY_ORDER}, "total": sum(totals.values()),
               "categories": sorted(categories.items(), key=lambda kv: CATEGORY_ORDER.index(kv[0])
                                    if kv[0] in CATEGORY_ORDER else 99)}
        try:
            for name in ("index.html", "index.md"):
                path = self.folder / name
                path.write_text(self._env.get_template(name + ".j2").render(**ctx), encoding="utf-8")
                self.written.append(path)
            self.written += write_rule_pages([self.rules[c] for c in sorted(self.found) if c in self.rules],
                                             self.folder / "rules", self.context.version, "html")
        except OSError as err:
            raise ReportError(f"cannot write reports to {self.folder}: {err.strerror or err}") from None


def write_reports(results: Iterable, folder: Path, version: str, rules=None) -> list[Path]:
    """Write ``folder/<path>.html`` and ``.md`` for every result, then the indexes and
    ``folder/rules/<CODE>.html`` for every rule found (the ``ReportWriter`` of a run, fed
    ``results``). Raises ``OSError`` when it cannot."""
    writer = ReportWriter(folder, ReportContext(version, ()), rules)
    try:
        for r in results:
            writer.file(r)
        writer.finish()
    except ReportError as err:
        raise OSError(str(err)) from None
    return writer.written


def write_rule_pages(metas, folder: Path, version: str, fmt: str = "html") -> list[Path]:
    """One page per rule, ``folder/<CODE>.html`` (or ``.md``), from its metadata: summary,
    explanation, options and examples; plus ``folder/index.<ext>`` listing them."""
    from ..docs import rule_page_markdown

    env = _environment()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    ext = "html" if fmt == "html" else "md"
    for meta in metas:
        path = folder / f"{meta.code}.{ext}"
        if fmt == "html":
            text = env.get_template("rule.html.j2").render(m=meta, version=version, body=markdown_html(
                rule_page_markdown(meta, heading=False)))
        else:
            text = rule_page_markdown(meta)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    index = folder / f"index.{ext}"
    if fmt == "html":
        index.write_text(env.get_template("rules.html.j2").render(metas=metas, version=version), encoding="utf-8")
    else:
        index.write_text("# newslint rules\n\n" + "".join(f"- [{m.code}](./{m.code}.md) `{m.name}`: "
                                                          f"{md_text(m.summary)}\n" for m in metas), encoding="utf-8")
    written.append(index)
    return written


def markdown_html(text: str):
    """Rule documentation (Markdown from rule metadata, possibly a plugin's) as HTML:
    CommonMark with raw HTML disabled, so it is escaped, and markdown-it's link
    validation (no ``javascript:``)."""
    from markdown_it import MarkdownIt
    from markupsafe import Markup

    text = "\n".join(visible(line) for line in text.split("\n"))  # a tab or ESC in an example: escaped
    return Markup(MarkdownIt("commonmark", {"html": False}).render(text))
