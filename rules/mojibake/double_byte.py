"""M002: UTF-8 read as a double-byte code page (GBK, Big5, Shift-JIS,
EUC-KR), and GBK and Big5 read as each other."""
from __future__ import annotations

import operator
import unicodedata
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate, compress

from textlint.charclass import lazy_compile
from textlint_rules.vocabulary import CJK_MARKS_AND_KANA, FULLWIDTH_ASCII, HANGUL_SYLLABLES, KANA_BMP
from textlint_rules.mojibake.charmodel import char_model
from textlint_rules.mojibake.common import Damage, _overlaps, _quote
from textlint_rules.mojibake.encodings import _DOUBLE_BYTE, _LEGACY_PAIRS
from textlint_rules.mojibake.misaligned import _MIN_REALIGNED
from textlint_rules.mojibake.precheck import _HAN
from textlint_rules.mojibake.tables import CJK_PUNCTUATION, _pair_words, common_characters


_UTF8_WIDE_CHAR = (
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
UTF8_RUN = lazy_compile(rb"(?:[\x00-\x7f]|" + _UTF8_WIDE_CHAR + rb")+")
#: UTF8_RUN's runs that hold a character beyond ASCII, from the first such
#: character on.  Each byte starts at most one kind of UTF-8 character, so
#: both read the bytes the same way and end a run at the same byte; what
#: UTF8_RUN adds is the ASCII right before (no run ends before ASCII), put
#: back by utf8_spans.  The runs of ASCII alone, never a span and most runs
#: in a line encoded as GBK or Big5 (their trail bytes 0x40-0x7E), are then
#: skipped by the engine instead of one by one in Python.
_UTF8_WIDE_RUN = lazy_compile(rb"(?:" + _UTF8_WIDE_CHAR + rb")(?:[\x00-\x7f]|" + _UTF8_WIDE_CHAR + rb")*")
#: How much more plausible (mean log10 frequency per character) a repair must
#: be, and how plausible at least, before the garbled text is called mojibake.
_MIN_GAIN = 1.5
_MIN_PLAUSIBILITY = -5.0
_CONTROL = lazy_compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd]")


def _double_byte_mojibake(line: str, base: int, found: list[Damage]) -> list[Damage]:
    candidates = []
    worth = Worth(line)
    # with no point a span could be accepted at and no U+FFFD, neither
    # utf8_spans nor _truncated_spans yields anything: the encoding is skipped
    if worth.points or "\ufffd" in line:
        encoded = _encode_line(line)
        for name, codecs in _DOUBLE_BYTE:
            # the codecs of one encoding (GBK and GB18030) mostly find the
            # same spans: a second candidate equal to one already taken would
            # be judged alike and then dropped as overlapping it, so it is
            # left out before it is judged (half the candidates of the bench corpus)
            spans = set()
            for codec in codecs:
                for start, end, repaired in utf8_spans(line, codec, worth, encoded[codec]):
                    if (start, end, repaired) not in spans:
                        spans.add((start, end, repaired))
                        candidates.append((start, end, repaired, f"UTF-8 decoded as {name}", []))
            for start, end, repaired, cut in _truncated_spans(line, codecs[0], worth, encoded[codecs[0]]):
                candidates.append((start, end, repaired, f"UTF-8 decoded as {name}", cut))
    for source_name, source, target_name, target in _LEGACY_PAIRS:
        for start, end, repaired in _legacy_spans(line, source, target):
            candidates.append((start, end, repaired, f"{target_name} decoded as {source_name}", []))
    judged = []
    for start, end, repaired, story, cut in candidates:
        gain = plausibility_gain(line, start, end, repaired, needs_words=not story.startswith("UTF-8"))
        if gain is not None:
            judged.append((end - start, gain, start, end, repaired, story, cut))
    result: list[Damage] = []
    # the longest exact span first: a shorter one inside it is part of the same damage
    for _, gain, start, end, repaired, story, cut in sorted(judged, reverse=True):
        if _overlaps(found + result, base + start, base + end):
            continue
        garbled = line[start:end]
        if cut:
            if end < len(line) and line[end] == "?":
                end += 1  # the byte the code page could not show, as "?"
                garbled = line[start:end]
            result.append(_truncated_damage(base + start, garbled, cut, story))
            continue
        result.append(
            Damage(
                "M002", base + start, base + end,
                f"{story}: {_quote(garbled)} should read {_quote(repaired)}",
                repaired, "safe", f"Re-encode and decode as UTF-8: {_quote(repaired)}"
                if story.startswith("UTF-8") else f"Re-encode and decode: {_quote(repaired)}",
            )
        )
    return result


