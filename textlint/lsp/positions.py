"""Code-point offsets (what rules report) to LSP positions and back.

An LSP position is a 0-based line and a character counted in the code units
of the negotiated encoding: UTF-16 unless the client offers another.  Lines
end only at ``\\n``, ``\\r\\n`` or ``\\r``.  pygls's own codec splits lines
with ``str.splitlines``, which also breaks at form feeds, NEL, U+2028 and the
other separators this linter exists to report, so a document holding one
would be misplaced from there on; hence this small index of our own.
"""
from __future__ import annotations

import bisect
import re

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def code_units(text: str, encoding: str = UTF16) -> int:
    """How many code units ``text`` takes in ``encoding``."""
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        # surrogatepass: a lone surrogate a client sent counts as the 3 bytes it would take
        return len(text.encode("utf-8", "surrogatepass")) if _NON_ASCII.search(text) else len(text)
    return len(text) + len(_ASTRAL.findall(text))  # each astral character is a surrogate pair


class LineIndex:
    """Where each line of a text starts, as LSP counts lines."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = encoding if encoding in (UTF8, UTF16, UTF32) else UTF16
        self.starts = [0] + [match.end() for match in _LINE_BREAK.finditer(text)]

    def _content_end(self, line: int) -> int:
        """The offset where ``line``'s text ends, before its line break."""
        if line + 1 >= len(self.starts):
            return len(self.text)
        end = self.starts[line + 1]
        while end > self.starts[line] and self.text[end - 1] in "\r\n":
            end -= 1
        return end

    def position(self, offset: int) -> tuple[int, int]:
        """The (line, character) of a code-point offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        # an offset between \r and \n cannot be said in LSP: the line's end
        end = min(offset, self._content_end(line))
        return line, code_units(self.text[start:end], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """The code-point offset of an LSP (line, character); past a line's
        end means its end, past the last line the end of the text."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[line], self._content_end(line)
        content = self.text[start:end]
        if self.encoding == UTF32 or code_units(content, self.encoding) == len(content):
            return start + max(0, min(character, len(content)))
        units = 0
        for index, char in enumerate(content):  # only a line with wide characters walks
            if units >= character:
                return start + index
            units += code_units(char, self.encoding)
        return end
