"""Hostile input (issue 10, items 2-4): every reproducer is a finding on its file,
record or folder, the rest of the run goes on, and the exit code is 0 or 1, never 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newslint.cli import main
from newslint.readers import FORMATS, load

OFFER = "Would you like me to add more?"


def run(*args, ok=(0, 1)):
    result = CliRunner().invoke(main, [*map(str, args)], catch_exceptions=False)
    assert result.exit_code in ok, result.output
    return result


def run_json(*args):
    """{file name (relative to the folder linted): [(code, message, record index)]}"""
    out = json.loads(run("--format", "json", *args).output)
    return {f["path"]: [(x["code"], x["message"], (x.get("record") or {}).get("index")) for x in f["findings"]]
            for f in out["files"]}


def codes(found, path):
    return [c for c, _, _ in found[path]]


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- JSONL: a lone surrogate escape ---------------------------------------------

SURROGATE_JSONL = ('{"id": 1, "text": "Would you like me to shorten it? \\ud800"}\n'
                   '{"id": "t\\udfff", "title": "Le match \\ud83d", "text": "Le match est fini. \\ud83d\\ude00"}\n'
                   '{"id": 3, "text": "Fin \\udc00\\ud800 du texte."}\n')


def test_lone_surrogate_is_nl606_on_its_record_and_no_rule_crashes(here):
    Path("s.jsonl").write_text(SURROGATE_JSONL, encoding="ascii")
    found = run_json("s.jsonl")["s.jsonl"]
    assert "NL906" not in [c for c, _, _ in found]  # 11 rules used to crash on the surrogate
    assert ("NL101", 0) in [(c, r) for c, _, r in found]  # the offer in the same record is still found
    assert [(c, r) for c, _, r in found if c == "NL606"] == [("NL606", 0), ("NL606", 2), ("NL606", 2)]
    assert not [c for c, _, _ in found if c == "NL602"]  # the U+FFFD we put there is not reported twice
    # The valid pair in record 1 (an emoji) is no finding; its id and title were cleaned.
    assert all(r != 1 for _, _, r in found)


def test_lone_surrogate_position_is_the_escape(here):
    Path("s.jsonl").write_text(SURROGATE_JSONL, encoding="ascii")
    out = json.loads(run("--format", "json", "s.jsonl").output)
    (f,) = [x for x in out["files"][0]["findings"] if x["code"] == "NL606" and x["record"]["index"] == 0]
    assert (f["line"], f["column"]) == (1, 1)  # the record's line in the file
    r = f["record"]  # "…shorten it? " is 33 characters of the record's text
    assert (r["line"], r["column"], r["end_column"]) == (1, 34, 35)


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "sarif", "github", "junit"])
def test_lone_surrogate_every_output_format_and_report(here, fmt):
    Path("s.jsonl").write_text(SURROGATE_JSONL, encoding="ascii")
    result = run("--format", fmt, "--report", "rep", "s.jsonl")
    assert result.exit_code == 1
    assert "\ud800" not in result.output and "NL606" in result.output
    html = (here / "rep" / "s.jsonl.html").read_text(encoding="utf-8")
    md = (here / "rep" / "s.jsonl.md").read_text(encoding="utf-8")
    assert "NL606" in html and "NL606" in md


def test_lone_surrogate_subprocess_text_output_encodes(here):
    """The real script, stdout a pipe in UTF-8: no UnicodeEncodeError."""
    Path("s.jsonl").write_text(SURROGATE_JSONL, encoding="ascii")
    exe = Path(sys.executable).with_name("newslint")
    proc = subprocess.run([str(exe), "s.jsonl"], capture_output=True, timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert proc.returncode == 1, proc.stderr
    assert b"NL606" in proc.stdout and b"internal error" not in proc.stderr


# -- JSONL: nesting and numbers ---------------------------------------------------

def test_jsonl_nested_1000_deep_is_nl904_and_next_record_is_linted(here):
    deep = '{"text": "x", "a": ' + "[" * 1000 + "]" * 1000 + "}"
    deeper = '{"text": "x", "a": ' + '{"a": ' * 100_000 + "1" + "}" * 100_000 + "}"
    Path("deep.jsonl").write_text(f"{deep}\n{deeper}\n{{\"id\": 3, \"text\": \"{OFFER}\"}}\n", encoding="utf-8")
    found = run_json("deep.jsonl")["deep.jsonl"]
    nl904 = [m for c, m, _ in found if c == "NL904"]
    assert len(nl904) == 2 and all("nested too deeply" in m for m in nl904)
    assert ("NL101", 2) in [(c, r) for c, _, r in found]


def test_jsonl_huge_integer_is_nl904_not_a_crash(here):
    Path("n.jsonl").write_text('{"id": ' + "9" * 100_000 + ', "text": "x"}\n'
                               f'{{"id": 2, "text": "{OFFER}"}}\n', encoding="utf-8")
    found = run_json("n.jsonl")["n.jsonl"]
    assert [c for c, _, r in found if r is None] == ["NL904"]
    assert ("NL101", 1) in [(c, r) for c, _, r in found]


# -- Markdown front matter ----------------------------------------------------------

FRONT_MATTER = [
    "date: 2025-02-30", "date: 2024-13-01", "date: !!int abc", "count: !!float abc", "draft: !!bool maybe",
    "date: !!timestamp x", "date: 0000-01-01", "date: 2024-01-01 25:00:00", "date: 2024-01-01T25:61:00Z",
    "id: " + "9" * 100_000, "date: !!python/object/apply:os.system [echo]", "a: &x [*x]",
    "a: " + "[" * 20_000 + "]" * 20_000, "title: \"\\ud800\"", "[broken", "? [a, b]\n: c", "- a list",
    "date: 2025-02-30\ndate: 2025-03-01",
]


@pytest.mark.parametrize("front", FRONT_MATTER, ids=range(len(FRONT_MATTER)))
def test_front_matter_never_crashes_and_the_body_is_linted(here, front):
    Path("a.md").write_text(f"---\n{front}\n---\n# Titre\n\n{OFFER}\n", encoding="utf-8")
    Path("b.txt").write_text(OFFER + "\n", encoding="utf-8")
    found = run_json(".")
    assert "NL101" in codes(found, "a.md") and "NL906" not in codes(found, "a.md")
    assert codes(found, "b.txt") == ["NL101"]  # and the other files are still reported


@pytest.mark.parametrize("front", FRONT_MATTER, ids=range(len(FRONT_MATTER)))
def test_front_matter_meta_is_strings_only(front):
    loaded = load("a.md", f"---\n{front}\n---\n# Titre\n\nTexte.\n".encode())
    (doc,) = loaded.documents
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in doc.meta.items())
    for v in doc.meta.values():
        v.encode("utf-8")  # no lone surrogate


def test_front_matter_impossible_date_is_not_a_publication_date():
    from newslint.date_mentions import publication_date

    for value, expected in (("2025-02-30", None), ("2024-13-01", None), ("0000-01-01", None),
                            ("2024-03-01", "2024-03-01"), ("2024-03-01 10:00:00", "2024-03-01"),
                            ("'2024-03-01'", "2024-03-01")):
        (doc,) = load("a.md", f"---\ndate: {value}\n---\nTexte.\n".encode()).documents
        got = publication_date(doc)
        assert (got.isoformat() if got else None) == expected, value


def test_valid_front_matter_still_read():
    (doc,) = load("a.md", b"---\nTitle: Le match\nlanguage: fr\npublished: 2024-03-01\n---\n# T\n\nTexte.\n").documents
    assert doc.meta["title"] == "Le match" and doc.language == "fr" and doc.meta["date"] == "2024-03-01"
    assert doc.blocks[0].span.start == doc.text.index("# T")  # the front matter is not article text


# -- Discovery: symbolic link loops, special files, unreadable folders --------------

@pytest.fixture
def folder(here):
    d = here / "d"
    d.mkdir()
    (d / "a.txt").write_text(OFFER + "\n", encoding="utf-8")
    (d / "z.md").write_text("# Titre\n\n" + OFFER + "\n", encoding="utf-8")
    return d


def test_symlink_loop_in_folder_is_nl901(folder):
    (folder / "self.txt").symlink_to("self.txt")
    (folder / "ping.txt").symlink_to("pong.txt")
    (folder / "pong.txt").symlink_to("ping.txt")
    found = run_json("d")
    assert codes(found, "d/a.txt") == ["NL101"] and codes(found, "d/z.md") == ["NL101"]
    for name in ("self.txt", "ping.txt", "pong.txt"):
        ((code, message, _),) = found[f"d/{name}"]
        assert code == "NL901" and "symbolic link loop" in message


def test_symlink_loop_with_report_and_per_file_ignores(folder):
    """The paths of looping links are resolved by exclusion, per-file-ignores and the
    report writer too: none of them may crash (RuntimeError before Python 3.13)."""
    (folder / "self.txt").symlink_to("self.txt")
    Path("newslint.yaml").write_text("per-file-ignores:\n  'z.md': [NL101]\nexclude: ['nothing-*']\n")
    result = run("--report", "rep", "d")
    assert result.exit_code == 1 and "symbolic link loop" in result.output
    assert (Path("rep") / "d" / "self.txt.html").exists()
    assert run_json("d/self.txt")["d/self.txt"][0][0] == "NL901"  # named on the command line


def test_dangling_symlink_is_still_a_broken_link(folder):
    (folder / "gone.txt").symlink_to("missing.txt")
    ((code, message, _),) = run_json("d")["d/gone.txt"]
    assert code == "NL901" and "broken symbolic link" in message


def test_fifo_in_folder_does_not_hang(folder):
    """A FIFO is opened with O_NONBLOCK and refused after fstat; in a subprocess with a
    timeout so that a regression fails instead of hanging the suite."""
    os.mkfifo(folder / "pipe.txt")
    exe = Path(sys.executable).with_name("newslint")
    proc = subprocess.run([str(exe), "--format", "json", "d"], capture_output=True, timeout=60, cwd=folder.parent)
    assert proc.returncode == 1, proc.stderr
    files = {f["path"]: f["findings"] for f in json.loads(proc.stdout)["files"]}
    ((f,),) = [files["d/pipe.txt"]]
    assert f["code"] == "NL901" and "named pipe (FIFO)" in f["message"]
    assert [x["code"] for x in files["d/a.txt"]] == ["NL101"] and [x["code"] for x in files["d/z.md"]] == ["NL101"]


def test_fifo_named_on_the_command_line_does_not_hang(here):
    os.mkfifo("pipe.md")
    exe = Path(sys.executable).with_name("newslint")
    proc = subprocess.run([str(exe), "pipe.md"], capture_output=True, timeout=60)
    assert proc.returncode == 1 and b"named pipe" in proc.stdout


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_symlink_to_dev_zero_is_not_read(folder):
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "null.md").symlink_to("/dev/null")
    found = run_json("d")
    ((code, message, _),) = found["d/zero.txt"]
    assert code == "NL901" and "character device" in message
    assert codes(found, "d/null.md") == ["NL901"]
    assert codes(found, "d/a.txt") == ["NL101"]


def test_file_over_max_file_size_is_nl901_and_configurable(folder):
    (folder / "big.txt").write_text(OFFER + "\n" + "x" * 5000, encoding="utf-8")
    found = run_json("--max-file-size", "4KiB", "d")
    ((code, message, _),) = found["d/big.txt"]
    assert code == "NL901" and "4 KiB" in message and "max-file-size" in message
    assert codes(found, "d/a.txt") == ["NL101"]
    assert codes(run_json("d"), "d/big.txt") == ["NL101"]  # default 64 MiB
    Path("newslint.yaml").write_text("max-file-size: 1000\n")
    assert codes(run_json("d"), "d/big.txt") == ["NL901"]
    assert codes(run_json("--max-file-size", "1MiB", "d"), "d/big.txt") == ["NL101"]  # the CLI wins


@pytest.mark.parametrize("value", ["0", "-1", "abc", "12 parsecs", "1.5MiB", "[]", "true"])
def test_bad_max_file_size_is_a_usage_error(folder, value):
    result = run("--max-file-size", value, "d", ok=(2,))
    assert "max-file-size" in result.output
    Path("newslint.yaml").write_text(f"max-file-size: {value}\n")
    result = CliRunner().invoke(main, ["d"])
    assert result.exit_code == 2 and "max-file-size" in result.output and "internal error" not in result.output


@pytest.mark.parametrize("value,expected", [(1, 1), ("64MiB", 64 << 20), (" 500 kB ", 500_000), ("2GiB", 2 << 30),
                                            ("100", 100), ("10b", 10)])
def test_parse_size(value, expected):
    from newslint.config import parse_size

    assert parse_size(value) == expected


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_never_reads_more_than_the_cap_plus_one(here, monkeypatch):
    """Even when the file grows (or is a device that got past the check), at most
    limit + 1 bytes are read."""
    from newslint import runner
    from newslint.runner import read_file

    real_read = os.read
    total = []

    def counting_read(fd, n):
        data = real_read(fd, n)
        total.append(len(data))
        return data

    Path("f.txt").write_bytes(b"a" * 10_000)
    monkeypatch.setattr(runner.os, "read", counting_read)
    with pytest.raises(runner._NotRead, match="limit"):
        read_file(Path("f.txt"), 1000)
    assert sum(total) == 0  # its size says it is too large: nothing read
    assert read_file(Path("f.txt"), 10_000) == b"a" * 10_000 and sum(total) == 10_000
    # A file whose size lies (it grows while read, or a /proc file): counted, cap + 1 at most.
    real_fstat = os.fstat
    monkeypatch.setattr(runner.os, "fstat", lambda fd: os.stat_result((*real_fstat(fd)[:6], 0, *real_fstat(fd)[7:])))
    total.clear()
    with pytest.raises(runner._NotRead, match="limit"):
        read_file(Path("f.txt"), 1000)
    assert sum(total) == 1001
    monkeypatch.setattr(runner.os, "fstat", real_fstat)
    # A device passes no fstat check, so not a byte is read from it.
    total.clear()
    with pytest.raises(runner._NotRead, match="character device"):
        read_file(Path("/dev/zero"), 1000)
    assert total == []


def _deny_listing(monkeypatch, *names):
    """Simulate folders that cannot be listed. The suite runs as root, for whom
    ``chmod 0`` changes nothing, so ``os.scandir`` (which ``os.walk`` calls) raises the
    PermissionError an ordinary user gets; ``test_chmod_0_folder`` checks the real thing
    when not root."""
    real = os.scandir

    def scandir(path="."):
        if os.path.basename(os.fspath(path).rstrip("/")) in names:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_unreadable_sub_folder_is_nl901_in_json_files(folder, monkeypatch):
    (folder / "locked").mkdir()
    (folder / "locked" / "hidden.txt").write_text(OFFER)
    (folder / "open").mkdir()
    (folder / "open" / "b.txt").write_text(OFFER)
    _deny_listing(monkeypatch, "locked")
    out = json.loads(run("--format", "json", "d").output)
    paths = [f["path"] for f in out["files"]]
    assert paths == ["d/a.txt", "d/z.md", "d/locked", "d/open/b.txt"]  # in walk order
    (f,) = out["files"][2]["findings"]
    assert f["code"] == "NL901" and "cannot read folder: Permission denied" in f["message"]
    assert out["summary"]["files"] == 4


def test_unreadable_folder_named_on_command_line(folder, monkeypatch):
    _deny_listing(monkeypatch, "d")
    result = run("d")
    assert result.exit_code == 1 and "d:1:1: NL901" in result.output and "cannot read folder" in result.output


def test_unreadable_sub_folder_with_jobs_report_and_baseline(folder, monkeypatch):
    (folder / "locked").mkdir()
    _deny_listing(monkeypatch, "locked")
    for i in range(4):
        (folder / f"n{i}.txt").write_text(OFFER)
    result = run("--report", "rep", "d")  # the report writer gets the folder's result too
    assert "d/locked:1:1: NL901" in result.output and (Path("rep") / "d" / "locked.html").exists()
    run("--write-baseline", "base.json", "d", ok=(0,))
    assert run("--baseline", "base.json", "d").exit_code == 0  # the folder's finding is recorded
    # Worker processes do their own reading; the walk (and its error) happened in the parent.
    serial = json.loads(run("--format", "json", "d").output)
    assert json.loads(run("--format", "json", "-j", "2", "d").output) == serial
    assert "d/locked" in [f["path"] for f in serial["files"]]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads a chmod 0 folder anyway")
def test_chmod_0_folder(folder):
    locked = folder / "locked"
    locked.mkdir()
    (locked / "x.txt").write_text(OFFER)
    locked.chmod(0)
    try:
        found = run_json("d")
    finally:
        locked.chmod(0o755)
    assert codes(found, "d/locked") == ["NL901"] and codes(found, "d/a.txt") == ["NL101"]


def test_missing_path_on_command_line_is_still_exit_2(folder):
    result = CliRunner().invoke(main, ["d", "nope.txt"])
    assert result.exit_code == 2 and "path does not exist: nope.txt" in result.output


# -- Property: the readers never raise and every span is inside its text -------------

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

EXAMPLES = int(os.environ.get("NEWSLINT_FUZZ_EXAMPLES", "100"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)
surrogates = st.integers(0xD800, 0xDFFF).map(lambda c: f"\\u{c:04x}")
json_text = st.lists(st.text(max_size=20) | surrogates | st.sampled_from(['"', "\\", "\n", "\r\n", "\\n", "\x00"]),
                     max_size=12).map("".join)


@st.composite
def jsonl_files(draw) -> bytes:
    lines = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.integers(0, 3))
        if kind == 0:  # a well-formed record, maybe with escapes of lone surrogates in its text
            text = json.dumps(draw(st.text()), ensure_ascii=draw(st.booleans()))[1:-1] + draw(json_text)
            lines.append('{"id": %s, "text": "%s"}' % (json.dumps(draw(json_values)), text.replace('"', "'")))
        elif kind == 1:
            lines.append(json.dumps(draw(json_values)))
        elif kind == 2:
            lines.append(draw(st.text()))
        else:
            depth = draw(st.integers(0, 3000))
            lines.append('{"text": "x", "a": ' + "[" * depth + "]" * depth + "}")
    return "\n".join(lines).encode("utf-8", "surrogatepass")


yaml_scalars = st.sampled_from(["2025-02-30", "2024-13-01", "!!int abc", "!!float abc", "!!bool maybe", "!!timestamp x",
                                "0000-01-01", "2024-01-01 25:00:00", "9" * 5000, '"\\ud800"', "[", "{", "&a [*a]",
                                "*nope", "!!binary ~~", "|", ">", "'", '"', ": :", "- x", "", "2024-03-01", "fr"])


@st.composite
def markdown_files(draw) -> bytes:
    entries = draw(st.lists(st.tuples(st.sampled_from(["date", "lang", "language", "published", "title", "x", "? a"]),
                                      yaml_scalars | st.text(max_size=20)), max_size=6))
    front = "\n".join(f"{k}: {v}" for k, v in entries)
    body = draw(st.text(max_size=200))
    close = draw(st.sampled_from(["\n---\n", "\n---", "\n--- \n", "\n"]))
    return f"---\n{front}{close}{body}".encode("utf-8", "surrogatepass")


def _check_loaded(path: str, data: bytes) -> None:
    loaded = load(path, data)
    container = loaded.container
    container.text.encode("utf-8")  # no lone surrogate ever leaves the reader
    for p in loaded.problems:
        assert 0 <= p.span.start <= p.span.end <= len(container.text), (p, len(container.text))
        p.message.encode("utf-8")
    for doc in loaded.documents:
        doc.text.encode("utf-8")
        n = len(doc.text)
        for b in doc.blocks:
            assert 0 <= b.span.start <= b.span.end <= n, (b, n)
        for d in doc.directives:
            assert 0 <= d.span.start <= d.span.end <= n, (d, n)
        for k, v in doc.meta.items():
            if isinstance(v, str):
                v.encode("utf-8")
        for offset in doc.meta.get("lone_surrogates", ()):
            assert doc.text[offset] == "\ufffd"
        if doc.record is not None:
            assert 1 <= doc.record.line <= container.text.count("\n") + 1


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from(sorted(FORMATS)))
def test_fuzz_random_bytes_every_format(data, ext):
    _check_loaded("fuzz" + ext, data)


@FUZZ
@given(jsonl_files())
def test_fuzz_jsonl_records(data):
    _check_loaded("fuzz.jsonl", data)


@FUZZ
@given(markdown_files())
def test_fuzz_front_matter(data):
    _check_loaded("fuzz.md", data)


@FUZZ
@given(st.text(max_size=500), st.sampled_from(sorted(FORMATS)))
def test_fuzz_random_text_every_format(text, ext):
    _check_loaded("fuzz" + ext, text.encode("utf-8", "surrogatepass"))
