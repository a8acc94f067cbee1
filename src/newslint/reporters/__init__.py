"""Reporters turn FileResults into text, JSON… Positions become lines/columns here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..model import Document, Finding, Fix, Span


# What is never written raw to a terminal, an XML file or a report: C0 and C1 control
# characters (ESC starts terminal escape sequences: ESC ] 52 writes the clipboard, ESC [2J
# clears the screen), DEL, the bidirectional formatting characters (U+202E reorders what
# is shown), line and paragraph separators, lone surrogates and the two noncharacters XML
# forbids.
_UNSAFE_IN_JSON = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff"
_CONTROL = re.compile(f"[\x00-\x1f{_UNSAFE_IN_JSON}]")
_JSON_RAW = re.compile(f"[{_UNSAFE_IN_JSON}]")


_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _shown(m: re.Match) -> str:
    c = m.group()
    return _NAMED.get(c) or (f"\\x{ord(c):02x}" if c < "\u0100" else f"\\u{ord(c):04x}")


def visible(text: str) -> str:
    """``text`` with every control character shown as an escape: ESC becomes ``\\x1b``,
    U+202E ``\\u202e``, a tab ``\\t``, a line break ``\\n``. The one function every
    human and XML output (text, github, junit, the HTML and Markdown reports) passes
    article text, file names and messages through, so nothing read can drive a
    terminal, break XML or reorder what a reader sees."""
    if text.isascii() and text.isprintable():
        return text
    return _CONTROL.sub(_shown, text)


def json_text(dumped: str) -> str:
    """JSON from ``json.dumps(..., ensure_ascii=False)`` with the characters it leaves raw
    but a terminal or a viewer would act on (C1 controls, bidi overrides…) written as
    ``\\uXXXX`` escapes: the same JSON value, safe to print."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


@dataclass(frozen=True)
class Location:
    line: int
    column: int
    end_line: int
    end_column: int
    record: dict[str, Any] | None = None


def text_is_file(doc: Document) -> bool:
    """Whether offsets in ``doc.text`` are offsets in the file (.txt, .md, and the whole
    file of any format): only then are positions inside the text file positions and a
    fix publishable as file edits. A JSONL record's text is a decoded JSON string on one
    line of the file; an HTML document's text is extracted from the markup."""
    return doc.record is None and doc.source_map is None


def fix_applicability(doc: Document, fix: Fix) -> str:
    """What reporters publish: a fix to a text that is not the file is display-only,
    whatever the check said (nothing can apply it to the file)."""
    return fix.applicability.value if text_is_file(doc) else "display-only"


def _in_record(doc: Document, span: Span) -> dict[str, Any]:
    line, col = doc.lines.position(span.start)
    end_line, end_col = doc.lines.position(span.end)
    return {"line": line, "column": col, "end_line": end_line, "end_column": end_col}


def locate(doc: Document, span: Span) -> Location:
    """1-based, end exclusive, always a position in the file. For a JSONL record it is
    the record's whole line, and ``record`` holds the record (index, id) and the position
    inside its text (line, column, end_line, end_column)."""
    if doc.record is not None:
        rec = {"index": doc.record.index, "id": doc.record.id, **_in_record(doc, span)}
        return Location(doc.record.line, 1, doc.record.line, max(doc.record.width, 1) + 1, rec)
    line, col = doc.position(span.start)
    end_line, end_col = (line, col) if span.end == span.start else doc.position(span.end, end=True)
    return Location(line, col, end_line, end_col)


def record_label(record: dict[str, Any]) -> str:
    """``record 3 (id a1) 2:15``: a JSONL finding's record and its place in the record's
    text, for people (text, github, junit, reports)."""
    rid = f"id {visible(str(record['id']))}" if record["id"] is not None else "no id"
    return f"record {record['index']} ({rid}) {record['line']}:{record['column']}"


