"""Files on disk -> FileResults: discovery, reading, progress. The only I/O layer."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Skipped:
    """A path met while walking that cannot be linted (a folder that cannot be
    listed): it is reported as NL901 on its own path, like an unreadable file, so a
    run never passes on files it never read."""

    path: Path
    reason: str


def discover_files(paths: Iterable[str], settings: Settings) -> list[Path | Skipped]:
    """Files to lint: named files as given, directories recursed for known extensions.

    A path named on the command line that does not exist is a usage error
    (``PathError``); a problem met while walking (a folder that cannot be listed) is
    returned as ``Skipped`` in its place and becomes a finding."""
    found: list[Path | Skipped] = []
    seen: set[str] = set()

    def unlistable(err: OSError) -> None:
        where = Path(err.filename) if err.filename is not None else path
        if str(where) not in seen:
            seen.add(str(where))
            found.append(Skipped(where, f"cannot read folder: {err.strerror or err}; its files were not linted"))

    for raw in paths:
        path = Path(raw)
        if not os.path.lexists(path):
            raise PathError(f"path does not exist: {raw}")
        if path.is_dir():
            for dirpath, dirnames, filenames in os.walk(path, onerror=unlistable):
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


class _NotRead(Exception):
    """The file was opened but deliberately not read (not a regular file, too large)."""


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _size(n: int) -> str:
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= factor:
            return f"{n / factor:g} {unit}"
    return f"{n} bytes"


def read_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes. Never blocks (a FIFO is
    opened with O_NONBLOCK, then refused) and never reads more than ``limit`` + 1
    bytes (``/dev/zero``, a file that grows while read). Raises ``OSError`` when the
    file cannot be opened or read, ``_NotRead`` with the reason when it is refused."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = next((name for test, name in _KINDS if test(st.st_mode)), "not a regular file")
            raise _NotRead(f"{kind}, not a regular file: not read")
        too_large = _NotRead(f"larger than the {_size(limit)} limit (max-file-size): not read; "
                             "raise max-file-size in the config or --max-file-size to lint it")
        if st.st_size > limit:  # known from its size: read nothing
            raise too_large
        chunks, total = [], 0
        while total <= limit:  # the size may be wrong (a file that grows, /proc): count
            chunk = os.read(fd, min(limit + 1 - total, max(st.st_size + 1, 1 << 16)))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise too_large
        return b"".join(chunks)
    finally:
        os.close(fd)


def _reason(path: Path, err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return "symbolic link loop"
    if path.is_symlink() and err.errno == errno.ENOENT:
        return "broken symbolic link"
    return err.strerror or str(err)


def lint_file(path: Path | Skipped, registry: Registry, settings: Settings, plans: dict) -> FileResult:
    label = display_path(path.path if isinstance(path, Skipped) else path)
    if settings.per_file_ignores:  # the active rules depend on the path
        plan = Plan.make(registry, settings, label)
    else:  # one plan for every file, made once
        plan = plans.get("") or plans.setdefault("", Plan.make(registry, settings))
    if isinstance(path, Skipped):
        return _unreadable(label, plan, path.reason)
    try:
        data = read_file(path, settings.max_file_size)
    except OSError as err:
        return _unreadable(label, plan, f"cannot read file: {_reason(path, err)}")
    except _NotRead as why:
        return _unreadable(label, plan, f"cannot lint file: {why}")
    return lint_source(label, data, plan, settings.language)


def _unreadable(label: str, plan: Plan, message: str) -> FileResult:
    result = FileResult(label, Document(label, "", "text"))
    f = plan.finding("NL901", Hit(Span(0, 0), message))
    if f is not None:
        result.file_findings.append(f)
    return result


def lint_paths(files: list[Path | Skipped], registry: Registry, settings: Settings, jobs: int = 1) -> Iterator[FileResult]:
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


def _lint_in_worker(path: Path | Skipped) -> FileResult:
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
