"""What ruff, markdownlint and Vale users expect from the command line (issue 13 §3):
errors naming their real origin, config files found and read like theirs, suppression
typos reported, selectors case-insensitive, subcommand typos, colours and help."""

import json

import pytest
from click.testing import CliRunner

from newslint.cli import main

AI = "Would you like me to shorten it?\n"


@pytest.fixture
def run(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)

    def invoke(*args, env=None):
        return CliRunner().invoke(main, list(args), catch_exceptions=False, env=env)

    return invoke


def codes(output: str) -> list[str]:
    return [f["code"] for file in json.loads(output)["files"] for f in file["findings"]]


def test_command_line_mistake_names_the_command_line_not_the_config(run, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.newslint]\nignore = ["NL905"]\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text(AI, encoding="utf-8")
    for option in ("--select", "--extend-select", "--ignore"):
        result = run(option, "NL999", "a.txt")
        assert result.exit_code == 2
        assert f"command line: {option}: unknown rule, code prefix or category 'NL999'" in result.output
        assert "pyproject.toml" not in result.output


def test_config_file_mistake_still_names_the_file(run, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.newslint]\nignore = ["NL998"]\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text(AI, encoding="utf-8")
    result = run("--ignore", "NL1", "a.txt")
    assert result.exit_code == 2
    assert "pyproject.toml [tool.newslint]: ignore: unknown rule, code prefix or category 'NL998'" in result.output


@pytest.mark.parametrize("name", ["newslint.yml", ".newslint.yml", "newslint.yaml", ".newslint.yaml"])
def test_yaml_config_found_with_either_extension(run, tmp_path, name):
    (tmp_path / name).write_text("ignore: [NL101]\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(AI, encoding="utf-8")
    assert "NL101" not in codes(run("--format", "json", "a.txt").output)
    (tmp_path / name).write_text("ignore: [NL999]\n", encoding="utf-8")
    result = run("a.txt")
    assert result.exit_code == 2 and name in result.output


@pytest.mark.parametrize("text", ['ignore = ["NL101"]\n', '[tool.newslint]\nignore = ["NL101"]\n'],
                         ids=["top-level", "tool-table"])
def test_explicit_toml_config(run, tmp_path, text):
    (tmp_path / "ci.toml").write_text(text, encoding="utf-8")
    (tmp_path / "a.txt").write_text(AI, encoding="utf-8")
    assert "NL101" in codes(run("--format", "json", "a.txt").output)
    assert "NL101" not in codes(run("--format", "json", "--config", "ci.toml", "a.txt").output)


def test_explicit_toml_config_mistake_names_file_and_key(run, tmp_path):
    (tmp_path / "ci.toml").write_text('selct = ["NL1"]\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text(AI, encoding="utf-8")
    result = run("--config", "ci.toml", "a.txt")
    assert result.exit_code == 2 and "ci.toml: unknown key 'selct'" in result.output


def test_unknown_rule_in_a_suppression_is_a_finding_naming_it(run, tmp_path):
    (tmp_path / "a.md").write_text("# Title\n\n<!-- newslint: disable=NL999,Markup -->\nA clean paragraph.\n",
                                   encoding="utf-8")
    result = run("--format", "json", "a.md")
    findings = json.loads(result.output)["files"][0]["findings"]
    assert [(f["code"], f["severity"], f["line"]) for f in findings] == [("NL908", "error", 3)]
    assert "'NL999'" in findings[0]["message"] and "Markup" not in findings[0]["message"]
    assert result.exit_code == 1


def test_known_suppression_that_suppresses_nothing_is_still_nl905(run, tmp_path):
    (tmp_path / "a.md").write_text("# Title\n\n<!-- newslint: disable=markup -->\nA clean paragraph.\n",
                                   encoding="utf-8")
    assert codes(run("--format", "json", "a.md").output) == ["NL905"]


@pytest.mark.parametrize("selector", ["AI-Leftover", "ai-leftover", "AI-LEFTOVER", "Assistant-Offer-To-Continue"])
def test_categories_and_names_are_case_insensitive(run, tmp_path, selector):
    (tmp_path / "a.txt").write_text(AI, encoding="utf-8")
    result = run("--format", "json", "--select", selector, "a.txt")
    assert result.exit_code == 1 and "NL101" in codes(result.output)
    assert set(codes(result.output)) <= {"NL101", "NL102", "NL103", "NL104", "NL105", "NL106", "NL107", "NL108",
                                         "NL109"}
    assert "NL101" not in codes(run("--format", "json", "--ignore", selector, "a.txt").output)


@pytest.mark.parametrize("word, command", [("rulez", "rules"), ("ruels", "rules"), ("rul", "rule"),
                                           ("chek", "check")])
def test_missing_path_near_a_subcommand_suggests_it(run, word, command):
    result = run(word)
    assert result.exit_code == 2
    assert f"did you mean `newslint {command}`?" in result.output


def test_missing_path_far_from_any_subcommand_says_so(run):
    result = run("articles")
    assert result.exit_code == 2 and "path does not exist: articles" in result.output
    assert "did you mean" not in result.output


def test_existing_file_named_like_a_subcommand_is_linted(run, tmp_path):
    (tmp_path / "rulez").write_text(AI, encoding="utf-8")
    result = run("rulez")
    assert result.exit_code == 1 and "NL101" in result.output


@pytest.mark.parametrize("env, flag, coloured", [
    ({"FORCE_COLOR": "1"}, None, True),
    ({"FORCE_COLOR": "0"}, None, False),
    ({"FORCE_COLOR": ""}, None, False),
    ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, None, False),
    ({"FORCE_COLOR": "1"}, "--no-color", False),
    ({"NO_COLOR": "1"}, "--color", True),
    ({}, None, False),  # CliRunner's output is no terminal
])
def test_force_color(run, tmp_path, env, flag, coloured):
    (tmp_path / "a.txt").write_text(AI, encoding="utf-8")
    result = run(*([flag] if flag else []), "a.txt", env=env)
    assert ("\x1b[" in result.output) is coloured
    assert "\x1b[" not in run("--format", "json", "a.txt", env=env).output  # never in machine formats


def test_top_level_help_shows_the_lint_options(run):
    result = run("--help")
    assert result.exit_code == 0
    text = result.output
    assert "newslint check" in text and "rules" in text
    for option in ("--select", "--format", "--fix", "--report", "--config", "--color"):
        assert option in text.split("Lint options", 1)[1]
