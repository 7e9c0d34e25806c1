"""The pre-commit hooks, driven by the real pre-commit package.

`pre-commit try-repo` installs this repository into its own environment the
way a user's `.pre-commit-config.yaml` would, then runs a hook on a dirty
file in a scratch git repository: the check hook fails, the fix hook fixes
and fails (files were modified), and both pass afterwards.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

pytest.importorskip("pre_commit")
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _try_repo(repo, hook, home):
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--files", "notes.md", "--color", "never"],
        cwd=repo, capture_output=True, text=True, env=env, timeout=900,
    )


def test_hooks_fail_fix_and_pass(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "t@example.com")
    _git(repo, "config", "user.name", "t")
    notes = repo / "notes.md"
    notes.write_text("Hello\u00a0world, and I\u200bhnen.\n", encoding="utf-8")
    _git(repo, "add", "notes.md")
    home = tmp_path / "pre-commit-home"

    check = _try_repo(repo, "textlint", home)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "S001" in check.stdout

    fix = _try_repo(repo, "textlint-fix", home)
    assert fix.returncode == 1, fix.stdout + fix.stderr  # files were modified by this hook
    assert notes.read_text(encoding="utf-8") == "Hello world, and Ihnen.\n"

    _git(repo, "add", "notes.md")
    again = _try_repo(repo, "textlint", home)
    assert again.returncode == 0, again.stdout + again.stderr
