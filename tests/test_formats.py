"""Output for people and for CI: --diff, --output-file, the CI formats,
plugin formats, severity and the summary, through the command line."""
from __future__ import annotations

import io
import json
import os
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import install_plugin, with_plugins

import textlint
from textlint.formats import reporter
from textlint.formats.diff import make_visible
from textlint.model import Diagnostic, FileResult

NBSP, ZWSP, ZWJ, RLO = "\u00a0", "\u200b", "\u200d", "\u202e"
DIRTY = f"Hello{NBSP}world and I{ZWSP}hnen.\n"
MOJIBAKE = "The cafÃ© was closedâ€” sadly.\n"  # M001, an error by default
UNSAFE_ONLY = f"access{RLO} level\n"  # S004, whose fix is unsafe


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- 1. --diff --------------------------------------------------------------------------------


def test_diff_prints_each_diff_once_and_the_count_on_stderr(cli, project):
    _write(project, "a.txt", DIRTY)
    _write(project, "b.txt", DIRTY)
    result = cli("check", "--diff", "a.txt", "b.txt", cwd=project)
    assert result.code == 1, result
    assert result.out.count("--- a/a.txt\n") == 1 and result.out.count("--- a/b.txt\n") == 1
    assert result.out.count("@@ -1 +1 @@") == 2
    assert "Would fix" not in result.out  # stdout is the diff alone
    assert "Would fix 4 problems." in result.err


def test_diff_with_nothing_to_fix(cli, project):
    _write(project, "a.txt", "clean\n")
    result = cli("check", "--diff", "a.txt", cwd=project)
    assert result.code == 0 and result.out == ""
    assert "No fixes available." in result.err
    assert cli("check", "--diff", "--quiet", "a.txt", cwd=project).err == ""


def test_diff_shows_changed_invisible_characters_as_escapes(cli, project):
    family = f"👨{ZWJ}👩"  # a ZWJ emoji sequence: legitimate, left alone by every rule
    path = _write(project, "a.txt", f"{family} family\n{DIRTY}")
    result = cli("check", "--diff", "a.txt", cwd=project)
    assert "-Hello\\u00a0world and I\\u200bhnen.\n+Hello world and Ihnen.\n" in result.out, result
    assert f" {family} family\n" in result.out  # context lines stay as they are
    assert "\\u200d" not in result.out
    assert path.read_text(encoding="utf-8") == f"{family} family\n{DIRTY}"  # nothing written
    fixed = cli("fix", "a.txt", cwd=project)
    assert fixed.code == 0 and path.read_text(encoding="utf-8") == f"{family} family\nHello world and Ihnen.\n"


def test_diff_of_a_last_line_without_a_line_break(cli, project):
    _write(project, "a.txt", f"one\nHello{NBSP}world")
    out = cli("check", "--diff", "a.txt", cwd=project).out
    assert out.endswith(
        "-Hello\\u00a0world\n\\ No newline at end of file\n+Hello world\n\\ No newline at end of file\n"
    ), out


@pytest.mark.parametrize("fmt", ["json", "github", "sarif", "junit"])
def test_diff_takes_no_report_format(cli, project, fmt):
    _write(project, "a.txt", DIRTY)
    result = cli("check", "--diff", "--format", fmt, "a.txt", cwd=project)
    assert result.code == 2 and result.out == ""
    assert f"textlint: --diff prints a unified diff; it takes no --format {fmt}" in result.err
    assert "Traceback" not in result.err


def test_diff_shows_the_records_of_a_corpus_with_escapes(cli, project):
    _write(project, "a.jsonl", json.dumps({"text": f"a{NBSP}b"}) + "\n")
    result = cli("fix", "--jsonl", "--diff", "a.jsonl", cwd=project)
    assert result.code == 1
    assert "-a\\u00a0b" in result.out and "+a b" in result.out
    assert result.out.count("--- a/a.jsonl:1") == 1


