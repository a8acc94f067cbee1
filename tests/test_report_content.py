"""What editors read in the reports (issue 13 §4): each rule's explanation, articles by
headline, JSONL records as text, invisible characters made visible, readable fix
previews, labels at phone width, and one documentation page per rule."""

import json
import re
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from newslint import __repository__, __version__
from newslint.cli import main

from conftest import ROOT


@pytest.fixture
def run(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)

    def invoke(*args):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke


def read(path) -> str:
    return path.read_text(encoding="utf-8")


class _Text(HTMLParser):
    """The text of an element by id (for the article view of one line)."""

    def __init__(self, wanted: str):
        super().__init__()
        self.wanted, self.depth, self.parts = wanted, 0, []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += 1
        elif dict(attrs).get("id") == self.wanted:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def element_text(html: str, wanted: str) -> str:
    parser = _Text(wanted)
    parser.feed(html)
    return "".join(parser.parts)


def test_each_finding_explains_its_rule_and_links_its_page(run, tmp_path):
    (tmp_path / "a.txt").write_text("Title\n\nWould you like me to shorten it?\n", encoding="utf-8")
    run("a.txt", "--report", "out", "-q")
    html = read(tmp_path / "out" / "a.txt.html")
    block = re.search(r'<details class="about"><summary>About NL101: (.*?)</summary>(.*?)</details>', html, re.S)
    assert block, html
    assert "<strong>What to do</strong>" in block.group(2)  # the explanation, rendered
    assert 'href="./rules/NL101.html"' in block.group(2)
    page = read(tmp_path / "out" / "rules" / "NL101.html")
    assert "<strong>What to do</strong>" in page and "Would you like me" in page  # explanation and examples
    md = read(tmp_path / "out" / "a.txt.md")
    assert "<details><summary>About NL101" in md and "**What to do**" in md
    assert "[NL101 assistant-offer-to-continue: full documentation](./rules/NL101.html)" in md


def test_index_lists_articles_by_headline_then_file_name(run, tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: Council votes the budget\n---\n# Other heading\n\n"
                                   "Would you like me to shorten it?\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Storm closes schools\n\nWould you like me to shorten it?\n", encoding="utf-8")
    run("a.md", "b.txt", "--report", "out", "-q")
    html = read(tmp_path / "out" / "index.html")
    assert re.search(r'>Council votes the budget</a><div class="muted path">a\.md</div>', html)
    assert re.search(r'>Storm closes schools</a><div class="muted path">b\.txt</div>', html)
    md = read(tmp_path / "out" / "index.md")
    assert "| [Council votes the budget](./a.md.md) | a.md |" in md
    assert "<h1>Storm closes schools</h1>" in read(tmp_path / "out" / "b.txt.html")


def test_jsonl_report_has_a_section_per_record_in_record_coordinates(run, tmp_path):
    record = {"id": "a7", "title": "Budget vote", "text": "Intro line.\nWould you like me to add more?"}
    (tmp_path / "feed.jsonl").write_text(json.dumps(record) + "\n" + json.dumps({"id": "b2", "text": "Clean."}) + "\n",
                                         encoding="utf-8")
    text = run("feed.jsonl").output
    label = re.search(r"\[(record 0 \(id a7\) \d+:\d+)\] NL101", text).group(1)
    run("feed.jsonl", "--report", "out", "-q")
    html = read(tmp_path / "out" / "feed.jsonl.html")
    assert re.search(r'<h3 class="record" id="r0-L">Budget vote <span class="muted">\(record 0 · id a7\)</span>', html)
    assert f'<a href="#r0-L2">{label}</a>' in html  # the text output's position, linking the record's line
    assert element_text(html, "r0-L1") == "1Intro line."  # the text as text, not the JSON line
    assert element_text(html, "r0-L2") == "2Would you like me to add more?"
    assert re.search(r'<li id="r0-L2">.*<mark class="f cat-ai-leftover', html)
    assert "\\n" not in element_text(html, "r0-L2") and '{"id"' not in html
    assert "1 record(s) without findings not shown" in html
    assert f"{label}: leftover" in read(tmp_path / "out" / "feed.jsonl.md")


def test_jsonl_related_locations_link_inside_the_record(run, tmp_path):
    text = ("Storm closes schools across the region\n\nHeavy snow closed more than 200 schools on Tuesday, "
            "the education authority said, and buses stopped.\n\nBus services were also cancelled in the north "
            "of the region for the whole day.\n\nHeavy snow closed more than 200 schools on Tuesday, "
            "the education authority said, and buses stopped.")
    (tmp_path / "feed.jsonl").write_text(json.dumps({"id": "d1", "text": text}) + "\n", encoding="utf-8")
    out = json.loads(run("--format", "json", "feed.jsonl").output)
    finding = next(f for f in out["files"][0]["findings"] if f.get("related"))
    line = finding["related"][0]["record"]["line"]
    run("feed.jsonl", "--report", "out", "-q")
    html = read(tmp_path / "out" / "feed.jsonl.html")
    assert f'<a href="#r0-L{line}">' in html and f"(line {line} of this record)" in html


