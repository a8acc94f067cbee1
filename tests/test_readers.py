import codecs
import pytest

from newslint.readers import format_of, load
from newslint.readers.blocks import split_blocks
from newslint.model import BlockKind

from conftest import SEEDS


def kinds(doc):
    return [b.kind.value for b in doc.blocks if b.kind is not BlockKind.BLANK]


def test_format_of_extensions():
    assert format_of("a/B.HTM") == "html"
    assert format_of("x.markdown") == "markdown"
    assert format_of("x.ndjson") == "jsonl"
    assert format_of("x.csv") is None


def test_plain_text_blocks_on_a_seed():
    doc = load("s.txt", (SEEDS / "003_3d066c6bd4fead19.txt").read_bytes()).documents[0]
    first = doc.blocks[0]
    assert first.kind is BlockKind.HEADING and doc.slice(first.span).startswith("À Marseille")
    texts = {doc.slice(b.span).strip(): b.kind for b in doc.blocks}
    assert texts["Concluding Remarks"] is BlockKind.HEADING
    assert texts["| Objectif | Détail | Impact attendu |\n|——————————|———————————————-|——————————————|\n"
                 "| Augmentation des effectifs | +30 agents spécialisés en lutte anti-drogue | "
                 "Meilleure présence sur le terrain |\n| Modernisation du matériel | Caméras intelligentes et "
                 "drones | Surveillance renforcée des zones sensibles |"] is BlockKind.TABLE
    assert kinds(doc).count("list_item") == 12
    footer = load("s.txt", (SEEDS / "001_5e80b6fa3a90712a.txt").read_bytes()).documents[0]
    assert footer.blocks[-1].kind is BlockKind.PARAGRAPH
    assert footer.slice(footer.blocks[-1].span) == "Posted in Actu, Actualités."


def test_plain_text_sentence_is_paragraph_not_heading():
    blocks = split_blocks("Title line\n\nThis is a sentence that ends.\nConsultez les tweets :\n", False)
    assert [b.kind.value for b in blocks if b.kind is not BlockKind.BLANK] == ["heading", "paragraph", "paragraph"]


def test_markdown_blocks_front_matter_and_fences():
    text = ("---\ntitle: T\nlang: de\ndate: 2025-02-16\n---\n# Titel\n\nErster Absatz\nzweite Zeile.\n\n"
            "> Zitat\n\n- eins\n- zwei\n\n```\n# not a heading\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
            "Setext\n======\n")
    doc = load("a.md", text.encode()).documents[0]
    assert doc.meta["lang"] == "de" and doc.meta["date"] == "2025-02-16" and doc.meta["title"] == "T"
    assert kinds(doc) == ["heading", "paragraph", "quote", "list_item", "list_item", "code", "table", "heading"]
    para = [b for b in doc.blocks if b.kind is BlockKind.PARAGRAPH][0]
    assert doc.slice(para.span) == "Erster Absatz\nzweite Zeile."
    assert doc.position(text.index("Erster")) == (8, 1)


def test_markdown_directives_are_read():
    doc = load("a.md", b"<!-- newslint: disable=NL101, NL2 -->\ntext\n<!-- newslint: enable -->\n").documents[0]
    assert [(d.action, d.selectors) for d in doc.directives] == [("disable", ("NL101", "NL2")), ("enable", ())]


HTML = """<!doctype html>
<html lang="it"><head><title>Il titolo</title>
<meta property="article:published_time" content="2025-03-01T08:00:00+01:00">
<script>var s = "<p>not text</p>";</script><style>p{}</style></head>
<body><h2>Sezione</h2>
<p>Primo &amp; paragrafo
   su due righe.</p>
<ul><li>uno</li><li>due</li></ul>
<blockquote><p>citazione</p></blockquote>
<table><tr><th>A</th><th>B</th></tr><tr><td>1 &lt; 2</td><td>x|y</td></tr></table>
</body></html>"""


