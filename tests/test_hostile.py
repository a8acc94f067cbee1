"""Hostile input: every case is a finding or a clear message, never a traceback."""

import json
import os

import pytest
from click.testing import CliRunner

from newslint.cli import main
from newslint.config import Settings
from newslint.runner import lint_file

from conftest import codes, lint_string


def run_json(*paths):
    result = CliRunner().invoke(main, ["--format", "json", *map(str, paths)], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return {os.path.basename(f["path"]): [x["code"] for x in f["findings"]] for f in json.loads(result.output)["files"]}


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    d = tmp_path / "in"
    d.mkdir()
    (d / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50)
    (d / "latin1.txt").write_bytes("Les élèves de l'école sont arrivés à Noël.".encode("cp1252"))
    (d / "empty.md").write_bytes(b"")
    (d / "blank.txt").write_bytes(b" \n\t\n")
    (d / "broken.jsonl").write_bytes(b'{"id": 1, "text": "ok"}\n{"id": 2, "text": \n{"id": 3}\n\xff\xfe garbage\n')
    (d / "dangling.html").symlink_to(d / "missing.html")
    (d / "tags.html").write_bytes(b"<html><body><p>unclosed <b>tags <div></p></span>&bogus; &#xZZ; <![CDATA[x]]>")
    (d / os.fsdecode(b"name-\xff.txt")).write_bytes(b"Would you like me to add more?")
    return d


def test_hostile_directory_lints_every_file(hostile):
    found = run_json(hostile)
    assert found["binary.txt"] == ["NL902"]
    assert found["latin1.txt"] == ["NL601"]
    assert found["empty.md"] == ["NL903"] and found["blank.txt"] == ["NL903"]
    assert found["broken.jsonl"].count("NL904") == 3
    assert found["dangling.html"] == ["NL901"]
    assert found["tags.html"] == []
    assert found["name-\ufffd.txt"] == ["NL101"]


def test_invalid_utf8_text_is_still_linted(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("Souhaitez-vous que je complète le tableau ?".encode("cp1252"))
    found = run_json(path)
    assert found["a.txt"] == ["NL601", "NL101"]


def test_unreadable_file_is_a_finding(tmp_path, registry, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text("x")

    def deny(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("os.open", deny)  # the reader opens with os.open (O_NONBLOCK), not open()
    result = lint_file(path, registry, Settings(), {})
    monkeypatch.undo()
    (f,) = result.file_findings
    assert f.code == "NL901" and "Permission denied" in f.message


@pytest.mark.slow
def test_fifty_megabyte_single_line(tmp_path):
    path = tmp_path / "huge.txt"
    sentence = b"Le maire a rappele que la securite reste une priorite, a dit le prefet ce matin. "
    with open(path, "wb") as fh:
        for _ in range(50_000_000 // len(sentence) + 1):
            fh.write(sentence)
        fh.write(b"Would you like me to shorten it?")
    assert path.stat().st_size > 50_000_000
    found = run_json(path)["huge.txt"]
    assert "NL101" in found and "NL501" in found  # the offer, in English, at the end of a French text


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "a" * 1_000_000,
    "(" * 500_000 + ")" * 500_000,
    "[" * 1_000_000,
    "<" * 1_000_000,
    "&" * 1_000_000,
    "would you " * 100_000,
    "\u00a0\n" * 500_000,
    "-" * 1_000_000,
    "| " * 500_000,
])
def test_megabyte_hostile_strings_do_not_blow_up(text, registry):
    for fmt in ("txt", "md", "html"):
        lint_string(text, registry, fmt=fmt)  # must finish (linear), must not raise
    assert "NL101" in codes(lint_string(text + "\nWould you like me to add more?", registry))


def test_a_crashing_rule_is_a_finding_not_a_crash(registry):
    from newslint.engine import Plan, lint_source
    from newslint.registry import Registry
    from newslint.rules import rule

    @rule("NL199", "always-crashes", "A broken plugin rule")
    def broken(doc, options):
        raise ZeroDivisionError("boom")
        yield

    reg = Registry.build([("builtin", registry.checks), ("plugin", [broken])])
    result = lint_source("a.txt", "Would you like me to shorten it?".encode(), Plan.make(reg, Settings()))
    found = [(f.code, f.message) for _, f in result.all_findings()]
    assert ("NL101" in [c for c, _ in found])  # the other rules still ran
    crash = [m for c, m in found if c == "NL906"]
    assert crash and "NL199" in crash[0] and "ZeroDivisionError: boom" in crash[0]
