"""The third-party plugin of DESIGN.md, exactly as written, through the real entry points.

The plugin lives in tests/fixtures/plugin with its own pyproject.toml.  The
test puts its distribution metadata on the path (a .dist-info folder with
entry_points.txt, which is what installing it would write) and drives the
command line in a subprocess.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, install_plugin, run_cli, with_plugins

PLUGIN = FIXTURES / "plugin"


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory) -> Path:
    source = (PLUGIN / "textlint_no_todo.py").read_text(encoding="utf-8")
    return install_plugin(tmp_path_factory.mktemp("site"), "textlint_no_todo", source)


def _cli(plugin_path, *args, cwd):
    return run_cli(*args, cwd=cwd, env=with_plugins(plugin_path))


def test_plugin_rule_is_listed(plugin_path, project):
    out = _cli(plugin_path, "rules", cwd=project).out
    assert "X100" in out and "no-todo" in out


def test_plugin_rule_reports_and_is_selected_and_ignored(plugin_path, project):
    (project / "a.txt").write_text("Write the intro. TODO\n", encoding="utf-8")
    # not in the default selection? It is: a plugin rule is on unless it says otherwise
    found = json.loads(_cli(plugin_path, "check", "--format", "json", "a.txt", cwd=project).out)
    assert [(f["code"], f["column"], f["fix"]["applicability"]) for f in found] == [("X100", 18, "unsafe")]
    assert _cli(plugin_path, "check", "--select", "X100", "a.txt", cwd=project).code == 1
    assert _cli(plugin_path, "check", "--ignore", "no-todo", "a.txt", cwd=project).code == 0
    assert _cli(plugin_path, "check", "--select", "S", "a.txt", cwd=project).code == 0


def test_plugin_unsafe_fix_applies_only_with_unsafe_fixes(plugin_path, project):
    path = project / "a.txt"
    path.write_text("Write the intro. TODO\n", encoding="utf-8")
    assert _cli(plugin_path, "fix", "a.txt", cwd=project).code == 1
    assert path.read_text(encoding="utf-8") == "Write the intro. TODO\n"
    assert _cli(plugin_path, "fix", "--unsafe-fixes", "a.txt", cwd=project).code == 0
    assert path.read_text(encoding="utf-8") == "Write the intro. \n"


def test_plugin_rule_explained(plugin_path, project):
    out = _cli(plugin_path, "rule", "X100", cwd=project).out
    assert "no-todo (X100)" in out and "TODO markers left in prose" in out
    assert "Fix: unsafe (every finding)." in out  # its declared fix_policy


@pytest.mark.parametrize("value, expected", [
    ("json", "json"),
    ("json:loads", "loads"),
    ("json.decoder:JSONDecoder.decode", "decode"),
    ("json : dumps [extra1, extra2]", "dumps"),
])
def test_an_entry_point_value_is_loaded_as_importlib_metadata_loads_it(value, expected):
    from importlib.metadata import EntryPoint

    from textlint.plugins import _load

    assert _load(value) is EntryPoint("x", value, "textlint").load()
    assert getattr(_load(value), "__name__", "").endswith(expected)


def test_a_process_loads_plugins_from_the_kept_entry_point_list(tmp_path):
    """Once the list is kept, no run walks every installed distribution's
    metadata again (pluggy's load_setuptools_entrypoints does, about 40 ms)."""
    import os
    import subprocess
    import sys

    site = install_plugin(tmp_path / "site", "textlint_kept", (PLUGIN / "textlint_no_todo.py").read_text(encoding="utf-8"))
    project = tmp_path / "project"  # the folder a run starts in is on sys.path: nothing else is made in it
    project.mkdir()
    # no bytecode written beside the plugin: that would change its folder's
    # time, which is part of the list's key (pip compiles it at install)
    env = dict(os.environ, **with_plugins(site), XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONDONTWRITEBYTECODE="1")
    run = "from textlint.cli import main\nsys.exit(main(['rule', 'X100']))\n"
    forbid = (
        "def walked(*args, **kwargs):\n"
        "    raise AssertionError('distributions walked')\n"
        "importlib.metadata.distributions = walked\n"
    )
    for script in ("import sys\n" + run, "import importlib.metadata, sys\n" + forbid + run):  # the same sys.path
        proc = subprocess.run([sys.executable, "-c", script], cwd=project, env=env, capture_output=True, text=True)
        assert proc.returncode == 0 and "X100" in proc.stdout, proc.stderr
