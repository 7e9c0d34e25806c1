"""Legacy bytes read with another legacy code page (reported as M001 and M002).

The other M detectors start from UTF-8: its bytes have a structure that is
evidence by itself.  Here the original text was already in a legacy
encoding (Shift-JIS, GBK, Big5, EUC-KR, Windows-1251, KOI8-R, Windows-1250,
UTF-16LE) and was read with another one (Windows-1252 or Latin-1, the DOS
code pages 850 and 437 of zip tools):

* ``CVS‘SŽæ“¾`` is ``CVS全取得`` (Shift-JIS read as Windows-1252),
* ``¼Ò¸®¿¤`` is ``소리엘`` (EUC-KR read as Latin-1),
* ``ÖÐÎÄ`` is ``中文`` (GBK read as Latin-1),
* ``Ââåäèòå`` is ``Введите`` (Windows-1251 read as Windows-1252),
* ``Pøíliš`` is ``Příliš`` (Windows-1250 read as Windows-1252),
* ``Á0ë0¿0`` is ``チルタ`` (UTF-16LE read as Latin-1).

Every single-byte code page round-trips, so the round trip alone proves
nothing: a span is taken for this damage only when its re-decoding is far
more plausible than what stands (frequent characters of one script and
dictionary words, by the character model of :mod:`mojibake` and wordfreq),
and accented Latin prose, by far the common case, must never get that far.

How the work is split, so that clean text pays almost nothing:

1. ``text.isascii()`` (done by the caller) and one compiled pattern per
   shape (``_precheck``): four or more characters of the upper half of
   Windows-1252/Latin-1/CP850 with at most one ASCII letter between each
   (``préféré`` has three, ``‚ª‚Ì‚Í`` eight, Latin prose almost never four);
   Windows-1250 letters that no Western language writes inside a word
   (``ø³¹¿`` between letters, ``ì ù ò`` before a letter); kana as UTF-16LE
   (``X0X0X0``); ASCII with NUL bytes between.
2. Only the lines holding a hit are judged: the characters back to bytes
   (each of these code pages is one byte per character), the candidate
   decodings, and the scores.  Cheap tests come first (one script, the
   first-level characters of the national standards, words cased as words
   are); the frequency table and wordfreq's lists load only for a span
   that passed them.
3. A document that tells the same story twice with long safe repairs (a
   file is garbled throughout) is looked at again line by line with less
   evidence needed, and its short spans of that story are repaired safely.

What is left to the other detectors: a span whose bytes are mostly UTF-8
sequences is UTF-8 read as a code page (ftfy, M001), and one that covers
exactly a span another detector found is theirs; ours replaces only spans
strictly inside it (a U+FFFD, or a UTF-8 guess like ``Ä±`` inside GBK).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from textlint import regexcode
from textlint.charclass import lazy_compile
from textlint_rules.mojibake.encodings import byte_values
from textlint_rules.vocabulary import CJK_MARKS_AND_KANA, FULLWIDTH_ASCII, HAN_BMP, HANGUL_SYLLABLES, KANA_BMP

#: The code pages legacy bytes are commonly shown with, name in messages first.
_READ_NAMES = {"cp1252": "Windows-1252", "latin-1": "Latin-1", "cp850": "code page 850", "cp437": "code page 437"}
#: Bytes Windows-1252 leaves undefined: a decoder shows them as C1 controls
#: (Latin-1, browsers, ftfy's sloppy codec) or as U+FFFD (the byte is lost).
_UNDEFINED_1252 = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
_LOST = "\ufffd"


@lru_cache(maxsize=None)
def _byte_table(read: str) -> dict[str, int]:
    """Each character of the upper half of a code page, to its byte.

    ``cp1252`` stands for Windows-1252 and Latin-1 at once: C1 controls map
    back to their bytes, so text read either way (or sloppily) re-encodes.
    """
    table: dict[str, int] = {}
    codecs = ("latin-1", "cp1252") if read == "cp1252" else (read,)
    for codec in codecs:
        table.update(byte_values(codec, range(0x80, 0x100)))
    return table


# ---------------------------------------------------------------------------
# The pre-check
# ---------------------------------------------------------------------------

_BOX_AND_GREEK = lazy_compile("[\u2500-\u25ff\u0370-\u03ff]")


def _continuation_class() -> str:
    """What may continue a run: the trigger class, and box drawing and Greek
    (code pages 437 and 850 show Shift-JIS bytes as them)."""
    chars = set(_byte_table("cp437")) | set(_byte_table("cp850")) | set(_byte_table("cp1252"))
    return "".join(re.escape(c) for c in sorted(chars - {"\xa0", "\xad"}))


def _trigger_class() -> str:
    """Upper-half characters of the read code pages that start or continue
    a garbled run: not box drawing or Greek (Markdown trees, Greek prose),
    not the no-break space (French typography)."""
    chars = set()
    for read in ("cp1252", "cp850"):
        chars |= set(_byte_table(read))
    chars = {c for c in chars if not _BOX_AND_GREEK.match(c) and c not in "\xa0\xad"}
    return "".join(re.escape(c) for c in sorted(chars))


#: Windows-1250 letters as Windows-1252 shows them where no Western
#: language writes them: a symbol between two letters (ł ą ż ľ ş as ³ ¹ ¿ ¾ º,
#: ť Ť Ź as C1 controls), or ě ů ň ř ő ć đ (ì ù ò ø õ æ ð) before a letter
#: (Danish, Catalan, Portuguese, Icelandic reach the judge, which looks their
#: words up and stays silent; not û, which French writes: sûr, coûteux).
_ODD_1250 = "¹³¿¾¼º¥£¯ª\x8d\x8f\x9d\x9f"
_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff"


@lru_cache(maxsize=1)
def _precheck() -> re.Pattern:
    """One pattern whose every branch starts from the same character class,
    so the regex engine skips clean text at C speed (separate patterns, or
    an alternation of branches led by different classes, scan four times
    slower: measured on the real docs)."""
    trigger, continuation = _trigger_class(), _continuation_class()
    after = "(?=[a-z\u00df-\u00ff])"
    return regexcode.compile(
        f"[{trigger}\\x00](?:"
        f"(?P<run>(?:[\\x40-\\x7e]?[{continuation}]){{3,}})"
        f"|(?P<cp1250>(?<=[{_LETTER}][{_ODD_1250}]){after}|(?<=[ìùòøõæð]){after})"
        # kana as UTF-16LE (a high byte 0x30, shown as 0, after each), or
        # ASCII with NUL bytes between
        "|(?P<utf16>(?<=[\\x80-\\xff])0[\\x41-\\xff]0|(?<=\\x00)[\\x20-\\x7e]\\x00[\\x20-\\x7e]\\x00))"
    )


def precheck_hits(text: str):
    """(offset, shape) of each place worth judging."""
    for match in _precheck().finditer(text):
        yield match.start(), match.lastgroup


# ---------------------------------------------------------------------------
# What a judge returns
# ---------------------------------------------------------------------------


@dataclass
class Found:
    """A span of one line and how it reads (offsets in the line)."""

    code: str
    start: int
    end: int
    repaired: str | None  # None: the bytes do not allow an exact repair
    reading: str  # what the span reads (with lost characters guessed)
    original: str  # encoding name the text was written in
    read_as: str  # encoding name it was read with
    safe: bool


def damage_in(doc, make_damage) -> list:
    """Every span of ``doc`` damaged this way, as ``make_damage(code, start,
    end, message, repair, applicability, fix_message)`` builds it."""
    text = doc.text
    lines: dict[int, set[str]] = {}
    for offset, kind in precheck_hits(text):
        lines.setdefault(doc.line_index(offset), set()).add(kind)
    if not lines:
        return []
    found: dict[int, list[Found]] = {}
    for index, kinds in sorted(lines.items()):
        start, end = doc.line_span(index)
        found[index] = judge_line(text[start:end], kinds)
    confirmed = _confirmed_stories(found)
    if confirmed:
        _second_look(doc, lines, found, confirmed)
    result = []
    for index, items in sorted(found.items()):
        start = doc.line_span(index)[0]
        for item in items:
            if not item.safe and item.repaired is not None and _story(item) in confirmed:
                item.safe = True
            result.append(_as_damage(item, start, text, make_damage))
    return result


def _story(found: Found) -> tuple[str, str]:
    """Which encoding was read as which (Latin-1 and Windows-1252 alike)."""
    return found.original, "Windows-1252" if found.read_as == "Latin-1" else found.read_as


def _confirmed_stories(found: dict[int, list[Found]]) -> set[tuple[str, str]]:
    """The stories the document tells twice with a safe, long repair: a file
    is garbled throughout, so its short spans told the same way are safe too."""
    counts: dict[tuple[str, str], int] = {}
    for items in found.values():
        for item in items:
            if item.safe and item.repaired is not None and len(item.reading.strip()) >= 4:
                counts[_story(item)] = counts.get(_story(item), 0) + 1
    return {story for story, count in counts.items() if count >= 2}


@lru_cache(maxsize=1)
def _loose_precheck() -> re.Pattern:
    """Two characters of the upper half close together (教育 as ±Ð¨|)."""
    return regexcode.compile(f"[{_trigger_class()}](?:[\\x40-\\x7e]?[{_continuation_class()}])+")


def _second_look(doc, lines, found, confirmed) -> None:
    """Every line with two upper-half characters close together, judged
    again (relaxed) in a document known to be garbled; a finding telling a
    confirmed story replaces what the first look found where they cross."""
    text = doc.text
    looked: set[int] = set()
    for match in _loose_precheck().finditer(text):
        index = doc.line_index(match.start())
        if index in looked:
            continue
        looked.add(index)
        start, end = doc.line_span(index)
        if _settled(text[start:end], found.get(index, [])):
            continue
        second = [
            item for item in judge_line(text[start:end], lines.get(index, set()) | {"run"}, relaxed=True)
            if _story(item) in confirmed
        ]
        first = [item for item in found.get(index, []) if not _overlaps(second, item.start, item.end)]
        if first or second:
            found[index] = sorted(first + second, key=lambda item: item.start)


def _settled(line: str, items: list[Found]) -> bool:
    """Whether safe findings already cover every non-ASCII character of
    the line outside CJK and Cyrillic text (nothing left to look at again)."""
    if not items or not all(item.safe and item.repaired is not None for item in items):
        return False
    covered = bytearray(len(line))
    for item in items:
        covered[item.start:item.end] = b"\x01" * (item.end - item.start)
    return all(covered[i] or c < "\x80" for i, c in enumerate(line))


def _as_damage(found: Found, base: int, text: str, make_damage):
    garbled = text[base + found.start:base + found.end]
    story = f"{found.original} text read as {found.read_as}"
    if found.repaired is None:
        message = (
            f"{story}: {_quote(garbled)} reads about {_quote(found.reading)} (lost bytes guessed), "
            "but bytes were lost (U+FFFD), so it is not repaired"
        )
        return make_damage(found.code, base + found.start, base + found.end, message, None, "safe", None)
    message = f"{story}: {_quote(garbled)} should read {_quote(found.repaired)}; re-encoded and decoded back"
    fix = f"Re-encode as {found.read_as} and decode as {found.original}: {_quote(found.repaired)}"
    return make_damage(
        found.code, base + found.start, base + found.end, message, found.repaired,
        "safe" if found.safe else "unsafe", fix,
    )


def _quote(text: str, limit: int = 40) -> str:
    text = "".join(f"\\x{ord(c):02x}" if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 else c for c in text)
    return f"“{text}”" if len(text) <= limit else f"“{text[:limit - 1]}…”"


def judge_line(line: str, kinds: set[str], relaxed: bool = False) -> list[Found]:
    """The damaged spans of one line; ``relaxed``: in a document known to
    be garbled, short spans need less evidence."""
    found: list[Found] = []
    if "run" in kinds:
        found += _double_byte(line, relaxed)
        found += _cyrillic(line, found, relaxed)
    if "cp1250" in kinds:
        found += _central_european(line, found)
    if "utf16" in kinds:
        found += _utf16(line, found)
    return found


def _overlaps(found: list[Found], start: int, end: int) -> bool:
    return any(f.start < end and start < f.end for f in found)


@lru_cache(maxsize=4)
def _segments(line: str, read: str) -> tuple[tuple[int, bytes], ...]:
    """(start, bytes) of each run of characters the code page can encode
    (one byte each, so offsets in the bytes are offsets in the line);
    U+FFFD stands for a lost byte and is kept as 0x81 (checked later).

    Found by one pattern and one translation, not character by character
    (a line of mojibake is looked at by several judges: kept for the next)."""
    pattern, table = _segment_tools(read)
    return tuple(
        (match.start(), match.group().translate(table).encode("latin-1")) for match in pattern.finditer(line)
    )


@lru_cache(maxsize=None)
def _segment_tools(read: str) -> tuple[re.Pattern, dict[int, str]]:
    """The run of characters ``read`` encodes, and each one's byte as a character."""
    table = {ord(char): chr(value) for char, value in _byte_table(read).items() if char >= "\x80"}
    if read == "cp1252" and ord(_LOST) not in table:
        table[ord(_LOST)] = "\x81"
    chars = "".join(re.escape(chr(point)) for point in sorted(table))
    return regexcode.compile(f"[\\x00-\\x7f{chars}]+"), table


