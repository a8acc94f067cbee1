"""Output safety (issue 10, items 8, 10, 11, 12): every reporter publishes positions
that are valid in the file, no file name or article text can become markup, a link or
a terminal escape, and the report writer stays fast on many findings per line."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from newslint.reporters.report import FileReport, Item, line_segments


# -- item 12: line_segments is a sweep, with the former output ------------------------

def reference_segments(report: FileReport) -> list[list[tuple[str, list[Item]]]]:
    """The former, quadratic line_segments, kept as the specification of its output."""
    per_line: dict[int, list[tuple[int, int, Item]]] = {}
    for item in report.items:
        for ln in range(item.line, item.end_line + 1):
            if not 1 <= ln <= len(report.lines):
                continue
            text = report.lines[ln - 1]
            start = item.column - 1 if ln == item.line else 0
            end = item.end_column - 1 if ln == item.end_line else len(text)
            start = min(max(start, 0), len(text))
            end = min(max(end, start), len(text))
            if end == start:
                end = min(start + 1, len(text))
            per_line.setdefault(ln, []).append((start, end, item))
    segments = []
    for ln, text in enumerate(report.lines, 1):
        ranges = per_line.get(ln)
        if not ranges:
            segments.append([(text, [])])
            continue
        cuts = sorted({0, len(text), *(a for a, _, _ in ranges), *(b for _, b, _ in ranges)})
        row = []
        for a, b in zip(cuts, cuts[1:]):
            covering = [item for s, e, item in sorted(ranges, key=lambda r: (-r[0], r[1] - r[0], -r[2].line, -r[2].column))
                        if s <= a and b <= e and s < e]
            row.append((text[a:b], covering))
        if all(s == e for s, e, _ in ranges) or not text:
            row.append(("⏎", [item for _, _, item in ranges]))
        segments.append(row)
    return segments


@st.composite
def reports(draw):
    lines = draw(st.lists(st.text("ab é", max_size=12), min_size=1, max_size=5))
    items = []
    for n in range(draw(st.integers(0, 14))):
        line = draw(st.integers(0, len(lines) + 1))
        end_line = draw(st.integers(line, len(lines) + 1))
        column = draw(st.integers(0, 15))
        end_column = draw(st.integers(0 if end_line > line else column, 15))
        items.append(Item(f"f{n}", "NL000", "x", "markup", "error", line, column, end_line, end_column, "m", ""))
    return FileReport("a.txt", "a.txt", items, lines)


@settings(max_examples=300, deadline=None)
@given(reports())
def test_line_segments_sweep_equals_the_former_implementation(report):
    assert line_segments(report) == reference_segments(report)


def test_line_segments_many_findings_on_one_line():
    words = [f"w{i:04d}" for i in range(600)]
    text = " ".join(words)
    items = [Item(f"f{i}", "NL302", "x", "markup", "error", 1, 6 * i + 1, 1, 6 * min(i + 3, 599) + 6, "m", "")
             for i in range(600)]
    report = FileReport("a.txt", "a.txt", items, [text, ""])
    assert line_segments(report) == reference_segments(report)
