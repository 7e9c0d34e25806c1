"""Configuration through the command line: inheritance with ``extend``,
``--config KEY=VALUE`` overrides, ``--isolated``, ``--show-settings``, and
unknown keys."""
from __future__ import annotations

import json
import os

import pytest

NBSP, ZWSP = "\u00a0", "\u200b"
DIRTY = f"a{NBSP}b{ZWSP}c\n"


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _codes(cli, cwd, *args) -> list[tuple[str, str]]:
    result = cli("check", "--no-cache", "--format", "json", *args, cwd=cwd)
    assert result.code in (0, 1), result
    return [(item["path"], item["code"]) for item in json.loads(result.out)]


@pytest.fixture
def tree(tmp_path):
    """A repository whose pyproject.toml a sub-project's textlint.toml extends."""
    _write(tmp_path / "pyproject.toml", (
        "[tool.textlint]\n"
        'ignore = ["S001"]\n'
        'exclude = ["docs/vendor/", "*.skip.txt"]\n'
        'extend-select = ["Z004"]\n'
    ))
    _write(tmp_path / "docs" / "textlint.toml", 'extend = "../pyproject.toml"\nignore = ["S002"]\n')
    for name in ("docs/a.txt", "docs/vendor/b.txt", "docs/c.skip.txt", "top.txt"):
        _write(tmp_path / name, DIRTY + "中文abc\n")
    return tmp_path


def test_extend_inherits_and_the_child_overrides_lists_whole(cli, tree):
    found = _codes(cli, tree, ".")
    # docs/: the child's ignore replaced the parent's, so S001 is back and
    # S002 is off; the parent's exclusions and extend-select still hold
    assert sorted(found) == [
        ("docs/a.txt", "S001"), ("docs/a.txt", "Z004"), ("top.txt", "S002"), ("top.txt", "Z004"),
    ]


def test_extend_chains_and_finds_files_relative_to_each_config(cli, tree):
    # extend-* lists add up along the chain, as in ruff; patterns keep meaning
    # the files they meant where they were written
    _write(tree / "docs" / "guide" / "textlint.toml", 'extend = "../textlint.toml"\nextend-exclude = ["*.draft.txt"]\n')
    for name in ("d.txt", "e.draft.txt", "f.skip.txt", "vendor/g.txt"):
        _write(tree / "docs" / "guide" / name, DIRTY + "中文abc\n")
    assert _codes(cli, tree, "docs/guide") == [
        ("docs/guide/d.txt", "S001"), ("docs/guide/d.txt", "Z004"),
        ("docs/guide/vendor/g.txt", "S001"), ("docs/guide/vendor/g.txt", "Z004"),
    ]


def test_a_select_in_the_child_starts_the_selection_afresh(cli, tree):
    _write(tree / "docs" / "textlint.toml", 'extend = "../pyproject.toml"\nselect = ["S002"]\n')
    assert _codes(cli, tree, "docs/a.txt") == [("docs/a.txt", "S002")]


def test_extend_cycle_is_an_error_naming_the_files(cli, tmp_path):
    _write(tmp_path / "textlint.toml", 'extend = "sub/textlint.toml"\n')
    _write(tmp_path / "sub" / "textlint.toml", 'extend = "../textlint.toml"\n')
    _write(tmp_path / "a.txt", DIRTY)
    result = cli("check", "a.txt", cwd=tmp_path)
    assert result.code == 2, result
    assert result.err.startswith("textlint: ") and "cycle" in result.err
    assert "sub/textlint.toml" in result.err and "Traceback" not in result.err


@pytest.mark.parametrize("extend, message", [
    ('"missing.toml"', "missing.toml"),
    ("3", "'extend' must be a path"),
])
def test_bad_extend_is_an_error(cli, tmp_path, extend, message):
    _write(tmp_path / "textlint.toml", f"extend = {extend}\n")
    _write(tmp_path / "a.txt", DIRTY)
    result = cli("check", "a.txt", cwd=tmp_path)
    assert result.code == 2, result
    assert message in result.err and "textlint.toml" in result.err


def test_an_error_in_the_extended_file_names_that_file(cli, tmp_path):
    _write(tmp_path / "base.toml", 'selct = ["S001"]\n')
    _write(tmp_path / "textlint.toml", 'extend = "base.toml"\n')
    _write(tmp_path / "a.txt", DIRTY)
    result = cli("check", "a.txt", cwd=tmp_path)
    assert result.code == 2, result
    assert "base.toml" in result.err and "'selct'" in result.err


