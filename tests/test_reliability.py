"""Pathological input through the command line (issue 14): the findings cap,
a damaged cache, line endings, an edit saved while fixing, the fuzzer, and
costs that must not grow with the square of a one-line page."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter

import pytest

from conftest import ROOT, forget_run_records, run_cli

NBSP = "\u00a0"


def _json(result) -> list[dict]:
    return json.loads(result.out)


# -- --max-findings-per-file ---------------------------------------------------------------------


def test_the_cap_reports_the_first_findings_and_how_many_more(project):
    (project / "a.txt").write_text(f"a{NBSP}" * 30 + "\n", encoding="utf-8")
    result = run_cli("check", "--max-findings-per-file", "5", "--format", "json", "a.txt", cwd=project)
    assert result.code == 1, result
    items = _json(result)
    assert [item["code"] for item in items] == ["S001"] * 5 + ["E903"]
    assert [item["column"] for item in items[:5]] == [2, 4, 6, 8, 10]  # the first five by position
    note = items[-1]
    assert note["column"] == 12  # where the findings not shown begin
    # S001 stops at the cap's first hidden finding, so how many more is not known
    assert note["message"].startswith("More findings not shown from here on") and "cap of 5" in note["message"], note
    assert "Traceback" not in result.err


def test_the_cap_in_the_text_report_is_one_line(project):
    (project / "a.txt").write_text(f"a{NBSP}" * 30 + "\n", encoding="utf-8")
    result = run_cli("check", "--max-findings-per-file", "2", "--output-format", "concise", "a.txt", cwd=project)
    notes = [line for line in result.out.splitlines() if "E903" in line]
    assert notes == [
        "a.txt:1:6: E903 More findings not shown from here on: the cap of 2 per file was hit "
        "(--max-findings-per-file 0 shows all)"
    ], result


@pytest.mark.parametrize("option", [[], ["--max-findings-per-file", "0"], ["--max-findings-per-file", "30"]])
def test_no_cap_note_when_the_findings_fit(project, option):
    (project / "a.txt").write_text(f"a{NBSP}" * 30 + "\n", encoding="utf-8")
    items = _json(run_cli("check", *option, "--format", "json", "a.txt", cwd=project))
    assert [item["code"] for item in items] == ["S001"] * 30


def test_the_cap_counts_per_file(project):
    (project / "a.txt").write_text(f"a{NBSP}" * 4 + "\n", encoding="utf-8")
    (project / "b.txt").write_text(f"b{NBSP}" * 2 + "\n", encoding="utf-8")
    items = _json(run_cli("check", "--max-findings-per-file", "3", "--format", "json", ".", cwd=project))
    assert [(item["path"], item["code"]) for item in items] == [
        ("a.txt", "S001"), ("a.txt", "S001"), ("a.txt", "S001"), ("a.txt", "E903"), ("b.txt", "S001"), ("b.txt", "S001"),
    ]


# rules that can flood, lazy or not, beside a covering mojibake span and a directive
_DENSE = "".join(
    f"a{NBSP}b\u200bc <span>x</span> &amp;amp; 中文,中文,中文 技(jì)术(shù) â€™ here\n"
    f"▲ 图为现场\n\n{'textlint: disable-next-line S002' if i % 7 == 3 else 'plain line'}\n"
    for i in range(40)
)


@pytest.mark.parametrize("suffix", ["txt", "md"])
@pytest.mark.parametrize("cap", [1, 7, 50, 333])
def test_the_early_stop_shows_the_same_first_findings_as_the_whole_run(project, suffix, cap):
    (project / f"a.{suffix}").write_text(_DENSE, encoding="utf-8")
    whole = _json(run_cli("check", "--max-findings-per-file", "0", "--format", "json", f"a.{suffix}", cwd=project))
    capped = _json(run_cli("check", "--max-findings-per-file", str(cap), "--format", "json", f"a.{suffix}", cwd=project))
    assert len(whole) > cap + 1 and len({item["code"] for item in whole}) >= 6
    assert capped[:cap] == whole[:cap]
    note = capped[cap]
    assert note["code"] == "E903" and len(capped) == cap + 1
    assert (note["line"], note["column"]) == (whole[cap]["line"], whole[cap]["column"])
    assert f"the cap of {cap:,} per file" in note["message"]


def test_the_cap_counts_exactly_when_no_rule_stops_early(project):
    # D001 is consumed whole: the note can say how many were left out
    (project / "a.txt").write_text("the same line again\n" * 6, encoding="utf-8")
    items = _json(run_cli("check", "--max-findings-per-file", "2", "--format", "json", "a.txt", cwd=project))
    assert [item["code"] for item in items] == ["D001"] * 2 + ["E903"], items
    assert items[-1]["message"].startswith("3 more findings not shown from here on"), items[-1]


def test_a_cached_result_is_never_served_under_another_cap(project):
    (project / "a.txt").write_text(f"a{NBSP}" * 10 + "\n", encoding="utf-8")
    capped = run_cli("check", "--max-findings-per-file", "3", "--format", "json", "a.txt", cwd=project)
    whole = run_cli("check", "--max-findings-per-file", "0", "--format", "json", "a.txt", cwd=project)
    assert len(_json(capped)) == 4 and len(_json(whole)) == 10
    again = run_cli("check", "--max-findings-per-file", "3", "--format", "json", "a.txt", cwd=project)
    assert again.out == capped.out


def test_fix_applies_every_fix_and_caps_only_what_is_left(project):
    # H001's fix is unsafe, so a safe fix leaves the tags; S001's are all applied
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"]
    (project / "a.txt").write_text("".join(f"x<span>{w}</span> {w}{NBSP}b\n" for w in words), encoding="utf-8")
    result = run_cli("fix", "--max-findings-per-file", "4", "--format", "json", "a.txt", cwd=project)
    assert NBSP not in (project / "a.txt").read_text(encoding="utf-8")
    items = _json(result)
    assert [item["code"] for item in items] == ["H001"] * 4 + ["E903"], result
    assert "8 more findings" in items[-1]["message"]


@pytest.mark.parametrize("value", ["-1", "many", "1.5"])
def test_a_bad_cap_is_a_usage_error(project, value):
    (project / "a.txt").write_text("fine\n", encoding="utf-8")
    result = run_cli("check", "--max-findings-per-file", value, "a.txt", cwd=project)
    assert result.code == 2, result
    assert "--max-findings-per-file" in result.err and "Traceback" not in result.err


def test_the_cap_applies_to_stdin(project):
    result = run_cli("check", "--max-findings-per-file", "1", "--format", "json", "-", cwd=project,
                     stdin=(f"a{NBSP}" * 3).encode())
    assert [item["code"] for item in _json(result)] == ["S001", "E903"], result


# -- a damaged cache -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [b"", b'{"ab": [', b"\x00\xff\xfe garbage", b"[1, 2, 3]", "{\"k\": \"\udc80\"}".encode("utf-8", "surrogatepass")],
    ids=["empty", "torn", "binary", "a list", "bad utf-8"],
)
def test_a_torn_or_garbled_cache_shard_gives_the_cold_answer(project, damage):
    (project / "a.txt").write_text("one\ntwo\u00a0words\n", encoding="utf-8")
    cold = run_cli("check", "--no-cache", "--format", "json", "a.txt", cwd=project)
    run_cli("check", "--format", "json", "a.txt", cwd=project)  # fill the cache
    shards = list((project / ".textlint_cache").rglob("*.json"))
    assert shards
    for shard in shards:
        shard.write_bytes(damage)
    forget_run_records(project)
    again = run_cli("check", "--format", "json", "a.txt", cwd=project)
    assert (again.code, again.out, again.err) == (cold.code, cold.out, ""), again
    for shard in shards:  # rewritten whole
        json.loads(shard.read_text(encoding="utf-8"))


def test_a_cache_folder_that_cannot_be_written_is_only_slower(project):
    (project / "a.txt").write_text("two\u00a0words\n", encoding="utf-8")
    (project / ".textlint_cache").write_text("a file where the folder goes", encoding="utf-8")
    result = run_cli("check", "a.txt", cwd=project)
    assert result.code == 1 and ":1:4: S001" in result.out and result.err == "", result


# -- line endings, through the command line -------------------------------------------------------


@pytest.mark.parametrize(
    "newlines",
    [["\r"] * 3, ["\r\n", "\n", "\r\n"], ["\n", "\r\n", "\n"]],
    ids=["cr", "mostly crlf", "mostly lf"],
)
def test_fix_keeps_each_lines_ending(project, newlines):
    lines = [f"one{NBSP}two", "▲ 图为现场", f"three\u200bfour"]
    original = "".join(line + newline for line, newline in zip(lines, newlines))
    (project / "a.txt").write_bytes(original.encode("utf-8"))
    result = run_cli("fix", "--unsafe-fixes", "a.txt", cwd=project)
    assert result.code in (0, 1) and "Traceback" not in result.err, result
    fixed = (project / "a.txt").read_bytes().decode("utf-8")
    left = re.split(r"\r\n|\r|\n", fixed)
    # the caption's line goes with one of the endings around it (in a file
    # of CRs alone the rules see one line, and the caption rule stays out)
    assert left == ["one two", "threefour", ""] or newlines[0] == "\r" and len(left) == 4, fixed
    # no other ending was changed or made up
    endings = Counter(re.findall(r"\r\n|\r|\n", fixed))
    assert endings <= Counter(newlines) and sum(endings.values()) == len(left) - 1, fixed


# -- an edit saved while fix writes ---------------------------------------------------------------


def test_an_edit_saved_while_the_command_fixes_is_kept(project):
    """The editor saves between textlint's lint and its rename: the command
    line reports the file as not fixed, exits 1, and the edit survives."""
    target = project / "a.txt"
    target.write_bytes(f"word{NBSP}word\n".encode())
    driver = (
        "import os, sys\n"
        "from textlint import cli, files\n"
        "real_fsync = os.fsync\n"
        "def fsync_while_someone_saves(fd):\n"
        "    real_fsync(fd)\n"
        "    open('a.txt', 'wb').write(b\"the user's edit\\n\")\n"
        "files.os.fsync = fsync_while_someone_saves\n"
        "sys.exit(cli.main(['fix', '--no-cache', 'a.txt']))\n"
    )
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run([sys.executable, "-c", driver], cwd=project, capture_output=True, env=env, timeout=300)
    out = proc.stdout.decode()
    assert proc.returncode == 1, (out, proc.stderr)
    assert "E902 not fixed" in out and "changed since it was linted" in out, out
    assert target.read_bytes() == b"the user's edit\n"
    assert sorted(p.name for p in project.iterdir()) == ["a.txt", "textlint.toml"]  # no temporary file left


# -- the fuzzer, a short derandomized run ---------------------------------------------------------


def test_fuzzed_real_documents_keep_the_invariants():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import fuzz
    finally:
        sys.path.remove(str(ROOT / "bench"))
    counts, failures = fuzz.run(n=250, seed=14)
    assert counts["inputs"] == 250 and counts["txt runs"] >= 200
    assert failures == []


def test_the_fuzzer_reports_a_broken_invariant(monkeypatch):
    """The harness can fail: a fix that is not idempotent is caught."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import fuzz
    finally:
        sys.path.remove(str(ROOT / "bench"))
    from textlint.api import FixOutcome

    def growing(text, *args, **kwargs):
        return FixOutcome(text + "!", 1, [])

    monkeypatch.setattr(fuzz, "fix_document_text", growing)
    assert fuzz.check_one("plain text\n", "txt", False)[0] == "fix not idempotent"


