"""Regular-expression character classes for large sets of characters.

Rules that look for thousands of characters at once (the rare CJK
characters where mojibake lives, the characters of one Chinese script) build
their classes at start; how the class is written decides how long ``re``
takes to compile it, and how fast it scans.
"""
from __future__ import annotations

#: Every character str.splitlines ends a line at (so a diff's lines end there too).
SPLITLINES_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def char_class(chars) -> str:
    """A regex character class for ``chars``, with runs collapsed to ranges.

    Characters beyond ASCII stand for themselves (the pattern parser reads a
    literal character several times faster than an escape, which matters
    for the classes of tens of thousands of CJK characters built at start);
    ASCII and characters above U+FFFF are escaped."""
    points = sorted({ord(c) for c in chars})
    if not points:
        return "[]"
    following = points[1:]
    starts = [points[0]] + [b for a, b in zip(points, following) if b != a + 1]
    ends = [a for a, b in zip(points, following) if b != a + 1] + [points[-1]]
    parts = [_escape(start) if start == end else f"{_escape(start)}-{_escape(end)}" for start, end in zip(starts, ends)]
    return "[" + "".join(parts) + "]"


def _escape(point: int) -> str:
    if 0x7F < point <= 0xFFFF and not 0xD800 <= point <= 0xDFFF:
        return chr(point)
    return f"\\U{point:08x}" if point > 0xFFFF else f"\\u{point:04x}"


class LazyPattern:
    """``re.compile(source, flags)``, compiled the first time it is used.

    ``re`` builds a class of tens of thousands of characters (the Han
    ranges) one code point at a time, a few milliseconds each; a module of
    rules that defines a dozen such patterns would spend a fifth of a
    single-file run compiling patterns that an English file never needs.
    After the first use the compiled pattern's methods are this object's
    own attributes, so a use costs what it would on the compiled pattern.
    """

    _METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")

    def __init__(self, source: str, flags: int = 0) -> None:
        self.pattern = source
        self._flags = flags

    def __getattr__(self, name: str):
        from textlint import regexcode

        compiled = regexcode.compile(self.pattern, self._flags)
        for method in self._METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"


def lazy_compile(source: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(source, flags)