def test_invisible_lines_and_fix_previews_are_readable(run, tmp_path):
    (tmp_path / "a.txt").write_text("Title\n\nFirst paragraph here.\n\u00a0\u00a0\n\u00a0\n\nThe TGITribunaux de "
                                    "grande instance ruled.\n", encoding="utf-8")
    run("a.txt", "--report", "out", "-q")
    html = read(tmp_path / "out" / "a.txt.html")
    assert '<span class="inv" title="U+00A0 NO-BREAK SPACE">⍽</span>' in element_text(html, "L4") or \
        'title="U+00A0 NO-BREAK SPACE"' in html.split('id="L4"', 1)[1].split("</li>", 1)[0]
    fixes = re.findall(r'<div class="fix">Fix: (.*?)</div>', html)
    assert fixes and all("→" not in f and "\\n" not in f for f in fixes)
    assert any(re.search(r"delete “⍽+”", f) for f in fixes), fixes  # what a fix removes, visibly
    md = read(tmp_path / "out" / "a.txt.md")
    assert "\\n" not in "".join(line for line in md.splitlines() if line.strip().startswith("Fix:"))


def test_fix_preview_shows_what_changes_once():
    from newslint.model import Applicability, Document, Edit, Fix, Span
    from newslint.reporters.report import fix_preview

    doc = Document(path="a.txt", text="The TGITribunaux de grande instance ruled on the appeal of the city "
                   "council against the regional prefect on Tuesday.", format="text")
    start = doc.text.index("Tribunaux")
    end = doc.text.index(" ruled on")
    fix = Fix("write “TGI (Tribunaux de grande instance)”", (Edit(Span(start, end),
              " (Tribunaux de grande instance)"),), Applicability.UNSAFE)
    assert fix_preview(doc, fix, "unsafe") == "write “TGI (Tribunaux de grande instance)” [unsafe]: insert “ (”; insert “)”"
    long = Fix("delete the repeated paragraph", (Edit(Span(0, len(doc.text)), ""),), Applicability.SAFE)
    shown = fix_preview(doc, long, "safe")
    assert "…" in shown and len(shown) < len(doc.text) + 40


def test_index_keeps_column_labels_at_phone_width(run, tmp_path):
    (tmp_path / "a.txt").write_text("Would you like me to shorten it?\n", encoding="utf-8")
    run("a.txt", "--report", "out", "-q")
    html = read(tmp_path / "out" / "index.html")
    phone = html.split("@media (max-width: 640px)", 1)[1].split("@media print", 1)[0]
    assert ".findings thead { display: none; }" in phone
    assert ".labelled td[data-label]::before { content: attr(data-label)" in phone  # labels shown instead
    assert 'class="findings labelled"' in html
    for label in ("Article", "Errors", "Warnings", "Info", "Categories"):
        assert f'<td data-label="{label}">' in html


def test_rules_command_writes_a_page_per_rule(run, tmp_path, registry):
    result = run("rules", "--format", "html", "--output", "pages")
    assert result.exit_code == 0
    names = {p.name for p in (tmp_path / "pages").iterdir()}
    assert names == {f"{m.code}.html" for m in registry.metas} | {"index.html"}
    nl302 = read(tmp_path / "pages" / "NL302.html")
    assert "&lt;br /&gt;" in nl302 and "<br />" not in nl302.split("<main", 1)[1]  # rule text is text
    result = run("rules", "--format", "markdown", "--output", "md")
    assert (tmp_path / "md" / "NL101.md").read_text(encoding="utf-8").startswith("# NL101 assistant-offer-to-continue")
    assert run("rules", "--format", "json", "--output", "x").exit_code == 2


def test_sarif_help_uri_is_the_rules_own_page(run, tmp_path, registry):
    (tmp_path / "a.txt").write_text("Would you like me to shorten it?\n", encoding="utf-8")
    rules = json.loads(run("--format", "sarif", "a.txt").output)["runs"][0]["tool"]["driver"]["rules"]
    for rule in rules:
        assert rule["helpUri"] == f"{__repository__}/blob/v{__version__}/docs/rules/{rule['id']}.md"
        assert (ROOT / "docs" / "rules" / f"{rule['id']}.md").is_file()


def test_a_rule_from_a_user_pack_has_no_help_uri(run, tmp_path):
    rule = tmp_path / "house" / "style" / "house-click-here.yaml"
    rule.parent.mkdir(parents=True)
    rule.write_text('code: NL390\nsummary: Click-here links read badly\nseverity: warning\nkind: existence\n'
                    'message: "avoid “{match}”"\nphrases:\n  en: [click here]\n'
                    'examples:\n  bad: ["Click here to subscribe."]\n  good: ["Subscribe on our site."]\n',
                    encoding="utf-8")
    (tmp_path / "newslint.yaml").write_text("packs: [house]\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Click here to subscribe.\n", encoding="utf-8")
    rules = json.loads(run("--format", "sarif", "a.txt").output)["runs"][0]["tool"]["driver"]["rules"]
    house = next(r for r in rules if r["id"] == "NL390")
    assert "helpUri" not in house  # newslint's docs have no page for it
    assert all("helpUri" in r for r in rules if r["id"] != "NL390")
