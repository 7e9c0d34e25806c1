"""Where the prose is in a Markdown or MDX document.

Block structure comes from markdown-it-py's token maps (code blocks, HTML
blocks, tables, lists).  Only the block parser runs: markdown-it's inline
parser costs twice as much again and gives no source offsets, so the few
inline constructs that are not prose (code spans, inline HTML and JSX tags,
link destinations, MDX expressions) are found with patterns over the inline
blocks' own lines, never over code.  Front matter is cut out before parsing,
because markdown-it would read its closing ``---`` as a heading underline.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from textlint import regexcode
from textlint.structures.spans import Block, SpanStructure, merged_ranges

_FRONT_MATTER = regexcode.compile(r"\A(?:---|\+\+\+)[ \t]*\r?\n")
_REFERENCE_START = regexcode.compile(r"[ \t>]*\[[^\]]+\]:")
_INDENTED_FENCE = regexcode.compile(r"^[ \t]+(?=```|~~~)", re.MULTILINE)
_MDX_ESM = regexcode.compile(r"(?:import|export)\s")

# Inline constructs that are syntax, not prose.
_CODE_SPAN = regexcode.compile(r"(?<![`\\])(`+)(?!`)(?:.|\n(?![ \t]*\r?\n))+?(?<!`)\1(?!`)")
_INLINE_HTML = regexcode.compile(
    r"<!--.*?-->"
    r"|</?[A-Za-z][\w.:-]*(?:\s+[^<>]*?)?/?>"
    r"|<(?:https?|mailto|ftp):[^<>\s]+>",
    re.DOTALL,
)
_LINK_DESTINATION = regexcode.compile(r"\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\)")
_MDX_EXPRESSION = regexcode.compile(r"\{[^{}\n]*\}")
_MDX_COMMENT = regexcode.compile(r"\{/\*.*?\*/\}", re.DOTALL)

_LEAF_KINDS = {
    "paragraph_open": "paragraph",
    "heading_open": "heading",
    "fence": "code",
    "code_block": "code",
    "html_block": "html",
    "hr": "hr",
    "table_open": "table",
}
_CONTAINER_KINDS = {
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "list_item_open": "list_item",
    "blockquote_open": "blockquote",
}
_NOT_PROSE_KINDS = {"code", "html", "frontmatter", "mdx", "reference"}


@lru_cache(maxsize=2)
def _parser(flavour: str = "md"):
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table")
    parser.disable("inline")  # block structure only: see the module docstring
    if flavour == "mdx":
        # MDX has no indented code and no HTML blocks: a line of JSX tags is
        # JSX, and the Markdown between a component's tags is Markdown
        # (mdxjs.com, "What is MDX?"). The tags themselves are inline
        # syntax and are found as such.
        parser.block.ruler.disable(["code", "html_block"])
    return parser


# A line that could open a block that is not prose, wherever it stands: a
# fence (also inside a list item or a block quote), an HTML block, a link
# reference definition, MDX import/export.  Indented code is told from the
# candidate's own line (see quick_is_prose).
_BLOCK_SYNTAX = regexcode.compile(
    r"^(?:[ \t]*(?:>|[-*+]|\d{1,9}[.)])[ \t]*)*[ \t]*(?:```|~~~|<[A-Za-z!?/]|\[[^\]\n]+\]:)"
    r"|^(?:import|export)\s",
    re.MULTILINE,
)
# Lines that can only be the lines of one plain paragraph: none starts a
# quote, heading, list item, table row, rule or setext underline, or is
# indented enough to be code.  A run of them between blank lines is exactly
# one paragraph, whose text is all inline content.
_PLAIN_LINE = r" {0,3}(?![>#|=\-*+_ \t]|\d{1,9}[.)](?:[ \t]|\r?$))[^\n]*"
_PLAIN_PARAGRAPH = regexcode.compile(f"(?:{_PLAIN_LINE}\n)*(?:{_PLAIN_LINE})?")
_CONTAINER_PREFIX = regexcode.compile(r"(?:[ \t>]+|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))*")
_BLANK_LINE = regexcode.compile(r"\n[ \t]*\r?\n")


def _body_start(doc) -> int | None:
    """Where the Markdown starts: past the front matter (0 without any);
    None when a front matter fence opens and never closes, so that only the
    parser can tell what the first line is.  The parse sees front matter as
    blank lines (see _analyze_lines), so the body's blocks are those of a
    document that starts where it does."""
    def find() -> int | None:
        if not _FRONT_MATTER.match(doc.text):
            return 0
        end = _front_matter_end(doc)
        if end == 0:
            return None
        return doc.line_starts[end] if end < len(doc.line_starts) else len(doc.text)

    return doc.memoized("markdown.body_start", find)


def _first_block(doc) -> int:
    """Offset of the first line of the body that could open a non-paragraph
    block (0 when the front matter never closes; past the end when there is
    none), once per document."""
    def find() -> int:
        body = _body_start(doc)
        if body is None:
            return 0
        match = _BLOCK_SYNTAX.search(doc.text, body)
        return match.start() if match else len(doc.text) + 1

    return doc.memoized("markdown.first_block", find)


def _in_front_matter_prose(doc, start: int, end: int) -> bool:
    """Whether ``text[start:end]``, inside the front matter, is prose: the
    string of a title or a description (see _front_matter_syntax), as the
    whole document's structure answers there."""
    front_matter = doc.memoized(
        "markdown.front_matter_spans", lambda: SpanStructure(_front_matter_syntax(doc, _front_matter_end(doc)))
    )
    return front_matter.is_prose(start, end)


