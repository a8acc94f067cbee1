"""Parquet corpora: each row an article, read batch by batch (needs ``pyarrow``).

A row is mapped to an article exactly as a JSONL record is (``record_document``):
text from the first string column of ``TEXT_FIELDS``, metadata from ``id``,
``title``, ``lang``/``language``, ``date``/``published``, ``url``… (dates stored as
Parquet timestamps or dates are read as ISO strings). Parquet has no lines, so a
row's *line* is its row number in the file, from 1 (record ``index`` is from 0):
findings sit on that line, column 1, and ``record`` gives the place inside the text.

Only the columns used are read, a few hundred rows at a time
(``ParquetFile.iter_batches``); ``corpus`` cuts large files into row ranges. Without
``pyarrow``, or for a file pyarrow cannot read, the file is one NL901 finding saying
why; a row without text is an NL904 finding on its row. Never raises.
"""

from __future__ import annotations

import os
from typing import Iterator

from ..model import Document, Span
from . import META_FIELDS, TEXT_FIELDS, Loaded, Problem, record_document, record_value

BATCH_ROWS = 256  # rows decoded at a time
INSTALL = "pip install 'newslint[parquet]'"


class Unreadable(Exception):
    """The file cannot be read as Parquet: the message says why."""


def _open(source):
    """A ``pyarrow.parquet.ParquetFile`` over ``source`` (bytes or a path)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise Unreadable(f"reading Parquet needs pyarrow, which is not installed: {INSTALL}") from None
    try:
        return pq.ParquetFile(pa.BufferReader(source) if isinstance(source, (bytes, bytearray)) else os.fspath(source))
    except Exception as err:  # ArrowInvalid (not Parquet, truncated footer), OSError…
        raise Unreadable(f"not a readable Parquet file: {_reason(err)}") from None


def _reason(err: Exception) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= 300 else text[:299] + "…"


def row_groups(path) -> list[int] | None:
    """Rows in each row group of the Parquet file ``path``; None when it cannot be
    read (no pyarrow, not Parquet): it is then read whole and the reader says why."""
    try:
        pf = _open(path)
    except Exception:
        return None
    try:
        md = pf.metadata
        return [md.row_group(g).num_rows for g in range(md.num_row_groups)]
    except Exception:
        return None
    finally:
        pf.close()


def _starts(pf) -> list[int]:
    """The first row of each row group, and the row count last."""
    md = pf.metadata
    starts = [0]
    for g in range(md.num_row_groups):
        starts.append(starts[-1] + md.row_group(g).num_rows)
    return starts


def _rows(pf, columns: list[str], start: int) -> Iterator[tuple[int, dict]]:
    """(row number from 0, row as a dict) for the rows of ``pf`` from ``start`` on,
    reading only the row groups that hold them, one batch at a time."""
    starts = _starts(pf)
    groups = [g for g in range(len(starts) - 1) if starts[g + 1] > start]
    if not groups:
        return
    row = starts[groups[0]]
    for batch in pf.iter_batches(batch_size=BATCH_ROWS, row_groups=groups, columns=columns, use_threads=False):
        n = batch.num_rows
        if row + n > start:
            lo = max(0, start - row)
            for i, rec in enumerate(batch.slice(lo).to_pylist()):
                yield row + lo + i, {k: record_value(v) for k, v in rec.items()}
        row += n


class Cursor:
    """Reads one Parquet file forward, part after part. A part that starts at or after
    where the previous one stopped goes on from there (within its row group; a later
    row group is opened directly) instead of decoding the file again from the start,
    so a process reads each row of a file at most once. One per ``Linter`` (each worker
    has its own); it starts over when another file, or a file changed on disk, is read."""

    def __init__(self) -> None:
        self._key = None
        self._pf = None
        self._rows: Iterator | None = None
        self._pending = None  # the next (row, record) read but not yet used
        self._next = 0  # the row the cursor is at
        self._starts: list[int] = []

    def open(self, path):
        st = os.stat(path)
        key = (os.fspath(path), st.st_ino, st.st_size, st.st_mtime_ns)
        if key != self._key:
            self._key, self._rows, self._pending = None, None, None
            if self._pf is not None:
                self._pf.close()
                self._pf = None
            self._pf = _open(path)
            self._starts = _starts(self._pf)
            self._key = key
        return self._pf

    def rows(self, columns: list[str], start: int, stop: int) -> Iterator[tuple[int, dict]]:
        group_end = next((s for s in self._starts if s > self._next), 0)
        if self._rows is None or start < self._next or start >= group_end:
            self._rows, self._pending, self._next = _rows(self._pf, columns, start), None, start
        try:
            while True:
                if self._pending is None:
                    self._pending = next(self._rows, None)
                    if self._pending is None:
                        self._rows = None
                        return
                row, rec = self._pending
                if row >= stop:
                    return
                self._pending, self._next = None, row + 1
                if row >= start:
                    yield row, rec
        except Exception:
            self._key = self._rows = self._pending = None  # read afresh next time
            raise


def _show(rec: dict) -> str:
    """A row's fields as one line of JSON (at most 200 characters), for the excerpt."""
    import json

    text = json.dumps(rec, ensure_ascii=False, default=str)
    return text if len(text) <= 200 else text[:199] + "…"


