"""A decoded file: its text, how it was decoded, a line index, and where prose is.

Everything here is lazy: the line index and the Markdown structure are built
the first time a rule asks, so a clean file that no rule's cheap pattern
matches never pays for them.
"""
from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from textlint.structures.spans import Block  # noqa: F401 - rules and tests import it from here

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class BinaryFileError(ValueError):
    """The bytes are not text in any encoding we can tell."""


@dataclass
class Decoded:
    """Text decoded from bytes, and how sure we are that it was decoded right."""

    text: str
    encoding: str = "utf-8"
    bom: bytes = b""
    #: True when decoding was exact (strict UTF-8, or a legacy encoding whose
    #: round trip is byte-exact and whose detection is unambiguous).  The fixer
    #: never writes a file whose bytes were not decoded with certainty.
    certain: bool = True
    confidence: float = 1.0
    #: Text offsets of bytes that could not be decoded (shown as U+FFFD).
    bad_offsets: tuple[int, ...] = ()
    #: For a legacy code page: the evidence weighed to pick it (the legacy
    #: decoder's verdict, M005's ``Verdict``: the plausible readings, best
    #: first, and whether they allow a safe transcoding).
    verdict: Any = field(default=None, repr=False, compare=False)

    def encode(self, text: str) -> bytes:
        """Bytes for ``text`` in the file's own encoding, BOM included."""
        return self.bom + text.encode(self.encoding)


_BINARY_CONTROLS = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def _looks_binary(data: bytes) -> bool:
    """NULs and other controls in bulk: an image, an archive, a program.

    A text with a stray NUL or two is still text (S005 reports them), so a
    single NUL is not enough, as it is for git.
    """
    head = data[:8192]
    if b"\x00" not in head or _looks_like_wide_unicode(head):
        return False
    controls = len(_BINARY_CONTROLS.findall(head))
    return controls > 16 or controls > 0.05 * len(head)


def _looks_like_wide_unicode(head: bytes) -> bool:
    if len(head) < 4:
        return False
    even_nuls = head[0::2].count(0)
    odd_nuls = head[1::2].count(0)
    half = len(head) // 2
    return max(even_nuls, odd_nuls) > 0.3 * half and min(even_nuls, odd_nuls) < 0.05 * half


def decode_bytes(data: bytes) -> Decoded:
    """Decode file bytes: BOMs, strict UTF-8, then charset-normalizer."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(encoding), encoding, bom)
            except UnicodeDecodeError:
                break
    if b"\x00" in data[:8192]:
        wide = _decode_wide_without_bom(data)
        if wide is not None:
            return wide
    if _looks_binary(data):
        raise BinaryFileError("binary file (NUL and control bytes); not text")
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        first_error = error
    mostly_utf8 = _decode_mostly_utf8(data, first_error)
    if mostly_utf8 is not None:
        return mostly_utf8
    return _decode_legacy(data)


_WIDE_ENCODINGS = (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2))
# Characters no text holds: controls, surrogates, private use, unassigned.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufffe\uffff]")


def _decode_wide_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 or UTF-32 without a byte order mark.

    Any even-length bytes decode as UTF-16, so a reading counts only when it
    holds nothing but text characters, with spaces, line breaks or marks
    among them; it is certain when exactly one reading qualifies.
    """
    readings = []
    for encoding, width in _WIDE_ENCODINGS:
        if len(data) % width:
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _reads_as_text(text):
            readings.append(Decoded(text, encoding, certain=True, confidence=1.0))
    if not readings:
        return None
    if len(readings) > 1:
        readings[0].certain, readings[0].confidence = False, 0.5
    return readings[0]