# -- costs that grew with the square of a one-line page --------------------------------------------


def _count_calls(monkeypatch, module, name: str) -> list:
    calls = []
    real = getattr(module, name)

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return calls


def test_a_one_paragraph_page_has_its_inline_syntax_found_once(monkeypatch):
    from textlint import markdown
    from textlint.api import lint_text

    calls = _count_calls(monkeypatch, markdown, "_inline_syntax")
    diagnostics = lint_text(f"a{NBSP}" * 500 + "`code` end\n", "page.md", select=["S001"])
    assert len(diagnostics) == 500
    assert len(calls) <= 2  # once for the paragraph, not once a finding


class _CountingSearches:
    """A compiled pattern that counts its searches: a rule that looks at a
    line once per finding shows up as many calls."""

    def __init__(self, pattern):
        self.pattern, self.calls = pattern, 0

    def search(self, *args):
        self.calls += 1
        return self.pattern.search(*args)


@pytest.mark.parametrize(
    ("module", "pattern", "page", "code", "findings"),
    [
        # Z002 asks whether the line is a table row
        ("textlint_rules.chinese.pinyin", "TABLE_ROW", "技(jì)术(shù)" * 200, "Z002", 400),
        # S004 asks whether the line holds right-to-left text
        ("textlint_rules.spaces", "RTL", "word\u200e " * 300, "S004", 300),
    ],
)
def test_a_one_line_page_is_looked_at_once_not_once_per_finding(monkeypatch, module, pattern, page, code, findings):
    import importlib

    from textlint.api import lint_text

    rules = importlib.import_module(module)
    counting = _CountingSearches(getattr(rules, pattern))
    monkeypatch.setattr(rules, pattern, counting)
    diagnostics = lint_text(page + "\n", "page.txt", select=[code])
    assert len(diagnostics) == findings
    assert counting.calls == 1


def test_the_pathological_shapes_run_clean_through_the_command_line(project):
    """Every shape of bench/patho.py, small: exit 0 or 1, no traceback."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import patho
    finally:
        sys.path.remove(str(ROOT / "bench"))
    names = []
    for shape, (build, formats) in patho.SHAPES.items():
        for fmt in formats:
            name = f"{shape}.{fmt}"
            (project / name).write_text(build(8000), encoding="utf-8")
            names.append(name)
    result = run_cli("check", "--no-cache", "--format", "json", *names, cwd=project)
    assert result.code == 1 and result.err == "", result
    found = {item["path"] for item in _json(result)}
    assert {"nbsp.txt", "zwsp.md", "han-pinyin.txt", "zh-comma.md", "captions.md"} <= found