def test_config_overrides_in_toml_syntax(cli, project):
    _write(project / "a.txt", DIRTY)
    assert _codes(cli, project, "--config", 'ignore = ["S001"]', "a.txt") == [("a.txt", "S002")]
    assert _codes(cli, project, "--config", "select=['S001']", "a.txt") == [("a.txt", "S001")]


def test_config_override_of_a_rule_option(cli, project):
    paragraph = "A short paragraph, said twice here.\n"
    _write(project / "a.txt", paragraph + "\nOther words.\n\n" + paragraph)
    assert _codes(cli, project, "--select", "D002", "a.txt") == []  # shorter than the defaults
    options = ("--config", "rules.D002.min-length = 10", "--config", "rules.D002.min-line-length = 10")
    assert _codes(cli, project, "--select", "D002", *options, "a.txt") == [("a.txt", "D002")]


def test_config_file_and_overrides_together(cli, project):
    _write(project / "strict.toml", 'select = ["S"]\n')
    _write(project / "a.txt", DIRTY)
    found = _codes(cli, project, "--config", "strict.toml", "--config", "ignore = ['S002']", "a.txt")
    assert found == [("a.txt", "S001")]


@pytest.mark.parametrize("value, message", [
    ("nope = 1", "unknown configuration key 'nope'"),
    ("select = [", "--config"),
    ("missing-file.toml", "missing-file.toml"),
    ("rules.S001.flavour = 1", "unknown option 'flavour'"),
])
def test_bad_config_overrides_are_usage_errors(cli, project, value, message):
    _write(project / "a.txt", DIRTY)
    result = cli("check", "--config", value, "a.txt", cwd=project)
    assert result.code == 2, result
    assert message in result.err and "Traceback" not in result.err


def test_isolated_ignores_every_configuration_file(cli, tmp_path):
    _write(tmp_path / "textlint.toml", 'ignore = ["S001"]\n')
    _write(tmp_path / "a.txt", DIRTY)
    assert _codes(cli, tmp_path, "a.txt") == [("a.txt", "S002")]
    assert _codes(cli, tmp_path, "--isolated", "a.txt") == [("a.txt", "S001"), ("a.txt", "S002")]
    _write(tmp_path / "textlint.toml", "this is not TOML\n")
    assert _codes(cli, tmp_path, "--isolated", "--config", "ignore = ['S002']", "a.txt") == [("a.txt", "S001")]


def test_isolated_with_a_config_file_is_a_usage_error(cli, project):
    _write(project / "a.txt", DIRTY)
    result = cli("check", "--isolated", "--config", "textlint.toml", "a.txt", cwd=project)
    assert result.code == 2 and "--isolated" in result.err, result


def test_show_settings_prints_what_is_in_force_for_a_path(cli, tree):
    result = cli("check", "--show-settings", "docs/a.txt", cwd=tree)
    assert result.code == 0, result
    out = result.out
    assert "docs/textlint.toml" in out and "pyproject.toml" in out  # the file and what it extends
    assert 'ignore = ["S002"]' in out
    assert "Z004" in out.split("enabled = ")[1].split("\n")[0]
    assert "S002" not in out.split("enabled = ")[1].split("\n")[0]
    assert "min-files = 5" in out  # rule options with their defaults
    override = cli("check", "--show-settings", "--config", "ignore = ['S003']", "top.txt", cwd=tree)
    assert override.code == 0 and 'ignore = ["S003"]' in override.out, override


def test_show_settings_without_any_configuration(cli, tmp_path):
    for args in ((), ("-",), ("--stdin-filename", "a.md")):
        result = cli("check", "--show-settings", "--isolated", *args, cwd=tmp_path)
        assert result.code == 0, result
        assert "(none)" in result.out and "enabled = " in result.out


@pytest.mark.parametrize("content, key", [
    ("d003 = 1\n", "d003"),
    ("[rules.D003]\nmin-files = 3\n[d003]\nmin-files = 3\n", "d003"),
    ("selct = ['S001']\n", "selct"),
])
def test_unknown_keys_are_errors_naming_key_and_file(cli, tmp_path, content, key):
    _write(tmp_path / "textlint.toml", content)
    _write(tmp_path / "a.txt", DIRTY)
    result = cli("check", "a.txt", cwd=tmp_path)
    assert result.code == 2, result
    assert f"'{key}'" in result.err and "textlint.toml" in result.err


