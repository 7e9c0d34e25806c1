"""Invariants of the engine over every rule, checked on generated text.

- lint never raises, on any string and any bytes;
- fixing twice changes nothing;
- a text with no findings is never changed;
- every edit lies inside its finding's lines;
- fixes keep the file's line-ending convention.
"""
from __future__ import annotations

import collections
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from textlint.api import CutFindings, check_document, fix_document_text
from textlint.config import Settings
from textlint.document import BinaryFileError, Document, decode_bytes

ALL_RULES = Settings(select=["ALL"]).rules_for("<property>")

# Text that looks like what the rules care about: CJK, Latin with accents,
# mojibake-ish Latin-1, invisible characters, Markdown syntax, punctuation.
ALPHABET = st.sampled_from(
    list("abc XYZ 012 ,.:;!?()（）[]<>/&#`*-_|\n\n\r\t\"'")
    + list("中文字體為者的了是在底層技術团队阿里巴巴")
    + list("àéüßçÃ©â€™ÐœРїСЂ涓枃鎴戜滑縺ゅ锟斤拷烫屯")
    + list("\u00a0\u202f\u200b\u200c\u200d\u2060\ufeff\u3000\u2003\u202e\u2066\x00\x1b\x85\ufffd")
    + ["▲ ", "图：", "&nbsp;", "&amp;", "<br/>", "</span>", "(shù)", "(tuán)", "```\n", "![x](y.png)\n", "\n\n"]
)
TEXTS = st.lists(ALPHABET, max_size=60).map("".join) | st.text(max_size=80)
FORMATS = st.sampled_from(["txt", "md", "mdx"])
RELAXED = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _doc(text: str, fmt: str) -> Document:
    return Document(text, f"<property>.{fmt}", fmt)


@RELAXED
@given(TEXTS, FORMATS)
def test_lint_never_raises(text, fmt):
    for finding in check_document(_doc(text, fmt), ALL_RULES):
        assert 0 <= finding.start <= finding.end <= len(text)


_WITH_SURROGATES = st.lists(
    ALPHABET | st.characters(blacklist_categories=()) | st.sampled_from(["\udb13", "\udc80", "\ud83d"]),
    max_size=40,
).map("".join)


@RELAXED
@given(_WITH_SURROGATES, FORMATS, st.booleans())
@example("Ã©t\udb13é cafÃ© à la", "txt", False)
def test_lone_surrogates_never_raise(text, fmt, unsafe):
    """A str from the API or a JSON string may hold lone surrogates."""
    for finding in check_document(_doc(text, fmt), ALL_RULES):
        assert 0 <= finding.start <= finding.end <= len(text)
    fixed = fix_document_text(text, f"<p>.{fmt}", fmt, ALL_RULES, unsafe).text
    surrogates = lambda s: collections.Counter(c for c in s if "\ud800" <= c <= "\udfff")  # noqa: E731
    assert surrogates(fixed) <= surrogates(text)  # none made up; a removed line may take some


@RELAXED
@given(st.binary(max_size=200))
def test_decoding_never_raises_but_for_binary(data):
    try:
        decoded = decode_bytes(data)
    except BinaryFileError:
        return
    check_document(Document(decoded.text, decoded=decoded), ALL_RULES)


@RELAXED
@given(TEXTS, FORMATS, st.booleans())
def test_fixing_twice_changes_nothing(text, fmt, unsafe):
    once = fix_document_text(text, f"<p>.{fmt}", fmt, ALL_RULES, unsafe).text
    twice = fix_document_text(once, f"<p>.{fmt}", fmt, ALL_RULES, unsafe).text
    assert twice == once


# Lines of text that rules fix, joined with one line-ending convention.
_LINE = st.lists(ALPHABET.filter(lambda piece: "\n" not in piece and "\r" not in piece), max_size=12).map("".join)
_LINES = st.lists(
    _LINE | st.sampled_from(["查看案例", "Read more", "?", "▲ 图为现场", "first\u2028second", "a\u2029b"]),
    min_size=1, max_size=12,
)


def _endings(text: str) -> set[str]:
    return set(re.findall(r"\r\n|\r|\n", text))


@RELAXED
@given(_LINES, st.sampled_from(["\r\n", "\r", "\n"]), FORMATS, st.booleans())
@example(["first\u2028second"], "\r\n", "txt", True)
def test_fixes_keep_the_line_ending_convention(lines, newline, fmt, unsafe):
    text = newline.join(lines) + newline
    fixed = fix_document_text(text, f"<p>.{fmt}", fmt, ALL_RULES, unsafe).text
    assert _endings(fixed) <= {newline}, (text, fixed)


