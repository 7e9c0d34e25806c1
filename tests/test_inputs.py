"""Input kinds beyond plain text and Markdown, through the command line.

Each format is checked both ways: a defect in its prose is found at its
line and column in the original file, and the same defect in the format's
own syntax, code or markup is never reported.  Fixes edit the file in
place and leave its syntax as it was.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, install_plugin, run_cli, with_plugins

INPUTS = FIXTURES / "inputs"
MOJIBAKE = "cafÃ©"  # "café" read as Windows-1252: M001 in any prose, reported at its "Ã"
NBSP = "\u00a0"


def at(text: str, line: int, fragment: str) -> tuple[int, int]:
    """(line, column) of ``fragment`` on 1-based ``line`` of ``text``: where a finding must point."""
    column = text.split("\n")[line - 1].index(fragment) + 1
    assert column > 0
    return line, column


def m001(text: str, line: int, fragment: str = "Ã©") -> tuple[str, int, int]:
    return ("M001", *at(text, line, fragment))


def s001(text: str, line: int) -> tuple[str, int, int]:
    return ("S001", *at(text, line, NBSP))


def check(project: Path, name: str, content: str, *extra: str) -> list[tuple[str, int, int]]:
    path = project / name
    path.write_bytes(content.encode("utf-8"))
    result = run_cli("check", "--no-cache", "--format", "json", *extra, name, cwd=project)
    assert result.code in (0, 1), result
    return [(f["code"], f["line"], f["column"]) for f in json.loads(result.out)]


def fix(project: Path, name: str, content: str) -> str:
    path = project / name
    path.write_bytes(content.encode("utf-8"))
    result = run_cli("fix", "--no-cache", name, cwd=project)
    assert result.code in (0, 1), result
    return path.read_bytes().decode("utf-8")


# -- HTML --------------------------------------------------------------------------------------

PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>A page</title>
  <style>p::after {{ content: "{MOJIBAKE}"; }}</style>
  <script>var s = "{MOJIBAKE}</span>";</script>
</head>
<body>
  <!-- {MOJIBAKE} in a comment -->
  <p class="{MOJIBAKE}" title="a{NBSP}b">Fish &amp; chips&nbsp;for two, AT&amp;T &copy; 2024.</p>
  <p>The {MOJIBAKE} opened at noon.</p>
  <pre>x = "{MOJIBAKE}"  # code</pre>
  <p>Use <code>{MOJIBAKE}</code> and <kbd>&lt;b&gt;</kbd> here.</p>
</body>
</html>
"""


def test_html_reports_defects_in_visible_text_at_their_place(project):
    assert check(project, "page.html", PAGE) == [m001(PAGE, 12)]


def test_html_own_markup_code_and_entities_stay_silent(project):
    clean = PAGE.replace(f"The {MOJIBAKE} opened", "The café opened")
    assert check(project, "page.html", clean) == []
    # the same text as plain text is full of leaked HTML
    assert {code for code, _, _ in check(project, "page.txt", clean)} >= {"H001", "H002", "M001"}


def test_html_suffix_htm_and_title_text(project):
    page = f"<html><head><title>The {MOJIBAKE} menu</title></head><body><p>Hi</p></body></html>\n"
    assert check(project, "page.htm", page) == [m001(page, 1)]


def test_html_nbsp_in_text_found_and_fixed_without_touching_markup(project):
    page = f'<p class="a{NBSP}b">We walked{NBSP}home after dinner.&nbsp;Then <b>slept</b>.</p>\r\n'
    assert check(project, "a.html", page) == [("S001", *at(page, 1, f"{NBSP}home"))]
    assert fix(project, "a.html", page) == page.replace(f"walked{NBSP}home", "walked home")


def test_html_mojibake_fixed_in_place(project):
    page = f"<ul>\n  <li>The {MOJIBAKE} <em>opened</em> at noon.</li>\n</ul>\n"
    assert fix(project, "a.html", page) == page.replace(MOJIBAKE, "café")


def test_html_double_escaped_entity_and_broken_tag_in_text_are_reported(project):
    page = "<p>Fish &amp;nbsp;chips</p>\n<p>Click here /span> to go.</p>\n"
    assert check(project, "a.html", page) == [("H002", *at(page, 1, "&amp;nbsp")), ("H001", *at(page, 2, "/span>"))]


