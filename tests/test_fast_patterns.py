"""Patterns rewritten so that ``re`` can skip ahead in C find exactly what
the plain form finds.

Python's ``re`` searches fast only when a pattern opens with a literal or
one character class; a pattern opening with a lookahead, a repeat or an
alternation of classes is tried at every character.  Each rewrite here is
held to the plain form it replaces, on text made of the characters that
matter to it.
"""
from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from textlint import markdown


def _starts(pattern: re.Pattern, text: str) -> list[int]:
    return [match.start() for match in pattern.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="\n\r \ta", max_size=40))
def test_line_break_lookups_start_where_the_lookaheads_do(text: str) -> None:
    assert _starts(markdown._DOUBLE_NEWLINE_AT, text) == _starts(re.compile(r"(?=\n\n)"), text)
    assert _starts(markdown._BLANK_LINE_AT, text) == _starts(re.compile(r"(?=\n[ \t]*\r?\n)"), text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="\n\r a\u2028", max_size=40))
def test_line_starts_and_lines_are_what_a_scan_for_line_feeds_gives(text: str) -> None:
    from textlint.document import Document

    doc = Document(text)
    assert doc.line_starts == [0] + [m.end() for m in re.finditer("\n", text)]
    assert doc.lines == [line.rstrip("\r") for line in text.split("\n")]


#: H001's pattern for what is left of a tag that lost its "<" and name, as
#: one regular expression: the form ``markup._headless_matches`` stands for.
_HEADLESS_PLAIN = re.compile(
    r'[ \t]?(?<![\w"\'=:/.-])(?:href|src|srcset|target|rel|alt|class|style|data-[\w-]+)="[^"\n<>]{0,500}"'
    r'(?:\s+[\w:-]+(?:="[^"\n<>]{0,500}")?){0,8}\s*/?>'
)
_HEADLESS_PIECES = [
    'href="a"', 'srcset="b"', 'data-x-y="1"', ' rel="n"', 'target="_blank"', 'src', 'class', 'data-',
    '="', '"', '=', ' ', '\t', '\n', '>', '/>', '<', 'x', '_', ':', '.', '-', 'é', '中', '1',
]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_HEADLESS_PIECES), max_size=24).map("".join))
def test_headless_tag_spans_are_what_the_one_pattern_finds(text: str) -> None:
    from textlint_rules import markup

    assert list(markup._headless_matches(text)) == [m.span() for m in _HEADLESS_PLAIN.finditer(text)]


def test_headless_tag_spans_on_cut_tags() -> None:
    from textlint_rules import markup

    text = 'a xhref="1" target="_b">t 女伶 href="https://x" rel="n">小 \tclass="c">'
    found = list(markup._headless_matches(text))
    assert found == [m.span() for m in _HEADLESS_PLAIN.finditer(text)]
    # the rejected name ("xhref") is passed over, not its whole span: the
    # target attribute inside it is found, with the space before it
    assert [text[s:e] for s, e in found] == [' target="_b">', ' href="https://x" rel="n">', '\tclass="c">']