_FENCE_AT_MARGIN = regexcode.compile(r"(`{3,}|~{3,})([^\n]*)")


@lru_cache(maxsize=64)
def _fence_closer(char: str, length: int, indent: str) -> re.Pattern:
    return re.compile(rf"^{indent}{re.escape(char)}{{{length},}}[ \t]*\r?$", re.MULTILINE)


def _next_line(text: str, position: int) -> int:
    end = text.find("\n", position)
    return len(text) if end < 0 else end + 1


def _paragraph_text(found: re.Match, fmt: str) -> bool:
    """Whether the line _BLOCK_SYNTAX found is paragraph text to the parse
    of ``fmt``: an ESM line in Markdown; in MDX, a line whose syntax is a
    tag (the match ends with "<" and a letter, "!", "?" or "/")."""
    syntax = found.group()
    if fmt == "md":
        return syntax.startswith(("import", "export"))
    return fmt == "mdx" and syntax[-2:-1] == "<"


def _follows_blank_line(text: str, line_start: int) -> bool:
    if line_start == 0:
        return True
    previous = text.rfind("\n", 0, line_start - 1) + 1
    return not text[previous:line_start - 1].strip(" \t\r")


def _esm_end(text: str, start: int) -> int | None:
    """Where the ESM paragraph opening at ``start`` ends: the start of the
    next blank line (or the text's end), when no line before it could end
    the paragraph sooner; None when one could (only the parser can tell).
    A line indented four columns or more only continues a paragraph (code
    cannot interrupt one); any other must be a plain paragraph line, and no
    line may hold a "|" (a table can interrupt a paragraph) or be one
    _BLOCK_SYNTAX points at, but for a tag line (a fence, even indented,
    interrupts it in MDX)."""
    position = start
    while position < len(text):
        end = _next_line(text, position)
        line = text[position:end].rstrip("\n")
        if not line.strip(" \t\r"):
            return position
        if "|" in line or "\r" in line.rstrip("\r"):
            return None
        syntax = _BLOCK_SYNTAX.match(text, position) if position != start else None
        if syntax is not None and not syntax.group().startswith(("import", "export")):
            if not _paragraph_text(syntax, "mdx"):
                return None
        indent = len(line) - len(line.lstrip(" \t"))
        if position != start and (line[:indent].expandtabs(4).count(" ") >= 4):
            position = end
            continue
        if not _PLAIN_LINE_ONLY.fullmatch(line.rstrip("\r")):
            return None
        position = end
    return len(text)


def _margin_fences(doc) -> tuple[list[int], list[int]] | None:
    """The code fences of a document whose only block syntax they are.

    When every line that could open a non-paragraph block (see
    _BLOCK_SYNTAX) is a fence opening at the margin, or lies inside such a
    fence, the fences are top-level blocks: a fence line cannot continue a
    paragraph, list item or quote lazily, so it closes them all and opens a
    fence, which runs to a closing line of at least as many of its
    characters (indented at most three spaces) or to the end.  After it the
    document is as at its start.  Returns the fences' start offsets and the
    offsets just past them (their closing line's end of line, or the text's
    end); None when any other block syntax, front matter, a fence in a
    container or an indented one turns up: then only the parser can tell.
    """
    def scan() -> tuple[list[int], list[int]] | None:
        body = _body_start(doc)
        if body is None:
            return None
        # MDX moves every fence line to the margin first (see analyze)
        mdx = doc.format == "mdx"
        return _scan_fences(doc.text, "[ \t]*" if mdx else " {0,3}", body, doc.format)

    return doc.memoized("markdown.fences", scan)


