"""newslint.batch: the per-document engine over Arrow batches, against the file engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow", reason="pyarrow is in the 'ray' and 'test' extras: pip install -e '.[test]'")

from newslint.batch import FINDING_COLUMNS, lint_batch  # noqa: E402
from newslint.config import Settings  # noqa: E402
from newslint.engine import Plan, lint_source  # noqa: E402
from newslint.registry import Registry  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))] + [
    p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "fixtures" / "defects").glob("*.txt"))]


def articles() -> list[dict]:
    return [{"id": f"a{i}", "text": t, "title": t.split("\n", 1)[0] if i % 3 == 0 else None,
             "language": "fr" if i % 4 == 0 else None, "date": "2024-11-06" if i % 2 else None}
            for i, t in enumerate(TEXTS)]


def test_lint_batch_gives_what_the_jsonl_engine_gives():
    records = articles()
    table = pa.Table.from_pylist(records)
    rows = lint_batch(table).to_pylist()
    assert rows and set(rows[0]) == set(FINDING_COLUMNS)
    jsonl = "".join(json.dumps({k: v for k, v in r.items() if v is not None and k != "language"}
                               | ({"lang": r["language"]} if r["language"] else {})) + "\n" for r in records)
    registry = Registry.discover()
    result = lint_source("feed.jsonl", jsonl.encode(), Plan.make(registry, Settings()))
    from newslint.reporters import finding_to_dict

    expected = []
    for d in result.documents:
        for f in d.findings:
            x = finding_to_dict(d.document, f)
            expected.append((x["record"]["index"], x["record"]["id"], f.code, f.message, x["record"]["line"],
                             x["record"]["column"], x["record"]["end_line"], x["record"]["end_column"],
                             x["fix"]))
    got = [(r["record"], r["id"], r["code"], r["message"], r["line"], r["column"], r["end_line"], r["end_column"],
            None if r["fix"] is None else json.loads(r["fix"])) for r in rows]
    assert got == expected
    assert {r["code"] for r in rows} >= {"NL101", "NL201"}


def test_lint_batch_takes_record_batches_and_an_index_column():
    table = pa.Table.from_pylist([{"body": "Budget approved\n\nBudget approved\n\nThe council voted.\n", "index": 41, "path": "s3://bucket/part-0.parquet"}])
    rows = lint_batch(table.to_batches()[0]).to_pylist()
    assert [r["code"] for r in rows] == ["NL201"] and rows[0]["line"] == 3
    assert all(r["record"] == 41 and r["path"] == "s3://bucket/part-0.parquet" and r["id"] is None
                        for r in rows)


def test_lint_batch_without_text_is_a_clear_error_and_empty_is_empty():
    with pytest.raises(ValueError, match="needs a column named one of text, body, content"):
        lint_batch(pa.table({"id": ["x"]}))
    assert lint_batch(pa.table({"text": pa.array([], pa.string())})).num_rows == 0


def test_engine_ray_without_ray_is_a_clear_usage_error(monkeypatch):
    import sys

    from click.testing import CliRunner

    from newslint.cli import main

    monkeypatch.setitem(sys.modules, "ray", None)  # as if the extra were not installed
    monkeypatch.delitem(sys.modules, "newslint.ray", raising=False)
    monkeypatch.delattr(sys.modules["newslint"], "ray", raising=False)
    result = CliRunner().invoke(main, ["--engine", "ray", str(ROOT / "seeds")])
    assert result.exit_code == 2
    assert "--engine ray needs Ray Data: pip install 'newslint[ray]'" in result.output
    assert "Traceback" not in result.output
