"""NL205: near-duplicate articles across the files and records of a run (MinHash + LSH)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from newslint.cli import main
from newslint.crossdoc import Collector, Hasher, Params, bucket_pairs, resolve

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ARTICLES = sorted(SEEDS.glob("*.txt"))


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def reordered(text: str) -> str:
    """Headline kept, body paragraphs moved: the second half first."""
    head, *body = paragraphs(text)
    half = len(body) // 2
    return "\n\n".join([head, *body[half:], *body[:half]]) + "\n"


def new_headline(text: str) -> str:
    return "\n\n".join(["Exclusive: what we know so far", *paragraphs(text)[1:]]) + "\n"


def trimmed(text: str) -> str:
    words = text.split(" ")
    return " ".join(words[: int(len(words) * 0.8)]) + "\n"


def boilerplate(text: str) -> str:
    return (text.rstrip() + "\n\nSign up for our morning newsletter and get the day's top stories in your inbox. "
            "Follow us on Facebook and Twitter. All rights reserved.\n")


EDITS = {"reordered": reordered, "new-headline": new_headline, "trimmed": trimmed, "boilerplate": boilerplate}


def run_json(*args: str) -> dict:
    result = CliRunner().invoke(main, ["--format", "json", *args], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def nl205(report: dict) -> list[tuple[str, dict]]:
    return [(f["path"], x) for f in report["files"] for x in f["findings"] if x["code"] == "NL205"]


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_lightly_edited_copy_is_flagged_on_the_later_file(tmp_path, edit):
    original = ARTICLES[1].read_text(encoding="utf-8")
    (tmp_path / "a_original.txt").write_text(original, encoding="utf-8")
    (tmp_path / "b_copy.txt").write_text(EDITS[edit](original), encoding="utf-8")
    (tmp_path / "c_other.txt").write_text(ARTICLES[2].read_text(encoding="utf-8"), encoding="utf-8")
    report = run_json("--cross-document", str(tmp_path))
    paths = [f["path"] for f in report["files"]]
    assert len(set(paths)) == len(paths) == report["summary"]["files"] == 3  # one entry per file
    found = nl205(report)
    assert [p for p, _ in found] == [f"{tmp_path.as_posix()}/b_copy.txt"]
    finding = found[0][1]
    assert finding["related"] == [{"path": f"{tmp_path.as_posix()}/a_original.txt", "line": 1, "column": 1,
                                   "message": "earlier copy"}]
    assert "minhash-xxh64: seed 1, 128 permutations, 5-word shingles" in finding["message"]
    assert finding["severity"] == "warning" and finding["category"] == "duplication"


def test_all_edits_at_once_and_an_exact_copy(tmp_path):
    original = ARTICLES[3].read_text(encoding="utf-8")
    (tmp_path / "1.txt").write_text(original, encoding="utf-8")
    (tmp_path / "2.txt").write_text(boilerplate(trimmed(new_headline(reordered(original)))), encoding="utf-8")
    (tmp_path / "3.txt").write_text(original, encoding="utf-8")
    found = {p.rsplit("/", 1)[1]: x for p, x in nl205(run_json("--cross-document", str(tmp_path)))}
    assert sorted(found) == ["2.txt", "3.txt"]
    assert all(x["related"][0]["path"].endswith("/1.txt") for x in found.values())  # the earliest copy
    assert "estimated similarity 1.00" in found["3.txt"]["message"]


def test_distinct_articles_are_never_paired(tmp_path):
    fixtures = Path(__file__).resolve().parent / "fixtures"
    paths = [*map(str, ARTICLES), str(fixtures / "clean"), str(fixtures / "defects")]
    assert nl205(run_json("--cross-document", *paths)) == []


def test_off_unless_asked_and_can_be_ignored(tmp_path):
    text = ARTICLES[0].read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    assert nl205(run_json(str(tmp_path))) == []
    assert nl205(run_json("--cross-document", "--ignore", "NL205", str(tmp_path))) == []
    (tmp_path / "newslint.yaml").write_text("cross-document: true\noptions:\n  NL205:\n    threshold: 0.9\n")
    assert [p.rsplit("/", 1)[1] for p, _ in nl205(run_json(str(tmp_path)))] == ["b.txt"]
    (tmp_path / "newslint.yaml").write_text("options:\n  NL205:\n    bands: 5\n")
    result = CliRunner().invoke(main, ["--cross-document", str(tmp_path)])
    assert result.exit_code == 2 and "options for NL205: permutations (128) must be a positive multiple of bands (5)" \
        in result.output
    (tmp_path / "newslint.yaml").write_text("cross-document: yes please\n")
    result = CliRunner().invoke(main, [str(tmp_path)])
    assert result.exit_code == 2 and "cross-document must be true or false" in result.output


def test_records_of_a_jsonl_file_are_compared_too(tmp_path):
    a, b = ARTICLES[0].read_text(encoding="utf-8"), ARTICLES[4].read_text(encoding="utf-8")
    records = [{"id": "x1", "text": a}, {"id": "x2", "text": b}, {"id": "x3", "text": reordered(a)}]
    (tmp_path / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    found = nl205(run_json("--cross-document", str(tmp_path)))
    assert len(found) == 1
    finding = found[0][1]
    assert finding["line"] == 3 and finding["record"]["index"] == 2 and finding["record"]["id"] == "x3"
    assert finding["related"][0]["record"] == {"index": 0, "id": "x1", "line": 1, "column": 1}
    assert "feed.jsonl record 0 (id x1)" in finding["message"]


def test_text_output_counts_each_file_once(tmp_path):
    text = ARTICLES[1].read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(trimmed(text), encoding="utf-8")
    out = CliRunner().invoke(main, ["--cross-document", "--no-color", str(tmp_path)]).output
    assert f"{tmp_path.as_posix()}/b.txt:1:1: NL205 warning [duplication] near-duplicate of an earlier article" in out
    assert out.rstrip().endswith("in 2 files.") or "in 2 files (" in out.splitlines()[-1]


def test_exit_code_counts_cross_document_findings(tmp_path):
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "a.txt").write_text("The council met on Monday. " * 30 + "\n", encoding="utf-8")
    (clean / "b.txt").write_text("The council met on Monday. " * 30 + "\n", encoding="utf-8")
    assert CliRunner().invoke(main, [str(clean)]).exit_code == 0
    assert CliRunner().invoke(main, ["--cross-document", str(clean)]).exit_code == 1


def _signatures_in_a_process(seed: str) -> str:
    code = ("import sys, hashlib; from newslint.crossdoc import Hasher, Params; h = Hasher(Params()); "
            "sigs = [h.signature(open(p, encoding='utf-8').read()) for p in sys.argv[1:]]; "
            "print(hashlib.sha256(b''.join(s.tobytes() for s in sigs)).hexdigest())")
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-c", code, *map(str, ARTICLES)], env=env, capture_output=True,
                          text=True, check=True).stdout


def test_signatures_are_the_same_in_every_process():
    assert _signatures_in_a_process("1") == _signatures_in_a_process("2") == _signatures_in_a_process("12345")


def test_signature_estimates_jaccard_of_shingle_sets():
    from newslint.crossdoc import shingle_hashes

    params = Params(num_perm=256, bands=32)
    h = Hasher(params)
    a = ARTICLES[1].read_text(encoding="utf-8")
    b = trimmed(a)
    sa, sb = set(shingle_hashes(a, params).tolist()), set(shingle_hashes(b, params).tolist())
    exact = len(sa & sb) / len(sa | sb)
    estimate = float((h.signature(a) == h.signature(b)).mean())
    assert abs(estimate - exact) < 0.1
    assert h.signature("too short to compare") is None


def test_bucket_pairs_pairs_each_document_with_its_buckets_earliest():
    rng = np.random.default_rng(7)
    doc = rng.permutation(400)
    band = rng.integers(0, 4, 400)
    key = rng.integers(0, 30, 400).astype(np.uint64)
    earlier, later = bucket_pairs(doc, band, key)
    expected = set()
    for b in range(4):
        for k in range(30):
            members = sorted(doc[(band == b) & (key == k)].tolist())
            expected |= {(members[0], m) for m in members[1:]}
    assert set(zip(earlier.tolist(), later.tolist())) == expected


def test_union_find_reports_each_copy_once_against_the_earliest():
    sigs = np.array([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 9], [7, 7, 7, 7], [1, 2, 9, 9]], dtype=np.uint32)
    found = resolve(sigs, [1, 0, 2, 0], [2, 1, 4, 3], threshold=0.5)
    # 4 is only found through 2 (0.5 to it, 0.5 to the root 0 too), 3 never passes the threshold
    assert found == [(1, 0, 1.0), (2, 0, 0.75), (4, 0, 0.5)]


def test_collector_keeps_signatures_only():
    c = Collector(Params())
    for p in ARTICLES:
        c.add_text(p.read_text(encoding="utf-8"), str(p))
    assert len(c._sigs) == len(ARTICLES) and all(s.nbytes == 512 for s in c._sigs)
    assert c.pairs() == []


def test_reports_and_baselines_get_one_result_per_file(tmp_path):
    text = ARTICLES[3].read_text(encoding="utf-8")  # a seed with findings of its own
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(text, encoding="utf-8")
    (corpus / "b.txt").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["--cross-document", "--report", str(tmp_path / "r"), str(corpus)])
    assert result.exit_code == 1
    report = next((tmp_path / "r").rglob("b.txt.md")).read_text(encoding="utf-8")
    assert "NL205" in report and "NL101" in report and "earlier copy in" in report
    baseline = tmp_path / "baseline.json"
    CliRunner().invoke(main, ["--cross-document", "--write-baseline", str(baseline), str(corpus)])
    again = CliRunner().invoke(main, ["--cross-document", "--baseline", str(baseline), str(corpus)])
    assert again.exit_code == 0, again.output


def test_sarif_points_at_the_earlier_file(tmp_path):
    text = ARTICLES[1].read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(boilerplate(text), encoding="utf-8")
    out = CliRunner().invoke(main, ["--format", "sarif", "--cross-document", str(tmp_path)]).output
    results = [r for r in json.loads(out)["runs"][0]["results"] if r["ruleId"] == "NL205"]
    assert len(results) == 1
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("/b.txt")
    related = results[0]["relatedLocations"][0]
    assert related["physicalLocation"]["artifactLocation"]["uri"].endswith("/a.txt")
    assert related["message"]["text"] == "earlier copy"
