"""newslint's entry points (``newslint.checks``, ``newslint.reporters``) without
importing ``importlib.metadata`` on every start (~45 ms of a one-file run, more than the
lint itself): the list of entry points is kept in the user's cache (see ``cache.memo``),
valid while the ``entry_points.txt`` files of the installed distributions are the same
bytes and newslint's code is the same; anything else reads them again.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class EntryPoint:
    name: str
    value: str  # "module:attribute"
    group: str

    def load(self) -> Any:
        module, _, attrs = self.value.partition(":")
        obj: Any = importlib.import_module(module.strip())
        for attr in filter(None, attrs.strip().split(".")):
            obj = getattr(obj, attr)
        return obj


def entry_points(group: str) -> list[EntryPoint]:
    """The entry points of ``group`` (one of ``GROUPS``) of every installed
    distribution, in the order ``importlib.metadata`` gives them."""
    return [ep for ep in _all() if ep.group == group]


def _all() -> tuple[EntryPoint, ...]:
    from .cache import memo

    files = _entry_point_files()
    if files is None:  # an import path that is not a folder (a zip): no shortcut
        return _read()
    return memo("entry-points", files, _read, extra=os.pathsep.join(sys.path))


GROUPS = ("newslint.checks", "newslint.reporters")


def _read() -> tuple[EntryPoint, ...]:
    from importlib.metadata import entry_points as installed

    return tuple(EntryPoint(ep.name, ep.value, group) for group in GROUPS for ep in installed(group=group))


def _entry_point_files() -> list[Path] | None:
    """Every ``entry_points.txt`` of the distributions on the import path (what the
    list is made from), or None when the path holds something this cannot list."""
    found: list[Path] = []
    for entry in sys.path:
        folder = Path(entry or ".")
        try:
            if not folder.is_dir():
                if folder.exists():
                    return None
                continue
            with os.scandir(folder) as it:
                for d in it:
                    if d.name.endswith((".dist-info", ".egg-info")):
                        found.append(Path(d.path) / "entry_points.txt")
        except OSError:
            return None
    return found
