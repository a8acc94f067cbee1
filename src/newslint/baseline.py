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

from .engine import FileResult
from .model import Document, Finding

VERSION = 1


def fingerprint(path: str, doc: Document, finding: Finding) -> str:
    excerpt = " ".join(doc.slice(finding.span).split())[:200]
    record = doc.record.id or str(doc.record.index) if doc.record else ""
    key = "\0".join((path, finding.code, record, excerpt))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def write(path: Path, results: Iterable[FileResult]) -> int:
    counts: Counter[tuple[str, str, str]] = Counter()
    for r in results:
        for doc, f in r.all_findings():
            counts[(r.path, f.code, fingerprint(r.path, doc, f))] += 1
    entries = [{"path": p, "code": c, "fingerprint": fp, "count": n} for (p, c, fp), n in sorted(counts.items())]
    path.write_text(json.dumps({"version": VERSION, "findings": entries}, indent=1) + "\n", encoding="utf-8")
    return sum(counts.values())


class BaselineError(ValueError):
    pass


def read(path: Path) -> Counter[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Counter({e["fingerprint"]: int(e.get("count", 1)) for e in data["findings"]})
    except OSError as err:
        raise BaselineError(f"{path}: cannot read baseline: {err.strerror}") from None
    except (ValueError, KeyError, TypeError) as err:
        raise BaselineError(f"{path}: not a newslint baseline file ({err})") from None


def filter_result(result: FileResult, known: Counter[str]) -> None:
    """Drop findings present in the baseline (consuming its counts), in place."""
    def keep(doc: Document, f: Finding) -> bool:
        fp = fingerprint(result.path, doc, f)
        if known[fp] > 0:
            known[fp] -= 1
            return False
        return True

    result.file_findings = [f for f in result.file_findings if keep(result.container, f)]
    for d in result.documents:
        d.findings = [f for f in d.findings if keep(d.document, f)]