def _scan_fences(
    text: str, closer_indent: str, position: int = 0, fmt: str = ""
) -> tuple[list[int], list[int]] | None:
    """The fences from ``position`` (a line start) on; see _margin_fences.

    Given the document's format, a few lines _BLOCK_SYNTAX points at are
    read as the parse reads them: in Markdown an ``import``/``export`` line
    is paragraph text; in MDX, whose parse has no HTML blocks, a line opening
    with a tag is paragraph text (its tags are inline syntax), a fence
    indented with spaces alone is a fence at the margin, and an ``import``
    or ``export`` line opening a top-level paragraph opens ESM, which runs to
    the next blank line (see _esm_end) and is not prose, like a fence."""
    starts: list[int] = []
    ends: list[int] = []
    fresh = position  # where a top-level block starts for certain
    while position < len(text):
        found = _BLOCK_SYNTAX.search(text, position)
        if found is None:
            break
        line_start = found.start()
        if fmt and _paragraph_text(found, fmt):
            position = _next_line(text, line_start)
            continue
        if fmt == "mdx" and found.group().startswith(("import", "export")):
            if line_start != fresh and not _follows_blank_line(text, line_start):
                position = _next_line(text, line_start)  # within a paragraph: its text
                continue
            end = _esm_end(text, line_start)
            if end is None:
                return None
            starts.append(line_start)
            ends.append(end)
            position = fresh = end
            continue
        fence_at = line_start
        if fmt == "mdx":  # past the indentation the parse takes away
            fence_at += len(found.group()) - len(found.group().lstrip(" \t"))
        opener = _FENCE_AT_MARGIN.match(text, fence_at)
        if opener is None or (opener.group(1)[0] == "`" and "`" in opener.group(2)):
            return None  # other block syntax, or an info string that makes it no fence
        marker = opener.group(1)
        closer = _fence_closer(marker[0], len(marker), closer_indent).search(text, opener.end() + 1)
        if closer is None and not text[text.rfind("\n") + 1:].strip() and not text.endswith("\n"):
            return None  # markdown-it ends an open fence before a last line of spaces alone
        position = fresh = len(text) if closer is None else min(len(text), closer.end() + 1)
        starts.append(found.start())
        ends.append(position)
    return starts, ends


def _prose_window(doc, start: int, end: int) -> tuple[int, int] | None | bool:
    """The stretch of the document around ``text[start:end]`` where no line
    opens a block other than a paragraph, heading, list, quote or table:
    from the document's start (or a fence's end) to its first block syntax
    line (or the next fence).  False when the span touches a fence; None
    when only the parser can tell."""
    if _has_lone_cr(doc):
        return None  # a line break to markdown-it alone
    body = _body_start(doc)
    if body is None or start < body:
        return None  # in or over the front matter (quick_is_prose answers inside it)
    first_block = _first_block(doc)
    if end <= first_block:
        return body, first_block
    fences = _margin_fences(doc)
    if fences is None:
        return None
    starts, ends = fences
    index = bisect.bisect_left(starts, end) - 1  # the last fence starting before the span ends
    if index >= 0 and ends[index] > start:
        return False
    low = ends[index] if index >= 0 else body
    high = starts[index + 1] if index + 1 < len(starts) else len(doc.text) + 1
    return low, high


def quick_is_prose(doc, start: int, end: int) -> bool | None:
    """Decide without parsing when the answer is certain; None when not.

    Before the first line that could open a code fence, an HTML block, a
    reference definition or MDX syntax (after the front matter, if any), every
    line is in a paragraph, heading, list, quote or table, unless the line
    itself is indented enough to be code.  There only inline syntax (code
    spans, inline HTML, link destinations) can be non-prose, and that is
    looked for in the paragraph around the span.  The same holds between
    code fences in a document whose only block syntax they are (see
    :func:`_margin_fences`), and a span in such a fence is code.  Everything
    else goes to markdown-it.  This shortcut only ever
    answers as markdown-it would; it exists because most findings sit in
    documents, or parts of them, where a block parse finds nothing to exclude.
    """
    text = doc.text
    body = _body_start(doc)
    if body and start < body and not _has_lone_cr(doc):
        # front matter: prose only in a title's or a description's string
        return _in_front_matter_prose(doc, start, end) if end <= body else None
    window = _prose_window(doc, start, end)
    if window is None or window is False:
        return window
    low, high = window
    line_start = doc.line_starts[doc.line_index(start)]
    prefix = _CONTAINER_PREFIX.match(text, line_start).group()
    if "\t" in prefix or "    " in prefix:
        return None  # perhaps indented code
    if "\n" in text[start:end]:
        return None  # a span over several lines: let the parser judge
    paragraph = _paragraph_around(doc, start, end)
    if paragraph[0] < low or paragraph[1] > high:
        return None  # whether that line ends the paragraph is the parser's call
    inline = _paragraph_inline(doc, paragraph)
    if inline is None:
        return None  # lists, quotes, headings, tables: the parser splits them
    return not inline.overlaps(start, end)


# A page of one paragraph holds every finding: what is asked of a paragraph
# is found by bisecting lists built once a document (or once a paragraph),
# never by scanning the text per finding, which cost the square of its length.