def _truncated_spans(line: str, codec: str, worth: Worth, encoded_line: tuple[bytes, ...]):
    """Spans of ``line`` whose bytes in ``codec`` are UTF-8 text but for lost
    bytes: (start, end, the text known exactly, the characters in order).

    Each character is a string, or for one that lost bytes the tuple of
    characters it may have been.  Bytes are lost two ways: the code page
    could not show a byte and wrote U+FFFD for it (``涓�`` is 一, E4 B8 and
    a lost 80), or the text was cut after the first bytes of a character
    (``鍒樺`` is 刘 and the lead byte E5 of the next).  A span holds at least
    one loss (exact spans are utf8_spans'), starts at a character and runs
    to the end of its run of wide characters.  ``encoded_line``: the bytes
    of each character of ``line`` in ``codec`` (b"" where it has none)."""
    for run in _LOSSY_RUN.finditer(line):
        start, end = run.span()
        if "\ufffd" not in run.group() and not worth.accepts(start, end):
            continue
        chars = run.group()
        if len(chars) < 2:
            continue
        encoded = [b"" if c in "\ufffd?" else piece for c, piece in zip(chars, encoded_line[start:end])]
        if not all(piece or char in "\ufffd?" for char, piece in zip(chars, encoded)):
            continue
        if "\ufffd" not in chars and "?" not in chars and not _cut_short(b"".join(encoded[-2:])):
            continue  # nothing lost: an exact span is utf8_spans' to find
        # a byte UTF-8 never holds (ASCII, C0 C1 F5-FF: a GBK trail byte) fails
        # every decoding whose stream holds it: start after the last one
        begin = 0
        for index in range(len(encoded) - 1, -1, -1):
            if encoded[index].translate(None, _UTF8_BYTES):
                begin = index + 1
                break
        for first in range(begin, len(chars) - 1):
            if chars[first] in "\ufffd?":
                continue
            decoded = _decode_lossy(encoded[first:])
            if decoded is None:
                continue
            known = "".join(c for c in decoded if isinstance(c, str))
            if len(known) < len(decoded) and not known.isascii():
                yield start + first, end, known, decoded
            break


#: Runs of non-ASCII characters (U+FFFD among them, and "?" after one, which
#: a legacy decoder writes for a byte it cannot pair), where UTF-8 read as a
#: double-byte code page lost bytes.
_LOSSY_RUN = lazy_compile("(?:[^\\x00-\\x7f\\s]|(?<=[^\\x00-\\x7f\\s])\\?)+")
_MAX_LOST = 8
#: The bytes UTF-8 text holds beyond ASCII: continuation bytes and lead bytes.
_UTF8_BYTES = bytes([*range(0x80, 0xC0), *range(0xC2, 0xF5)])


