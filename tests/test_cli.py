"""The command line end to end, through a subprocess, as a user runs it."""
from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from conftest import SEED

NBSP, ZWSP = "\u00a0", "\u200b"
DIRTY = f"Hello{NBSP}world and I{ZWSP}hnen.\n"


def test_clean_file_exits_zero(cli, project):
    (project / "a.txt").write_text("All good here.\n", encoding="utf-8")
    result = cli("check", "a.txt", cwd=project)
    assert result.code == 0, result
    assert "All checks passed!" in result.out


def test_findings_exit_one_with_location_source_and_caret(cli, project):
    (project / "a.txt").write_text("line one\n" + DIRTY, encoding="utf-8")
    result = cli("check", "a.txt", cwd=project)
    assert result.code == 1, result
    assert "a.txt:2:6: S001 " in result.out
    assert "U+00A0 NO-BREAK SPACE" in result.out
    assert "  2 | Hello·world and I¤hnen." in result.out
    assert "    |      ^\n" in result.out
    assert "Found 2 problems. 2 fixable with --fix." in result.out
    assert "\x1b[" not in result.out  # NO_COLOR is set by the fixture


def test_caret_is_aligned_under_wide_characters(cli, project):
    (project / "a.txt").write_text(f"中文中文{NBSP}text\n", encoding="utf-8")
    result = cli("check", "a.txt", cwd=project)
    lines = result.out.splitlines()
    source = next(line for line in lines if line.startswith("  1 | "))
    caret = lines[lines.index(source) + 1]
    assert caret.index("^") == len("  1 | ") + 8  # four CJK characters are eight columns


def test_colour_only_when_forced_and_never_with_no_color(cli, project):
    (project / "a.txt").write_text(DIRTY, encoding="utf-8")
    assert "\x1b[" in cli("check", "a.txt", cwd=project, env={"NO_COLOR": "", "FORCE_COLOR": "1"}).out
    assert "\x1b[" not in cli("check", "a.txt", cwd=project, env={"NO_COLOR": "1", "FORCE_COLOR": "1"}).out


def test_json_output_follows_the_contract(cli, project):
    (project / "a.txt").write_text(DIRTY, encoding="utf-8")
    result = cli("check", "--format", "json", "a.txt", cwd=project)
    items = json.loads(result.out)
    assert [item["code"] for item in items] == ["S001", "S002"]
    first = items[0]
    assert first == {
        "path": "a.txt", "line": 1, "column": 6, "end_line": 1, "end_column": 7,
        "code": "S001", "rule": "stray-nbsp", "severity": "warning",
        "message": first["message"],
        "fix": {"applicability": "safe", "message": "Replace with a space",
                "edits": [{"line": 1, "column": 6, "end_line": 1, "end_column": 7, "content": " "}]},
    }


def test_github_format(cli, project):
    (project / "a.txt").write_text(DIRTY, encoding="utf-8")
    out = cli("check", "--format", "github", "a.txt", cwd=project).out
    assert out.startswith("::warning title=textlint (S001),file=a.txt,line=1,col=6,endLine=1,endColumn=7::S001 ")


def test_fix_writes_safely_and_keeps_crlf_bom_and_mode(cli, project):
    path = project / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + DIRTY.replace("\n", "\r\n").encode() + b"second\r\n")
    os.chmod(path, 0o640)
    result = cli("fix", "a.txt", cwd=project)
    assert result.code == 0, result
    assert path.read_bytes() == b"\xef\xbb\xbfHello world and Ihnen.\r\nsecond\r\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert "Fixed 2 problems." in result.out
    assert not [p for p in os.listdir(project) if p.startswith(".textlint-")]  # no temporary left
    again = cli("fix", "a.txt", cwd=project)
    assert again.code == 0 and path.read_bytes().startswith(b"\xef\xbb\xbfHello world")


def test_check_fix_and_exit_non_zero_on_fix(cli, project):
    (project / "a.txt").write_text(DIRTY, encoding="utf-8")
    result = cli("check", "--fix", "--exit-non-zero-on-fix", "a.txt", cwd=project)
    assert result.code == 1
    assert (project / "a.txt").read_text(encoding="utf-8") == "Hello world and Ihnen.\n"


def test_unsafe_fixes_only_when_asked(cli, project):
    path = project / "a.txt"
    path.write_text("access\u202e level\n", encoding="utf-8")
    assert cli("fix", "a.txt", cwd=project).code == 1
    assert "\u202e" in path.read_text(encoding="utf-8")
    assert cli("fix", "--unsafe-fixes", "a.txt", cwd=project).code == 0
    assert path.read_text(encoding="utf-8") == "access level\n"


