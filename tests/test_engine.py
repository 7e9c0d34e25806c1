"""The engine: documents, Markdown structure, fixes, configuration, selection."""
from __future__ import annotations

import codecs

import pytest

from textlint import Edit, Finding, Fix
from textlint.config import ConfigError, Settings, load_file, settings_for
from textlint.document import BinaryFileError, Document, decode_bytes, format_for_path
from textlint.fixes import apply_fixes, fix_until_stable
from textlint.registry import UnknownSelector, resolve, select_rules

# -- documents --------------------------------------------------------------------------


def test_positions_are_one_based_code_points():
    doc = Document("ab\n中文x\r\nz")
    assert doc.position(0) == (1, 1)
    assert doc.position(3) == (2, 1)
    assert doc.position(5) == (2, 3)  # 'x' after two CJK characters
    assert doc.lines == ["ab", "中文x", "z"]
    assert doc.line_span(1) == (3, 6)


def test_format_from_suffix():
    assert format_for_path("a/b.MD") == "md"
    assert format_for_path("a/b.mdx") == "mdx"
    assert format_for_path("a/b.markdown") == "md"
    assert format_for_path("notes.txt") == "txt"


@pytest.mark.parametrize(
    "data, text, encoding",
    [
        ("héllo".encode(), "héllo", "utf-8"),
        (codecs.BOM_UTF8 + "x".encode(), "x", "utf-8"),
        (codecs.BOM_UTF16_LE + "中文".encode("utf-16-le"), "中文", "utf-16-le"),
        (b"", "", "utf-8"),
    ],
)
def test_decode_bytes(data, text, encoding):
    decoded = decode_bytes(data)
    assert decoded.text == text
    assert decoded.encoding == encoding
    assert decoded.certain
    assert decoded.encode(decoded.text) == data


def test_binary_is_refused():
    with pytest.raises(BinaryFileError):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" + bytes(range(256)))


def test_mostly_utf8_is_never_certain():
    data = ("Grüße aus Köln, " * 20).encode() + b"\xff bad byte\n"
    decoded = decode_bytes(data)
    assert not decoded.certain
    assert decoded.bad_offsets and decoded.text[decoded.bad_offsets[0]] == "\ufffd"


# -- Markdown structure --------------------------------------------------------------------

MARKDOWN = """---
slug: front matter
---
# Heading

Prose with `inline code` and <span>html</span> and a [link](http://x.y/z_w).

```python
code block
```

    indented code

<div>
html block
</div>

| a | b |
|---|---|
| 1 | 2 |

- item
- item
"""


def test_markdown_prose_regions():
    doc = Document(MARKDOWN, "a.md", "md")
    text = doc.text

    def prose(fragment: str) -> bool:
        start = text.index(fragment)
        return doc.is_prose(start, start + len(fragment))

    assert not prose("front matter")  # a key other than title, description, summary, subtitle
    titled = Document(MARKDOWN.replace("slug:", "title:"), "a.md", "md")
    title = titled.text.index("front matter")
    assert titled.is_prose(title, title + len("front matter")) and not titled.is_prose(0, title)
    assert prose("Heading")
    assert prose("Prose with")
    assert not prose("inline code")
    assert not prose("<span>")
    assert prose("html")  # the text between inline tags is prose
    assert not prose("http://x.y/z_w")
    assert prose("link")
    assert not prose("code block")
    assert not prose("indented code")
    assert not prose("html block")
    assert doc.block_at(text[: text.index("| 1")].count("\n")).kind == "table"
    assert "list_item" in doc.block_at(text[: text.index("- item")].count("\n")).containers


def test_mdx_import_lines_and_expressions_are_not_prose():
    text = "import Foo from '../foo.astro';\n\nSome {frontmatter.title} prose <Foo bar=\"baz\" /> here.\n"
    doc = Document(text, "a.mdx", "mdx")
    assert not doc.is_prose(0, 5)
    assert not doc.is_prose(text.index("{front"), text.index("}") + 1)
    assert not doc.is_prose(text.index("<Foo"), text.index("/>") + 2)
    assert doc.is_prose(text.index("prose"), text.index("prose") + 5)


