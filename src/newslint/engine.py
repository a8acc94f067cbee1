"""Document -> findings, as pure functions (safe to run in any worker process).

``lint_document`` runs the active checks on one document, stamps code, name,
category and configured severity on each hit, applies inline suppressions
(reporting those that suppress nothing) and sorts. ``lint_source`` does the same
for the bytes of a whole file.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable, Sequence

from .config import Settings
from .readers import Loaded, load
from .model import Applicability, Document, Finding, Fix, Hit, Severity, Span
from .registry import Registry
from .rules import Check, RuleMeta, is_known_selector_in, known_selectors, selector_matches


@dataclass(frozen=True)
class Plan:
    """The checks to run on one file, with their severity and options resolved."""

    checks: tuple[tuple[Check, Severity, dict], ...]
    metas: dict[str, RuleMeta]  # every active rule, by code (internal ones too)
    severities: dict[str, Severity]
    known: frozenset[str] = frozenset()  # every registered rule's code, name and category
    html_scope: str = "article"  # what of an HTML page is linted (Settings.html_scope)

    @classmethod
    def make(cls, registry: Registry, settings: Settings, path: str | None = None) -> "Plan":
        active = settings.active(registry.metas, path)
        checks = []
        for meta in active:
            check = registry.by_code[meta.code]
            checks.append((check, settings.severity_of(meta), settings.options_of(meta)))
        return cls(tuple(checks), {m.code: m for m in active},
                   {m.code: settings.severity_of(m) for m in active}, known_selectors(registry.metas),
                   settings.html_scope)

    def finding(self, code: str, hit: Hit) -> Finding | None:
        meta = self.metas.get(code)
        if meta is None:
            return None
        severity = hit.severity or self.severities[code]
        return Finding(code, meta.name, meta.category, severity, hit.message, hit.span, hit.fix, hit.related)


@dataclass
class DocumentResult:
    document: Document
    findings: list[Finding] = field(default_factory=list)


@dataclass
class FileResult:
    path: str
    container: Document
    documents: list[DocumentResult] = field(default_factory=list)
    file_findings: list[Finding] = field(default_factory=list)  # positions in container
    # A large JSONL file comes as several results, one per part, in order: ``part`` counts
    # them from 0 and ``final`` marks the last. A whole file is part 0 and final.
    part: int = 0
    final: bool = True
    headline: str | None = None  # the article's title (metadata, else first heading), for reports


    def all_findings(self) -> Iterable[tuple[Document, Finding]]:
        for f in self.file_findings:
            yield self.container, f
        for d in self.documents:
            for f in d.findings:
                yield d.document, f

    @property
    def count(self) -> int:
        return len(self.file_findings) + sum(len(d.findings) for d in self.documents)


MAX_FINDINGS = 1000  # per rule and document (README, "Limits")


def _sort_key(f: Finding) -> tuple:
    return (f.span.start, f.span.end, f.code)


def lint_document(doc: Document, plan: Plan) -> list[Finding]:
    findings: list[Finding] = []
    for check, severity, options in plan.checks:
        meta = check.meta
        try:
            for n, hit in enumerate(check.check(doc, options), 1):
                message = hit.message
                if n == MAX_FINDINGS:  # a page of 50,000 repeats needs no 50,000 findings: stop the rule
                    message += f" (and maybe more: at most {MAX_FINDINGS:,} findings of one rule per document)"
                findings.append(Finding(meta.code, meta.name, meta.category, hit.severity or severity,
                                        message, hit.span, hit.fix, hit.related))
                if n == MAX_FINDINGS:
                    break
        except Exception as err:  # a broken rule (often a plugin) must not stop the run
            crash = plan.finding("NL906", Hit(Span(0, 0), f"rule {meta.code} ({meta.origin}) failed on this document: "
                                                           f"{type(err).__name__}: {err}; please report it"))
            if crash is not None:
                findings.append(crash)
    if any(check.meta.defers_to for check, _, _ in plan.checks):
        findings = _defer(findings, plan)
    if doc.directives:
        findings = _apply_directives(doc, findings, plan)
    findings.sort(key=_sort_key)
    return findings


def _defer(findings: list[Finding], plan: Plan) -> list[Finding]:
    """Drop the findings of a rule that defers to another (``RuleMeta.defers_to``)
    where that rule has a finding overlapping it. Rules that are not active have no
    findings, so a deferring rule reports on its own when the other is disabled."""
    import bisect

    spans: dict[str, list[tuple[int, int]]] = {}
    for f in findings:
        spans.setdefault(f.code, []).append((f.span.start, f.span.end))
    reach: dict[str, tuple[list[int], list[int]]] = {}  # starts in order, and the furthest end so far
    for code, found in spans.items():
        found.sort()
        ends, furthest = [], -1
        for _, e in found:
            furthest = max(furthest, e)
            ends.append(furthest)
        reach[code] = ([s for s, _ in found], ends)

    def covered(f: Finding, code: str) -> bool:
        if code not in reach:
            return False
        starts, ends = reach[code]
        i = bisect.bisect_left(starts, max(f.span.end, f.span.start + 1))  # the spans starting inside or before f
        return i > 0 and ends[i - 1] > f.span.start

    return [f for f in findings
            if not (plan.metas[f.code].defers_to and any(covered(f, c) for c in plan.metas[f.code].defers_to))]


def _apply_directives(doc: Document, findings: list[Finding], plan: Plan) -> list[Finding]:
    # Regions: each disable opens [offset, next matching enable); disable-file covers all.
    regions: list[tuple[int, int, tuple[str, ...], int]] = []
    n = len(doc.text)
    directives = list(doc.directives)
    for i, d in enumerate(directives):
        if d.action == "disable-file":
            regions.append((0, n + 1, d.selectors, i))
        elif d.action == "disable":
            end = n + 1
            for later in directives[i + 1:]:
                if later.action == "enable" and (not later.selectors or set(d.selectors) <= set(later.selectors)):
                    end = later.span.start
                    break
            regions.append((d.span.end, end, d.selectors, i))
    unknown = {i: [s for s in d.selectors if not is_known_selector_in(s, plan.known)]
               for i, d in enumerate(directives)} if plan.known else {}
    used: set[int] = set()
    kept = []
    for f in findings:
        meta = plan.metas[f.code]
        hit_by = [idx for start, end, sel, idx in regions
                  if start <= f.span.start < end and (not sel or any(selector_matches(s, meta) for s in sel))]
        if hit_by:
            used.update(hit_by)
        else:
            kept.append(f)
    for idx, names in unknown.items():
        for name in names:  # a typo must not pass for a working suppression
            f = plan.finding("NL908", Hit(directives[idx].span, f"suppression names an unknown rule {name!r} "
                                                                 "(a code, prefix, name or category: see `newslint rules`)"))
            if f is not None:
                kept.append(f)
    for _, _, sel, idx in regions:
        if idx not in used and not unknown.get(idx):
            what = ", ".join(sel) if sel else "every rule"
            f = plan.finding("NL905", Hit(directives[idx].span, f"suppression of {what} suppresses nothing: remove it"))
            if f is not None:
                kept.append(f)
    return kept


def rewritable(doc: Document) -> bool:
    """Whether a fix of ``doc`` can be applied to its file: its text is the file's
    text (.txt, .md). An HTML page's extracted text or a JSONL record's text is not,
    so the engine makes their fixes display-only, whatever the rule offered."""
    return doc.format in ("text", "markdown") and doc.source_map is None and doc.record is None


def _display_only(f: Finding) -> Finding:
    if f.fix is None or f.fix.applicability is Applicability.DISPLAY_ONLY:
        return f
    return replace(f, fix=replace(f.fix, applicability=Applicability.DISPLAY_ONLY))


def lint_loaded(loaded: Loaded, plan: Plan) -> FileResult:
    result = FileResult(loaded.container.path, loaded.container)
    for problem in loaded.problems:
        f = plan.finding(problem.code, Hit(problem.span, problem.message))
        if f is not None:
            result.file_findings.append(f)
    for doc in loaded.documents:
        findings = lint_document(doc, plan)
        if not rewritable(doc):
            findings = [_display_only(f) for f in findings]
        result.documents.append(DocumentResult(doc, findings))
    result.headline = headline_of(result)
    return result


def headline_of(result: FileResult) -> str | None:
    """The article's title: its ``title`` metadata, else its first heading; None for a
    corpus (JSONL), which has no one headline. Taken at lint time, while the blocks are
    there (results sent from workers or kept in the cache carry no blocks)."""
    from .model import BlockKind

    docs = [d.document for d in result.documents]
    if len(docs) != 1 or docs[0].record is not None:
        return None
    doc = docs[0]
    title = doc.meta.get("title")
    if isinstance(title, str) and title.strip():
        return " ".join(title.split())
    for block in doc.blocks_of(BlockKind.HEADING):
        text = " ".join(doc.slice(block.span).lstrip("#").split())
        if text:
            return text if len(text) <= 160 else text[:157] + "…"
    return None


def lint_source(path: str, data: bytes, plan: Plan, language: str | None = None) -> FileResult:
    """Lint the bytes of one file. Pure: same input, same output, no I/O."""
    return lint_loaded(load(path, data, language, plan.html_scope), plan)


def lint_text(text: str, registry: Registry | None = None, settings: Settings | None = None,
              path: str = "<text>.txt") -> list[Finding]:
    """Convenience for library users: lint one string, return its findings."""
    settings = settings or Settings()
    registry = registry or Registry.discover(settings.packs)
    plan = Plan.make(registry, settings, path)
    result = lint_source(path, text.encode("utf-8"), plan, settings.language)
    return [f for _, f in result.all_findings()]


def apply_fixes(text: str, fixes: Sequence[Fix], unsafe: bool = False) -> str:
    """``text`` with the fixes applied that do not clash (earliest first; a fix is
    applied whole or not at all). Display-only fixes are never applied; unsafe ones
    only with ``unsafe``. One pass: ``newslint.fixes.fix_text`` loops to a fixed point."""
    from .fixes import choose, splice

    allowed = {Applicability.SAFE, Applicability.UNSAFE} if unsafe else {Applicability.SAFE}
    chosen = choose(fixes, allowed)
    return splice(text, sorted(((e.span.start, e.span.end, e.replacement) for f in chosen for e in f.edits),
                               key=lambda e: (e[0], e[1])))


__all__ = ["Plan", "FileResult", "DocumentResult", "lint_document", "lint_source", "lint_text",
           "apply_fixes", "rewritable", "Span"]
