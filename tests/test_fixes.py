"""Fixes (issue 10, items 1, 2, 5-9): written atomically or not at all, byte-exact outside
the edits (BOM, each line's own ending), idempotent, never creating a finding, never
rewriting a file whose linted text is not the file (HTML, JSONL)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from newslint.atomic import write_atomic

ROOT = Path(__file__).resolve().parent.parent


# -- write_atomic ----------------------------------------------------------------------

def _python(code: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_write_atomic_under_a_tiny_file_size_limit_leaves_the_original(tmp_path):
    """``prlimit --fsize=4096``: the write fails half-way; the original is untouched."""
    target = tmp_path / "a.txt"
    original = ("Un article de seize kilo-octets. " * 500).encode()
    target.write_bytes(original)
    done = _python(f"""
        import resource, sys
        from pathlib import Path
        from newslint.atomic import write_atomic
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        try:
            write_atomic(Path({str(target)!r}), b"x" * 16384)
        except OSError as err:
            print("refused", err.errno)
    """, tmp_path)
    assert done.stdout.startswith("refused"), done.stderr
    assert target.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # no temporary file left


def test_write_atomic_keeps_mode_and_replaces_a_symlinks_target(tmp_path):
    real = tmp_path / "real.txt"
    real.write_bytes(b"old")
    real.chmod(0o640)
    (tmp_path / "link.txt").symlink_to("real.txt")
    write_atomic(tmp_path / "link.txt", b"new")
    assert (tmp_path / "link.txt").is_symlink() and real.read_bytes() == b"new"
    assert real.stat().st_mode & 0o777 == 0o640


def test_write_atomic_refuses_a_read_only_file(tmp_path, monkeypatch):
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    target.chmod(0o444)
    if os.geteuid() == 0:  # root may write anything: simulate what a normal user gets
        monkeypatch.setattr(os, "access", lambda path, mode, **kw: False)
    with pytest.raises(PermissionError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
