from pathlib import Path

import pytest

from newslint.config import ConfigError, Settings, discover, read_config_file
from newslint.model import Severity


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_when_no_config(tmp_path):
    s = discover(tmp_path)
    assert s.select == ("ALL",) and s.fail_on is Severity.WARNING and s.source is None


def test_pyproject_discovered_upward(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.newslint]\nignore = ["NL3"]\nfail-on = "error"\nlanguage = "fr"\n'
          '[tool.newslint.severity]\nNL101 = "warning"\n[tool.newslint.per-file-ignores]\n"legacy/*" = ["NL101"]\n')
    (tmp_path / "a" / "b").mkdir(parents=True)
    s = discover(tmp_path / "a" / "b")
    assert s.ignore == ("NL3",) and s.fail_on is Severity.ERROR and s.language == "fr"
    assert s.severity == (("NL101", Severity.WARNING),)
    assert s.root == tmp_path and "pyproject.toml" in s.source


def test_pyproject_without_section_is_skipped(tmp_path):
    write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    write(tmp_path / "sub" / "pyproject.toml", "[tool.other]\nx = 1\n")
    assert discover(tmp_path / "sub").source is None


def test_yaml_config_wins_in_same_folder(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.newslint]\nignore = ["NL1"]\n')
    write(tmp_path / "newslint.yaml", "ignore: [NL2]\n")
    assert discover(tmp_path).ignore == ("NL2",)


@pytest.mark.parametrize("text,expected", [
    ('[tool.newslint]\nselekt = ["NL1"]\n', "unknown key 'selekt'"),
    ('[tool.newslint]\nextend_select = ["NL1"]\n', "did you mean 'extend-select'"),
    ('[tool.newslint]\nignore = 3\n', "ignore must be a list of strings"),
    ('[tool.newslint]\nfail-on = "fatal"\n', "fail-on: unknown severity 'fatal'"),
    ('[tool.newslint]\nseverity = {NL101 = "loud"}\n', "severity: unknown severity"),
    ('[tool.newslint]\npacks = ["nowhere"]\n', "packs: folder"),
    ('[tool.newslint\nignore = [\n', "invalid TOML"),
])
def test_bad_pyproject_names_file_and_key(tmp_path, text, expected):
    path = write(tmp_path / "pyproject.toml", text)
    with pytest.raises(ConfigError) as err:
        read_config_file(path)
    assert expected in str(err.value) and str(path) in str(err.value)


def test_bad_yaml_config(tmp_path):
    path = write(tmp_path / "newslint.yaml", "ignore: [NL1\n")
    with pytest.raises(ConfigError, match="invalid YAML"):
        read_config_file(path)
    path = write(tmp_path / "newslint.yaml", "- a\n- b\n")
    with pytest.raises(ConfigError, match="must be a table/mapping"):
        read_config_file(path)


def test_selection_severity_options_and_per_file_ignores(registry, tmp_path):
    s = Settings(select=("ai-leftover", "NL9"), ignore=("unused-suppression",),
                 per_file_ignores=(("old/*", ("NL101",)),), severity=(("NL1", Severity.INFO),), root=tmp_path)
    s.validate(registry.metas)
    active = [m.code for m in s.active(registry.metas)]
    assert "NL101" in active and "NL905" not in active and "NL602" not in active
    assert "NL101" not in [m.code for m in s.active(registry.metas, str(tmp_path / "old" / "x.txt"))]
    assert s.severity_of(registry.get("NL101").meta) is Severity.INFO


def test_unknown_selector_and_option_are_errors(registry):
    with pytest.raises(ConfigError, match="unknown rule, code prefix or category 'NL777'"):
        Settings(ignore=("NL777",)).validate(registry.metas)
    with pytest.raises(ConfigError, match="unknown option"):
        Settings(options=(("NL101", {"nope": 1}),)).options_of(registry.get("NL101").meta)


@pytest.mark.parametrize("default,value,ok", [
    (90.0, 85, True), (90.0, 85.5, True), (90.0, True, False), (90.0, "90", False), (90.0, float("inf"), False),
    (3, 4, True), (3, 4.0, False), (3, False, False), (True, False, True), (True, 1, False),
    ("fasttext", "langdetect", True), ("fasttext", 5, False), (["a"], ["b", "c"], True), (["a"], [1], False),
    ([], [1, "x"], True), ({"a": 1}, {"b": 2}, True), ({"a": 1}, [1], False), (None, object(), True),
])
def test_option_values_take_the_type_of_the_default(default, value, ok):
    from newslint.rules import RuleMeta, option_problem

    meta = RuleMeta("NL199", "some-rule", "x", options={"opt": default})
    problem = option_problem(meta, "opt", value)
    assert (problem is None) is ok, problem
    assert "NL199" in (option_problem(meta, "nope", 1) or "")


def test_option_types_checked_by_validate(registry):
    with pytest.raises(ConfigError, match=r"x.toml: options.NL202.threshold: NL202 option 'threshold' must be"):
        Settings(options=(("NL202", {"threshold": "high"}),), source="x.toml").validate(registry.metas)


def test_load_yaml_names_line_and_key():
    from newslint.config import YamlError, load_yaml

    assert load_yaml("a: [1, 2]\nb: '2025-02-30'\n") == {"a": [1, 2], "b": "2025-02-30"}
    with pytest.raises(YamlError) as err:
        load_yaml("a:\n  b:\n    - x\n    - 2025-02-30\n")
    assert err.value.where == ":4:7" and str(err.value).startswith("a.b[1]: invalid timestamp value '2025-02-30'")
    with pytest.raises(YamlError, match="nested more than"):
        load_yaml("a: " + "[" * 60 + "]" * 60)
    lol = "a: &a [x, x]\n" + "".join(f"{c}: &{c} [*{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    assert len(load_yaml(lol)) == 9  # aliases share containers: walked once, not 3**8 times
