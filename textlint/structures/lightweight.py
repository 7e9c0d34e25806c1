"""Where the prose is in reStructuredText and AsciiDoc: prose with code and syntax skipped.

Both are scanned line by line with patterns, not parsed.  docutils would
need a full parse (with Sphinx's directives registered, or every unknown
directive is an error) and its nodes carry line numbers at best, no
offsets; AsciiDoc has no parser in Python at all.  What is skipped is what
holds code or syntax: literal and listing blocks, code directives,
comments, passthroughs, tables' borders, section adornments, option and
attribute lines, and inline literals, roles and references.  What is left
is read as prose, so a construct these patterns miss is linted as text.
"""
from __future__ import annotations

import re

from textlint.structures.spans import Block, SpanStructure

# -- reStructuredText ------------------------------------------------------------------------

_RST_EXPLICIT = re.compile(r"[ \t]*\.\.(?:[ \t]|$)")
_RST_DIRECTIVE = re.compile(r"[ \t]*\.\.[ \t]+(?:\|[^|]+\|[ \t]+)?(?P<name>[\w:.+-]+)::(?P<argument>.*)")
_RST_FOOTNOTE = re.compile(r"[ \t]*\.\.[ \t]+\[[^\]]+\]")
#: Directives whose body is code, data or a list of names, never prose.
_RST_CODE_DIRECTIVES = frozenset(
    """code code-block sourcecode literalinclude highlight math raw parsed-literal testcode testsetup
    testcleanup doctest testoutput ipython jupyter-execute jupyter-kernel productionlist graphviz graph
    digraph plot mermaid csv-table toctree include only ifconfig autosummary tabularcolumns uml
    program-output command-output code-cell""".split()
)
#: Directives whose argument is the first words of prose (the rest name files, objects, languages).
_RST_PROSE_ARGUMENTS = frozenset(
    "note warning tip important caution danger error hint attention admonition seealso topic sidebar rubric "
    "centered title".split()
)
_RST_OPTION = re.compile(r"[ \t]*:[^:\s][^:\n]*:(?:[ \t].*)?$")
_RST_FIELD_MARKER = re.compile(r"[ \t]*:[^:\s`][^:`\n]*:(?=[ \t]|$)")
_RST_ADORNMENT = re.compile(r"[ \t]*([!-/:-@\[-`{-~])\1{2,}[ \t]*")
_RST_TABLE_BORDER = re.compile(r"[ \t]*(?:\+[-=+]+\+|=+(?:[ \t]+=+)+)[ \t]*")
_RST_TABLE_ROW = re.compile(r"[ \t]*\|.*\|[ \t]*")
_RST_DOCTEST = re.compile(r"[ \t]*>>>(?:[ \t]|$)")
_RST_LITERAL_MARKER = re.compile(r"(?:^|[ \t])::[ \t]*$|(?<=\S)::[ \t]*$")
_RST_INLINE = re.compile(
    r"``[^`\n]+(?:`[^`\n]+)*``"  # inline literal
    r"|:[\w:.+-]+:`[^`]+`"  # a role and its text (:func:`open`, :ref:`intro`)
    r"|`[^`]+`(?::[\w:.+-]+:|__?)?"  # interpreted text, references, hyperlinks
    r"|\|[^|\s][^|\n]*\|_{0,2}"  # substitution references
    r"|\[(?:#[\w-]*|\*|\d+|[\w.-]+)\]_"  # footnote and citation references
    r"|https?://[^\s<>`]+"
)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _block_end(lines: list[str], start: int, indent: int) -> int:
    """The first line from ``start`` on that is not blank and not indented past ``indent``."""
    index = start
    while index < len(lines) and (not lines[index].strip() or _indent(lines[index]) > indent):
        index += 1
    while index > start and not lines[index - 1].strip():
        index -= 1  # trailing blank lines belong to what follows
    return index


