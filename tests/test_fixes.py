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


def _listed() -> list[str]:
    """The current folder's files, the result cache folder aside (newslint.cache)."""
    return sorted(n for n in os.listdir() if n != ".newslint_cache")

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


# -- The pure parts: choosing edits, mapping them to the file's text -----------------------

from newslint.fixes import carry, choose, source_edits, splice  # noqa: E402
from newslint.model import Applicability, Edit, Fix, Span  # noqa: E402


def _fx(*edits, applicability=Applicability.SAFE):
    return Fix("f", tuple(Edit(Span(a, b), r) for a, b, r in edits), applicability)


def test_choose_keeps_fixes_that_do_not_clash_whole_or_not_at_all():
    safe = {Applicability.SAFE}
    first, overlapping, touching = _fx((2, 6, "x")), _fx((4, 8, "y")), _fx((6, 7, "z"))
    assert choose([overlapping, touching, first], safe) == [first, touching]
    insert, same_start = _fx((3, 3, "a")), _fx((3, 5, "b"))
    assert choose([insert, same_start], safe) == [insert]  # their order would be a guess
    two_edits = _fx((8, 9, ""), (4, 5, ""))  # clashes with ``first`` by one edit: dropped whole
    assert choose([two_edits, first], safe) == [first]
    assert choose([_fx((0, 1, "\ud800"))], safe) == []  # no text: cannot be written
    assert choose([_fx((0, 1, ""), applicability=Applicability.UNSAFE)], safe) == []


def test_source_edits_skip_each_crlf_and_keep_the_line_ending():
    source = "ab\r\ncd\nef\r\n"  # linted as "ab\ncd\nef\n"
    edits = source_edits(source, [_fx((1, 2, "X\n")), _fx((3, 4, "Y\n")), _fx((6, 8, "Z"))])
    assert edits == [(1, 2, "X\r\n"), (4, 5, "Y\n"), (7, 9, "Z")]
    assert splice(source, edits) == "aX\r\n\r\nY\nd\nZ\r\n"


def test_carry_tracks_the_unchanged_parts_through_passes():
    original = "0123456789"
    text, kept = original, [(0, 0, 10)]
    for edits in ([(2, 4, "ab"), (6, 6, "++")], [(0, 1, ""), (9, 12, "")]):
        text, kept = splice(text, edits), carry(kept, edits)
    assert text == "1ab45++6"
    assert kept == [(0, 1, 1), (3, 4, 2), (7, 6, 1)]
    assert all(text[c:c + n] == original[o:o + n] for c, o, n in kept)


# -- --fix through the CLI: whole or not at all, and the run goes on (items 1, 5, 6, 9) ------

import errno  # noqa: E402
import json  # noqa: E402

ARTICLE = "Titre\n\nLe maire a dit&nbsp;: c&#8217;est voté.\n"
FIXED = "Titre\n\nLe maire a dit\u00a0: c’est voté.\n"


def fix_json(*args):
    """{path: [codes]} of a --fix run in JSON."""
    out = json.loads(cli("--fix", "--format", "json", *args).output)
    return {f["path"]: [x["code"] for x in f["findings"]] for f in out["files"]}, out


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _articles(names):
    for name in names:
        Path(name).write_text(ARTICLE, encoding="utf-8")