def test_make_visible_escapes_only_changed_lines_and_reads_hunk_lengths():
    diff = (
        "--- a/x.txt\n+++ b/x.txt\n@@ -1,3 +1,3 @@\n"
        f" keep{NBSP}this\n"
        f"--- a rule{NBSP}line\n"  # a removed line that starts with "--"
        f"+-- a rule line\n"
        f"-tab\there\u3000and\x1bescape\U000e0001\r\n"
        "+tab\there and escape\r\n"
    )
    shown = make_visible(diff)
    assert shown.splitlines(keepends=True) == [
        "--- a/x.txt\n", "+++ b/x.txt\n", "@@ -1,3 +1,3 @@\n",
        f" keep{NBSP}this\n",
        "--- a rule\\u00a0line\n",
        "+-- a rule line\n",
        "-tab\there\\u3000and\\u001bescape\\U000e0001\r\n",
        "+tab\there and escape\r\n",
    ]


_INVISIBLE_SAMPLE = "\u00a0\u200b\u2028\x0c\x1b"
_DIFF_TEXT = st.text(alphabet="ab-+ @\n\r" + _INVISIBLE_SAMPLE, max_size=40)


def _unescape(shown: str) -> str:
    return re.sub(r"\\u([0-9a-f]{4})", lambda match: chr(int(match.group(1), 16)), shown)


@settings(max_examples=300, deadline=None)
@given(_DIFF_TEXT, _DIFF_TEXT)
def test_make_visible_keeps_the_diffs_lines_and_escapes_every_changed_one(before, after):
    from textlint.api import unified_diff

    diff = unified_diff("x.txt", before, after)
    lines, shown = diff.splitlines(keepends=True), make_visible(diff).splitlines(keepends=True)
    assert len(shown) == len(lines)
    for original, line in zip(lines, shown):
        if line != original:  # only changed lines are rewritten, and only by escaping
            assert original[:1] in "-+" and line[:1] == original[:1]
            assert _unescape(line.rstrip("\r\n")) == original.rstrip("\r\n")
        if any(char in line.rstrip("\r\n") for char in _INVISIBLE_SAMPLE):
            assert line.startswith(" "), line  # what stays invisible is context, never a change


# -- 3. --output-file -------------------------------------------------------------------------


def test_output_file_takes_the_report_and_stdout_stays_silent(cli, project):
    _write(project, "a.txt", DIRTY)
    result = cli("check", "--format", "json", "--output-file", "report.json", "a.txt", cwd=project)
    assert result.code == 1 and result.out == "" and result.err == ""
    items = json.loads((project / "report.json").read_text(encoding="utf-8"))
    assert [item["code"] for item in items] == ["S001", "S002"]
    text = cli("check", "--output-file", "report.txt", "a.txt", cwd=project)
    assert text.out == "" and "Found 2 problems." in (project / "report.txt").read_text(encoding="utf-8")
    assert not [name for name in os.listdir(project) if name.startswith(".textlint-report-")]


def test_output_file_keeps_an_existing_reports_mode_and_gives_a_new_one_the_umask(cli, project):
    _write(project, "a.txt", DIRTY)
    old = _write(project, "old.json", "previous report")
    os.chmod(old, 0o640)
    cli("check", "--format", "json", "--output-file", "old.json", "a.txt", cwd=project)
    assert json.loads(old.read_text(encoding="utf-8")) and (old.stat().st_mode & 0o777) == 0o640
    umask = os.umask(0o022)
    os.umask(umask)
    cli("check", "--format", "json", "--output-file", "new.json", "a.txt", cwd=project)
    assert ((project / "new.json").stat().st_mode & 0o777) == 0o666 & ~umask


def test_output_file_is_left_as_it_was_when_the_run_fails(cli, project):
    report = _write(project, "report.json", "previous report")
    result = cli("check", "--format", "json", "--output-file", "report.json", "missing.txt", cwd=project)
    assert result.code == 2 and "missing.txt: no such file or folder" in result.err
    assert report.read_text(encoding="utf-8") == "previous report"
    assert sorted(os.listdir(project)) == ["report.json", "textlint.toml"]  # no temporary left


