from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from newslint.config import Settings
from newslint.engine import FileResult, Plan, lint_loaded
from newslint.readers import load
from newslint.registry import Registry
from newslint.rules import Example

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXT = {"txt": ".txt", "md": ".md", "markdown": ".md", "html": ".html", "jsonl": ".jsonl"}


@pytest.fixture(scope="session")
def registry() -> Registry:
    return Registry.discover()


def lint_example(example: Example, registry: Registry, settings: Settings | None = None) -> FileResult:
    """Lint an example exactly as a file of its format, with its metadata."""
    settings = settings or Settings()
    path = "example" + EXT[example.format]
    data = example.text.encode(example.encoding, errors="strict")
    loaded = load(path, data, example.lang)
    if example.meta:
        loaded.documents = [dataclasses.replace(d, meta={**d.meta, **example.meta}) for d in loaded.documents]
    return lint_loaded(loaded, Plan.make(registry, settings, path))


def lint_string(text: str, registry: Registry, fmt: str = "txt", lang: str | None = None, **meta) -> FileResult:
    return lint_example(Example(text, format=fmt, lang=lang, meta=meta), registry)


def codes(result: FileResult) -> list[str]:
    return [f.code for _, f in result.all_findings()]


def pytest_addoption(parser):
    parser.addoption("--update-snapshots", action="store_true", default=False,
                     help="rewrite tests/snapshots from the current output (review the diff!)")


@pytest.fixture(scope="session", autouse=True)
def _shipped_packs_read_once():
    """The shipped YAML packs are read-only data: read them once per test session, not
    once per CLI invocation (about 0.3 s each, most of the fast suite's time). Plugins and
    user pack folders are still loaded for real on every run."""
    from newslint import packs

    original = packs.builtin_packs
    loaded = tuple(original())

    def read_once():
        return loaded

    read_once.__wrapped__ = original  # for the tests of the pack cache itself
    patch = pytest.MonkeyPatch()
    patch.setattr(packs, "builtin_packs", read_once)
    yield
    patch.undo()
