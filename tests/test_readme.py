import re

import pytest

from newslint.docs import rules_markdown

from conftest import ROOT


def test_readme_rule_list_matches_registry(registry, request):
    path = ROOT / "README.md"
    readme = path.read_text(encoding="utf-8")
    head, rest = readme.split("<!-- rules:start -->\n", 1)
    block, tail = rest.split("<!-- rules:end -->", 1)
    expected = rules_markdown(registry.metas)
    if request.config.getoption("--update-snapshots") and block != expected:  # rewrite, and still fail
        path.write_text(head + "<!-- rules:start -->\n" + expected + "<!-- rules:end -->" + tail, encoding="utf-8")
        pytest.fail("README rule list rewritten: review `git diff README.md`, then run pytest without "
                    "--update-snapshots")
    assert block == expected, "README rule list is stale: run pytest --update-snapshots"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = re.search(r"```sh\n(python3 -m venv .venv && .venv/bin/pip install -q -e '\.\[test\]' && .venv/bin/pytest)\n```", readme)
    assert command and command.group(1) in ci.splitlines()


def test_readme_plugin_example_works(registry):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    source = readme.split("```python\n# my_plugin.py\n", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    exec(compile(source, "my_plugin.py", "exec"), namespace)
    from newslint.registry import Registry

    from conftest import codes, lint_example

    reg = Registry.build([("builtin", registry.checks), ("my_plugin", namespace["CHECKS"])])
    meta = reg.get("NL399").meta
    assert "NL399" in codes(lint_example(meta.bad[0], reg))
    assert "NL399" not in codes(lint_example(meta.good[0], reg))


def test_committed_rule_pages_are_up_to_date(registry, tmp_path, request):
    """docs/rules/<CODE>.md, where SARIF's helpUri points: `newslint rules --format
    markdown --output docs/rules` writes them."""
    from newslint import __version__
    from newslint.reporters.report import write_rule_pages

    write_rule_pages(registry.metas, tmp_path, __version__, "markdown")
    fresh = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()}
    folder = ROOT / "docs" / "rules"
    old = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()} if folder.is_dir() else {}
    if request.config.getoption("--update-snapshots") and old != fresh:
        folder.mkdir(parents=True, exist_ok=True)
        for name in set(old) - set(fresh):
            (folder / name).unlink()
        for name, text in fresh.items():
            (folder / name).write_text(text, encoding="utf-8")
        pytest.fail("docs/rules rewritten: review the diff, then run pytest without --update-snapshots")
    assert old == fresh, "docs/rules is stale: run `newslint rules --format markdown --output docs/rules`"
