"""Output formats and per-file reports."""

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from newslint.cli import main
from newslint.reporters import Reporter, discover_reporters
from newslint.reporters.report import md_code, md_text

from conftest import SEEDS


@pytest.fixture
def run(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SEEDS, tmp_path / "seeds")

    def invoke(*args):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke


def seed_findings(run) -> int:
    return json.loads(run("--format", "json", "seeds").output)["summary"]["findings"]


def test_report_folder_has_every_file_and_indexes(run, tmp_path):
    result = run("seeds", "--report", "out", "-q")
    assert result.exit_code == 1
    files = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file())
    seeds = sorted(p.name for p in SEEDS.iterdir())
    pages = [f for f in files if f.startswith("rules/")]
    assert "rules/index.html" in pages and "rules/NL101.html" in pages  # a page per rule found
    assert files == sorted(["index.html", "index.md"] + [f"seeds/{s}.{ext}" for s in seeds for ext in ("html", "md")]
                           + pages)
    index = (tmp_path / "out" / "index.md").read_text(encoding="utf-8")
    rows = [line for line in index.splitlines() if "](./seeds/" in line]
    assert "| seeds/003\\_3d066c6bd4fead19.txt |" in rows[0] and len(rows) == 5  # worst file first
    assert rows[0].startswith("| [À Marseille, Macron se mobilise")  # by headline, the file name second
    html = (tmp_path / "out" / "seeds" / "003_3d066c6bd4fead19.txt.html").read_text(encoding="utf-8")
    assert "Concluding Remarks" in html and 'href="#L1"' in html
    assert '↳ <a href="#L1">first copy' in html  # the related location, as a link
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html  # no network


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


HOSTILE = ('Title <script>alert("x")</script>\n\nAn image <img src=x onerror="alert(1)"> and '
           '<a href="javascript:alert(2)">a link</a>.\n\nWould you like me to add `code` | pipes *and* [links](javascript:x)?\n')


def test_article_cannot_inject_markup_into_reports(run, tmp_path):
    (tmp_path / "evil.txt").write_text(HOSTILE, encoding="utf-8")
    assert run("evil.txt", "--report", "out", "-q").exit_code == 1
    html = (tmp_path / "out" / "evil.txt.html").read_text(encoding="utf-8")
    parser = _Elements()
    parser.feed(html)
    tags = parser.tags
    assert [t for t, _ in tags].count("script") == 1  # only the report's own filtering script
    assert not any(t == "img" for t, _ in tags)
    assert not any(k.startswith("on") for _, attrs in tags for k in attrs)
    assert not any((attrs.get("href") or "").lower().startswith("javascript:") for _, attrs in tags)
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=" in html
    md = (tmp_path / "out" / "evil.txt.md").read_text(encoding="utf-8")
    outside_code = re.sub(r"(`+)(?:(?!\1).)*?\1", "", md)  # code spans render as text: drop them
    outside_code = re.sub(r"</?(details|summary)>", "", outside_code)  # the report's own collapsible blocks
    assert "Would you like me" in md
    assert re.search(r"(?<!\\)<", outside_code) is None  # every "<" outside code spans is escaped
    assert "](javascript:" not in outside_code


def test_markdown_helpers_escape():
    assert md_code("a `b` c") == "``a `b` c``"
    assert md_code("`x`") == "`` `x` ``"
    assert md_text("<b>*x*</b> [y](z) a|b") == "\\<b\\>\\*x\\*\\</b\\> \\[y\\](z) a\\|b"


def test_github_format_one_command_per_finding(run):
    out = run("--format", "github", "seeds").output.splitlines()
    assert len(out) == seed_findings(run)
    assert all(line.startswith(("::error file=", "::warning file=", "::notice file=")) for line in out)
    assert any(",title=NL101 assistant-offer-to-continue::" in line for line in out)


def test_github_escaping():
    from newslint.reporters.formats import _gh_escape

    assert _gh_escape("a,b:c%\nd", prop=True) == "a%2Cb%3Ac%25%0Ad"
    assert _gh_escape("50% done\nnext") == "50%25 done%0Anext"


def test_jsonl_one_finding_per_line(run):
    lines = run("--format", "jsonl", "seeds").output.splitlines()
    assert len(lines) == seed_findings(run)
    first = json.loads(lines[0])
    assert {"path", "code", "line", "column", "message", "fix"} <= set(first)


def test_junit_counts(run):
    root = ET.fromstring(run("--format", "junit", "seeds").output)
    assert len(root.findall(".//testcase")) == 5
    assert len(root.findall(".//failure")) == seed_findings(run)


def test_machine_formats_have_no_colour_or_progress(run):
    result = run("--format", "json", "--progress", "--color", "seeds")
    json.loads(result.output)  # stdout is pure JSON
    assert "\x1b[" not in result.output


def test_text_colour_only_on_request_or_terminal(run, monkeypatch):
    assert "\x1b[" not in run("seeds").output  # piped: no colour
    assert "\x1b[" in run("--color", "seeds").output
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run("seeds").output


def test_unknown_format_is_a_usage_error(run):
    result = run("--format", "yaml", "seeds")
    assert result.exit_code == 2 and "unknown format 'yaml'" in result.output


