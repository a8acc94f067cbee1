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


@pytest.mark.slow
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


def readme_snippet() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("### pre-commit\n", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]


def test_readme_snippet_names_this_release_and_repository():
    """The snippet's rev is the release tag of the one version (src/newslint/__init__.py,
    which pyproject.toml reads), and its repo the one repository URL."""
    import re

    from newslint import __repository__, __version__

    snippet = readme_snippet()
    assert re.search(rf"^\s+rev: v{re.escape(__version__)}$", snippet, re.M), snippet
    assert re.search(rf"^\s+- repo: {re.escape(__repository__)}(\s|$)", snippet, re.M), snippet
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject and 'path = "src/newslint/__init__.py"' in pyproject


@pytest.mark.slow
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the newslint git checkout to clone")
@pytest.mark.skipif(not Path(PRE_COMMIT).exists(), reason="pre-commit is not installed (pip install -e .[test])")
def test_readme_snippet_runs_with_pre_commit(tmp_path):
    """The README's exact snippet, with only the repository URL pointed at a local clone
    of this checkout. The clone has the tag the snippet names: the real one when this
    checkout has it, else made at HEAD as the release step in the README does."""
    from newslint import __repository__

    snippet = readme_snippet()
    rev = next(line.split(":", 1)[1].strip() for line in snippet.splitlines() if line.strip().startswith("rev:"))
    clone = tmp_path / "newslint"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(clone)], check=True, capture_output=True)
    if subprocess.run(["git", "rev-parse", "-q", "--verify", f"refs/tags/{rev}"], cwd=clone,
                      capture_output=True).returncode != 0:
        git(clone, "tag", rev)
    repo = tmp_path / "articles"
    repo.mkdir()
    git(repo, "init", "-q")
    seed = "003_3d066c6bd4fead19.txt"
    shutil.copy(SEEDS / seed, repo / seed)
    (repo / "clean.md").write_text("# Title\n\nA clean paragraph about the city council.\n", encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text(snippet.replace(__repository__, str(clone)), encoding="utf-8")
    git(repo, "add", ".")
    env = {"PRE_COMMIT_HOME": str(tmp_path / "cache"), "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
           "HOME": str(tmp_path), "GIT_CONFIG_GLOBAL": "/dev/null"}

    def hook(*files):
        return subprocess.run([PRE_COMMIT, "run", "--files", *files], cwd=repo, capture_output=True, text=True,
                              env=env, timeout=900)

    bad = hook(seed)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "NL101" in bad.stdout and seed in bad.stdout
    good = hook("clean.md")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