def _paragraph_around(doc, start: int, end: int) -> tuple[int, int]:
    """From the blank line before the span to the blank line after it: the
    last "\n\n" ending by ``start``, the first blank line starting at or
    after ``end`` (every position a match starts at, overlapping or not)."""
    doubles = doc.memoized("markdown.double_newlines", lambda: _starts_of(_DOUBLE_NEWLINE_AT, doc.text))
    blanks = doc.memoized("markdown.blank_lines", lambda: _starts_of(_BLANK_LINE_AT, doc.text))
    before = bisect.bisect_right(doubles, start - 2) - 1
    following = bisect.bisect_left(blanks, end)
    return (
        doubles[before] + 2 if before >= 0 else 0,
        blanks[following] if following < len(blanks) else len(doc.text),
    )


# Each pattern consumes the line break it starts at and looks ahead for the
# rest: a match starts at every place a lookahead alone would (overlapping
# runs included), and a pattern led by a literal lets re skip to the next
# "\n" in C instead of trying the lookahead at every character.
_DOUBLE_NEWLINE_AT = regexcode.compile(r"\n(?=\n)")
_BLANK_LINE_AT = regexcode.compile(r"\n(?=[ \t]*\r?\n)")


def _starts_of(pattern: re.Pattern, text: str) -> list[int]:
    return [match.start() for match in pattern.finditer(text)]


@dataclass
class _InlineSpans:
    """A paragraph's inline syntax spans, sorted by start, with the furthest
    end among the first k of them (``reach[k - 1]``)."""

    starts: list[int]
    reach: list[int]

    def overlaps(self, start: int, end: int) -> bool:
        before_end = bisect.bisect_left(self.starts, end)  # spans starting before ``end``
        return before_end > 0 and self.reach[before_end - 1] > start


def _paragraph_inline(doc, paragraph: tuple[int, int]) -> _InlineSpans | None:
    """The inline syntax of a plain paragraph, once; None for another block."""
    known = doc.memoized("markdown.paragraph_inline", dict)
    if paragraph not in known:
        if not _PLAIN_PARAGRAPH.fullmatch(doc.text, paragraph[0], paragraph[1]):
            known[paragraph] = None
        else:
            spans: list[tuple[int, int]] = []
            _inline_syntax(doc, paragraph[0], paragraph[1], spans)
            spans.sort()
            reach: list[int] = []
            for _, span_end in spans:
                reach.append(max(span_end, reach[-1]) if reach else span_end)
            known[paragraph] = _InlineSpans([span_start for span_start, _ in spans], reach)
    return known[paragraph]


def analyze(doc):
    """The document's blocks (every line's) and its non-prose spans.

    A document of at least REGION_THRESHOLD characters is parsed by region,
    on demand (see :class:`RegionStructure`); a smaller one all at once."""
    if len(doc.text) >= REGION_THRESHOLD:
        return RegionStructure(doc)
    blocks, spans = _analyze_lines(doc, 0, len(doc.line_starts))
    return SpanStructure(spans, blocks, len(doc.line_starts))


def _analyze_lines(doc, first_line: int, end_line: int) -> tuple[list[Block], list[tuple[int, int]]]:
    """Blocks and non-prose spans of lines ``[first_line, end_line)`` parsed
    on their own, in the order the whole document's parse lists them (the
    reference definitions last).  The whole document when called with
    ``(0, line count)``; otherwise a region that starts and ends where
    block structure restarts (see :class:`RegionStructure`)."""
    text = doc.text
    starts = doc.line_starts
    line_count = len(starts)
    blocks: list[Block] = []
    spans: list[tuple[int, int]] = []

    def line_offset(index: int) -> int:
        return starts[index] if index < line_count else len(text)

    def mark_lines(kind: str, first: int, last: int, containers=()) -> None:
        blocks.append(Block(kind, first, last, tuple(containers)))
        if kind in _NOT_PROSE_KINDS:
            spans.append((line_offset(first), line_offset(last)))

    source_lines = doc.lines[first_line:end_line]
    front_end = _front_matter_end(doc) if first_line == 0 else 0
    if front_end:
        mark_lines("frontmatter", 0, front_end)
        spans.pop()  # not all of it: the title and description are prose
        spans.extend(_front_matter_syntax(doc, front_end))
        # blank the front matter so markdown-it sees the same line numbers
        source_lines[:front_end] = [""] * front_end
    # markdown-it ends a line at a lone carriage return too; doc.lines does
    # not, so the line maps would drift: keep it as a space
    source = "\n".join(source_lines)
    if end_line < line_count:
        source += "\n"  # as in the whole text: a last empty line stays a line, a CR before LF no lone CR
    source = _LONE_CR.sub(" ", source)
    del source_lines
    if doc.format == "mdx":
        # MDX nests Markdown inside JSX with any indentation, and a fence
        # indented under a component is still a fence there; CommonMark would
        # read it as paragraph text. Only line maps are used, so moving a
        # fence to the margin within its own line changes no offset we keep.
        source = _INDENTED_FENCE.sub("", source)

    containers: list[str] = []
    covered = [False] * (end_line - first_line)
    for token in _parser(doc.format).parse(source):
        if token.type in _CONTAINER_KINDS:
            containers.append(_CONTAINER_KINDS[token.type])
            continue
        if token.type.endswith("_close") and token.type.replace("_close", "_open") in _CONTAINER_KINDS:
            containers.pop()
            continue
        kind = _LEAF_KINDS.get(token.type)
        if kind is None or token.map is None:
            continue
        first, last = token.map[0] + first_line, token.map[1] + first_line
        if doc.format == "mdx" and kind == "paragraph" and _MDX_ESM.match(doc.lines[first]) and not containers:
            kind = "mdx"
        mark_lines(kind, first, last, containers)
        for index in range(first, min(last, end_line)):
            covered[index - first_line] = True
        if kind in ("paragraph", "heading", "table"):
            _inline_syntax(doc, line_offset(first), line_offset(last), spans)

    # Lines markdown-it consumed without a token are link reference
    # definitions (or bare container markers, such as an empty "> ").
    in_reference = False
    for index in range(max(front_end, first_line), end_line):
        if covered[index - first_line] or not doc.lines[index].strip():
            in_reference = False
            continue
        in_reference = in_reference or bool(_REFERENCE_START.match(doc.lines[index]))
        if in_reference:
            mark_lines("reference", index, index + 1)

    return blocks, spans


