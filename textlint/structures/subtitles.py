"""Where the prose is in subtitles (.srt, .vtt): the text of each cue.

Both formats are blocks separated by blank lines, simple enough to read
line by line; pysrt and webvtt-py return cue text without its offsets.
In SubRip a cue is an index line, a timing line and its text; in WebVTT a
cue is an optional identifier, a timing line with optional settings and
its text, and the file opens with a ``WEBVTT`` header, with ``NOTE``,
``STYLE`` and ``REGION`` blocks between cues.  In cue text the formatting
tags players read are syntax: SubRip's ``<i> <b> <u> <font>`` and
``{\\an8}`` overrides, WebVTT's ``<i> <b> <u> <c.class> <v Name> <lang>
<ruby> <rt>``, its timestamps ``<00:01.500>`` and its character references
(``&amp;``).  Any other tag is HTML that leaked in, and stays prose for
H001 to report; so does an entity in SubRip, which players show as typed.
"""
from __future__ import annotations

import re

from textlint.structures.spans import SpanStructure, spans_outside

_TIMING = re.compile(r"[ \t]*(?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3}[ \t]*-->")
_SRT_MARKUP = re.compile(r"</?(?:i|b|u|font)(?:[ \t][^<>\n]*)?>|\{\\[^{}\n]*\}", re.IGNORECASE)
_VTT_MARKUP = re.compile(
    r"</?(?:c|i|b|u|v|lang|ruby|rt)(?:[.\s][^<>\n]*)?>"
    r"|<(?:\d+:)?\d{2}:\d{2}\.\d{3}>"
    r"|&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"
)
_VTT_NOT_CUES = re.compile(r"(?:WEBVTT|NOTE|STYLE|REGION)(?:[ \t]|$)")


def _blocks(doc):
    """(first, last) line indexes of each run of non-blank lines."""
    lines = doc.lines
    index = 0
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        last = index
        while last + 1 < len(lines) and lines[last + 1].strip():
            last += 1
        yield index, last
        index = last + 1


def _cue_text(doc, markup: re.Pattern, skip_block) -> SpanStructure:
    """Prose: the lines after each block's timing line, less the markup."""
    prose = []
    text = doc.text
    for first, last in _blocks(doc):
        if skip_block(doc.lines[first]):
            continue
        timing = next((i for i in range(first, last + 1) if _TIMING.match(doc.lines[i])), None)
        if timing is None:
            continue  # no cue: a stray block is not text anyone sees
        for index in range(timing + 1, last + 1):
            start, end = doc.line_span(index)
            position = start
            for tag in markup.finditer(text, start, end):
                prose.append((position, tag.start()))
                position = tag.end()
            prose.append((position, end))
    return SpanStructure(spans_outside(len(text), prose))


def analyze_srt(doc) -> SpanStructure:
    return _cue_text(doc, _SRT_MARKUP, lambda line: False)


def analyze_vtt(doc) -> SpanStructure:
    return _cue_text(doc, _VTT_MARKUP, lambda line: _VTT_NOT_CUES.match(line.lstrip("\ufeff")) is not None)
