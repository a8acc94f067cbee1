"""Fixture articles: clean journalism must produce nothing; defective articles and the
seeds must produce exactly their snapshot (update with --update-snapshots, then review
the diff)."""

from pathlib import Path

import pytest

from newslint.config import Settings
from newslint.reporters import fix_applicability, locate, record_label
from newslint.runner import lint_file

from conftest import FIXTURES, SEEDS

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
CLEAN = sorted((FIXTURES / "clean").iterdir())
DEFECTS = sorted((FIXTURES / "defects").iterdir())


def render(path: Path, registry) -> str:
    """Each finding: start-end, record, code, severity and message; then its related
    locations (``  related …``) and its fix as a diff of the flagged text (``  fix …``)."""
    result = lint_file(path, registry, Settings(), {})
    lines = []
    for doc, f in result.all_findings():
        loc = locate(doc, f.span)
        record = f" [{record_label(loc.record)}-{loc.record['end_line']}:{loc.record['end_column']}]" if loc.record else ""
        lines.append(f"{loc.line}:{loc.column}-{loc.end_line}:{loc.end_column}{record} {f.code} {f.severity} {f.message}")
        for rel in f.related:
            rl = locate(doc, rel.span)
            where = f"record {rl.record['line']}:{rl.record['column']}" if rl.record else f"{rl.line}:{rl.column}"
            lines.append(f"  related {where}-{rl.end_line if not rl.record else rl.record['end_line']}:"
                         f"{rl.end_column if not rl.record else rl.record['end_column']} {rel.message}")
        if f.fix is not None:
            lines.append(f"  fix [{fix_applicability(doc, f.fix)}] {f.fix.message}")
            for e in f.fix.edits:
                lines.append(f"    - {doc.text[e.span.start:e.span.end]!r}")
                lines.append(f"    + {e.replacement!r}")
    return "\n".join(lines) + ("\n" if lines else "")


def check_snapshot(snapshot: Path, actual: str, request) -> None:
    """Compare with the snapshot. With --update-snapshots a changed snapshot is
    rewritten and the test still fails: review the diff, then run without it."""
    if request.config.getoption("--update-snapshots") and (
            not snapshot.exists() or snapshot.read_text(encoding="utf-8") != actual):
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(actual, encoding="utf-8")
        pytest.fail(f"snapshot {snapshot.name} rewritten: review `git diff`, then run pytest without "
                    "--update-snapshots")
    assert snapshot.exists(), f"no snapshot for {snapshot.name}: run pytest --update-snapshots and review it"
    assert actual == snapshot.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_article_has_no_findings(path, registry):
    assert render(path, registry) == ""


@pytest.mark.parametrize("path", DEFECTS + sorted(SEEDS.iterdir()), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_snapshot(path, registry, request):
    snapshot = SNAPSHOTS / path.parent.name / (path.name + ".txt")
    check_snapshot(snapshot, render(path, registry), request)


def test_every_defect_fixture_has_findings(registry):
    assert all(render(p, registry) for p in DEFECTS)
