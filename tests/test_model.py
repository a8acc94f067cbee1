import pickle

import pytest

from newslint.model import Document, LineIndex, Severity, SourceMap, Span


def test_span_validation_and_length():
    assert len(Span(2, 5)) == 3
    assert Span(2, 5).contains(2) and not Span(2, 5).contains(5)
    with pytest.raises(ValueError):
        Span(5, 2)
    with pytest.raises(ValueError):
        Span(-1, 2)


def test_line_index_positions():
    idx = LineIndex("ab\ncd\n\nef")
    assert idx.position(0) == (1, 1)
    assert idx.position(1) == (1, 2)
    assert idx.position(3) == (2, 1)
    assert idx.position(6) == (3, 1)
    assert idx.position(8) == (4, 2)
    assert len(idx) == 4


def test_document_position_and_language():
    doc = Document("a.txt", "one\ntwo", "text", meta={"lang": "fr-FR"})
    assert doc.position(5) == (2, 2)
    assert doc.slice(Span(4, 7)) == "two"
    assert doc.language == "fr"


def test_source_map_counts_from_nearest_anchor():
    smap = SourceMap([(0, 3, 5), (10, 7, 1)])
    text = "abcdefghij" + "klmnop"
    assert smap.position(text, 0) == (3, 5)
    assert smap.position(text, 4) == (3, 9)
    assert smap.position(text, 12) == (7, 3)


def test_documents_pickle_for_worker_processes():
    doc = Document("a.html", "text", "html", source_map=SourceMap([(0, 2, 3)]))
    doc.position(1)  # populate the lazy line index
    clone = pickle.loads(pickle.dumps(doc))
    assert clone.position(1) == (2, 4)


def test_severity_parse_and_order():
    assert Severity.parse("Warning") is Severity.WARNING
    assert Severity.ERROR > Severity.WARNING > Severity.INFO
    assert str(Severity.INFO) == "info"
    with pytest.raises(ValueError):
        Severity.parse("fatal")