def test_plain_text_is_all_prose():
    doc = Document("```\nnot code in a .txt\n```\n", "a.txt", "txt")
    assert doc.is_prose(4, 10)


# -- fixes ----------------------------------------------------------------------------------


def _finding(start, end, content, applicability="safe"):
    return Finding(start, end, "m", fix=Fix([Edit(start, end, content)], applicability))


def test_apply_fixes_skips_overlaps_and_unsafe():
    text = "abcdef"
    findings = [_finding(0, 2, "X"), _finding(1, 3, "Y"), _finding(4, 5, "Z", "unsafe")]
    assert apply_fixes(text, findings) == ("Xcdef", 1)
    assert apply_fixes(text, findings, unsafe=True) == ("XcdZf", 2)


def test_fix_until_stable_applies_skipped_overlaps_in_a_later_pass():
    def lint(text):
        return [_finding(i, i + 2, "-") for i in range(len(text) - 1) if text[i:i + 2] == "aa"]

    fixed, count, remaining = fix_until_stable("aaaa", lint)
    assert fixed == "--" and count == 2 and remaining == []


def _coded(finding, code):
    finding.code = code
    return finding


def test_fix_until_stable_leaves_a_text_that_never_settles_as_it_was():
    def lint(text):  # a broken rule pair that keeps flipping the text
        return [_coded(_finding(0, 1, "b" if text[0] == "a" else "a"), "X001")]

    fixed, count, remaining = fix_until_stable("a", lint)
    assert (fixed, count) == ("a", 0)  # no pass count stops it halfway: nothing is applied
    assert [f.code for f in remaining] == ["X001"]  # still reported, with its fix


def test_a_rule_that_never_settles_is_withheld_and_the_others_still_fix():
    def lint(text):
        findings = []
        if text.startswith("a"):  # X001 grows a run of marks by one on every pass, forever
            marks = text.index(" ")
            findings.append(_coded(_finding(0, marks, "a" * (marks + 1)), "X001"))
        if text.endswith("zz"):  # X002 settles in one pass
            findings.append(_coded(_finding(len(text) - 2, len(text), "z"), "X002"))
        return findings

    fixed, count, remaining = fix_until_stable("a zz", lint)
    assert fixed == "a z" and count == 1
    assert [f.code for f in remaining] == ["X001"]
    assert fix_until_stable(fixed, lint)[0] == fixed  # fixing again changes nothing


def test_a_chain_that_settles_within_the_passes_is_applied_whole():
    def lint(text):  # each pass mends one more "aa", as repairs that uncover the next do
        index = text.find("aa")
        return [] if index < 0 else [_coded(_finding(index, index + 2, "b"), "X001")]

    fixed, count, remaining = fix_until_stable("aa" * 5, lint)
    assert fixed == "b" * 5 and count == 5 and remaining == []


def test_fix_rejects_bad_applicability():
    with pytest.raises(ValueError):
        Fix([], applicability="maybe")


# -- selection and configuration -----------------------------------------------------------------


def test_resolve_codes_prefixes_and_names():
    assert resolve("S001") == {"S001"}
    assert resolve("stray-nbsp") == {"S001"}
    assert {"S001", "S006"} <= resolve("S")
    assert {"S001", "S006"} <= resolve("S00")
    with pytest.raises(UnknownSelector):
        resolve("Q999")
    with pytest.raises(UnknownSelector):
        resolve("not-a-rule")


def test_more_specific_selector_wins():
    assert select_rules(["S001"], ignore=["S"]) == {"S001"}
    assert "S001" not in select_rules(["S"], ignore=["S001"])
    assert "S001" in select_rules(None)


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_nearest_configuration_wins(tmp_path):
    _write(tmp_path / "pyproject.toml", '[tool.textlint]\nselect = ["S001"]\n')
    _write(tmp_path / "sub" / "textlint.toml", 'select = ["S002"]\n')
    _write(tmp_path / "other" / "pyproject.toml", '[project]\nname = "x"\n')  # no [tool.textlint]
    assert settings_for(str(tmp_path / "a.txt")).enabled_codes() == {"S001"}
    assert settings_for(str(tmp_path / "sub" / "a.txt")).enabled_codes() == {"S002"}
    assert settings_for(str(tmp_path / "other" / "a.txt")).enabled_codes() == {"S001"}


