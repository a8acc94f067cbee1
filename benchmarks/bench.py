"""newslint benchmarks: prints a table. Not a test: numbers depend on the machine.

    python benchmarks/bench.py            # all
    python benchmarks/bench.py --quick    # fewer repetitions
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from newslint.config import Settings
from newslint.engine import Plan, lint_source
from newslint.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
FIXTURES = sorted((ROOT / "tests" / "fixtures").rglob("*.*"))


def per_rule(plan: Plan, corpus: list[tuple[str, bytes]]) -> list[tuple[str, float]]:
    from newslint.readers import load

    docs = [d for name, data in corpus for d in load(name, data).documents]
    rows = []
    for check, _, options in plan.checks:
        t = time.perf_counter()
        for d in docs:
            list(check.check(d, options))
        rows.append((check.meta.code, (time.perf_counter() - t) / len(docs) * 1e3))
    return rows


def leftover_cost(plan: Plan, corpus: list[tuple[str, bytes]], rounds: int) -> float:
    """ms per article for every AI-leftover check (NL1xx) together, shared scans included:
    documents are loaded afresh each round and the load time is subtracted."""
    from newslint.readers import load

    checks = [(c, o) for c, _, o in plan.checks if c.meta.code.startswith("NL1")]

    def run(with_checks: bool) -> float:
        t = time.perf_counter()
        for _ in range(rounds):
            for name, data in corpus:
                for d in load(name, data).documents:
                    for check, options in checks if with_checks else ():
                        list(check.check(d, options))
        return time.perf_counter() - t

    run(True)
    return max(0.0, run(True) - run(False)) / (rounds * len(corpus)) * 1e3


def throughput(plan: Plan, corpus: list[tuple[str, bytes]], rounds: int) -> float:
    for name, data in corpus:  # warm up (model loading, lazy imports)
        lint_source(name, data, plan)
    n = 0
    t = time.perf_counter()
    for _ in range(rounds):
        for name, data in corpus:
            lint_source(name, data, plan)
            n += 1
    return n / (time.perf_counter() - t)


def startup(runs: int) -> float:
    exe = Path(sys.executable).parent / "newslint"
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([str(exe), "-q", str(SEEDS[0])], capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


_BIG = """
import resource, sys, time
from newslint.config import Settings
from newslint.engine import Plan, lint_source
from newslint.registry import Registry
plan = Plan.make(Registry.discover(), Settings())
name, data = sys.argv[1], open(sys.argv[2], "rb").read()
t = time.perf_counter()
lint_source(name, data, plan)
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def big(name: str, data: bytes) -> tuple[float, float]:
    """Time and peak RSS of linting one large input, in a fresh process."""
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=name) as fh:
        fh.write(data)
        fh.flush()
        out = subprocess.run([sys.executable, "-c", _BIG, name, fh.name], capture_output=True, text=True, check=True)
    elapsed, rss = out.stdout.split()
    return float(elapsed), float(rss)


def phrase_pack_scaling(corpus) -> tuple[float, float]:
    """A user pack with 3,000 phrases and a few patterns: one Aho-Corasick pass and
    RE2, so its cost stays flat in the number of phrases and linear in the text."""
    import random
    import tempfile

    from newslint.readers import load
    from newslint.packs import load_pack_dir

    rng = random.Random(7)
    words = ["alpha", "beta", "gamma", "delta", "souhaitez", "vous", "que", "je", "would", "you", "like", "me"]
    phrases = sorted({" ".join(rng.choice(words) for _ in range(3)) + f" {i}" for i in range(3000)})
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "big"
        folder.mkdir()
        body = "\n".join(f"  - \"{p}\"" for p in phrases)
        (folder / "big-pack-rule.yaml").write_text(
            f"code: NL399\nsummary: benchmark\nphrases:\n{body}\npatterns: ['(a|aa)+b', '(x+x+)+y']\n", encoding="utf-8")
        (check,) = load_pack_dir(Path(tmp))
    seed_doc = load("seed.txt", corpus[3][1]).documents[0]
    hostile = load("h.txt", (b"a" * 500_000) + (b"x" * 500_000)).documents[0]
    out = []
    for doc, rounds in ((seed_doc, 200), (hostile, 3)):
        t = time.perf_counter()
        for _ in range(rounds):
            list(check.check(doc, {}))
        out.append((time.perf_counter() - t) / rounds * 1e3)
    return out[0], out[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    rounds = 20 if args.quick else 100
    registry = Registry.discover()
    plan = Plan.make(registry, Settings())
    corpus = [(p.name, p.read_bytes()) for p in SEEDS + [f for f in FIXTURES if f.is_file()]]
    print(f"{'measure':<52} {'value':>14}")
    print("-" * 67)
    print(f"{'one-article CLI run, wall (median of 5)':<52} {startup(5) * 1e3:>11.0f} ms")
    rate = throughput(plan, corpus, rounds)
    print(f"{'articles per second, one core, every rule':<52} {rate:>14,.0f}")
    kb = sum(len(d) for _, d in corpus) / len(corpus) / 1024
    print(f"{'  (corpus: seeds + fixtures, mean size)':<52} {kb:>11.1f} KB")
    seeds = [(p.name, p.read_bytes()) for p in SEEDS]
    print(f"{'articles per second, seeds only (4.1 KB mean)':<52} {throughput(plan, seeds, rounds):>14,.0f}")
    print(f"{'AI-leftover checks (NL1xx), seeds, per article':<52} {leftover_cost(plan, seeds, rounds):>11.2f} ms")
    sentence = "Le maire a rappelé que la sécurité reste une priorité, a dit le préfet. "
    for label, name, data in [
        ("50 MB single-line .txt", "big.txt", (sentence * (50_000_000 // len(sentence))).encode()),
        ("5,000-paragraph .md", "long.md", "\n\n".join(f"Paragraphe {i} : {sentence * 3}" for i in range(5000)).encode()),
        ("5,000 near-identical paragraphs .txt", "near.txt",
         "\n\n".join(f"{sentence * 2} Numéro {i}." for i in range(5000)).encode()),
        ("2,000 two-item lists .md", "lists.md",
         "\n\n".join(f"Texte {i}.\n\n- point {i} sur la sécurité\n- mesure {i} pour la ville" for i in range(2000)).encode()),
        ("1 MB of '<' as .html", "x.html", b"<" * 1_000_000),
        ("1 MB of '(' then ')'", "x.txt", b"(" * 500_000 + b")" * 500_000),
    ]:
        elapsed, peak = big(name, data)
        print(f"{label + ' (time / peak RSS)':<52} {elapsed:>7.2f} s {peak:>5.0f} MB")
    big_pack_ms, hostile_ms = phrase_pack_scaling(corpus)
    print(f"{'3,000-phrase pack rule, 4 KB article':<52} {big_pack_ms:>11.2f} ms")
    print(f"{'3,000-phrase pack rule, 1 MB hostile text':<52} {hostile_ms:>11.2f} ms")
    print()
    print(f"{'rule':<10} {'ms per article':>14}")
    for code, ms in sorted(per_rule(plan, corpus), key=lambda r: -r[1]):
        print(f"{code:<10} {ms:>14.3f}")


if __name__ == "__main__":
    main()
