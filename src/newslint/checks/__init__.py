"""Built-in Python checks, one topic per module, plus the shipped YAML packs.

``builtin()`` is what the ``newslint.checks`` entry point named ``newslint``
returns: the registry loads built-in rules exactly as it loads a plugin's.
"""

from __future__ import annotations

from typing import Iterator

from ..rules import Check


def python_checks() -> Iterator[Check]:
    from . import assistant, dates, duplication, encoding, internal, language, markup

    for module in (internal, assistant, duplication, markup, dates, language, encoding):
        yield from module.CHECKS


def builtin() -> list[Check]:
    from ..packs import builtin_packs

    return [*python_checks(), *builtin_packs()]
