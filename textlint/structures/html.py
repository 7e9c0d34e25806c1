"""Where the prose is in an HTML page: the text a reader sees, at its place in the source.

The parser is the standard library's ``html.parser.HTMLParser``.  It is
kept with Python, reads broken pages without raising, treats ``<script>``
and ``<style>`` as raw text, and (with ``convert_charrefs=False``) hands
over every run of text exactly as it stands in the source with its
position (``getpos``), which is what findings and in-place fixes need.
html5lib and selectolax build a better tree but give no source offsets.

Everything the parser does not hand over as text is markup: tags with
their attribute values, comments, doctypes, processing instructions and
character references (``&nbsp;`` is how a page writes a no-break space,
not a pasted one).  The content of code-like and raw elements
(``<pre>``, ``<code>``, ``<script>``, ``<style>``, ``<textarea>`` ...) is
not prose either.  One exception: ``&amp;`` right before an entity's name
(``&amp;nbsp;``) shows the reader that name, an entity escaped twice, so it
stays prose for H002 to report, as in Markdown.
"""
from __future__ import annotations

import re
from html.entities import html5
from html.parser import HTMLParser

from textlint.structures.spans import Block, SpanStructure, spans_outside

#: Elements whose content is code, keyboard input, raw text or a drawing.
NOT_PROSE_ELEMENTS = frozenset(
    "pre code kbd samp var tt xmp listing plaintext script style textarea template svg math".split()
)
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_ENTITY_NAME_AFTER = re.compile(r"(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")


class _VisibleText(HTMLParser):
    """Collects the source ranges of text outside code-like elements."""

    def __init__(self, text: str, line_starts: list[int]) -> None:
        super().__init__(convert_charrefs=False)
        self.source = text
        self.line_starts = line_starts
        self.open_code: list[tuple[str, int]] = []  # (element, line) of each open code-like element
        self.prose: list[tuple[int, int]] = []
        self.code_lines: list[tuple[int, int]] = []  # (first, last) lines of each code-like element
        self.heading_lines: list[int] = []  # where an <h1> ... <h6> opens: a new section

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in NOT_PROSE_ELEMENTS:
            self.open_code.append((tag, self.getpos()[0] - 1))
        elif tag in HEADINGS:
            self.heading_lines.append(self.getpos()[0] - 1)

    def handle_startendtag(self, tag: str, attrs) -> None:
        pass  # "<code/>" opens nothing

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open_code) - 1, -1, -1):
            if self.open_code[depth][0] == tag:
                if depth == 0:
                    self.code_lines.append((self.open_code[0][1], self.getpos()[0] - 1))
                del self.open_code[depth:]
                break

    def handle_data(self, data: str) -> None:
        if not self.open_code and data:
            start = self._offset()
            self.prose.append((start, start + len(data)))

    def handle_entityref(self, name: str) -> None:
        if self.open_code:
            return
        start = self._offset()
        end = start + 1 + len(name)
        closed = self.source.startswith(";", end)
        if name == "amp" and closed and _ENTITY_NAME_AFTER.match(self.source, end + 1):
            self.prose.append((start, end + 1))  # "&amp;nbsp;": see the module docstring
        elif (name + ";" if closed else name) not in html5:
            self.prose.append((start, end + closed))  # "AT&T": an ampersand and letters, no entity


def analyze(doc) -> SpanStructure:
    parser = _VisibleText(doc.text, doc.line_starts)
    parser.feed(doc.text)
    parser.close()
    blocks = [Block("heading", line, line + 1) for line in parser.heading_lines]
    blocks += [Block("code", first, last + 1) for first, last in parser.code_lines]
    return SpanStructure(spans_outside(len(doc.text), parser.prose), blocks, len(doc.line_starts))
