"""Output safety (issue 10, items 8, 10, 11, 12): every reporter publishes positions
that are valid in the file, no file name or article text can become markup, a link or
a terminal escape, and the report writer stays fast on many findings per line."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from newslint.reporters.report import FileReport, Item, line_segments


# -- item 12: line_segments is a sweep, with the former output ------------------------

def reference_segments(report: FileReport) -> list[list[tuple[str, list[Item]]]]:
    """The former, quadratic line_segments, kept as the specification of its output."""
    per_line: dict[int, list[tuple[int, int, Item]]] = {}
    for item in report.items:
        for ln in range(item.line, item.end_line + 1):
            if not 1 <= ln <= len(report.lines):
                continue
            text = report.lines[ln - 1]
            start = item.column - 1 if ln == item.line else 0
            end = item.end_column - 1 if ln == item.end_line else len(text)
            start = min(max(start, 0), len(text))
            end = min(max(end, start), len(text))
            if end == start:
                end = min(start + 1, len(text))
            per_line.setdefault(ln, []).append((start, end, item))
    segments = []
    for ln, text in enumerate(report.lines, 1):
        ranges = per_line.get(ln)
        if not ranges:
            segments.append([(text, [])])
            continue
        cuts = sorted({0, len(text), *(a for a, _, _ in ranges), *(b for _, b, _ in ranges)})
        row = []
        for a, b in zip(cuts, cuts[1:]):
            covering = [item for s, e, item in sorted(ranges, key=lambda r: (-r[0], r[1] - r[0], -r[2].line, -r[2].column))
                        if s <= a and b <= e and s < e]
            row.append((text[a:b], covering))
        if all(s == e for s, e, _ in ranges) or not text:
            row.append(("⏎", [item for _, _, item in ranges]))
        segments.append(row)
    return segments


@st.composite
def reports(draw):
    lines = draw(st.lists(st.text("ab é", max_size=12), min_size=1, max_size=5))
    items = []
    for n in range(draw(st.integers(0, 14))):
        line = draw(st.integers(0, len(lines) + 1))
        end_line = draw(st.integers(line, len(lines) + 1))
        column = draw(st.integers(0, 15))
        end_column = draw(st.integers(0 if end_line > line else column, 15))
        items.append(Item(f"f{n}", "NL000", "x", "markup", "error", line, column, end_line, end_column, "m", ""))
    return FileReport("a.txt", "a.txt", items, lines)


@settings(max_examples=300, deadline=None)
@given(reports())
def test_line_segments_sweep_equals_the_former_implementation(report):
    assert line_segments(report) == reference_segments(report)


def test_line_segments_many_findings_on_one_line():
    words = [f"w{i:04d}" for i in range(600)]
    text = " ".join(words)
    items = [Item(f"f{i}", "NL302", "x", "markup", "error", 1, 6 * i + 1, 1, 6 * min(i + 3, 599) + 6, "m", "")
             for i in range(600)]
    report = FileReport("a.txt", "a.txt", items, [text, ""])
    assert line_segments(report) == reference_segments(report)


# -- item 11: control characters are shown, never sent -------------------------------

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from newslint.cli import main
from newslint.reporters import json_text, visible

# Raw in a human or XML output, any of these could drive a terminal (ESC, CSI U+009B),
# break XML or reorder what is shown (U+202E). Line breaks between output lines are fine.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# The heading comes twice: NL201's message quotes it, escapes and all.
ESCAPES = ("Titre \x1b]52;c;aGVsbG8=\x07 fin\n\nTitre \x1b]52;c;aGVsbG8=\x07 fin\n\n"
           "Would you like me to add more? \x1b[2J \u202e sdrawkcab \x9b31m \x85 end.\n")
EVIL_NAME = "evil\x1b[31m\u202e.txt"


def cli(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def escapes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / EVIL_NAME).write_text(ESCAPES, encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text(json.dumps({"id": "r\x1b[2J1", "text": ESCAPES}) + "\n", encoding="utf-8")
    return tmp_path


def test_visible_shows_every_control():
    assert visible("a\x1b]52;c;x\x07b") == "a\\x1b]52;c;x\\x07b"
    assert visible("\x1b[2J\t\r\n\x00\x7f\x85\x9b") == "\\x1b[2J\\t\\r\\n\\x00\\x7f\\x85\\x9b"
    assert visible("\u202eabc\u2066\u200f\u2028\ud800\uffff") == "\\u202eabc\\u2066\\u200f\\u2028\\ud800\\uffff"
    assert visible("Grüße « ok » — 日本 \u00a0") == "Grüße « ok » — 日本 \u00a0"  # text stays text


def test_json_text_is_the_same_json_value():
    value = {"m": "a\x1b[2J \x85 \u202e \u2028 é"}
    out = json_text(json.dumps(value, ensure_ascii=False))
    assert json.loads(out) == value and not RAW_CONTROL.search(out)


@pytest.mark.parametrize("fmt", ["text", "github", "junit"])
def test_human_and_xml_formats_show_controls_visibly(escapes, fmt):
    out = cli("--format", fmt, "--no-color", EVIL_NAME, "feed.jsonl").output
    assert not RAW_CONTROL.search(out), RAW_CONTROL.findall(out)
    assert "\\x1b]52;c;aGVsbG8=\\x07" in out  # the message quoting the heading shows it
    assert "evil\\x1b[31m\\u202e.txt" in out
    if fmt == "junit":
        root = ET.fromstring(out)  # valid XML
        assert len(root.findall(".//testcase")) == 2


def test_text_excerpt_underline_stays_under_the_finding(escapes):
    out = cli("--no-color", EVIL_NAME).output.splitlines()
    i = next(n for n, line in enumerate(out) if "U+202E" in line)
    excerpt, underline = out[i + 1], out[i + 2]
    assert underline.index("^") == excerpt.index("\\u202e") and underline.strip() == "^" * len("\\u202e")


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


@pytest.mark.parametrize("fmt", ["json", "jsonl", "sarif"])
def test_machine_formats_stay_exact_json(escapes, fmt):
    out = cli("--format", fmt, EVIL_NAME, "feed.jsonl").output
    assert not RAW_CONTROL.search(out)  # C0 escaped by JSON itself, C1 and bidi as \uXXXX
    assert "\\u202e" in out
    values = json.loads(out) if fmt != "jsonl" else [json.loads(line) for line in out.splitlines()]
    strings = _strings(values)  # decoded: the exact strings, controls and all
    assert EVIL_NAME in strings or any(s.endswith(EVIL_NAME) for s in strings)
    assert any("Titre \x1b]52;c;aGVsbG8=\x07" in s for s in strings)


def test_machine_formats_keep_the_exact_strings(escapes):
    data = json.loads(cli("--format", "json", EVIL_NAME, "feed.jsonl").output)
    assert [f["path"] for f in data["files"]] == [EVIL_NAME, "feed.jsonl"]
    quoted = [f["message"] for f in data["files"][0]["findings"] if "Titre" in f["message"]]
    assert quoted and "\x1b]52;c;aGVsbG8=\x07" in quoted[0]


def test_reports_show_controls_visibly(escapes):
    cli(EVIL_NAME, "feed.jsonl", "--report", "out", "-q")
    written = [p for p in (escapes / "out").rglob("*") if p.is_file()]
    assert len([p for p in written if p.parent.name != "rules"]) == 6  # and the pages of the rules found
    for p in written:
        text = p.read_text(encoding="utf-8")
        assert not RAW_CONTROL.search(text), (p.name, RAW_CONTROL.findall(text))
    html = (escapes / "out" / (EVIL_NAME + ".html")).read_text(encoding="utf-8")
    assert "\\x1b</a></mark>[2J" in html and "\\u202e" in html and "evil\\x1b[31m\\u202e.txt" in html


def test_usage_error_shows_controls_in_the_path(tmp_path):
    out = subprocess.run([sys.executable, "-m", "newslint", str(tmp_path / "missing\x1b[2J.txt")],
                         capture_output=True, text=True)
    assert out.returncode == 2 and "missing\\x1b[2J.txt" in out.stderr and "\x1b" not in out.stderr


def test_text_output_in_a_real_terminal_pipe_has_no_escape(escapes):
    out = subprocess.run([sys.executable, "-m", "newslint", "--no-color", EVIL_NAME, "feed.jsonl"],
                         capture_output=True, cwd=escapes).stdout
    assert b"\x1b" not in out and "\u202e".encode() not in out and b"\xc2\x9b" not in out


# -- item 10: file names never become links, markup or schemes ------------------------

from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from newslint.reporters.report import href, md_text

HOSTILE_NAMES = ["javascript:alert(1).txt", "a) <img src=x onerror=alert(1)> (b.txt",
                 "x](javascript:alert(2)) [y.txt", "q?x=1#frag & 'quote\" *em* `tick` | pipe ~s~.txt"]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    @property
    def hrefs(self) -> list[str]:
        return [a["href"] for t, a in self.tags if "href" in a]


def _safe_href(value: str) -> bool:
    return urlsplit(value).scheme == "" and value.startswith(("./", "../", "#")) and "\\" not in value


@pytest.fixture
def hostile_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "javascript:alert(3)"
    folder.mkdir()
    for name in HOSTILE_NAMES:
        (tmp_path / name).write_text("Titre\n\nWould you like me to add more?\n", encoding="utf-8")
    (folder / "inner.txt").write_text("Titre\n\nWould you like me to add more?\n", encoding="utf-8")
    assert cli(*HOSTILE_NAMES, folder.name, "--report", "out", "-q").exit_code == 1
    return tmp_path / "out"


def test_href_is_relative_and_percent_encoded():
    assert href("javascript:alert(1).txt.html") == "./javascript%3Aalert%281%29.txt.html"
    assert href("../../seeds/a b.txt") == "../../seeds/a%20b.txt"
    assert href("./index.md") == "./index.md" and href("d/x?y#z.md") == "./d/x%3Fy%23z.md"
    with pytest.raises(ValueError):
        href("/etc/passwd")


def test_every_href_in_the_html_reports_is_a_safe_relative_path(hostile_names):
    pages = sorted(hostile_names.rglob("*.html"))
    assert len([p for p in pages if p.parent.name != "rules"]) == len(HOSTILE_NAMES) + 2  # + the rule pages
    for page in pages:
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.hrefs and all(_safe_href(h) for h in parser.hrefs), (page.name, parser.hrefs)
        assert not any(t == "img" for t, _ in parser.tags)
        # a relative link leads to a report that exists
        for h in parser.hrefs:
            if not h.startswith("#"):
                target = (page.parent / unquote(h.split("#")[0])).resolve()
                assert target.exists() or target.suffix in (".txt",), h


def test_index_links_to_the_hostile_file_by_its_encoded_name(hostile_names):
    parser = _Links()
    parser.feed((hostile_names / "index.html").read_text(encoding="utf-8"))
    assert "./javascript%3Aalert%281%29.txt.html" in parser.hrefs
    assert "./javascript%3Aalert%283%29/inner.txt.html" in parser.hrefs


def _render_markdown(text: str) -> str:
    markdown_it = pytest.importorskip("markdown_it")  # rich depends on it
    md = markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    md.validateLink = lambda url: True  # render every link, to see where each one goes
    return md.render(text)


def test_markdown_reports_escape_names_and_text(hostile_names):
    pages = sorted(hostile_names.rglob("*.md"))
    assert len(pages) == len(HOSTILE_NAMES) + 2
    for page in pages:
        source = page.read_text(encoding="utf-8")
        parser = _Links()
        parser.feed(_render_markdown(source))
        assert not any(t in ("img", "script", "del") for t, _ in parser.tags), page.name
        assert [t for t, _ in parser.tags].count("em") == 1  # "_Generated by newslint_" only
        assert all(_safe_href(h) for h in parser.hrefs), (page.name, parser.hrefs)
    index = _render_markdown((hostile_names / "index.md").read_text(encoding="utf-8"))
    parser = _Links()
    parser.feed(index)
    # one row per file, each with its two links: no name broke a link or the table
    assert len(parser.hrefs) == 2 * (len(HOSTILE_NAMES) + 1)
    rows = re.findall(r"<tr>\s*<td><a href=.*?</tr>", index, re.S)
    assert len(rows) == len(HOSTILE_NAMES) + 1 and all(r.count("<td") == 6 for r in rows)  # headline, file, 3 counts, html
    assert "a) &lt;img src=x onerror=alert(1)&gt; (b.txt" in index
    assert "q?x=1#frag &amp; 'quote&quot; *em* `tick` | pipe ~s~.txt" in index


def test_md_text_escapes_html_and_markdown_syntax():
    assert md_text("a) <img src=x onerror=alert(1)> (b") == "a) \\<img src=x onerror=alert(1)\\> (b"
    assert md_text("&lt; *a* _b_ `c` [d](e) f|g ~h~ \\") == "\\&lt; \\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) f\\|g \\~h\\~ \\\\"


# -- item 8: positions published for JSONL and HTML findings are valid in the file ------

from newslint.readers import load
from test_reporters import sarif_schema  # noqa: F401  (the official SARIF schema, fetched once)

FEED = [
    {"id": "a1", "title": "Storm closes schools across the region",
     "text": "Storm closes schools across the region\n\nThe storm closed every school in the region on Monday, "
             "officials said &amp; parents agreed."},
    {"id": 7, "text": "Titre\n\nLe maire a dit&nbsp;: c&#8217;est fini."},
]


@pytest.fixture
def feed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    raw = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in FEED)
    (tmp_path / "feed.jsonl").write_text(raw, encoding="utf-8")
    return raw


def _offset(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    assert 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]) + 1, (line, column)
    return sum(len(x) + 1 for x in lines[:line - 1]) + column - 1


def _apply(text: str, edits: list[dict]) -> str:
    for e in sorted(edits, key=lambda e: (e["line"], e["column"]), reverse=True):
        a, b = _offset(text, e["line"], e["column"]), _offset(text, e["end_line"], e["end_column"])
        text = text[:a] + e["replacement"] + text[b:]
    return text


def test_jsonl_finding_points_at_the_record_line_and_carries_the_record_position(feed):
    data = json.loads(cli("--format", "json", "feed.jsonl").output)
    findings = data["files"][0]["findings"]
    assert sorted(f["code"] for f in findings) == ["NL201", "NL302", "NL302", "NL302"]
    lines = feed.split("\n")
    for f in findings:
        record = f["record"]
        assert f["line"] == record["index"] + 1  # one record a line here
        assert (f["column"], f["end_line"], f["end_column"]) == (1, f["line"], len(lines[f["line"] - 1]) + 1)
        assert set(record) == {"index", "id", "line", "column", "end_line", "end_column"}
        text = FEED[record["index"]]["text"]
        flagged = text[_offset(text, record["line"], record["column"]):_offset(text, record["end_line"], record["end_column"])]
        if f["code"] == "NL302":
            assert flagged in ("&amp;", "&nbsp;", "&#8217;")
        else:
            assert flagged == FEED[0]["title"]
    assert [(f["record"]["id"], f["record"]["line"], f["record"]["column"]) for f in findings if f["code"] == "NL302"] \
        == [("a1", 3, 71), ("7", 3, 15), ("7", 3, 24)]


def test_jsonl_fixes_are_display_only_with_no_file_edits(feed):
    data = json.loads(cli("--format", "json", "feed.jsonl").output)
    findings = data["files"][0]["findings"]
    assert all(f["fix"]["applicability"] == "display-only" and f["fix"]["edits"] == [] for f in findings)
    # A consumer applying every published edit to the file changes nothing (the former
    # NL201 edit deleted the record's opening "{", the NL302 ones hit the JSON syntax).
    assert _apply(feed, [e for f in findings for e in f["fix"]["edits"]]) == feed
    # record_edits are positions in the record's text: applied there, they fix it
    for index, record in enumerate(FEED):
        edits = [e for f in findings if f["record"]["index"] == index for e in f["fix"]["record_edits"]]
        fixed = _apply(record["text"], edits)
        assert "&amp;" not in fixed and "&nbsp;" not in fixed and "&#8217;" not in fixed
    assert _apply(FEED[1]["text"], [e for f in findings if f["record"]["index"] == 1
                                    for e in f["fix"]["record_edits"]]) == "Titre\n\nLe maire a dit\u00a0: c’est fini."


def test_jsonl_in_text_github_and_junit(feed):
    text = cli("--format", "text", "--no-color", "feed.jsonl").output
    assert "feed.jsonl:1:1: [record 0 (id a1) 3:71] NL302 error [markup] HTML entity &amp; in text" in text
    assert "feed.jsonl:2:1: [record 1 (id 7) 3:15] NL302" in text
    assert "= fix (display-only): decode &amp; as" in text
    github = cli("--format", "github", "feed.jsonl").output
    width = len(feed.split("\n")[0]) + 1
    assert (f"::error file=feed.jsonl,line=1,col=1,endLine=1,endColumn={width},title=NL302 html-remnant::"
            "record 0 (id a1) 3:71: HTML entity &amp; in text") in github
    junit = cli("--format", "junit", "feed.jsonl").output
    assert "feed.jsonl:1:1: [record 0 (id a1) 3:71] NL302 [markup]" in junit


def test_jsonl_sarif_regions_in_the_file_record_in_property_bags_no_fixes(feed, sarif_schema):
    import jsonschema

    log = json.loads(cli("--format", "sarif", "feed.jsonl").output)
    jsonschema.Draft7Validator(sarif_schema).validate(log)
    results = log["runs"][0]["results"]
    lines = feed.split("\n")
    assert len(results) == 4
    for r in results:
        assert "fixes" not in r
        region = r["locations"][0]["physicalLocation"]["region"]
        record = r["locations"][0]["properties"]["record"]
        assert region == {"startLine": record["index"] + 1, "startColumn": 1, "endLine": record["index"] + 1,
                          "endColumn": len(lines[record["index"]]) + 1}
        assert r["properties"]["record"] == record and {"line", "column", "end_line", "end_column"} <= set(record)
        assert r["properties"]["fix"]["applicability"] == "display-only" and r["properties"]["fix"]["edits"] == []


def test_jsonl_report_marks_the_record_line_with_the_record_position(feed):
    cli("feed.jsonl", "--report", "out", "-q")
    html = Path("out/feed.jsonl.html").read_text(encoding="utf-8")
    assert "record 0 (id a1) 3:71" in html and "[display-only]" in html
    assert '<li id="r0-L3"><span class="ln"><a href="#r0-L3">3</a></span><code>' in html  # the record's own line 3
    assert re.search(r'<li id="r0-L3">.*?<mark', html)
    md = Path("out/feed.jsonl.md").read_text(encoding="utf-8")
    assert "record 0 (id a1) 3:71" in md and "\\[display-only\\]" in md


HTML_ARTICLE = """<html lang="es"><body>
<h1>Presupuesto municipal</h1>
<p>El alcalde dijo &amp;quot;no&amp;quot; y
   luego se fue.\x1b[2J</p>
<table>
<tr><th>Partida</th><th>Importe</th></tr>
<tr><td>Educación</td><td>120</td></tr>
</table>
<p>Partida Importe</p>
<p>Educación 120</p>
</body></html>
"""


def test_html_positions_are_file_positions_and_fixes_display_only(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a.html").write_text(HTML_ARTICLE, encoding="utf-8")
    data = json.loads(cli("--format", "json", "a.html").output)
    findings = data["files"][0]["findings"]
    lines = HTML_ARTICLE.split("\n")

    def region(f):
        a, b = _offset(HTML_ARTICLE, f["line"], f["column"]), _offset(HTML_ARTICLE, f["end_line"], f["end_column"])
        assert a <= b
        return HTML_ARTICLE[a:b]

    by_code = {}
    for f in findings:
        by_code.setdefault(f["code"], []).append(f)
        assert "record" not in f
        if f["fix"] is not None:
            assert f["fix"]["applicability"] == "display-only" and f["fix"]["edits"] == []
    assert [region(f) for f in by_code["NL302"]] == ["&amp;quot;", "&amp;quot;"]  # the source, entity and all
    assert [region(f) for f in by_code["NL603"]] == ["\x1b"]
    assert by_code["NL603"][0]["fix"] is not None  # a fix, shown, never published as a file edit
    # The flattened copy is copied text; the table is text the reader built from cells:
    # its region runs from the first <tr> to the closing </tr> of the last row, never
    # into a column of its own.
    (flat,) = by_code["NL204"]
    assert region(flat) == "Partida Importe</p>\n<p>Educación 120"
    assert region(flat["related"][0]) == "<tr><th>Partida</th><th>Importe</th></tr>\n<tr><td>Educación</td><td>120</td>"
    assert all(1 <= f["column"] <= len(lines[f["line"] - 1]) + 1 for f in findings)
    sarif = json.loads(cli("--format", "sarif", "a.html").output)
    assert not any("fixes" in r for r in sarif["runs"][0]["results"])


HTML_PIECES = ["word", "Mot", " ", "\n", "  \n  ", "&amp;", "&amp;amp;", "&nbsp;", "&#8217;", "&#x41", "&bogus;",
               "<p>", "</p>", "<b>", "</b>", "<br>", "<h2>", "</h2>", "<table>", "<tr>", "<td>", "</td>", "</tr>",
               "</table>", "<li>", "<pre>", "</pre>", "<!-- c -->", "<script>x</script>", "é", "|", "\t"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(HTML_PIECES), max_size=30))
def test_html_source_map_positions_are_valid_ordered_and_exact_on_copied_text(pieces):
    source = "".join(pieces)
    loaded = load("x.html", source.encode())
    lines = loaded.container.text.split("\n")
    for doc in loaded.documents:
        n = len(doc.text)
        starts = [doc.position(o) for o in range(n + 1)]
        ends = [doc.position(o, end=True) for o in range(n + 1)]
        for line, col in starts + ends:
            assert 1 <= line <= len(lines) and 1 <= col <= len(lines[line - 1]) + 1
        for a in range(n + 1):
            assert all(starts[a] <= ends[b] for b in range(a + 1, n + 1))
        rows = [range(m.start(), m.end()) for m in re.finditer(r"(?m)^\| .*$", doc.text)]
        for m in re.finditer("word|&", doc.text):
            if not any(m.start() in r for r in rows):  # copied text maps to itself, a reference to itself
                (line, col), (end_line, end_col) = starts[m.start()], ends[m.end()]
                assert line == end_line
                assert lines[line - 1][col - 1:end_col - 1] == "word" if m.group() == "word" \
                    else lines[line - 1][col - 1:end_col - 1].startswith("&")


def test_source_map_opaque_runs_and_pickling():
    import pickle

    from newslint.model import SourceMap

    # "ab" copied from 1:4, "&" decoded from "&amp;" at 1:6, "| x |" a row from 2:1 to 2:20
    text = "ab&\n| x |\n"
    smap = SourceMap([(0, 1, 4), (2, 1, 6), (4, 2, 1)], [(2, 3, 1, 11), (4, 9, 2, 20)])
    assert smap.position(text, 1) == (1, 5) and smap.position(text, 2, end=True) == (1, 6)
    assert smap.position(text, 2) == (1, 6) and smap.position(text, 3, end=True) == (1, 11)
    assert smap.position(text, 6) == (2, 1) and smap.position(text, 6, end=True) == (2, 20)
    clone = pickle.loads(pickle.dumps(smap))
    assert [clone.position(text, o, e) for o in range(len(text) + 1) for e in (False, True)] == \
        [smap.position(text, o, e) for o in range(len(text) + 1) for e in (False, True)]


def test_closing_messages_show_folder_names_visibly(tmp_path):
    """The "Reports:" and baseline lines name folders the user typed: an escape in the
    name is shown, never sent to the terminal."""
    article = tmp_path / "a.txt"
    article.write_text("Titre\n\nWould you like me to shorten it?\n", encoding="utf-8")
    folder = tmp_path / "r\x1b]0;owned\x07x"  # an OSC sequence and a bell (click strips only CSI colours)
    baseline = tmp_path / "b\x07.json"
    for args in (["--report", str(folder)], ["--write-baseline", str(baseline)]):
        run = subprocess.run([sys.executable, "-m", "newslint", *args, str(article)], capture_output=True, text=True)
        assert "\x07" not in run.stderr and "\x1b" not in run.stderr, run.stderr
        assert "Reports:" in run.stderr or "baseline" in run.stderr, run.stderr
