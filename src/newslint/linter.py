"""One run's pipeline: a ``Linter`` built once from settings, and the stream
read -> lint -> fix/re-lint -> baseline -> emit that the command line, the worker
processes and library users share.

    from newslint import Linter
    linter = Linter()                      # settings and rules discovered once
    result = linter.lint("Titre\\n\\nTexte…")  # one text, bytes or Path -> FileResult
    for result in linter.lint_paths(["corpus/"], jobs=2):
        ...                                 # files (and parts of large JSONL files), in order

Results flow through once: each is handed to every sink (reporters, the report
writer, a baseline recorder) and then dropped, so memory stays flat however many
files a run has.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .config import Settings
from .corpus import Part, Whole, plan, read_part, weight
from .engine import FileResult, Plan, lint_loaded, lint_source
from .model import Applicability, Severity
from .registry import Registry


@dataclass(frozen=True)
class Stdin:
    """Text given on standard input, linted as if it were the file ``label``."""

    label: str
    data: bytes
    records: int = 1


@dataclass(frozen=True)
class Fixing:
    """The fix stage: which fixes (``unsafe`` too?) and whether files are written; when
    not (``--diff``), each change is handed to ``on_change(label, before, after)``."""

    unsafe: bool = False
    write: bool = True
    on_change: Callable[[str, str, str], None] | None = None


@dataclass
class Stats:
    """What a run counted, for the closing messages and the exit code."""

    files: int = 0
    records: int = 0
    records_with_findings: int = 0
    findings: int = 0
    worst: Severity | None = None
    fixed: int = 0  # fixes applied (or, without writing, that would be)
    fixed_files: int = 0
    unsafe_left: int = 0  # findings left with an unsafe fix not applied
    hidden: int = 0  # findings the baseline hid

    def add(self, result: FileResult) -> None:
        self.files += result.part == 0
        for d in result.documents:
            if d.document.record is not None:
                self.records += 1
                self.records_with_findings += bool(d.findings)
        self.add_findings(result)

    def add_findings(self, result: FileResult) -> None:
        """Count ``result``'s findings only (a cross-document copy found for a file
        counted already)."""
        for _, f in result.all_findings():
            self.findings += 1
            self.worst = f.severity if self.worst is None or f.severity > self.worst else self.worst
            self.unsafe_left += f.fix is not None and f.fix.applicability is Applicability.UNSAFE


class Linter:
    """The rules, plan and packs of one configuration, built once and reused for every
    file. Pure apart from reading the files it is given (and writing them with fixes)."""

    def __init__(self, settings: Settings | None = None, registry: Registry | None = None,
                 cache: bool = False, engine: str = "local", ray_address: str | None = None,
                 cross_document: bool = False) -> None:
        """``cache``: read and write the result cache (newslint.cache) for files on disk,
        as the command line does unless --no-cache; off for library use by default.
        ``engine``: ``"local"`` (this process and ``jobs`` workers) or ``"ray"`` (a Ray
        cluster at ``ray_address``, else ``RAY_ADDRESS``, else a local Ray).
        ``cross_document`` (or the setting): compare the articles of a run (NL205)."""
        from .cluster import ENGINES, EngineError

        self.settings = settings or Settings()
        self.registry = registry or Registry.discover(self.settings.packs)
        self.cache = cache
        if engine not in ENGINES:
            raise EngineError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
        self.engine, self.ray_address = engine, ray_address
        self.cross_document = cross_document or self.settings.cross_document
        self._plans: dict = {}
        self._parquet = None  # readers.parquet.Cursor: the Parquet file this process is reading, where it is
        if cache:
            from .runner import open_cache

            self._plans["cache"] = open_cache(self.settings, self.registry)

    # -- one source ----------------------------------------------------------------

    def plan(self, label: str) -> Plan:
        """The checks to run on the file ``label`` (made once unless per-file ignores apply)."""
        from .runner import _plan

        return _plan(self.registry, self.settings, self._plans, label)

    def lint(self, source: str | bytes | PathLike | Any, path: str | None = None) -> FileResult:
        """Lint one source: a text (``str``), a file's bytes (its format from ``path``'s
        extension, ``.txt`` by default), a file on disk (a ``Path``), or a task of a
        planned run (``tasks``)."""
        from .runner import Skipped, lint_file

        if isinstance(source, str):
            source = source.encode("utf-8")
        if isinstance(source, bytes):
            label = path or "<text>.txt"
            return lint_source(label, source, self.plan(label), self.settings.language)
        if isinstance(source, Stdin):
            return lint_source(source.label, source.data, self.plan(source.label), self.settings.language)
        if isinstance(source, Part):
            return self._lint_part(source)
        if isinstance(source, Whole):
            source = source.path
        if isinstance(source, PathLike) and not isinstance(source, Path):
            source = Path(source)
        if isinstance(source, (Path, Skipped)):
            return lint_file(source, self.registry, self.settings, self._plans)
        raise TypeError(f"cannot lint a {type(source).__name__}")

    def _lint_part(self, part: Part) -> FileResult:
        from .readers import format_of, load_records
        from .runner import _unreadable, display_path

        label = display_path(part.path)
        plan = self.plan(label)
        if format_of(label) == "parquet":
            from .readers.parquet import load_parquet

            if self._parquet is None:
                from .readers.parquet import Cursor

                self._parquet = Cursor()
            result = lint_loaded(load_parquet(label, part.path, self.settings.language, part.start, part.stop,
                                              self._parquet), plan)
            result.part, result.final = part.number, part.final
            return result
        try:
            data = read_part(part)
            data.decode("utf-8")  # checked when planned: a file changed since fails here
            if len(data) != part.stop - part.start:
                raise ValueError
        except (OSError, ValueError) as err:
            why = getattr(err, "strerror", None) or "the file changed while it was read"
            result = _unreadable(label, plan, f"cannot read records {part.first_index}-"
                                              f"{part.first_index + part.records - 1}: {why}")
        else:
            result = lint_loaded(load_records(label, data, self.settings.language, part.line_offset,
                                              part.first_index), plan)
        result.part, result.final = part.number, part.final
        return result

    # -- a run ----------------------------------------------------------------------

    def tasks(self, paths: Iterable[str]) -> list:
        """What a run over ``paths`` lints, in order: each file, a large JSONL file's
        parts (whole files on Ray, or when articles are compared across the run).
        Raises ``runner.PathError`` for a path that does not exist."""
        from .runner import discover_files

        files = discover_files(paths, self.settings)
        if self.engine != "local" or self.cross_document:
            return [Whole(f) if isinstance(f, Path) else f for f in files]
        return list(plan(files, self.settings.max_file_size))

    def results(self, tasks: list, jobs: int = 1, collector=None) -> Iterator[FileResult]:
        """Read and lint: one result per task, in order; with ``jobs`` > 1 in worker
        processes, each building its own ``Linter`` from the same settings. With a
        cross-document ``collector``, each result is signed (on Ray, by the cluster)."""
        if self.engine == "ray":
            yield from self._on_ray(tasks, collector)
            return
        if collector is not None:
            for result in self.results(tasks, jobs):
                collector.add(result)
                yield result
            return
        if jobs <= 1 or len(tasks) < 2 * jobs:  # too few to be worth starting workers
            for task in tasks:
                yield self.lint(task)
            return
        yield from _in_processes(self.settings, tasks, jobs, self.cache)

    def _on_ray(self, tasks: list, collector) -> Iterator[FileResult]:
        from .cluster import EngineError

        try:
            from . import ray as on_ray
        except ImportError as err:
            raise EngineError(f"--engine ray needs Ray Data: pip install 'newslint[ray]' ({err})") from None
        try:
            on_ray.connect(self.ray_address)
        except Exception as err:  # ConnectionError, a bad address, a version mismatch…
            where = f" at {self.ray_address}" if self.ray_address else ""
            raise EngineError(f"cannot start or reach Ray{where}: {type(err).__name__}: {err}") from None
        files = [t.path if isinstance(t, Whole) else t for t in tasks]
        yield from on_ray.lint_paths(files, self.registry, self.settings, collector)

    def stream(self, tasks: list, *, jobs: int = 1, fixing: Fixing | None = None, known=None,
               stats: Stats | None = None, collector=None) -> Iterator[tuple[Any, FileResult]]:
        """(task, result) after every stage: lint, fix and re-lint (``fixing``), drop
        what the baseline ``known`` holds; ``stats`` counts as it goes; a cross-document
        ``collector`` signs each result."""
        from .baseline import filter_result

        for task, result in zip(tasks, self.results(tasks, jobs, collector)):
            if fixing is not None and isinstance(task, (Whole, Stdin)):
                result = self._fix(task, result, fixing, stats)
            if known is not None:
                hidden = filter_result(result, known)
                if stats is not None:
                    stats.hidden += hidden
            if stats is not None:
                stats.add(result)
            yield task, result

    def _fix(self, task, result: FileResult, fixing: Fixing, stats: Stats | None) -> FileResult:
        from .runner import fix_file

        changes: list[tuple[str, str]] | None = None if fixing.write else []
        data = task.data if isinstance(task, Stdin) else None
        result, n = fix_file(task.path if isinstance(task, Whole) else Path(task.label), result, self.registry,
                             self.settings, self._plans, unsafe=fixing.unsafe, data=data, preview=changes)
        if n and stats is not None:
            stats.fixed, stats.fixed_files = stats.fixed + n, stats.fixed_files + 1
        if changes and fixing.on_change is not None:
            fixing.on_change(result.path, *changes[0])
        return result

    def run(self, tasks: list, sinks: Iterable, *, jobs: int = 1, fixing: Fixing | None = None, known=None,
            progress=None, after_each: Callable[[], None] | None = None) -> Stats:
        """The whole pipeline: every result goes to each sink's ``file`` as soon as it
        is ready (then is dropped); each sink's ``finish`` at the end. A cross-document
        run holds its results until the copies are known (``_with_copies``)."""
        sinks = list(sinks)
        stats = Stats()
        collector = None
        if self.cross_document:
            from .crossdoc import collector_for

            collector = collector_for(self.registry, self.settings, True)  # None: NL205 not selected
        pairs = self.stream(tasks, jobs=jobs, fixing=fixing, known=known, stats=stats, collector=collector)
        if collector is not None:
            pairs = self._with_copies(pairs, collector, known, stats, progress)
        for task, result in pairs:
            for sink in sinks:
                sink.file(result)
            if after_each is not None:
                after_each()
            if progress is not None and task is not None:
                progress.advance(weight(task))
            del result
        for sink in sinks:
            sink.finish()
        return stats

    def _with_copies(self, pairs, collector, known, stats: Stats, progress) -> Iterator[tuple[Any, FileResult]]:
        """The cross-document stage (NL205): each result is held as it comes (a copy is
        reported on the later file, known only at the end), then the copies found are
        folded into their files' results: one result per file for every sink. Memory
        grows with the run here, by the results held."""
        from .baseline import filter_result
        from .crossdoc import fold

        held: list[FileResult] = []
        for task, result in pairs:
            held.append(result)
            if progress is not None:
                progress.advance(weight(task))
        bucketer = None
        if self.engine == "ray":
            from . import ray as on_ray

            bucketer = on_ray.bucket_on_ray
        copies: dict[str, list[FileResult]] = {}
        for add in collector.results(self.registry, self.settings, bucketer):
            if known is not None:
                stats.hidden += filter_result(add, known)
            stats.add_findings(add)
            copies.setdefault(add.path, []).append(add)
        for result in held:
            for add in copies.pop(result.path, ()):
                result = fold(result, add)
            yield None, result

    def lint_paths(self, paths: Iterable[str], jobs: int = 1) -> Iterator[FileResult]:
        """Every result of linting ``paths`` (files and folders), in order."""
        for _, result in self.stream(self.tasks(paths), jobs=jobs):
            yield result


# -- worker processes ---------------------------------------------------------------

_WORKER: list[Linter] = []  # the Linter of this worker process (never shared)


def _init_worker(settings: Settings, cache: bool = False) -> None:
    _WORKER[:] = [Linter(settings, cache=cache)]


def _lint_batch(tasks: list) -> list[FileResult]:
    results = [_WORKER[0].lint(t) for t in tasks]
    for r in results:  # reporters need text and positions: blocks stay here (caches never travel)
        for d in r.documents:
            object.__setattr__(d.document, "blocks", ())
    return results


def _batches(tasks: list, jobs: int) -> Iterator[list]:
    """Tasks grouped so that each batch holds about ``size`` articles: many small
    files go together, a part of a large JSONL file (already dozens of records) alone."""
    total = sum(weight(t) for t in tasks)
    size = max(1, min(64, total // (jobs * 8)))
    batch: list = []
    n = 0
    for t in tasks:
        batch.append(t)
        n += weight(t)
        if n >= size:
            yield batch
            batch, n = [], 0
    if batch:
        yield batch


def _in_processes(settings: Settings, tasks: list, jobs: int, cache: bool = False) -> Iterator[FileResult]:
    """Results in task order from ``jobs`` worker processes, with a few batches in
    flight per worker: results never pile up far ahead of the consumer."""
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(settings, cache))
    try:
        batches = _batches(tasks, jobs)
        window: deque = deque()
        for batch in batches:
            window.append(pool.submit(_lint_batch, batch))
            if len(window) >= 2 * jobs:
                break
        while window:
            done = window.popleft().result()
            batch = next(batches, None)
            if batch is not None:
                window.append(pool.submit(_lint_batch, batch))
            yield from done
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


__all__ = ["Linter", "Fixing", "Stats", "Stdin"]