# -- one large document, parsed by region -------------------------------------------------------

#: documents of at least this many characters (256 Ki: 0.25 to 1 MB) are parsed by region (tests lower it)
REGION_THRESHOLD = 1 << 18
#: a region runs to the first cut at least this many characters past its start
REGION_SIZE = 1 << 16

# Where a region may end: after a blank line, before a line whose first
# character (at the margin) is a letter or any non-ASCII character.  Every
# block marker of CommonMark and of markdown-it's table is ASCII punctuation,
# a digit or indentation, so such a line continues no list item, block quote,
# indented code or table, and the blank line before it ended every
# paragraph, table and HTML block of types 6 and 7: markdown-it starts a new
# top-level block there, unless a fenced code block or an HTML block of
# types 1-5 (script, comment, <?, <!X, CDATA) is still open, which only
# their own end line closes.  Whether one is open is told by the lines
# that could open one (_OPENER): a region holding none has none open.  Nor
# has one where each such line meets, before the blank line, the first line
# that would end it at the top level (_closes_by): a real one ends there
# at the latest, as a list item or block quote holding it ends no later
# (neither a fence nor an HTML block continues lazily, and a block quote
# ends at the blank line anyway).  Nor has one whose only block syntax is
# fences at the margin, paired as the parse pairs them (_scan_fences), each
# closed before the blank line.  Otherwise the region is parsed, and its
# cut kept only when no fence or HTML block of that parse runs to its end.
_CUT = regexcode.compile(r"\n[ \t\r]*\n(?=[A-Za-z\u0080-\U0010ffff])")
# any line whose first character after container markers (quotes, list
# markers) and indentation could open a code fence or an HTML block
_OPENER = regexcode.compile(r"^[ \t\r]*(?:(?:>|[-*+]|\d{1,9}[.)])[ \t\r]*)*(`{3,}|~{3,}|<)", re.MULTILINE)
# a line that closes a top-level fence of its character and at most its length
_CLOSER = regexcode.compile(r"^ {0,3}(`{3,}|~{3,})[ \t\r]*$", re.MULTILINE)