def _reads_as_text(text: str) -> bool:
    import unicodedata

    sample = text[:4096]
    if not sample or _NOT_TEXT.search(sample):
        return False
    if any(unicodedata.category(c) == "Cn" for c in sample):
        return False
    separators = sum(1 for c in sample if c in " \n\t\u3000\u3001\u3002\uff0c" or c.isascii() and not c.isalnum())
    return separators >= max(1, len(sample) // 100)


_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _decode_mostly_utf8(data: bytes, error: UnicodeDecodeError) -> Decoded | None:
    """UTF-8 with a few bad bytes: decode what is valid, mark the rest.

    Such a file is reported at the bad bytes and never rewritten: a legacy
    decoder would garble all the valid UTF-8 around them.
    """
    valid_sequences = len(_UTF8_MULTIBYTE.findall(data))
    high_bytes = sum(1 for b in data if b >= 0x80) if len(data) < 1_000_000 else None
    if high_bytes is None:
        high_bytes = len(re.findall(rb"[\x80-\xff]", data))
    valid_bytes = len(b"".join(_UTF8_MULTIBYTE.findall(data)))
    bad_bytes = high_bytes - valid_bytes
    # A short legacy file can hold a valid UTF-8 pair by chance (EUC-KR
    # 한국어 has one): UTF-8 must outweigh the bad bytes, not only be there.
    if valid_sequences == 0 or bad_bytes > max(8, valid_bytes // 10) or valid_bytes <= bad_bytes:
        return None
    text = data.decode("utf-8", errors="replace")
    bad = tuple(m.start() for m in re.finditer("\ufffd", text))
    return Decoded(text, "utf-8", certain=False, confidence=0.0, bad_offsets=bad)


def _decode_legacy(data: bytes) -> Decoded:
    """A legacy code page, weighed by what the bytes read as.

    Every single-byte code page decodes and round-trips every byte, so the
    decode is certain only when the evidence is strong (the judge a plugin
    offers through the ``textlint_legacy_decoder`` hook; the built-in one,
    M005's, wants enough non-ASCII bytes, words or characters of one
    language, the winner clearly ahead of every other common code page).
    Otherwise the likeliest reading is linted but the file is never rewritten.
    """
    from textlint.plugins import plugin_manager  # only for files that fail UTF-8

    judge = plugin_manager().hook.textlint_legacy_decoder()
    if judge is None:
        return _decode_detected(data, None)
    verdict = judge(data)
    best = verdict.best
    if best is None:
        return _decode_detected(data, verdict)
    try:
        round_trip = best.text.encode(best.encoding) == data
    except UnicodeEncodeError:
        round_trip = False
    return Decoded(
        best.text, best.encoding, certain=verdict.safe and round_trip, confidence=verdict.margin, verdict=verdict
    )


def _decode_detected(data: bytes, verdict: Any) -> Decoded:
    """No code page reads the bytes as text: charset-normalizer's guess, to lint, never to write."""
    from charset_normalizer import from_bytes  # heavy: only for files no common code page reads

    best = from_bytes(data).best()
    if best is None:
        raise BinaryFileError("not text in any encoding charset-normalizer knows")
    return Decoded(str(best), codecs.lookup(best.encoding).name, certain=False, confidence=0.0, verdict=verdict)




_MISSING = object()


class Document:
    """A decoded file as the rules see it.

    ``text`` is the whole decoded text (line endings as in the file); rules
    report code-point offsets into it.  ``format`` names its file type
    (``"txt"``, ``"md"``, ``"mdx"``, ``"html"``, ``"rst"``, ``"adoc"``,
    ``"po"``, ``"srt"``, ``"vtt"`` or a plugin's).  ``is_prose(start, end)``
    tells whether a span is prose (not code, front matter, markup or the
    format's syntax); the format's structure object answers.
    """

    def __init__(
        self,
        text: str,
        path: str = "<text>",
        format: str = "txt",
        decoded: Decoded | None = None,
        corpus: dict[str, Any] | None = None,
    ) -> None:
        self.text = text
        self.path = path
        self.format = format
        self.decoded = decoded or Decoded(text)
        self.corpus: dict[str, Any] = corpus if corpus is not None else {}
        #: Per-document scratch space for rules that share work (one scan
        #: for a whole family); keyed by the rule module's own names.
        self.memo: dict[str, Any] = {}
        self._line_starts: list[int] | None = None
        self._structure = None
        self._file_type = None
        self._lines: list[str] | None = None

    # -- where the text came from ------------------------------------------------

    @property
    def is_markdown(self) -> bool:
        return self.format in ("md", "mdx")

    @property
    def encoding(self) -> str:
        return self.decoded.encoding

    def memoized(self, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()``, once per document: what the rules of a family (or
        of several) share is kept in ``memo`` under the module's own key."""
        value = self.memo.get(key, _MISSING)
        if value is _MISSING:
            value = self.memo[key] = compute()
        return value

    def line_fact(self, key: str, index: int, compute: Callable[[str], Any]) -> Any:
        """``compute(line)`` for line ``index``, once per line and key: a rule
        asking about the line around each finding would otherwise read a page
        of one line once per finding, the square of its length."""
        facts = self.memoized(key, dict)
        if index not in facts:
            facts[index] = compute(self.lines[index])
        return facts[index]

    # -- lines ---------------------------------------------------------------------

    @property
    def line_starts(self) -> list[int]:
        """Offsets at which each line starts (line 1 at index 0)."""
        if self._line_starts is None:
            starts = [0]
            starts.extend(m.end() for m in re.finditer("\n", self.text))
            self._line_starts = starts
        return self._line_starts

    @property
    def lines(self) -> list[str]:
        """The lines, without their line endings (``\\r\\n`` or ``\\n``)."""
        if self._lines is None:
            lines = self.text.split("\n")
            self._lines = [line.rstrip("\r") for line in lines] if "\r" in self.text else lines
        return self._lines

    def line_index(self, offset: int) -> int:
        """0-based index of the line holding ``offset``."""
        return bisect.bisect_right(self.line_starts, offset) - 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``; columns count code points."""
        index = self.line_index(offset)
        return index + 1, offset - self.line_starts[index] + 1

    def line_span(self, index: int) -> tuple[int, int]:
        """Offsets of line ``index`` (0-based) without its line ending."""
        start = self.line_starts[index]
        end = start + len(self.lines[index])
        return start, end

    # -- structure -------------------------------------------------------------------

    @property
    def file_type(self):
        """What the format says about markup (see ``textlint.structures.FileType``)."""
        if self._file_type is None:
            from textlint.structures import file_type

            self._file_type = file_type(self.format)
        return self._file_type

    @property
    def html_is_markup(self) -> bool:
        """Whether HTML tags and entities are this format's own markup (Markdown, HTML)."""
        return self.file_type.html_is_markup

    @property
    def collapses_spaces(self) -> bool:
        """Whether the format's renderer collapses plain spaces (so NBSP runs may be layout)."""
        return self.file_type.collapses_spaces

    @property
    def knows_blocks(self) -> bool:
        """Whether ``block_at`` names every line's block (paragraph, heading, table, code)."""
        return self.file_type.knows_blocks

    @property
    def structure(self):
        """The format's structure object (``textlint.structures.Structure``), built once."""
        if self._structure is None:
            analyze = self.file_type.analyze
            if analyze is None:
                from textlint.structures import SpanStructure

                self._structure = SpanStructure(())
            else:
                self._structure = analyze(self)
        return self._structure

    def is_prose(self, start: int, end: int | None = None) -> bool:
        """True when no part of ``text[start:end]`` is syntax, code or markup of the format."""
        file_type = self.file_type
        if file_type.analyze is None:
            return True
        end = start + 1 if end is None else end
        if self._structure is None and file_type.quick_is_prose is not None:
            quick = file_type.quick_is_prose(self, start, end)
            if quick is not None:
                return quick
        return self.structure.is_prose(start, end)

    def block_at(self, line_index: int) -> Block | None:
        """The block holding 0-based line ``line_index``, where the format knows one
        (every line's in Markdown, code blocks elsewhere; None in plain text)."""
        if self.file_type.analyze is None:
            return None
        return self.structure.block_at(line_index)

    def non_prose_spans(self) -> list[tuple[int, int]]:
        """Sorted, disjoint (start, end) offsets of the syntax, code and markup."""
        if self.file_type.analyze is None:
            return []
        return self.structure.non_prose_spans()

    def suppressed(self, code: str, line_index: int, name: str | None = None) -> bool:
        """Whether a ``textlint-disable`` directive (in any format: see
        :mod:`textlint.suppression`) switches the rule off on that line."""
        if "textlint" not in self.text:
            return False
        from textlint.suppression import for_document

        return for_document(self).suppressed(code, line_index, name)


def format_for_path(path: str) -> str:
    """The format of a file by its suffix (``textlint.structures``); "txt" when unknown."""
    from textlint.structures import format_for_path as by_suffix

    return by_suffix(path)
