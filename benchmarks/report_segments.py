"""How long the HTML report takes to cut a line into highlighted segments
(``line_segments``), for n findings on one line. Prints a table; not a test.

    python benchmarks/report_segments.py             # n = 1k, 2k, 4k, 8k, 16k
    python benchmarks/report_segments.py 1000 50000  # chosen sizes
    python benchmarks/report_segments.py --reference # also the former quadratic version

Three shapes of line: ``disjoint`` (one short finding per word, as NL302 on a line of
``&amp;amp;``), ``overlap`` (each finding covers its word and the next two) and
``lint`` (a real .txt of one line linted by newslint, then its report written).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from newslint.reporters.report import FileReport, Item, line_segments


def synthetic(n: int, overlap: int) -> FileReport:
    words = [f"w{i:05d}" for i in range(n + overlap)]
    text = " ".join(words)
    items, col = [], 1
    starts = []
    for w in words:
        starts.append(col)
        col += len(w) + 1
    rng = random.Random(n)
    for i in range(n):
        end = starts[i + overlap] + len(words[i + overlap])
        items.append(Item(f"f{i}", "NL302", "html-remnant", rng.choice(["markup", "encoding"]), "error",
                          1, starts[i], 1, end, "m", ""))
    return FileReport("x.txt", "x.txt", items, [text])


def reference(report: FileReport):
    """The former implementation: every segment sorts and filters every finding."""
    per_line: dict = {}
    for item in report.items:
        text = report.lines[item.line - 1]
        per_line.setdefault(item.line, []).append((item.column - 1, min(item.end_column - 1, len(text)), item))
    out = []
    for ln, text in enumerate(report.lines, 1):
        ranges = per_line.get(ln, [])
        cuts = sorted({0, len(text), *(a for a, _, _ in ranges), *(b for _, b, _ in ranges)})
        out.append([(text[a:b], [it for s, e, it in sorted(ranges, key=lambda r: (-r[0], r[1] - r[0]))
                                 if s <= a and b <= e and s < e]) for a, b in zip(cuts, cuts[1:])])
    return out


def timed(fn, *args) -> float:
    t = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t


def lint_and_report(n: int) -> tuple[float, float]:
    from newslint.config import Settings
    from newslint.engine import Plan, lint_source
    from newslint.registry import Registry
    from newslint.reporters.report import write_reports

    registry = Registry.discover()
    plan = Plan.make(registry, Settings())
    data = ("Titre\n\n" + " ".join(["texte &amp;amp; suite"] * n) + "\n").encode()
    t = time.perf_counter()
    result = lint_source("one_line.txt", data, plan)
    lint = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        report = timed(write_reports, [result], Path(tmp), "bench")
    return lint, report


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 2000, 4000, 8000, 16000])
    parser.add_argument("--reference", action="store_true", help="also time the former quadratic version (slow)")
    args = parser.parse_args(argv)
    head = f"{'findings':>9}  {'disjoint s':>10}  {'overlap s':>10}  {'lint s':>8}  {'report s':>9}"
    if args.reference:
        head += f"  {'former disjoint s':>17}"
    print(head)
    for n in args.sizes:
        disjoint = timed(line_segments, synthetic(n, 0))
        overlap = timed(line_segments, synthetic(n, 2))
        lint, report = lint_and_report(n)
        row = f"{n:>9}  {disjoint:>10.3f}  {overlap:>10.3f}  {lint:>8.2f}  {report:>9.2f}"
        if args.reference:
            row += f"  {timed(reference, synthetic(n, 0)):>17.2f}"
        print(row, flush=True)


if __name__ == "__main__":
    sys.exit(main())
