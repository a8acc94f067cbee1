"""Built-in output formats: json, jsonl, github, sarif, junit (text lives in text.py)."""

from __future__ import annotations

import json
from collections import Counter

from . import (Reporter, finding_to_dict, fix_applicability, fix_to_dict, json_text, locate, record_label,
               visible)
from .text import Text


class Json(Reporter):
    """The JSON contract of DESIGN.md: one object with version, files and summary."""

    name = "json"

    def finish(self) -> None:
        files = []
        by_category: Counter[str] = Counter()
        by_severity: Counter[str] = Counter()
        for r in self.results:
            findings = []
            for doc, f in r.all_findings():
                findings.append(finding_to_dict(doc, f))
                by_category[f.category] += 1
                by_severity[str(f.severity)] += 1
            files.append({"path": r.path, "findings": findings})
        data = {
            "version": self.context.version,
            "files": files,
            "summary": {"files": len(files), "findings": sum(len(f["findings"]) for f in files),
                        "by_category": dict(sorted(by_category.items())),
                        "by_severity": dict(sorted(by_severity.items()))},
        }
        self.out.write(json_text(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")


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
    # The README's rule table, as published with the package (``newslint rule CODE`` prints
    # the full documentation offline).
    HELP_URI = "https://pypi.org/project/newslint/#rules"

    def finish(self) -> None:
        metas = list(self.context.metas)
        index = {m.code: i for i, m in enumerate(metas)}
        rules = [{
            "id": m.code, "name": m.name,
            "shortDescription": {"text": m.summary},
            "fullDescription": {"text": m.explanation or m.summary},
            "help": {"text": f"{m.explanation or m.summary}\n\nMore: newslint rule {m.code}",
                     "markdown": f"{m.explanation or m.summary}\n\nMore: `newslint rule {m.code}`"},
            "helpUri": self.HELP_URI,
            "defaultConfiguration": {"level": self._LEVEL[str(m.severity)]},
            "properties": {"category": m.category, "fix": m.fix},
        } for m in metas]
        results = []
        for r in self.results:
            for doc, f in r.all_findings():
                results.append(self._result(r.path, doc, f, index))
        log = {
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": "newslint", "version": self.context.version,
                                    "informationUri": "https://pypi.org/project/newslint/", "rules": rules}},
                "artifacts": [{"location": {"uri": r.path}} for r in self.results],
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

    def finish(self) -> None:
        from xml.sax.saxutils import escape, quoteattr


        failed = sum(1 for r in self.results if r.count)
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 f'<testsuites name="newslint" tests="{len(self.results)}" failures="{failed}">',
                 f'<testsuite name="newslint" tests="{len(self.results)}" failures="{failed}" errors="0">']
        for r in self.results:
            path = visible(r.path)  # XML 1.0 cannot hold most control characters, even escaped
            lines.append(f"<testcase classname=\"newslint\" name={quoteattr(path)}>")
            for doc, f in r.all_findings():
                loc = locate(doc, f.span)
                message = visible(f.message)
                record = f" [{record_label(loc.record)}]" if loc.record is not None else ""
                text = f"{path}:{loc.line}:{loc.column}:{record} {f.code} [{f.category}] {message}"
                lines.append(f"<failure type={quoteattr(f.code)} message={quoteattr(message)}>{escape(text)}</failure>")
            lines.append("</testcase>")
        lines += ["</testsuite>", "</testsuites>"]
        self.out.write("\n".join(lines) + "\n")



BUILTIN = (Text, Json, JsonLines, GitHub, Sarif, JUnit)