def test_html_text_blocks_meta_and_positions():
    doc = load("p.html", HTML.encode()).documents[0]
    assert doc.meta["lang"] == "it" and doc.meta["date"].startswith("2025-03-01") and doc.meta["title"] == "Il titolo"
    assert "not text" not in doc.text and "p{}" not in doc.text
    assert kinds(doc) == ["heading", "paragraph", "list_item", "list_item", "quote", "table"]
    assert "Primo & paragrafo su due righe." in doc.text
    table = doc.blocks_of(BlockKind.TABLE)[0]
    assert doc.slice(table.span) == "| A | B |\n| 1 < 2 | x\\|y |"
    # positions map back to the source, across the entity and the line break
    assert doc.position(doc.text.index("Sezione")) == (5, 11)
    assert doc.position(doc.text.index("paragrafo")) == (6, 16)
    assert doc.position(doc.text.index("su due")) == (7, 4)


def test_html_hidden_labels_and_embed_markup_are_not_text():
    """Screen-reader labels under other class names ("hidden-tag", "u-visually-hidden") and a
    social embed's own blockquote (its fallback until the script runs) are not article text;
    "hidden-xs" (hidden on phones only) is."""
    page = ("<html><body><article><h1>Titre</h1><p>Un article <a href='/x'>sur ce sujet"
            "<span class='hidden-tag'> (Nouvelle fenêtre)</span></a> avait été publié.</p>"
            "<p>Le maire <span class='u-visually-hidden'>(ouvre un lien)</span>a parlé.</p>"
            "<blockquote class='twitter-tweet'><p>Quelle soirée pic.twitter.com/AbC123</p>— Ville (@ville)</blockquote>"
            "<p class='hidden-xs'>Visible sur ordinateur.</p></article></body></html>")
    doc = load("p.html", page.encode()).documents[0]
    assert "Nouvelle fenêtre" not in doc.text and "ouvre un lien" not in doc.text
    assert "pic.twitter.com" not in doc.text and "Quelle soirée" not in doc.text
    assert "avait été publié" in doc.text and "Visible sur ordinateur." in doc.text


def test_jsonl_records_and_problems():
    data = (b'{"id": "a", "title": "T", "body": "Hello.\\nSecond line.", "published": "2025-01-02", "lang": "en"}\n'
            b'\n{"broken": \n[1]\n{"id": 3, "content": "Third."}\n')
    loaded = load("f.jsonl", data)
    assert [d.record.line for d in loaded.documents] == [1, 5]
    first = loaded.documents[0]
    assert first.text == "Hello.\nSecond line." and first.meta["date"] == "2025-01-02" and first.record.id == "a"
    assert loaded.documents[1].record.index == 3 and loaded.documents[1].record.id == "3"
    assert [(p.code, loaded.container.position(p.span.start)[0]) for p in loaded.problems] == [("NL904", 3), ("NL904", 4)]


def test_decoding_bom_utf16_invalid_and_binary():
    assert load("a.txt", codecs.BOM_UTF8 + "é".encode()).documents[0].text == "é"
    assert load("a.txt", "Grüße".encode("utf-16")).documents[0].text == "Grüße"
    loaded = load("a.txt", "Noël à Paris".encode("cp1252"))
    assert loaded.documents[0].text == "Noël à Paris"
    assert loaded.problems[0].code == "NL601" and "cp1252" in loaded.problems[0].message
    assert loaded.problems[0].span.start == 2
    assert [p.code for p in load("a.txt", b"\x89PNG\r\n\x1a\n\x00\x00").problems] == ["NL902"]
    assert [p.code for p in load("a.txt", b"  \n").problems] == ["NL903"]


def test_crlf_is_normalised():
    doc = load("a.txt", b"one\r\ntwo\r\n").documents[0]
    assert doc.text == "one\ntwo\n"