def _decode_lossy(pieces: list[bytes]) -> list | None:
    """UTF-8 characters from the bytes of shown characters, where b"" is one
    lost continuation byte (U+FFFD) and the last character may be cut short."""
    stream: list[int | None] = []
    for piece in pieces:
        stream.extend(piece if piece else (None,))
    decoded: list = []
    index, size, lost = 0, len(stream), 0
    while index < size:
        lead = stream[index]
        if lead is None:
            # a lost lead byte (Big5 and EUC-KR cannot pair UTF-8's lead
            # bytes with most continuation bytes): its continuation bytes follow
            count = 0
            while count < 3 and index + 1 + count < size and _continues(stream[index + 1 + count]):
                count += 1
            if not count:
                return None
            tail = stream[index + 1:index + 1 + count]
            options = ("\ufffd",) if None in tail else _with_any_lead(bytes(tail))
            if not options:
                return None
            lost += 1
            decoded.append(options)
            index += 1 + count
            continue
        if lead < 0xC2 or lead > 0xF4:
            return None
        needed = 1 if lead < 0xE0 else 2 if lead < 0xF0 else 3
        tail = stream[index + 1:index + 1 + needed]
        if any(byte is not None and not 0x80 <= byte < 0xC0 for byte in tail):
            return None
        missing = needed - len(tail) + tail.count(None)
        if missing:
            lost += missing
            options = _completions(bytes((lead,)), tuple(tail), needed)
            if not options:
                return None
            decoded.append(options)
        else:
            try:
                decoded.append(bytes((lead, *tail)).decode("utf-8"))
            except UnicodeDecodeError:
                return None
        index += 1 + needed
    return decoded if lost <= _MAX_LOST else None


def _continues(byte: int | None) -> bool:
    return byte is None or 0x80 <= byte < 0xC0


def _with_any_lead(tail: bytes) -> tuple[str, ...]:
    """The characters whose UTF-8 bytes are some lead byte and then ``tail``."""
    leads = range(0xC2, 0xE0) if len(tail) == 1 else range(0xE0, 0xF0) if len(tail) == 2 else range(0xF0, 0xF5)
    found = []
    for lead in leads:
        try:
            found.append((bytes((lead,)) + tail).decode("utf-8"))
        except UnicodeDecodeError:
            continue
    return tuple(found)


def _cut_short(data: bytes) -> bool:
    """Whether ``data`` ends in the first bytes of a UTF-8 character, cut off before its end."""
    for back in (1, 2, 3):
        if back > len(data):
            return False
        byte = data[-back]
        if 0x80 <= byte < 0xC0:
            continue
        return back < (2 if 0xC2 <= byte < 0xE0 else 3 if 0xE0 <= byte < 0xF0 else 4 if 0xF0 <= byte < 0xF5 else 0)
    return False


@lru_cache(maxsize=4096)
def _completions(lead: bytes, tail: tuple, needed: int) -> tuple[str, ...]:
    """The characters a lead byte and a tail with holes (None) or cut short may have been."""
    tail = list(tail) + [None] * (needed - len(tail))
    holes = tail.count(None)
    if holes > 1:
        return ("\ufffd",)  # too many to name: a lost character
    index = tail.index(None)
    found = []
    for byte in range(0x80, 0xC0):
        tail[index] = byte
        try:
            found.append((lead + bytes(tail)).decode("utf-8"))
        except UnicodeDecodeError:
            continue
    return tuple(found)


def _truncated_damage(start: int, garbled: str, decoded: list, story: str) -> Damage:
    """UTF-8 read as a double-byte code page that lost bytes: reported, with
    the lost characters guessed by frequency as an unsafe fix."""
    model = char_model()
    shown, guessed, sure = [], [], True
    for char in decoded:
        if isinstance(char, str):
            shown.append(char)
            guessed.append(char)
            continue
        shown.append("\ufffd")
        wide = [c for c in char if _WIDE_CHAR.match(c) or c in CJK_PUNCTUATION or c in "“”‘’–—…•"]
        marks = [c for c in "“”‘’–—…•" + CJK_PUNCTUATION if c in wide]
        guess = marks[0] if marks else max(wide, key=model.logp) if wide else None
        if guess is None or model.logp(guess) < _MIN_REALIGNED:
            sure = False
            guess = "\ufffd"
        guessed.append(guess)
    lost = "".join(shown).count("\ufffd")
    message = (
        f"{story}, and {lost} character{'s' if lost > 1 else ''} lost bytes the code page could not show "
        f"or that were cut off: {_quote(garbled)} reads {_quote(''.join(shown))}"
    )
    if not sure:
        return Damage("M002", start, start + len(garbled), message)
    repair = "".join(guessed)
    message += f", most likely {_quote(repair)}"
    return Damage(
        "M002", start, start + len(garbled), message, repair, "unsafe",
        f"Re-encode and decode as UTF-8, guessing each lost character by frequency: {_quote(repair)}",
    )


