"""newslint: a fast, pluggable content-quality linter for ingested news."""

__version__ = "0.1.0"  # the one place: pyproject.toml reads it, releases are tagged v<this>
# Where the repository lives: the README's pre-commit snippet and the rule pages that
# SARIF's helpUri points at (docs/rules/<CODE>.md at the release tag) use it.
__repository__ = "https://example.invalid/your-mirror/newslint"

__all__ = ["__version__", "Linter", "lint_text"]


def __getattr__(name):  # keep `import newslint` cheap: load the engine on first use
    if name == "lint_text":
        from .engine import lint_text

        return lint_text
    if name == "Linter":
        from .linter import Linter

        return Linter
    raise AttributeError(name)
