"""Fuzzing the whole run (issue 10): generated hostile articles in all four input formats
through every reporter, ``--report`` and ``--fix``. Whatever the text, the run ends with
exit 0 or 1, every machine-readable output parses, no raw control character reaches a
human or XML output, and fixing is idempotent. Bounded for the suite; set
NEWSLINT_FUZZ_EXAMPLES=2000 for a longer run."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslint.cli import main

EXAMPLES = int(os.environ.get("NEWSLINT_FUZZ_EXAMPLES", "5"))

# Pieces real damaged articles are made of, and pieces hostile files add.
PIECES = [
    "Le conseil municipal a voté le budget lundi soir.", "The council approved the budget on Monday.",
    "Would you like me to shorten it?", "Souhaitez-vous que je complète le tableau ?", "Als KI kann ich das nicht.",
    "Posted in Actu, Actualités.", "TGITribunaux de grande instance", "le samedi 16 février", "31 avril 2025",
    "&nbsp;", "&amp;", "&#xD800;", "&#55296;", "&#x1;", "&#150;", "Ã©tÃ©", "\u00ad", "\u00a0\u00a0", "\ufffd",
    "\x1b]52;c;aGVsbG8=\x07", "\x1b[2J", "\u202e", "\x85", "\x00", "\r\n", "\r", "\n\n", "| a | b |\n|—|—|",
    "[Insert quote]", "{{city}}", "<b>gras</b>", "<script>alert(1)</script>", "javascript:alert(1)",
    "[links](javascript:x)", "`code`", "# Titre", "- item", "> quote", "«", "»", "“", "\"", "\\", "\ud83d\ude00",
]

text_st = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=14).map(" ".join)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069]")


def _files(folder: Path, title: str, body: str) -> None:
    """The same article as .txt, .md (front matter), .html and a .jsonl record."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8", errors="surrogatepass")
    (folder / "b.md").write_text(f"---\ntitle: {json.dumps(title)}\ndate: 2025-02-30\n---\n# {title}\n\n{body}\n",
                                 encoding="utf-8", errors="surrogatepass")
    (folder / "c.html").write_text(f"<html lang='fr'><head><title>{title}</title></head><body><h1>{title}</h1>"
                                   f"<p>{body}</p></body></html>", encoding="utf-8", errors="surrogatepass")
    record = json.dumps({"id": 1, "title": title, "text": f"{title}\n\n{body}"})
    (folder / "d.jsonl").write_text(record + "\n" + record.replace('"id": 1', '"id": 2') + "\n", encoding="utf-8")


def _run(*args: str):
    result = CliRunner().invoke(main, ["--no-progress", *args], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.output


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(title=text_st, body=text_st)
def test_every_format_and_reporter_survives_hostile_text(tmp_path_factory, title, body):
    root = tmp_path_factory.mktemp("fuzz")
    folder = root / "in"
    _files(folder, title, body)
    for fmt in ("text", "github", "json", "jsonl", "sarif", "junit"):
        out = _run("--format", fmt, str(folder))
        if fmt == "json":
            json.loads(out)
        elif fmt == "jsonl":
            for line in out.splitlines():
                json.loads(line)
        elif fmt == "sarif":
            assert json.loads(out)["version"] == "2.1.0"
        elif fmt == "junit":
            ET.fromstring(out)  # valid XML whatever the article holds
        if fmt in ("text", "github", "junit"):
            assert not CONTROL.search(out), f"raw control character in {fmt} output"
    reports = root / "reports"
    _run("--report", str(reports), "--format", "json", str(folder))
    written = sorted(p.name for p in reports.rglob("*") if p.is_file())
    assert "index.html" in written
    for page in reports.rglob("*.md"):
        assert not CONTROL.search(page.read_text(encoding="utf-8")), page.name
        # no link to javascript: (an escaped "\\]" closes no link; a code span is text)
        outside_code = re.sub(r"(`+)(?:(?!\1).)*?\1", "", page.read_text(encoding="utf-8"))
        assert not re.search(r"(?<!\\)\]\(javascript:", outside_code), page.name


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(title=text_st, body=text_st)
def test_fix_is_idempotent_and_leaves_what_it_cannot_rewrite(tmp_path_factory, title, body):
    folder = tmp_path_factory.mktemp("fix") / "in"
    _files(folder, title, body)
    untouched = {name: (folder / name).read_bytes() for name in ("c.html", "d.jsonl")}
    _run("--fix", "--unsafe-fixes", "--format", "json", str(folder))
    once = {p.name: p.read_bytes() for p in folder.iterdir()}
    _run("--fix", "--unsafe-fixes", "--format", "json", str(folder))
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == once  # a second --fix changes nothing
    assert {name: once[name] for name in untouched} == untouched  # HTML and JSONL fixes are display-only
