"""``--format text``: for people.

    docs/a.md:3:5: S001 Non-breaking space between words [*]
      3 | The quick·brown fox
        |          ^

The source line is shown with invisible characters made visible, cut to a
window around the finding, and the caret is aligned by display width, so it
sits under the right character in CJK text too.
"""
from __future__ import annotations

import os
import unicodedata
from bisect import bisect_left, bisect_right
from itertools import accumulate

from textlint.formats import BaseReporter

WINDOW = 72  # display columns of source shown around a finding


def char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def visible(char: str) -> str:
    """A printable stand-in for characters a terminal would hide or act on."""
    if char == "\t":
        return " "
    category = unicodedata.category(char)
    if category in ("Cc", "Cf", "Cs", "Co", "Cn") or char == "\ufeff":
        return "¤"
    if category == "Zs" and char != " ":
        return "·"
    return char


class _TranslateTable(dict):
    """A str.translate table that maps each character as ``convert`` says,
    asked once per character and remembered."""

    def __init__(self, convert) -> None:
        super().__init__()
        self.convert = convert

    def __missing__(self, code: int) -> str:
        value = self[code] = self.convert(chr(code))
        return value


#: each character a terminal would hide or act on to its printable stand-in
_VISIBLE = _TranslateTable(visible)
#: each character to the character whose code is its display width (0, 1 or
#: 2), so that translate and encode("latin-1") give a line's widths as bytes in C
_WIDTHS = _TranslateTable(lambda char: chr(char_width(char)))


def snippet(line: str, start: int, end: int) -> tuple[str, str]:
    """The shown part of ``line`` and the caret line under ``line[start:end]``."""
    start = min(max(start, 0), len(line))  # a position past the line is shown at its end
    # look only at a slice around the finding: lines of scraped text are long
    offset = max(0, start - WINDOW // 3 - 1)
    piece = line[offset:start + WINDOW + 1]
    start, end = start - offset, max(end, start + 1) - offset
    # one stand-in character for one character; a printable piece holds
    # none of the characters visible() replaces (see test_formats)
    shown = piece if piece.isprintable() else piece.translate(_VISIBLE)
    if shown.isascii():  # every character one column wide: the walks below, counted
        left = max(0, start - WINDOW // 3)
        right = max(min(len(shown), left + WINDOW), min(len(shown), start + 1))
        pad, span = start - left, (min(end, right) - start) or 1
    else:
        # pick a window of about WINDOW columns that contains the start: as
        # many characters before it as fit in a third of the columns, then as
        # many from there as fit in all of them (on the running sums of the
        # widths, which never fall, so the fits are found by bisection)
        columns = list(accumulate(shown.translate(_WIDTHS).encode("latin-1"), initial=0))
        left = bisect_left(columns, columns[start] - WINDOW // 3, 0, start)
        right = min(len(shown), bisect_right(columns, columns[left] + WINDOW) - 1)
        right = max(right, min(len(shown), start + 1))
        pad, span = columns[start] - columns[left], (columns[min(end, right)] - columns[start]) or 1
    prefix = "…" if left + offset > 0 else ""
    suffix = "…" if right < len(shown) or offset + len(piece) < len(line) else ""
    return prefix + shown[left:right] + suffix, " " * (len(prefix) + pad) + "^" * span


class Reporter(BaseReporter):
    def __init__(self, stream, options) -> None:
        super().__init__(stream, options)
        self.colour = _colour_wanted(stream)

    def paint(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.colour else text

    def write_result(self, result) -> None:
        for d in result.diagnostics:
            fixable = " [*]" if d.fix and d.fix.get("applicability") == "safe" else ""
            location = f"{d.path}:{d.line}:{d.column}:"
            if d.record is not None:
                location = f"{d.path}:{d.record}:{d.line}:{d.column}:"
            self.stream.write(
                f"{self.paint(location, '1')} {self.paint(d.code, '1;31')} {d.message}{self.paint(fixable, '36')}\n"
            )
            if d.source_line and not self.options.get("concise"):
                end = d.end_column - 1 if d.end_line == d.line else len(d.source_line)
                text, carets = snippet(d.source_line, d.column - 1, end)
                gutter = str(d.line)
                self.stream.write(f"  {self.paint(gutter, '34')} | {text}\n")
                self.stream.write(f"  {' ' * len(gutter)} | {self.paint(carets, '1;31')}\n")

    def finish(self) -> None:
        write = self.stream.write
        if self.options.get("statistics") and self.by_code:  # asked for, so shown even with --quiet
            for code, count in sorted(self.by_code.items(), key=lambda item: (-item[1], item[0])):
                write(f"{count:6}  {code}\n")
        if self.options.get("quiet"):
            return
        if self.options.get("show_fixes"):
            for path, count in self.fixed_files:
                write(f"Fixed {count} in {path}\n")
        if self.found == 0 and self.fixed == 0:
            write("All checks passed!\n")
            return
        write(self.summary() + "\n")

    def summary(self) -> str:
        """The last line: what was found and fixed, and what ``--fix`` and
        ``--unsafe-fixes`` would mend besides (ruff's hint for fixes the run
        left disabled)."""
        parts = []
        if self.fixed:
            parts.append(f"Fixed {self.fixed} problem{'s' * (self.fixed != 1)}")
        if self.found:
            noun = f"problem{'s' * (self.found != 1)}"
            parts.append(f"Found {self.found} {noun}" if not self.fixed else f"{self.found} remaining")
        line = ", ".join(parts) + "."
        if self.fixable and self.options.get("mode") == "check":
            line += f" {self.fixable} fixable with --fix."
        if self.unsafe_fixable:
            line += f" {self.unsafe_fixable} more fixable with --unsafe-fixes."
        return line


def _colour_wanted(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
