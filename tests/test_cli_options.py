"""Command-line details: --fix-only, --stdin-filename without '-', the
engine codes explained like rules, --force-exclude, and ``python -m``."""
from __future__ import annotations

import json
import runpy

import pytest

import textlint

NBSP, ZWSP = "\u00a0", "\u200b"
# S001 has a safe fix; H001 (a tag in plain text) only an unsafe one
DIRTY = f"Hello{NBSP}world.\nA <span>tag</span> here.\n"
FIXED = "Hello world.\nA <span>tag</span> here.\n"


def test_fix_only_fixes_reports_nothing_and_exits_zero(cli, project):
    (project / "a.txt").write_text(DIRTY, encoding="utf-8")
    result = cli("check", "--fix-only", "--no-cache", "a.txt", cwd=project)
    assert result.code == 0, result
    assert (project / "a.txt").read_text(encoding="utf-8") == FIXED
    assert "H001" not in result.out and "a.txt:" not in result.out
    assert "Fixed 1 problem" in result.out


def test_fix_only_with_exit_non_zero_on_fix_and_json(cli, project):
    (project / "a.txt").write_text(DIRTY, encoding="utf-8")
    result = cli("fix", "--fix-only", "--exit-non-zero-on-fix", "--format", "json", "a.txt", cwd=project)
    assert result.code == 1, result
    assert json.loads(result.out) == []
    again = cli("check", "--fix-only", "--exit-non-zero-on-fix", "a.txt", cwd=project)
    assert again.code == 0, again  # nothing left to fix; H001 is still not reported


def test_fix_only_reads_stdin_and_writes_the_fixed_text(cli, project):
    result = cli("check", "--fix-only", "-", stdin=DIRTY.encode())
    assert result.code == 0, result
    assert result.out == FIXED and "H001" not in result.err


def test_fix_only_still_reports_a_file_it_could_not_read(cli, project):
    (project / "a.txt").symlink_to(project / "missing.txt")
    result = cli("check", "--fix-only", "a.txt", cwd=project)
    assert result.code == 1 and "E902" in result.out, result


def test_fix_only_conflicts_with_diff(cli, project):
    result = cli("check", "--fix-only", "--diff", ".", cwd=project)
    assert result.code == 2 and result.err.startswith("textlint: "), result


def test_stdin_filename_alone_reads_stdin(cli, project):
    (project / "other.txt").write_text(f"x{NBSP}y\n", encoding="utf-8")
    markdown = f"```\nin{NBSP}code\n```\n\nText{NBSP}here.\n"
    result = cli("check", "--stdin-filename", "notes.md", "--format", "json", cwd=project, stdin=markdown.encode())
    assert result.code == 1, result
    found = [(item["path"], item["line"]) for item in json.loads(result.out)]
    assert found == [("notes.md", 5)]  # read as Markdown, and the folder is not linted


def test_stdin_filename_with_paths_lints_the_paths(cli, project):
    (project / "other.txt").write_text(f"x{NBSP}y\n", encoding="utf-8")
    result = cli("check", "--stdin-filename", "notes.md", "other.txt", cwd=project, stdin=b"clean\n")
    assert result.code == 1 and "other.txt:1:2" in result.out, result


@pytest.mark.parametrize("selector, heading", [
    ("E902", "# io-error (E902)"), ("io-error", "# io-error (E902)"), ("e901", "# bad-record (E901)"),
    ("E903", "# too-many-findings (E903)"),
])
def test_engine_codes_are_explained_like_rules(cli, selector, heading):
    result = cli("rule", selector)
    assert result.code == 0, result
    assert result.out.startswith(heading)
    assert "## What it does" in result.out and "## Example" in result.out


def test_each_rule_prints_its_options_once(cli):
    result = cli("rule", "--all")
    assert result.code == 0, result
    for section in result.out.split("\n# ")[1:]:
        assert section.count("## Options") <= 1, section.splitlines()[0]
    for code in ("D002", "D003"):
        assert cli("rule", code).out.count("## Options") == 1


def test_force_exclude_filters_paths_named_on_the_command_line(cli, project):
    (project / "textlint.toml").write_text('exclude = ["vendor/", "*.gen.md"]\n', encoding="utf-8")
    for name in ("vendor/deep/a.md", "b.gen.md", "c.md"):
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(f"x{NBSP}y\n", encoding="utf-8")
    named = ("vendor/deep/a.md", "b.gen.md", "c.md")
    plain = cli("check", "--no-cache", *named, cwd=project)
    assert plain.out.count("S001") == 3, plain  # named files are linted, as in ruff
    forced = cli("check", "--no-cache", "--force-exclude", *named, cwd=project)
    assert forced.code == 1 and forced.out.count("S001") == 1 and "c.md:1:2" in forced.out, forced
    nothing = cli("check", "--force-exclude", "vendor/deep/a.md", cwd=project)
    assert nothing.code == 0, nothing


def test_force_exclude_applies_to_the_stdin_filename(cli, project):
    (project / "textlint.toml").write_text('exclude = ["vendor/"]\n', encoding="utf-8")
    dirty = f"x{NBSP}y\n".encode()
    result = cli("fix", "--force-exclude", "--stdin-filename", "vendor/a.md", "-", cwd=project, stdin=dirty)
    assert result.code == 0, result
    assert result.stdout_bytes == dirty  # passed through untouched


def test_python_dash_m_runs_this_textlint(cli):
    result = cli("--version")
    assert result.code == 0 and result.out.strip() == f"textlint {textlint.__version__}", result


def test_importing_main_module_does_not_run_the_cli():
    # a spawned worker process imports the main module under another name
    namespace = runpy.run_module("textlint.__main__", run_name="__mp_main__")
    assert callable(namespace["main"])

