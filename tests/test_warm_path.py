"""A run served from the cache (issue 13): what it must not import or read,
and that the stat index it trusts never serves a result for other bytes."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from conftest import install_plugin, run_cli

NBSP = "\u00a0"


def _modules_after(code: str, cwd) -> set[str]:
    script = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    return set(proc.stdout.split())


def _rule_modules(modules: set[str]) -> set[str]:
    return {m for m in modules if m.startswith("textlint_rules.") or m in ("textlint.api", "textlint.fixes")}


_CHECK = (
    "from textlint.cli import main\n"
    "import contextlib, io\n"
    "with contextlib.redirect_stdout(io.StringIO()):\n"
    "    assert main(['check', {options}'.']) == 1\n"
)


def test_importing_the_cli_loads_no_rule_no_plugin_and_no_document(project):
    modules = _modules_after("import textlint.cli", project)
    assert _rule_modules(modules) == set()
    assert not {"textlint.registry", "textlint.runner", "textlint.config", "markdown_it", "ftfy"} & modules


def test_a_run_served_from_the_cache_imports_no_rule_module(project):
    (project / "a.md").write_text(f"# Title\n\nTwo{NBSP}words.\n", encoding="utf-8")
    (project / "b.txt").write_text("Clean prose.\n", encoding="utf-8")
    cold = _modules_after(_CHECK.format(options=""), project)
    assert {"textlint_rules.spaces", "textlint.api"} <= cold  # the cold run did lint
    warm = _modules_after(_CHECK.format(options=""), project)
    assert _rule_modules(warm) == set()
    assert "markdown_it" not in warm
    # and what it reports is what the cold run reported
    first = run_cli("check", "--no-cache", "--format", "json", ".", cwd=project)
    again = run_cli("check", "--format", "json", ".", cwd=project)
    assert (again.code, again.out) == (first.code, first.out)


def test_a_configured_severity_applies_to_cached_findings(project):
    (project / "a.txt").write_text(f"two{NBSP}words\n", encoding="utf-8")
    assert json.loads(run_cli("check", "--format", "json", "a.txt", cwd=project).out)[0]["severity"] == "warning"
    (project / "textlint.toml").write_text('[severity]\nS001 = "error"\n', encoding="utf-8")
    warm = run_cli("check", "--format", "json", "a.txt", cwd=project)
    assert json.loads(warm.out)[0]["severity"] == "error"


# -- the stat index, in process -------------------------------------------------------------------


@pytest.fixture
def trusting(monkeypatch, project):
    """The stat index trusting files changed a moment ago (as it trusts
    files left alone for a few seconds), and a counter of the files read."""
    from textlint import runner

    monkeypatch.chdir(project)
    monkeypatch.setattr(runner.ResultCache, "STAT_TRUST_AGE_NS", 0)
    reads: list[str] = []
    real = runner.read_bytes

    def counting(path):
        reads.append(path)
        return real(path)

    monkeypatch.setattr(runner, "read_bytes", counting)
    return reads


def _check(*paths: str):
    from textlint.runner import RunOptions, run

    return [(d.path, d.line, d.column, d.code, d.message) for r in run(list(paths), RunOptions()) for d in r.diagnostics]


def test_an_unchanged_file_is_served_without_being_read(trusting, project):
    (project / "a.txt").write_text(f"two{NBSP}words\n", encoding="utf-8")
    first = _check("a.txt")
    assert first and trusting.count("a.txt") >= 1
    trusting.clear()
    assert _check("a.txt") == first
    assert trusting == []


def test_new_bytes_of_the_same_size_and_mtime_are_read_again(trusting, project):
    path = project / "a.txt"
    path.write_text(f"two{NBSP}words!\n", encoding="utf-8")
    assert [d[3] for d in _check("a.txt")] == ["S001"]
    stat = path.stat()
    time.sleep(0.05)  # past the clock tick of the first write
    path.write_text("two\u200bwords\n", encoding="utf-8")  # another defect, the same length in bytes
    assert path.stat().st_size == stat.st_size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # cp -p, tar x: the old mtime
    trusting.clear()
    assert [d[3] for d in _check("a.txt")] == ["S002"]  # ctime moved: read and hashed
    assert trusting


def test_a_file_changed_just_before_its_stat_is_not_trusted(monkeypatch, project):
    from textlint import runner

    monkeypatch.chdir(project)
    (project / "a.txt").write_text(f"two{NBSP}words\n", encoding="utf-8")
    _check("a.txt")  # the default age: a file written a moment ago
    index = project / ".textlint_cache" / runner.__version__ / runner.ResultCache.STAT_INDEX
    assert not index.exists() or "a.txt" not in json.loads(index.read_text(encoding="utf-8"))


@pytest.mark.parametrize("damage", [b"", b"[", b'{"a.txt": [1, 2]}', b'{"a.txt": "x"}', b"\xff\xfe"])
def test_a_damaged_stat_index_is_a_miss(trusting, project, damage):
    from textlint import runner

    (project / "a.txt").write_text(f"two{NBSP}words\n", encoding="utf-8")
    first = _check("a.txt")
    index = project / ".textlint_cache" / runner.__version__ / runner.ResultCache.STAT_INDEX
    assert "a.txt" in json.loads(index.read_text(encoding="utf-8"))
    index.write_bytes(damage)
    assert _check("a.txt") == first


def test_a_stat_entry_for_another_key_or_line_count_is_a_miss(trusting, project):
    """An index entry naming lines the file does not have is damage: the file is linted again."""
    from textlint import runner

    (project / "a.txt").write_text(f"one\ntwo{NBSP}words\n", encoding="utf-8")
    first = _check("a.txt")
    index = project / ".textlint_cache" / runner.__version__ / runner.ResultCache.STAT_INDEX
    entries = json.loads(index.read_text(encoding="utf-8"))
    entries["a.txt"][7] = entries["a.txt"][8] = 0  # one line, says the index
    index.write_text(json.dumps(entries), encoding="utf-8")
    trusting.clear()
    assert _check("a.txt") == first
    assert "a.txt" in trusting


# -- the rule table -------------------------------------------------------------------------------


def test_the_stored_rule_table_resolves_as_the_loaded_plugins_do(project):
    script = (
        "from textlint import registry\n"
        "import sys, json\n"
        "stored = registry.rule_table()\n"
        "assert not any(m.startswith('textlint_rules.') for m in sys.modules), 'a rule module was imported'\n"
        "picks = [sorted(registry.select_rules(None)), sorted(registry.select_rules(['S', 'D003'], ['S001'])),\n"
        "         sorted(registry.resolve('ALL'))]\n"
        "registry.all_rules()\n"
        "loaded = registry.rule_table()\n"
        "again = [sorted(registry.select_rules(None)), sorted(registry.select_rules(['S', 'D003'], ['S001'])),\n"
        "         sorted(registry.resolve('ALL'))]\n"
        "print(json.dumps([stored == loaded, picks == again]))\n"
    )
    run_cli("check", "--no-cache", ".", cwd=project)  # the table is on disk
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [True, True]


def test_plugin_metadata_follows_a_plugin_module_edited_in_place(tmp_path, monkeypatch):
    from textlint import registry

    site = install_plugin(tmp_path / "site", "textlint_edited", "X = 1\n")
    module = site / "textlint_edited.py"
    monkeypatch.syspath_prepend(str(site))
    registry.plugin_metadata.cache_clear()
    try:
        before = registry.plugin_metadata()
        assert "textlint_edited=textlint-edited:0.1.0" in before
        module.write_text("X = 22\n", encoding="utf-8")  # the same version, edited
        registry.plugin_metadata.cache_clear()
        assert registry.plugin_metadata() != before
    finally:
        registry.plugin_metadata.cache_clear()


_WORKERS_REPORT = (
    "import sys\n"
    "from textlint import executors\n"
    "started = executors._start_worker\n"
    "def start(shared):\n"
    "    print('rules loaded' if 'textlint_rules.spaces' in sys.modules else 'rules missing', file=sys.stderr)\n"
    "    started(shared)\n"
    "executors._start_worker = start\n"
    "from textlint.cli import main\n"
    "import contextlib, io\n"
    "with contextlib.redirect_stdout(io.StringIO()):\n"
    "    main(['check', '--no-cache', '--jobs', '2', '.'])\n"
)


@pytest.mark.skipif(not __import__("textlint.executors").executors.forks(), reason="workers are forked only where the platform can")
def test_forked_workers_start_with_the_rules_loaded(project):
    """The parent loads the rules before forking: each worker importing them
    (and loading the plugins' entry points) on its own repeats that work."""
    for index in range(30):  # enough files for a pool
        (project / f"f{index}.txt").write_text(f"two{NBSP}words\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", _WORKERS_REPORT], capture_output=True, text=True, cwd=project)
    # the workers write at once: count the reports rather than read lines
    assert proc.stderr.count("rules loaded") >= 1 and "rules missing" not in proc.stderr, proc.stderr