class RegionStructure:
    """The structure of a large Markdown document, parsed region by region
    as rules ask about places in it.

    Regions are cut (lazily, from the top) at lines where markdown-it's
    block parse provably starts afresh (see _CUT), so each region's own
    parse gives the blocks and spans of the whole document's parse there:
    line maps offset by the region's first line, spans in document
    offsets.  No span reaches the blank line before a cut, so spans of two
    regions never touch, and a place is asked of the regions its lines
    lie in.  Only the parsed regions' answers are held, never tokens."""

    def __init__(self, doc):
        self.doc = doc
        self.cuts = [0]  # first lines of the regions found so far
        self.done = False  # the last region (to the end) is found
        self.parsed: dict[int, tuple] = {}  # region index -> (span starts, span ends, blocks, line blocks)
        text = doc.text
        self.openers: list[int] = []  # line starts
        self.marks: list[tuple[int, int]] = []  # where the fence or "<" starts on that line, its length
        for match in _OPENER.finditer(text):
            self.openers.append(match.start())
            self.marks.append((match.start(1), len(match.group(1))))
        self.ends: dict = {}  # end pattern -> sorted offsets of its matches
        front_end = _front_matter_end(doc)
        self.front_start = doc.line_starts[front_end] if front_end < len(doc.line_starts) else len(text)

    def _line_offset(self, index: int) -> int:
        starts = self.doc.line_starts
        return starts[index] if index < len(starts) else len(self.doc.text)

    def _find_next(self) -> None:
        """Finds the end of the last region found (the next cut, or the end)."""
        doc = self.doc
        line_count = len(doc.line_starts)
        first = self.cuts[-1]
        begin = self._line_offset(first)
        size = REGION_SIZE
        while True:
            found = _CUT.search(doc.text, max(begin + size, self.front_start))
            if found is None:
                self.done = True
                return
            cut = doc.line_index(found.start()) + 2
            if cut >= line_count:
                self.done = True
                return
            opener = bisect.bisect_left(self.openers, begin)
            if opener == len(self.openers) or self.openers[opener] > found.start():
                break  # nothing in the region could open a fence or an HTML block
            if self._closes_by(opener, found.start()) or self._fences_close(begin, doc.line_starts[cut]):
                break
            result = self._parse(first, cut)
            if not any(block.kind in ("code", "html") and block.end_line >= cut for block in result[2]):
                self.parsed[len(self.cuts) - 1] = result
                break
            size = max(2 * size, doc.line_starts[cut] - begin + 1)  # something is open: a longer region
        self.cuts.append(cut)

    def _fences_close(self, begin: int, end: int) -> bool:
        """Whether ``text[begin:end]`` (a region) holds no block syntax but
        fences at the margin, each closed inside it (see _margin_fences):
        then each is a top-level fence, and closes where the scan says."""
        doc = self.doc
        if doc.format != "md" or _has_lone_cr(doc) or (begin == 0 and self.front_start > 0):
            return False
        fences = _scan_fences(doc.text[begin:end], " {0,3}")
        return fences is not None and all(stop < end - begin for stop in fences[1])

    def _closes_by(self, opener: int, limit: int) -> bool:
        """Whether every line from opener ``opener`` on that could open a
        fence or an HTML block of types 1-5, up to offset ``limit``, meets a
        line that would close it before ``limit``."""
        text = self.doc.text
        openers, marks = self.openers, self.marks
        while opener < len(openers) and openers[opener] <= limit:
            mark, length = marks[opener]
            if text[mark] == "<":
                end = self._html_end(mark)
            else:
                end = self._fence_end(mark, length, limit)
            if end is None or end >= limit:
                return False
            opener += 1
        return True

    def _html_end(self, mark: int) -> int | None:
        """Where an HTML block of types 1-5 opened at ``mark`` could end (its
        end pattern's first match from there on); ``mark`` itself for other
        HTML, which ends at the next blank line."""
        from markdown_it.rules_block.html_block import HTML_SEQUENCES

        text = self.doc.text
        line_end = text.find("\n", mark)
        line = text[mark:line_end if line_end >= 0 else len(text)]
        for opening, ending, _ in HTML_SEQUENCES[:5]:
            if opening.search(line):
                if ending.pattern not in self.ends:
                    self.ends[ending.pattern] = [match.start() for match in ending.finditer(text)]
                found = self.ends[ending.pattern]
                index = bisect.bisect_left(found, mark)
                return found[index] if index < len(found) else None
        return mark

    def _fence_end(self, mark: int, length: int, limit: int) -> int | None:
        """The first line after the fence opened at ``mark`` (``length``
        characters) that would close it at the top level, before ``limit``."""
        text = self.doc.text
        char = text[mark]
        line_end = text.find("\n", mark)
        if line_end < 0:
            return None
        closers = self.doc.memoized("markdown.closers", lambda: [
            (match.start(), match.group(1)) for match in _CLOSER.finditer(text)])
        index = bisect.bisect_left(closers, (line_end,))
        while index < len(closers) and closers[index][0] < limit:
            run = closers[index][1]
            if run[0] == char and len(run) >= length:
                return closers[index][0]
            index += 1
        return None

    def _parse(self, first: int, end: int) -> tuple:
        blocks, spans = _analyze_lines(self.doc, first, end)
        span_starts, span_ends = merged_ranges(spans)
        line_blocks: list[Block | None] = [None] * (end - first)
        for block in blocks:
            for index in range(block.start_line, min(block.end_line, end)):
                line_blocks[index - first] = block
        return span_starts, span_ends, blocks, line_blocks

    def _region(self, line: int) -> int:
        """The index of the region holding ``line``, found as far as needed."""
        while not self.done and self.cuts[-1] <= line:
            self._find_next()
        return bisect.bisect_right(self.cuts, line) - 1

    def _answers(self, region: int) -> tuple:
        if region not in self.parsed:
            first = self.cuts[region]
            end = self.cuts[region + 1] if region + 1 < len(self.cuts) else len(self.doc.line_starts)
            self.parsed[region] = self._parse(first, end)
        return self.parsed[region]

    def is_prose(self, start: int, end: int) -> bool:
        doc = self.doc
        first = self._region(max(0, doc.line_index(start)))
        last = self._region(max(0, doc.line_index(max(start, end - 1))))
        for region in range(first, last + 1):
            starts, ends = self._answers(region)[:2]
            index = bisect.bisect_left(starts, end) - 1
            if index >= 0 and ends[index] > start:
                return False
        return True

    def block_at(self, line_index: int) -> "Block | None":
        if not 0 <= line_index < len(self.doc.line_starts):
            return None
        region = self._region(line_index)
        return self._answers(region)[3][line_index - self.cuts[region]]

    def _all(self) -> list[tuple]:
        self._region(len(self.doc.line_starts))
        return [self._answers(region) for region in range(len(self.cuts))]

    def non_prose_spans(self) -> list[tuple[int, int]]:
        return [span for starts, ends, _, _ in self._all() for span in zip(starts, ends)]

    @property
    def blocks(self) -> list[Block]:
        """Every block, in the whole document's parse order (reference definitions last)."""
        regions = self._all()
        ordered = [block for answers in regions for block in answers[2] if block.kind != "reference"]
        return ordered + [block for answers in regions for block in answers[2] if block.kind == "reference"]


