"""Readers: bytes of a .txt, .md, .html, .jsonl or .parquet file -> documents.

``load`` never raises on bad content: what is wrong with the file becomes a
``Problem`` (an NL6xx/NL9xx finding-to-be) and whatever text could be read is
still linted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from ..model import Document, Record, Span
from .blocks import split_blocks
from .decode import Decoded, declared_charset, decode
from .directives import find_directives

FORMATS = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".parquet": "parquet",  # rows as articles, through the optional pyarrow (readers.parquet)
}
TEXT_FIELDS = ("text", "body", "content", "article")  # a record's text: the first string of these
DATE_FIELDS = ("date", "published", "published_at", "datePublished")
MODIFIED_FIELDS = ("modified", "updated", "updated_at", "dateModified")
META_FIELDS = ("title", "url", "lang", "language", "id") + DATE_FIELDS + MODIFIED_FIELDS  # what a record's meta reads
# Document.meta key: offsets in the text where a lone surrogate escape (JSON "\\ud800")
# was replaced by U+FFFD; NL606 reports them (and NL602 leaves them to it).
LONE_SURROGATES = "lone_surrogates"


@dataclass(frozen=True)
class Problem:
    """A file-level defect found while reading (binary file, invalid UTF-8…)."""

    code: str
    span: Span
    message: str


@dataclass
class Loaded:
    container: Document  # the whole file, for positions of file-level problems
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def format_of(path: str) -> str | None:
    return FORMATS.get(PurePath(path).suffix.lower())


_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(text: str) -> tuple[str, list[int]]:
    """``text`` with every lone surrogate (only a JSON or YAML ``\\ud800`` escape can
    make one: no UTF-8 decoding does) replaced by U+FFFD, and their offsets. A lone
    surrogate is not a character: it cannot be encoded, printed or written to a report."""
    if text.isascii():
        return text, []
    offsets = [m.start() for m in _SURROGATE.finditer(text)]
    return (_SURROGATE.sub("\ufffd", text), offsets) if offsets else (text, offsets)


def _clean(value: str) -> str:
    return _without_surrogates(value)[0]


def _front_matter(text: str) -> tuple[dict, int]:
    """YAML front matter of a Markdown file and where the body starts.

    Values are read as plain strings (YAML's BaseLoader: no ``!!int``, ``!!timestamp``
    or date conversion can fail, however odd the value); only top-level string values
    are kept, and a value that makes no sense (``date: 2025-02-30``) is ignored by
    whoever reads it. What does not parse as a YAML mapping is not front matter (an
    article may open with a rule ``---``): it is linted as text, as before. Nothing
    in it can stop the file from being linted."""
    if not text.startswith("---\n"):
        return {}, 0
    end = text.find("\n---", 4)
    if end == -1:
        return {}, 0
    import yaml

    try:
        data = yaml.load(text[4:end], Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    except Exception:  # YAMLError, RecursionError (deep nesting), anything else: no metadata
        return {}, 0
    if not isinstance(data, dict):
        return {}, 0
    meta = {_clean(str(k)).lower(): _clean(v) for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}
    if "language" in meta and "lang" not in meta:
        meta["lang"] = meta["language"]
    if "published" in meta and "date" not in meta:
        meta["date"] = meta["published"]
    if "updated" in meta and "modified" not in meta:
        meta["modified"] = meta["updated"]
    body = text.find("\n", end + 4)
    return meta, (len(text) if body == -1 else body + 1)


def _record_documents(path: str, text: str, loaded: Loaded, default_lang: str | None,
                      line_no: int = 0, index: int = 0) -> None:
    pos = 0
    n = len(text)
    while pos < n:
        end = text.find("\n", pos)
        end = n if end == -1 else end
        line_no += 1
        raw = text[pos:end]
        span = Span(pos, end)
        pos = end + 1
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as err:
            loaded.problems.append(Problem("NL904", span, f"malformed JSONL record: {err.msg} (column {err.colno}); record skipped"))
            index += 1
            continue
        except RecursionError:
            loaded.problems.append(Problem("NL904", span, "malformed JSONL record: nested too deeply to read; record skipped"))
            index += 1
            continue
        except ValueError as err:  # e.g. an integer of more than 4,300 digits
            loaded.problems.append(Problem("NL904", span, f"malformed JSONL record: {_clean(str(err))}; record skipped"))
            index += 1
            continue
        if not isinstance(obj, dict):
            loaded.problems.append(Problem("NL904", span, f"JSONL record is a {type(obj).__name__}, not an object; record skipped"))
            index += 1
            continue
        doc = record_document(path, obj, default_lang, index, line_no, len(raw))
        if isinstance(doc, str):
            loaded.problems.append(Problem("NL904", span, f"JSONL record {doc}; record skipped"))
        else:
            loaded.documents.append(doc)
        index += 1


def record_value(value):
    """A column's value as a record field: a date or timestamp (Arrow, Parquet) as its
    ISO string, as JSON would hold it; anything else as it is."""
    import datetime

    return value.isoformat() if isinstance(value, (datetime.date, datetime.datetime)) else value


def record_document(path: str, obj: dict, default_lang: str | None, index: int, line: int,
                    width: int = 0) -> Document | str:
    """The article of one record (a JSONL line's object, a Parquet row): its text from
    the first string of ``TEXT_FIELDS``, its metadata from the usual fields; or, when it
    has no text, why not (``"has no … string"``). ``line`` is where the record is
    reported (a JSONL line, a Parquet row number), ``width`` the characters there."""
    body = next((obj[k] for k in TEXT_FIELDS if isinstance(obj.get(k), str)), None)
    if body is None:
        return f"has no {', '.join(TEXT_FIELDS[:-1])} or {TEXT_FIELDS[-1]} string"
    body, surrogates = _without_surrogates(body.replace("\r\n", "\n"))
    meta: dict = {}
    if surrogates:
        meta[LONE_SURROGATES] = tuple(surrogates)
    for key in ("title", "url", "lang", "language", "id"):
        if isinstance(obj.get(key), (str, int, float)):  # not a list nested 900 deep
            meta.setdefault("lang" if key == "language" else key, _clean(str(obj[key])))
    for key in DATE_FIELDS:
        if isinstance(obj.get(key), str):
            meta.setdefault("date", _clean(obj[key]))
    for key in MODIFIED_FIELDS:
        if isinstance(obj.get(key), str):
            meta.setdefault("modified", _clean(obj[key]))
    if default_lang and "lang" not in meta:
        meta["lang"] = default_lang
    record = Record(index, meta.get("id"), line, width)
    return Document(path, body, "jsonl", split_blocks(body, False), meta, record=record)


def load_records(path: str, data: bytes, default_lang: str | None, line_offset: int, first_index: int) -> Loaded:
    """One part of a large JSONL file: whole lines of it, the first one line
    ``line_offset + 1`` of the file and record ``first_index``. The caller (``corpus``)
    cut the file so that every part is valid UTF-8 and only the first may start with a
    BOM, so a part reads exactly as the same lines read within the whole file."""
    decoded = decode(data) if line_offset == 0 else Decoded(data.decode("utf-8"), "utf-8")
    text = (decoded.text or "").replace("\r\n", "\n")
    loaded = Loaded(Document(path, text, "jsonl", line_offset=line_offset))
    _record_documents(path, text, loaded, default_lang, line_offset, first_index)
    return loaded


def load(path: str, data: bytes, default_lang: str | None = None, html_scope: str = "article") -> Loaded:
    fmt = format_of(path) or "text"
    if fmt == "parquet":
        from .parquet import load_parquet

        return load_parquet(path, data, default_lang)
    decoded = decode(data, declared_charset(data) if fmt == "html" else None)
    if decoded.text is None:
        container = Document(path, "", fmt)
        return Loaded(container, problems=[Problem("NL902", Span(0, 0), "binary file (NUL bytes): not linted")])
    text = decoded.text.replace("\r\n", "\n")
    container = Document(path, text, fmt)
    loaded = Loaded(container)
    if decoded.error_offset is not None:
        off = min(decoded.error_offset, len(text))
        loaded.problems.append(Problem(
            "NL601", Span(off, min(off + 1, len(text))),
            f"file is not valid UTF-8 (byte 0x{decoded.bad_byte:02X} here); it looks like "
            f"{decoded.encoding}, linted as such: re-encode the file as UTF-8"))
    if not text.strip():
        loaded.problems.append(Problem("NL903", Span(0, len(text)), "empty file: nothing to lint"))
        return loaded
    meta: dict = {"lang": default_lang} if default_lang else {}
    if fmt == "jsonl":
        _record_documents(path, text, loaded, default_lang)
    elif fmt == "html":
        from .html import read_html

        body, blocks, html_meta, directives, source_map = read_html(text, html_scope)
        meta.update(html_meta)
        loaded.documents.append(Document(path, body, fmt, blocks, meta, directives, source_map))
    elif fmt == "markdown":
        front, start = _front_matter(text)
        meta.update(front)
        loaded.documents.append(Document(path, text, fmt, split_blocks(text, True, start), meta,
                                         find_directives(text)))
    else:
        loaded.documents.append(Document(path, text, fmt, split_blocks(text, False), meta))
    return loaded