def _read_name(garbled: str, read: str) -> str:
    if read != "cp1252":
        dos = [name for name in ("cp437", "cp850") if _same_bytes(garbled, read, name)]
        return "code page 437 or 850" if len(dos) == 2 else _READ_NAMES[read]
    # Windows-1252 shows bytes 0x80-0x9F as punctuation and letters, Latin-1
    # as C1 controls; bytes above read the same in both (then: the commoner)
    if any("\x80" <= c <= "\x9f" and ord(c) not in _UNDEFINED_1252 for c in garbled):
        return "Latin-1"
    return "Windows-1252"


# ---------------------------------------------------------------------------
# Chinese, Japanese and Korean double-byte text
# ---------------------------------------------------------------------------

#: (name in messages, codecs (strict standard first), one character's bytes)
_DOUBLE_BYTE = (
    ("Shift-JIS", ("shift_jis", "cp932"), rb"[\x81-\x9f\xe0-\xfc][\x40-\x7e\x80-\xfc]"),
    ("GBK", ("gbk",), rb"[\x81-\xfe][\x40-\x7e\x80-\xfe]"),
    ("Big5", ("big5", "cp950"), rb"[\x81-\xfe][\x40-\x7e\xa1-\xfe]"),
    ("EUC-KR", ("euc_kr", "cp949"), rb"[\x81-\xfe][\x41-\x5a\x61-\x7a\x81-\xfe]"),
)
_WIDE_CHARS = CJK_MARKS_AND_KANA + HAN_BMP + HANGUL_SYLLABLES + FULLWIDTH_ASCII
_WIDE = lazy_compile(f"[{_WIDE_CHARS}]")
_ALL_WIDE = lazy_compile(f"[{_WIDE_CHARS}]+")
_HANGUL = lazy_compile(f"[{HANGUL_SYLLABLES}]")
_CJK_MARK = lazy_compile("[\u3000-\u303f\u30fb\u30fc\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff5e]")
_KANA = lazy_compile(f"[{KANA_BMP}]")
#: Mean log10 character frequency a reading must reach (common characters
#: are -2 to -4, rare ones -6 to -8.5), and what a safe repair must.
_MIN_MEAN = -4.2
_SAFE_MEAN = -4.0