def test_many_blocks_are_kept_as_columns_and_read_the_same():
    """A file of more than SMALL lines keeps its blocks as a BlockList (a few bytes a
    block); it reads exactly like the tuple of Block objects a small file gets."""
    import pickle

    from newslint.model import Block, Span
    from newslint.readers import blocks as blocks_module

    lines = ["Titel", "", "> quoted line", "- item one", "| a | b |", "| c | d |", "A sentence that ends.", "Short", "", "## Zwischentitel", ""]
    text = "\n".join(lines * (blocks_module.SMALL // 5)) + "\n"
    for markdown in (False, True):
        big = split_blocks(text, markdown)
        assert isinstance(big, blocks_module.BlockList) and len(big) > blocks_module.SMALL
        small = tuple(blocks_module.BlockList(big))  # the same blocks, made one by one
        assert tuple(big) == small and big == small and big[3] == small[3] and big[-1] == small[-1]
        assert big[10:14] == small[10:14]
        assert all(type(b) is Block and type(b.span) is Span for b in big[:50])
        assert {b.kind for b in big} >= {BlockKind.HEADING, BlockKind.QUOTE, BlockKind.LIST_ITEM, BlockKind.TABLE}
        assert pickle.loads(pickle.dumps(big)) == big
        # the first part of the text, under SMALL blocks, is a plain tuple with the same blocks
        head = text[: text.index("\n", len(text) // 8) + 1]
        assert isinstance(split_blocks(head, markdown), tuple)
        assert split_blocks(head, markdown) == tuple(b for b in big if b.span.end <= len(head))[: len(split_blocks(head, markdown))]
    with pytest.raises(ValueError):
        blocks_module.BlockList().append(BlockKind.PARAGRAPH, 5, 2)


def test_html_declared_legacy_charset_is_honoured():
    """A page that declares ISO-8859-2 (or windows-1250) and is valid in it is read with it,
    as a browser does: no NL601, the Polish letters intact. An undeclared or wrongly
    declared page is still reported."""
    body = "<p>Wierzący nie wierzą w niewierzących, napisał autor w środę.</p>"
    for meta in ('<meta charset="ISO-8859-2">',
                 '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">'):
        page = f"<html><head>{meta}<title>Tytuł</title></head><body>{body}</body></html>".encode("iso-8859-2")
        loaded = load("page.html", page)
        assert not [p for p in loaded.problems if p.code == "NL601"]
        assert "Wierzący nie wierzą" in loaded.documents[0].text
    undeclared = f"<html><head><title>T</title></head><body>{body}</body></html>".encode("iso-8859-2")
    assert [p.code for p in load("page.html", undeclared).problems] == ["NL601"]
    lying = f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'.encode("iso-8859-2")
    assert [p.code for p in load("page.html", lying).problems] == ["NL601"]
    latin1 = '<html><head><meta charset="iso-8859-1"></head><body><p>Noël – l’été</p></body></html>'.encode("cp1252")
    loaded = load("page.html", latin1)
    assert not loaded.problems and "Noël – l’été" in loaded.documents[0].text
    # a text file has no declaration: its legacy bytes stay a finding
    assert [p.code for p in load("a.txt", "Noël à Paris\n".encode("cp1252")).problems] == ["NL601"]


def test_html_class_hidden_copies_are_not_text():
    """A responsive page prints its author box twice, one copy hidden by its class alone
    (Tailwind "hidden xl:block", Bootstrap "d-none d-md-block"): only the shown one is text
    (pages13: OKO.press, a duplicated-paragraph false alarm)."""
    bio = "Absolwentka dziennikarstwa, od 2010 roku pisze o polityce zagranicznej i prawach człowieka."
    for hidden in ("hidden xl:block", "d-none d-md-block"):
        page = (f"<html lang='pl'><body><article><h1>Tytuł</h1><p>Pierwszy akapit artykułu o wyborach.</p>"
                f"<div class='{hidden}'><p>{bio}</p></div><div class='block xl:hidden'><p>{bio}</p></div>"
                f"</article></body></html>").encode()
        text = load("page.html", page).documents[0].text
        assert text.count(bio) == 1
