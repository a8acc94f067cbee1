import re

from newslint.docs import rules_markdown

from conftest import ROOT


def test_readme_rule_list_matches_registry(registry, request):
    path = ROOT / "README.md"
    readme = path.read_text(encoding="utf-8")
    head, rest = readme.split("<!-- rules:start -->\n", 1)
    block, tail = rest.split("<!-- rules:end -->", 1)
    expected = rules_markdown(registry.metas)
    if request.config.getoption("--update-snapshots") and block != expected:
        path.write_text(head + "<!-- rules:start -->\n" + expected + "<!-- rules:end -->" + tail, encoding="utf-8")
        block = expected
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