@lru_cache(maxsize=None)
def _unit_pattern(pattern: bytes) -> re.Pattern:
    return regexcode.compile(b"(?:" + pattern + b")+")


@lru_cache(maxsize=65536)
def _decode_pair(pair: bytes, codecs: tuple[str, ...]) -> str | None:
    for codec in codecs:
        try:
            char = pair.decode(codec)
        except UnicodeDecodeError:
            continue
        if len(char) == 1 and not "\ue000" <= char <= "\uf8ff":
            return char
    return None


def _guess_lost(pair: bytes, lost_at: int, codecs: tuple[str, ...]) -> str | None:
    """The likeliest character when one of the pair's bytes was lost (one of
    the bytes Windows-1252 leaves undefined)."""
    from textlint_rules.mojibake.charmodel import char_model

    best, best_score = None, None
    for value in _UNDEFINED_1252:
        candidate = bytearray(pair)
        candidate[lost_at] = value
        char = _decode_pair(bytes(candidate), codecs)
        if char is None:
            continue
        score = char_model().logp(char)
        if best_score is None or score > best_score:
            best, best_score = char, score
    return best


@dataclass
class _Run:
    start: int
    end: int
    reading: str
    lost: bool


def _runs(line: str, start: int, data: bytes, unit: bytes, codecs: tuple[str, ...]) -> list[_Run]:
    """Runs of characters of the codec in ``data`` (aligned from the left of
    each run of valid byte pairs); a run of one character only when both of
    its bytes are non-ASCII (a Korean word of one syllable) or it is a CJK
    mark (、 is 0x81 0x41 in Shift-JIS), never an accented letter and the
    ASCII letter after it."""
    runs: list[_Run] = []
    wide_match, mark_match, all_wide = _WIDE.match, _CJK_MARK.match, _ALL_WIDE.fullmatch
    for match in _unit_pattern(unit).finditer(data):
        raw = match.group()
        m_start, m_end = match.span()
        has_lost = _LOST in line[start + m_start:start + m_end]
        if not has_lost:
            # the whole run at once, as it mostly decodes; pair by pair when not
            whole = None
            for codec in codecs:  # the strict standard first, as pair by pair
                try:
                    whole = raw.decode(codec)
                    break
                except UnicodeDecodeError:
                    continue
            if whole is not None and len(whole) * 2 == len(raw) and all_wide(whole):
                runs.append(_Run(start + m_start, start + m_end, whole, False))
                continue
            runs += _pair_runs(start, data, m_start, m_end, codecs)
            continue
        current: list[str] = []
        first = m_start
        lost = False
        # a run closes where a pair does not read as a wide character; it is
        # kept when it holds two characters, or one of two non-ASCII bytes or
        # a CJK mark
        for offset in range(m_start, m_end + 2, 2):
            if offset < m_end:
                pair = data[offset:offset + 2]
                lost_at = [i for i in (0, 1) if line[start + offset + i] == _LOST] if has_lost else None
                char = _decode_pair(pair, codecs) if not lost_at else (
                    _guess_lost(pair, lost_at[0], codecs) if len(lost_at) == 1 else None
                )
                if char is not None and wide_match(char):
                    current.append(char)
                    lost = lost or bool(lost_at)
                    continue
            at = min(offset, m_end)
            if len(current) >= 2 or (
                current and (data[first] > 0x7F and data[first + 1] > 0x7F or mark_match(current[0]))
            ):
                runs.append(_Run(start + first, start + at, "".join(current), lost))
            current, lost = [], False
            first = offset + 2
    return runs