def test_d003_options_live_under_rules(cli, tmp_path):
    _write(tmp_path / "textlint.toml", "[rules.D003]\nmin-files = 3\n")
    _write(tmp_path / "a.txt", DIRTY)
    assert cli("check", "--no-cache", "a.txt", cwd=tmp_path).code == 1


def test_two_config_files_are_a_usage_error(cli, project):
    _write(project / "other.toml", 'select = ["S"]\n')
    _write(project / "a.txt", DIRTY)
    result = cli("check", "--config", "textlint.toml", "--config", "other.toml", "a.txt", cwd=project)
    assert result.code == 2 and "extend" in result.err, result


# -- the table of options ---------------------------------------------------------------


def test_every_option_is_declared_once_and_read_from_the_table():
    from textlint.config import OPTIONS, Settings, parse_table

    keys = [option.key for option in OPTIONS]
    assert len(keys) == len(set(keys))
    # every key the parser accepts is in the table, and nothing else
    for option in OPTIONS:
        if option.key != "extend":
            parse_table({option.key: _sample(option.kind)}, "/x/textlint.toml")
    defaults = Settings()
    for option in OPTIONS:
        if option.attr:
            assert getattr(defaults, option.attr) == option.default, option.key


def _sample(kind):
    return {"selectors": ["S001"], "patterns": ["*.md"], "bool": True, "per-file-ignores": {"*.md": ["S"]},
            "rules": {"D002": {"min-length": 10}}, "severity": {"S": "error"}}[kind]


def test_the_options_flags_come_from_the_table():
    from textlint.cli import build_parser
    from textlint.config import OPTIONS

    check = build_parser()._subparsers._group_actions[0].choices["check"]
    flags = {name: action for action in check._actions for name in action.option_strings}
    for option in OPTIONS:
        for flag in option.flags:
            for name in flag.names:
                assert name in flags, name
                if flag.kwargs.get("help") is None:
                    assert flags[name].help == option.help
    args = check.parse_args(["--select", "S001, Z", "--no-unsafe-fixes"])
    assert args.select == ["S001", "Z"] and args.unsafe_fixes is False


def test_the_cache_key_holds_the_options_the_table_says_and_no_other():
    from textlint.config import OPTIONS, Settings, parse_table

    base = Settings().fingerprint()
    assert base == "b5c7f48ae1f94aa1"  # as before the table: a refactor must not invalidate every cache
    for option in OPTIONS:
        if option.key == "extend":
            continue
        value = {"extend-select": ["Z004"]}.get(option.key, _sample(option.kind))  # what changes the default
        changed = parse_table({option.key: value}, "/x/textlint.toml").fingerprint() != base
        assert changed == (option.cache is not None), option.key


def test_show_settings_prints_every_shown_option(cli, tree):
    from textlint.config import OPTIONS

    out = cli("check", "--show-settings", "docs/a.txt", cwd=tree).out
    for option in OPTIONS:
        if option.shown:
            assert f"\n{option.key} = " in out, option.key


@pytest.mark.parametrize("folder", ["", ".", "docs", "docs/deep", "..", "../other", "../proj-2/docs", "/", "/tmp", "/usr/share"])
@pytest.mark.parametrize("root", [".", "docs", "/"])
def test_a_folder_matcher_matches_as_path_matches_does(tmp_path, monkeypatch, folder, root):
    """The walk asks FolderMatcher of every file; it must answer as
    path_matches does for the file's own path, wherever the folder lies
    against the configuration's root."""
    from textlint.config import FolderMatcher, path_matches

    project = tmp_path / "proj"
    (project / "docs" / "deep").mkdir(parents=True)
    monkeypatch.chdir(project)
    patterns = ["*.md", "docs/*", "../other/*", "deep/x.txt", "share/*", "tmp/*", "./a.txt", "proj/*"]
    for name in ("a.txt", "x.txt", "b.md", "proj"):
        path = os.path.join(folder, name) if folder else name
        matcher = FolderMatcher(os.path.dirname(path) or ".", root)
        for pattern in patterns:
            assert matcher.matches(path, name, [pattern]) == path_matches(path, root, [pattern]), (path, pattern)
