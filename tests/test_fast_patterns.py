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