def test_html_nbsp_entity_is_markup_not_a_defect(project):
    page = "<p>Price:&nbsp;5&nbsp;€ and&#160;more&#xA0;here.</p>\n"
    assert check(project, "a.html", page) == []


def test_html_unclosed_and_broken_markup_is_no_error(project):
    page = f"<p>Open <b>bold <i>{MOJIBAKE}\n<div <p>\n<script>never closed {MOJIBAKE}\n"
    assert check(project, "a.html", page) == [m001(page, 1)]


def test_html_paragraph_repeated_under_two_headings_is_documentation(project):
    note = "If the element is not greater than the one before the cursor, an error is returned."
    # generated pages run on without blank lines; their <h2> still starts a section
    page = f"<h2>Insert after</h2>\n<p>\n{note}\n</p>\n<h2>Insert before</h2>\n<p>\n{note}\n</p>\n"
    assert check(project, "a.html", page) == []
    between = "A paragraph in between, long enough to be a paragraph of prose."
    scraped = f"<div>\n\n{note}\n\n{between}\n\n{note}\n\n</div>\n"
    assert check(project, "a.html", scraped) == [("D002", 7, 1)]


def test_html_declaring_a_legacy_charset_is_not_transcoded(project):
    page = '<html><head><meta charset="utf-16"></head><body><p>Le café était fermé.</p></body></html>\n'
    undeclared = page.replace('<meta charset="utf-16">', "")
    (project / "a.html").write_bytes(page.encode("utf-16"))
    (project / "b.html").write_bytes(undeclared.encode("utf-16"))
    run_cli("fix", "--no-cache", "a.html", "b.html", cwd=project)
    assert (project / "a.html").read_bytes() == page.encode("utf-16")  # kept with its declaration
    assert (project / "b.html").read_bytes() == undeclared.encode("utf-8")
    found = json.loads(run_cli("check", "--no-cache", "--format", "json", "a.html", cwd=project).out)
    assert [(f["code"], f["fix"]) for f in found] == [("M005", None)]
    assert "declares charset=utf-16" in found[0]["message"]


def test_html_caption_found_and_removed_only_where_that_keeps_the_markup(project):
    caption = "▲ 图为开发团队在发布会现场"
    page = f"<div>\n网络报告显示。\n{caption}\n用户扫一扫。\n</div>\n<p>正文。</p>\n{caption}</p>\n"
    found = json.loads(run_cli("check", "--no-cache", "--format", "json", "a.html", cwd=_write(project, "a.html", page)).out)
    assert [(f["code"], f["line"], f["fix"] is not None) for f in found] == [("C001", 3, True), ("C001", 7, False)]
    run_cli("fix", "--no-cache", "--unsafe-fixes", "a.html", cwd=project)
    assert (project / "a.html").read_text(encoding="utf-8") == page.replace(f"{caption}\n用户", "用户")


def test_html_boilerplate_is_reported_only_where_a_line_is_text(project):
    footer = "Copyright 2024 Example Corporation. All rights reserved."
    for number in range(6):
        _write(project, f"p{number}.html", f"<div>\n{footer}\n</div>\n<footer>{footer}</footer>\n<p>Page {number}.</p>\n")
    result = run_cli("check", "--no-cache", "--format", "json", "--select", "D003", ".", cwd=project)
    assert {(f["line"], f["code"]) for f in json.loads(result.out)} == {(2, "D003")}


def _write(project: Path, name: str, content: str) -> Path:
    (project / name).write_text(content, encoding="utf-8")
    return project


# -- reStructuredText and AsciiDoc ------------------------------------------------------------

RST = f"""Title with {MOJIBAKE}
=====================

A paragraph with ``{MOJIBAKE}`` in a literal and :code:`{MOJIBAKE}` in a role.
Then an example::

    print("{MOJIBAKE}")
    x{NBSP}= 1

Back to prose.

.. code-block:: python

   s = "{MOJIBAKE}"

.. {MOJIBAKE} a comment
   still the comment{NBSP}here

.. _{MOJIBAKE}-target: https://example.com/{MOJIBAKE}

.. note:: The note{NBSP}speaks.
   :class: {MOJIBAKE}

   Its body has the {MOJIBAKE} too.

>>> print("{MOJIBAKE}")
{MOJIBAKE}
"""


def test_rst_prose_found_code_and_comments_skipped(project):
    assert check(project, "doc.rst", RST) == [m001(RST, 1), s001(RST, 21), m001(RST, 24)]