class Custom(Reporter):
    name = "count"

    def finish(self):
        self.out.write(f"{sum(r.count for r in self.results)} findings\n")


def test_reporter_plugins_from_entry_points(run, monkeypatch):
    from importlib import metadata

    real = metadata.entry_points

    def fake(**kw):
        eps = list(real(**kw))
        if kw.get("group") == "newslint.reporters":
            eps.append(metadata.EntryPoint("count", "test_reporters:Custom", "newslint.reporters"))
        return eps

    monkeypatch.setattr(metadata, "entry_points", fake)
    monkeypatch.setattr("newslint.plugins._entry_point_files", lambda: None)  # no cached list: read metadata
    assert "count" in discover_reporters()
    assert run("--format", "count", "seeds").output.strip() == f"{seed_findings(run)} findings"


# -- SARIF ---------------------------------------------------------------------------

@pytest.fixture(scope="session")
def sarif_schema(request):
    """The official SARIF 2.1.0 schema, from the npm package @microsoft/jest-sarif
    (fetched once with npm and cached in pytest's cache folder)."""
    cache = request.config.cache.mkdir("sarif-schema")
    target = cache / "sarif-2.1.0.json"
    if not target.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed: cannot fetch the SARIF 2.1.0 schema")
        try:
            packed = subprocess.run([npm, "pack", "--silent", "@microsoft/jest-sarif@1.0.0-beta.0"], cwd=cache,
                                    capture_output=True, text=True, timeout=120, check=True).stdout.strip().splitlines()[-1]
            subprocess.run(["tar", "xzf", packed, "package/lib/schemas/sarif-2.1.0-rtm.5.json"], cwd=cache,
                           check=True, timeout=60)
        except (subprocess.SubprocessError, OSError, IndexError) as err:
            pytest.skip(f"could not fetch the SARIF 2.1.0 schema from the npm registry: {err}")
        (cache / "package" / "lib" / "schemas" / "sarif-2.1.0-rtm.5.json").rename(target)
    return json.loads(target.read_text(encoding="utf-8"))


def test_sarif_validates_against_the_official_schema(run, sarif_schema, tmp_path):
    import jsonschema

    (tmp_path / "seeds" / "feed.jsonl").write_text('{"id": "r1", "text": "Would you like me to add more?"}\n')
    log = json.loads(run("--format", "sarif", "seeds").output)
    jsonschema.Draft7Validator(sarif_schema).validate(log)
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= {"NL101", "NL201", "NL401"}
    assert all(r["helpUri"].startswith("https://") and r["help"]["text"] for r in rules)
    results = run_["results"]
    assert len(results) == seed_findings(run)
    assert any("relatedLocations" in r for r in results) and any("fixes" in r for r in results)
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)


def test_committed_reports_are_up_to_date(monkeypatch, tmp_path, request):
    """reports/ holds the seeds' reports; regenerate with `newslint seeds/ --report reports/`
    (or pytest --update-snapshots) after changing rules or templates."""
    from conftest import ROOT

    monkeypatch.chdir(ROOT)
    out = ROOT / ".reports-check"  # same depth as reports/, so relative links compare equal
    shutil.rmtree(out, ignore_errors=True)
    request.addfinalizer(lambda: shutil.rmtree(out, ignore_errors=True))
    CliRunner().invoke(main, ["seeds/", "--report", str(out), "-q"], catch_exceptions=False)
    committed = ROOT / "reports"
    fresh = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file()}
    old = {p.relative_to(committed).as_posix(): p.read_text(encoding="utf-8")
           for p in committed.rglob("*") if p.is_file() and p.suffix in (".html", ".md")}
    if request.config.getoption("--update-snapshots") and old != fresh:  # rewrite, and still fail
        for rel in set(old) - set(fresh):
            (committed / rel).unlink()
        for rel, text in fresh.items():
            (committed / rel).parent.mkdir(parents=True, exist_ok=True)
            (committed / rel).write_text(text, encoding="utf-8")
        pytest.fail("reports/ rewritten: review `git diff reports/`, then run pytest without --update-snapshots")
    assert old == fresh, "reports/ is stale: run `newslint seeds/ --report reports/`"


def test_an_installed_plugin_is_seen_though_the_list_is_cached(tmp_path, monkeypatch):
    """The entry-point list is kept in the user's cache; a distribution installed, changed
    or removed on the import path is seen on the next run."""
    import sys

    from newslint.plugins import entry_points

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    site = tmp_path / "site"
    dist = site / "newslint_count-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: newslint-count\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[newslint.reporters]\ncount = test_reporters:Custom\n")
    monkeypatch.syspath_prepend(str(site))
    names = lambda: {ep.name for ep in entry_points("newslint.reporters")}  # noqa: E731
    assert "count" in names() and "count" in names()  # read, then from the cache
    (dist / "entry_points.txt").write_text("[newslint.reporters]\ntally = test_reporters:Custom\n")
    assert "tally" in names() and "count" not in names()
    (dist / "entry_points.txt").unlink()
    assert not {"count", "tally"} & names()
    assert sys.path[0] == str(site)