def load_parquet(path: str, source, default_lang: str | None = None, start: int = 0,
                 stop: int | None = None, cursor: Cursor | None = None) -> Loaded:
    """The articles of rows ``[start, stop)`` (all by default) of a Parquet file given
    as its bytes or its path on disk (read through ``cursor`` when given). Problems on
    a row sit on that row's line."""
    if isinstance(source, (bytes, bytearray)) and not source.strip():
        return Loaded(Document(path, "", "parquet"), problems=[Problem("NL903", Span(0, 0), "empty file: nothing to lint")])
    try:
        pf = cursor.open(source) if cursor is not None else _open(source)
        rows = pf.metadata.num_rows
        names = pf.schema_arrow.names
    except Unreadable as why:
        return Loaded(Document(path, "", "parquet"), problems=[Problem("NL901", Span(0, 0), f"cannot read file: {why}")])
    except Exception as err:  # OSError from os.stat, anything from the metadata
        return Loaded(Document(path, "", "parquet"),
                      problems=[Problem("NL901", Span(0, 0), f"cannot read file: not a readable Parquet file: {_reason(err)}")])
    stop = rows if stop is None else min(stop, rows)
    loaded = Loaded(Document(path, "", "parquet"))
    if not any(c in names for c in TEXT_FIELDS):
        shown = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
        loaded.problems.append(Problem("NL904", Span(0, 0), f"Parquet file has no {', '.join(TEXT_FIELDS[:-1])} or "
                                                             f"{TEXT_FIELDS[-1]} column (columns: {shown or 'none'}); not linted"))
        return loaded
    if rows == 0:
        loaded.problems.append(Problem("NL903", Span(0, 0), "empty file: no rows to lint"))
        return loaded
    columns = [c for c in names if c in TEXT_FIELDS or c in META_FIELDS]
    shown_rows: list[tuple[int, str, str, str]] = []  # (row, code, message, what the excerpt shows)
    row = start
    try:
        for row, rec in (cursor.rows(columns, start, stop) if cursor is not None else _rows(pf, columns, start)):
            if row >= stop:
                break
            doc = record_document(path, rec, default_lang, row, row + 1)
            if isinstance(doc, str):
                shown_rows.append((row, "NL904", f"Parquet row {row + 1} {doc}; row skipped", _show(rec)))
            else:
                loaded.documents.append(doc)
            row += 1
    except Exception as err:  # a corrupt page or column chunk: what was read is still linted
        row = min(row, stop - 1)
        shown_rows.append((row, "NL901", f"cannot read rows {row + 1}-{stop} of the Parquet file: {_reason(err)}; "
                                         f"they were not linted", ""))
    if shown_rows:  # a line per row of the part, so a problem sits on its row's line, showing the row's fields
        lines = [""] * (stop - start)
        for r, _, _, shown in shown_rows:
            lines[r - start] = shown
        loaded.container = Document(path, "\n".join(lines) + "\n", "parquet", line_offset=start)
        offsets = [0]
        for r, code, message, shown in shown_rows:  # rows in increasing order
            while len(offsets) <= r - start:
                offsets.append(offsets[-1] + len(lines[len(offsets) - 1]) + 1)
            at = offsets[r - start]
            loaded.problems.append(Problem(code, Span(at, at + len(shown)), message))
    return loaded
    if rows == 0:
        loaded.problems.append(Problem("NL903", Span(0, 0), "empty file: no rows to lint"))
        return loaded
    columns = [c for c in names if c in TEXT_FIELDS or c in META_FIELDS]
    row = start
    try:
        for row, rec in (cursor.rows(columns, start, stop) if cursor is not None else _rows(pf, columns, start)):
            if row >= stop:
                break
            doc = record_document(path, rec, default_lang, row, row + 1)
            if isinstance(doc, str):
                at = Span(row - start, row - start)
                loaded.problems.append(Problem("NL904", at, f"Parquet row {row + 1} {doc}; row skipped"))
            else:
                loaded.documents.append(doc)
            row += 1
    except Exception as err:  # a corrupt page or column chunk: what was read is still linted
        at = Span(max(0, min(row, stop) - start), max(0, min(row, stop) - start))
        loaded.problems.append(Problem("NL901", at, f"cannot read rows {row + 1}-{stop} of the Parquet file: "
                                                    f"{_reason(err)}; they were not linted"))
    return loaded
