"""The result cache and the compiled-pack cache (newslint.cache): hits, misses,
invalidation, and that a broken or foreign cache never changes a run's output."""

import hashlib
import hmac
import json
import pickle
import shutil

import pytest
from click.testing import CliRunner

import newslint
from newslint import cache, runner
from newslint.cli import main
from newslint.packs import loosen

from conftest import SEEDS


@pytest.fixture
def run(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))  # a key of this test's own
    calls = []
    real = runner.lint_source

    def counting(label, *args, **kwargs):
        calls.append(label)
        return real(label, *args, **kwargs)

    monkeypatch.setattr(runner, "lint_source", counting)

    def invoke(*args):
        calls.clear()
        result = CliRunner().invoke(main, ["--format", "json", *args], catch_exceptions=False)
        return result, list(calls)

    return invoke


@pytest.fixture
def tree(tmp_path):
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def _entries(root):
    return sorted((root / ".newslint_cache").glob("*/*.bin"))


def test_second_run_reads_the_cache_and_says_the_same(run, tree, tmp_path):
    first, linted = run(str(tree))
    assert len(linted) == len(list(tree.iterdir())) > 0
    second, linted_again = run(str(tree))
    assert linted_again == []
    assert second.output == first.output and second.exit_code == first.exit_code == 1
    folder = tmp_path / ".newslint_cache"
    assert (folder / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (folder / ".gitignore").read_text().strip().endswith("*")


def test_a_changed_file_is_linted_again(run, tree):
    run(str(tree))
    target = sorted(tree.iterdir())[0]
    target.write_text(target.read_text(encoding="utf-8") + "\nWould you like me to shorten it?\n", encoding="utf-8")
    result, linted = run(str(tree))
    assert [p.rsplit("/", 1)[-1] for p in linted] == [target.name]
    codes = [f["code"] for f in json.loads(result.output)["files"][0]["findings"]]
    assert "NL101" in codes


def test_other_settings_are_a_miss(run, tree):
    full, _ = run(str(tree))
    narrow, linted = run("--select", "NL1", str(tree))
    assert len(linted) == len(list(tree.iterdir()))
    assert {f["code"][:3] for file in json.loads(narrow.output)["files"] for f in file["findings"]} == {"NL1"}
    again, linted = run(str(tree))  # the first settings' entries were replaced: linted afresh, same output
    assert again.output == full.output


def test_another_version_is_a_miss(run, tree, monkeypatch):
    run(str(tree))
    monkeypatch.setattr(newslint, "__version__", "99.0.0")
    cache.code_fingerprint.cache_clear()
    try:
        _, linted = run(str(tree))
    finally:
        cache.code_fingerprint.cache_clear()
    assert len(linted) == len(list(tree.iterdir()))


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "empty"])
def test_a_corrupt_entry_is_a_miss(run, tree, tmp_path, damage):
    first, _ = run(str(tree))
    for entry in _entries(tmp_path):
        blob = entry.read_bytes()
        entry.write_bytes({"garbage": b"\x00not a cache entry" * 3, "truncated": blob[: len(blob) // 2],
                           "flipped": blob[:-1] + bytes([blob[-1] ^ 1]), "empty": b""}[damage])
    second, linted = run(str(tree))
    assert second.output == first.output
    assert len(linted) == len(list(tree.iterdir()))
    _, linted = run(str(tree))  # rewritten whole
    assert linted == []


def test_an_entry_signed_by_someone_else_is_never_unpickled(run, tree, tmp_path):
    first, _ = run(str(tree))

    class Boom:
        def __reduce__(self):
            return (exec, ("raise SystemExit('unpickled a foreign entry')",))

    body = pickle.dumps(Boom())
    forged = b"NLCACHE1" + hmac.new(b"k" * 32, body, hashlib.sha256).digest() + body
    for entry in _entries(tmp_path):
        entry.write_bytes(forged)
    second, linted = run(str(tree))
    assert second.output == first.output and len(linted) == len(list(tree.iterdir()))


def test_an_unwritable_cache_folder_does_not_break_the_run(run, tree, tmp_path):
    expected, _ = run("--no-cache", str(tree))
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    result, _ = run("--cache-dir", str(blocker / "cache"), str(tree))  # cannot be made
    assert result.output == expected.output and result.exit_code == 1


def test_no_cache_writes_nothing_and_cache_dir_moves_it(run, tree, tmp_path):
    run("--no-cache", str(tree))
    assert not (tmp_path / ".newslint_cache").exists()
    run("--cache-dir", str(tmp_path / "elsewhere"), str(tree))
    assert list((tmp_path / "elsewhere").glob("*/*.bin")) and not (tmp_path / ".newslint_cache").exists()
    (tmp_path / "newslint.yaml").write_text("cache-dir: from-config\n")
    run(str(tree))
    assert list((tmp_path / "from-config").glob("*/*.bin"))


def test_fix_then_lint_reports_the_fixed_text(run, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Titre\n\nLe texte  &amp; la suite.\n", encoding="utf-8")
    before, _ = run(str(article))
    assert any(f["fix"] for f in json.loads(before.output)["files"][0]["findings"])
    run("--fix", str(article))
    assert "&amp;" not in article.read_text(encoding="utf-8")
    after, linted = run(str(article))
    assert linted == [str(article)] or linted == [article.as_posix()]  # new bytes: a miss
    assert after.output == run("--no-cache", str(article))[0].output


def test_pack_cache_survives_corruption(tmp_path, monkeypatch):
    from newslint.packs import builtin_pack_dir, builtin_packs, load_pack_dir

    builtin_packs = getattr(builtin_packs, "__wrapped__", builtin_packs)  # not the suite's read-once copy
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    fresh = [c.meta for c in load_pack_dir(builtin_pack_dir())]
    assert [c.meta for c in builtin_packs()] == fresh  # built and stored
    (entry,) = (tmp_path / "newslint" / "packs").glob("*.bin")
    assert [c.meta for c in builtin_packs()] == fresh  # read back
    entry.write_bytes(entry.read_bytes()[:100])
    assert [c.meta for c in builtin_packs()] == fresh  # rebuilt silently
    key = tmp_path / "newslint" / "key"
    key.chmod(0o644)  # a key others may read signs nothing: packs are built, not cached
    assert [c.meta for c in builtin_packs()] == fresh


@pytest.mark.parametrize("pattern, text", [
    (r"^home\s*(?:[>»/]\s*[^\n>»/]{1,60}){1,6}$", "home > news > world"),
    (r"[^\n]{0,8}sponsored", "paid: sponsored"),
    (r"a{2,3}b", "aab"),
    (r"[{1,2}]x", "2x"),
    (r"\{1,2\}", "{1,2}"),
])
def test_loosened_prefilter_pattern_matches_wherever_the_pattern_does(pattern, text):
    import re2

    assert re2.search(pattern, text) and re2.search(loosen(pattern), text)
    assert loosen(r"[{1,2}]x") == r"[{1,2}]x" and loosen(r"\{1,2\}") == r"\{1,2\}"


def test_a_cached_result_keeps_the_headline_for_the_report(run, tmp_path):
    article = tmp_path / "a.md"
    article.write_text("# Le conseil vote le budget\n\nLe texte  &amp; la suite.\n", encoding="utf-8")
    first, linted = run("--report", "r1", str(article))
    assert linted  # linted, then stored
    second, linted = run("--report", "r2", str(article))
    assert linted == []  # read back from the cache
    for folder in ("r1", "r2"):
        assert "Le conseil vote le budget" in (tmp_path / folder / "index.md").read_text(encoding="utf-8")


def test_start_up_entries_are_pruned_to_the_most_recently_used(tmp_path, monkeypatch):
    """Each newslint version or pack edit stores a compiled pack (megabytes): the user's
    cache keeps only the most recently used ones of each kind, not every one ever made."""
    import os

    from newslint import cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    sources = []
    for n in range(cache.MEMO_KEEP + 5):
        source = tmp_path / f"pack{n}.yaml"
        source.write_text(f"version {n}\n", encoding="utf-8")
        sources.append(source)
        assert cache.memo("packs", [source], lambda n=n: {"built": n}) == {"built": n}
        for entry in (tmp_path / "newslint" / "packs").glob("*.bin"):  # older than the next one
            os.utime(entry, (entry.stat().st_mtime - 1, entry.stat().st_mtime - 1))
    entries = list((tmp_path / "newslint" / "packs").glob("*.bin"))
    assert len(entries) == cache.MEMO_KEEP
    built = []
    assert cache.memo("packs", [sources[-1]], lambda: built.append(1) or {"built": -1}) == {"built": len(sources) - 1}
    assert built == []  # the newest is still there: read, not built again
