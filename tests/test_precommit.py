"""The pre-commit hook, run for real with the pre-commit tool on a temporary repo."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS

PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.com", "HOME": str(cwd), "PATH": "/usr/bin:/bin"})


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the newslint git checkout for try-repo")
@pytest.mark.skipif(not Path(PRE_COMMIT).exists(), reason="pre-commit is not installed (pip install -e .[test])")
def test_pre_commit_try_repo(tmp_path):
    repo = tmp_path / "articles"
    repo.mkdir()
    git(repo, "init", "-q")
    seed = "003_3d066c6bd4fead19.txt"
    shutil.copy(SEEDS / seed, repo / seed)
    (repo / "clean.md").write_text("# Title\n\nA clean paragraph about the city council.\n", encoding="utf-8")
    git(repo, "add", ".")
    env = {"PRE_COMMIT_HOME": str(tmp_path / "cache"), "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
           "HOME": str(tmp_path), "GIT_CONFIG_GLOBAL": "/dev/null"}

    def hook(*files):
        return subprocess.run([PRE_COMMIT, "try-repo", str(ROOT), "newslint", "--files", *files],
                              cwd=repo, capture_output=True, text=True, env=env, timeout=900)

    bad = hook(seed)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "NL101" in bad.stdout and seed in bad.stdout
    good = hook("clean.md")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
