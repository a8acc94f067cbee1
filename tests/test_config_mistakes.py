"""Configuration and command-line mistakes (issue 10, items 13-16): each one exits 2
with one line naming the file and the key, never "internal error", never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newslint.cli import main

DEEP = 20_000


@pytest.fixture
def project(monkeypatch, tmp_path):
    """A folder with one clean article, as the current directory (no config leaks in)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Titre\n\nLe conseil municipal a voté le budget lundi.\n", encoding="utf-8")
    return tmp_path


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def assert_mistake(result, *expected: str) -> str:
    """Exit 2, one line, every expected piece (file, key) in it, no crash."""
    output = result.output
    assert result.exit_code == 2, output
    assert "Traceback" not in output and "internal error" not in output, output
    (line,) = output.strip().splitlines()
    for piece in expected:
        assert piece in line, f"{piece!r} not in {line!r}"
    return line


# -- 13: config files --------------------------------------------------------------

CONFIGS = [
    pytest.param("newslint.yaml", "language: 2025-02-30\n", ("newslint.yaml:1:11", "language", "2025-02-30"),
                 id="yaml-date-not-a-day"),
    pytest.param("newslint.yaml", "select: 2024-13-01\n", ("newslint.yaml:1:9", "select", "2024-13-01"),
                 id="yaml-date-not-a-month"),
    pytest.param("newslint.yaml", "select: !!int abc\n", ("newslint.yaml:1:9", "select", "abc"), id="yaml-int-tag"),
    pytest.param("newslint.yaml", "ignore: [NL1, !!float x]\n", ("newslint.yaml", "ignore[1]"), id="yaml-float-tag"),
    pytest.param("newslint.yaml", "exclude: !!bool maybe\n", ("newslint.yaml", "exclude"), id="yaml-bool-tag"),
    pytest.param("newslint.yaml", "language: !!timestamp x\n", ("newslint.yaml", "language"),
                 id="yaml-timestamp-tag"),
    pytest.param("newslint.yaml", "fail-on: 0000-01-01\n", ("newslint.yaml", "fail-on"), id="yaml-year-0"),
    pytest.param("newslint.yaml", "options:\n  NL202:\n    threshold: 2025-02-30\n",
                 ("newslint.yaml:3", "options.NL202.threshold"), id="yaml-nested-bad-date"),
    pytest.param("newslint.yaml", "language: 2025-02-28\n", ("newslint.yaml", "language must be a string"),
                 id="yaml-valid-date-as-language"),
    pytest.param("newslint.yaml", "select: " + "[" * DEEP + "]" * DEEP + "\n", ("newslint.yaml", "select", "nested"),
                 id="yaml-20000-deep-list"),
    pytest.param("newslint.yaml", "select: " + "{a: " * DEEP + "}" * DEEP + "\n", ("newslint.yaml", "select"),
                 id="yaml-20000-deep-map"),
    pytest.param("newslint.yaml", "select: []\n", ("newslint.yaml", "select", "empty"), id="yaml-empty-select"),
    pytest.param("newslint.yaml", "5: x\nselect: [NL1]\n", ("newslint.yaml", "unknown key '5'"), id="yaml-number-key"),
    pytest.param("newslint.yaml", "? [a]\n: b\n", ("newslint.yaml:1", "unhashable key"), id="yaml-list-key"),
    pytest.param("newslint.yaml", "select: [NL1]\nselect: [NL2]\n", ("newslint.yaml:2:1", "duplicate key 'select'"),
                 id="yaml-duplicate-key"),
    pytest.param("pyproject.toml", "tool = 5\n", ("pyproject.toml", "tool"), id="toml-tool-not-a-table"),
    pytest.param("pyproject.toml", "[tool]\nnewslint = 3\n", ("pyproject.toml", "[tool.newslint]"),
                 id="toml-newslint-not-a-table"),
    pytest.param("pyproject.toml", "a = " + "[" * DEEP + "]" * DEEP + "\n", ("pyproject.toml", "nested"),
                 id="toml-20000-deep"),
    pytest.param("pyproject.toml", "[tool.newslint]\nselect = []\n", ("pyproject.toml", "select"),
                 id="toml-empty-select"),
    # option values against the type of the rule's default
    pytest.param("pyproject.toml", '[tool.newslint]\noptions = {NL202 = {threshold = "high"}}\n',
                 ("pyproject.toml", "options.NL202.threshold", "NL202", "'high'"), id="option-str-for-number"),
    pytest.param("pyproject.toml", "[tool.newslint]\noptions = {NL202 = {min-length = 1.5}}\n",
                 ("pyproject.toml", "options.NL202.min-length", "integer"), id="option-float-for-int"),
    pytest.param("pyproject.toml", "[tool.newslint]\noptions = {NL201 = {min-words = true}}\n",
                 ("pyproject.toml", "options.NL201.min-words"), id="option-bool-for-int"),
    pytest.param("pyproject.toml", "[tool.newslint]\noptions = {NL202 = {threshold = nan}}\n",
                 ("pyproject.toml", "options.NL202.threshold", "finite"), id="option-nan"),
    pytest.param("pyproject.toml", "[tool.newslint]\noptions = {NL501 = {language-detector = 5}}\n",
                 ("pyproject.toml", "options.NL501.language-detector", "string"), id="option-int-for-str"),
    pytest.param("pyproject.toml", "[tool.newslint]\noptions = {NL501 = {threshold = [0.9]}}\n",
                 ("pyproject.toml", "options.NL501.threshold"), id="option-list-for-float"),
    pytest.param("newslint.yaml", "options:\n  duplicated-paragraph:\n    threshold: '80'\n",
                 ("newslint.yaml", "options.duplicated-paragraph.threshold", "NL202", "must be a finite number"),
                 id="option-by-rule-name"),
]


