"""NL205 (cross-document near-duplicates): recall, false pairs and cost. Prints tables.

    python benchmarks/crossdoc.py                                   # seeds and fixtures only
    python benchmarks/crossdoc.py --articles ground-truth.json      # + real articles
    python benchmarks/crossdoc.py --sizes 10000,100000              # cost at these sizes
    python benchmarks/crossdoc.py --ray-sizes 10000                 # and on a local Ray of 2 CPUs

``--articles``: a JSON file of real articles, e.g. ``ground-truth.json`` of
scrapinghub/article-extraction-benchmark (``{id: {"articleBody", "url"}}``), or a
JSONL file with a ``text`` field per line. Nothing is downloaded here.

Recall: every article of 150 words or more is copied with light edits (paragraphs
reordered, headline changed, ending trimmed, boilerplate added, and all four at once);
originals and copies are linted together (originals first) and a copy counts as found
when NL205 reports it against its own original.
False pairs: pairs reported among the distinct originals; and, for the 50 distinct pairs
closest in vocabulary (the same topic: word-set Jaccard), how many are reported and
their highest estimated similarity.
Cost: synthetic articles of ~600 words drawn from the real articles' vocabulary (1% of
them light copies), signatures and LSH timed separately, in one process, in CPU seconds
(``time.process_time``: the machine is shared, wall time says more about the neighbours).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

import numpy as np

from newslint.crossdoc import Collector, Params

ROOT = Path(__file__).resolve().parent.parent
BOILERPLATE = ("Sign up for our morning newsletter and get the day's top stories in your inbox.\n\n"
               "© 2024 All rights reserved. This material may not be published, broadcast, rewritten or "
               "redistributed. Follow us on Facebook, Twitter and Instagram.")


def load_articles(path: Path | None) -> list[str]:
    texts: list[str] = []
    if path is not None:
        raw = path.read_text(encoding="utf-8")
        if path.suffix == ".jsonl":
            texts = [json.loads(line)["text"] for line in raw.splitlines() if line.strip()]
        else:
            data = json.loads(raw)
            items = data.values() if isinstance(data, dict) else data
            for item in items:
                body = item.get("articleBody") or item.get("text") or ""
                url = item.get("url") or ""
                slug = re.sub(r"[-_]+", " ", url.rstrip("/").rsplit("/", 1)[-1].split(".")[0]).strip()
                texts.append((slug.capitalize() + "\n\n" if slug else "") + body)
    for p in sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "fixtures").rglob("*.txt")):
        texts.append(p.read_text(encoding="utf-8"))
    seen, out = set(), []
    for t in texts:
        if t not in seen and len(re.findall(r"\w+", t)) >= 150:
            seen.add(t)
            out.append(t)
    return out


def paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()] or [text]


def reorder(text: str, rng: random.Random) -> str:
    head, *body = paragraphs(text)
    if len(body) < 2:
        return text
    i = rng.randrange(1, len(body))
    return "\n\n".join([head, *body[i:], *body[:i]])


def headline(text: str, rng: random.Random) -> str:
    """The first paragraph replaced when it is a headline (under 20 words), else a
    headline added."""
    new = rng.choice(["Breaking: what we know so far", "Update: the latest", "Analysis: why it matters"])
    paras = paragraphs(text)
    keep = paras[1:] if len(paras[0].split()) < 20 else paras
    return "\n\n".join([new, *keep])


def trim(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    return " ".join(words[: int(len(words) * rng.uniform(0.75, 0.9))])


def boilerplate(text: str, rng: random.Random) -> str:
    return text.rstrip() + "\n\n" + BOILERPLATE


EDITS = {"reordered paragraphs": reorder, "changed headline": headline, "trimmed ending": trim,
         "added boilerplate": boilerplate}


def all_edits(text: str, rng: random.Random) -> str:
    for edit in EDITS.values():
        text = edit(text, rng)
    return text


def recall(articles: list[str], params: Params) -> list[tuple[str, int, int, float]]:
    rows = []
    for name, edit in [*EDITS.items(), ("all four at once", all_edits)]:
        rng = random.Random(7)
        c = Collector(params)
        for i, t in enumerate(articles):
            c.add_text(t, ("orig", i))
        copies = 0
        for i, t in enumerate(articles):
            c.add_text(edit(t, rng), ("copy", i))
            copies += 1
        found = 0
        sims = []
        for copy, original, sim in c.pairs():
            (kind, i), (okind, j) = c.refs[copy], c.refs[original]
            if kind == "copy" and okind == "orig" and i == j:
                found += 1
                sims.append(sim)
        rows.append((name, found, copies, float(np.median(sims)) if sims else 0.0))
    return rows


def false_pairs(articles: list[str], params: Params) -> tuple[int, int, int, float, float]:
    c = Collector(params)
    for i, t in enumerate(articles):
        c.add_text(t, i)
    reported = len(c.pairs())
    n = len(c.refs)
    sigs = np.stack(c._sigs)
    vocab = [set(re.findall(r"\w+", articles[i].casefold())) for i in c.refs]
    near = sorted(((len(vocab[a] & vocab[b]) / len(vocab[a] | vocab[b]), a, b)
                   for a in range(n) for b in range(a + 1, n)), reverse=True)[:50]
    sim = [float((sigs[a] == sigs[b]).mean()) for _, a, b in near]
    flagged = sum(s >= params.threshold for s in sim)
    return reported, n * (n - 1) // 2, flagged, max(sim) if sim else 0.0, near[0][0] if near else 0.0


def synthetic(n: int, vocab: list[str], rng: np.random.Generator) -> list[str]:
    words = np.array(vocab)
    out = []
    for i in range(n):
        if i >= 100 and i % 100 == 0:  # 1% light copies of an earlier article
            src = out[int(rng.integers(0, i))]
            out.append(boilerplate(trim(src, random.Random(i)), random.Random(i)))
            continue
        w = words[rng.integers(0, len(words), int(rng.integers(400, 800)))]
        paras = np.array_split(w, 6)
        out.append("\n\n".join(" ".join(p) for p in paras))
    return out


def cost(sizes: list[int], vocab: list[str], params: Params) -> list[tuple]:
    rows = []
    for n in sizes:
        texts = synthetic(n, vocab, np.random.default_rng(n))
        mb = sum(len(t.encode()) for t in texts) / 1e6
        c = Collector(params)
        t0 = time.process_time()  # CPU time of this process: the machine is shared
        for i, t in enumerate(texts):
            c.add_text(t, i)
        t1 = time.process_time()
        pairs = c.pairs()
        t2 = time.process_time()
        kept = sum(s.nbytes for s in c._sigs) / 1e6
        del texts
        rows.append((n, mb, n / (t1 - t0), t2 - t1, n / (t2 - t0), len(pairs), kept))
    return rows


def ray_cost(sizes: list[int], vocab: list[str], params: Params) -> list[tuple]:
    """The same synthetic corpora through ``newslint.ray.near_duplicates`` on a local Ray
    of 2 CPUs (signatures in Ray tasks, banding by repartition + map_batches)."""
    import ray

    import newslint.ray as nray

    nray.connect(num_cpus=2, object_store_memory=1 << 30)
    rows = []
    for n in sizes:
        texts = synthetic(n, vocab, np.random.default_rng(n))
        local = Collector(params)
        for i, t in enumerate(texts):
            local.add_text(t, i)
        expected = [(local.refs[c], local.refs[o], sim) for c, o, sim in local.pairs()]
        ds = ray.data.from_items([{"id": str(i), "text": t} for i, t in enumerate(texts)], override_num_blocks=8)
        t0 = time.perf_counter()
        found = nray.near_duplicates(ds, params)
        elapsed = time.perf_counter() - t0
        rows.append((n, n / elapsed, len(found), [(c, o, sim) for c, o, sim, _, _ in found] == expected))
    ray.shutdown()
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=Path, default=None)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--ray-sizes", default="", help="also on a local Ray of 2 CPUs, e.g. 10000")
    args = ap.parse_args()
    params = Params()
    articles = load_articles(args.articles)
    print(f"# NL205 benchmark — {params.describe()}, threshold {params.threshold}")
    print(f"# {len(articles)} real articles of 150+ words; Python {sys.version.split()[0]}, one process\n")

    print("| edit | found | copies | recall | median est. similarity |")
    print("|---|---:|---:|---:|---:|")
    for name, found, copies, med in recall(articles, params):
        print(f"| {name} | {found} | {copies} | {found / copies:.1%} | {med:.2f} |")

    reported, total, flagged, top, vjac = false_pairs(articles, params)
    print("\n| distinct originals | pairs | reported | false pair rate | 50 same-topic pairs reported | "
          "their max est. similarity | their max word Jaccard |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {len(articles)} | {total} | {reported} | {reported / max(total, 1):.4%} | {flagged} | {top:.2f} | "
          f"{vjac:.2f} |")

    vocab = sorted({w for t in articles for w in re.findall(r"\w+", t)})
    print("\n| articles | MB | signatures docs/CPU-s | LSH + union-find CPU-s | overall docs/CPU-s | pairs found "
          "| signatures kept MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n, mb, sps, lsh, overall, pairs, kept in cost([int(s) for s in args.sizes.split(",")], vocab, params):
        print(f"| {n:,} | {mb:.0f} | {sps:,.0f} | {lsh:.2f} | {overall:,.0f} | {pairs:,} | {kept:.1f} |")
    if args.ray_sizes:
        print("\n| articles, local Ray of 2 CPUs | docs/s (Ray start excluded) | pairs | same pairs as one process |")
        print("|---:|---:|---:|---|")
        for n, dps, pairs, same in ray_cost([int(s) for s in args.ray_sizes.split(",")], vocab, params):
            print(f"| {n:,} | {dps:,.0f} | {pairs:,} | {'yes' if same else 'NO'} |")


if __name__ == "__main__":
    main()
