"""What a document's structure is made of: blocks and the spans that are not prose.

Below every structure builder (``textlint.markdown``, ``textlint.structures.html``
and the others) and below ``textlint.document``; imports nothing of textlint,
so that the builders and the document can all import it without a cycle.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class Block:
    """A Markdown block: its kind and its 0-based line range [start, end)."""

    kind: str
    start_line: int
    end_line: int
    #: enclosing containers, outermost first: "list", "list_item", "blockquote"
    containers: tuple[str, ...] = ()


class SpanStructure:
    """A structure given by its non-prose spans (and any blocks the format knows)."""

    def __init__(self, spans: Iterable[tuple[int, int]], blocks: Iterable["Block"] = (), line_count: int = 0):
        self.starts, self.ends = merged_ranges(spans)
        self.blocks = list(blocks)
        self.line_blocks: list[Block | None] = [None] * line_count
        for block in self.blocks:
            for index in range(block.start_line, min(block.end_line, line_count)):
                self.line_blocks[index] = block

    def is_prose(self, start: int, end: int) -> bool:
        # the last non-prose span starting before `end` must end by `start`
        index = bisect.bisect_left(self.starts, end) - 1
        return index < 0 or self.ends[index] <= start

    def block_at(self, line_index: int) -> "Block | None":
        if 0 <= line_index < len(self.line_blocks):
            return self.line_blocks[line_index]
        return None

    def non_prose_spans(self) -> list[tuple[int, int]]:
        return list(zip(self.starts, self.ends))


def merged_ranges(ranges: Iterable[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """The starts and ends of ``ranges`` merged where they overlap or touch,
    in order, empty ones dropped: disjoint ranges a bisection can search."""
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(ranges):
        if end <= start:
            continue
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def spans_outside(length: int, prose: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The complement of the ``prose`` ranges in ``[0, length)``: for formats
    where prose is the exception (gettext strings, subtitle cues, HTML text)."""
    spans = []
    position = 0
    for start, end in sorted(prose):
        if start > position:
            spans.append((position, start))
        position = max(position, end)
    if position < length:
        spans.append((position, length))
    return spans