def test_read_only_file_is_a_finding_and_the_later_files_are_still_fixed(here, monkeypatch):
    _articles(["a.txt", "b.txt", "c.txt"])
    Path("b.txt").chmod(0o444)
    if os.geteuid() == 0:  # root may write anything: give it what a normal user gets on b.txt
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda p, mode, **kw: real_access(p, mode, **kw)
                            and not (mode & os.W_OK and Path(p).name == "b.txt"))
    found, out = fix_json("a.txt", "b.txt", "c.txt")
    assert found == {"a.txt": [], "b.txt": ["NL907", "NL302", "NL302"], "c.txt": []}
    (nl907,) = [f for f in out["files"][1]["findings"] if f["code"] == "NL907"]
    assert "read-only" in nl907["message"] and "unchanged" in nl907["message"]
    assert Path("b.txt").read_text(encoding="utf-8") == ARTICLE
    assert Path("a.txt").read_text(encoding="utf-8") == Path("c.txt").read_text(encoding="utf-8") == FIXED
    assert _listed() == ["a.txt", "b.txt", "c.txt"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes a read-only file anyway")
def test_read_only_file_as_a_normal_user(here):
    _articles(["a.txt", "b.txt"])
    Path("a.txt").chmod(0o444)
    found, _ = fix_json("a.txt", "b.txt")
    assert found == {"a.txt": ["NL907", "NL302", "NL302"], "b.txt": []}
    assert Path("a.txt").read_text(encoding="utf-8") == ARTICLE


def test_disk_full_while_writing_leaves_the_original_and_goes_on(here, monkeypatch):
    import newslint.atomic

    _articles(["a.txt", "b.txt"])
    real_fsync = os.fsync
    calls = []

    def full_once(fd):
        calls.append(fd)
        if len(calls) == 1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_fsync(fd)

    monkeypatch.setattr(newslint.atomic.os, "fsync", full_once)
    found, out = fix_json("a.txt", "b.txt")
    assert found == {"a.txt": ["NL907", "NL302", "NL302"], "b.txt": []}
    assert "No space left on device" in out["files"][0]["findings"][0]["message"]
    assert Path("a.txt").read_text(encoding="utf-8") == ARTICLE and Path("b.txt").read_text(encoding="utf-8") == FIXED
    assert _listed() == ["a.txt", "b.txt"]  # no temporary file left


def test_fix_under_a_file_size_limit_leaves_the_original_byte_identical(here):
    """``prlimit --fsize=4096``: a 16 KB article used to be cut to 4 KB."""
    big = "Titre\n\n" + "Le maire a dit&nbsp;: c&#8217;est voté, une phrase de plus. " * 300 + "\n"
    Path("big.txt").write_text(big, encoding="utf-8")
    Path("small.txt").write_text(ARTICLE, encoding="utf-8")
    before = Path("big.txt").read_bytes()
    assert len(before) > 16000
    done = _python("""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        sys.argv = ["newslint", "--fix", "--format", "json", "big.txt", "small.txt"]
        from newslint.cli import run
        run()
    """, here)
    assert done.returncode == 1, done.stderr
    out = {f["path"]: f["findings"] for f in json.loads(done.stdout)["files"]}
    assert out["big.txt"][0]["code"] == "NL907" and "too large" in out["big.txt"][0]["message"].lower()
    assert out["small.txt"] == []
    assert Path("big.txt").read_bytes() == before
    assert Path("small.txt").read_text(encoding="utf-8") == FIXED
    assert _listed() == ["big.txt", "small.txt"]


def test_fix_keeps_mode_and_writes_through_a_symlink(here):
    Path("real.txt").write_text(ARTICLE, encoding="utf-8")
    Path("real.txt").chmod(0o640)
    Path("link.txt").symlink_to("real.txt")
    assert fix_json("link.txt")[0] == {"link.txt": []}
    assert Path("link.txt").is_symlink() and Path("real.txt").read_text(encoding="utf-8") == FIXED
    assert Path("real.txt").stat().st_mode & 0o777 == 0o640


def test_a_file_changed_while_being_fixed_is_not_overwritten(here, monkeypatch):
    import newslint.fixes

    _articles(["a.txt"])
    real = newslint.fixes.fix_text

    def meanwhile(*args, **kw):
        Path("a.txt").write_text("Someone else's edit &amp; more.\n", encoding="utf-8")
        return real(*args, **kw)

    monkeypatch.setattr(newslint.fixes, "fix_text", meanwhile)
    found, out = fix_json("a.txt")
    assert found["a.txt"][0] == "NL907" and "changed while" in out["files"][0]["findings"][0]["message"]
    assert Path("a.txt").read_text(encoding="utf-8") == "Someone else's edit &amp; more.\n"


def test_fixes_that_do_not_settle_leave_the_file_unchanged(here):
    import functools

    import newslint.fixes

    Path("a.txt").write_text("Titre\n\nTom &amp;amp;amp; Jerry.\n", encoding="utf-8")  # needs 3 passes
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(newslint.fixes, "fix_text", functools.partial(newslint.fixes.fix_text, max_passes=2))
        found, out = fix_json("a.txt")
    assert found["a.txt"] == ["NL907", "NL302"] and "after 2 passes" in out["files"][0]["findings"][0]["message"]
    assert Path("a.txt").read_text(encoding="utf-8") == "Titre\n\nTom &amp;amp;amp; Jerry.\n"
    assert fix_json("a.txt")[0] == {"a.txt": []}
    assert Path("a.txt").read_text(encoding="utf-8") == "Titre\n\nTom & Jerry.\n"


def test_a_file_with_a_bom_is_fixed_and_keeps_its_bom(here):
    Path("a.txt").write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    Path("b.md").write_bytes(b"\xef\xbb\xbf# Titre\n\nLa s\xc3\xa9\xe2\x80\x8bcurit\xc3\xa9.\n")
    assert fix_json("a.txt", "b.md")[0] == {"a.txt": [], "b.md": []}
    assert Path("a.txt").read_bytes() == b"\xef\xbb\xbf" + FIXED.encode("utf-8")
    assert Path("b.md").read_bytes() == b"\xef\xbb\xbf# Titre\n\nLa s\xc3\xa9curit\xc3\xa9.\n"


def test_mixed_line_endings_keep_each_lines_own_ending(here):
    Path("a.txt").write_bytes(b"Titre\r\n\r\nLe maire&nbsp;: oui.\nDeux<br>trois.\r\nQuatre&amp; cinq.\nFin\r\n")
    assert fix_json("a.txt")[0] == {"a.txt": []}
    # a line break a fix adds takes the ending of the line it lands in
    assert Path("a.txt").read_bytes() == (b"Titre\r\n\r\nLe maire\xc2\xa0: oui.\nDeux\r\ntrois.\r\n"
                                          b"Quatre& cinq.\nFin\r\n")


def test_a_file_not_in_utf8_is_never_rewritten(here):
    data = "\ufeffTitre\n\nLe maire&nbsp;: oui.\n".encode("utf-16")
    Path("a.txt").write_bytes(data)
    cli("--fix", "a.txt")
    assert Path("a.txt").read_bytes() == data


@pytest.mark.slow
def test_two_concurrent_fix_runs_never_see_a_truncated_file(here):
    """Two --fix runs over the same files: neither reads a file half-written (NL903
    "empty file" used to appear), and every file ends fixed."""
    texts = {}
    for i in range(40):
        body = f"Paragraphe {i} avec&nbsp;une espace, l&#8217;apostrophe et &amp;amp; double. " * (20 + i * 5)
        texts[f"d/a{i:02d}.txt"] = f"Titre {i}\r\n\r\n{body}\r\nFin&nbsp;{i}.\n"
    Path("d").mkdir()
    for round_ in range(3):
        for name, text in texts.items():
            Path(name).write_bytes(text.encode("utf-8"))
        procs = [subprocess.Popen([sys.executable, "-m", "newslint", "--fix", "--format", "json", "d"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outs = [p.communicate(timeout=300) for p in procs]
        for p, (stdout, stderr) in zip(procs, outs):
            assert p.returncode in (0, 1), stderr
            for f in json.loads(stdout)["files"]:
                codes = [c["code"] for c in f["findings"]]
                assert "NL903" not in codes
                # fixed, or left to the other run: "changed while it was being fixed", then what it read
                assert codes == [] or codes[0] == "NL907", (f["path"], codes)
        for name, text in texts.items():
            fixed = text.replace("&nbsp;", "\u00a0").replace("&#8217;", "’").replace("&amp;amp;", "&")
            assert Path(name).read_bytes() == fixed.encode("utf-8"), name


# -- Properties: idempotent, byte-exact outside the edits, no finding created (item 7) -----

from collections import Counter  # noqa: E402

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from newslint.config import Settings  # noqa: E402
from newslint.engine import Plan, lint_source  # noqa: E402
from newslint.fixes import fix_text  # noqa: E402
from newslint.model import Applicability  # noqa: E402
from newslint.registry import Registry  # noqa: E402

EXAMPLES = int(os.environ.get("NEWSLINT_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_REGISTRY = Registry.discover()
_PLAN = Plan.make(_REGISTRY, Settings())

PIECES = st.sampled_from([
    "Le maire", " ", " a dit", "oui", ".", "Titre", "x", "é",  # words
    "&nbsp;", "&amp;", "&amp;amp;", "&amp;nbsp;", "&#8217;", "&#146;", "&shy;", "&#173;", "&#xFEFF;", "&#x1;",
    "&#xD800;", "&#55296;", "&#xFFFD;", "&#10;", "&lt;br&gt;", "&am", "p;", "&#x", "41;",  # entities, halves
    "<br>", "<br />", "</p><p>", "<b>", "</b>",  # tags
    "\x01", "\x07", "\x85", "\x92", "\x7f",  # control characters
    "\u00ad", "\u00a0", "\u200b", "\u200d", "\ufeff", "\u202e",  # soft hyphen, NBSP, invisible, BOM, direction
    "lâ€™IntÃ©rieur", "Ã©", "Ã", "â€",  # mojibake
    "\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\u00a0\n", "\u00a0\r\n",  # line endings, remnant lines
    "| A | B |\n|——|——|\n", "TGITribunaux de grande instance",  # a table, an acronym (unsafe fix)
    "Would you like me to shorten it?",
])
documents = st.tuples(st.booleans(), st.lists(PIECES, max_size=40).map("".join), st.sampled_from([".txt", ".md"]),
                      st.booleans())


def _fix(path: str, bom: bytes, source: str, unsafe: bool):
    allowed = {Applicability.SAFE, Applicability.UNSAFE} if unsafe else {Applicability.SAFE}
    return fix_text(source, lambda text: lint_source(path, bom + text.encode("utf-8"), _PLAN), allowed)


@FUZZ
@given(documents)
def test_fuzz_fixing_twice_is_fixing_once_and_nothing_else_changes(document):
    has_bom, source, ext, unsafe = document
    source = "Titre\n\n" + source  # a heading, so the text is never empty
    bom = b"\xef\xbb\xbf" if has_bom else b""
    once = _fix("f" + ext, bom, source, unsafe)
    assert once.settled, (source, once.text)
    twice = _fix("f" + ext, bom, once.text, unsafe)
    assert twice.text == once.text and twice.fixes == 0, (source, once.text, twice.text)
    # Outside the edited spans, the text is the original's, character for character (so byte for
    # byte in UTF-8: line endings, a stray U+FEFF, everything), in order and without overlap.
    covered = 0
    for cur, orig, n in once.kept:
        assert once.text[cur:cur + n] == source[orig:orig + n]
        assert orig >= covered
        covered = orig + n
    edited = len(source) - sum(n for _, _, n in once.kept)
    assert (once.fixes == 0) == (once.text == source)
    assert edited == 0 or once.fixes  # a fix may only insert (a lost space), never delete unnoticed
    # No fix leaves a finding that no applicable fix removes unless the original had one of that rule.
    allowed = {Applicability.SAFE, Applicability.UNSAFE} if unsafe else {Applicability.SAFE}
    before = Counter(f.code for _, f in lint_source("f" + ext, bom + source.encode("utf-8"), _PLAN).all_findings())
    left = Counter(f.code for _, f in once.result.all_findings()
                   if f.fix is None or f.fix.applicability not in allowed)
    assert not left - before, (source, once.text, left - before)


@FUZZ
@given(documents)
def test_fuzz_fix_file_writes_the_same_bytes_as_fixing_the_text(tmp_path_factory, document):
    """Through the runner: the BOM is kept, the file written is what fix_text made, and a
    second --fix leaves it byte-identical."""
    from newslint.runner import fix_file, lint_file

    has_bom, source, ext, unsafe = document
    source = "Titre\n\n" + source
    bom = b"\xef\xbb\xbf" if has_bom else b""
    path = tmp_path_factory.mktemp("fix") / ("f" + ext)
    path.write_bytes(bom + source.encode("utf-8"))
    registry, plans = _REGISTRY, {}
    result, _ = fix_file(path, lint_file(path, registry, Settings(), plans), registry, Settings(), plans, unsafe)
    fixed = path.read_bytes()
    assert fixed == bom + _fix(str(path), bom, source, unsafe).text.encode("utf-8")
    assert not any(f.code == "NL907" for _, f in result.all_findings())
    fix_file(path, lint_file(path, registry, Settings(), plans), registry, Settings(), plans, unsafe)
    assert path.read_bytes() == fixed


# -- HTML and JSONL: fixes are display-only, the files never rewritten (item 8) -------------

DISPLAY_ONLY = {
    "r.jsonl": '{"id": "1", "title": "Budget approved", "text": "Budget approved\\n\\nThe council&nbsp;voted.<br>"}\n'
               '{"id": "2", "text": "Titre\\n\\nLe maire a dit&nbsp;: c&#8217;est vot\\u00e9 \\u200b.\\u0007"}\n',
    "p.html": "<html><body><h1>Titre</h1><p>Texte &amp;nbsp; ici &amp;lt;br&amp;gt; fin.</p></body></html>",
}


def test_html_and_jsonl_fixes_are_display_only_and_never_applied(here):
    for name, text in DISPLAY_ONLY.items():
        Path(name).write_text(text, encoding="utf-8")
    out = json.loads(cli("--format", "json", *DISPLAY_ONLY).output)
    fixes = {f["path"]: [(x["code"], x["fix"]["applicability"]) for x in f["findings"] if x["fix"]]
             for f in out["files"]}
    assert {c for c, _ in fixes["r.jsonl"]} >= {"NL201", "NL302", "NL603"} and {"NL302"} <= {c for c, _ in fixes["p.html"]}
    assert {a for found in fixes.values() for _, a in found} == {"display-only"}
    cli("--fix", "--unsafe-fixes", *DISPLAY_ONLY)
    for name, text in DISPLAY_ONLY.items():
        assert Path(name).read_text(encoding="utf-8") == text
    sarif = json.loads(cli("--format", "sarif", *DISPLAY_ONLY).output)["runs"][0]["results"]
    assert not [r for r in sarif if "fixes" in r]  # no change a SARIF tool could apply to the file
    assert {r["properties"]["fix"]["applicability"] for r in sarif if "fix" in r.get("properties", {})} == {"display-only"}


def test_the_same_text_in_a_txt_file_gets_fixes_that_apply(here):
    Path("a.txt").write_text("Budget approved\n\nThe council&nbsp;voted.<br>\n", encoding="utf-8")
    out = json.loads(cli("--format", "json", "a.txt").output)
    assert {x["fix"]["applicability"] for x in out["files"][0]["findings"]} == {"safe"}
    assert any("fixes" in r for r in json.loads(cli("--format", "sarif", "a.txt").output)["runs"][0]["results"])
    assert fix_json("a.txt")[0] == {"a.txt": []}
    assert Path("a.txt").read_text(encoding="utf-8") == "Budget approved\n\nThe council\u00a0voted.\n\n"
