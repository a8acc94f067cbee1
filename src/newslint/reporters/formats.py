"""Built-in output formats: json, jsonl, github, sarif, junit (text lives in text.py)."""

from __future__ import annotations

import json
from collections import Counter

from . import (Reporter, finding_to_dict, fix_applicability, fix_to_dict, json_text, locate, record_label,
               visible)
from .text import Text


class Json(Reporter):
    """The JSON contract of DESIGN.md: one object with version, files and summary.

    Written as results come (the same bytes as ``json.dumps(…, indent=2)`` of the
    whole object), so the run never holds more than one file's findings."""

    name = "json"

    def __init__(self, out, context) -> None:
        super().__init__(out, context)
        self.files = 0
        self.by_category: Counter[str] = Counter()
        self.by_severity: Counter[str] = Counter()
        self._in_file = 0  # findings written in the open file entry

    def _write(self, text: str) -> None:
        self.out.write(json_text(text))

    def _head(self) -> None:
        if self.files == 0:
            self._write(f'{{\n  "version": {json.dumps(self.context.version, ensure_ascii=False)},\n  "files": [')

    def file(self, result) -> None:
        if result.part == 0:
            self._head()
            self._write(("\n" if self.files == 0 else ",\n")
                        + f'    {{\n      "path": {json.dumps(result.path, ensure_ascii=False)},\n      "findings": [')
            self.files += 1
            self._in_file = 0
        for doc, f in result.all_findings():
            dumped = json.dumps(finding_to_dict(doc, f), ensure_ascii=False, indent=2).replace("\n", "\n        ")
            self._write(("\n" if self._in_file == 0 else ",\n") + "        " + dumped)
            self._in_file += 1
            self.by_category[f.category] += 1
            self.by_severity[str(f.severity)] += 1
        if result.final:
            self._write(("\n      ]" if self._in_file else "]") + "\n    }")

    def finish(self) -> None:
        if self.files == 0:
            self._write(f'{{\n  "version": {json.dumps(self.context.version, ensure_ascii=False)},\n  "files": [],\n')
        else:
            self._write("\n  ],\n")
        summary = {"files": self.files, "findings": sum(self.by_category.values()),
                   "by_category": dict(sorted(self.by_category.items())),
                   "by_severity": dict(sorted(self.by_severity.items()))}
        self._write('  "summary": ' + json.dumps(summary, ensure_ascii=False, indent=2).replace("\n", "\n  ") + "\n}\n")


class JsonLines(Reporter):
    """One finding per line, for pipelines: ``{"path": …, <the contract's finding>}``."""

    name = "jsonl"

    def file(self, result) -> None:
        for doc, f in result.all_findings():
            self.out.write(json_text(json.dumps({"path": result.path, **finding_to_dict(doc, f)}, ensure_ascii=False)) + "\n")

    def finish(self) -> None:
        pass


def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


class GitHub(Reporter):
    """GitHub Actions workflow commands, one per finding."""

    name = "github"
    _LEVEL = {"error": "error", "warning": "warning", "info": "notice"}

    def file(self, result) -> None:
        for doc, f in result.all_findings():
            loc = locate(doc, f.span)
            props = (f"file={_gh_escape(visible(result.path), True)},line={loc.line},col={loc.column},"
                     f"endLine={loc.end_line},endColumn={loc.end_column},"
                     f"title={_gh_escape(visible(f.code + ' ' + f.name), True)}")
            message = f"{record_label(loc.record)}: {f.message}" if loc.record is not None else f.message
            self.out.write(f"::{self._LEVEL[str(f.severity)]} {props}::{_gh_escape(visible(message))}\n")

    def finish(self) -> None:
        pass


