"""Files on disk: discovery, reading, fixing. The only I/O layer under ``linter``."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .config import Settings
from .engine import FileResult, Plan, lint_source, rewritable
from .readers import FORMATS
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
    plan = _plan(registry, settings, plans, label)
    if isinstance(path, Skipped):
        return _unreadable(label, plan, path.reason)
    try:
        data = read_file(path, settings.max_file_size)
    except OSError as err:
        return _unreadable(label, plan, f"cannot read file: {_reason(path, err)}")
    except _NotRead as why:
        return _unreadable(label, plan, f"cannot lint file: {why}")
    cache = plans.get("cache")  # newslint.cache.ResultCache, set by the Linter of a run that caches
    result = cache.get(label, data) if cache is not None else None
    if result is None:
        result = lint_source(label, data, plan, settings.language)
        if cache is not None:
            cache.put(label, data, result)
    return result


def _unreadable(label: str, plan: Plan, message: str) -> FileResult:
    result = FileResult(label, Document(label, "", "text"))
    f = plan.finding("NL901", Hit(Span(0, 0), message))
    if f is not None:
        result.file_findings.append(f)
    return result


def open_cache(settings: Settings, registry: Registry):
    """The result cache of a run (``--no-cache``: None); see newslint.cache."""
    if not settings.cache:
        return None
    from .cache import ResultCache

    return ResultCache.open(settings, registry)
_BOM = b"\xef\xbb\xbf"


def fix_file(path: Path, result: FileResult, registry: Registry, settings: Settings, plans: dict,
             unsafe: bool = False, *, data: bytes | None = None,
             preview: list[tuple[str, str]] | None = None) -> tuple[FileResult, int]:
    """Apply the safe (and with ``unsafe`` the unsafe) fixes to the file ``result``
    came from; return what is left to report and how many fixes were applied.

    Only a UTF-8 file whose text is what was linted (.txt, .md; see
    ``engine.rewritable``) is rewritten, its BOM and each line's ending kept. The
    file is read again and fixed to a fixed point (``fixes.fix_text``), then written
    atomically. When it cannot be written (read-only, disk full, changed meanwhile)
    or the fixes do not settle, it is left byte for byte as it was and the result
    carries an NL907 finding: the run goes on.

    ``data``: fix these bytes (standard input) rather than the file. ``preview`` (a
    list): write nothing, append the text before and after the fixes to it instead
    (``--diff``); the count returned is then of the fixes that would be applied."""
    from .atomic import write_atomic
    from .fixes import fix_text
    from .model import Applicability

    allowed = {Applicability.SAFE} | ({Applicability.UNSAFE} if unsafe else set())
    if not any(f.fix is not None and f.fix.applicability in allowed for _, f in result.all_findings()):
        return result, 0
    if len(result.documents) != 1 or result.file_findings or not rewritable(result.documents[0].document):
        return result, 0
    plan = _plan(registry, settings, plans, result.path)
    try:
        before = os.stat(path) if data is None else None
        raw = read_file(path, settings.max_file_size) if data is None else data
    except (OSError, _NotRead) as err:
        why = _reason(path, err) if isinstance(err, OSError) else str(err)
        return _not_written(result, plan, f"cannot read the file again to fix it: {why}"), 0
    bom = _BOM if raw.startswith(_BOM) else b""
    try:
        source = raw[len(bom):].decode("utf-8")
    except UnicodeDecodeError:  # not UTF-8 (UTF-16, or changed since): never re-encoded
        return lint_source(result.path, raw, plan, settings.language), 0

    def lint(text: str) -> FileResult:
        return lint_source(result.path, bom + text.encode("utf-8"), plan, settings.language)

    fixed = fix_text(source, lint, allowed)
    if fixed.text == source:
        return fixed.result, 0
    if not fixed.settled:
        return _not_written(lint(source), plan, f"fixes still changed the text after {fixed.passes} passes "
                                                "(please report it with the file); the file is unchanged"), 0
    if preview is not None or before is None:
        if preview is not None:
            preview.append((source, fixed.text))
        return fixed.result, fixed.fixes
    try:
        now = os.stat(path)
        if (now.st_dev, now.st_ino, now.st_size, now.st_mtime_ns) != (
                before.st_dev, before.st_ino, before.st_size, before.st_mtime_ns):
            return _not_written(lint(source), plan, "fix not written: the file changed while it was being fixed "
                                                    "(these findings are of the text read before; run --fix again)"), 0
        write_atomic(path, bom + fixed.text.encode("utf-8"))
    except OSError as err:
        return _not_written(lint(source), plan, f"fix not written: {err.strerror or err}; the file is unchanged"), 0
    return fixed.result, fixed.fixes


def _plan(registry: Registry, settings: Settings, plans: dict, label: str) -> Plan:
    if settings.per_file_ignores:  # the active rules depend on the path
        return Plan.make(registry, settings, label)
    return plans.get("") or plans.setdefault("", Plan.make(registry, settings))  # one plan, made once


def _not_written(result: FileResult, plan: Plan, message: str) -> FileResult:
    f = plan.finding("NL907", Hit(Span(0, 0), message))
    if f is not None:
        result.file_findings.append(f)
    return result