@RELAXED
@given(_LINES, st.lists(st.sampled_from(["\r\n", "\n"]), min_size=12, max_size=12), FORMATS, st.booleans())
def test_fixes_add_no_line_ending_a_mixed_file_lacks(lines, newlines, fmt, unsafe):
    text = "".join(line + newline for line, newline in zip(lines, newlines))
    fixed = fix_document_text(text, f"<p>.{fmt}", fmt, ALL_RULES, unsafe).text
    assert _endings(fixed) <= _endings(text), (text, fixed)


@RELAXED
@given(TEXTS, FORMATS)
def test_text_without_findings_is_never_changed(text, fmt):
    if check_document(_doc(text, fmt), ALL_RULES):
        return
    assert fix_document_text(text, f"<p>.{fmt}", fmt, ALL_RULES, True).text == text


@RELAXED
@given(TEXTS, FORMATS)
def test_edits_lie_inside_their_findings_lines(text, fmt):
    doc = _doc(text, fmt)
    for finding in check_document(doc, ALL_RULES):
        if finding.fix is None:
            continue
        first = doc.line_starts[doc.line_index(finding.start)]
        last_index = doc.line_index(finding.end)
        # a line-removing fix may take the line ending before or after it
        low = doc.line_starts[max(0, doc.line_index(finding.start) - 1)]
        high = doc.line_starts[last_index + 1] if last_index + 1 < len(doc.line_starts) else len(text)
        for edit in finding.fix.edits:
            assert low <= edit.start and edit.end <= high, (finding, edit, first)


MARKDOWN_PIECES = st.sampled_from(
    ["word ", "中文", "\n", "\n\n", "    ", "\t", "`", "``", "```\n", "~~~\n", "<div>", "<b>", "</b>", "<!-- c -->",
     "[a](http://x.y/z) ", "[r]: http://x\n", "> ", "- ", "1. ", "| a | b |\n|---|---|\n", "# ", "---\n",
     "import x from 'y'\n", "{expr}", "\u00a0", "a\u200bb",
     # MDX: ESM paragraphs, tag lines (paragraph text there), indented fences
     "export const a = 1;\n", "import {\n    b,\n} from 'c';\n", "<Tabs>\n", "  <Item label=\"x\">\n", "   ```js\n",
     "\t~~~\n", "</Tabs>\n", "x | y\n", "\r\n"]
)


@RELAXED
@given(st.lists(MARKDOWN_PIECES, max_size=40).map("".join), st.sampled_from(["md", "mdx"]))
def test_quick_prose_answers_as_markdown_it_would(text, fmt):
    _assert_quick_prose_agrees(text, fmt)


FRONT_MATTER = st.sampled_from([
    "", "---\n---\n", "---\ntitle: Word\u00a0word\n---\n", "---\ntitle: \"a `b` <i>c</i>\"\ndescription: >\n  中文，x\n---\n",
    "---\ntags: [a, b]\nsummary: 'x'\n---\n\n", "+++\ntitle = \"T\u200bt\"\n+++\n", "---\ntitle: never closed\n",
    "--- \ntitle: x\n---  \n", "---\r\ntitle: crlf\r\n---\r\n",
])


@RELAXED
@given(FRONT_MATTER, st.lists(MARKDOWN_PIECES, max_size=30).map("".join), st.sampled_from(["md", "mdx"]))
def test_quick_prose_answers_as_markdown_it_would_after_front_matter(front_matter, text, fmt):
    _assert_quick_prose_agrees(front_matter + text, fmt)


def _assert_quick_prose_agrees(text: str, fmt: str) -> None:
    from textlint.markdown import quick_is_prose

    doc = _doc(text, fmt)
    for start in range(len(text)):
        quick = quick_is_prose(doc, start, start + 1)
        if quick is not None:
            assert quick == doc.structure.is_prose(start, start + 1), (text, start)


def _glob_match_reference(relative: str, pattern: str) -> bool:
    """The plain definition the compiled glob matcher stands in for."""
    import fnmatch

    pattern = pattern.rstrip("/")
    anchored = pattern.startswith("./")  # "./docs": docs in the root folder, not any folder named so
    pattern = pattern[2:] if anchored else pattern
    if "/" not in pattern and not anchored:
        return fnmatch.fnmatch(relative.rsplit("/", 1)[-1], pattern) or fnmatch.fnmatch(relative, pattern)
    return (
        fnmatch.fnmatch(relative, pattern)
        or fnmatch.fnmatch(relative, pattern + "/*")
        or relative.startswith(pattern + "/")
    )