@pytest.mark.parametrize("where, message", [("nowhere/report.json", "cannot write there"), (".", "is a folder")])
def test_output_file_that_cannot_be_written_is_a_usage_error(cli, project, where, message):
    _write(project, "a.txt", DIRTY)
    result = cli("check", "--output-file", where, "a.txt", cwd=project)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("textlint: --output-file") and message in result.err
    assert "Traceback" not in result.err


def test_output_file_with_diff_and_with_stdin_fix(cli, project):
    _write(project, "a.txt", DIRTY)
    result = cli("check", "--diff", "--output-file", "fix.diff", "a.txt", cwd=project)
    assert result.out == "" and "+Hello world and Ihnen." in (project / "fix.diff").read_text(encoding="utf-8")
    piped = cli("fix", "-", "--format", "json", "--output-file", "r.json", cwd=project, stdin=DIRTY.encode())
    assert piped.stdout_bytes == b"Hello world and Ihnen.\n" and piped.err == ""
    assert json.loads((project / "r.json").read_text(encoding="utf-8")) == []


# -- 4. the CI formats ------------------------------------------------------------------------


@pytest.fixture
def tree(project):
    """Two dirty files (one with two findings on a line) and a clean one."""
    _write(project, "docs/a.md", f"Hello{NBSP}world{NBSP}again.\n\n{MOJIBAKE}")
    _write(project, "docs/b.txt", DIRTY)
    _write(project, "docs/clean.txt", "Nothing wrong here.\n")
    return project


def test_rdjson(cli, tree):
    result = cli("check", "--format", "rdjson", "docs", cwd=tree)
    assert result.code == 1
    report = json.loads(result.out)
    assert report["source"]["name"] == "textlint"
    found = [(d["location"]["path"], d["code"]["value"], d["severity"]) for d in report["diagnostics"]]
    assert found == [
        ("docs/a.md", "S001", "WARNING"), ("docs/a.md", "S001", "WARNING"), ("docs/a.md", "M001", "ERROR"),
        ("docs/b.txt", "S001", "WARNING"), ("docs/b.txt", "S002", "WARNING"),
    ]
    first = report["diagnostics"][0]
    assert first["location"]["range"] == {"start": {"line": 1, "column": 6}, "end": {"line": 1, "column": 8}}
    assert first["suggestions"] == [{"range": first["location"]["range"], "text": " "}]
    assert first["code"]["url"].endswith("README.md#rules") and first["message"].startswith("Non-breaking")


def test_rdjson_columns_count_utf8_bytes(cli, project):
    _write(project, "a.txt", f"中文{NBSP}text\n")
    (found,) = json.loads(cli("check", "--format", "rdjson", "a.txt", cwd=project).out)["diagnostics"]
    # two CJK characters are six bytes, NBSP two: the finding is bytes 7..9
    assert found["location"]["range"] == {"start": {"line": 1, "column": 7}, "end": {"line": 1, "column": 9}}


def test_rdjson_empty_run_is_an_empty_result(cli, project):
    _write(project, "a.txt", "clean\n")
    result = cli("check", "--format", "rdjson", "a.txt", cwd=project)
    assert result.code == 0 and json.loads(result.out)["diagnostics"] == []


def test_gitlab(cli, tree):
    result = cli("check", "--format", "gitlab", "docs", cwd=tree)
    issues = json.loads(result.out)
    assert [(i["location"]["path"], i["check_name"], i["severity"], i["location"]["lines"]["begin"]) for i in issues] == [
        ("docs/a.md", "S001", "minor", 1), ("docs/a.md", "S001", "minor", 1), ("docs/a.md", "M001", "major", 3),
        ("docs/b.txt", "S001", "minor", 1), ("docs/b.txt", "S002", "minor", 1),
    ]
    for issue in issues:
        assert issue["description"].startswith(issue["check_name"] + ": ")
    fingerprints = [issue["fingerprint"] for issue in issues]
    assert len(set(fingerprints)) == len(fingerprints)  # two on one line, one code in two files: all apart