@pytest.mark.parametrize("name,text,expected", CONFIGS)
def test_config_mistake_exits_2_naming_file_and_key(project, name, text, expected):
    (project / name).write_text(text, encoding="utf-8")
    assert_mistake(invoke("a.txt"), *expected)


@pytest.mark.parametrize("name,text,expected", CONFIGS[:3])
def test_config_mistake_with_explicit_config(project, name, text, expected):
    (project / "conf").mkdir()
    (project / "conf" / name).write_text(text, encoding="utf-8")
    assert_mistake(invoke("--config", str(Path("conf") / name), "a.txt"), *expected)


@pytest.mark.parametrize("options", [
    "{NL202 = {threshold = 85}}",  # an int where the default is a float
    "{NL202 = {threshold = 85.5, min-length = 40}}",
    "{NL501 = {min-words = 5, threshold = 1}}",
])
def test_option_values_of_the_right_type_are_accepted(project, options):
    (project / "pyproject.toml").write_text(f"[tool.newslint]\noptions = {options}\n", encoding="utf-8")
    result = invoke("a.txt")
    assert result.exit_code == 0, result.output


def test_wrong_option_type_no_longer_crashes_every_document(project):
    """The reproducer from the issue: today this is an NL906 per document, exit 1."""
    (project / "pyproject.toml").write_text('[tool.newslint]\noptions = {NL202 = {threshold = "high"}}\n')
    result = invoke("--format", "json", "a.txt")
    assert result.exit_code == 2 and "NL906" not in result.output


# -- 13: baselines -------------------------------------------------------------------

def _baseline(findings) -> str:
    return json.dumps({"version": 1, "findings": findings})


def _entry(**changes):
    return {"path": "a.txt", "code": "NL101", "fingerprint": "0123456789abcdef0123", "count": 1, **changes}


BASELINES = [
    pytest.param(_baseline([_entry()]).replace('"count": 1', '"count": 1e400'), "findings[0].count", id="count-1e400"),
    pytest.param(_baseline([_entry(count=-1)]), "findings[0].count", id="count-negative"),
    pytest.param(_baseline([_entry(count="x")]), "findings[0].count", id="count-string"),
    pytest.param(_baseline([_entry(count=1.5)]), "findings[0].count", id="count-fraction"),
    pytest.param(_baseline([_entry(count=True)]), "findings[0].count", id="count-bool"),
    pytest.param(_baseline([_entry(), _entry(fingerprint=None)]), "findings[1].fingerprint", id="no-fingerprint"),
    pytest.param(_baseline({"a": 1}), "findings", id="entries-not-a-list"),
    pytest.param(_baseline("abc"), "findings", id="entries-a-string"),
    pytest.param(_baseline([1]), "findings[0]", id="entry-not-an-object"),
    pytest.param(json.dumps({"version": 99, "findings": []}), "version", id="unknown-version"),
    pytest.param("[]", "findings", id="not-an-object"),
    pytest.param("{", "invalid JSON", id="invalid-json"),
    pytest.param("[" * DEEP + "]" * DEEP, "invalid JSON", id="20000-deep"),
]