def test_unsafe_fixes_from_configuration(cli, project):
    (project / "textlint.toml").write_text("unsafe-fixes = true\n", encoding="utf-8")
    path = project / "a.txt"
    path.write_text("access\u202e level\n", encoding="utf-8")
    assert cli("fix", "a.txt", cwd=project).code == 0
    assert path.read_text(encoding="utf-8") == "access level\n"


def test_diff_writes_nothing(cli, project):
    path = project / "a.txt"
    path.write_text(DIRTY, encoding="utf-8")
    result = cli("check", "--diff", "a.txt", cwd=project)
    assert result.code == 1
    assert "--- a/a.txt" in result.out and "+Hello world and Ihnen." in result.out
    assert path.read_text(encoding="utf-8") == DIRTY
    path.write_text("clean\n", encoding="utf-8")
    assert cli("check", "--diff", "a.txt", cwd=project).code == 0


def test_stdin(cli, project):
    result = cli("check", "-", "--stdin-filename", "notes.md", cwd=project, stdin=DIRTY.encode())
    assert result.code == 1 and "notes.md:1:6: S001" in result.out
    fixed = cli("fix", "-", cwd=project, stdin=DIRTY.encode())
    assert fixed.stdout_bytes == b"Hello world and Ihnen.\n"


def test_select_ignore_and_exit_zero(cli, project):
    (project / "a.txt").write_text(DIRTY, encoding="utf-8")
    assert "S002" not in cli("check", "--select", "S001", "a.txt", cwd=project).out
    assert "S001" not in cli("check", "--ignore", "stray-nbsp", "a.txt", cwd=project).out
    assert cli("check", "--exit-zero", "a.txt", cwd=project).code == 0
    bad = cli("check", "--select", "Q999", "a.txt", cwd=project)
    assert bad.code == 2 and "Q999" in bad.err and "Traceback" not in bad.err


def test_statistics_and_quiet(cli, project):
    (project / "a.txt").write_text(DIRTY, encoding="utf-8")
    stats = cli("check", "--statistics", "a.txt", cwd=project).out
    assert "     1  S001" in stats
    quiet = cli("check", "--quiet", "a.txt", cwd=project).out
    assert "Found" not in quiet and "S001" in quiet


def test_walks_folders_honouring_gitignore_and_skipping_vendor_folders(cli, project):
    (project / ".git").mkdir()
    (project / ".gitignore").write_text("ignored/\n*.skip.md\n", encoding="utf-8")
    for name in ["docs/a.md", "docs/b.txt", "ignored/c.txt", "docs/d.skip.md", "node_modules/e.md",
                 ".venv/f.txt", "docs/g.tex", "docs/h.mdx"]:
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(DIRTY, encoding="utf-8")
    (project / "env").mkdir()
    (project / "env" / "pyvenv.cfg").write_text("home = /usr\n", encoding="utf-8")
    (project / "env" / "i.txt").write_text(DIRTY, encoding="utf-8")
    items = json.loads(cli("check", "--format", "json", ".", cwd=project).out)
    assert sorted({item["path"] for item in items}) == ["docs/a.md", "docs/b.txt", "docs/h.mdx"]


def test_include_and_exclude(cli, project):
    (project / "textlint.toml").write_text('include = ["*.rst"]\nexclude = ["skip/"]\n', encoding="utf-8")
    for name in ["a.rst", "b.txt", "skip/c.rst"]:
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(DIRTY, encoding="utf-8")
    items = json.loads(cli("check", "--format", "json", ".", cwd=project).out)
    assert {item["path"] for item in items} == {"a.rst"}


def test_markdown_code_is_not_prose(cli, project):
    (project / "a.md").write_text(f"Prose.\n\n```\ncode{NBSP}here\n```\n\nUse `x{NBSP}y`.\n", encoding="utf-8")
    assert cli("check", "a.md", cwd=project).code == 0


def test_per_file_ignores_for_plain_text(cli, project):
    (project / "textlint.toml").write_text('[per-file-ignores]\n"legacy/*" = ["S001"]\n', encoding="utf-8")
    (project / "legacy").mkdir()
    (project / "legacy" / "a.txt").write_text(DIRTY, encoding="utf-8")
    out = cli("check", "legacy/a.txt", cwd=project).out
    assert "S001" not in out and "S002" in out