def plausibility_gain(line: str, start: int, end: int, repaired: str, needs_words: bool = False) -> float | None:
    """How much more plausible the repair is, or None when it is not a repair.

    ``needs_words``: GBK and Big5 share their byte ranges, so almost any run
    of Han characters re-reads as the other encoding; without the structure
    of UTF-8 bytes as evidence, the repair must also read as words."""
    garbled = line[start:end]
    if repaired == garbled or _CONTROL.search(repaired):
        return None
    wide = sum(1 for c in garbled if ord(c) > 0x7F)
    # caf茅: a Latin word's accented letter out of one wide character right
    # after the word's ASCII letters.  A CJK repair after ASCII letters
    # (TypeScript縺ｨ縺ｯ, Python鍏ラ棬) is judged as any other CJK span.
    glued = (
        start > 0 and line[start - 1].isascii() and line[start - 1].isalpha()
        and all(c.isascii() or "\u00c0" <= c <= "\u024f" for c in repaired)
    )
    if glued and not _ends_latin_word(line, start, end, repaired):
        return None
    if not glued and (wide < 2 or not _WIDE_CHAR.search(repaired)):
        return None  # CJK mojibake decodes to CJK text; Greek or Cyrillic out of it is chance
    if not glued and all(c in common_characters() or ord(c) < 0x80 for c in garbled):
        return None  # mojibake always shows rare characters; prose of common ones is prose
    model = char_model()
    before, after = model.mean_logp(garbled), model.mean_logp(repaired)
    if after - before < _MIN_GAIN or after < _MIN_PLAUSIBILITY:
        return None
    if needs_words and not glued and _reads_as_words(garbled, repaired):
        return None
    return after - before


def _ends_latin_word(line: str, start: int, end: int, repaired: str) -> bool:
    """Whether a Latin letter out of wide characters after ASCII letters
    reads as the end of a word, as ``caf茅`` (café) does: the word stops
    there (no Chinese, Japanese or Korean text runs on, as in ``API扭曲`` or
    ``Python탐구``), and a lowercase word goes on in lowercase."""
    after = line[end:end + 1]
    if after and (_WIDE_CHAR.match(after) or after.isupper() or unicodedata.east_asian_width(after) in "WF"):
        return False
    word = start
    while word > 0 and line[word - 1].isascii() and line[word - 1].isalpha():
        word -= 1
    before = line[word - 1:word]
    if before and (_WIDE_CHAR.match(before) or unicodedata.east_asian_width(before) in "WF"):
        return False  # 周辺API艦“: an English word inside Chinese or Japanese text
    if not all(c.isascii() or c in _WORD_FINAL_LETTERS for c in repaired):
        return False
    if after in CJK_PUNCTUATION and _WIDE_CHAR.search(line[:word] + line[end:]):
        return False  # all칸”: a closing mark of Chinese, Japanese or Korean text
    return not (line[start - 1].islower() and any(c.isupper() for c in repaired))


#: The accented letters a Latin word may end in (Latin-1 and Latin
#: Extended-A letters, Vietnamese ơ ư, Romanian ș ț; not ĸ ŉ ſ or the rarer
#: letters of Extended-B).
_WORD_FINAL_LETTERS = frozenset(
    c for c in map(chr, [*range(0xC0, 0x180), 0x1A0, 0x1A1, 0x1AF, 0x1B0, *range(0x218, 0x21C)])
    if c.isalpha() and c not in "ĸŉſ"
)


def _reads_as_words(garbled: str, repaired: str) -> bool:
    """Whether the text as it stands reads as words at least as well as the repair.

    Character frequencies alone call rare but real words mojibake (忐忑, a
    common word of two rare characters, "reads better" as GBK-as-Big5 守首).
    Words decide: garbled text almost never forms dictionary words, and a
    repair does. A short span must gain words to count; a long one is real
    text when it reads as words as well as its repair would.
    """
    before, after = _word_share(garbled), _word_share(repaired)
    if before < after:
        return False
    wide = sum(1 for c in garbled if ord(c) > 0x7F)
    return wide <= 4 or before >= 0.3