def _front_matter_end(doc) -> int:
    """Line index just past the front matter, or 0 when there is none."""
    match = _FRONT_MATTER.match(doc.text)
    if not match:
        return 0
    fence = doc.lines[0].strip()
    for index in range(1, len(doc.lines)):
        if doc.lines[index].strip() == fence:
            return index + 1
    return 0


# Front matter keys whose string values a reader sees as prose (a page's title,
# its summary in a listing), at the top level of YAML (---) or TOML (+++).
# Read line by line: tomllib and a YAML parser would give the values, not
# where they stand in the file, and only these keys' strings are wanted.
_PROSE_KEYS = "title|description|summary|subtitle"
_YAML_PROSE_KEY = regexcode.compile(rf"(?:{_PROSE_KEYS})[ \t]*:[ \t]*")
_TOML_PROSE_KEY = regexcode.compile(rf"(?:{_PROSE_KEYS})[ \t]*=[ \t]*")
_BLOCK_SCALAR = regexcode.compile(r"[|>][-+0-9]*[ \t]*(?:#.*)?")
_PLAIN_SCALAR_END = regexcode.compile(r"[ \t]+#|[ \t]*$")
_ESCAPE = regexcode.compile(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|x[0-9A-Fa-f]{2}|.)")


def _front_matter_syntax(doc, front_end: int) -> list[tuple[int, int]]:
    """The front matter's non-prose spans: all of it but the prose keys' string contents."""
    from textlint.structures.spans import spans_outside

    end = doc.line_starts[front_end] if front_end < len(doc.line_starts) else len(doc.text)
    toml = doc.lines[0].strip() == "+++"
    prose = []
    index = 1
    while index < front_end - 1:
        index = _front_matter_value(doc, index, front_end - 1, toml, prose)
    return spans_outside(end, prose)


def _front_matter_value(doc, index: int, closing: int, toml: bool, prose: list) -> int:
    """Adds the prose ranges of the value on line ``index``; returns the next line to read."""
    line, start = doc.lines[index], doc.line_starts[index]
    key = (_TOML_PROSE_KEY if toml else _YAML_PROSE_KEY).match(line)
    if key is None:
        return index + 1
    value = key.end()
    quote = line[value:value + 3] if line.startswith(('"""', "'''"), value) else line[value:value + 1]
    if quote in ('"', "'"):
        close = _closing_quote(line, value + 1, quote)
        if close is not None:
            _string_contents(doc.text, start + value + 1, start + close, quote == '"', prose)
        return index + 1
    if toml and quote in ('"""', "'''"):
        return _toml_multiline(doc, index, value + 3, closing, quote, prose)
    block = not toml and _BLOCK_SCALAR.fullmatch(line, value)
    if toml or (not block and (value >= len(line) or line[value] in "[{&*!@`%")):
        return index + 1  # not a string this reading knows
    if not block:
        stop = _PLAIN_SCALAR_END.search(line, value).start()
        prose.append((start + value, start + stop))
    following = index + 1
    while following < closing and (doc.lines[following][:1] in (" ", "\t") or not doc.lines[following].strip()):
        continued = doc.lines[following]
        if continued.strip():  # a block scalar's or a folded plain scalar's next line
            offset = doc.line_starts[following] + len(continued) - len(continued.lstrip())
            prose.append((offset, doc.line_starts[following] + len(continued.rstrip())))
        following += 1
    return following


