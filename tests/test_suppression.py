"""Suppression directives: the same small set in every document format.

Through the command line (one run over a folder of files, JSON output), with
the prose that merely mentions a directive, which must switch nothing off.
"""
from __future__ import annotations

import json

import pytest

from textlint.api import lint_text

NBSP, ZWSP = "\u00a0", "\u200b"


def _findings(cli, folder, *args) -> dict[str, list[tuple[int, str]]]:
    """{file name: [(line, code), ...]} of one JSON run over ``folder``."""
    result = cli("check", "--no-cache", "--format", "json", *args, ".", cwd=folder)
    assert result.code in (0, 1), result
    found: dict[str, list[tuple[int, str]]] = {}
    for item in json.loads(result.out):
        found.setdefault(item["path"], []).append((item["line"], item["code"]))
    return found


def _write(folder, name, lines, newline="\n"):
    (folder / name).write_bytes(newline.join(lines).encode("utf-8") + newline.encode())


def test_every_directive_form_works_in_plain_text(cli, project):
    _write(project, "a.txt", [
        f"a{NBSP}b",                                            # 1 reported
        "textlint: disable-next-line S001",
        f"c{NBSP}d",                                            # 3 off
        "# textlint-disable-next-line stray-nbsp",
        f"e{NBSP}f",                                            # 5 off, by the rule's name
        "// textlint-disable S",
        f"g{NBSP}h",                                            # 7 off, by family
        "// textlint-enable S",
        f"i{NBSP}j",                                            # 9 reported
        "<!-- textlint-disable-next-line S001 -- a French quotation -->",
        f"k{NBSP}l",                                            # 11 off; a reason after --
        "{/* textlint-disable-next-line S001 */}",
        f"m{NBSP}n",                                            # 13 off
        "# textlint-disable-next-line S002",
        f"o{NBSP}p",                                            # 15 reported: another rule
    ])
    assert _findings(cli, project) == {"a.txt": [(1, "S001"), (9, "S001"), (15, "S001")]}


def test_markdown_and_mdx_comments_and_code_blocks(cli, project):
    _write(project, "a.md", [
        "<!-- textlint-disable-next-line S001 -->",
        f"a{NBSP}b",                                            # 2 off
        "",
        "```",
        "<!-- textlint-disable S001 -->",                       # an example in code: no directive
        "```",
        "",
        f"c{NBSP}d",                                            # 8 reported
        "",
        "    # textlint-disable S001",                          # indented code: no directive
        "",
        f"e{NBSP}f",                                            # 12 reported
    ])
    _write(project, "b.mdx", [
        "{/* textlint-disable-next-line S001 */}",
        f"a{NBSP}b",                                            # 2 off
        "",
        f"c{NBSP}d",                                            # 4 reported
    ])
    assert _findings(cli, project) == {"a.md": [(8, "S001"), (12, "S001")], "b.mdx": [(4, "S001")]}


def test_prose_that_mentions_a_directive_switches_nothing_off(cli, project):
    mentions = [
        "the textlint-disable comment is how you switch a rule off",
        "textlint-disable-next-line S001 is the comment to use",
        'Write "# textlint-disable-next-line S001" before the line.',
        "The `<!-- textlint-disable-next-line -->` comment is one way.",
        "Write <!-- textlint-disable-next-line --> before a paragraph, on a line of its own.",
        "Say textlint: disable-next-line S001 on a line of its own.",
    ]
    lines = []
    for mention in mentions:
        lines += [mention, f"x{NBSP}y"]
    _write(project, "a.txt", lines)
    _write(project, "b.md", [line for mention in mentions for line in (mention, f"x{NBSP}y", "")])
    found = _findings(cli, project, "--select", "S001")
    assert found["a.txt"] == [(line, "S001") for line in range(2, 2 * len(mentions) + 1, 2)]
    assert found["b.md"] == [(line, "S001") for line in range(2, 3 * len(mentions), 3)]


@pytest.mark.parametrize("directive", [
    "# textlint-disable-file S001",
    "textlint: disable-file S001",
    "<!-- textlint-disable-file stray-nbsp -->",
])
def test_a_file_level_directive_in_the_first_lines(cli, project, directive):
    _write(project, "a.txt", ["Title", "", directive, f"a{NBSP}b", f"c{ZWSP}d", "", f"e{NBSP}f"])
    assert _findings(cli, project) == {"a.txt": [(5, "S002")]}


def test_a_bare_file_directive_switches_every_rule_off(cli, project):
    _write(project, "a.md", ["---", "title: x", "---", "<!-- textlint-disable-file -->", f"a{NBSP}b{ZWSP}c"])
    result = cli("check", "--no-cache", "a.md", cwd=project)
    assert result.code == 0, result


def test_the_directive_line_itself_is_not_reported(cli, project):
    # H001 would report an HTML comment in plain text, D001 a repeated line
    _write(project, "a.txt", [
        "<!-- textlint-disable-next-line S001 -->",
        "# textlint-disable-next-line S002",
        "# textlint-disable-next-line S002",
        f"a{NBSP}b{ZWSP}c",
        "A <span>tag</span> here.",
    ])
    assert _findings(cli, project) == {"a.txt": [(5, "H001"), (5, "H001")]}


def test_stacked_next_line_directives_all_reach_the_line_below_them(cli, project):
    _write(project, "a.txt", [
        "# textlint-disable-next-line S001",
        "# textlint-disable-next-line S002",
        f"a{NBSP}b{ZWSP}c",
        f"a{NBSP}b{ZWSP}c.",
    ])
    assert _findings(cli, project) == {"a.txt": [(4, "S001"), (4, "S002")]}


def test_enable_ends_only_the_rules_it_names(cli, project):
    _write(project, "a.txt", [
        "# textlint-disable S001",
        "# textlint-disable S002",
        f"a{NBSP}b{ZWSP}c",                                     # 3 both off
        "# textlint-enable S001",
        f"d{NBSP}e{ZWSP}f",                                     # 5 S001 only
        "# textlint-enable",
        f"g{NBSP}h{ZWSP}i",                                     # 7 both
    ], newline="\r\n")
    assert _findings(cli, project) == {"a.txt": [(5, "S001"), (7, "S001"), (7, "S002")]}


def test_fix_leaves_suppressed_lines_alone(cli, project):
    _write(project, "a.txt", ["textlint: disable-next-line S001", f"a{NBSP}b", f"c{NBSP}d"])
    result = cli("fix", "--no-cache", "a.txt", cwd=project)
    assert result.code == 0, result
    assert (project / "a.txt").read_text(encoding="utf-8") == f"textlint: disable-next-line S001\na{NBSP}b\nc d\n"


def test_directives_work_in_a_format_the_engine_does_not_know():
    # another engineer's reader (reStructuredText, HTML, ...) gets them for free
    text = f"a{NBSP}b\n# textlint-disable-next-line S001\nc{NBSP}d\n<!-- textlint-disable S001 -->\ne{NBSP}f\n"
    found = lint_text(text, "a.rst", format="rst", select=["S001"])
    assert [d.line for d in found] == [1]


def test_document_suppressed_answers_per_line_and_code():
    from textlint.document import Document

    doc = Document("# textlint-disable-next-line S001\na\nb\n", "a.txt", "txt")
    assert doc.suppressed("S001", 1) and not doc.suppressed("S002", 1) and not doc.suppressed("S001", 2)