class _WidePairs(dict):
    """Each byte pair to the wide character it reads as in ``codecs``
    (_decode_pair's, when _WIDE matches it), or None: filled as pairs are met."""

    def __init__(self, codecs: tuple[str, ...]) -> None:
        super().__init__()
        self.codecs = codecs

    def __missing__(self, pair: bytes) -> str | None:
        char = _decode_pair(pair, self.codecs)
        value = self[pair] = char if char is not None and _WIDE.match(char) else None
        return value


@lru_cache(maxsize=None)
def _wide_pairs(codecs: tuple[str, ...]) -> _WidePairs:
    return _WidePairs(codecs)


def _pair_runs(start: int, data: bytes, m_start: int, m_end: int, codecs: tuple[str, ...]) -> list[_Run]:
    """_runs' pair by pair reading of ``data[m_start:m_end]`` where no byte
    was lost: the same runs, each pair looked up once in a table."""
    table = _wide_pairs(codecs)
    chars = [table[data[offset:offset + 2]] for offset in range(m_start, m_end, 2)]
    runs: list[_Run] = []
    index, count = 0, len(chars)
    while index < count:
        if chars[index] is None:
            index += 1
            continue
        end = index + 1
        while end < count and chars[end] is not None:
            end += 1
        first = m_start + 2 * index
        current = chars[index:end]
        # kept when it holds two characters, or one of two non-ASCII bytes or a CJK mark
        if len(current) >= 2 or (data[first] > 0x7F and data[first + 1] > 0x7F) or _CJK_MARK.match(current[0]):
            runs.append(_Run(start + first, start + m_start + 2 * end, "".join(current), False))
        index = end
    return runs


_UTF8_SEQUENCE = lazy_compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _looks_utf8(line: str, start: int, end: int) -> bool:
    """Whether the span's bytes (as Windows-1252 or Latin-1 holds them,
    with three characters either side, for a sequence cut at its edge) are
    mostly UTF-8 sequences: then it is UTF-8 read as a code page (M001's
    ftfy), not legacy bytes (ÐºÐ° is ка, not GBK through code page 850)."""
    table = _byte_table("cp1252")

    def byte(c: str) -> int | None:
        # the five bytes Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90
        # 0x9D) show as the C1 controls Latin-1 makes of them (青 is E9 9D 92)
        return ord(c) if c < "\x80" else table.get(c, ord(c) if c < "\u0100" else None)

    inside = [byte(c) for c in line[start:end]]
    if None in inside:
        return False
    before, after = [], []
    for c in reversed(line[max(0, start - 3):start]):  # neighbours up to one no byte shows (a Han character)
        if byte(c) is None:
            break
        before.insert(0, byte(c))
    for c in line[end:end + 3]:
        if byte(c) is None:
            break
        after.append(byte(c))
    data = bytes(before + inside + after)
    high = sum(1 for b in data if b > 0x7F)
    covered = sum(len(m.group()) for m in _UTF8_SEQUENCE.finditer(data))
    return high > 0 and covered >= 0.7 * high


