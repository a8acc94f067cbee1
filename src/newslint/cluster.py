"""The engines a run can lint on (``--engine local | ray``; see ``Linter.results``)."""

from __future__ import annotations

ENGINES = ("local", "ray")


class EngineError(ValueError):
    """The engine cannot be used: Ray is not installed, or the cluster cannot be reached."""
