import json
import shutil

import pytest
from click.testing import CliRunner

from newslint import __version__
from newslint.cli import main

from conftest import SEEDS


@pytest.fixture
def run(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no config from the repository leaks in

    def invoke(*args):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def seeds(tmp_path):
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def test_seeds_exit_1_with_findings(run, seeds):
    result = run(str(seeds))
    assert result.exit_code == 1
    assert "003_3d066c6bd4fead19.txt:32:1: NL101 error [ai-leftover]" in result.output
    assert "Souhaitez-vous que je complète le tableau" in result.output  # the excerpt
    assert result.output.rstrip().splitlines()[-1].startswith("Found ")


def test_json_contract(run, seeds):
    result = run("--format", "json", str(seeds))
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["version"] == __version__
    assert len(data["files"]) == 5 and all(set(f) == {"path", "findings"} for f in data["files"])
    total = sum(len(f["findings"]) for f in data["files"])
    assert data["summary"]["files"] == 5 and data["summary"]["findings"] == total
    assert sum(data["summary"]["by_category"].values()) == total
    finding = next(f for file in data["files"] for f in file["findings"] if f["code"] == "NL101")
    assert set(finding) >= {"code", "name", "category", "severity", "line", "column", "end_line", "end_column",
                            "message", "fix"}
    assert finding["category"] == "ai-leftover" and finding["severity"] == "error"
    assert finding["line"] >= 1 and finding["column"] >= 1 and finding["end_column"] > finding["column"]


def test_jsonl_findings_carry_the_record(run, tmp_path):
    (tmp_path / "feed.jsonl").write_text('{"id": "x1", "text": "Intro.\\nWould you like me to add more?"}\n'
                                         '{"id": "x2", "text": "Clean."}\n', encoding="utf-8")
    data = json.loads(run("--format", "json", "feed.jsonl").output)
    (finding,) = data["files"][0]["findings"]
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (1, 1, 1, 63)  # the whole record line
    assert finding["record"] == {"index": 0, "id": "x1", "line": 2, "column": 1, "end_line": 2, "end_column": 31}


def test_missing_path_is_a_one_line_usage_error(run):
    result = run("does/not/exist")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == ["newslint: error: path does not exist: does/not/exist"]


def test_no_path_is_a_usage_error(run):
    assert run().exit_code == 2


def test_broken_config_exits_2_naming_file_and_key(run, tmp_path, seeds):
    (tmp_path / "pyproject.toml").write_text('[tool.newslint]\nignroe = ["NL1"]\n')
    result = run(str(seeds))
    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()
    assert "pyproject.toml" in line and "'ignroe'" in line and "Traceback" not in result.output


def test_unknown_selector_exits_2(run, seeds):
    result = run("--select", "NL777", str(seeds))
    assert result.exit_code == 2 and "NL777" in result.output


def test_select_ignore_by_prefix_name_and_category(run, seeds):
    assert run("--select", "NL6", str(seeds)).exit_code == 0
    assert run("--ignore", "ai-leftover,duplication", "--select", "NL1,NL2", str(seeds)).exit_code == 0
    assert run("--select", "NL101", "--ignore", "assistant-offer-to-continue", str(seeds)).exit_code == 0
    assert run("--select", "NL6", "--extend-select", "NL101", str(seeds)).exit_code == 1


def test_exit_zero_fail_on_and_quiet(run, seeds):
    assert run("--exit-zero", str(seeds)).exit_code == 0
    quiet = run("-q", str(seeds))
    assert quiet.exit_code == 1 and all(line.startswith(str(seeds)) for line in quiet.output.splitlines()[:-1])


def test_fail_on_error_ignores_warnings(run, tmp_path):
    (tmp_path / "a.md").write_text("<!-- newslint: disable=NL602 -->\nClean text.\n")
    assert run("a.md").exit_code == 1  # NL905 is a warning, default fail-on is warning
    assert run("--fail-on", "error", "a.md").exit_code == 0


def test_statistics(run, seeds):
    out = run("--statistics", str(seeds)).output
    assert "NL101  assistant-offer-to-continue" in out


def test_exclude_glob(run, seeds):
    result = run("--format", "json", "--exclude", "003_*", str(seeds))
    assert len(json.loads(result.output)["files"]) == 4


def test_rules_and_rule_commands(run):
    table = run("rules")
    assert table.exit_code == 0 and "NL101" in table.output and "assistant-offer-to-continue" in table.output
    rules = json.loads(run("rules", "--format", "json").output)
    assert {"code": "NL602", "name": "replacement-character"}.items() <= rules[[r["code"] for r in rules].index("NL602")].items()
    doc = run("rule", "NL101")
    assert doc.exit_code == 0 and "Flagged:" in doc.output and "Souhaitez-vous" in doc.output
    assert run("rule", "replacement-character").exit_code == 0
    assert run("rule", "NL999").exit_code == 2


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_suppression_comment_in_markdown(run, tmp_path):
    (tmp_path / "a.md").write_text("# T\n\n<!-- newslint: disable=NL101 -->\nWould you like me to add more?\n"
                                   "<!-- newslint: enable=NL101 -->\n\nDo you want me to shorten it?\n")
    data = json.loads(run("--format", "json", "a.md").output)
    assert [(f["code"], f["line"]) for f in data["files"][0]["findings"]] == [("NL101", 7)]


def test_disable_file_in_html(run, tmp_path):
    (tmp_path / "a.html").write_text("<html><body><!-- newslint: disable-file -->"
                                     "<p>Would you like me to add more?</p></body></html>")
    assert run("a.html").exit_code == 0


def test_per_file_ignores_for_txt(run, tmp_path, seeds):
    (tmp_path / "newslint.yaml").write_text('select: [ai-leftover]\nper-file-ignores:\n  "seeds/003_*": [NL1]\n')
    assert run(str(seeds)).exit_code == 0
    (tmp_path / "newslint.yaml").write_text('select: [ai-leftover]\nper-file-ignores:\n  "seeds/001_*": [NL1]\n')
    assert run(str(seeds)).exit_code == 1


def test_baseline_survives_lines_moving(run, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nWould you like me to add more?\n")
    assert run("--write-baseline", "base.json", "a.txt").exit_code == 0
    assert run("--baseline", "base.json", "a.txt").exit_code == 0
    article.write_text("Title\n\nA new first paragraph.\n\nWould you like me to add more?\n")
    assert run("--baseline", "base.json", "a.txt").exit_code == 0
    article.write_text("Title\n\nWould you like me to add more?\n\nDo you want me to shorten it?\n")
    result = run("--baseline", "base.json", "a.txt")
    assert result.exit_code == 1 and "Do you want me to" in result.output and "Would you" not in result.output


def test_bad_baseline_file(run, tmp_path):
    (tmp_path / "base.json").write_text("{}")
    (tmp_path / "a.txt").write_text("x")
    result = run("--baseline", "base.json", "a.txt")
    assert result.exit_code == 2 and "not a newslint baseline" in result.output


def test_fix_applies_safe_fixes_in_place(run, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Le budget\r\n\r\n\u00a0\r\n\u00a0\r\nLe maire a dit&nbsp;: c&#8217;est voté.\r\n\r\n"
                       "Le préfet près du TGITribunaux de grande instance de Meaux.\r\n", encoding="utf-8")
    page = tmp_path / "p.html"
    page.write_text("<p>Texte &amp;amp;nbsp; ici.</p>", encoding="utf-8")
    result = run("--fix", "a.txt", "p.html")
    assert result.exit_code == 1  # the unsafe NL301 fix is not applied: still reported
    assert article.read_bytes().decode("utf-8") == ("Le budget\r\n\r\nLe maire a dit\u00a0: c’est voté.\r\n\r\n"
                                                    "Le préfet près du TGITribunaux de grande instance de Meaux.\r\n")
    assert "NL301" in result.output and "NL302" in result.output  # the HTML file is never rewritten
    assert page.read_text(encoding="utf-8") == "<p>Texte &amp;amp;nbsp; ici.</p>"
    result = run("--fix", "--unsafe-fixes", "a.txt")
    assert result.exit_code == 0
    assert "TGI (Tribunaux de grande instance)" in article.read_text(encoding="utf-8")


def test_unsafe_fixes_needs_fix(run, tmp_path):
    (tmp_path / "a.txt").write_text("x")
    assert run("--unsafe-fixes", "a.txt").exit_code == 2


def test_jobs_give_the_same_results_in_the_same_order(run, tmp_path):
    for i in range(12):
        (tmp_path / f"a{i:02d}.txt").write_text(f"Titre {i}\n\nWould you like me to shorten article {i}?\n",
                                                encoding="utf-8")
    serial = run("--format", "json", str(tmp_path)).output
    parallel = run("--format", "json", "--jobs", "2", str(tmp_path)).output
    assert serial == parallel and json.loads(serial)["summary"]["files"] == 12