def test_rst_literal_block_after_expanded_marker(project):
    text = f"Text before.\n\n::\n\n   {MOJIBAKE} literal\n\nAfter with {MOJIBAKE}.\n"
    assert check(project, "doc.rst", text) == [m001(text, 7)]


ADOC = f"""= Title with {MOJIBAKE}
:description: {MOJIBAKE}

Prose with `{MOJIBAKE}` in monospace.
The {MOJIBAKE} opened.

[source,python]
----
print("{MOJIBAKE}")
----

....
literal {MOJIBAKE}
....

[source]
print("{MOJIBAKE}")

////
{MOJIBAKE} commented out
////

// {MOJIBAKE} a line comment

++++
<p>{MOJIBAKE}</p>
++++

 indented literal {MOJIBAKE}

Last{NBSP}words here today.
"""


def test_asciidoc_two_line_title_is_no_listing_block(project):
    text = f"Section two\n-----------\n\nThe {MOJIBAKE} opened.\n\n----\n{MOJIBAKE}\n----\n"
    assert check(project, "doc.adoc", text) == [m001(text, 4)]


def test_asciidoc_prose_found_blocks_and_comments_skipped(project):
    expected = [m001(ADOC, 1), m001(ADOC, 5), s001(ADOC, 31)]
    assert check(project, "doc.adoc", ADOC) == expected
    assert check(project, "doc.asciidoc", ADOC) == expected


# -- gettext -----------------------------------------------------------------------------------

PO = f"""# Translation of the app. {MOJIBAKE}
msgid ""
msgstr ""
"Project-Id-Version: {MOJIBAKE}\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#: src/app.c:10 {MOJIBAKE}
msgid "The {MOJIBAKE} is open"
msgstr "Le {MOJIBAKE} est ouvert"

#, python-format
msgid "%(count)d files"
msgstr "%(count)d fichiers\\n"
"dans le dossier{NBSP}principal"

msgid "Saved"
msgstr "文件已保存\\n%s"

#~ msgid "old"
#~ msgstr "{MOJIBAKE}"
"""


def test_po_only_translations_are_prose(project):
    assert check(project, "fr.po", PO) == [m001(PO, 9), s001(PO, 14)]
    assert check(project, "app.pot", PO) == [m001(PO, 9), s001(PO, 14)]


def test_po_fix_keeps_the_catalogue_syntax(project):
    fixed = fix(project, "fr.po", PO)
    assert fixed == PO.replace(f'"Le {MOJIBAKE}', '"Le café').replace(f"dossier{NBSP}", "dossier ")


def test_po_escapes_and_placeholders_beside_chinese_are_syntax(project):
    catalogue = 'msgid "Saved %s"\nmsgstr "文件%s已保存\\n"\n"第二行\\"引用\\""\n'
    assert check(project, "zh.po", catalogue) == []


# -- subtitles ---------------------------------------------------------------------------------

SRT = f"""1
00:00:01,000 --> 00:00:03,500
<i>The {MOJIBAKE} is open.</i>

2
00:00:04,000 --> 00:00:06,000 X1:10 X2:20 Y1:5 Y2:9
{{\\an8}}Two<b>lines</b>
here{NBSP}now <span>leaked</span>
"""


def test_srt_cue_text_is_prose(project):
    assert check(project, "a.srt", SRT) == [m001(SRT, 3), s001(SRT, 8), ("H001", *at(SRT, 8, "<span>")), ("H001", *at(SRT, 8, "</span>"))]


def test_srt_fix_edits_cue_text_only(project):
    fixed = fix(project, "a.srt", SRT)
    assert fixed == SRT.replace(MOJIBAKE, "café").replace(f"here{NBSP}now", "here now")


VTT = f"""WEBVTT - {MOJIBAKE}
Kind: captions

NOTE a comment with {MOJIBAKE}
and{NBSP}more

STYLE
::cue {{ color: "{MOJIBAKE}" }}

intro-{MOJIBAKE}
00:01.000 --> 00:04.000 align:start position:10%
<v Roger>The {MOJIBAKE} &amp; bar</v> <00:02.500>later
<c.yellow>We{NBSP}walked</c> home.
"""


def test_vtt_cue_text_is_prose(project):
    assert check(project, "a.vtt", VTT) == [m001(VTT, 12), s001(VTT, 13)]