@pytest.mark.parametrize(
    "content, message",
    [
        ('[tool.textlint]\nselct = ["S001"]\n', "unknown configuration key 'selct'"),
        ('[tool.textlint]\nselect = ["Q123"]\n', "unknown rule code or name 'Q123'"),
        ('[tool.textlint]\nselect = "S001"\n', "'select' must be a list"),
        ('[tool.textlint.rules.S001]\nflavour = 1\n', "unknown option 'flavour' for rule S001"),
        ('[tool.textlint.rules.Q001]\n', "unknown rule 'Q001'"),
        ("[tool.textlint\n", "not valid TOML"),
    ],
)
def test_configuration_errors_name_the_key_and_file(tmp_path, content, message):
    path = _write(tmp_path / "pyproject.toml", content)
    with pytest.raises(ConfigError) as error:
        load_file(str(path))
    assert message in str(error.value)
    assert str(path) in str(error.value)


def test_per_file_ignores(tmp_path):
    path = _write(tmp_path / "textlint.toml", '[per-file-ignores]\n"legacy/*.txt" = ["S001"]\n"*.md" = ["S"]\n')
    settings = load_file(str(path))
    assert "S001" not in settings.codes_for(str(tmp_path / "legacy" / "a.txt"))
    assert "S001" in settings.codes_for(str(tmp_path / "new" / "a.txt"))
    assert not {c for c in settings.codes_for(str(tmp_path / "x" / "b.md")) if c.startswith("S")}


def test_settings_fingerprint_changes_with_options():
    assert Settings().fingerprint() != Settings(select=["S001"]).fingerprint()


def test_mdx_fence_indented_under_a_component_is_code():
    text = '<Tabs>\n  <TabItem label="npm">\n    ```shell\n    npm create astro\xa0now\n    ```\n  </TabItem>\n</Tabs>\n\nProse after.\n'
    doc = Document(text, "a.mdx", "mdx")
    assert not doc.is_prose(text.index("npm create"), text.index("npm create") + 3)
    assert not doc.is_prose(text.index("<TabItem"), text.index("<TabItem") + 3)
    assert doc.is_prose(text.index("Prose after"), text.index("Prose after") + 5)


def test_lone_carriage_returns_do_not_derail_the_markdown_structure():
    text = "a\rb\n\n```\ncode\r\n```\nx\u00a0y\r"
    for fmt in ("md", "mdx"):
        doc = Document(text, f"a.{fmt}", fmt)
        assert doc.is_prose(0, 1)
        assert not doc.is_prose(text.index("code"), text.index("code") + 4)


def test_lazy_pattern_compiles_on_first_use_and_then_answers_as_re_does():
    import re

    from textlint.charclass import lazy_compile

    lazy = lazy_compile("[\u4e00-\u9fff]+", re.MULTILINE)
    assert "search" not in vars(lazy)  # nothing compiled yet
    plain = re.compile("[\u4e00-\u9fff]+", re.MULTILINE)
    text = "abc 中文 def 字"
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert "search" in vars(lazy)  # the compiled pattern's own methods from now on
    assert lazy.findall(text, 5) == plain.findall(text, 5)
    assert lazy.sub("X", text) == plain.sub("X", text)
    assert lazy.pattern == plain.pattern and lazy.flags == plain.flags


def test_a_cap_stops_the_rules_that_yield_in_order_early():
    from textlint.api import check_document
    from textlint.model import Finding, Rule

    class Flood(Rule):
        code = "X001"
        name = "flood"
        ordered_output = True

        def check(self, doc):
            for start in range(5):
                yield Finding(start, start + 1, "again")
            raise AssertionError("read past the cap")  # a rule asked for more than the cap needs

    doc = Document("abcdefgh", "a.txt", "txt")
    assert [f.start for f in check_document(doc, [Flood()], limit=3)] == [0, 1, 2, 3]
    with pytest.raises(Exception, match="read past the cap"):
        check_document(doc, [Flood()])
