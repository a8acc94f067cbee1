"""Human-readable output, like ruff: ``path:line:col: NL101 error [category] message`` and the excerpt."""

from __future__ import annotations

from collections import Counter

from ..engine import FileResult
from ..model import Severity
from . import Reporter, excerpt_line, fix_applicability, locate, record_label, visible

_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


class Text(Reporter):
    """Streams findings as they come: ``path:line:col: CODE severity [category] message``, the
    line with the finding underlined and the fix; a summary at the end."""

    name = "text"
    machine = False

    def __init__(self, out, context) -> None:
        super().__init__(out, context)
        self.color = context.color
        self.quiet = context.quiet
        self.show_excerpt = not context.quiet
        self.counts: Counter[tuple[str, str]] = Counter()
        self.files = 0
        self.fixable = 0
        self.records = self.records_with_findings = 0  # JSONL records

    def _style(self, text: str, **kw) -> str:
        if not self.color:
            return text
        import click

        return click.style(text, **kw)

    def file(self, result: FileResult) -> None:
        self.files += result.part == 0
        for d in result.documents:
            if d.document.record is not None:
                self.records += 1
                self.records_with_findings += bool(d.findings)
        for doc, f in result.all_findings():
            self.counts[(f.code, f.name)] += 1
            self.fixable += f.fix is not None
            loc = locate(doc, f.span)
            where = f"{visible(result.path)}:{loc.line}:{loc.column}:"
            if loc.record is not None:  # the record's line in the file, then the place in its text
                where += f" [{record_label(loc.record)}]"
            code = self._style(f.code, fg=_COLORS[f.severity], bold=True)
            severity = self._style(str(f.severity), fg=_COLORS[f.severity])
            self.out.write(f"{self._style(where, bold=True)} {code} {severity} [{f.category}] {visible(f.message)}\n")
            if self.show_excerpt and doc.text:
                line, offset, width = excerpt_line(doc, f.span)
                before, marked = visible(line[:offset]), visible(line[offset:offset + width])
                self.out.write(f"    {before}{visible(line[offset:])}\n"
                               f"    {' ' * len(before)}{self._style('^' * len(marked), fg=_COLORS[f.severity])}\n")
                if f.fix is not None:
                    self.out.write(f"    = fix ({fix_applicability(doc, f.fix)}): {visible(f.fix.message)}\n")

    def finish(self) -> None:
        statistics = self.context.statistics
        total = sum(self.counts.values())
        if statistics and total:
            width = max(len(n) for _, n in self.counts)
            for (code, name), n in sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0])):
                self.out.write(f"{n:6d}  {code}  {visible(name):<{width}}\n")
        if self.quiet or not self.files:  # -q: findings only; no file: the command line warns
            return
        records = (f" {self.records_with_findings} of {self.records} record{'s' if self.records != 1 else ''} "
                   f"{'have' if self.records_with_findings != 1 else 'has'} findings.") if self.records else ""
        if total:
            files_with = f"{self.files} file{'s' if self.files != 1 else ''}"
            fix = f" ({self.fixable} with a fix)" if self.fixable else ""
            self.out.write(self._style(f"Found {total} finding{'s' if total != 1 else ''} in {files_with}{fix}.", bold=True)
                           + records + "\n")
        else:
            self.out.write(f"All checks passed ({self.files} file{'s' if self.files != 1 else ''}).{records}\n")