# -- front matter --------------------------------------------------------------------------------


def test_front_matter_title_and_description_are_prose(project):
    page = (
        "---\n"
        f'title: "The {MOJIBAKE} \\u00e9 guide"\n'
        f"description: We walked{NBSP}home. # {MOJIBAKE} comment\n"
        f"slug: {MOJIBAKE}\n"
        f"summary: >\n  Folded {MOJIBAKE}\n  text\n"
        f"tags: [{MOJIBAKE}]\n"
        "---\n\nBody.\n"
    )
    expected = [m001(page, 2), s001(page, 3), m001(page, 6)]
    assert check(project, "a.md", page) == expected
    assert check(project, "a.mdx", page) == expected


def test_toml_front_matter_title_is_prose(project):
    page = f"+++\ntitle = 'The {MOJIBAKE} guide'\nslug = \"{MOJIBAKE}\"\n+++\n\nBody.\n"
    assert check(project, "a.md", page) == [m001(page, 2)]


def test_front_matter_fix_edits_the_value_only(project):
    page = f"---\ntitle: The {MOJIBAKE} guide\nslug: {MOJIBAKE}\n---\n\nBody.\n"
    assert fix(project, "a.md", page) == page.replace(f"The {MOJIBAKE}", "The café")


# -- finding the files -------------------------------------------------------------------------


def test_folders_include_the_new_suffixes_by_default(project):
    shutil.copytree(INPUTS, project / "docs")
    result = run_cli("check", "--no-cache", "--format", "json", "docs", cwd=project)
    found = {(Path(f["path"]).name, f["code"], f["line"]) for f in json.loads(result.out)}
    assert found == {
        ("page.html", "M001", 3), ("page.htm", "M001", 1), ("guide.rst", "M001", 4), ("guide.adoc", "M001", 3),
        ("fr.po", "M001", 3), ("app.pot", "M001", 3), ("a.srt", "M001", 3), ("a.vtt", "M001", 4),
    }


def test_precommit_hooks_match_the_new_suffixes():
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    patterns = re.findall(r"files: (.+)", hooks)
    assert len(patterns) == 2
    for pattern in patterns:
        for name in ("a.html", "a.htm", "a.rst", "a.adoc", "a.asciidoc", "a.po", "a.pot", "a.srt", "a.vtt", "a.md"):
            assert re.search(pattern, name), (pattern, name)
        assert not re.search(pattern, "a.py")


# -- a plugin's file type ------------------------------------------------------------------------

PLUGIN = '''
import re
import textlint
from textlint.structures import SpanStructure

def lyrics(doc):
    """Lines in [brackets] are stage directions, not lyrics."""
    return SpanStructure(m.span() for m in re.finditer(r"^\\[.*\\]$", doc.text, re.MULTILINE))

@textlint.hookimpl
def textlint_file_types():
    return {".lyrics": lyrics}
'''


@pytest.fixture
def plugin_path(tmp_path_factory) -> str:
    return install_plugin(tmp_path_factory.mktemp("site"), "textlint_lyrics", PLUGIN)


def test_plugin_registers_a_file_type(plugin_path, project):
    song = f"[{MOJIBAKE} chorus]\nThe {MOJIBAKE} song\n"
    (project / "a.lyrics").write_text(song, encoding="utf-8")
    result = run_cli("check", "--no-cache", "--format", "json", "a.lyrics", cwd=project, env=with_plugins(plugin_path))
    assert [(f["code"], f["line"]) for f in json.loads(result.out)] == [("M001", 2)]
    # without the plugin the file is plain text: both lines are prose
    plain = run_cli("check", "--no-cache", "--format", "json", "a.lyrics", cwd=project)
    assert [(f["code"], f["line"]) for f in json.loads(plain.out)] == [("M001", 1), ("M001", 2)]


def test_plugin_with_a_broken_file_type_table_fails_plainly(tmp_path, project):
    site = install_plugin(
        tmp_path, "textlint_broken",
        "import textlint\n\n@textlint.hookimpl\ndef textlint_file_types():\n    return {'lyrics': 3}\n",
    )
    (project / "a.lyrics").write_text("Text.\n", encoding="utf-8")
    result = run_cli("check", "--no-cache", "a.lyrics", cwd=project, env=with_plugins(site))
    assert result.code == 2
    assert result.err.startswith("textlint: textlint_file_types:") and "Traceback" not in result.err
