"""Large JSONL files as parts: planned in one streaming pass, read part by part.

A JSONL corpus of thousands of records is linted in parts of a few dozen records
(whole lines), so its findings come out as they are found, ``--jobs`` spreads the
parts over worker processes, the progress bar counts records and memory holds one
part at a time, never the whole file's records or results. Planning reads the file
once, line by line, to count records and cut it; a file that is small, not UTF-8 or
binary is linted whole, exactly as any other file.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .readers import format_of

PART_RECORDS = 32  # records per part (the first part has a quarter: the first findings come soon)
PART_BYTES = 1 << 20  # and never more than about this many bytes in one part
_SNIFF = 8192  # the reader looks for NUL bytes (a binary file) in this many first bytes


@dataclass(frozen=True)
class Part:
    """Whole lines ``[start, stop)`` (bytes) of a JSONL file: line ``line_offset + 1``
    of the file is its first, record ``first_index`` its first record. For a Parquet
    file, rows ``[start, stop)`` (its row number is a row's line)."""

    path: Path
    start: int
    stop: int
    line_offset: int
    first_index: int
    records: int
    number: int  # 0-based, in the file
    final: bool


@dataclass(frozen=True)
class Whole:
    """A file linted whole; ``records`` counts a JSONL file's records (else 1 article)."""

    path: Path
    records: int = 1


def weight(task) -> int:
    """Articles in a task, for the progress bar: a record of JSONL, else a file."""
    return getattr(task, "records", 1) or 1


def plan(files: Iterable, max_size: int, part_records: int = PART_RECORDS,
         part_bytes: int = PART_BYTES) -> Iterator:
    """Tasks for ``files`` (paths and ``runner.Skipped``), in order: a JSONL file of
    more than one part becomes its parts, everything else one ``Whole`` (or the
    ``Skipped`` as it was). Reads only JSONL files, one line at a time."""
    for f in files:
        if isinstance(f, Path) and format_of(str(f)) == "jsonl":
            parts = _cut(f, max_size, part_records, part_bytes)
            if isinstance(parts, list):
                yield from parts
            else:
                yield Whole(f, parts)
        elif isinstance(f, Path) and format_of(str(f)) == "parquet":
            parts = _cut_parquet(f, max_size, part_records)
            if isinstance(parts, list):
                yield from parts
            else:
                yield Whole(f, parts)
        elif isinstance(f, Path):
            yield Whole(f)
        else:
            yield f


def _cut(path: Path, max_size: int, part_records: int, part_bytes: int) -> list[Part] | int:
    """The parts of a JSONL file, or (to lint it whole) its record count: for a file
    of one part, and for any file the reader must see whole (not a regular file, too
    large, unreadable, binary, not UTF-8: its findings say why)."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > max_size or st.st_size == 0:
            return 1
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return 1
    parts: list[Part] = []
    with os.fdopen(fd, "rb") as fh:
        if b"\x00" in fh.read(_SNIFF):
            return 1
        fh.seek(0)
        start = pos = lines = first_line = first_index = records = total = 0
        for line in fh:
            try:
                blank = not line.decode("utf-8").strip()
            except UnicodeDecodeError:
                return 1
            pos += len(line)
            lines += 1
            if pos > max_size:  # grew while read: the reader reports it
                return 1
            if not blank:
                records += 1
            if records >= (part_records if parts else max(1, part_records // 4)) or pos - start >= part_bytes:
                parts.append(Part(path, start, pos, first_line, first_index, records, len(parts), False))
                start, first_line, first_index, total = pos, lines, first_index + records, total + records
                records = 0
        if pos > start:
            parts.append(Part(path, start, pos, first_line, first_index, records, len(parts), False))
            total += records
    if len(parts) <= 1:
        return total or 1
    last = parts[-1]
    parts[-1] = Part(last.path, last.start, last.stop, last.line_offset, last.first_index, last.records,
                     last.number, True)
    return parts


def _cut_parquet(path: Path, max_size: int, part_records: int) -> list[Part] | int:
    """The parts of a Parquet file, as row ranges (``start``/``stop`` are rows, and so
    are ``line_offset`` and ``first_index``: a row's line is its number) of as many
    records as a JSONL file's parts; or its row count to lint it whole (one part, too
    large, unreadable: the reader says why). Reads the file's footer only. The parts of
    one process read the file forward (``readers.parquet.Cursor``): once per process."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > max_size or st.st_size == 0:
            return 1
    except OSError:
        return 1
    from .readers.parquet import row_groups

    groups = row_groups(path)
    total = sum(groups or ())
    first = max(1, part_records // 4)  # the first part small: its findings come out soon
    if total <= first:
        return total or 1
    bounds = [0, first, *range(first + part_records, total, part_records), total]
    n = len(bounds) - 1
    return [Part(path, a, b, a, a, b - a, i, i == n - 1) for i, (a, b) in enumerate(zip(bounds, bounds[1:]))]


def read_part(part: Part) -> bytes:
    """The bytes of ``part`` (``OSError`` when the file cannot be read any more)."""
    fd = os.open(part.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        return os.pread(fd, part.stop - part.start, part.start)
    finally:
        os.close(fd)
