"""YAML rule packs: rules as data (Vale-style), one folder per pack, one file per rule.

A rule file ``checks/<pack>/<rule-name>.yaml`` looks like::

    code: NL101
    summary: Offer to continue, left by an AI assistant
    explanation: |
      Why it is bad, what to do instead.
    severity: error           # info | warning | error
    kind: existence           # existence | substitution
    scope: [paragraph, heading, list_item, quote]   # block kinds, default: all text
    message: "assistant offer to continue: “{match}”"
    phrases:                  # matched case-insensitively as whole words
      en: ["would you like me to"]
      fr: ["souhaitez-vous que je"]
    patterns: ['\\bshall I\\b']   # RE2 syntax (linear time)
    examples:
      bad: ["Would you like me to shorten it?"]
      good: ["I would like to thank you."]

The rule name is the file name; the code is given explicitly because codes are a
contract. ``substitution`` rules map phrases to replacements and carry a fix.
Every mistake in a file is reported as ``file: message`` (a PackError).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from .matching import PatternError, PatternMatcher, PhraseMatcher
from .model import Applicability, BlockKind, Document, Edit, Fix, Hit, Severity, Span
from .rules import Example, RuleError, RuleMeta

KINDS = ("existence", "substitution")
_KEYS = {"code", "summary", "explanation", "severity", "kind", "scope", "message", "phrases",
         "patterns", "swap", "examples", "fix", "options", "ignore_case", "applicability"}
_SCOPES = {k.value for k in BlockKind} - {"blank"}


class PackError(ValueError):
    """A rule file is wrong; the message starts with the file name."""


def _string_list(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise PackError(f"{where} must be a string or a list of strings")


def _phrases(value: Any, where: str) -> list[tuple[str, str]]:
    """``phrases`` as a list or as ``{lang: [...]}`` -> [(phrase, lang)]."""
    if isinstance(value, Mapping):
        return [(p, str(lang)) for lang, items in value.items()
                for p in _string_list(items, f"{where}.{lang}")]
    return [(p, "") for p in _string_list(value, where)]


@dataclass(frozen=True)
class PackCheck:
    meta: RuleMeta
    kind: str
    message: str
    scope: frozenset[str]
    phrases: PhraseMatcher
    patterns: PatternMatcher
    swap: Mapping[str, str]
    applicability: Applicability

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Hit]:
        text = doc.text
        spans: list[tuple[int, int]] = [(m.start, m.end) for m in self.phrases.finditer(text)]
        spans.extend((m.start, m.end) for m in self.patterns.finditer(text))
        if not spans:
            return
        spans.sort()
        in_scope = _scope_filter(doc, self.scope)
        last_end = -1
        for start, end in spans:
            if start < last_end or not in_scope(start):
                continue  # overlapping matches report once
            last_end = end
            matched = text[start:end]
            fix = None
            if self.kind == "substitution":
                replacement = self.swap.get(" ".join(matched.lower().split()))
                if replacement is None:
                    replacement = next((v for k, v in self.swap.items() if k.lower() == matched.lower()), None)
                if replacement is not None:
                    fix = Fix(f"replace with “{replacement}”", (Edit(Span(start, end), replacement),),
                              self.applicability)
            yield Hit(Span(start, end), self.message.format(match=matched), fix)


def _scope_filter(doc: Document, scope: frozenset[str]):
    if not scope:
        return lambda offset: True
    import bisect

    blocks = doc.blocks
    starts = [b.span.start for b in blocks]

    def in_scope(offset: int) -> bool:
        i = bisect.bisect_right(starts, offset) - 1
        return i >= 0 and blocks[i].span.start <= offset <= blocks[i].span.end and blocks[i].kind.value in scope

    return in_scope


def _example(item: Any, where: str) -> Example:
    if isinstance(item, str):
        return Example(item)
    if isinstance(item, Mapping) and isinstance(item.get("text"), str):
        allowed = {"text", "fixed", "format", "lang", "meta", "encoding"}
        unknown = set(item) - allowed
        if unknown:
            raise PackError(f"{where}: unknown example key(s) {sorted(unknown)}")
        return Example(**item)
    raise PackError(f"{where}: an example is a string or a mapping with 'text'")


def load_rule_file(path: Path, pack: str) -> PackCheck:
    import yaml

    where = str(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError) as err:
        raise PackError(f"{where}: cannot read rule file: {err}") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        loc = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise PackError(f"{where}{loc}: invalid YAML: {getattr(err, 'problem', err)}") from None
    if not isinstance(data, Mapping):
        raise PackError(f"{where}: a rule file must be a mapping")
    unknown = set(data) - _KEYS
    if unknown:
        raise PackError(f"{where}: unknown key(s) {', '.join(sorted(unknown))} (allowed: {', '.join(sorted(_KEYS))})")
    kind = data.get("kind", "existence")
    if kind not in KINDS:
        raise PackError(f"{where}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    scope = frozenset(_string_list(data.get("scope"), f"{where}: scope"))
    if scope - _SCOPES:
        raise PackError(f"{where}: unknown scope {sorted(scope - _SCOPES)} (allowed: {sorted(_SCOPES)})")
    examples = data.get("examples") or {}
    if not isinstance(examples, Mapping):
        raise PackError(f"{where}: examples must be a mapping with 'bad' and 'good' lists")
    swap: dict[str, str] = {}
    phrases = _phrases(data.get("phrases"), f"{where}: phrases")
    if kind == "substitution":
        raw = data.get("swap")
        if not isinstance(raw, Mapping) or not raw:
            raise PackError(f"{where}: a substitution rule needs a 'swap' mapping of phrase: replacement")
        swap = {" ".join(str(k).lower().split()): str(v) for k, v in raw.items()}
        phrases += [(str(k), "") for k in raw]
    try:
        meta = RuleMeta(
            code=str(data.get("code", "")),
            name=path.stem,
            summary=str(data.get("summary", "")),
            explanation=str(data.get("explanation", "")).strip(),
            severity=Severity.parse(str(data.get("severity", "error"))),
            fix=str(data.get("fix", "always" if kind == "substitution" else "none")),
            bad=tuple(_example(e, f"{where}: examples.bad") for e in examples.get("bad") or ()),
            good=tuple(_example(e, f"{where}: examples.good") for e in examples.get("good") or ()),
            options=dict(data.get("options") or {}),
            origin=f"pack {pack!r} ({where})",
        )
        patterns = PatternMatcher(_string_list(data.get("patterns"), f"{where}: patterns"),
                                  bool(data.get("ignore_case", True)))
    except PatternError as err:
        raise PackError(f"{where}: invalid RE2 pattern {err}") from None
    except (RuleError, ValueError, TypeError) as err:
        raise PackError(f"{where}: {err}") from None
    if not phrases and not patterns.patterns:
        raise PackError(f"{where}: a rule needs 'phrases' or 'patterns'")
    return PackCheck(
        meta=meta, kind=kind,
        message=str(data.get("message") or meta.summary + ": “{match}”"),
        scope=scope, phrases=PhraseMatcher(phrases), patterns=patterns, swap=swap,
        applicability=Applicability(str(data.get("applicability", "safe"))),
    )


def load_pack_dir(root: Path) -> list[PackCheck]:
    """Every ``<pack>/<rule>.yaml`` under ``root``, sorted for stable output."""
    if not root.is_dir():
        raise PackError(f"{root}: pack folder does not exist")
    checks = []
    for path in sorted(root.glob("*/*.y*ml")):
        checks.append(load_rule_file(path, path.parent.name))
    return checks


def builtin_pack_dir() -> Path:
    """The packs shipped with newslint: inside the wheel, or checks/ in a checkout."""
    here = Path(__file__).resolve().parent
    shipped = here / "_packs"
    if shipped.is_dir():
        return shipped
    return here.parent.parent / "checks"


def builtin_packs() -> Iterable[PackCheck]:
    return load_pack_dir(builtin_pack_dir())
