from pathlib import Path

import pytest

from newslint.packs import PackError, load_pack_dir, load_rule_file
from newslint.registry import Registry, RegistryError
from newslint.rules import RuleError, rule

from conftest import codes, lint_string


def _check(code, name):
    return rule(code, name, "A test rule")(lambda doc, options: ())


def test_builtin_rules_come_from_entry_point_and_packs(registry):
    origins = {c.meta.code: c.meta.origin for c in registry.checks}
    assert "NL101" in origins and "pack 'ai-leftover'" in origins["NL101"]
    assert "newslint.checks.encoding" in origins["NL602"]


def test_duplicate_code_names_both_origins():
    with pytest.raises(RegistryError) as err:
        Registry.build([("plugin a", [_check("NL150", "one")]), ("plugin b", [_check("NL150", "two")])])
    assert "NL150" in str(err.value) and "test_registry" in str(err.value)


def test_duplicate_name_is_an_error():
    with pytest.raises(RegistryError, match="rule name 'same'"):
        Registry.build([("a", [_check("NL150", "same"), _check("NL151", "same")])])


def test_plugin_shapes_are_accepted():
    import types

    module = types.ModuleType("plugin")
    module.CHECKS = [_check("NL160", "from-module")]
    reg = Registry.build([("mod", module), ("callable", lambda: [_check("NL161", "from-callable")]),
                          ("single", _check("NL162", "single"))])
    assert [m.code for m in reg.metas] == ["NL160", "NL161", "NL162"]
    with pytest.raises(RegistryError, match="not a check"):
        Registry.build([("bad", [object()])])


def test_rule_metadata_is_validated():
    with pytest.raises(RuleError, match="invalid rule code"):
        _check("XX101", "x")
    with pytest.raises(RuleError, match="kebab-case"):
        _check("NL170", "Bad_Name")
    with pytest.raises(RuleError, match="no known family"):
        _check("NL701", "x")


def write_rule(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_local_pack_folder_from_config(tmp_path, registry):
    write_rule(tmp_path / "packs" / "house", "house-banned-phrase",
               "code: NL390\nsummary: House style\nphrases: [click here]\nexamples: {bad: [Click here now.], good: [Fine.]}\n")
    (tmp_path / "newslint.yaml").write_text("packs: [packs]\n")
    from newslint.config import discover

    settings = discover(tmp_path)
    reg = Registry.discover(settings.packs)
    assert reg.get("house-banned-phrase").meta.code == "NL390"
    assert "NL390" in codes(lint_string("Please click here to subscribe.", reg))


def test_substitution_rule_with_fix(tmp_path):
    path = write_rule(tmp_path / "p", "entity-nbsp", "code: NL391\nsummary: Entity\nkind: substitution\n"
                      "swap: {'&nbsp;': ' '}\napplicability: safe\n")
    check = load_rule_file(path, "p")
    from newslint.readers import load

    doc = load("a.txt", b"a&nbsp;b").documents[0]
    (hit,) = list(check.check(doc, {}))
    assert hit.fix.edits[0].replacement == " " and (hit.span.start, hit.span.end) == (1, 7)


@pytest.mark.parametrize("text,expected", [
    ("code: NL101\nsummary: x\nphrases: [a\n", "invalid YAML"),
    ("code: NL101\nsummary: x\nphrase: [a]\n", "unknown key(s) phrase"),
    ("code: NL101\nsummary: x\n", "needs 'phrases' or 'patterns'"),
    ("code: NL101\nsummary: x\npatterns: ['(unclosed']\n", "invalid RE2 pattern"),
    ("code: 101\nsummary: x\nphrases: [a]\n", "invalid rule code"),
    ("code: NL101\nsummary: x\nkind: magic\nphrases: [a]\n", "kind must be one of"),
    ("code: NL101\nsummary: x\nscope: [footer]\nphrases: [a]\n", "unknown scope"),
    ("- just\n- a list\n", "must be a mapping"),
])
def test_pack_errors_name_the_file(tmp_path, text, expected):
    path = write_rule(tmp_path / "p", "some-rule", text)
    with pytest.raises(PackError) as err:
        load_pack_dir(tmp_path)
    assert str(path) in str(err.value) and expected in str(err.value)


def test_phrases_are_whole_words_and_case_insensitive(registry):
    assert "NL101" in codes(lint_string("WOULD YOU LIKE ME TO add more?", registry))
    assert "NL101" not in codes(lint_string("Would you like metoo?", registry))
    # apostrophes and non-breaking spaces are unified before matching
    assert "NL103" in codes(lint_string("En\u00a0tant qu’IA, je ne peux pas répondre.", registry, lang="fr"))