_PATH_PARTS = st.sampled_from(["docs", "a", "b.md", "x.txt", "a.b", "d+e", "*", "?", "[ab]", "[!a]", "**", "/", ".", "./", "é"])


@given(st.lists(_PATH_PARTS, min_size=1, max_size=5).map("".join), st.lists(_PATH_PARTS, max_size=5).map("".join))
@RELAXED
def test_compiled_globs_match_as_fnmatch_does(pattern, relative):
    from textlint.config import _glob_match, _relative, path_matches

    relative = relative.replace("*", "").replace("?", "").replace("[", "").replace("]", "").replace("!", "")
    assert _glob_match(relative, pattern) == _glob_match_reference(relative, pattern)
    as_found = _relative(relative, ".")  # what path_matches matches against
    assert path_matches(relative, ".", [pattern, "x.txt"]) == (
        _glob_match_reference(as_found, pattern) or _glob_match_reference(as_found, "x.txt")
    )


FENCE_PIECES = st.sampled_from(
    ["text ", "中文", "\n", "\n\n", "```\n", "```py\n", "````\n", "``` `x`\n", "~~~\n", "~~~~ a\n", "   ```\n",
     "  ~~~\n", "    ```\n", "- ", "1. ", "> ", "# ", "`code`", "<b>", "\u00a0", "```   \n", "\r\n", "\r"]
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FENCE_PIECES, max_size=40).map("".join), st.sampled_from(["md", "mdx"]))
def test_quick_prose_answers_as_markdown_it_would_around_fences(text, fmt):
    _assert_quick_prose_agrees(text, fmt)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FENCE_PIECES, max_size=40).map("".join), st.sampled_from(["md", "mdx"]))
def test_quick_same_paragraph_answers_as_markdown_it_would_around_fences(text, fmt):
    _assert_quick_same_paragraph_agrees(text, fmt)


def _assert_quick_same_paragraph_agrees(text: str, fmt: str) -> None:
    from textlint.markdown import quick_same_paragraph

    doc, parsed = _doc(text, fmt), _doc(text, fmt)
    for index in range(1, len(parsed.lines)):
        if not (parsed.lines[index].strip() and parsed.lines[index - 1].strip()):
            continue
        quick = quick_same_paragraph(doc, index)
        if quick is not None:
            block = parsed.block_at(index)
            same = block is not None and block.kind == "paragraph" and block is parsed.block_at(index - 1)
            assert quick == same, (text, index)


_SNIPPET_CHARS = st.sampled_from(list("abc XYZ .,") + list("中文字體ｱ") + ["\u00a0", "\u200b", "\t", "\x1b", "é", "\U0001f600"])


@RELAXED
@given(st.lists(_SNIPPET_CHARS, min_size=1, max_size=300).map("".join), st.data())
def test_snippet_shows_the_finding_with_the_caret_under_it(line, data):
    from textlint.formats.text import WINDOW, char_width, snippet, visible

    start = data.draw(st.integers(0, len(line) - 1))
    end = data.draw(st.integers(start, min(len(line), start + 12)))
    shown, carets = snippet(line, start, end)
    pad = len(carets) - len(carets.lstrip(" "))
    # the caret starts at the display column of the finding's first character
    column, index = 0, 0
    while column < pad:
        column += char_width(shown[index])
        index += 1
    assert column == pad and shown[index] == visible(line[start])
    assert set(carets.strip(" ")) == {"^"}
    # about WINDOW columns of the line, with an ellipsis where it was cut
    assert sum(map(char_width, shown)) <= WINDOW + 4
    assert shown.startswith("…") == (start - (index - shown.startswith("…")) > 0)


_PATH_PIECES = st.sampled_from(["a", "b.md", "..", ".", "/", "//", "x y", "é"])


@RELAXED
@given(st.lists(_PATH_PIECES, min_size=1, max_size=6).map("".join), st.lists(_PATH_PIECES, max_size=4).map("".join))
@example("//", "/")  # POSIX keeps two leading slashes: "//" is not below "/"
@example("//a", "/")
def test_relative_paths_are_what_relpath_gives(path, root):
    import os

    from textlint.config import _relative

    root = root or "."
    assert _relative(path, root) == os.path.relpath(os.path.abspath(path), os.path.abspath(root)).replace(os.sep, "/")


# -- the early stop under a findings cap (issue 14) ------------------------------------------------

from textlint.model import Finding, Rule  # noqa: E402

