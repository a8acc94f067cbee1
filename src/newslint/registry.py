"""The set of known rules, built from entry points as a value (no globals).

Plugins register on the entry-point group ``newslint.checks``; an entry point
may name a Check, an iterable of Checks, a module with ``CHECKS``, or a callable
returning any of those. newslint's own rules come in through the same group.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Iterable, Iterator

from .rules import Check, RuleMeta

GROUP = "newslint.checks"


class RegistryError(ValueError):
    """Two rules share a code or a name, or a plugin could not be loaded."""


def _expand(obj: Any, origin: str) -> Iterator[Check]:
    if isinstance(obj, ModuleType):
        obj = getattr(obj, "CHECKS", None)
        if obj is None:
            raise RegistryError(f"{origin}: module has no CHECKS")
    if callable(obj) and not hasattr(obj, "meta"):
        obj = obj()
    if hasattr(obj, "meta") and hasattr(obj, "check"):
        yield obj
        return
    try:
        items = list(obj)
    except TypeError:
        raise RegistryError(f"{origin}: expected a check or a list of checks, got {type(obj).__name__}") from None
    for item in items:
        if not (hasattr(item, "meta") and hasattr(item, "check")):
            raise RegistryError(f"{origin}: {item!r} is not a check (needs .meta and .check)")
        yield item


@dataclass(frozen=True)
class Registry:
    checks: tuple[Check, ...]
    by_code: dict[str, Check] = field(init=False, repr=False)
    by_name: dict[str, Check] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_code: dict[str, Check] = {}
        by_name: dict[str, Check] = {}
        for check in self.checks:
            meta = check.meta
            for key, table, what in ((meta.code, by_code, "code"), (meta.name, by_name, "name")):
                other = table.get(key)
                if other is not None:
                    raise RegistryError(
                        f"rule {what} {key!r} is defined twice: by {other.meta.origin} and by {meta.origin}")
                table[key] = check
        object.__setattr__(self, "by_code", by_code)
        object.__setattr__(self, "by_name", by_name)

    @classmethod
    def build(cls, sources: Iterable[tuple[str, Any]]) -> "Registry":
        checks: list[Check] = []
        for origin, obj in sources:
            checks.extend(_expand(obj, origin))
        return cls(tuple(sorted(checks, key=lambda c: c.meta.code)))

    @classmethod
    def discover(cls, pack_dirs: Iterable[Path] = ()) -> "Registry":
        """Built-in rules and plugins from entry points, plus local pack folders."""
        from .plugins import entry_points

        from .packs import load_pack_dir

        sources: list[tuple[str, Any]] = []
        builtin_seen = False
        for ep in entry_points(group=GROUP):
            origin = f"entry point {ep.name!r} ({ep.value})"
            try:
                obj = ep.load()
            except Exception as err:  # a broken plugin must not crash newslint
                raise RegistryError(f"{origin}: cannot be loaded: {err}") from None
            builtin_seen |= ep.value.startswith("newslint.checks:")
            sources.append((origin, obj))
        if not builtin_seen:  # running from a source tree without installed metadata
            from .checks import builtin

            sources.insert(0, ("newslint.checks:builtin", builtin))
        for folder in pack_dirs:
            sources.append((f"pack folder {folder}", load_pack_dir(Path(folder))))
        return cls.build(sources)

    @property
    def metas(self) -> list[RuleMeta]:
        return [c.meta for c in self.checks]

    def get(self, key: str) -> Check | None:
        return self.by_code.get(key.upper()) or self.by_name.get(key)
