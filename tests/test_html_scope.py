"""Whole web pages: the article is linted, not the page's furniture (issue 12 §5), and
the HTML reader stays linear on huge pages (issue 10 item 17)."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from newslint.cli import main
from newslint.config import ConfigError, Settings, parse_settings
from newslint.engine import Plan, lint_source
from newslint.readers import load

from conftest import FIXTURES

PAGES = sorted((FIXTURES / "pages").glob("*.html"))
# per page: text of the article (kept in article scope), furniture (only in page scope)
EXPECTED = {
    "de_bahn_streik.html": (["Bahnstreik: Pendler müssen umplanen", "Notfahrplan", "erstatten lassen"],
                            ["Startseite", "Meistgelesen", "Mehr zum Thema", "Impressum", "Hochwasser am Rhein"]),
    "en_harbour_bridge.html": (["Harbour bridge repairs to start in March", "$14 million", "north shore",
                                "Lane closures"],
                               ["Subscribe", "Business", "More from The Coastal Times", "Copyright",
                                "12 comments"]),
    "es_presupuesto_valencia.html": (["Valencia aprueba sus presupuestos para 2024", "1.100 millones",
                                      "barrios del norte"],
                                     ["Inicio", "Lo más visto", "Suscríbete", "Aviso legal"]),
    "fr_grenoble_tram.html": (["Grenoble : la ligne F du tram", "Par Julie Perrin", "120 millions",
                               "jeudi 18 janvier"],
                              ["Nous utilisons des cookies", "Économie", "À lire aussi", "Les plus lus",
                               "col du Lautaret", "Tous droits réservés"]),
}
# never text, in either scope: hidden elements, controls, templates
NEVER = ["Certainly!", "Gerne! Hier", "Als KI-Sprachmodell", "¡Claro!", "Como modelo de lenguaje",
         "s'ouvre dans une nouvelle fenêtre", "Partager", "Copier le lien", "Link kopieren", "Accepter", "Share"]


def _doc(path, scope):
    return load(path.name, path.read_bytes(), None, scope).documents[0]


def _findings(path, registry, scope):
    plan = Plan.make(registry, Settings(html_scope=scope), path.name)
    return [f for _, f in lint_source(path.name, path.read_bytes(), plan).all_findings()]


def test_every_page_has_expectations():
    assert sorted(p.name for p in PAGES) == sorted(EXPECTED)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_article_scope_keeps_the_article_and_drops_the_furniture(path):
    article, furniture = EXPECTED[path.name]
    doc, page = _doc(path, "article"), _doc(path, "page")
    for text in article:
        assert text in doc.text and text in page.text, text
    for text in furniture:
        assert text not in doc.text, text
        assert text in page.text, text
    for text in NEVER:
        assert text not in doc.text and text not in page.text, text
    assert doc.text.startswith(article[0])  # the headline comes first, even when outside the article element


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_furniture_findings_only_in_page_scope(path, registry):
    assert _findings(path, registry, "article") == []
    codes = {f.code for f in _findings(path, registry, "page")}
    assert "NL403" in codes  # teaser and "most read" dates a year after publication


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_positions_point_at_the_source(path):
    source = path.read_text(encoding="utf-8").splitlines()
    doc = _doc(path, "article")
    assert doc.blocks
    for block in doc.blocks:
        text = doc.slice(block.span)
        line, column = doc.position(block.span.start)
        assert source[line - 1][column - 1:].startswith(text[:12]), (text, line, column)


def test_publication_date_from_the_article_not_a_teaser():
    page = ("<html><body><ul class='latest'><li><a href='/x'>Other story</a> <time datetime='2025-01-09'>9 Jan</time>"
            "</li></ul><article><h1>Title of the story</h1><time datetime='2024-01-10'>10 January 2024</time>"
            "<p>The council voted on a long motion about bridges, ferries and buses, after a short debate.</p>"
            "<p>Another paragraph, with enough words, commas, and content to count as the article.</p>"
            "</article></body></html>").encode()
    assert load("a.html", page).documents[0].meta["date"] == "2024-01-10"
    assert load("a.html", page, None, "page").documents[0].meta["date"] == "2025-01-09"  # the whole page: the first


def test_microdata_article_body_and_suppressions_survive_the_cut(registry):
    page = ("<html lang='fr'><body><nav><p>Lire aussi : la météo</p></nav><div itemprop='articleBody'>"
            "<!-- newslint: disable=NL306 -->\n<p>Lire aussi : le budget de la ville</p>\n"
            "<p>Le conseil municipal a voté le budget mardi soir, après trois heures de débat.</p></div></body></html>")
    doc = load("a.html", page.encode()).documents[0]
    assert doc.text == "Lire aussi : le budget de la ville\nLe conseil municipal a voté le budget mardi soir, " \
                       "après trois heures de débat.\n"
    assert [(d.action, d.span.start) for d in doc.directives] == [("disable", 0)]
    plan = Plan.make(registry, Settings(), "a.html")
    assert [f.code for _, f in lint_source("a.html", page.encode(), plan).all_findings()] == []


def test_a_page_without_an_article_element_is_linted_whole():
    page = b"<html><body><h1>Title</h1><p>Only a paragraph here.</p><p>Mehr zum Thema: Budget</p></body></html>"
    assert load("a.html", page).documents[0].text == "Title\nOnly a paragraph here.\nMehr zum Thema: Budget\n"


def test_unclosed_paragraphs_are_linear_and_exact():
    n = 30_000
    page = "<html><body>\n" + "".join(f"<p>Paragraph number {i} of the page, with words\n" for i in range(n))
    doc = load("big.html", page.encode()).documents[0]
    assert len(doc.blocks) == n
    last = doc.blocks[-1]
    assert doc.slice(last.span).rstrip() == f"Paragraph number {n - 1} of the page, with words"
    assert doc.position(last.span.start) == (n + 1, 4)


def test_a_long_comment_or_script_across_chunks():
    body = "<p>Before.</p><!--" + "x" * 3_000_000 + "--><script>" + "y<" * 1_000_000 + "</script><p>After.</p>"
    doc = load("c.html", f"<html><body>{body}</body></html>".encode(), None, "page").documents[0]
    assert doc.text == "Before.\nAfter.\n"


def test_config_and_cli_option(tmp_path, monkeypatch):
    assert parse_settings({"html-scope": "page"}, "x", tmp_path).html_scope == "page"
    with pytest.raises(ConfigError, match="html-scope must be 'article'.*or 'page'"):
        parse_settings({"html-scope": "body"}, "x", tmp_path)
    page = FIXTURES / "pages" / "fr_grenoble_tram.html"
    shutil.copy(page, tmp_path / page.name)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, [page.name]).exit_code == 0
    result = runner.invoke(main, ["--html-scope", "page", page.name])
    assert result.exit_code == 1 and "NL403" in result.output
    (tmp_path / "newslint.yaml").write_text("html-scope: page\n")
    assert runner.invoke(main, [page.name]).exit_code == 1
    (tmp_path / "newslint.yaml").write_text("html-scope: everything\n")
    result = runner.invoke(main, [page.name])
    assert result.exit_code == 2 and "html-scope must be" in result.output
