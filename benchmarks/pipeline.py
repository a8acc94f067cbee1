"""The run as a user sees it: memory over many files, streaming of a JSONL corpus,
``--jobs`` on one JSONL file, the same records as Parquet (with pyarrow). Prints a table; not a test (numbers depend on the machine).

    python benchmarks/pipeline.py            # 3,000 files, 2,000 records
    python benchmarks/pipeline.py --quick    # 500 files, 500 records

Peak RSS is the largest resident set of the newslint process or of any of its workers
(``/usr/bin/time``'s maximum). "first finding" is the time from starting the command to
the first line on its standard output.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWSLINT = [sys.executable, "-m", "newslint"]


def articles() -> list[str]:
    files = sorted(ROOT.joinpath("seeds").glob("*.txt")) + sorted(
        p for p in ROOT.joinpath("tests", "fixtures").rglob("*") if p.suffix in (".txt", ".md"))
    return [p.read_text(encoding="utf-8") for p in files]


def peak(args: list[str]) -> tuple[float, float]:
    """(peak RSS in MB, wall seconds) of a newslint run."""
    time_bin = shutil.which("time") or "/usr/bin/time"
    proc = subprocess.run([time_bin, "-f", "%M %e", *NEWSLINT, *args], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    rss, wall = proc.stderr.strip().splitlines()[-1].split()
    return int(rss) / 1024, float(wall)


def first_line(args: list[str]) -> tuple[float, float]:
    """(seconds to the first output line, seconds to the end)."""
    start = time.monotonic()
    proc = subprocess.Popen([*NEWSLINT, *args], stdout=subprocess.PIPE, text=True)
    first = None
    for _ in proc.stdout:
        if first is None:
            first = time.monotonic() - start
    proc.wait()
    total = time.monotonic() - start
    return (first if first is not None else total), total


def most_workers(args: list[str]) -> int:
    """The most child processes the run had at once (its workers)."""
    proc = subprocess.Popen([*NEWSLINT, *args], stdout=subprocess.DEVNULL)
    most = 0
    while proc.poll() is None:
        out = subprocess.run(["ps", "--ppid", str(proc.pid), "-o", "pid="], capture_output=True, text=True).stdout
        most = max(most, len(out.split()))
        time.sleep(0.1)
    return most


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    n_files, n_records = (500, 500) if args.quick else (3000, 2000)
    texts = articles()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "corpus")
        folder.mkdir()
        for i in range(n_files):
            folder.joinpath(f"a{i:05d}{'.md' if i % 3 == 0 else '.txt'}").write_text(
                texts[i % len(texts)] + f"\n\nNote {i}.\n", encoding="utf-8")
        feed = Path(tmp, "feed.jsonl")
        with feed.open("w", encoding="utf-8") as f:
            for i in range(n_records):
                f.write(json.dumps({"id": f"r{i}", "title": "t", "text": texts[i % len(texts)]}) + "\n")
        rss, wall = peak(["--format", "json", "--no-progress", str(folder)])
        rows.append((f"{n_files} files, --format json: peak RSS", f"{rss:.0f} MB ({wall:.1f} s)"))
        for fmt in ("jsonl", "text"):
            first, total = first_line(["--format", fmt, "--no-progress", str(feed)])
            rows.append((f"{n_records}-record JSONL, --format {fmt}: first finding / end", f"{first:.2f} s / {total:.1f} s"))
        for jobs in ("1", "2"):
            rss, wall = peak(["--format", "jsonl", "-j", jobs, "--no-progress", str(feed)])
            rows.append((f"{n_records}-record JSONL, -j {jobs}: wall, peak RSS", f"{wall:.1f} s, {rss:.0f} MB"))
        rows.append((f"{n_records}-record JSONL, -j 2: worker processes",
                     str(most_workers(["--format", "jsonl", "-j", "2", "--no-progress", str(feed)]))))
        try:  # the same records as a Parquet file (pip install 'newslint[parquet]')
            import pyarrow.json as pj
            import pyarrow.parquet as pq
        except ImportError:
            rows.append(("Parquet", "skipped: pyarrow not installed"))
        else:
            table = Path(tmp, "feed.parquet")
            pq.write_table(pj.read_json(feed), table)
            first, total = first_line(["--format", "jsonl", "--no-progress", str(table)])
            rows.append((f"{n_records}-row Parquet, --format jsonl: first finding / end", f"{first:.2f} s / {total:.1f} s"))
            for jobs in ("1", "2"):
                rss, wall = peak(["--format", "jsonl", "-j", jobs, "--no-progress", str(table)])
                rows.append((f"{n_records}-row Parquet, -j {jobs}: wall, peak RSS", f"{wall:.1f} s, {rss:.0f} MB"))
    width = max(len(r[0]) for r in rows)
    print(f"| {'measure':<{width}} | value |\n|{'-' * (width + 2)}|---|")
    for name, value in rows:
        print(f"| {name:<{width}} | {value} |")


if __name__ == "__main__":
    main()
