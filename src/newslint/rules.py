"""Rule metadata, the Check protocol and the ``@rule`` decorator.

A check is anything with a ``meta`` (RuleMeta) and a ``check(doc, options)``
method yielding ``Hit``s. Python checks are usually functions wrapped by
``@rule``; YAML packs build the same objects (see ``packs.py``), so the engine
and the registry never know where a rule came from.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Protocol, runtime_checkable

from .model import Document, Hit, Severity

CATEGORIES = {
    "1": "ai-leftover",
    "2": "duplication",
    "3": "markup",
    "4": "date",
    "5": "language",
    "6": "encoding",
    "9": "internal",
}
FIX_AVAILABILITY = ("none", "sometimes", "always")
_CODE = re.compile(r"NL[1-9]\d\d")
_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class RuleError(ValueError):
    """A rule definition is wrong (bad code, name, examples…)."""


def category_of(code: str) -> str:
    return CATEGORIES.get(code[2:3], "")


@dataclass(frozen=True)
class Example:
    """A ``bad`` or ``good`` sample; run as a test for every rule.

    ``text`` is linted as a file of ``format`` (txt, md, html, jsonl);
    ``fixed`` is the text after applying the rule's fixes, when it has some;
    ``meta`` is document metadata (``lang``, ``date``).
    """

    text: str
    fixed: str | None = None
    format: str = "txt"
    lang: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)
    encoding: str = "utf-8"


@dataclass(frozen=True)
class RuleMeta:
    code: str
    name: str
    summary: str
    explanation: str = ""
    severity: Severity = Severity.ERROR
    fix: str = "none"
    bad: tuple[Example, ...] = ()
    good: tuple[Example, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)
    origin: str = ""  # where the rule was defined, for error messages
    testable: bool = True  # False only for rules no text can trigger (unreadable file)
    # Rules that report the same thing better: where one of them is active and has a
    # finding overlapping one of this rule's, the engine drops this rule's (NL501 gives
    # way to NL108 on a template heading). Whether the other rule is enabled is the
    # engine's business, never the check's.
    defers_to: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not _CODE.fullmatch(self.code):
            raise RuleError(f"{self.origin}: invalid rule code {self.code!r} (expected NL + 3 digits, e.g. NL101)")
        if not category_of(self.code):
            raise RuleError(f"{self.origin}: rule code {self.code} is in no known family")
        if not _NAME.fullmatch(self.name):
            raise RuleError(f"{self.origin}: rule name {self.name!r} must be kebab-case")
        if self.fix not in FIX_AVAILABILITY:
            raise RuleError(f"{self.origin}: fix must be one of {FIX_AVAILABILITY}, not {self.fix!r}")
        if not self.summary:
            raise RuleError(f"{self.origin}: rule {self.code} has no summary")

    @property
    def category(self) -> str:
        return category_of(self.code)


@runtime_checkable
class Check(Protocol):
    meta: RuleMeta

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]: ...


CheckFunction = Callable[[Document, Mapping[str, Any]], Iterable[Hit]]


@dataclass(frozen=True)
class FunctionCheck:
    meta: RuleMeta
    function: CheckFunction

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Hit]:
        return self.function(doc, options)

    def __call__(self, doc: Document, options: Mapping[str, Any] | None = None) -> list[Hit]:
        return list(self.function(doc, {**self.meta.options, **(options or {})}))


def _examples(items: Iterable[Any]) -> tuple[Example, ...]:
    return tuple(i if isinstance(i, Example) else Example(**i) if isinstance(i, dict) else Example(i)
                 for i in items)


def rule(
    code: str,
    name: str,
    summary: str,
    *,
    explanation: str = "",
    severity: str = "error",
    fix: str = "none",
    bad: Iterable[Any] = (),
    good: Iterable[Any] = (),
    options: Mapping[str, Any] | None = None,
    testable: bool = True,
    defers_to: Iterable[str] = (),
) -> Callable[[CheckFunction], FunctionCheck]:
    """Turn ``f(doc, options) -> Iterable[Hit]`` into a registered-able check.

    ``explanation`` follows ruff's sections: why it is bad, what to do instead,
    fix safety. Examples are strings or ``Example``s; both kinds run as tests.
    """

    def wrap(function: CheckFunction) -> FunctionCheck:
        meta = RuleMeta(
            code=code, name=name, summary=summary, explanation=explanation.strip(),
            severity=Severity.parse(severity), fix=fix, bad=_examples(bad), good=_examples(good),
            options=dict(options or {}), origin=f"{function.__module__}.{function.__qualname__}",
            testable=testable, defers_to=tuple(defers_to),
        )
        return FunctionCheck(meta, function)

    return wrap


_OPTION_TYPES = ((bool, "true or false"), (int, "an integer"), (float, "a number"), (str, "a string"),
                 (list, "a list"), (dict, "a table/mapping"))


def option_problem(meta: RuleMeta, name: str, value: Any) -> str | None:
    """Why ``value`` cannot be rule ``meta``'s option ``name``, or None if it can.

    An option takes the type of its default (bool, int, float, str, list, mapping);
    an integer is accepted for a float, a bool never for a number."""
    if name not in meta.options:
        return f"{meta.code} has no option {name!r} (known: {', '.join(sorted(meta.options)) or 'none'})"
    default = meta.options[name]
    for kind, described in _OPTION_TYPES:
        if isinstance(default, kind):
            break
    else:
        return None  # no default type to check against (None, or a plugin's own type)
    if isinstance(value, bool) != (kind is bool):
        ok = False
    elif kind is float:
        ok = isinstance(value, int) or isinstance(value, float) and math.isfinite(value)
        described = "a finite number"
    elif kind is dict:
        ok = isinstance(value, Mapping)
    else:
        ok = isinstance(value, kind)
    if ok and kind is list and default and value:  # elements like the default's
        first = default[0]
        ok = all(isinstance(v, type(first)) and isinstance(v, bool) == isinstance(first, bool) for v in value)
        described = f"a list of {type(first).__name__}"
    if ok:
        return None
    shown = repr(value) if not isinstance(value, (list, dict)) else f"a {type(value).__name__}"
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"{meta.code} option {name!r} must be {described} (default {default!r}), not {shown}"


def selector_matches(selector: str, meta: RuleMeta) -> bool:
    """``ALL``, a code (``NL101``), a code prefix (``NL1``), a name or a category."""
    s = selector.strip()
    if s.upper() == "ALL":
        return True
    if s[:2].upper() == "NL":
        return meta.code.startswith(s.upper())
    s = s.lower()  # names and categories are lower case; `Markup`, `AI-Leftover` mean the same
    return s == meta.name or s == meta.category


def is_known_selector(selector: str, metas: Iterable[RuleMeta]) -> bool:
    return any(selector_matches(selector, m) for m in metas)


def known_selectors(metas: Iterable[RuleMeta]) -> frozenset[str]:
    """Every code, name and category of ``metas``: what ``is_known_selector_in`` checks
    a selector against without the metadata itself (small enough to send to workers)."""
    return frozenset(x for m in metas for x in (m.code, m.name, m.category))


def is_known_selector_in(selector: str, known: frozenset[str]) -> bool:
    s = selector.strip()
    if s.upper() == "ALL":
        return True
    if s[:2].upper() == "NL":
        s = s.upper()
        return any(k.startswith(s) for k in known if k[:2] == "NL")
    return s.lower() in known