class Sarif(Reporter):
    """SARIF 2.1.0: every rule's metadata, regions, related locations and fixes."""

    name = "sarif"
    _LEVEL = {"error": "error", "warning": "warning", "info": "note"}
    @staticmethod
    def help_uri(meta) -> str | None:
        """A built-in rule's page in the repository at this release's tag
        (docs/rules/<CODE>.md, made by ``newslint rules --format markdown --output
        docs/rules``); None for a plugin's rule, which has no page there."""
        from .. import __repository__, __version__
        from ..packs import builtin_pack_dir

        if not (meta.origin.startswith("newslint.") or f"({builtin_pack_dir()}" in meta.origin):
            return None
        return f"{__repository__}/blob/v{__version__}/docs/rules/{meta.code}.md"

    def __init__(self, out, context) -> None:
        super().__init__(out, context)
        self.paths: list[str] = []
        self.sarif_results: list[dict] = []  # SARIF results, made as files come: no document is kept
        self.index = {m.code: i for i, m in enumerate(context.metas)}

    def file(self, result) -> None:
        if result.part == 0:
            self.paths.append(result.path)
        for doc, f in result.all_findings():
            self.sarif_results.append(self._result(result.path, doc, f, self.index))

    def finish(self) -> None:
        metas = list(self.context.metas)
        rules = [{
            "id": m.code, "name": m.name,
            "shortDescription": {"text": m.summary},
            "fullDescription": {"text": m.explanation or m.summary},
            "help": {"text": f"{m.explanation or m.summary}\n\nMore: newslint rule {m.code}",
                     "markdown": f"{m.explanation or m.summary}\n\nMore: `newslint rule {m.code}`"},
            "helpUri": self.help_uri(m),
            "defaultConfiguration": {"level": self._LEVEL[str(m.severity)]},
            "properties": {"category": m.category, "fix": m.fix},
        } for m in metas]
        for rule in rules:
            if rule["helpUri"] is None:
                del rule["helpUri"]
        results = self.sarif_results
        log = {
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": "newslint", "version": self.context.version,
                                    "informationUri": "https://pypi.org/project/newslint/", "rules": rules}},
                "artifacts": [{"location": {"uri": path}} for path in self.paths],
                "results": results,
                "columnKind": "unicodeCodePoints",
            }],
        }
        self.out.write(json_text(json.dumps(log, ensure_ascii=False, indent=2)) + "\n")

    @staticmethod
    def _region(doc, span) -> dict:
        loc = locate(doc, span)
        return {"startLine": loc.line, "startColumn": loc.column, "endLine": loc.end_line, "endColumn": loc.end_column}

    @classmethod
    def _location(cls, path: str, doc, span, **extra) -> dict:
        """A physical location in the file; for a JSONL record, the record's line, with the
        place inside the record's text in the location's property bag ``record``."""
        loc = locate(doc, span)
        location = {**extra, "physicalLocation": {"artifactLocation": {"uri": path}, "region": cls._region(doc, span)}}
        if loc.record is not None:
            location["properties"] = {"record": loc.record}
        return location

    @staticmethod
    def _elsewhere(rel, **extra) -> dict:
        """A related location in another file or record (NL205's earlier copy)."""
        w = rel.where
        location = {**extra, "message": {"text": rel.message}, "physicalLocation": {
            "artifactLocation": {"uri": w["path"]}, "region": {"startLine": w["line"], "startColumn": w["column"]}}}
        if "record" in w:
            location["properties"] = {"record": w["record"]}
        return location

    def _result(self, path: str, doc, f, index: dict) -> dict:
        location = self._location(path, doc, f.span)
        result = {"ruleId": f.code, "ruleIndex": index[f.code], "level": self._LEVEL[str(f.severity)],
                  "message": {"text": f.message}, "locations": [location]}
        if "properties" in location:  # also on the result, as before
            result["properties"] = {"record": location["properties"]["record"]}
        if f.related:
            result["relatedLocations"] = [
                self._location(path, doc, rel.span, id=i, message={"text": rel.message}) if rel.where is None
                else self._elsewhere(rel, id=i) for i, rel in enumerate(f.related)]
        if f.fix is not None and fix_applicability(doc, f.fix) == "display-only":
            # Not a change anyone may apply to the file (a JSONL record's or an HTML text's
            # fix, or a display-only one): described in the property bag, never as a SARIF fix.
            result.setdefault("properties", {})["fix"] = fix_to_dict(doc, f.fix)
        elif f.fix is not None:
            result["fixes"] = [{
                "description": {"text": f"{f.fix.message} ({f.fix.applicability})"},
                "artifactChanges": [{
                    "artifactLocation": {"uri": path},
                    "replacements": [{"deletedRegion": self._region(doc, e.span),
                                      "insertedContent": {"text": e.replacement}} for e in f.fix.edits],
                }],
            }]
        return result


class JUnit(Reporter):
    """JUnit XML: a test case per file, a failure per finding (CI dashboards read it)."""

    name = "junit"

    def __init__(self, out, context) -> None:
        super().__init__(out, context)
        self.cases: list[tuple[str, list[str]]] = []  # (path, failure elements), made as files come

    def file(self, result) -> None:
        from xml.sax.saxutils import escape, quoteattr

        path = visible(result.path)  # XML 1.0 cannot hold most control characters, even escaped
        if result.part == 0:
            self.cases.append((path, []))
        failures = self.cases[-1][1]
        for doc, f in result.all_findings():
            loc = locate(doc, f.span)
            message = visible(f.message)
            record = f" [{record_label(loc.record)}]" if loc.record is not None else ""
            text = f"{path}:{loc.line}:{loc.column}:{record} {f.code} [{f.category}] {message}"
            failures.append(f"<failure type={quoteattr(f.code)} message={quoteattr(message)}>{escape(text)}</failure>")

    def finish(self) -> None:
        from xml.sax.saxutils import quoteattr

        failed = sum(1 for _, failures in self.cases if failures)
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 f'<testsuites name="newslint" tests="{len(self.cases)}" failures="{failed}">',
                 f'<testsuite name="newslint" tests="{len(self.cases)}" failures="{failed}" errors="0">']
        for path, failures in self.cases:
            lines.append(f"<testcase classname=\"newslint\" name={quoteattr(path)}>")
            lines += failures
            lines.append("</testcase>")
        lines += ["</testsuite>", "</testsuites>"]
        self.out.write("\n".join(lines) + "\n")


BUILTIN = (Text, Json, JsonLines, GitHub, Sarif, JUnit)
