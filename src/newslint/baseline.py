"""Baselines: accept today's findings, fail only on new ones.

A fingerprint hashes the file path, rule code, JSONL record and the flagged text
(whitespace-normalised), not line numbers, so it survives lines moving. Identical
fingerprints are counted, so a second copy of the same defect is still new.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Iterable

from .atomic import write_atomic
from .engine import FileResult
from .model import Document, Finding

VERSION = 1


def fingerprint(path: str, doc: Document, finding: Finding) -> str:
    excerpt = " ".join(doc.slice(finding.span).split())[:200]
    record = doc.record.id or str(doc.record.index) if doc.record else ""
    key = "\0".join((path, finding.code, record, excerpt))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


class BaselineError(ValueError):
    pass


class Recorder:
    """A sink of the run's stream (like a reporter) that keeps only each finding's
    fingerprint count, for ``write``."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str, str]] = Counter()

    def file(self, result: FileResult) -> None:
        for doc, f in result.all_findings():
            self.counts[(result.path, f.code, fingerprint(result.path, doc, f))] += 1

    def finish(self) -> None:
        pass


def write(path: Path, results: Iterable[FileResult] | Recorder) -> int:
    """Record every finding in ``path`` atomically: an existing baseline is replaced
    whole or left as it was, never half-written. A failure is a BaselineError."""
    if not isinstance(results, Recorder):
        recorder = Recorder()
        for r in results:
            recorder.file(r)
        results = recorder
    counts = results.counts
    entries = [{"path": p, "code": c, "fingerprint": fp, "count": n} for (p, c, fp), n in sorted(counts.items())]
    data = (json.dumps({"version": VERSION, "findings": entries}, indent=1) + "\n").encode("utf-8")
    try:
        write_atomic(path, data)
    except OSError as err:
        reason = err.strerror or str(err)
        if isinstance(err, FileNotFoundError):
            reason += " (does its folder exist?)"
        raise BaselineError(f"{path}: cannot write baseline: {reason}") from None
    return sum(counts.values())


def read(path: Path) -> Counter[str]:
    """Fingerprint counts from a baseline; any malformed part is a BaselineError that
    names the file and the entry."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise BaselineError(f"{path}: cannot read baseline: {err.strerror}") from None
    except UnicodeDecodeError as err:
        raise BaselineError(f"{path}: not a newslint baseline file (not UTF-8: {err.reason})") from None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as err:
        raise BaselineError(f"{path}: not a newslint baseline file (invalid JSON: {err})") from None
    if not isinstance(data, dict) or "findings" not in data:
        raise BaselineError(f"{path}: not a newslint baseline file (expected an object with 'findings')")
    if data.get("version", VERSION) != VERSION:
        raise BaselineError(f"{path}: version: unsupported baseline version {_show(data['version'])} "
                            f"(this newslint writes {VERSION})")
    entries = data["findings"]
    if not isinstance(entries, list):
        raise BaselineError(f"{path}: findings: must be a list of entries, not {_show(entries)}")
    known: Counter[str] = Counter()
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise BaselineError(f"{path}: findings[{i}]: must be an object, not {_show(entry)}")
        fp = entry.get("fingerprint")
        if not isinstance(fp, str) or not fp:
            raise BaselineError(f"{path}: findings[{i}].fingerprint: must be a non-empty string, not {_show(fp)}")
        count = entry.get("count", 1)
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise BaselineError(f"{path}: findings[{i}].count: must be a whole number >= 0, not {_show(count)}")
        known[fp] += count
    return known


def _show(value: object) -> str:
    if isinstance(value, (dict, list)):
        return f"a JSON {'object' if isinstance(value, dict) else 'array'}"
    text = json.dumps(value) if not isinstance(value, float) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def filter_result(result: FileResult, known: Counter[str]) -> int:
    """Drop findings present in the baseline (consuming its counts), in place; return
    how many were dropped."""
    before = result.count
    def keep(doc: Document, f: Finding) -> bool:
        fp = fingerprint(result.path, doc, f)
        if known[fp] > 0:
            known[fp] -= 1
            return False
        return True

    result.file_findings = [f for f in result.file_findings if keep(result.container, f)]
    for d in result.documents:
        d.findings = [f for f in d.findings if keep(d.document, f)]
    return before - result.count