def _word_share(text: str) -> float:
    """The share of neighbouring CJK character pairs that are dictionary words."""
    folded = char_model().simplified(text)  # wordfreq's Chinese list is Simplified
    pairs = [folded[i:i + 2] for i in range(len(folded) - 1)]
    pairs = [pair for pair in pairs if _WIDE_CHAR.match(pair[0]) and _WIDE_CHAR.match(pair[1])]
    if not pairs:
        return 0.0
    words = _pair_words()
    return sum(pair[1] in words.get(pair[0], "") for pair in pairs) / len(pairs)


#: Each character's bytes in each double-byte codec (b"" where it has none),
#: filled as characters are met: encoding a line is then one lookup per
#: character, not one encoder call and exception each.
_ENCODED: dict[str, dict[str, bytes]] = {}
_ENCODED_LIMIT = 200_000


def _encode_each(line: str, codec: str) -> list[bytes]:
    """The bytes of each character of ``line`` in ``codec``; b"" for one it cannot encode."""
    table = _ENCODED.get(codec)
    if table is None or len(table) > _ENCODED_LIMIT:
        table = _ENCODED[codec] = {}
    return _looked_up(table, line, lambda char: _encoded_char(char, codec))


def _looked_up(table: dict, line: str, make) -> list:
    """``table[char]`` for each character of ``line``, the missing ones made
    with ``make(char)`` and kept: one lookup per character, in C."""
    try:
        return list(map(table.__getitem__, line))
    except KeyError:
        for char in set(line).difference(table):
            table[char] = make(char)
        return list(map(table.__getitem__, line))


#: The codecs of _DOUBLE_BYTE, in order, and each character's bytes in all
#: of them at once (b"" where one has none).
_LINE_CODECS = tuple(codec for _, codecs in _DOUBLE_BYTE for codec in codecs)
_ENCODED_ALL: dict[str, tuple[bytes, ...]] = {}


def _encode_line(line: str) -> dict[str, tuple[bytes, ...]]:
    """The bytes of each character of ``line`` in every codec of
    _DOUBLE_BYTE, by codec: what _encode_each gives for each codec, from
    one lookup per character for all of them (zip splits the columns in C)."""
    table = _ENCODED_ALL
    if len(table) > _ENCODED_LIMIT:
        table.clear()
    rows = _looked_up(table, line, lambda char: tuple(_encoded_char(char, codec) for codec in _LINE_CODECS))
    columns = list(zip(*rows)) if rows else [() for _ in _LINE_CODECS]
    return dict(zip(_LINE_CODECS, columns))


def _encoded_char(char: str, codec: str) -> bytes:
    try:
        return char.encode(codec)
    except UnicodeEncodeError:
        return b""


class Worth:
    """Which spans of a line plausibility_gain could accept, so that the
    rest are skipped before they are decoded: a span must hold a non-ASCII
    character outside the first levels of the national standards (mojibake
    always shows one), or start right after an ASCII letter (caf茅; a span
    starts at a non-ASCII character)."""

    __slots__ = ("marks", "glued", "points")

    def __init__(self, line: str) -> None:
        common = common_characters()
        self.marks = [i for i, c in enumerate(line) if c > "\x7f" and c not in common]
        self.glued = [
            i for i, c in enumerate(line) if c > "\x7f" and i > 0 and line[i - 1].isascii() and line[i - 1].isalpha()
        ]

        self.points = sorted(set(self.marks).union(self.glued))

    @staticmethod
    def _has(points: list[int], start: int, end: int) -> bool:
        index = bisect_left(points, start)
        return index < len(points) and points[index] < end

    def accepts(self, start: int, end: int) -> bool:
        """Whether the span line[start:end] may be accepted."""
        return self._has(self.marks, start, end) or self._has(self.glued, start, start + 1)

    def segments(self, encoded: list[bytes]) -> list[tuple[int, int]]:
        """The runs of encodable characters (as _segments) that hold a mark
        or a glued start, in order: only they can hold an accepted span."""
        holes = list(compress(range(len(encoded)), map(operator.not_, encoded)))
        if len(holes) < len(self.points):  # fewer segments than points: test each segment
            return [(first, last) for first, last in _segments(encoded) if self._has(self.points, first, last)]
        holes.append(len(encoded))
        segments: list[tuple[int, int]] = []
        for point in self.points:
            index = bisect_left(holes, point)
            if holes[index] == point:
                continue  # the character cannot be encoded: in no segment
            first = holes[index - 1] + 1 if index else 0
            if not segments or segments[-1][0] != first:
                segments.append((first, holes[index]))
        return segments


