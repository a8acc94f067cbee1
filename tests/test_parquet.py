"""Parquet corpora (issue 13 §2): rows read as articles, like JSONL records, through
the optional pyarrow; without it, or for a file that is not Parquet, one NL901 finding."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newslint import Linter
from newslint.cli import main
from newslint.corpus import Part, Whole, plan, weight
from newslint.linter import _batches

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

ARTICLES = [
    {"id": "a1", "title": "Budget vote", "language": "fr",
     "text": "Le budget\n\nSouhaitez-vous que je complète le tableau ou que je reformule certains passages ?"},
    {"id": "a2", "title": "Weather", "language": "en", "text": "Rain today.\n\nThe council met &amp; voted on Tuesday."},
    {"id": "a3", "title": "Clean", "language": "en", "text": "A clean article about the harbour.\n\nIt reopened."},
    {"id": "a4", "title": "Hand-off", "language": "en",
     "text": "Here is the rewritten article:\n\nThe mayor opened the new bridge on Monday."},
]


@pytest.fixture
def cli(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)

    def invoke(*args):
        return CliRunner().invoke(main, ["--no-cache", *args], catch_exceptions=False)

    return invoke


def write_both(folder: Path, rows: list[dict], name: str = "feed", **options) -> tuple[Path, Path]:
    jsonl = folder / f"{name}.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    parquet = folder / f"{name}.parquet"
    pq.write_table(pa.Table.from_pylist(rows), parquet, **options)
    return jsonl, parquet


def per_record(output: str) -> list[tuple]:
    """(record index, id, code, message, position in the record's text) of a JSON output."""
    return sorted((f["record"]["index"], f["record"]["id"], f["code"], f["message"], f["record"]["line"],
                   f["record"]["column"], f["record"]["end_line"], f["record"]["end_column"])
                  for file in json.loads(output)["files"] for f in file["findings"] if "record" in f)


def test_rows_are_linted_like_the_same_records_in_jsonl(tmp_path, cli):
    jsonl, parquet = write_both(tmp_path, ARTICLES)
    from_jsonl = per_record(cli("--format", "json", str(jsonl)).output)
    from_parquet = per_record(cli("--format", "json", str(parquet)).output)
    assert from_parquet == from_jsonl
    assert {r[2] for r in from_parquet} >= {"NL101", "NL102", "NL302"}
    assert {r[1] for r in from_parquet} == {"a1", "a2", "a4"}  # ids from the id column


def test_a_rows_line_is_its_row_number_and_ids_and_titles_are_kept(tmp_path, cli):
    _, parquet = write_both(tmp_path, ARTICLES)
    [file] = json.loads(cli("--format", "json", str(parquet)).output)["files"]
    for f in file["findings"]:
        assert f["line"] == f["record"]["index"] + 1 and f["column"] == 1
    text = cli("--no-color", str(parquet)).output
    assert re.search(r"feed\.parquet:4:1: \[record 3 \(id a4\) 1:1\] NL102", text)
    assert "3 of 4 records have findings." in text
    result = Linter().lint(parquet)
    assert [(d.document.record.index, d.document.meta.get("title"), d.document.meta.get("lang"))
            for d in result.documents] == [(0, "Budget vote", "fr"), (1, "Weather", "en"), (2, "Clean", "en"),
                                           (3, "Hand-off", "en")]


def test_other_text_columns_dates_and_integer_ids(tmp_path):
    import datetime

    path = tmp_path / "c.parquet"
    pq.write_table(pa.table({"id": [7, 8], "content": ["Hello there.\n\nA short article.", None],
                             "published": [datetime.datetime(2025, 3, 1, 9, 30), None]}), path)
    result = Linter().lint(path)
    [doc] = [d.document for d in result.documents]
    assert doc.record.id == "7" and doc.meta["date"] == "2025-03-01T09:30:00"
    [missing] = result.file_findings
    assert missing.code == "NL904" and "row 2 has no text" in missing.message
    assert result.container.position(missing.span.start) == (2, 1)  # the row's line


def corpus_rows(n: int) -> list[dict]:
    return [{"id": f"r{i}", "title": f"Titre {i}", "text": f"Titre {i}\n\nLe maire a dit &amp; ajouté {i} choses."
             if i % 3 else f"Titre {i}\n\nUn article sans défaut, numéro {i}."} for i in range(n)]


def test_a_2000_row_file_gives_what_jsonl_gives_and_is_cut_in_parts(tmp_path, cli):
    jsonl, parquet = write_both(tmp_path, corpus_rows(2000), row_group_size=700)
    tasks = list(plan([parquet], 1 << 30))
    assert len(tasks) > 4 and all(isinstance(t, Part) for t in tasks)
    assert sum(weight(t) for t in tasks) == 2000  # the progress bar counts rows
    assert [t.final for t in tasks] == [False] * (len(tasks) - 1) + [True]
    from_jsonl = per_record(cli("--format", "json", str(jsonl)).output)
    from_parquet = per_record(cli("--format", "json", str(parquet)).output)
    assert from_parquet == from_jsonl
    assert sum(r[2] == "NL302" for r in from_parquet) == 1333  # the rows with an entity


def test_jobs_2_gives_identical_output(tmp_path, cli):
    _, parquet = write_both(tmp_path, corpus_rows(300))
    one = cli("--format", "json", "-j", "1", str(parquet))
    assert len(list(_batches(Linter().tasks([str(parquet)]), 2))) >= 4  # work for both workers
    two = cli("--format", "json", "-j", "2", str(parquet))
    assert one.output == two.output and json.loads(one.output)["summary"]["findings"] >= 200


def test_small_file_is_linted_whole(tmp_path):
    _, parquet = write_both(tmp_path, ARTICLES[:2])
    assert [type(t) for t in plan([parquet], 1 << 30)] == [Whole]


def test_discovered_in_folders(tmp_path, cli):
    (tmp_path / "corpus").mkdir()
    write_both(tmp_path / "corpus", ARTICLES)
    out = json.loads(cli("--format", "json", "corpus").output)
    assert [(f["path"], len(f["findings"])) for f in out["files"]] == [("corpus/feed.jsonl", 3), ("corpus/feed.parquet", 3)]


def test_missing_text_column_is_a_finding(tmp_path, cli):
    pq.write_table(pa.table({"id": ["x"], "headline": ["No text here"]}), tmp_path / "t.parquet")
    result = cli("--no-color", "t.parquet")
    assert result.exit_code == 1
    assert ("t.parquet:1:1: NL904 error [internal] Parquet file has no text, body, content or article column "
            "(columns: id, headline); not linted") in result.output


@pytest.mark.parametrize("data, why", [
    (b"id,text\n1,hello\n", "Parquet magic bytes not found"),
    (b"PAR1" + b"\x00" * 40 + b"PAR1", "not a readable Parquet file"),
])
def test_corrupt_or_not_parquet_is_a_finding_with_the_reason(tmp_path, cli, data, why):
    (tmp_path / "bad.parquet").write_bytes(data)
    (tmp_path / "ok.txt").write_text("Here is the rewritten article:\n\nThe mayor spoke.\n", encoding="utf-8")
    result = cli("--no-color", ".")
    assert "Traceback" not in result.output and result.exit_code == 1
    line = next(ln for ln in result.output.splitlines() if ln.startswith("bad.parquet"))
    assert "NL901" in line and why in line
    assert "ok.txt:1:1" in result.output  # the run went on


def test_truncated_file_is_a_finding(tmp_path, cli):
    _, parquet = write_both(tmp_path, corpus_rows(50))
    parquet.write_bytes(parquet.read_bytes()[:-30])
    result = cli("--no-color", str(parquet))
    assert "Traceback" not in result.output and "NL901" in result.output and result.exit_code == 1


def test_report_has_one_section_per_record(tmp_path, cli):
    _, parquet = write_both(tmp_path, ARTICLES)
    cli(str(parquet), "--report", "out", "-q")
    html = (tmp_path / "out" / "feed.parquet.html").read_text(encoding="utf-8")
    sections = re.findall(r'<h3 class="record" id="r(\d+)-L">([^<]*) <span class="muted">\(record \d+ · id (\w+)\)',
                          html)
    assert sections == [("0", "Budget vote", "a1"), ("1", "Weather", "a2"), ("3", "Hand-off", "a4")]
    assert "1 record(s) without findings not shown" in html


BLOCK_PYARROW = "import sys; sys.modules['pyarrow'] = None; sys.modules['pyarrow.parquet'] = None; "


def test_without_pyarrow_a_parquet_file_is_a_finding_saying_what_to_install(tmp_path):
    write_both(tmp_path, ARTICLES)
    (tmp_path / "a.txt").write_text("Here is the rewritten article:\n\nThe mayor spoke.\n", encoding="utf-8")
    code = BLOCK_PYARROW + "from newslint.cli import run; sys.argv = ['newslint', '--no-cache', '--no-color', '.']; run()"
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stdout + done.stderr and done.returncode == 1
    assert ("feed.parquet:1:1: NL901 error [internal] cannot read file: reading Parquet needs pyarrow, which is not "
            "installed: pip install 'newslint[parquet]'") in done.stdout
    assert "a.txt:1:1" in done.stdout and "feed.jsonl:" in done.stdout  # the run went on


def test_start_up_does_not_import_pyarrow(tmp_path):
    (tmp_path / "a.txt").write_text("A clean article.\n", encoding="utf-8")
    code = ("import sys\nfrom newslint.cli import run\nsys.argv = ['newslint', '--no-cache', 'a.txt']\n"
            "try:\n    run()\nfinally:\n    print('pyarrow' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip().endswith("False")


def test_lint_batch_reads_a_parquet_files_rows_as_the_reader_does(tmp_path, cli):
    from newslint.batch import lint_batch

    _, parquet = write_both(tmp_path, ARTICLES)
    rows = lint_batch(pq.read_table(parquet)).to_pylist()
    from_batch = sorted((r["record"], r["id"], r["code"], r["message"], r["line"], r["column"], r["end_line"],
                         r["end_column"]) for r in rows)
    assert from_batch == per_record(cli("--format", "json", str(parquet)).output) and from_batch


def test_parts_in_any_order_read_the_rows_they_name(tmp_path):
    """The reader goes on from the previous part when it can (forward, in one row
    group), else starts afresh: parts read in order, reversed or skipping, across row
    groups, give each row once, at its place."""
    _, parquet = write_both(tmp_path, corpus_rows(300), row_group_size=70)
    tasks = list(plan([parquet], 1 << 30))
    whole = Linter().lint(Whole(parquet))
    expected = [(d.document.record.index, d.document.text) for d in whole.documents]
    assert len(expected) == 300
    for order in (tasks, tasks[::-1], tasks[::3] + tasks[1::3] + tasks[2::3]):
        linter = Linter()  # one reader per Linter, as in each worker
        got = sorted((d.document.record.index, d.document.text) for t in order for d in linter.lint(t).documents)
        assert got == expected


def test_a_row_without_text_is_a_finding_on_its_row_in_any_part(tmp_path, cli):
    rows = corpus_rows(100)
    rows[69]["text"] = None
    _, parquet = write_both(tmp_path, rows)
    assert len(list(plan([parquet], 1 << 30))) > 2
    [file] = json.loads(cli("--format", "json", str(parquet)).output)["files"]
    [missing] = [f for f in file["findings"] if f["code"] == "NL904"]
    assert (missing["line"], missing["column"]) == (70, 1) and "row 70 has no text" in missing["message"]
    assert '{"id": "r69", "title": "Titre 69", "text": null}' in cli("--no-color", str(parquet)).output  # the excerpt
