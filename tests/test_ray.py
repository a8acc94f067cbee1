"""The Ray Data engine on a local Ray of 2 CPUs: the same findings and the same
near-duplicate pairs as the single-process engine."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

ray = pytest.importorskip("ray", reason="Ray is in the 'ray' and 'test' extras: pip install -e '.[test]'")
pa = pytest.importorskip("pyarrow", reason="pyarrow is in the 'ray' and 'test' extras")
pytest.importorskip("ray.data", reason="Ray Data is in the 'ray' and 'test' extras")

import newslint.ray as nray  # noqa: E402
from newslint.batch import lint_batch  # noqa: E402
from newslint.cli import main  # noqa: E402
from newslint.crossdoc import Collector, Params, bucket_pairs  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]  # Ray's own

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="module", autouse=True)
def local_ray():
    if ray.is_initialized():
        ray.shutdown()
    nray.connect(num_cpus=2, object_store_memory=200 << 20)
    yield
    ray.shutdown()


def corpus(tmp_path: Path) -> list[str]:
    """Real articles, light edits of them, and a JSONL feed repeating two of them."""
    seeds = sorted(SEEDS.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    out = tmp_path / "corpus"
    out.mkdir()
    for i, t in enumerate(texts):
        paras = [p for p in t.split("\n\n") if p.strip()]
        (out / f"copy{i}_reordered.txt").write_text("\n\n".join(paras[::-1]) + "\n", encoding="utf-8")
    (out / "feed.jsonl").write_text("".join(json.dumps({"id": f"r{i}", "text": t}) + "\n"
                                            for i, t in enumerate([texts[3], texts[1][:2000], texts[0]])),
                                    encoding="utf-8")
    return [str(SEEDS), str(FIXTURES / "defects"), str(out)]


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_cli_engine_ray_prints_what_the_local_engine_prints(tmp_path):
    paths = corpus(tmp_path)
    for fmt in ("json", "text"):
        local = invoke("--format", fmt, "--cross-document", *paths)
        on_ray = invoke("--format", fmt, "--cross-document", "--engine", "ray", *paths)
        assert on_ray == local
        assert on_ray[0] == 1 and on_ray[1].count("NL205") >= 7  # 5 reordered seeds, 2 feed records
    assert invoke("--engine", "ray", str(SEEDS)) == invoke(str(SEEDS))


def test_lint_on_a_dataset_gives_the_rows_of_lint_batch():
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "defects").glob("*.txt"))]
    table = pa.table({"id": [f"a{i}" for i in range(len(texts))], "text": texts, "index": list(range(len(texts)))})
    local = lint_batch(table).to_pylist()
    ds = ray.data.from_arrow(table).repartition(3)
    found = nray.lint(ds).take_all()
    key = lambda r: (r["record"], r["line"], r["column"], r["code"], r["message"])  # noqa: E731
    assert sorted(found, key=key) == sorted(local, key=key)
    assert len(local) > 10


def test_near_duplicates_on_ray_are_the_local_pairs():
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    rows = []
    for i, t in enumerate(texts):
        rows.append(t)
        rows.append(t[: int(len(t) * 0.8)] + "\n\nSubscribe to our newsletter.")  # trimmed, boilerplate added
    ds = ray.data.from_items([{"id": f"d{i}", "text": t} for i, t in enumerate(rows)]).repartition(4)
    found = nray.near_duplicates(ds)
    local = Collector(Params())
    for i, t in enumerate(rows):
        local.add_text(t, i)
    expected = [(local.refs[c], local.refs[o], s) for c, o, s in local.pairs()]
    assert [(c, o, s) for c, o, s, _, _ in found] == expected
    assert [(c, o) for c, o, _, _, _ in found] == [(2 * i + 1, 2 * i) for i in range(len(texts))]
    assert found[0][3:] == ("d1", "d0")


def test_banding_on_ray_finds_the_pairs_bucket_pairs_finds():
    rng = np.random.default_rng(3)
    doc = np.repeat(np.arange(3000), 4)
    band = np.tile(np.arange(4), 3000)
    key = rng.integers(0, 2000, len(doc)).astype(np.uint64)
    on_ray = set(zip(*(a.tolist() for a in nray.bucket_on_ray(doc, band, key, rows_per_block=2000))))
    here = set(zip(*(a.tolist() for a in bucket_pairs(doc, band, key))))
    assert on_ray == here and len(here) > 1000
