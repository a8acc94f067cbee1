"""The JSON contract of DESIGN.md: one object with version, files and summary."""

from __future__ import annotations

import json
from collections import Counter
from typing import IO, Iterable

from .. import __version__
from ..engine import FileResult
from . import finding_to_dict


def report(results: Iterable[FileResult], out: IO[str]) -> dict:
    files = []
    by_category: Counter[str] = Counter()
    by_severity: Counter[str] = Counter()
    total = 0
    for r in results:
        findings = []
        for doc, f in r.all_findings():
            findings.append(finding_to_dict(doc, f))
            by_category[f.category] += 1
            by_severity[str(f.severity)] += 1
        total += len(findings)
        files.append({"path": r.path, "findings": findings})
    data = {
        "version": __version__,
        "files": files,
        "summary": {"files": len(files), "findings": total, "by_category": dict(sorted(by_category.items())),
                    "by_severity": dict(sorted(by_severity.items()))},
    }
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return data
