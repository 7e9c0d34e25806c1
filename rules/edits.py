"""The edits more than one family makes: removing whole lines.

C001/C002 remove a lost image's lines, D001/D002 a repeated line or
paragraph; the line endings they take decide whether neighbouring removals
overlap and whether a gap is left, so the rule is written once here."""
from __future__ import annotations

from textlint import Edit


def remove_lines(doc, first: int, last: int, *, ending_after: bool = False) -> Edit:
    """Remove lines ``first..last`` (0-based) with one line ending.

    The ending taken is the one *before* the lines: neighbouring removals
    then never overlap, a last line without a newline stays without one, and
    the kept line keeps its own ending, CRLF included.  Lines that open the
    text have no ending before them and take the one after (as does a caller
    that asks, with ``ending_after``)."""
    if ending_after or first == 0:
        starts = doc.line_starts
        return Edit(starts[first], starts[last + 1] if last + 1 < len(starts) else len(doc.text))
    return Edit(doc.line_span(first - 1)[1], doc.line_span(last)[1])