def fix_to_dict(doc: Document, fix: Fix | None) -> dict[str, Any] | None:
    """The contract's fix. ``edits`` are file edits, so they are only given where the text
    is the file; elsewhere the fix is display-only with no file edits, and a JSONL
    record's edits come as ``record_edits``, in positions inside the record's text."""
    if fix is None:
        return None
    if not text_is_file(doc):
        out: dict[str, Any] = {"applicability": "display-only", "message": fix.message, "edits": []}
        if doc.record is not None:
            out["record_edits"] = [{**_in_record(doc, e.span), "replacement": e.replacement} for e in fix.edits]
        return out
    edits = []
    for e in fix.edits:
        loc = locate(doc, e.span)
        edits.append({"line": loc.line, "column": loc.column, "end_line": loc.end_line,
                      "end_column": loc.end_column, "replacement": e.replacement})
    return {"applicability": fix.applicability.value, "message": fix.message, "edits": edits}


def finding_to_dict(doc: Document, f: Finding) -> dict[str, Any]:
    loc = locate(doc, f.span)
    out: dict[str, Any] = {
        "code": f.code, "name": f.name, "category": f.category, "severity": str(f.severity),
        "line": loc.line, "column": loc.column, "end_line": loc.end_line, "end_column": loc.end_column,
        "message": f.message, "fix": fix_to_dict(doc, f.fix),
    }
    if loc.record is not None:
        out["record"] = loc.record
    if f.related:
        out["related"] = []
        for rel in f.related:
            if rel.where is not None:  # in another file or record
                out["related"].append({**rel.where, "message": rel.message})
                continue
            r = locate(doc, rel.span)
            entry = {"line": r.line, "column": r.column, "end_line": r.end_line, "end_column": r.end_column,
                     "message": rel.message}
            if r.record is not None:
                entry["record"] = r.record
            out["related"].append(entry)
    return out


def excerpt_line(doc: Document, span: Span) -> tuple[str, int, int]:
    """The text line holding ``span.start``, and the underline's start/width in it."""
    text = doc.text
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.start)
    end = len(text) if end == -1 else end
    line = text[start:end]
    if len(line) > 240:  # very long lines: show a window around the finding
        left = max(span.start - start - 60, 0)
        line = ("…" if left else "") + line[left:left + 200] + "…"
        offset = span.start - start - left + (1 if left else 0)
    else:
        offset = span.start - start
    width = max(1, min(span.end, end) - span.start)
    return line, offset, min(width, max(1, len(line) - offset))


# -- reporter plugins ----------------------------------------------------------------

@dataclass(frozen=True)
class ReportContext:
    """What every reporter may need besides the results."""

    version: str
    metas: tuple  # RuleMeta of every known rule (SARIF lists them)
    color: bool = False
    quiet: bool = False
    statistics: bool = False


class Reporter:
    """Base class for output formats, a sink of the run's stream. ``file`` is called
    once per result, in order, as soon as it is ready; ``finish`` once at the end. A
    large JSONL file comes as several results (``result.part`` counts them from 0,
    ``result.final`` marks the last), so a reporter counts a file where ``part == 0``.
    Keep what ``finish`` needs (counts, converted entries), not the results: the run
    drops each result once every sink has it. The default ``file`` keeps them all in
    ``self.results`` for simple plugins. ``machine`` formats never get progress output
    or colours. Third-party formats register on the entry-point group
    ``newslint.reporters`` with a subclass."""

    name = ""
    machine = True

    def __init__(self, out, context: ReportContext) -> None:
        self.out = out
        self.context = context
        self.results: list = []

    def file(self, result) -> None:
        self.results.append(result)

    def finish(self) -> None:
        raise NotImplementedError


GROUP = "newslint.reporters"


def discover_reporters() -> dict[str, type[Reporter]]:
    """Reporter classes by format name, from the ``newslint.reporters`` entry points
    (newslint's own come in the same way), falling back to the built-ins in a source
    tree without installed metadata."""
    from ..plugins import entry_points

    found: dict[str, type[Reporter]] = {}
    for ep in entry_points(group=GROUP):
        try:
            cls = ep.load()
        except Exception as err:  # a broken plugin must not crash newslint
            raise ValueError(f"reporter entry point {ep.name!r} ({ep.value}) cannot be loaded: {err}") from None
        if ep.name in found and found[ep.name] is not cls:
            raise ValueError(f"two reporters are named {ep.name!r}: {found[ep.name].__module__} and {cls.__module__}")
        found[ep.name] = cls
    if "text" not in found:
        from . import formats

        for cls in formats.BUILTIN:
            found.setdefault(cls.name, cls)
    return found
