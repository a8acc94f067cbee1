"""newslint: a fast, pluggable content-quality linter for ingested news."""

__version__ = "0.1.0"

__all__ = ["__version__", "Linter", "lint_text"]


def __getattr__(name):  # keep `import newslint` cheap: load the engine on first use
    if name == "lint_text":
        from .engine import lint_text

        return lint_text
    if name == "Linter":
        from .linter import Linter

        return Linter
    raise AttributeError(name)