def test_gitlab_fingerprints_survive_a_line_inserted_above(cli, project):
    body = DIRTY + "Between the two.\n" + DIRTY  # one line at two places
    path = _write(project, "a.txt", body)
    before = [i["fingerprint"] for i in json.loads(cli("check", "--format", "gitlab", "a.txt", cwd=project).out)]
    path.write_text("A new first line.\n" + body, encoding="utf-8")
    after = [i["fingerprint"] for i in json.loads(cli("check", "--format", "gitlab", "a.txt", cwd=project).out)]
    assert len(set(before)) == 4 and after == before


def test_gitlab_paths_are_relative_to_the_ci_project_dir(cli, project):
    path = _write(project, "docs/a.txt", DIRTY)
    elsewhere = project.parent  # run from outside the project, on an absolute path
    out = cli("check", "--no-cache", "--format", "gitlab", str(path), cwd=elsewhere, env={"CI_PROJECT_DIR": str(project)}).out
    assert {issue["location"]["path"] for issue in json.loads(out)} == {"docs/a.txt"}


def test_junit(cli, tree):
    result = cli("check", "--format", "junit", "docs", cwd=tree)
    root = ElementTree.fromstring(result.out)
    assert root.tag == "testsuites"
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    assert sorted(suites) == ["docs/a.md", "docs/b.txt", "docs/clean.txt"]
    a = suites["docs/a.md"]
    assert (a.get("tests"), a.get("failures")) == ("3", "3")
    cases = a.findall("testcase")
    assert [(case.get("name"), case.get("line"), case.get("column")) for case in cases] == [
        ("textlint.S001", "1", "6"), ("textlint.S001", "1", "12"), ("textlint.M001", "3", "8"),
    ]
    failure = cases[0].find("failure")
    assert failure.get("type") == "S001" and failure.text.startswith("line 1, col 6, S001 Non-breaking space")
    (clean,) = suites["docs/clean.txt"].findall("testcase")
    assert clean.find("failure") is None and suites["docs/clean.txt"].get("failures") == "0"


def test_checkstyle(cli, tree):
    root = ElementTree.fromstring(cli("check", "--format", "checkstyle", "docs", cwd=tree).out)
    assert root.tag == "checkstyle"
    files = {element.get("name"): element for element in root.iter("file")}
    assert sorted(files) == ["docs/a.md", "docs/b.txt", "docs/clean.txt"]
    errors = [(e.get("source"), e.get("line"), e.get("column"), e.get("severity")) for e in files["docs/a.md"]]
    assert errors == [("S001", "1", "6", "warning"), ("S001", "1", "12", "warning"), ("M001", "3", "8", "error")]
    assert files["docs/a.md"][0].get("message").startswith("Non-breaking space") and len(files["docs/clean.txt"]) == 0


@pytest.mark.parametrize("fmt", ["junit", "checkstyle"])
def test_xml_formats_stay_well_formed_with_markup_and_control_characters_in_names(cli, project, fmt):
    name = 'a&b <"x">\x01.txt'  # a control character cannot be written in XML 1.0 at all
    _write(project, name, DIRTY)
    root = ElementTree.fromstring(cli("check", "--format", fmt, ".", cwd=project).out)
    named = {element.get("name") for element in root.iter("testsuite" if fmt == "junit" else "file")}
    assert named == {'a&b <"x">\\u0001.txt'}


