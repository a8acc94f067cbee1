"""How many date mentions newslint reads, and how many it can place in a year.

    python benchmarks/dates.py
"""

from __future__ import annotations

from pathlib import Path

from newslint.date_mentions import date_mentions, resolve_year, year_evidence
from newslint.readers import load

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    groups = {"seeds": sorted((ROOT / "seeds").glob("*.txt")),
              "fixtures": sorted(p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.is_file())}
    print(f"{'corpus':<10} {'files':>6} {'mentions':>9} {'with weekday':>13} {'year written':>13} {'placed':>7}")
    for name, paths in groups.items():
        mentions = weekday = written = placed = 0
        for path in paths:
            for doc in load(path.name, path.read_bytes()).documents:
                found = date_mentions(doc)
                evidence = year_evidence(doc, found)
                mentions += len(found)
                weekday += sum(m.weekday is not None for m in found)
                written += sum(m.year is not None for m in found)
                placed += sum(resolve_year(m, found, evidence) is not None for m in found)
        print(f"{name:<10} {len(paths):>6} {mentions:>9} {weekday:>13} {written:>13} {placed:>7}")


if __name__ == "__main__":
    main()