class _Scan:
    """Non-prose spans and code blocks, gathered line by line."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self.lines = doc.lines
        self.starts = doc.line_starts
        self.spans: list[tuple[int, int]] = []
        self.blocks: list[Block] = []
        self.skipped = [False] * len(self.lines)

    def skip_lines(self, first: int, last: int, kind: str | None = "code") -> None:
        """Lines ``first`` to ``last`` (exclusive), ends of line included, are not prose."""
        if last <= first:
            return
        end = self.starts[last] if last < len(self.starts) else len(self.doc.text)
        self.spans.append((self.starts[first], end))
        for index in range(first, last):
            self.skipped[index] = True
        if kind:
            self.blocks.append(Block(kind, first, last))

    def skip_in_line(self, index: int, start: int, end: int) -> None:
        """Columns ``start`` to ``end`` of line ``index`` are not prose."""
        if end > start:
            self.spans.append((self.starts[index] + start, self.starts[index] + end))

    def skip_inline(self, pattern: re.Pattern) -> None:
        """Inline syntax, looked for paragraph by paragraph outside skipped lines."""
        text = self.doc.text
        index = 0
        while index < len(self.lines):
            if self.skipped[index] or not self.lines[index].strip():
                index += 1
                continue
            last = index
            while last + 1 < len(self.lines) and not self.skipped[last + 1] and self.lines[last + 1].strip():
                last += 1
            start, end = self.starts[index], self.starts[last] + len(self.lines[last])
            for match in pattern.finditer(text, start, end):
                self.spans.append(match.span())
            index = last + 1

    def structure(self) -> SpanStructure:
        return SpanStructure(self.spans, self.blocks, len(self.lines))


def analyze_rst(doc) -> SpanStructure:
    scan = _Scan(doc)
    lines = scan.lines
    index = 0
    while index < len(lines):
        line = lines[index]
        if _RST_EXPLICIT.match(line):
            index = _rst_explicit(scan, index)
            continue
        if _RST_DOCTEST.match(line):
            last = index
            while last + 1 < len(lines) and lines[last + 1].strip():
                last += 1
            scan.skip_lines(index, last + 1)
            index = last + 1
            continue
        if _RST_ADORNMENT.fullmatch(line) or _RST_TABLE_BORDER.fullmatch(line):
            scan.skip_lines(index, index + 1, None)
        elif _RST_TABLE_ROW.fullmatch(line):
            for bar in re.finditer(r"\|", line):
                scan.skip_in_line(index, bar.start(), bar.end())
        else:
            field = _RST_FIELD_MARKER.match(line)
            if field:
                scan.skip_in_line(index, 0, field.end())
        marker = _RST_LITERAL_MARKER.search(line)
        if marker and not line.strip().startswith(".."):
            scan.skip_in_line(index, marker.start(), len(line))
            index = _rst_literal_block(scan, index)
            continue
        index += 1
    scan.skip_inline(_RST_INLINE)
    return scan.structure()


def _rst_literal_block(scan: _Scan, index: int) -> int:
    """After a paragraph ending in "::": the indented block that follows is literal."""
    lines = scan.lines
    indent = _indent(lines[index])
    following = index + 1
    while following < len(lines) and lines[following].strip() and _indent(lines[following]) >= indent:
        following += 1  # the rest of the paragraph whose last line holds the "::"
    body = following
    while body < len(lines) and not lines[body].strip():
        body += 1
    if body < len(lines) and _indent(lines[body]) > indent:
        end = _block_end(lines, body, indent)
        scan.skip_lines(body, end)
        return end
    return index + 1


def _rst_explicit(scan: _Scan, index: int) -> int:
    """A directive, target, footnote, substitution or comment starting at line ``index``."""
    lines = scan.lines
    line = lines[index]
    indent = _indent(line)
    end = _block_end(lines, index + 1, indent)
    directive = _RST_DIRECTIVE.match(line)
    if directive is None:
        footnote = _RST_FOOTNOTE.match(line)
        if footnote:  # ".. [1] text": the label is syntax, the note prose
            scan.skip_in_line(index, 0, footnote.end())
            return index + 1
        scan.skip_lines(index, end, "comment")  # a comment or a hyperlink target
        return end
    name = directive.group("name").lower().split(":")[-1]
    if name in _RST_CODE_DIRECTIVES or line.lstrip().startswith(".. |"):
        scan.skip_lines(index, end)
        return end
    if name in _RST_PROSE_ARGUMENTS:
        scan.skip_in_line(index, 0, directive.start("argument"))
    else:
        scan.skip_lines(index, index + 1, None)
    option = index + 1
    while option < end and _RST_OPTION.match(lines[option]):
        scan.skip_lines(option, option + 1, None)  # ":linenos:", ":alt: ..."
        option += 1
    return option


# -- AsciiDoc --------------------------------------------------------------------------------

#: Delimiters of blocks whose content is not prose: listing, literal, comment, passthrough, fenced.
_ADOC_VERBATIM_DELIMITER = re.compile(r"(-{4,}|\.{4,}|/{4,}|\+{4,}|`{3,}[\w+-]*)[ \t]*")
_ADOC_VERBATIM_STYLE = re.compile(r"\[(?:source|listing|literal|pass|stem|latexmath|asciimath|comment)\b[^\]]*\][ \t]*")
_ADOC_ATTRIBUTE_LINE = re.compile(r"\[[^\]]*\][ \t]*|:!?[\w-]+!?:.*|\[\[[^\]]*\]\][ \t]*")
_ADOC_LINE_COMMENT = re.compile(r"//(?!/{3}).*")
_ADOC_BLOCK_MACRO = re.compile(r"[\w-]+::\S*\[.*\][ \t]*")
_ADOC_TABLE_DELIMITER = re.compile(r"[|!,:]={3,}[ \t]*")
_ADOC_TABLE_CELL = re.compile(r"(?:^|(?<=[ \t]))[\w.*+<>^]*[|!]")
_ADOC_SECTION_MARKER = re.compile(r"(?:={1,6}|#{1,6})[ \t]+")
_ADOC_LIST_ITEM = re.compile(r"[ \t]*(?:[*.-]+|\d+\.|[a-zA-Z]\.)[ \t]")
_ADOC_INLINE = re.compile(
    r"`[^`\n]+`"  # monospace
    r"|\+{1,3}[^+\n]+\+{1,3}"  # inline passthrough
    r"|\b(?:pass|kbd|btn|menu|stem|latexmath|asciimath|footnote|xref|link|mailto|image|include|icon)"
    r":[^\s\[]*\[(?:[^\]\\]|\\.)*\]"  # inline macros and their targets
    r"|(?:https?|ftp|irc)://[^\s\[<>]+(?:\[[^\]]*\])?"  # a URL (and its link text: that is rare)
    r"|<<[^<>\n]+>>"  # cross references
    r"|\{[\w-]+\}"  # attribute references
)


def analyze_asciidoc(doc) -> SpanStructure:
    scan = _Scan(doc)
    lines = scan.lines
    index = 0
    in_table = False
    at_paragraph_start = True
    verbatim_paragraph = False
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            at_paragraph_start, verbatim_paragraph = True, False
            index += 1
            continue
        if not at_paragraph_start and _adoc_title_underline(lines[index - 1], line):
            scan.skip_lines(index, index + 1, None)
            at_paragraph_start = True
            index += 1
            continue
        delimiter = _ADOC_VERBATIM_DELIMITER.fullmatch(line)
        if delimiter:
            index = _adoc_delimited(scan, index, delimiter.group(1))
            at_paragraph_start = True
            continue
        if _ADOC_VERBATIM_STYLE.fullmatch(line):
            scan.skip_lines(index, index + 1, None)
            verbatim_paragraph = True  # "[source]" before a paragraph: the paragraph is code
            index += 1
            continue
        if verbatim_paragraph or (at_paragraph_start and line[:1] in " \t" and not _ADOC_LIST_ITEM.match(line)):
            verbatim_paragraph = True  # a paragraph indented at its first line is literal
            scan.skip_lines(index, index + 1)
        elif _ADOC_TABLE_DELIMITER.fullmatch(line):
            in_table = not in_table
            scan.skip_lines(index, index + 1, None)
        elif (_ADOC_LINE_COMMENT.fullmatch(line) or _ADOC_ATTRIBUTE_LINE.fullmatch(line)
              or _ADOC_BLOCK_MACRO.fullmatch(line)):
            scan.skip_lines(index, index + 1, None)
        else:
            if in_table:
                for cell in _ADOC_TABLE_CELL.finditer(line):
                    scan.skip_in_line(index, cell.start(), cell.end())
            section = _ADOC_SECTION_MARKER.match(line)
            if section and at_paragraph_start:
                scan.skip_in_line(index, 0, section.end())
            at_paragraph_start = False
        index += 1
    scan.skip_inline(_ADOC_INLINE)
    return scan.structure()


def _adoc_title_underline(above: str, line: str) -> bool:
    """A two-line section title: a line of = - ~ ^ or + as long as the text above (within two)."""
    underline = line.rstrip()
    return (
        len(underline) >= 2 and underline[0] in "=-~^+" and underline == underline[0] * len(underline)
        and abs(len(above.rstrip()) - len(underline)) <= 2
    )


def _adoc_delimited(scan: _Scan, index: int, delimiter: str) -> int:
    """A delimited verbatim block: to the same delimiter line, or the end."""
    lines = scan.lines
    closer = delimiter.rstrip("\t ")
    if closer.startswith("`"):
        closer = "`" * (len(closer) - len(closer.lstrip("`")))
    last = index + 1
    while last < len(lines) and lines[last].rstrip() != closer:
        last += 1
    end = min(last + 1, len(lines))
    scan.skip_lines(index, end, "comment" if closer.startswith("/") else "code")
    return end