def _segments(encoded: list[bytes]) -> list[tuple[int, int]]:
    """(first, last) indexes of the runs of encodable characters."""
    segments, first, size = [], 0, len(encoded)
    while first < size:
        try:
            last = encoded.index(b"", first)
        except ValueError:
            last = size
        if last > first:
            segments.append((first, last))
        first = last + 1
    return segments


def utf8_spans(line: str, codec: str, worth: Worth | None = None, encoded: tuple[bytes, ...] | None = None):
    """Spans of ``line`` whose bytes in ``codec`` are exactly some UTF-8 text
    (with ``worth``, only those it accepts); ``encoded``: the line's
    characters in ``codec`` already (_encode_line's)."""
    if encoded is None:
        encoded = _encode_each(line, codec)
    for first, last in _segments(encoded) if worth is None else worth.segments(encoded):
        pieces = encoded[first:last]
        data = b"".join(pieces)
        if data.isascii():
            continue  # every UTF-8 run in it is ASCII, which is never a span
        offsets = [0, *accumulate(map(len, pieces))]
        for run in _UTF8_WIDE_RUN.finditer(data):
            run_start, run_end = run.span()
            while run_start and data[run_start - 1] < 0x80:
                run_start -= 1  # the ASCII UTF8_RUN's run opens with
            span = _aligned_span(line, data, run_start, run_end, offsets, first)
            if span is None:
                continue
            start, end = span
            if worth is not None and not worth.accepts(start, end):
                continue
            raw = data[offsets[start - first]:offsets[end - first]]
            try:
                if raw.decode(codec) == line[start:end]:
                    yield start, end, raw.decode("utf-8")
            except UnicodeDecodeError:
                continue


def _aligned_span(line: str, data: bytes, run_start: int, run_end: int, offsets: list[int], first: int) -> tuple[int, int] | None:
    """The widest part of a UTF-8 run (UTF8_RUN's, holding a character
    beyond ASCII) that starts and ends on character boundaries of both
    readings, without ASCII at its edges.

    ``offsets`` are the byte offsets of the characters ``line[first:]`` in
    ``data`` (and of its end); a boundary inside the run counts where a
    UTF-8 character starts (not at a continuation byte), and the run's end
    counts when it is a character boundary."""
    count = len(offsets)
    low = bisect_left(offsets, run_start)
    while low < count and offsets[low] <= run_end:
        offset = offsets[low]
        if offset == run_end or not 0x80 <= data[offset] < 0xC0:
            break
        low += 1
    else:
        return None
    high = bisect_right(offsets, run_end) - 1
    while high > low:
        offset = offsets[high]
        if offset == run_end or not 0x80 <= data[offset] < 0xC0:
            break
        high -= 1
    else:
        return None  # fewer than two boundaries
    start, end = first + low, first + high
    while start < end and line[start].isascii():
        start += 1
    while end > start and line[end - 1].isascii():
        end -= 1
    return (start, end) if end > start else None


def _legacy_spans(line: str, source: str, target: str):
    """Runs of CJK characters whose ``source`` bytes decode strictly as ``target``."""
    for run in _WIDE_RUN.finditer(line):
        try:
            repaired = run.group().encode(source).decode(target)
        except UnicodeError:
            continue
        if len(repaired) == len(run.group()):
            yield run.start(), run.end(), repaired


_WIDE_CHAR = lazy_compile(f"[{_HAN}{KANA_BMP}{HANGUL_SYLLABLES}]")
_WIDE_RUN = lazy_compile(f"[{_HAN}{CJK_MARKS_AND_KANA}{FULLWIDTH_ASCII}]{{2,}}")