@pytest.mark.parametrize("text,key", BASELINES)
def test_bad_baseline_exits_2_naming_file_and_entry(project, text, key):
    (project / "b.json").write_text(text, encoding="utf-8")
    assert_mistake(invoke("--baseline", "b.json", "a.txt"), "b.json", key)


def test_baseline_count_zero_and_duplicates_are_fine(project):
    (project / "b.json").write_text(_baseline([_entry(count=0), _entry(count=2)]), encoding="utf-8")
    assert invoke("--baseline", "b.json", "a.txt").exit_code == 0


def test_write_baseline_into_a_missing_folder(project):
    assert_mistake(invoke("--write-baseline", "nowhere/b.json", "a.txt"), "--write-baseline", "nowhere")
    assert not (project / "nowhere").exists()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_write_baseline_onto_dev_full(project):
    assert_mistake(invoke("--write-baseline", "/dev/full", "a.txt"), "/dev/full", "No space left")
    assert os.path.exists("/dev/full") and not os.path.isfile("/dev/full")  # the device is still a device


def test_failed_baseline_write_leaves_the_old_one_intact(project, monkeypatch):
    import errno

    import newslint.atomic

    old = _baseline([_entry()])
    (project / "b.json").write_text(old, encoding="utf-8")

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(newslint.atomic.os, "fsync", full)
    assert_mistake(invoke("--write-baseline", "b.json", "a.txt"), "b.json", "No space left")
    assert (project / "b.json").read_text(encoding="utf-8") == old
    assert sorted(p.name for p in project.iterdir() if p.name != ".newslint_cache") == ["a.txt", "b.json"]  # no temp file


def test_write_baseline_is_atomic_and_keeps_mode_and_symlink(project):
    target = project / "real.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    (project / "link.json").symlink_to("real.json")
    result = invoke("--write-baseline", "link.json", "a.txt")
    assert result.exit_code == 0, result.output
    assert (project / "link.json").is_symlink()
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == 1
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in project.iterdir() if p.name != ".newslint_cache") == ["a.txt", "link.json", "real.json"]
    assert invoke("--baseline", "link.json", "a.txt").exit_code == 0


# -- 13: packs -----------------------------------------------------------------------

RULE = "code: NL190\nsummary: A test rule\nphrases: [hello world]\n"
PACKS = [
    pytest.param(RULE + "applicability: maybe\n", ("my-rule.yaml:4", "applicability", "maybe"), id="applicability"),
    pytest.param("code: NL190\nsummary: 2025-02-30\nphrases: [hello]\n", ("my-rule.yaml:2:10", "summary"),
                 id="summary-bad-date"),
    pytest.param("code: NL190\nsummary: 2025-02-28\nphrases: [hello]\n", ("my-rule.yaml:2", "summary", "string"),
                 id="summary-a-date"),
    pytest.param(RULE + "message: yes\n", ("my-rule.yaml:4", "message"), id="message-a-bool"),
    pytest.param(RULE + "severity: !!int x\n", ("my-rule.yaml:4", "severity"), id="severity-int-tag"),
    pytest.param(RULE + "ignore_case: maybe\n", ("my-rule.yaml:4", "ignore_case"), id="ignore-case-not-bool"),
    pytest.param(RULE + "options: 5\n", ("my-rule.yaml:4", "options"), id="options-not-a-mapping"),
    pytest.param(RULE + "examples:\n  good: [hello]\n  good: [bye]\n", ("my-rule.yaml:6", "duplicate key 'good'"),
                 id="examples-key-twice"),
    pytest.param("code: NL190\nsummary: x\nphrases:\n  en:\n    - ''\n    - '   '\n",
                 ("my-rule.yaml:5", "phrases.en[0]", "empty phrase"), id="phrases-all-empty"),
    pytest.param("code: NL190\nsummary: x\nphrases: [hello, '^']\n", ("my-rule.yaml:3", "phrases[1]", "empty phrase"),
                 id="phrase-only-anchor"),
    pytest.param("code: NL190\nsummary: x\nkind: substitution\nswap:\n  ' ': x\n",
                 ("my-rule.yaml:5", "swap", "empty phrase"), id="swap-empty-key"),
    pytest.param("code: NL190\nsummary: x\nphrases: " + "[" * DEEP + "]" * DEEP + "\n",
                 ("my-rule.yaml", "phrases", "nested"), id="20000-deep"),
]


