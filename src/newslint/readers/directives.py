"""Inline suppression comments: ``<!-- newslint: disable=NL101,NL2 -->``."""

from __future__ import annotations

import re

from ..model import Directive, Span

_BODY = re.compile(r"\s*newslint:\s*(disable-file|disable|enable)\s*(?:=\s*([\w\-, ]*?))?\s*$")
_COMMENT = re.compile(r"<!--(.{0,300}?)-->", re.S)


def parse_directive(comment_body: str) -> tuple[str, tuple[str, ...]] | None:
    if "newslint" not in comment_body:
        return None
    m = _BODY.match(comment_body)
    if not m:
        return None
    selectors = tuple(s.strip() for s in (m.group(2) or "").split(",") if s.strip())
    return m.group(1), selectors


def find_directives(text: str) -> tuple[Directive, ...]:
    """Directives in Markdown source (HTML comments are kept in the text)."""
    if "newslint" not in text:
        return ()
    found = []
    for m in _COMMENT.finditer(text):
        parsed = parse_directive(m.group(1))
        if parsed:
            found.append(Directive(parsed[0], parsed[1], Span(m.start(), m.end())))
    return tuple(found)