def _same_bytes(text: str, read: str, other: str) -> bool:
    mine, theirs = _byte_table(read), _byte_table(other)
    return all(c < "\x80" or mine.get(c) == theirs.get(c) for c in text)


#: Three kana running as code page 850 or 437 shows their Shift-JIS lead
#: bytes (0x82 hiragana é, 0x83 katakana â): âtâ@âCâï is ファイル.
_DOS_KANA = lazy_compile("(?:[âé][^\\s]){2}[âé]")


@lru_cache(maxsize=1)
def _dos_only() -> re.Pattern:
    """Characters code pages 850 and 437 show and Windows-1252 cannot."""
    chars = (set(_byte_table("cp850")) | set(_byte_table("cp437"))) - set(_byte_table("cp1252"))
    return regexcode.compile(f"[{''.join(re.escape(c) for c in sorted(chars))}]")


def _double_byte(line: str, relaxed: bool = False) -> list[Found]:
    candidates = []
    dos = _dos_only().search(line) is not None or _DOS_KANA.search(line) is not None
    for read in ("cp1252", "cp850", "cp437"):
        if read != "cp1252" and not dos:
            break  # nothing in the line but Windows-1252 shows (no ╠ ─ ┐ ı ‗ α): not a DOS reading
        for seg_start, data in _segments(line, read):
            if len(data) < 4 or data.isascii():
                continue
            for name, codecs, unit in _DOUBLE_BYTE:
                if read != "cp1252" and name == "EUC-KR":
                    continue  # Korean through a DOS code page: not a shape met
                groups = _grouped(line, _runs(line, seg_start, data, unit, codecs))
                for group in groups:
                    judged = _judge_cjk(line, group, read, name, codecs, relaxed)
                    if judged is not None:
                        candidates.append(judged)
    # the widest reading of each place wins (a shorter one inside it is part
    # of the same damage), then the best scored; a close second by another
    # encoding over the same bytes makes it unsafe
    candidates.sort(key=lambda item: (-len(item[1].reading), -item[0], item[1].start))
    result: list[Found] = []
    for score, found in candidates:
        rivals = [
            other_score for other_score, other in candidates
            if other.original != found.original and other.start < found.end and found.start < other.end
        ]
        if _overlaps(result, found.start, found.end):
            continue
        if rivals and score - max(rivals) < 0.5:
            found.safe = False
        result.append(found)
    return sorted(result, key=lambda f: f.start)


def _grouped(line: str, runs: list[_Run]) -> list[list[_Run]]:
    """Runs joined where only plain ASCII (a word, spaces) stands between
    them; two runs of one character each only across a space."""
    groups: list[list[_Run]] = []
    for run in runs:
        gap = line[groups[-1][-1].end:run.start] if groups else None
        # one character joins a run of several across any short ASCII gap
        # (ASP‚Ì1: the の of ASPの1), two single ones only across a space
        short = groups and run.end - run.start == 2 and groups[-1][-1].end - groups[-1][-1].start == 2
        if gap is not None and (gap.strip() == "" and len(gap) <= 2 if short else _ascii_gap(gap)):
            groups[-1].append(run)
        else:
            groups.append([run])
    return groups


def _ascii_gap(gap: str) -> bool:
    return gap.isascii() and len(gap) <= 24 and "\t" not in gap


def _judge_cjk(line: str, group: list[_Run], read: str, name: str, codecs, relaxed: bool = False) -> tuple[float, Found] | None:
    start, end = group[0].start, group[-1].end
    garbled = line[start:end]
    if len(garbled) - len(garbled.encode("ascii", "ignore")) < 3:
        return None  # fewer than three characters of the upper half (most groups: counted in C)
    # imported here, after the test that turns most groups away (three
    # import statements cost more than that test)
    from textlint_rules.mojibake.charmodel import char_model
    from textlint_rules.mojibake.double_byte import _word_share
    from textlint_rules.mojibake.tables import common_characters

    reading = group[0].reading
    for before, run in zip(group, group[1:]):
        reading += line[before.end:run.start] + run.reading
    wide = [c for c in reading if ord(c) > 0x7F]
    if len(wide) < 2:
        return None
    if len(set(wide)) < max(2, len(wide) / 3) or _latin_like(garbled):
        return None  # áááááá (後後後), örökök (排婆婆 through code page 850): Latin words
    if read != "cp1252" and len(wide) < 4:
        return None  # code pages 850 and 437 put every accented letter on a lead byte
    # the cheap tests first: one script, and the first-level characters of
    # the national standards (no frequency table loaded for Latin prose)
    hangul = len(_HANGUL.findall(reading))
    kana = len(_KANA.findall(reading))
    if name == "EUC-KR" and hangul < 0.7 * len(wide):
        return None  # Korean text is Hangul; Hanja out of Latin-1 letters is chance
    if name != "EUC-KR" and hangul:
        return None
    if name != "Shift-JIS" and kana > 0.3 * len(wide):
        return None
    common = sum(map(common_characters().__contains__, wide)) / len(wide)
    if common < (1.0 if len(wide) <= 3 else 0.8):
        return None
    model = char_model()
    mean = sum(map(model.logp, wide)) / len(wide)
    if mean < _MIN_MEAN:
        return None
    share = _word_share(reading)
    lost = any(run.lost for run in group)
    if len(wide) <= 3:
        # two or three characters: only a dictionary word of common characters
        # (in a document known to be garbled this way: frequent characters)
        if common < 1.0 or (share < 0.5 and not (relaxed and mean >= -3.5)):
            return None
    elif share < 0.25 or common < 0.8:
        return None
    if _looks_utf8(line, start, end):
        return None  # UTF-8 read as a code page: ftfy's (M001)
    safe = len(wide) >= 4 and mean >= _SAFE_MEAN and share >= 0.2 and common >= 0.85
    repaired = None if lost else reading
    original = name if name != "EUC-KR" or not _uhc(reading) else "CP949 (Unified Hangul Code)"
    found = Found("M002", start, end, repaired, reading, original, _read_name(garbled, read), safe)
    return mean + share + 0.02 * len(wide), found


