"""The pipeline (issue 13 §1-3): the Linter value, the stream, JSONL corpora in parts,
and the check command's options (stdin, --output-file, --diff, -q, baseline counts)."""

from __future__ import annotations

import gc
import importlib
import json
import pickle
import pkgutil
import shutil
import weakref
from pathlib import Path

import pytest
from click.testing import CliRunner

import newslint.checks
from newslint import Linter
from newslint.cli import main
from newslint.config import Settings
from newslint.corpus import Part, Whole, plan, weight
from newslint.linter import _batches
from newslint.model import Document
from newslint.rules import FunctionCheck

from conftest import SEEDS

FRENCH_WITH_TEMPLATE_HEADING = (
    "# La ville vote son budget\n\nLe conseil municipal a voté le budget lundi soir après un long débat sur les "
    "écoles.\n\n## Key points to remember\n\nLes travaux commenceront en mai, selon le maire de la ville, qui a "
    "présenté le projet.\n")


@pytest.fixture
def cli(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no config from the repository leaks in

    def invoke(*args, input=None):
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def seeds(tmp_path):
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def corpus(path: Path, n: int, bad_line: int | None = None) -> Path:
    """``n`` records, each with an HTML entity (NL302); line ``bad_line`` malformed."""
    lines = []
    for i in range(n):
        lines.append("{not json" if i + 1 == bad_line else
                     json.dumps({"id": f"r{i}", "text": f"Titre {i}\n\nLe maire a dit &amp; ajouté {i} choses."}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def positions(results) -> list[tuple]:
    return [(r.path, f.code, doc.position(f.span.start), doc.record.index if doc.record else None, f.message)
            for r in results for doc, f in r.all_findings()]


# -- the Linter value ------------------------------------------------------------------

def test_linter_lints_text_bytes_and_paths(tmp_path):
    linter = Linter()
    text = "Titre\n\nLe maire a dit &amp; fini.\n"
    by_text = linter.lint(text)
    assert [f.code for _, f in by_text.all_findings()] == ["NL302"]
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    by_path = linter.lint(tmp_path / "a.txt")
    assert [f.code for _, f in by_path.all_findings()] == ["NL302"]
    as_markdown = linter.lint(text.encode(), path="a.md")  # an entity is Markdown
    assert as_markdown.container.format == "markdown" and as_markdown.count == 0
    assert [r.path for r in linter.lint_paths([str(tmp_path)])] == [(tmp_path / "a.txt").as_posix()]


def test_library_settings_select_rules():
    linter = Linter(Settings(select=("NL1",)))
    assert list(linter.lint("Titre\n\nLe maire a dit &amp; fini.\n").all_findings()) == []


def test_results_are_dropped_once_every_sink_has_them(seeds):
    """The stream keeps no result: when a sink gets the third file's, the first is gone."""
    linter = Linter()
    seen: list[weakref.ref] = []
    alive_when_third_came: list[bool] = []

    class Sink:
        def file(self, result):
            seen.append(weakref.ref(result))
            if len(seen) == 3:
                gc.collect()
                alive_when_third_came.append(seen[0]() is not None)

        def finish(self):
            pass

    from newslint.reporters import ReportContext
    from newslint.reporters.formats import Json, JUnit, Sarif
    import io

    context = ReportContext("0", tuple(linter.registry.metas))
    sinks = [Sink(), Json(io.StringIO(), context), Sarif(io.StringIO(), context), JUnit(io.StringIO(), context)]
    stats = linter.run(linter.tasks([str(seeds)]), sinks)
    assert stats.files == 5 and stats.findings == 21
    assert alive_when_third_came == [False]


def test_document_caches_never_travel():
    doc = Document("a.txt", "Un texte.", "text")
    doc.lines, doc.folded, doc.derived("k", lambda d: 1)  # fill every cache
    state = pickle.loads(pickle.dumps(doc))
    assert state.text == doc.text and state._derived == {} and state._lines is None and state._folded is None
    assert "_derived" not in doc.__getstate__()


# -- rules and the engine -------------------------------------------------------------

def test_every_rule_of_a_module_is_in_its_checks_tuple():
    """A rule defined in a checks module but left out of its CHECKS never runs."""
    modules = [importlib.import_module(f"newslint.checks.{m.name}")
               for m in pkgutil.iter_modules(newslint.checks.__path__)]
    listed = {c.meta.code for c in newslint.checks.python_checks()}
    for module in modules:
        defined = [v for v in vars(module).values()
                   if isinstance(v, FunctionCheck) and v.meta.origin.startswith(module.__name__ + ".")]
        missing = [c.meta.code for c in defined if c not in module.CHECKS]
        assert not missing, f"{module.__name__}: {missing} not in CHECKS"
        assert {c.meta.code for c in defined} <= listed, f"{module.__name__} is not in python_checks()"


def test_nl501_reports_a_template_heading_when_nl108_is_off():
    both = Linter(Settings(language="fr")).lint(FRENCH_WITH_TEMPLATE_HEADING, path="a.md")
    assert [f.code for _, f in both.all_findings()] == ["NL108"]  # the better message, once
    alone = Linter(Settings(language="fr", ignore=("NL108",))).lint(FRENCH_WITH_TEMPLATE_HEADING, path="a.md")
    assert [f.code for _, f in alone.all_findings()] == ["NL501"]


# -- JSONL corpora ----------------------------------------------------------------------

def test_large_jsonl_is_linted_in_parts_with_the_same_findings(tmp_path):
    path = corpus(tmp_path / "feed.jsonl", 100, bad_line=70)
    tasks = list(plan([path], 1 << 30))
    assert len(tasks) > 2 and all(isinstance(t, Part) for t in tasks)
    assert sum(weight(t) for t in tasks) == 100  # the progress bar counts records
    assert [t.final for t in tasks] == [False] * (len(tasks) - 1) + [True]
    linter = Linter()
    parts = [linter.lint(t) for t in tasks]
    whole = linter.lint(path)
    assert sorted(positions(parts)) == sorted(positions([whole]))
    malformed = [doc.position(f.span.start) for r in parts for doc, f in r.all_findings() if f.code == "NL904"]
    assert malformed == [(70, 1)]


def test_small_or_odd_jsonl_is_linted_whole(tmp_path):
    small = corpus(tmp_path / "small.jsonl", 3)
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(corpus(tmp_path / "x.jsonl", 100).read_bytes() + '{"text": "é"}\n'.encode("latin-1"))
    assert [type(t) for t in plan([small, latin], 1 << 30)] == [Whole, Whole]


def test_jobs_spread_one_jsonl_over_workers_with_the_same_output(tmp_path, cli):
    path = corpus(tmp_path / "feed.jsonl", 200)
    assert len(list(_batches(Linter().tasks([str(path)]), 2))) >= 4  # work for both workers
    one = cli("--format", "json", "-j", "1", str(path))
    two = cli("--format", "json", "-j", "2", str(path))
    assert one.output == two.output and json.loads(one.output)["summary"]["findings"] == 200


def test_jsonl_stream_yields_the_first_part_before_reading_the_rest(tmp_path):
    path = corpus(tmp_path / "feed.jsonl", 200)
    linter = Linter()
    stream = linter.stream(linter.tasks([str(path)]))
    task, first = next(stream)
    assert first.part == 0 and not first.final and len(first.documents) < 200
    stream.close()


def test_text_summary_counts_records_with_findings(tmp_path, cli):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": "Titre\n\nLe maire &amp; fini."}) + "\n"
                    + json.dumps({"text": "Titre\n\nLe maire a fini."}) + "\n", encoding="utf-8")
    assert "1 of 2 records has findings." in cli("--no-color", str(path)).output


# -- the check command ----------------------------------------------------------------

def test_stdin_with_a_file_name(cli):
    text = b"Titre\n\nLe maire &amp; fini.\n"
    result = cli("-", "--stdin-filename", "article.txt", "--no-color", input=text)
    assert result.exit_code == 1
    assert "article.txt:3:10: NL302 " in result.output
    assert cli("-", "--stdin-filename", "article.md", input=text).exit_code == 0  # Markdown allows entities


def test_stdin_cannot_be_fixed_in_place(cli):
    result = cli("-", "--fix", input=b"x")
    assert result.exit_code == 2 and "--diff" in result.output


def test_output_file(cli, seeds, tmp_path):
    result = cli("--format", "json", "--output-file", str(tmp_path / "out.json"), str(seeds))
    assert result.exit_code == 1 and result.output == ""
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["summary"]["findings"] == 21


def test_diff_shows_the_fixes_and_writes_nothing(cli, seeds):
    before = {p: p.read_bytes() for p in seeds.iterdir()}
    result = cli("--diff", str(seeds))
    assert result.exit_code == 1
    assert "--- a/" in result.output and "+++ b/" in result.output and "\n-" in result.output
    assert {p: p.read_bytes() for p in seeds.iterdir()} == before
    assert cli("--fix", str(seeds)).exit_code == 1  # unsafe fixes and unfixable findings are left
    after = cli("--diff", str(seeds))
    assert after.exit_code == 0 and "---" not in after.output


def test_unapplied_unsafe_fixes_are_counted_with_the_flag(cli, seeds):
    output = cli("--fix", "--no-color", str(seeds)).output
    assert "have an unsafe fix, not applied: --unsafe-fixes applies them" in output
    assert "unsafe fix" not in cli("--fix", "--unsafe-fixes", str(seeds)).output


def test_baseline_says_how_many_it_hid(cli, seeds, tmp_path):
    base = tmp_path / "base.json"
    cli("--write-baseline", str(base), str(seeds))
    result = cli(str(seeds), "--baseline", str(base))
    assert result.exit_code == 0 and "The baseline hid 21 finding(s)." in result.output


def test_quiet_prints_findings_only(cli, seeds):
    lines = cli("-q", "--no-color", str(seeds)).output.splitlines()
    assert len(lines) == 21 and all(": NL" in line for line in lines)


def test_text_shows_each_findings_severity(cli, seeds):
    output = cli("--no-color", str(seeds)).output
    assert "003_3d066c6bd4fead19.txt:32:1: NL101 error [ai-leftover]" in output


def test_no_files_found_is_a_warning(cli, tmp_path):
    (tmp_path / "empty").mkdir()
    result = cli("--no-color", "empty")
    assert result.exit_code == 0
    assert "warning: no files to lint in empty" in result.output and "All checks passed" not in result.output


def test_readme_library_example_works(tmp_path, monkeypatch, capsys):
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    source = readme.split("```python\nfrom newslint import Linter\n", 1)[1].split("```", 1)[0]
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("Titre\n\nLe texte.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    exec(compile("from newslint import Linter\n" + source, "README.md", "exec"), {})
    assert capsys.readouterr().out.startswith("NL101 (3, 1) ")