_SPANS = st.tuples(st.integers(0, 30), st.integers(0, 4)).map(lambda pair: (pair[0], pair[0] + pair[1]))
_RULE_OUTPUT = st.tuples(
    st.booleans(),  # declares ordered output
    st.booleans(),  # covers its span
    st.lists(st.tuples(_SPANS, st.sampled_from(["X1", "X2", None]), st.integers(0, 3)), max_size=25),
)


def _fake_rule(index: int, ordered: bool, covering: bool, output) -> Rule:
    if ordered:  # a rule that declares order must keep it (its own code when it gives none)
        output = sorted(output, key=lambda o: (o[0][0], o[0][1], o[1] or f"R{index}"))

    class Fake(Rule):
        code = f"R{index}"
        name = f"fake-{index}"
        ordered_output = ordered
        covers_span = covering

        def check(self, doc):
            for (start, end), code, tag in output:
                yield Finding(start, end, f"{index}/{tag}", code=code)

    return Fake()


def _seen(findings) -> list[tuple]:
    return [(f.start, f.end, f.code, f.rule, f.message) for f in findings]


@given(st.lists(_RULE_OUTPUT, max_size=6), st.integers(1, 40), st.sampled_from(["", "textlint: disable-next-line R1\n"]))
@RELAXED
def test_merging_ordered_streams_gives_the_first_findings_of_sorting_them_all(outputs, limit, directive):
    text = directive + "0123456789\n" * 4
    rules = [_fake_rule(i, *output) for i, output in enumerate(outputs)]
    whole = check_document(_doc(text, "txt"), rules)
    capped = check_document(_doc(text, "txt"), rules, limit=limit)
    assert _seen(capped[: limit + 1]) == _seen(whole[: limit + 1])
    # cut right after the first hidden finding, or whole (then the count is exact)
    if isinstance(capped, CutFindings):
        assert len(capped) == limit + 1 <= len(whole)  # one hidden at least; more perhaps
    else:
        assert _seen(capped) == _seen(whole)


_ORDERED = [rule for rule in ALL_RULES if rule.ordered_output]


def _in_position_order(rule, doc) -> bool:
    spans = [(f.start, f.end) for f in rule.check(doc)]
    return spans == sorted(spans)


def test_the_rules_that_declare_order_include_those_that_flood():
    assert {"S001", "S002", "S003", "S004", "S005", "S006", "Z001", "Z002", "C001", "C002", "H001", "H002"} <= {
        rule.code for rule in _ORDERED
    }


@given(TEXTS, FORMATS)
@RELAXED
def test_rules_that_declare_order_yield_in_position_order(text, fmt):
    doc = _doc(text, fmt)
    assert [rule.code for rule in _ORDERED if not _in_position_order(rule, doc)] == []


def test_rules_that_declare_order_keep_it_on_the_fixtures_and_the_seed():
    from conftest import FIXTURES, SEED
    from textlint.document import format_for_path

    paths = [SEED, *sorted(p for p in FIXTURES.rglob("*") if p.is_file())]
    for path in paths:
        try:
            decoded = decode_bytes(path.read_bytes())
        except BinaryFileError:
            continue
        doc = Document(decoded.text, str(path), format_for_path(str(path)), decoded=decoded)
        assert [rule.code for rule in _ORDERED if not _in_position_order(rule, doc)] == [], path


@RELAXED
@given(FRONT_MATTER, st.lists(MARKDOWN_PIECES, max_size=30).map("".join), st.sampled_from(["md", "mdx"]))
def test_quick_same_paragraph_answers_as_markdown_it_would_with_esm_and_tags(front_matter, text, fmt):
    _assert_quick_same_paragraph_agrees(front_matter + text, fmt)


def test_quick_prose_reads_an_mdx_page_as_its_parse_does():
    """The shape of a documentation page in MDX: front matter, ESM, tags
    around Markdown, an indented fence; answered without parsing where
    the parse is certain, and as the parse answers."""
    from textlint.markdown import quick_is_prose

    text = (
        "---\ntitle: Add\u00a0a page\n---\nimport Tabs from '~/Tabs.astro';\nimport Item from '~/Item.astro';\n\n"
        "Some prose, with `code` and\u00a0a space.\n\n<Tabs>\n  <Item label=\"npm\">\n  ```sh\n  npm i\n  ```\n"
        "  </Item>\n</Tabs>\n\nMore prose.\n"
    )
    doc, parsed = _doc(text, "mdx"), _doc(text, "mdx")
    answered = 0
    for start in range(len(text)):
        quick = quick_is_prose(doc, start, start + 1)
        if quick is not None:
            answered += 1
            assert quick == parsed.structure.is_prose(start, start + 1), (start, text[start])
    assert doc._structure is None  # nothing was parsed to answer
    assert answered > len(text) // 2