def _latin_like(garbled: str) -> bool:
    """Whether a span reads as Latin words: every word letters only, cased
    as words are, some in lower case.  Double-byte text shown through a
    Western code page almost always holds a symbol (‚ ± ¼ ╠) or a case
    change inside a word (ƒtƒ@ƒC, ÎÒÃÇµµ)."""
    words = [w.strip("\"'.,;:!?()[]{}<>-") for w in garbled.split()]
    words = [w for w in words if w]
    return bool(words) and all(w.isalpha() and _cased(w) for w in words) and any(w != w.upper() for w in words)


def _uhc(text: str) -> bool:
    try:
        text.encode("euc_kr")
    except UnicodeEncodeError:
        return True
    return False


# ---------------------------------------------------------------------------
# Cyrillic: Windows-1251 and KOI8-R/KOI8-U read as Windows-1252 or Latin-1
# ---------------------------------------------------------------------------

_CYRILLIC_CODECS = (
    ("Windows-1251", "cp1251", ("ru", "uk", "bg", "mk")),
    ("KOI8-R", "koi8_r", ("ru",)),
    ("KOI8-U", "koi8_u", ("uk", "ru")),
)


@lru_cache(maxsize=None)
def _letter_bytes(codec: str, script: str) -> bytes:
    """The upper-half bytes that are letters of ``script`` in ``codec``."""
    found = bytearray()
    for value in range(0x80, 0x100):
        try:
            char = bytes((value,)).decode(codec)
        except UnicodeDecodeError:
            continue
        if char.isalpha() and unicodedata.name(char, "").startswith(script):
            found.append(value)
    return bytes(found)


@lru_cache(maxsize=None)
def _word_pattern(codec: str, script: str) -> re.Pattern:
    letters = re.escape(_letter_bytes(codec, script))
    return regexcode.compile(b"(?<![A-Za-z])[" + letters + b"]+(?![A-Za-z])")


#: wordfreq's Zipf frequency from which a word counts as known (its
#: lists stop near 1.0: anything listed is a word someone writes).
_KNOWN = 1.0


@lru_cache(maxsize=65536)
def _zipf(word: str, langs: tuple[str, ...]) -> float:
    from wordfreq import zipf_frequency  # heavy: only once a span is judged

    return max(zipf_frequency(word, lang) for lang in langs)


def _cyrillic(line: str, found: list[Found], relaxed: bool = False) -> list[Found]:
    best: list[tuple[float, Found]] = []
    for seg_start, data in _segments(line, "cp1252"):
        if data.isascii():
            continue
        for name, codec, langs in _CYRILLIC_CODECS:
            words = list(_word_pattern(codec, "CYRILLIC").finditer(data))
            if found:
                words = [word for word in words if not _overlaps(found, seg_start + word.start(), seg_start + word.end())]
            for chain in _chains(data, words, codec):
                if _overlaps(found, seg_start + chain[0].start(), seg_start + chain[-1].end()):
                    continue  # double-byte text already (no word list loaded for it)
                judged = _judge_words(line, seg_start, data, chain, codec, langs, relaxed)
                if judged is None:
                    continue
                score, start, end, repaired, safe = judged
                garbled = line[start:end]
                best.append((score, Found("M001", start, end, repaired, repaired, name, _read_name(garbled, "cp1252"), safe)))
    best.sort(key=lambda item: -item[0])
    result: list[Found] = []
    for score, item in best:
        if not _overlaps(found + result, item.start, item.end):
            result.append(item)
    return result


def _chains(data: bytes, words: list, codec: str) -> list[list]:
    """Words joined where what stands between them decodes strictly and is
    short (a Russian sentence, with an English name in it)."""
    chains: list[list] = []
    for word in words:
        if chains:
            gap = data[chains[-1][-1].end():word.start()]
            if _clean_gap(gap, codec):
                chains[-1].append(word)
                continue
        chains.append([word])
    return chains


