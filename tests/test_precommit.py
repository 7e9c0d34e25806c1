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


def _readme_local_config() -> str:
    """The README's ``repo: local`` configuration, as a user would copy it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = readme.split("```yaml\n")[1:]
    local = [block.split("```")[0] for block in blocks if "repo: local" in block]
    assert len(local) == 1, "the README shows one repo: local configuration"
    return local[0]


def _shim_textlint(folder):
    """A `textlint` on PATH that runs the code under test (language: system
    runs whatever `textlint` the PATH finds)."""
    folder.mkdir()
    shim = folder / "textlint"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m textlint "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    return folder


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell shim stands in for the console script")
def test_readme_local_hook_with_force_exclude(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(_readme_local_config(), encoding="utf-8")
    (repo / "textlint.toml").write_text('exclude = ["vendor/"]\n', encoding="utf-8")
    (repo / "vendor").mkdir()
    for name in ("notes.md", "other.md", "vendor/copied.md"):
        (repo / name).write_text("Hello\u00a0world.\n", encoding="utf-8")
    _git(repo, "add", ".")
    env = {
        **os.environ, "PRE_COMMIT_HOME": str(tmp_path / "home"), "NO_COLOR": "1",
        "PATH": f"{_shim_textlint(tmp_path / 'bin')}{os.pathsep}{os.environ['PATH']}",
    }

    def run(*files):
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--color", "never", "--files", *files],
            cwd=repo, capture_output=True, text=True, env=env, timeout=600,
        )

    found = run("notes.md", "other.md", "vendor/copied.md")
    assert found.returncode == 1, found.stdout + found.stderr
    assert "notes.md:1:6: S001" in found.stdout and "other.md:1:6: S001" in found.stdout
    assert "vendor/copied.md" not in found.stdout  # excluded by textlint.toml though named
    assert found.stdout.count("Found 2 problems") == 1  # one run, one summary
    excluded = run("vendor/copied.md")
    assert excluded.returncode == 0, excluded.stdout + excluded.stderr


def test_published_hooks_force_exclude_and_run_serially():
    import yaml  # pre-commit's own dependency

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {hook["id"] for hook in hooks} == {"textlint", "textlint-fix"}
    for hook in hooks:
        assert "--force-exclude" in hook["entry"].split()
        assert hook["require_serial"] is True
