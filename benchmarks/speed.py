"""newslint against a floor and two peers, on one corpus, in one run: prints tables.

    python benchmarks/speed.py [--aeb PATH] [--quick]

Not a test: the numbers depend on the machine. Every measure runs in a fresh process
on one core (articles/s and MB/s are per core). The corpus is assembled at run time
(benchmarks/corpus.py); ``--aeb`` adds the public article-extraction-benchmark pages.

Peers run from a separate virtual environment (``--peers-python``, default
``.venv-bench/bin/python``), made with
``python3 -m venv .venv-bench && .venv-bench/bin/pip install datatrove regex nltk spacy proselint``;
a peer that is not installed is skipped with a note.

- floor: read the file, decode it, one regex pass (``\\w+``) over the text;
- datatrove: its four quality filters (Gopher quality, Gopher repetition, FineWeb, C4)
  with their defaults (English word tokenizer);
- proselint: every default check, through its Python API (one-file: its CLI).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import build  # noqa: E402

# Each worker prints one JSON line: {"n": files, "bytes": ..., "seconds": ..., "rss_mb": ...}.
# A warm-up pass over the files comes first (imports, models, caches), then `rounds` timed passes.
_PRELUDE = """
import json, resource, sys, time
files = [open(p, "rb").read() for p in sys.argv[2:]]
names = sys.argv[2:]
rounds = int(sys.argv[1])
def report(t):
    print(json.dumps({"n": len(files) * rounds, "bytes": sum(map(len, files)) * rounds, "seconds": t,
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
WORKERS = {
    "newslint": _PRELUDE + """
from newslint.config import Settings
from newslint.engine import Plan, lint_source
from newslint.registry import Registry
plan = Plan.make(Registry.discover(), Settings())
for name, data in zip(names, files):
    lint_source(name, data, plan)
t = time.perf_counter()
for _ in range(rounds):
    for name, data in zip(names, files):
        lint_source(name, data, plan)
report(time.perf_counter() - t)
""",
    "floor": _PRELUDE + """
import re
words = re.compile(r"\\w+")
t = time.perf_counter()
for _ in range(rounds):
    for name in names:
        with open(name, "rb") as fh:
            text = fh.read().decode("utf-8", "replace")
        sum(1 for _ in words.finditer(text))
report(time.perf_counter() - t)
""",
    "datatrove": _PRELUDE + """
from datatrove.data import Document
from datatrove.pipeline.filters import (C4QualityFilter, FineWebQualityFilter, GopherQualityFilter,
                                        GopherRepetitionFilter)
filters = [GopherQualityFilter(), GopherRepetitionFilter(), FineWebQualityFilter(), C4QualityFilter()]
texts = [d.decode("utf-8", "replace") for d in files]
def run():
    for i, text in enumerate(texts):
        for f in filters:
            f.filter(Document(text=text, id=str(i)))
run()
t = time.perf_counter()
for _ in range(rounds):
    run()
report(time.perf_counter() - t)
""",
    "proselint": _PRELUDE + """
from proselint.checks import __register__
from proselint.config import load_from
from proselint.registry import CheckRegistry
from proselint.tools import LintFile
CheckRegistry().register_many(__register__)
config = load_from(None)
texts = [d.decode("utf-8", "replace") for d in files]
def run():
    for name, text in zip(names, texts):
        LintFile(name, text).lint(config)
run()
t = time.perf_counter()
for _ in range(rounds):
    run()
report(time.perf_counter() - t)
""",
}


def worker(python: str, kind: str, files: list[Path], rounds: int, env=None) -> dict | None:
    out = subprocess.run([python, "-c", WORKERS[kind], str(rounds), *map(str, files)], capture_output=True,
                         text=True, env=env)
    if out.returncode != 0:
        print(f"  ({kind} failed: {out.stderr.strip().splitlines()[-1] if out.stderr.strip() else out.returncode})",
              file=sys.stderr)
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def wall(cmd: list[str], runs: int, env=None) -> tuple[float, float]:
    """Median wall time of ``cmd`` and its peak RSS (MB), each run a fresh process."""
    import resource

    times, rss = [], 0.0
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, env=env)
        times.append(time.perf_counter() - t)
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return statistics.median(times), rss


def cli_rss(cmd: list[str], env=None) -> tuple[float, float]:
    """Wall time and peak RSS (MB) of one run, measured with a wrapper process."""
    script = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
              "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
              "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)")
    out = subprocess.run([sys.executable, "-c", script, *cmd], capture_output=True, text=True, env=env, check=True)
    seconds, rss = out.stdout.split()
    return float(seconds), float(rss)


def importtime(newslint: str, file: Path, flags: list[str], env) -> list[tuple[str, float]]:
    """Top-level packages by import time (ms, cumulative) during one CLI run."""
    out = subprocess.run([sys.executable, "-X", "importtime", newslint, *flags, "-q", str(file)],
                         capture_output=True, text=True, env=env)
    totals: dict[str, float] = {}
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line[len("import time:"):].split("|")
        if name.strip().startswith("import time") or not cumulative.strip().isdigit():
            continue
        if len(name) - len(name.lstrip()) == 1:  # top level of the import tree
            top = name.strip().split(".")[0]
            totals[top] = totals.get(top, 0.0) + int(cumulative) / 1000
    return sorted(totals.items(), key=lambda kv: -kv[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--aeb", type=Path, default=None, help="article-extraction-benchmark checkout or git folder")
    ap.add_argument("--peers-python", default=str(ROOT / ".venv-bench" / "bin" / "python"))
    ap.add_argument("--quick", action="store_true", help="one timed pass instead of three")
    args = ap.parse_args()
    rounds = 1 if args.quick else 3
    python = sys.executable
    newslint = str(Path(python).parent / "newslint")
    peers = args.peers_python if Path(args.peers_python).exists() else None
    helptext = subprocess.run([newslint, "check", "--help"], capture_output=True, text=True).stdout
    has_cache = "--no-cache" in helptext  # older versions: no result cache to turn off or measure
    no_cache = ["--no-cache"] if has_cache else []

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sets = build(tmp / "corpus", args.aeb)
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp / "xdg")}  # a user cache of this run only
        four = sets["4kb"]
        mix_text = [p for p in sets["mix"] if p.suffix in (".txt", ".md")]
        pages = [p for p in sets["mix"] if p.suffix == ".html"]
        kb = lambda files: sum(p.stat().st_size for p in files) / len(files) / 1024  # noqa: E731
        print(f"corpus: 4 KB set {len(four)} articles ({kb(four):.1f} KB mean); mix {len(mix_text)} texts "
              f"({kb(mix_text):.1f} KB mean, {min(p.stat().st_size for p in mix_text) / 1024:.1f}-"
              f"{max(p.stat().st_size for p in mix_text) / 1024:.0f} KB, half with defects)"
              + (f", {len(pages)} HTML pages ({kb(pages):.0f} KB mean)" if pages else ""))
        print()

        # one file from a cold start: the pack cache is made by the first run, then read
        one = sorted(sets["4kb"])[0]
        first, _ = wall([newslint, *no_cache, "-q", str(one)], 1, env)
        source_only, _ = wall([newslint, *no_cache, "-q", str(one)], 5, env)
        # as installed by pip: the package's bytecode compiled (into its __pycache__, git-ignored)
        package = subprocess.run([python, "-c", "import newslint, os; print(os.path.dirname(newslint.__file__))"],
                                 capture_output=True, text=True, env=env).stdout.strip()
        subprocess.run([python, "-m", "compileall", "-q", package], capture_output=True)
        cold, _ = wall([newslint, *no_cache, "-q", str(one)], 5, env)
        rows = []
        for kind, py in (("newslint", python), ("floor", python), ("datatrove", peers), ("proselint", peers)):
            if py is None:
                rows.append((kind, None, None, None, "not installed (see --peers-python)"))
                continue
            a = worker(py, kind, four, rounds, env)
            b = worker(py, kind, mix_text, rounds, env)
            if kind == "newslint":
                one_file = f"{cold:.2f} s ({source_only:.2f} s without bytecode, {first:.2f} s first ever)"
            elif kind == "proselint":
                exe = str(Path(py).parent / "proselint")
                one_file = f"{wall([exe, 'check', str(one)], 5, env)[0]:.2f} s" if Path(exe).exists() else "-"
            else:
                one_file = "-"
            rows.append((kind, a, b, max((r["rss_mb"] for r in (a, b) if r), default=None), one_file))
        floor = next(r for r in rows if r[0] == "floor")
        print(f"| tool | 4 KB articles/s | mix articles/s | mix MB/s | × floor (mix) | peak RSS | one file, wall |")
        print("|---|---:|---:|---:|---:|---:|---|")
        for kind, a, b, rss, one_file in rows:
            if a is None or b is None:
                print(f"| {kind} | - | - | - | - | - | {one_file} |")
                continue
            rate = lambda r: r["n"] / r["seconds"]  # noqa: E731
            mbs = b["bytes"] / b["seconds"] / 1e6
            times = rate(floor[2]) / rate(b) if floor[2] else float("nan")
            print(f"| {kind} | {rate(a):,.0f} | {rate(b):,.0f} | {mbs:.2f} | {times:.1f}× | {rss:.0f} MB | {one_file} |")
        print()

        if pages:
            r = worker(python, "newslint", pages, 1, env)
            if r:
                print(f"newslint on {len(pages)} real HTML pages: {r['n'] / r['seconds']:,.0f} pages/s, "
                      f"{r['bytes'] / r['seconds'] / 1e6:.2f} MB/s")
        # cost against size: ms per article, one process
        ladder = sorted(sets["ladder"])
        costs = {}
        for p in ladder:
            r = worker(python, "newslint", [p], max(3, rounds * 3), env)
            costs[p.stat().st_size] = r["seconds"] / r["n"] * 1e3
        print("size → ms per article: " + ", ".join(f"{s / 1024:.0f} KB {ms:.1f}" for s, ms in costs.items()))
        sizes = sorted(costs)
        big = min(sizes, key=lambda s: abs(s - 120 * 1024))
        small = min(sizes, key=lambda s: abs(s - 4 * 1024))
        print(f"120 KB / 4 KB cost ratio: {costs[big] / costs[small]:.1f}× (size ratio {big / small:.0f}×)")

        # the CLI on the whole corpus: memory, then the result cache
        everything = tmp / "corpus" / "mix"
        seconds, rss = cli_rss([newslint, *no_cache, "--format", "json", str(everything)], env)
        print(f"CLI, whole mix ({len(sets['mix'])} files, --format json, no cache): {seconds:.1f} s, "
              f"peak RSS {rss:.0f} MB")
        if has_cache:
            cache = ["--cache-dir", str(tmp / "cache")]
            first_run, _ = cli_rss([newslint, *cache, str(everything)], env)
            second_run, _ = cli_rss([newslint, *cache, str(everything)], env)
            print(f"result cache: first run {first_run:.2f} s, second run (unchanged tree) {second_run:.2f} s: "
                  f"{first_run / second_run:.1f}× faster")
        print()
        print("imports during a one-file run (python -X importtime, ms, cumulative, top 8):")
        print("  " + ", ".join(f"{name} {ms:.0f}" for name, ms in importtime(newslint, one, no_cache, env)[:8]))


if __name__ == "__main__":
    main()
