"""Every rule's own bad/good examples, run through the whole pipeline."""

from __future__ import annotations

import pytest

from newslint.engine import apply_fixes
from newslint.registry import Registry

from conftest import codes, lint_example

_REGISTRY = Registry.discover()
BAD = [pytest.param(c.meta, e, id=f"{c.meta.code}-bad-{i}") for c in _REGISTRY.checks for i, e in enumerate(c.meta.bad)]
GOOD = [pytest.param(c.meta, e, id=f"{c.meta.code}-good-{i}") for c in _REGISTRY.checks for i, e in enumerate(c.meta.good)]


def test_every_rule_has_examples():
    missing = [c.meta.code for c in _REGISTRY.checks if c.meta.testable and not (c.meta.bad and c.meta.good)]
    assert missing == []
    # No text can make a file unopenable, a rule crash or a fixed file unwritable: their tests are in
    # test_hostile.py, test_hostile_input.py and test_fixes.py. NL205 needs two articles: test_crossdoc.py.
    assert [c.meta.code for c in _REGISTRY.checks if not c.meta.testable] == ["NL205", "NL901", "NL906", "NL907"]


def test_every_rule_that_always_fixes_shows_a_fixed_example():
    missing = [c.meta.code for c in _REGISTRY.checks
               if c.meta.fix == "always" and not any(e.fixed is not None for e in c.meta.bad)]
    assert missing == []


@pytest.mark.parametrize("meta,example", BAD)
def test_bad_example_is_flagged(meta, example, registry):
    result = lint_example(example, registry)
    assert meta.code in codes(result), f"{meta.code} did not flag: {example.text!r}"
    if example.fixed is not None:
        doc_result = result.documents[0]
        fixes = [f.fix for f in doc_result.findings if f.code == meta.code and f.fix]
        assert fixes, f"{meta.code} has an expected fix but offered none"
        assert apply_fixes(doc_result.document.text, fixes, unsafe=True) == example.fixed


@pytest.mark.parametrize("meta,example", GOOD)
def test_good_example_is_clean(meta, example, registry):
    result = lint_example(example, registry)
    assert meta.code not in codes(result), f"{meta.code} fired on a good example: {example.text!r}"