_ALPHABETS = (
    ("ru", frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")),
    ("uk", frozenset("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя")),
    ("bg", frozenset("абвгдежзийклмнопрстуфхцчшщъьюя")),
    ("mk", frozenset("абвгдѓежзѕијклљмнњопрстќуфхцчџш")),
)
_VOWEL = lazy_compile("[аеёиоуыэюяіїєАЕЁИОУЫЭЮЯІЇЄ]")


def _alphabet_langs(word: str, langs: tuple[str, ...]) -> tuple[str, ...]:
    letters = set(word.lower())
    return tuple(lang for lang, alphabet in _ALPHABETS if lang in langs and letters <= alphabet)


def _repeats(word: str) -> bool:
    """A letter three times running (óóó as ууу), or a word of one letter
    twice (уу): shouting or filler, no word."""
    if len(word) == 2:
        return word[0].lower() == word[1].lower()
    return any(word[i] == word[i + 1] == word[i + 2] for i in range(len(word) - 2))


_GAP_STOP = lazy_compile(rb"[\x00-\x1f<>]")


def _clean_gap(gap: bytes, codec: str) -> bool:
    """Punctuation, numbers or a few Latin words (На CPAN опубликована), not
    a markup boundary: short, no control character or angle bracket
    (_GAP_STOP), every byte one the code page decodes."""
    return len(gap) <= 40 and not gap.translate(None, _gap_bytes(codec))


@lru_cache(maxsize=None)
def _gap_bytes(codec: str) -> bytes:
    """The bytes a clean gap may hold in ``codec``."""
    allowed = bytearray()
    for value in range(0x100):
        byte = bytes((value,))
        if _GAP_STOP.search(byte):
            continue
        try:
            byte.decode(codec)
        except UnicodeDecodeError:
            continue
        allowed.append(value)
    return bytes(allowed)


def _judge_words(line, seg_start, data, chain, codec, langs, relaxed=False):
    start, end = chain[0].start(), chain[-1].end()
    try:
        repaired = data[start:end].decode(codec)
    except UnicodeDecodeError:
        return None
    # each of _CYRILLIC_CODECS reads one byte as one character, so a word's
    # reading is its slice of the chain's (one decoding, not one a word)
    words = [repaired[w.start() - start:w.end() - start] for w in chain]
    letters = sum(map(len, words))
    cased = [w for w in words if len(w) >= 2 and _cased(w) and not _repeats(w)]
    if sum(map(len, cased)) < max(2 if relaxed else 5, 0.4 * letters):
        return None  # ДдЦцЬь (a class of German letters) is no word: no word list is loaded
    # a word is looked up in the languages whose alphabet holds it (ѓў mixes
    # Macedonian and Belarusian: no word), and needs a vowel
    spelled = [(w, _alphabet_langs(w, langs)) for w in cased]
    spelled = [(w, found_langs) for w, found_langs in spelled if found_langs and _VOWEL.search(w)]
    if sum(len(w) for w, _ in spelled) < max(2 if relaxed else 5, 0.4 * letters):
        return None
    # after the word tests, which cost less and reject UTF-8 read as
    # Windows-1252 first (its lead bytes are lone Cyrillic letters: иµ·йљѕ)
    if _looks_utf8(line, seg_start + start, seg_start + end):
        return None  # Ð¿Ñ€Ð¸ is UTF-8 (при), left to ftfy
    # a word of two letters counts only when it is a frequent word (по, на, не)
    known = [w for w, in_langs in spelled if _zipf(w.lower(), in_langs) >= (_KNOWN if len(w) > 2 else 4.0)]
    known_letters = sum(map(len, known))
    # words of letters all from the upper half are almost never Latin prose,
    # so fewer known words are needed than for Windows-1250
    if known_letters < (2 if relaxed else 5) or known_letters < 0.4 * letters:
        return None
    safe = known_letters >= 6 and known_letters >= 0.5 * letters
    score = known_letters / letters + 0.01 * known_letters
    return score, seg_start + start, seg_start + end, repaired, safe


# ---------------------------------------------------------------------------
# Central European: Windows-1250 read as Windows-1252 or Latin-1
# ---------------------------------------------------------------------------

#: Which languages to look a word up in, by the Windows-1250 letters it holds.
_CE_LANGS = (
    ("řěůňťďŘĚŮŇŤĎ", ("cs", "sk")),
    ("čšžČŠŽ", ("cs", "sk", "sl", "sh")),
    ("łążśźćńęŁĄŻŚŹĆŃĘ", ("pl",)),
    ("ľĺŕĽĹŔ", ("sk",)),
    ("őűŐŰ", ("hu",)),
    ("ăşţŞŢĂ", ("ro",)),
    ("ćđĆĐ", ("sl", "sh")),
)
#: Western languages that write a letter of the word as it stands.
_WEST_LANGS = (
    ("øæåØÆÅ", ("da", "nb", "sv")),
    ("ìùòèïàÌÙÒÈÏÀ", ("it", "fr", "ca", "vi")),
    ("ãõêñœ", ("pt", "es", "fr", "vi")),
    ("ðþ", ("is",)),
)


@lru_cache(maxsize=1)
def _latin_word() -> re.Pattern:
    """A word as Windows-1252 or Latin-1 shows Windows-1250 text: letters,
    and what stands for a Windows-1250 letter (``³`` for ł, U+009D for ť)."""
    table = _byte_table("cp1252")
    letters = {c for c, value in table.items() if c.isalpha() or bytes((value,)).decode("cp1250", "replace").isalpha()}
    return regexcode.compile(f"[A-Za-z{''.join(re.escape(c) for c in sorted(letters))}]+")


def _cased(word: str) -> bool:
    """Whether a word is cased as words are: lower, UPPER or Title."""
    return word.islower() or word.isupper() or (word[:1].isupper() and word[1:].islower())


def _langs_for(word: str, table) -> tuple[str, ...]:
    langs: list[str] = []
    for chars, names in table:
        if any(c in chars for c in word):
            langs += [n for n in names if n not in langs]
    return tuple(langs)


def _central_european(line: str, found: list[Found]) -> list[Found]:
    table = _byte_table("cp1252")
    candidates = []
    for match in _latin_word().finditer(line):
        garbled = match.group()
        if garbled.isascii() or _overlaps(found, match.start(), match.end()):
            continue
        try:
            decoded = bytes(ord(c) if c < "\x80" else table[c] for c in garbled).decode("cp1250")
        except (KeyError, UnicodeDecodeError):
            continue
        if decoded != garbled and decoded.isalpha() and len(decoded) >= 3 and _cased(decoded):
            candidates.append((match, garbled, decoded, _langs_for(decoded, _CE_LANGS)))
    # two words must be known, or one long one: count before any word list is loaded
    worth = [decoded for _, _, decoded, langs in candidates if langs]
    if len(worth) < 2 and not any(len(word) >= 7 for word in worth):
        return []
    # the span the words would repair is known before any word is looked up:
    # what rejects it whatever the words are comes first (a span across Han
    # characters, pinyin beside Chinese, does not re-encode; one of UTF-8
    # sequences, â€œbeganâ€\x9d, is ftfy's), so no word list loads for it
    start, end = candidates[0][0].start(), candidates[-1][0].end()
    if _overlaps(found, start, end):
        return []
    garbled = line[start:end]
    try:
        repaired = bytes(ord(c) if c < "\x80" else table[c] for c in garbled).decode("cp1250")
    except (KeyError, UnicodeDecodeError):
        return []
    if _looks_utf8(line, start, end):
        return []
    changed = []
    for match, shown, decoded, langs in candidates:
        if not langs or _zipf(decoded.lower(), langs) < _KNOWN:
            changed.append((match, False))
            continue
        west = _langs_for(shown, _WEST_LANGS)
        if west and _zipf(shown.lower(), west) >= 1.0:
            changed.append((match, False))
            continue
        changed.append((match, True))
    known = [m for m, ok in changed if ok]
    # two known words, or one long one (then never safe)
    if len(known) < 0.6 * len(changed) or not (len(known) >= 2 or len(known[0].group()) >= 7):
        return []
    safe = len(known) >= 3 and len(known) >= 0.75 * len(changed)
    if {a for a, b in zip(garbled, repaired) if a != b} <= set("õûÕÛ"):
        # Hungarian typed or converted with Latin-1's õ û for ő ű is as
        # common as Windows-1250 misread: the repair is right, the story a guess
        safe = False
    return [Found("M001", start, end, repaired, repaired, "Windows-1250", _read_name(garbled, "cp1252"), safe)]


# ---------------------------------------------------------------------------
# UTF-16LE read as Latin-1
# ---------------------------------------------------------------------------

#: One UTF-16LE code unit as two Latin-1 characters: the high byte of ASCII
#: (NUL), of kana and CJK marks (0x30), of CJK ideographs, of Hangul.
_UTF16_UNIT = "[\\x00-\\xff][\\x00\\x30\\x4e-\\x9f\\xac-\\xd7\\xff]"
_UTF16_RUN = lazy_compile(f"(?:{_UTF16_UNIT})+")


def _utf16(line: str, found: list[Found]) -> list[Found]:
    from textlint_rules.mojibake.charmodel import char_model

    result: list[Found] = []
    for core in re.finditer("(?:[\\x41-\\xff]0){3,}|(?:[\\x20-\\x7e]\\x00){4,}", line):
        start = core.start()
        # widen to whole code units on both sides
        while start >= 2 and re.fullmatch(_UTF16_UNIT, line[start - 2:start]):
            start -= 2
        run = _UTF16_RUN.match(line, start)
        end = run.end() if run else core.end()
        garbled = line[start:end]
        try:
            reading = garbled.encode("latin-1").decode("utf-16-le")
        except UnicodeError:
            continue
        # ASCII at the edges of a run belongs to the text around it unless NUL-paired
        while reading and not _WIDE.match(reading[0]) and garbled[1:2] != "\x00":
            reading, garbled, start = reading[1:], garbled[2:], start + 2
        while reading and not _WIDE.match(reading[-1]) and garbled[-1:] != "\x00":
            reading, garbled, end = reading[:-1], garbled[:-2], end - 2
        if not reading or _overlaps(found + result, start, end):
            continue
        if any(not (_WIDE.match(c) or "\x20" <= c < "\x7f" or c in "\t\r") for c in reading):
            continue
        wide = [c for c in reading if _WIDE.match(c)]
        if not wide:
            if len(reading) >= 4 and "\x00" in garbled:
                result.append(Found("M002", start, end, reading, reading, "UTF-16LE", "Latin-1", True))
            continue
        if len(wide) < 3 or sum(1 for c in garbled if ord(c) > 0x7F) < 2:
            continue
        mean = sum(char_model().logp(c) for c in wide) / len(wide)
        if mean < _MIN_MEAN:
            continue
        safe = len(wide) >= 4 and mean >= _SAFE_MEAN
        result.append(Found("M002", start, end, reading, reading, "UTF-16LE", "Latin-1", safe))
    return result


# ---------------------------------------------------------------------------
# Joining the other M detectors' findings
# ---------------------------------------------------------------------------


def merged(doc, found: list, make_damage) -> list:
    """``found`` (the other M detectors' damage in ``doc``) with this
    module's added: one of ours that holds only whole spans of theirs
    replaces them (a UTF-8 guess or a U+FFFD inside Shift-JIS read as
    Windows-1252 is part of it); one that crosses a span of theirs, or
    covers exactly the same one, goes."""
    if doc.text.isascii():
        return found
    ours = damage_in(doc, make_damage)
    if not ours:
        return found
    kept, dropped = [], set()
    for damage in ours:
        inside = [i for i, d in enumerate(found) if d.start < damage.end and damage.start < d.end]
        # theirs must lie strictly inside ours: on the same span the UTF-8
        # reading wins (its byte structure is evidence of its own)
        if all(
            damage.start <= found[i].start and found[i].end <= damage.end
            and (found[i].start, found[i].end) != (damage.start, damage.end)
            for i in inside
        ):
            kept.append(damage)
            dropped.update(inside)
    return [d for i, d in enumerate(found) if i not in dropped] + kept
