"""Fixes (issue 10, items 1, 2, 5-9): written atomically or not at all, byte-exact outside
the edits (BOM, each line's own ending), idempotent, never creating a finding, never
rewriting a file whose linted text is not the file (HTML, JSONL)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from newslint.atomic import write_atomic

ROOT = Path(__file__).resolve().parent.parent


# -- write_atomic ----------------------------------------------------------------------

def _python(code: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_write_atomic_under_a_tiny_file_size_limit_leaves_the_original(tmp_path):
    """``prlimit --fsize=4096``: the write fails half-way; the original is untouched."""
    target = tmp_path / "a.txt"
    original = ("Un article de seize kilo-octets. " * 500).encode()
    target.write_bytes(original)
    done = _python(f"""
        import resource, sys
        from pathlib import Path
        from newslint.atomic import write_atomic
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        try:
            write_atomic(Path({str(target)!r}), b"x" * 16384)
        except OSError as err:
            print("refused", err.errno)
    """, tmp_path)
    assert done.stdout.startswith("refused"), done.stderr
    assert target.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # no temporary file left


def test_write_atomic_keeps_mode_and_replaces_a_symlinks_target(tmp_path):
    real = tmp_path / "real.txt"
    real.write_bytes(b"old")
    real.chmod(0o640)
    (tmp_path / "link.txt").symlink_to("real.txt")
    write_atomic(tmp_path / "link.txt", b"new")
    assert (tmp_path / "link.txt").is_symlink() and real.read_bytes() == b"new"
    assert real.stat().st_mode & 0o777 == 0o640


def test_write_atomic_refuses_a_read_only_file(tmp_path, monkeypatch):
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    target.chmod(0o444)
    if os.geteuid() == 0:  # root may write anything: simulate what a normal user gets
        monkeypatch.setattr(os, "access", lambda path, mode, **kw: False)
    with pytest.raises(PermissionError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


# -- NL302: no fix to what no text may contain (item 2) ----------------------------------

from click.testing import CliRunner  # noqa: E402

from newslint.cli import main  # noqa: E402

BAD_REFS = ["&#xD800;", "&#55296;", "&#xDFFF;", "&#xdc00;", "&#x1;", "&#13;", "&#x7F;", "&#x81;", "&#xFFFE;",
            "&#x10FFFF;", "&#xFDD0;", "&#xFFFD;", "&#0;", "&#1114112;"]


def cli(*args, ok=(0, 1)):
    result = CliRunner().invoke(main, [*map(str, args)], catch_exceptions=False)
    assert result.exit_code in ok, result.output
    return result


@pytest.mark.parametrize("ref", BAD_REFS)
def test_nl302_offers_no_fix_to_a_surrogate_control_or_noncharacter(ref, registry):
    from conftest import lint_string

    result = lint_string(f"Titre\n\nLe texte {ref} fin.\n", registry, lang="fr")
    (f,) = [f for _, f in result.all_findings() if f.code == "NL302"]
    assert f.fix is None and "no fix" in f.message, f.message
    f.message.encode("utf-8")


def test_nl302_still_decodes_what_a_browser_shows(registry):
    from conftest import lint_string

    result = lint_string("Titre\n\nl&#146;effet, &#x2019; et &#8364;&#9;fin.\n", registry, lang="fr")
    fixes = [f.fix.edits[0].replacement for _, f in result.all_findings() if f.code == "NL302"]
    assert fixes == ["’", "’", "€", "\t"]


BAD_TEXT = "Le texte &#xD800; fin, &#55296; et &#xDFFF; puis &#x1; et &amp;#xD800;."
BAD_FILES = {"a.txt": f"Titre\n\n{BAD_TEXT}\n", "b.md": f"# Titre\n\n{BAD_TEXT}\n",
             "c.jsonl": '{"id": 1, "text": "%s"}\n' % BAD_TEXT}


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "sarif", "github", "junit"])
def test_references_to_non_characters_never_break_an_output_format(tmp_path, monkeypatch, fmt):
    monkeypatch.chdir(tmp_path)
    for name, text in BAD_FILES.items():
        Path(name).write_text(text, encoding="utf-8")
    result = cli("--format", fmt, "--report", "rep", *BAD_FILES)
    assert result.exit_code == 1 and "NL302" in result.output
    for name in BAD_FILES:
        assert "NL302" in (tmp_path / "rep" / f"{name}.html").read_text(encoding="utf-8")
    result = cli("--fix", "--format", fmt, *BAD_FILES)
    assert result.exit_code == 1
    # Only "&amp;" is decoded, in the .txt file; JSONL is never rewritten, Markdown has no fix.
    assert Path("a.txt").read_text(encoding="utf-8") == BAD_FILES["a.txt"].replace("&amp;#", "&#")
    for name in ("b.md", "c.jsonl"):
        assert Path(name).read_text(encoding="utf-8") == BAD_FILES[name]
