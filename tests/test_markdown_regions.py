"""A large Markdown document is parsed by region, on demand; its answers must
be those of the whole document's parse: is_prose at every offset, block_at
at every line, non_prose_spans and the blocks in order.

The threshold and the region size are forced to nothing here, so that every
place where a region may be cut is a cut.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from textlint import markdown
from textlint.document import Document
from textlint.structures import SpanStructure

FIXTURES = Path(__file__).parent / "fixtures"


def _whole(doc: Document) -> SpanStructure:
    blocks, spans = markdown._analyze_lines(doc, 0, len(doc.line_starts))
    return SpanStructure(spans, blocks, len(doc.line_starts))


def _regions(doc: Document, monkeypatch, size: int = 0) -> markdown.RegionStructure:
    monkeypatch.setattr(markdown, "REGION_THRESHOLD", 0)
    monkeypatch.setattr(markdown, "REGION_SIZE", size)
    structure = markdown.analyze(doc)
    assert isinstance(structure, markdown.RegionStructure)
    return structure


def _assert_same(text: str, fmt: str, monkeypatch, size: int = 0, seed: int = 0) -> markdown.RegionStructure:
    doc = Document(text, f"<regions>.{fmt}", fmt)
    whole = _whole(doc)
    # one structure asked in document order, one asked out of order, one asked for everything first
    in_order = _regions(Document(text, f"<regions>.{fmt}", fmt), monkeypatch, size)
    shuffled = _regions(Document(text, f"<regions>.{fmt}", fmt), monkeypatch, size)
    everything = _regions(Document(text, f"<regions>.{fmt}", fmt), monkeypatch, size)
    assert everything.non_prose_spans() == whole.non_prose_spans(), text
    assert everything.blocks == whole.blocks, text
    lines = list(range(-1, len(doc.line_starts) + 1))
    for index in lines:
        assert in_order.block_at(index) == whole.block_at(index), (text, index)
    offsets = list(range(len(text) + 2))
    for start in offsets:
        for end in (start, start + 1):
            assert in_order.is_prose(start, end) == whole.is_prose(start, end), (text, start, end)
    shuffler = random.Random(seed)
    shuffler.shuffle(lines)
    shuffler.shuffle(offsets)
    for index in lines:
        assert shuffled.block_at(index) == whole.block_at(index), (text, index)
    for start in offsets:
        end = shuffler.randint(start, len(text) + 1)  # spans over several lines, and regions
        assert shuffled.is_prose(start, end) == whole.is_prose(start, end), (text, start, end)
        assert shuffled.is_prose(start, start + 1) == whole.is_prose(start, start + 1), (text, start)
    assert in_order.non_prose_spans() == whole.non_prose_spans(), text
    assert shuffled.blocks == whole.blocks, text
    return in_order


# Lines of every block kind the parse knows, some of them opening blocks that
# run over blank lines (fences, HTML blocks of types 1-5, lists, indented
# code), and plain lines that start with a letter, before which a region
# may be cut.
LINES = st.sampled_from([
    "Plain words here", "中文段落", "▲ 图为现场", "word `code", "span` end", "see [a](http://x.y/z) ok",
    "<b>bold</b> text", "a | b", "|---|---|", "| c | d |", "# Heading", "Setext", "===", "---", "***",
    "```", "```py", "~~~", "````", "  ```", "    ```", "- ```", "> ```", "    indented code", "\tcode",
    "- item", "  continued item", "1. first", "2) second", "* star", "+ plus", "> quote", ">", "> - nested",
    "<div>", "</div>", "<!-- comment", "-->", "<!-- one line -->", "<script>", "</script>", "<pre>", "</pre>",
    "<?php", "?>", "<!DOCTYPE html>", "<![CDATA[", "]]>", "<Component prop={x}>", "</Component>",
    "[ref]: http://example.com", "[ref2]:", "  http://example.org \"title\"", "import x from 'y'",
    "export const a = 1", "{expr}", "{/* c */}", "a\u00a0b", "lazy line", "", "", "", " ", "\t",
])
FRONT = st.sampled_from(["", "---\ntitle: A title\n---\n", "+++\ntitle = \"T\"\n+++\n", "---\nunclosed: yes\n"])
DOCUMENTS = st.tuples(FRONT, st.lists(LINES, max_size=60), st.sampled_from(["\n", "\r\n"]), st.booleans()).map(
    lambda parts: parts[0] + parts[2].join(parts[1]) + (parts[2] if parts[3] else "")
)


# the monkeypatched values are the same for every input
@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(DOCUMENTS, st.sampled_from(["md", "mdx"]))
@example("```\n\nPlain\n\n```\n\nAfter", "md")
@example("<!-- open\n\nPlain\n\n-->\n\nAfter", "md")
@example("- item\n\n  more\n\nPlain\n\nNext", "md")
@example("Para\r\n\r\nNext\r\n\r\nLast\r\n", "md")
@example("a\rb\n\nc\r\n\r\nd", "md")
def test_regions_answer_as_the_whole_parse(monkeypatch, text, fmt):
    _assert_same(text, fmt, monkeypatch)


def test_regions_are_cut_and_open_blocks_are_not(monkeypatch):
    text = "Intro\n\nOne\n\n```\ncode\n\nStill code\n```\n\nTwo\n\n<!-- a\n\nStill comment\n-->\n\nThree\n"
    structure = _assert_same(text, "md", monkeypatch)
    structure.non_prose_spans()
    doc = structure.doc
    # cuts before "One", the first line after the fence and the comment; none inside them
    cut_lines = [doc.lines[line] for line in structure.cuts]
    assert cut_lines == ["Intro", "One", "Two", "Three"]


def test_a_region_is_parsed_only_when_asked(monkeypatch):
    text = "".join(f"Paragraph {index}\n\n" for index in range(200))
    doc = Document(text, "<regions>.md", "md")
    structure = _regions(doc, monkeypatch, size=100)
    assert structure.is_prose(0, 5)
    assert structure.block_at(2).kind == "paragraph"
    assert len(structure.parsed) == 1
    assert structure.cuts[-1] < 20  # found no further than asked


def test_small_documents_keep_the_whole_parse():
    doc = Document("# Title\n\nText\n", "<regions>.md", "md")
    assert isinstance(markdown.analyze(doc), SpanStructure)


@pytest.mark.parametrize("size", [0, 200, 5000])
def test_fixtures_concatenated(monkeypatch, size):
    parts = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(FIXTURES.rglob("*.md"))]
    text = "\n\n".join(parts * 3)
    _assert_same(text, "md", monkeypatch, size=size, seed=size)
