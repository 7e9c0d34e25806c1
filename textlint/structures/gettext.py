"""Where the prose is in a gettext catalogue (.po, .pot): the contents of msgstr strings.

A catalogue is line-oriented: a keyword (``msgid``, ``msgstr[0]`` ...)
followed by a quoted string, and further quoted strings on the lines after
it that continue it.  That is read line by line here, because the offsets
of each string's contents are what we need and polib and Babel hand back
the unescaped strings without them.  Everything else is syntax: comments,
keywords, quotes, msgid and msgctxt strings (the source, not the
translation), the header entry, obsolete ``#~`` entries.  Inside a
msgstr, escape sequences (``\\n``, ``\\"``), format placeholders
(``%s``, ``%(name)d``, ``{count}``) and HTML tags and entities (a
translation of markup keeps the markup) are syntax too.
"""
from __future__ import annotations

import re

from textlint.structures.spans import SpanStructure, spans_outside

_KEYWORD = re.compile(r'[ \t]*(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)[ \t]+"')
_CONTINUATION = re.compile(r'[ \t]*"')
_STRING_END = re.compile(r'"[ \t]*\r?$')
#: Syntax inside a translation: escapes, printf and brace placeholders, tags and entities.
_SYNTAX_IN_STRING = re.compile(
    r"\\(?:x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|.)"
    r"|%(?:\([\w.]+\))?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGcrsaAp%@]"
    r"|%\d+\$[-+ #0']*\d*(?:\.\d+)?[a-zA-Z]"  # positional: "%1$s"
    r"|\{[\w.\[\]]*(?:![rsa])?(?::[^{}]*)?\}"
    r"|</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>"
    r"|&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"
)


def _strings(doc):
    """(keyword, start, end) of each quoted string's contents, with the keyword it belongs to."""
    keyword = None
    for index, line in enumerate(doc.lines):
        opened = _KEYWORD.match(line)
        if opened:
            keyword = opened.group(1)
        else:
            opened = _CONTINUATION.match(line)
            if opened is None:
                keyword = None  # a comment or a blank line ends the entry's string
                continue
        closed = _STRING_END.search(line, opened.end())
        if closed is None or keyword is None:
            continue
        line_start = doc.line_starts[index]
        yield keyword, line_start + opened.end(), line_start + closed.start()


def _translations(doc):
    """The msgstr strings' contents, less the header's (the entry whose msgid is empty)."""
    text = doc.text
    source: list[str] = []  # what identifies the entry: its context and msgid
    previous = None
    for keyword, start, end in _strings(doc):
        if keyword == "msgctxt" and previous != "msgctxt":
            source = ["<context>"]  # an entry with a context is never the header
        elif keyword == "msgid" and previous not in ("msgid", "msgctxt"):
            source = []
        if keyword == "msgid":
            source.append(text[start:end])
        elif keyword.startswith("msgstr") and "".join(source):
            yield start, end
        previous = keyword


def analyze(doc) -> SpanStructure:
    prose = []
    for start, end in _translations(doc):
        position = start
        for syntax in _SYNTAX_IN_STRING.finditer(doc.text, start, end):
            prose.append((position, syntax.start()))
            position = syntax.end()
        prose.append((position, end))
    return SpanStructure(spans_outside(len(doc.text), prose))
