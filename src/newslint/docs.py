"""Rule documentation: the `newslint rules` table, `newslint rule CODE`, README list."""

from __future__ import annotations

import json

from .rules import Example, RuleMeta


def rules_text(metas: list[RuleMeta]) -> str:
    rows = [(m.code, m.name, m.category, str(m.severity), m.fix, m.summary) for m in metas]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    head = ("code", "name", "category", "severity", "fix")
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths)) + "  summary"]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r[:5], widths)) + "  " + r[5] for r in rows]
    return "\n".join(lines) + "\n"


def rules_json(metas: list[RuleMeta]) -> str:
    return json.dumps([{"code": m.code, "name": m.name, "category": m.category, "severity": str(m.severity),
                        "fix": m.fix, "summary": m.summary} for m in metas], indent=2, ensure_ascii=False) + "\n"


def rules_markdown(metas: list[RuleMeta]) -> str:
    lines = ["| Code | Name | Category | Severity | Fix | Summary |", "|---|---|---|---|---|---|"]
    for m in metas:
        summary = m.summary.replace("|", "\\|")
        lines.append(f"| {m.code} | `{m.name}` | {m.category} | {m.severity} | {m.fix} | {summary} |")
    return "\n".join(lines) + "\n"


def _example(e: Example) -> str:
    tag = f" ({e.format}{', ' + e.lang if e.lang else ''})" if e.format != "txt" or e.lang else ""
    text = e.text if e.text.isprintable() or "\n" in e.text else repr(e.text)
    body = "\n".join("    " + line for line in text.splitlines() or [""])
    out = f"  {tag.strip()}\n{body}" if tag else body
    if e.fixed is not None:
        out += "\n  fixed:\n" + "\n".join("    " + line for line in e.fixed.splitlines() or [""])
    return out


def rule_doc(m: RuleMeta) -> str:
    parts = [f"{m.code} {m.name} [{m.category}, {m.severity}, fix: {m.fix}]", "", m.summary]
    if m.explanation:
        parts += ["", m.explanation]
    if m.options:
        parts += ["", "Options: " + ", ".join(f"{k} = {v!r}" for k, v in m.options.items())]
    if m.bad:
        parts += ["", "Flagged:"] + [_example(e) for e in m.bad]
    if m.good:
        parts += ["", "Not flagged:"] + [_example(e) for e in m.good]
    parts += ["", f"Defined in {m.origin}"]
    return "\n".join(parts)


def _md_example(e: Example) -> str:
    tag = f" ({e.format}{', ' + e.lang if e.lang else ''})" if e.format != "txt" or e.lang else ""
    text = e.text if e.text.isprintable() or "\n" in e.text else repr(e.text)
    fence = "```"
    while fence in text or (e.fixed and fence in e.fixed):
        fence += "`"
    out = f"{tag.strip()}\n\n{fence}text\n{text.rstrip(chr(10))}\n{fence}\n" if tag else f"{fence}text\n{text.rstrip(chr(10))}\n{fence}\n"
    if e.fixed is not None:
        out += f"\nfixed:\n\n{fence}text\n{e.fixed.rstrip(chr(10))}\n{fence}\n"
    return out


def rule_page_markdown(m: RuleMeta, heading: bool = True) -> str:
    """One rule's documentation page (Markdown): what `newslint rule CODE` says, for
    editors who read reports and for SARIF's helpUri."""
    parts = [f"# {m.code} {m.name}", ""] if heading else []
    parts += [f"**{m.summary}**", "",
              f"Category `{m.category}` · default severity `{m.severity}` · fix: {m.fix}", ""]
    if m.explanation:
        parts += [m.explanation, ""]
    if m.options:
        parts += ["**Options** (`[tool.newslint.options." + m.code + "]`): "
                  + ", ".join(f"`{k} = {v!r}`" for k, v in m.options.items()), ""]
    if m.bad:
        parts += ["## Flagged", ""] + [_md_example(e) for e in m.bad]
    if m.good:
        parts += ["## Not flagged", ""] + [_md_example(e) for e in m.good]
    return "\n".join(parts).rstrip("\n") + "\n"