def test_configuration_error_is_exit_two(cli, project):
    (project / "textlint.toml").write_text('selcet = ["S"]\n', encoding="utf-8")
    (project / "a.txt").write_text("x\n", encoding="utf-8")
    result = cli("check", "a.txt", cwd=project)
    assert result.code == 2
    assert "unknown configuration key 'selcet'" in result.err and "textlint.toml" in result.err
    assert "Traceback" not in result.err


# -- bad input ----------------------------------------------------------------------------


def test_missing_path_is_exit_two(cli, project):
    result = cli("check", "nope.txt", cwd=project)
    assert result.code == 2 and "nope.txt: no such file or folder" in result.err
    assert "Traceback" not in result.err


def test_binary_file_is_reported_not_crashed(cli, project):
    (project / "a.txt").write_bytes(b"\x00\x01\x02PNG\x00\x00" * 50)
    result = cli("check", "a.txt", cwd=project)
    assert result.code == 1 and "E902" in result.out and "binary" in result.out
    assert "Traceback" not in result.err


def test_empty_file(cli, project):
    (project / "a.txt").write_bytes(b"")
    assert cli("check", "a.txt", cwd=project).code == 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_found_while_walking(cli, project):  # pragma: no cover - not as root
    path = project / "a.txt"
    path.write_text("x\n", encoding="utf-8")
    path.chmod(0)
    result = cli("check", ".", cwd=project)
    assert result.code == 1 and "E902" in result.out


def test_unreadable_file_is_e902_and_the_run_goes_on(cli, project):
    (project / "dir.txt").mkdir()  # matches *.txt but cannot be read as a file
    (project / "fifo.txt").write_text(DIRTY, encoding="utf-8")
    result = cli("check", "dir.txt", "fifo.txt", "--format", "json", cwd=project)
    items = json.loads(result.out)
    assert {item["code"] for item in items} >= {"S001"}


def test_broken_symlink(cli, project):
    os.symlink(project / "gone.txt", project / "link.txt")
    walked = cli("check", ".", cwd=project)
    assert walked.code == 1 and "link.txt:1:1: E902 broken symbolic link" in walked.out
    named = cli("check", "link.txt", cwd=project)
    assert named.code == 1 and "broken symbolic link" in named.out


def test_folder_loop(cli, project):
    (project / "docs").mkdir()
    (project / "docs" / "a.txt").write_text(DIRTY, encoding="utf-8")
    os.symlink(project / "docs", project / "docs" / "loop")
    result = cli("check", "--format", "json", ".", cwd=project)
    assert result.code == 1
    assert [item["path"] for item in json.loads(result.out)] == ["docs/a.txt", "docs/a.txt"]
    assert "folder loop" in result.err and "Traceback" not in result.err


def test_invalid_utf8_is_reported_and_never_rewritten(cli, project):
    path = project / "a.txt"
    data = ("Grüße aus Köln und" + NBSP + "Bonn. " * 10).encode() + b"\xff\xfe broken\n"
    path.write_bytes(data)
    result = cli("fix", "a.txt", cwd=project)
    assert result.code == 1
    assert path.read_bytes() == data
    assert "not fixed" in result.out
    assert "Traceback" not in result.err


def test_a_file_changed_since_lint_is_left_alone(tmp_path):
    from textlint.files import WriteSkipped, write_atomically

    path = tmp_path / "a.txt"
    path.write_bytes(b"new content")
    with pytest.raises(WriteSkipped):
        write_atomically(str(path), b"fixed", expected=b"old content")
    assert path.read_bytes() == b"new content"


def test_a_200_mb_file_is_linted(cli, project):
    path = project / "big.txt"
    lines = 4_200_000  # 48 bytes each: 201.6 MB
    with open(path, "w", encoding="utf-8") as out:
        for start in range(0, lines, 100_000):
            out.write("".join(f"Line {n:08} of a long file of ordinary prose.\n" for n in range(start, start + 100_000)))
        out.write(DIRTY)
    assert path.stat().st_size > 200_000_000
    result = cli("check", "--no-cache", "big.txt", cwd=project)
    assert result.code == 1, result
    assert f"big.txt:{lines + 1}:6: S001" in result.out
    assert "Found 2 problems" in result.out


# -- rules and rule ----------------------------------------------------------------------


def test_rules_lists_every_rule(cli, project):
    out = cli("rules", cwd=project).out
    for code in ["S001", "S002", "S003", "S004", "S005", "S006"]:
        assert code in out
    assert "stray-nbsp" in out and "safe" in out and "unsafe" in out
    listed = json.loads(cli("rules", "--format", "json", cwd=project).out)
    assert {"code", "name", "family", "default", "fix", "summary"} <= set(listed[0])