@pytest.mark.parametrize("text,expected", PACKS)
def test_pack_mistake_exits_2_naming_file_line_and_key(project, text, expected):
    folder = project / "packs" / "mine"
    folder.mkdir(parents=True)
    (folder / "my-rule.yaml").write_text(text, encoding="utf-8")
    (project / "newslint.yaml").write_text("packs: [packs]\n", encoding="utf-8")
    assert_mistake(invoke("a.txt"), *expected)


def test_a_good_pack_still_loads(project):
    folder = project / "packs" / "mine"
    folder.mkdir(parents=True)
    (folder / "my-rule.yaml").write_text(RULE + "applicability: unsafe\nexplanation: '2025-02-28'\n", encoding="utf-8")
    (project / "newslint.yaml").write_text("packs: [packs]\n", encoding="utf-8")
    (project / "b.txt").write_text("Titre\n\nHello world, said the mayor.\n", encoding="utf-8")
    result = invoke("--select", "NL190", "b.txt")
    assert result.exit_code == 1 and "NL190" in result.output


# -- 14: empty selections --------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ("--select", ""), ("--select", ",,,"), ("--select", " , "), ("--select", "NL1", "--select", ""),
    ("--ignore", ""), ("--ignore", ","), ("--extend-select", ""),
], ids=lambda a: " ".join(repr(x) for x in a))
def test_empty_selection_is_a_usage_error(project, args):
    assert_mistake(invoke(*args, "a.txt"), args[-2], "no rule given")


def test_trailing_comma_in_a_selection_is_fine(project):
    assert invoke("--select", "NL1,", "--ignore", "NL101,", "a.txt").exit_code == 0


# -- 15: python -m newslint --------------------------------------------------------------

def _python_m(code: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "NEWSLINT_DEBUG"}
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def test_python_m_reports_an_internal_error_like_the_script(project):
    """Something deep inside raises: one line, exit 2, no traceback."""
    code = ("import runpy, sys\n"
            "import newslint.runner\n"
            "def boom(*args, **kwargs):\n"
            "    raise RuntimeError('boom from the test')\n"
            "newslint.runner.discover_files = boom\n"
            "sys.argv = ['newslint', 'a.txt']\n"
            "runpy.run_module('newslint', run_name='__main__', alter_sys=True)\n")
    proc = _python_m(code, project)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    (line,) = proc.stderr.strip().splitlines()
    assert "internal error" in line and "boom from the test" in line


def test_python_m_config_mistake(project):
    (project / "newslint.yaml").write_text("language: 2025-02-30\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "newslint", "a.txt"], cwd=project, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "newslint.yaml:1:11: language" in proc.stderr


def test_importing_newslint_main_runs_nothing():
    """Worker processes started by spawn import the main module: it must not run the CLI."""
    proc = subprocess.run([sys.executable, "-c", "import newslint.__main__"], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0 and proc.stdout == proc.stderr == ""


# -- 16: the oldest supported Python ----------------------------------------------------

def test_toml_reader_on_every_supported_python(project):
    (project / "pyproject.toml").write_text('[tool.newslint]\nignore = ["NL3"]\n', encoding="utf-8")
    from newslint.config import discover

    assert discover(project).ignore == ("NL3",)


def test_tomli_is_declared_for_python_before_3_11():
    text = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert "tomli>=1.1; python_version < '3.11'" in text
    assert 'requires-python = ">=3.10"' in text
