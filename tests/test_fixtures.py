"""Fixture articles: clean journalism must produce nothing; defective articles and the
seeds must produce exactly their snapshot (update with --update-snapshots, then review
the diff)."""

from pathlib import Path

import pytest

from newslint.config import Settings
from newslint.reporters import locate, record_label
from newslint.runner import lint_file

from conftest import FIXTURES, SEEDS

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
CLEAN = sorted((FIXTURES / "clean").iterdir())
DEFECTS = sorted((FIXTURES / "defects").iterdir())


def render(path: Path, registry) -> str:
    result = lint_file(path, registry, Settings(), {})
    lines = []
    for doc, f in result.all_findings():
        loc = locate(doc, f.span)
        record = f" [{record_label(loc.record)}]" if loc.record else ""
        lines.append(f"{loc.line}:{loc.column}{record} {f.code} {f.severity} {f.message}")
    return "\n".join(lines) + ("\n" if lines else "")


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_article_has_no_findings(path, registry):
    assert render(path, registry) == ""


@pytest.mark.parametrize("path", DEFECTS + sorted(SEEDS.iterdir()), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_snapshot(path, registry, request):
    snapshot = SNAPSHOTS / path.parent.name / (path.name + ".txt")
    actual = render(path, registry)
    if request.config.getoption("--update-snapshots"):
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(actual, encoding="utf-8")
    assert snapshot.exists(), f"no snapshot for {path.name}: run pytest --update-snapshots and review it"
    assert actual == snapshot.read_text(encoding="utf-8")


def test_every_defect_fixture_has_findings(registry):
    assert all(render(p, registry) for p in DEFECTS)
