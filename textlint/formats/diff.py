"""What ``--diff`` prints: the unified diff fixing would make, and nothing else.

The diff is for reading: on its ``-`` and ``+`` lines each invisible, space-
like or control character is written as an escape (``\\u00a0``, ``\\u200b``),
since a fix that swaps a non-breaking space for a space otherwise shows two
lines that look the same.  Context lines and the files fixing writes are
left as they are.  ``Would fix N problems.`` goes to standard error (as in
ruff), so standard output holds the diff alone.
"""
from __future__ import annotations

import re
import sys
import unicodedata

from textlint.charclass import SPLITLINES_BREAKS
from textlint.formats import BaseReporter
from textlint.formats.text import _TranslateTable

#: hidden or acting characters: controls, format characters (zero-width,
#: bidirectional, BOM), spaces other than U+0020, line and paragraph
#: separators, surrogates (undecodable bytes) and unassigned code points
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Cs", "Cn"})
_KEPT = frozenset(" \t")


def _escape(char: str) -> str:
    if char in _KEPT or unicodedata.category(char) not in _INVISIBLE_CATEGORIES:
        return char
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


_ESCAPES = _TranslateTable(_escape)
_HUNK = re.compile(r"@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@")
_LINE_END = re.compile(r"(\r\n|\n|\r)?\Z")


def _shown(line: str) -> str:
    """A ``-``/``+`` line with its invisible characters escaped, its line break kept."""
    body_end = _LINE_END.search(line).start()
    body, end = line[:body_end], line[body_end:]
    if not end and body[-1:] in SPLITLINES_BREAKS:  # escaped, it would no longer end the line
        end = "\n"
    return body.translate(_ESCAPES) + end


def make_visible(diff: str) -> str:
    """``diff`` with the changed lines' invisible characters escaped.

    Hunk headers say how many old and new lines follow, so a removed line
    that itself starts with ``--`` is never taken for a file header."""
    shown = []
    old = new = 0  # lines still due in the current hunk
    for line in diff.splitlines(keepends=True):
        if old <= 0 and new <= 0:
            header = _HUNK.match(line)
            if header:
                old = int(header.group(1) or 1)
                new = int(header.group(2) or 1)
            shown.append(line)
            continue
        tag = line[:1]
        if tag == "-":
            old -= 1
            line = "-" + _shown(line[1:])
        elif tag == "+":
            new -= 1
            line = "+" + _shown(line[1:])
        elif tag == " ":
            old, new = old - 1, new - 1
        shown.append(line)
    return "".join(shown)


class Reporter(BaseReporter):
    def write_result(self, result) -> None:
        if result.diff:
            self.stream.write(make_visible(result.diff))
        for diagnostic in result.diagnostics:
            if diagnostic.code.startswith("E9"):  # a file left unfixed must not pass unnoticed
                sys.stderr.write(f"{diagnostic.path}: {diagnostic.code} {diagnostic.message}\n")

    def finish(self) -> None:
        if self.options.get("quiet"):
            return
        would = self.fixed
        sys.stderr.write(f"Would fix {would} problem{'s' * (would != 1)}.\n" if would else "No fixes available.\n")