def test_rule_explains_itself(cli, project):
    result = cli("rule", "S001", cwd=project)
    assert result.code == 0
    assert "# stray-nbsp (S001)" in result.out
    assert "## What it does" in result.out and "## Example" in result.out
    assert cli("rule", "stray-nbsp", cwd=project).out == result.out
    assert cli("rule", "Z999", cwd=project).code == 2


def test_the_readme_rule_table_is_the_rules_own(cli, project):
    """The README's table is generated from the rules' metadata, so it cannot drift."""
    from textlint.readme import REWRITE_COMMAND, rules_table

    table = cli("rules", "--format", "markdown", cwd=project).out
    assert table == rules_table()
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert table in readme, f"README's rule table is out of date; rewrite it with: {REWRITE_COMMAND}"


def test_the_readme_table_shows_each_rules_fix_policy():
    from textlint.readme import rules_table, with_table

    table = rules_table()
    assert "| M004 | lost-characters | yes | none | never |" in table
    assert "| D001 | repeated-line | yes | safe/unsafe | always |" in table
    assert "| C001 | orphan-caption | yes | unsafe | sometimes |" in table
    stale = "intro\n\n| code | name | fix |\n| --- | --- | --- |\n| S001 | old | safe |\n\nafter\n"
    assert with_table(stale, table) == f"intro\n\n{table}\nafter\n"


def test_every_engine_code_is_explained_like_a_rule(cli, project):
    from textlint.engine_codes import ENGINE_CODES

    everything = cli("rule", "--all", cwd=project).out
    for code, entry in ENGINE_CODES.items():
        alone = cli("rule", code, cwd=project)
        assert alone.code == 0 and alone.out.startswith(f"# {entry.name} ({code})\n"), alone
        assert cli("rule", entry.name, cwd=project).out == alone.out
        assert "Fix: none." in alone.out and "## What it does" in alone.out
        assert alone.out in everything, f"rule --all leaves out {code}"


def test_rule_says_whether_every_finding_has_its_fix(cli, project):
    assert "Fix: safe/unsafe (every finding)." in cli("rule", "D001", cwd=project).out
    assert "Fix: unsafe (some findings)." in cli("rule", "C001", cwd=project).out
    assert "Fix: none." in cli("rule", "M004", cwd=project).out
    listed = {r["code"]: r for r in json.loads(cli("rules", "--format", "json", cwd=project).out)}
    assert (listed["M001"]["fix"], listed["M001"]["fix_availability"]) == ("safe/unsafe", "sometimes")


def test_every_rule_prints_one_options_section(cli, project):
    out = cli("rule", "--all", cwd=project).out
    for block in out.split("\n# ")[1:]:
        assert block.count("## Options") <= 1, block[:200]


def test_python_dash_m_works(project):
    import subprocess

    proc = subprocess.run([sys.executable, "-m", "textlint", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("textlint ")


def test_seed_is_linted(cli):
    result = cli("check", "--no-cache", str(SEED))
    assert result.code == 1
    assert "Traceback" not in result.err


def test_a_named_folder_is_linted_even_if_git_ignores_it(cli, project):
    (project / ".git").mkdir()
    (project / ".gitignore").write_text("build/\n", encoding="utf-8")
    (project / "build" / "sub").mkdir(parents=True)
    (project / "build" / "sub" / "a.txt").write_text(DIRTY, encoding="utf-8")
    assert cli("check", ".", cwd=project).code == 0  # walking from the top: ignored
    named = cli("check", "--format", "json", "build", cwd=project)
    assert [item["path"] for item in json.loads(named.out)] == ["build/sub/a.txt"] * 2


def test_a_read_only_file_is_not_rewritten(cli, project):
    path = project / "a.txt"
    path.write_text(DIRTY, encoding="utf-8")
    path.chmod(0o444)
    result = cli("fix", "a.txt", cwd=project)
    assert result.code == 1 and "read-only" in result.out
    assert path.read_text(encoding="utf-8") == DIRTY


def test_fix_through_a_symlink_keeps_the_link(cli, project):
    (project / "real.txt").write_text(DIRTY, encoding="utf-8")
    os.symlink("real.txt", project / "link.txt")
    assert cli("fix", "link.txt", cwd=project).code == 0
    assert os.path.islink(project / "link.txt")
    assert (project / "real.txt").read_text(encoding="utf-8") == "Hello world and Ihnen.\n"
