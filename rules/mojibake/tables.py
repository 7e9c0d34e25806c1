"""The tables the family reads: which characters are common, how frequent
each is, which pairs are words.  Each is derived from Python's codecs or
wordfreq's word lists by a ``_derive_*`` function here, run by
``textlint_rules.generate_tables``, and read from the checked-in file."""
from __future__ import annotations

import math
from functools import lru_cache

from textlint.charclass import char_class
from textlint_rules.tables import table
from textlint_rules.mojibake.encodings import _CJK_RANGES, _LOST, SINGLE_BYTE_CODECS, decoded_bytes


@lru_cache(maxsize=1)
def _codec_tables() -> dict[str, str]:
    """The character sets the pre-check is built from, and its first pattern.

    Deriving them decodes every byte pair of four double-byte codecs and
    writes a class of 14,000 ranges (a twentieth of a second per worker
    process), so they are checked in (textlint_rules.tables).
    """
    return table("codec-tables")


def derive_codec_tables() -> dict[str, str]:
    common = _derive_common_characters()
    rare = {chr(p) for low, high in _CJK_RANGES for p in range(low, high + 1)} - common
    leads = decoded_bytes(SINGLE_BYTE_CODECS, range(0xC2, 0xF5))
    continuation = decoded_bytes(SINGLE_BYTE_CODECS, range(0x80, 0xC0)) - {"\n"}
    lost = set(_LOST)
    glued = _latin_letters_as_double_byte()
    lone = (
        f"{char_class(leads | rare | lost | glued)}"
        f"(?:(?<={char_class(leads)})(?={char_class(continuation)})"  # cafÃ©, â€™, Ð¿
        # 鎴戜滑, U+FFFD, 锟斤拷: a rare or lost character, said as "none of the
        # few others" (the class of tens of thousands of characters once, not twice)
        f"|(?<!{char_class((leads | glued) - (rare | lost))})"
        f"|(?<=[A-Za-z]{char_class(glued)})"  # caf茅: a Latin letter read as GBK
        "|(?<=\u00c3)(?= ))"  # VÃ ng: the A0 byte of à (C3 A0) became a space
    )
    tables = {"common": common, "rare": rare, "leads": leads, "glued": glued}
    return {name: "".join(sorted(chars)) for name, chars in tables.items()} | {"lone": lone}


def _latin_letters_as_double_byte() -> set[str]:
    """What UTF-8 Latin letters (lead bytes C3-C5) look like in double-byte codecs."""
    chars = set()
    for codec in ("gbk", "big5", "shift_jis", "euc_kr", "cp949"):
        for lead in range(0xC3, 0xC6):
            for trail in range(0x80, 0xC0):
                try:
                    char = bytes((lead, trail)).decode(codec)
                except UnicodeDecodeError:
                    continue
                if len(char) == 1:
                    chars.add(char)
    return chars
#: wordfreq drops punctuation, so CJK marks get a rank-based prior instead,
#: most frequent first as in any Chinese or Japanese corpus count.
CJK_PUNCTUATION = "，。、：；！？「」『』（）《》“”‘’—…·〈〉【】"


def _standard_level(codec: str, leads: range, trails: list[int]) -> set[str]:
    found = set()
    for lead in leads:
        for trail in trails:
            try:
                found.add(bytes((lead, trail)).decode(codec))
            except UnicodeDecodeError:
                pass
    return found


def _derive_common_characters() -> set[str]:
    high = list(range(0xA1, 0xFF))
    chars = _standard_level("gb2312", range(0xB0, 0xD8), high)
    chars |= _standard_level("big5", range(0xA4, 0xC7), list(range(0x40, 0x7F)) + high)
    chars |= _standard_level("shift_jis", range(0x88, 0x99), list(range(0x40, 0x7F)) + list(range(0x80, 0xFD)))
    chars |= _standard_level("euc_kr", range(0xB0, 0xC9), high)
    chars |= {chr(c) for c in range(0x3041, 0x3097)} | {chr(c) for c in range(0x30A1, 0x30FF)}
    chars |= set(CJK_PUNCTUATION) | set("々〆〇ー・")
    return chars


@lru_cache(maxsize=1)
def common_characters() -> frozenset[str]:
    """First-level characters of GB 2312, Big5, JIS X 0208 and KS X 1001, kana, CJK marks."""
    return frozenset(_codec_tables()["common"])


def _char_frequencies(words: dict[str, float]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for word, frequency in words.items():
        for char in word:
            if ord(char) > 0x2E7F:
                totals[char] = totals.get(char, 0.0) + frequency
    whole = sum(totals.values()) or 1.0
    return {char: math.log10(value / whole) for char, value in totals.items()}


# The per-character table and the two-character word index take most of a
# second to derive from wordfreq's word lists (and importing wordfreq costs a
# tenth more), so each is checked in (textlint_rules.tables).


def derive_wordfreq_table() -> dict[str, float]:
    """The highest log10 frequency of each character in wordfreq's zh, ja and ko lists."""
    from wordfreq import get_frequency_dict  # heavy: only once a span is judged

    table: dict[str, float] = {}
    for lang in ("zh", "ja", "ko"):
        for char, value in _char_frequencies(get_frequency_dict(lang)).items():
            if value > table.get(char, -99.0):
                table[char] = value
    return table


def derive_pair_words() -> dict[str, str]:
    """Two-character words of wordfreq's Chinese, Japanese and Korean lists,
    as an index from each first character to the string of its second ones
    (a few thousand keys load from JSON in milliseconds; a set of 220,000
    words takes fifty)."""
    from wordfreq import get_frequency_dict

    seconds: dict[str, set[str]] = {}
    for lang in ("zh", "ja", "ko"):
        for word in get_frequency_dict(lang):
            if len(word) == 2:
                seconds.setdefault(word[0], set()).add(word[1])
    return {first: "".join(sorted(chars)) for first, chars in sorted(seconds.items())}


def _wordfreq_table() -> dict[str, float]:
    """The character table (log10 frequencies), as checked in."""
    return table("charmodel")


@lru_cache(maxsize=1)
def _pair_words() -> dict[str, str]:
    """The two-character word index, as checked in (loaded only when a span
    has already passed the frequency test)."""
    return table("pairwords")
