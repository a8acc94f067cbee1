"""Files on disk -> FileResults: discovery, reading, progress. The only I/O layer."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

from .config import Settings
from .engine import FileResult, Plan, lint_source
from .formats import FORMATS
from .model import Document, Hit, Span
from .registry import Registry

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".mypy_cache"}


class PathError(ValueError):
    pass


def discover_files(paths: Iterable[str], settings: Settings) -> list[Path]:
    """Files to lint: named files as given, directories recursed for known extensions."""
    found: list[Path] = []
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if not os.path.lexists(path):
            raise PathError(f"path does not exist: {raw}")
        if path.is_dir():
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS
                                     and not settings.excluded(Path(dirpath) / d))
                for name in sorted(filenames):
                    p = Path(dirpath) / name
                    if p.suffix.lower() in FORMATS and not settings.excluded(p):
                        if str(p) not in seen:
                            seen.add(str(p))
                            found.append(p)
        elif not settings.excluded(path) and str(path) not in seen:
            seen.add(str(path))
            found.append(path)
    return found


def display_path(path: Path) -> str:
    """The path as printable text, even when the file name is not valid UTF-8."""
    return path.as_posix().encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def lint_file(path: Path, registry: Registry, settings: Settings, plans: dict) -> FileResult:
    label = display_path(path)
    if settings.per_file_ignores:  # the active rules depend on the path
        plan = Plan.make(registry, settings, label)
    else:  # one plan for every file, made once
        plan = plans.get("") or plans.setdefault("", Plan.make(registry, settings))
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as err:
        reason = "broken symbolic link" if path.is_symlink() and not path.exists() else (err.strerror or str(err))
        result = FileResult(label, Document(label, "", "text"))
        f = plan.finding("NL901", Hit(Span(0, 0), f"cannot read file: {reason}"))
        if f is not None:
            result.file_findings.append(f)
        return result
    return lint_source(label, data, plan, settings.language)


def lint_paths(files: list[Path], registry: Registry, settings: Settings, jobs: int = 1) -> Iterator[FileResult]:
    """Results in the order of ``files``. With ``jobs`` > 1, files are linted in worker
    processes (the engine is a pure function of the file's bytes); each worker builds
    its own registry once, from the same settings."""
    if jobs <= 1 or len(files) < 2 * jobs:
        plans: dict = {}
        for path in files:
            yield lint_file(path, registry, settings, plans)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(settings,)) as pool:
        yield from pool.map(_lint_in_worker, files, chunksize=max(1, min(64, len(files) // (jobs * 8))))


_WORKER: dict = {}  # per worker process: its registry, settings and plans (never shared)


def _init_worker(settings: Settings) -> None:
    _WORKER.update(registry=Registry.discover(settings.packs), settings=settings, plans={})


def _lint_in_worker(path: Path) -> FileResult:
    result = lint_file(path, _WORKER["registry"], _WORKER["settings"], _WORKER["plans"])
    for d in result.documents:  # reporters need text and positions only: ship nothing else back
        object.__setattr__(d.document, "blocks", ())
        object.__setattr__(d.document, "_derived", {})
        object.__setattr__(d.document, "_folded", None)
        object.__setattr__(d.document, "_lines", None)
    return result


FIXABLE_FORMATS = ("text", "markdown")


def fix_file(path: Path, result: FileResult, unsafe: bool = False) -> int:
    """Apply the fixes of ``result`` to the file in place; return how many findings
    were fixed. Only .txt and .md files are rewritten (their text is the file's text);
    HTML and JSONL findings keep their fixes as suggestions. A file that was not valid
    UTF-8 is left alone rather than silently re-encoded; CRLF line ends are kept."""
    from .engine import apply_fixes
    from .model import Applicability

    if len(result.documents) != 1 or result.file_findings:
        return 0
    doc = result.documents[0].document
    if doc.format not in FIXABLE_FORMATS or doc.source_map is not None:
        return 0
    allowed = {Applicability.SAFE} | ({Applicability.UNSAFE} if unsafe else set())
    fixes = [f.fix for f in result.documents[0].findings if f.fix is not None and f.fix.applicability in allowed]
    if not fixes:
        return 0
    try:
        raw = path.read_bytes()
        original = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return 0
    if original.replace("\r\n", "\n") != doc.text:
        return 0  # the file changed since it was read
    fixed = apply_fixes(doc.text, fixes, unsafe=unsafe)
    if fixed == doc.text:
        return 0
    if "\r\n" in original:
        fixed = fixed.replace("\n", "\r\n")
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    path.write_bytes(bom + fixed.encode("utf-8"))
    return len(fixes)