@pytest.mark.parametrize("fmt", ["json", "sarif", "rdjson", "gitlab", "junit", "checkstyle", "github", "text"])
def test_formats_stream_each_result_as_it_arrives(fmt, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    stream = io.StringIO()
    out = reporter(fmt, stream, {"mode": "check"})
    finding = Diagnostic("a.txt", 1, 6, 1, 7, "S001", "stray-nbsp", "Non-breaking space", source_line=f"Hello{NBSP}")
    out.add(FileResult("a.txt", [finding]))
    assert "a.txt" in stream.getvalue()  # written before the run ends
    out.finish()


@pytest.mark.parametrize(
    "fmt, parse",
    [("json", json.loads), ("sarif", json.loads), ("rdjson", json.loads), ("gitlab", json.loads),
     ("junit", ElementTree.fromstring), ("checkstyle", ElementTree.fromstring)],
)
def test_machine_formats_parse_with_no_files_and_with_corpus_records(cli, project, fmt, parse):
    _write(project, "a.jsonl", '{"text": "clean"}\n{"text": "line one\\nHello\\u00a0world"}\n{"txt": 1}\n')
    assert parse(cli("check", "--format", fmt, "--jsonl", "a.jsonl", cwd=project).out) is not None
    (project / "empty").mkdir()
    assert parse(cli("check", "--format", fmt, "empty", cwd=project).out) is not None


def test_every_format_is_listed_in_the_help_and_an_unknown_one_names_them(cli, project):
    assert "rdjson, gitlab, junit, checkstyle" in " ".join(cli("check", "--help").out.split())
    result = cli("check", "--format", "xml", ".", cwd=project)
    assert result.code == 2 and "Traceback" not in result.err
    assert result.err.strip() == (
        "textlint: unknown format 'xml'; known formats: "
        "text, concise, json, github, sarif, rdjson, gitlab, junit, checkstyle"
    )


# -- 5. formats from plugins ------------------------------------------------------------------


class CountReporter(textlint.formats.BaseReporter):
    """A plugin's format: one line per file, its findings' codes and severities."""

    def write_result(self, result) -> None:
        codes = " ".join(f"{d.code}:{d.severity}" for d in result.diagnostics)
        self.stream.write(f"{result.path} {codes}\n")

    def finish(self) -> None:
        self.stream.write(f"{self.found} found\n")


class JsonImpostor(CountReporter):
    def finish(self) -> None:
        self.stream.write("not the built-in json\n")


class FormatsPlugin:
    @textlint.hookimpl
    def textlint_formats(self):
        return {"count": CountReporter, "json": JsonImpostor, "broken": lambda stream, options: object()}


class TwinPlugin:
    @textlint.hookimpl
    def textlint_formats(self):
        return {"count": JsonImpostor}


@pytest.fixture
def plugins(monkeypatch, project):
    """Register plugins in this process for one test; run the CLI in-process."""
    from textlint.plugins import plugin_manager

    manager = plugin_manager()
    registered = []

    def register(plugin) -> None:
        manager.register(plugin)
        registered.append(plugin)

    monkeypatch.chdir(project)
    yield register
    for plugin in registered:
        manager.unregister(plugin)


def _main(capsys, *args) -> tuple[int, str, str]:
    from textlint.cli import main

    code = main(["check", "--no-cache", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_plugin_format_is_found_by_name(plugins, project, capsys):
    plugins(FormatsPlugin())
    _write(project, "a.txt", MOJIBAKE + DIRTY)
    code, out, err = _main(capsys, "--format", "count", "a.txt")
    assert (code, out, err) == (1, "a.txt M001:error S001:warning S002:warning\n3 found\n", "")


def test_builtin_format_wins_over_a_plugins(plugins, project, capsys):
    plugins(FormatsPlugin())
    _write(project, "a.txt", DIRTY)
    code, out, _ = _main(capsys, "--format", "json", "a.txt")
    assert code == 1 and [item["code"] for item in json.loads(out)] == ["S001", "S002"]


def test_unknown_format_lists_the_plugins_too(plugins, project, capsys):
    plugins(FormatsPlugin())
    code, out, err = _main(capsys, "--format", "cuont", ".")
    assert code == 2 and out == ""
    assert "known formats: text, concise, json, github, sarif, rdjson, gitlab, junit, checkstyle, broken, count" in err


@pytest.mark.parametrize(
    "plugin_list, fmt, message",
    [
        ([FormatsPlugin()], "broken", "format 'broken' from a plugin made"),
        ([FormatsPlugin(), TwinPlugin()], "count", "two plugins offer the format 'count'"),
    ],
)
def test_broken_plugin_formats_are_clear_errors(plugins, project, capsys, plugin_list, fmt, message):
    for plugin in plugin_list:
        plugins(plugin)
    _write(project, "a.txt", DIRTY)
    code, out, err = _main(capsys, "--format", fmt, "a.txt")
    assert code == 2 and message in err and err.startswith("textlint: ") and "Traceback" not in err


PLUGIN_MODULE = """
import textlint
from textlint.formats import BaseReporter


class Csv(BaseReporter):
    def write_result(self, result):
        for d in result.diagnostics:
            self.stream.write(f"{d.path},{d.line},{d.column},{d.code},{d.severity}\\n")


@textlint.hookimpl
def textlint_formats():
    return {"csv": Csv}
"""


def test_plugin_format_through_its_entry_point(cli, project, tmp_path_factory):
    site = install_plugin(tmp_path_factory.mktemp("site"), "textlint_csv", PLUGIN_MODULE)
    _write(project, "a.txt", DIRTY)
    result = cli("check", "--format", "csv", "a.txt", cwd=project, env=with_plugins(site))
    assert (result.code, result.out, result.err) == (1, "a.txt,1,6,S001,warning\na.txt,1,18,S002,warning\n", "")


# -- 6. severity ------------------------------------------------------------------------------


def test_default_severities_in_every_format(cli, project):
    _write(project, "a.txt", MOJIBAKE + DIRTY)
    items = json.loads(cli("check", "--format", "json", "a.txt", cwd=project).out)
    assert [(item["code"], item["severity"]) for item in items] == [
        ("M001", "error"), ("S001", "warning"), ("S002", "warning"),
    ]
    github = cli("check", "--format", "github", "a.txt", cwd=project).out.splitlines()
    assert [line.split(" ", 1)[0] for line in github] == ["::error", "::warning", "::warning"]
    sarif = json.loads(cli("check", "--format", "sarif", "a.txt", cwd=project).out)
    assert [r["level"] for r in sarif["runs"][0]["results"]] == ["error", "warning", "warning"]
    rules = {rule["id"]: rule for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["M001"]["defaultConfiguration"]["level"] == "error"
    assert rules["M005"]["defaultConfiguration"]["level"] == "warning"
    assert rules["S001"]["defaultConfiguration"]["level"] == "warning"
    assert "Severity: error." in cli("rule", "M001").out and "Severity: warning." in cli("rule", "S001").out
    listed = {rule["code"]: rule["severity"] for rule in json.loads(cli("rules", "--format", "json").out)}
    assert (listed["M004"], listed["M005"], listed["Z001"]) == ("error", "warning", "warning")


def test_the_readmes_configuration_example_is_valid():
    import re

    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    from conftest import ROOT
    from textlint.config import parse_table

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n(.*?)```", readme, re.S).group(1)
    settings = parse_table(tomllib.loads(example)["tool"]["textlint"], "README.md")
    assert settings.severity["M005"] == "error" and settings.severity["S001"] == "warning"


def test_severity_is_configured_per_rule_narrowest_key_first(cli, project):
    (project / "textlint.toml").write_text(
        'severity = {S = "error", zero-width-character = "warning", M = "warning"}\n', encoding="utf-8"
    )
    _write(project, "a.txt", MOJIBAKE + DIRTY)
    items = json.loads(cli("check", "--format", "json", "a.txt", cwd=project).out)
    assert [(item["code"], item["severity"]) for item in items] == [
        ("M001", "warning"), ("S001", "error"), ("S002", "warning"),
    ]
    gitlab = json.loads(cli("check", "--format", "gitlab", "a.txt", cwd=project).out)
    assert [issue["severity"] for issue in gitlab] == ["minor", "major", "minor"]
    rdjson = json.loads(cli("check", "--format", "rdjson", "a.txt", cwd=project).out)
    assert [d["severity"] for d in rdjson["diagnostics"]] == ["WARNING", "ERROR", "WARNING"]


def test_severity_from_pyproject_and_after_a_cached_run(cli, project):
    (project / "textlint.toml").unlink()
    (project / "pyproject.toml").write_text("[tool.textlint]\n", encoding="utf-8")
    _write(project, "a.txt", DIRTY)
    first = json.loads(cli("check", "--format", "json", "a.txt", cwd=project).out)
    assert {item["severity"] for item in first} == {"warning"}
    (project / "pyproject.toml").write_text('[tool.textlint.severity]\nS001 = "error"\n', encoding="utf-8")
    again = json.loads(cli("check", "--format", "json", "a.txt", cwd=project).out)  # the cache answers
    assert [(item["code"], item["severity"]) for item in again] == [("S001", "error"), ("S002", "warning")]


def test_exit_status_does_not_depend_on_severity(cli, project):
    (project / "textlint.toml").write_text('severity = {ALL = "warning"}\n', encoding="utf-8")
    _write(project, "a.txt", MOJIBAKE)
    assert cli("check", "a.txt", cwd=project).code == 1
    assert cli("check", "--exit-zero", "a.txt", cwd=project).code == 0
    (project / "textlint.toml").write_text('severity = {ALL = "error"}\n', encoding="utf-8")
    _write(project, "a.txt", "clean\n")
    assert cli("check", "a.txt", cwd=project).code == 0


@pytest.mark.parametrize(
    "table, message",
    [
        ('severity = {S001 = "fatal"}', "severity of 'S001' must be \"error\" or \"warning\", not 'fatal'"),
        ('severity = {Q999 = "error"}', "unknown rule code or name 'Q999' in 'severity'"),
        ('severity = ["S001"]', "'severity' must be a table"),
    ],
)
def test_bad_severity_configuration_is_exit_two(cli, project, table, message):
    (project / "textlint.toml").write_text(table + "\n", encoding="utf-8")
    _write(project, "a.txt", DIRTY)
    result = cli("check", "a.txt", cwd=project)
    assert result.code == 2 and message in result.err and "textlint.toml" in result.err
    assert "Traceback" not in result.err


# -- 7. the summary ---------------------------------------------------------------------------


def test_statistics_are_printed_even_when_quiet(cli, project):
    _write(project, "a.txt", DIRTY + f"x{NBSP}y\n")
    out = cli("check", "--statistics", "--quiet", "a.txt", cwd=project).out
    assert "     2  S001\n     1  S002\n" in out and "Found" not in out


def test_summary_hints_at_unsafe_fixes_left_disabled(cli, project):
    path = _write(project, "a.txt", DIRTY + UNSAFE_ONLY)
    checked = cli("check", "a.txt", cwd=project).out
    assert "Found 3 problems. 2 fixable with --fix. 1 more fixable with --unsafe-fixes.\n" in checked
    enabled = cli("check", "--unsafe-fixes", "a.txt", cwd=project).out
    assert "Found 3 problems. 3 fixable with --fix.\n" in enabled and "more fixable" not in enabled
    fixed = cli("fix", "a.txt", cwd=project).out
    assert "Fixed 2 problems, 1 remaining. 1 more fixable with --unsafe-fixes.\n" in fixed
    assert "\u202e" in path.read_text(encoding="utf-8")


def test_no_unsafe_hint_when_the_configuration_enables_them(cli, project):
    (project / "textlint.toml").write_text("unsafe-fixes = true\n", encoding="utf-8")
    _write(project, "a.txt", UNSAFE_ONLY)
    out = cli("check", "a.txt", cwd=project).out
    assert "Found 1 problem. 1 fixable with --fix.\n" in out and "more fixable" not in out


def test_the_api_reports_each_rules_default_severity():
    from textlint.api import lint_text

    found = lint_text(MOJIBAKE + DIRTY)
    assert [(d.code, d.severity) for d in found] == [("M001", "error"), ("S001", "warning"), ("S002", "warning")]


def test_every_printable_character_is_shown_as_itself():
    """The text report skips the stand-in table for a printable window: it
    must replace no printable character (all of Unicode, about a second)."""
    import sys

    from textlint.formats.text import visible

    replaced = [hex(code) for code in range(sys.maxunicode + 1)
                if chr(code).isprintable() and visible(chr(code)) != chr(code)]
    assert replaced == []