def _closing_quote(line: str, position: int, quote: str) -> int | None:
    while position < len(line):
        if line[position] == "\\" and quote == '"':
            position += 2
            continue
        if line[position] == quote:
            if quote == "'" and line.startswith("''", position):
                position += 2  # YAML writes a single quote twice
                continue
            return position
        position += 1
    return None


def _string_contents(text: str, start: int, end: int, escapes: bool, prose: list) -> None:
    """Prose between ``start`` and ``end``, less escape sequences (and YAML's doubled '')."""
    pattern = _ESCAPE if escapes else re.compile("''")
    position = start
    for escape in pattern.finditer(text, start, end):
        prose.append((position, escape.start()))
        position = escape.end()
    prose.append((position, end))


def _toml_multiline(doc, index: int, value: int, closing: int, quote: str, prose: list) -> int:
    """A TOML multi-line string: its lines up to the closing triple quote."""
    for following in range(index, closing):
        line, start = doc.lines[following], doc.line_starts[following]
        begin = value if following == index else 0
        close = line.find(quote, begin)
        stop = close if close >= 0 else len(line)
        _string_contents(doc.text, start + begin, start + stop, quote == '"""', prose)
        if close >= 0:
            return following + 1
    return closing


def _inline_syntax(doc, start: int, end: int, spans: list) -> None:
    segment = doc.text[start:end]
    patterns = [_CODE_SPAN, _INLINE_HTML, _LINK_DESTINATION]
    if doc.format == "mdx":
        patterns += [_MDX_COMMENT, _MDX_EXPRESSION]
    for pattern in patterns:
        for match in pattern.finditer(segment):
            if pattern is _LINK_DESTINATION:
                spans.append((start + match.start() + 1, start + match.end()))
            else:
                spans.append((start + match.start(), start + match.end()))


# -- a shortcut for "same paragraph" (used by D001) -------------------------------------------

_PLAIN_LINE_ONLY = regexcode.compile(_PLAIN_LINE)
_LONE_CR = regexcode.compile(r"\r(?!\n)")
_HTML_COMMENT_LINE = regexcode.compile(r" {0,3}<!--")


def _in_one_fence(doc, first: int, second: int) -> bool:
    """Whether offsets ``first`` and ``second`` lie in one code fence (of :func:`_margin_fences`)."""
    starts, ends = _margin_fences(doc)  # known to be there: _prose_window said False
    index = bisect.bisect_right(starts, first) - 1
    return index >= 0 and second < ends[index]


def _has_lone_cr(doc) -> bool:
    return doc.memoized("markdown.lone_cr", lambda: _LONE_CR.search(doc.text) is not None)


def quick_same_paragraph(doc, index: int) -> bool | None:
    """True when lines ``index - 1`` and ``index`` (0-based, both non-blank)
    are certainly lines of one paragraph, as markdown-it would find; None
    when only the parse can tell.  False when line ``index`` opens an HTML
    comment in a Markdown (not MDX) document: such a line interrupts a
    paragraph and is never a lazy continuation, so it is an HTML block,
    or code, a table row or front matter, but never a paragraph line.

    As in :func:`quick_is_prose`: before the first line that could open a
    code fence, an HTML block, a reference definition or MDX syntax (after
    the front matter, if any), or between the fences of a document whose only
    block syntax they are, a run of lines between blank lines that are all
    plain paragraph lines (none starts a quote, heading, list item, rule or
    setext underline, or is indented enough to be code) is exactly one
    paragraph, whether at the top level or continuing a list item; two lines
    of one such fence are code, no paragraph.  A line holding a "|" could
    be a table row, and a lone carriage return is a line
    break to markdown-it alone (a document holding one is left to the
    parser entirely).
    """
    lines, starts = doc.lines, doc.line_starts
    if index < 1 or index >= len(lines):
        return None
    if _has_lone_cr(doc):
        return None
    if doc.format == "md" and _HTML_COMMENT_LINE.match(lines[index]):
        return False
    first = index - 1
    while first > 0 and lines[first - 1].strip(" \t"):
        first -= 1
    last = index
    while last + 1 < len(lines) and lines[last + 1].strip(" \t"):
        last += 1
    window = _prose_window(doc, starts[first], starts[last] + len(lines[last]))
    if window is False:
        return False if _in_one_fence(doc, starts[index - 1], starts[index]) else None
    if window is None or starts[first] < window[0] or starts[last] >= window[1]:
        return None
    for line in lines[first:last + 1]:
        if "|" in line or not line.strip(" \t") or not _PLAIN_LINE_ONLY.fullmatch(line):
            return None
    return True
