"""The run record (textlint.runrecord): a check whose inputs are all
unchanged prints the last report again; any change to what the report
depends on is a miss that lints as without it."""
from __future__ import annotations

import os
import time

import pytest

from conftest import run_cli
from textlint import runrecord

NBSP = "\u00a0"


@pytest.fixture
def here(project, monkeypatch):
    monkeypatch.chdir(project)
    for name in ("NO_COLOR", "FORCE_COLOR", "CI_PROJECT_DIR"):
        monkeypatch.delenv(name, raising=False)
    (project / "a.txt").write_text(f"two{NBSP}words\n", encoding="utf-8")
    (project / "b.md").write_text("# Clean\n\nProse.\n", encoding="utf-8")
    return project


def _check(capsys, *args: str) -> tuple[int, str]:
    from textlint.cli import main

    code = main(["check", *args])
    return code, capsys.readouterr().out


def _records(project) -> list[str]:
    return sorted(str(p) for p in (project / ".textlint_cache").glob(f"*/{runrecord.FOLDER}/*"))


def _nothing_linted_or_read_back(monkeypatch):
    """Make the run fail loudly if it reads a cached finding or lints a file."""
    from textlint import runner

    def refuse(*args, **kwargs):
        raise AssertionError("the report was not replayed")

    monkeypatch.setattr(runner.ResultCache, "get", refuse)
    monkeypatch.setattr(runner, "_lint_many", refuse)


def test_an_unchanged_tree_prints_the_recorded_report(here, capsys, monkeypatch):
    first = _check(capsys, ".")
    assert first[0] == 1 and "a.txt:1:4: S001" in first[1]
    assert len(_records(here)) == 1
    _nothing_linted_or_read_back(monkeypatch)
    assert _check(capsys, ".") == first


def test_a_clean_tree_replays_its_exit_status(here, capsys, monkeypatch):
    (here / "a.txt").write_text("two words\n", encoding="utf-8")
    first = _check(capsys, ".")
    assert first == (0, "All checks passed!\n")
    _nothing_linted_or_read_back(monkeypatch)
    assert _check(capsys, ".") == first


def test_new_bytes_under_the_old_size_and_mtime_are_linted(here, capsys):
    path = here / "a.txt"
    first = _check(capsys, "--format", "json", ".")
    stat = path.stat()
    time.sleep(0.05)
    path.write_text("two\u200bwords\n", encoding="utf-8")  # the same size in bytes
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    code, out = _check(capsys, "--format", "json", ".")
    assert code == 1 and '"S002"' in out and '"S001"' not in out and out != first[1]


def test_a_file_added_or_removed_changes_the_report(here, capsys):
    before = _check(capsys, ".")
    (here / "c.txt").write_text(f"three{NBSP}words\n", encoding="utf-8")
    added = _check(capsys, ".")
    assert "c.txt:1:6: S001" in added[1]
    (here / "c.txt").unlink()
    assert _check(capsys, ".") == before
    (here / "a.txt").unlink()
    assert _check(capsys, ".") == (0, "All checks passed!\n")


def test_the_command_line_and_the_environment_have_their_own_records(here, capsys, monkeypatch):
    plain = _check(capsys, ".")
    counted = _check(capsys, "--statistics", ".")
    assert "1  S001" in counted[1] and counted != plain
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = _check(capsys, ".")
    assert "\x1b[" in coloured[1]
    monkeypatch.delenv("FORCE_COLOR")
    assert _check(capsys, ".") == plain
    assert _check(capsys, "--exit-zero", ".")[0] == 0


# a configuration is read once a process: these go through the command line


def test_a_severity_configured_since_is_reported(here):
    assert '"severity": "warning"' in run_cli("check", "--format", "json", ".", cwd=here).out
    (here / "textlint.toml").write_text('[severity]\nS001 = "error"\n', encoding="utf-8")
    assert '"severity": "error"' in run_cli("check", "--format", "json", ".", cwd=here).out


def test_an_exclusion_configured_since_is_honoured(here):
    assert "a.txt" in run_cli("check", ".", cwd=here).out
    (here / "textlint.toml").write_text('exclude = ["a.txt"]\n', encoding="utf-8")
    again = run_cli("check", ".", cwd=here)
    assert (again.code, again.out) == (0, "All checks passed!\n")


@pytest.mark.parametrize("damage", [b"", b"textlint-run-record 1 1 00\nx", b"\xff\xfe", None])
def test_a_damaged_record_is_a_miss(here, capsys, damage):
    first = _check(capsys, ".")
    (record,) = _records(here)
    with open(record, "rb") as handle:
        kept = handle.read()
    if damage is None:  # the report changed, its checksum did not
        damage = kept.replace(b"S001", b"S002")
    with open(record, "wb") as handle:
        handle.write(damage)
    assert _check(capsys, ".") == first
    with open(record, "rb") as handle:
        assert handle.read() == kept  # written again whole


@pytest.mark.parametrize(
    "args",
    [("--no-cache", "."), ("--fix", "."), ("--diff", "."), ("--output-file", "report.txt", ".")],
    ids=["no-cache", "fix", "diff", "output-file"],
)
def test_only_a_plain_check_is_recorded(here, capsys, args):
    _check(capsys, *args)
    assert _records(here) == []


def test_only_the_newest_records_are_kept(here, capsys):
    for cap in range(1, runrecord.KEEP + 4):  # each cap another command line
        _check(capsys, "--max-findings-per-file", str(cap), ".")
    assert len(_records(here)) == runrecord.KEEP


def test_a_replayed_run_loads_no_document_no_report_format_and_no_rule(here):
    import subprocess
    import sys

    script = (
        "import contextlib, io, sys\n"
        "from textlint.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['check', '.']) == 1\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    run_cli("check", ".", cwd=here)  # the record is on disk (run_cli sets NO_COLOR, which the key holds)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=here,
                          env={**os.environ, "NO_COLOR": "1"})
    assert proc.returncode == 0, proc.stderr
    loaded = set(proc.stdout.split())
    assert not {"textlint.document", "textlint.api", "textlint.formats.text", "markdown_it", "ftfy"} & loaded
    assert not any(name.startswith("textlint_rules") for name in loaded)
