"""Which engine lints a run (``--engine local | ray``) and the cross-document pass
(``--cross-document``): the one call the CLI makes to get its results."""

from __future__ import annotations

from typing import Iterator

ENGINES = ("local", "ray")


class EngineError(ValueError):
    pass


def results(files: list, registry, settings, jobs: int = 1, engine: str = "local", address: str | None = None,
            cross_document: bool = False) -> Iterator:
    """``(path, FileResult)`` in the order of ``files``, then ``(None, FileResult)`` for
    each cross-document finding (NL205) when that rule is on. Ray is imported and
    connected here, before any file is linted, so a missing extra or an unreachable
    cluster is an ``EngineError`` up front."""
    collector = None
    if cross_document or settings.cross_document:  # crossdoc is not imported otherwise (cold start)
        from .crossdoc import collector_for

        collector = collector_for(registry, settings, True)
    if engine == "local":
        from .runner import lint_paths

        items = zip(files, lint_paths(files, registry, settings, jobs))
        return items if collector is None else collector.wrap(items, registry, settings)
    if engine != "ray":
        raise EngineError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    try:
        from . import ray as on_ray
    except ImportError as err:
        raise EngineError(f"--engine ray needs Ray Data: pip install 'newslint[ray]' ({err})") from None
    try:
        on_ray.connect(address)
    except Exception as err:  # ConnectionError, a bad address, a version mismatch…
        raise EngineError(f"cannot start or reach Ray{f' at {address}' if address else ''}: "
                          f"{type(err).__name__}: {err}") from None
    return _ray_results(files, registry, settings, collector, on_ray)


def _ray_results(files, registry, settings, collector, on_ray) -> Iterator:
    yield from zip(files, on_ray.lint_paths(files, registry, settings, collector))
    if collector is not None:
        for result in collector.results(registry, settings, on_ray.bucket_on_ray):
            yield None, result
