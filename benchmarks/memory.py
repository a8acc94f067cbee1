"""Memory and time on huge inputs: prints a table. Not a test: numbers depend on the machine.

Each row runs in a fresh subprocess, which reads the file, then reads it as documents
(``read``) or lints it whole (``lint``), and reports its wall time and peak RSS
(``resource.getrusage``); "x input" is (peak RSS - RSS after start-up) / file size.

    python benchmarks/memory.py                      # read 50 MB pages, lint 5 MB ones
    python benchmarks/memory.py --mb 5 --lint-mb 50  # sizes of each
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from newslint.config import Settings
from newslint.engine import Plan, lint_source
from newslint.readers import load
from newslint.registry import Registry
path, stage, scope = sys.argv[1:4]
registry = Registry.discover(())
plan = Plan.make(registry, Settings(html_scope=scope), path)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
data = open(path, "rb").read()
t = time.perf_counter()
if stage == "read":
    docs = load(path, data, None, scope).documents
    blocks = sum(len(d.blocks) for d in docs)
else:
    result = lint_source(path, data, plan)
    blocks = result.count
seconds = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_kb": peak, "base_kb": base, "count": blocks}))
"""


def _words(rng: random.Random, n: int) -> str:
    syllables = ["ka", "lo", "mi", "tra", "ne", "sol", "ver", "da", "pi", "ru", "zen", "bo", "fal", "que", "is"]
    return " ".join("".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(n))


def html_paragraphs(size: int, closed: bool) -> str:
    """A page of ~88-byte paragraphs of made-up words (50 MB: about 570,000 of them)."""
    rng = random.Random(7)
    out, total = ["<!doctype html>\n<html lang='en'><head><title>Big page</title></head><body>\n"], 0
    while total < size:
        line = f"<p>{_words(rng, 12).capitalize()}.{'</p>' if closed else ''}\n"
        out.append(line)
        total += len(line)
    out.append("</body></html>\n")
    return "".join(out)


def one_line(size: int) -> str:
    """Sentences of made-up words on one line, no line break."""
    rng = random.Random(7)
    out, total = [], 0
    while total < size:
        out.append(f"{_words(rng, 12).capitalize()}. ")
        total += len(out[-1])
    return "".join(out) + "\n"


def short_lines(size: int) -> str:
    """One or two short words per line (each line a block of its own)."""
    rng = random.Random(7)
    out, total = [], 0
    while total < size:
        out.append(_words(rng, rng.randint(1, 2)) + "\n")
        total += len(out[-1])
    return "".join(out)


CASES = {  # name: (file suffix, maker)
    "html <p> closed": (".html", lambda size: html_paragraphs(size, True)),
    "html <p> unclosed": (".html", lambda size: html_paragraphs(size, False)),
    "txt one line": (".txt", one_line),
    "txt short lines": (".txt", short_lines),
}


def make(name: str, path: Path, size: int) -> None:
    """Write a case's input in a subprocess: a child process starts with its parent's
    resident size as its peak (Linux keeps ru_maxrss across exec), so the parent stays small."""
    subprocess.run([sys.executable, __file__, "--make", name, str(path), str(size)], check=True)


def run(path: Path, stage: str, scope: str) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(path), stage, scope], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="input size in MB for reading [50]")
    parser.add_argument("--lint-mb", type=float, default=5.0,
                        help="input size in MB for linting with every rule [5] (NL202 is not linear yet)")
    parser.add_argument("--stages", default="read,lint", help="read, lint or both [read,lint]")
    parser.add_argument("--make", nargs=3, metavar=("CASE", "PATH", "BYTES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make:
        name, path, size = args.make
        Path(path).write_text(CASES[name][1](int(size)), encoding="utf-8")
        return
    print(f"{'input':<20} {'MB':>6} {'stage':<13} {'seconds':>8} {'peak RSS MB':>12} {'x input':>8} {'count':>8}")  # count: blocks read, findings linted
    with tempfile.TemporaryDirectory() as folder:
        for name in CASES:
            for stage in args.stages.split(","):
                path = Path(folder) / f"page-{stage}{CASES[name][0]}"
                if not path.exists():
                    make(name, path, int((args.mb if stage == "read" else args.lint_mb) * 1e6))
                mb = path.stat().st_size / 1e6
                for scope in ("article", "page") if stage == "read" and path.suffix == ".html" else ("article",):
                    r = run(path, stage, scope)
                    peak = r["peak_kb"] / 1024
                    extra = (r["peak_kb"] - r["base_kb"]) / 1024 / mb
                    print(f"{name:<20} {mb:>6.1f} {stage + ' ' + scope:<13} {r['seconds']:>8.1f} {peak:>12.0f} "
                          f"{extra:>8.1f} {r['count']:>8}", flush=True)
            for stage in args.stages.split(","):
                (Path(folder) / f"page-{stage}{CASES[name][0]}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
