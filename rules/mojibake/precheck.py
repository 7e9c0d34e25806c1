"""The cheap pre-check: one compiled pattern that finds the few places
worth a look, built once per process from the checked-in codec tables."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from textlint import regexcode
from textlint.charclass import char_class, lazy_compile
from textlint_rules.vocabulary import HAN_BMP
from textlint_rules.mojibake.encodings import (
    _DOUBLE_BYTE_REPLACEMENTS, _LOST, SINGLE_BYTE_CODECS, decoded_bytes,
)
from textlint_rules.mojibake.tables import _codec_tables


def _latin_mojibake_pattern() -> str:
    """UTF-8 sequences (lead byte, then continuation bytes) as a code page shows them."""
    continuation = char_class(decoded_bytes(SINGLE_BYTE_CODECS, range(0x80, 0xC0)) - {"\n"})
    lead2 = char_class(decoded_bytes(SINGLE_BYTE_CODECS, range(0xC2, 0xE0)))
    lead3 = char_class(decoded_bytes(SINGLE_BYTE_CODECS, range(0xE0, 0xF0)))
    lead4 = char_class(decoded_bytes(SINGLE_BYTE_CODECS, range(0xF0, 0xF5)))
    return f"{lead2}{continuation}|{lead3}{continuation}{{2}}|{lead4}{continuation}{{3}}"
_HAN = HAN_BMP
_PINYIN_LETTERS = "a-zàáâãèéêìíòóôùúüāēěīōūǎǐǒǔǖǘǚǜńňḿ"


@dataclass(frozen=True)
class _Triggers:
    """The pre-check: two compiled patterns and the character sets they come from."""

    lone: re.Pattern  # one suspicious character (the first, cheap, scan)
    joined: re.Pattern  # a Chinese character before a resync byte or ?yàn)
    leads: frozenset[str]
    lost: frozenset[str]
    rare: frozenset[str]
    glued: frozenset[str]

    def kinds(self, text: str, index: int) -> set[str]:
        """Which judges a hit at ``text[index]`` calls for."""
        char = text[index]
        by_char = _CHAR_KINDS.get(char)
        if by_char is None:
            by_char = _CHAR_KINDS[char] = self._char_kinds(char)
        fixed, twin, glued, han = by_char
        kinds = set(fixed)
        if twin is not None and text.startswith(twin, index):
            kinds.add("lost")
        if glued and index > 0 and text[index - 1].isascii() and text[index - 1].isalpha():
            kinds.add("glued")
        if han and index + 1 < len(text) and text[index + 1].isascii():
            kinds.add("resync")
        return kinds

    def _char_kinds(self, char: str) -> tuple[frozenset[str], str | None, bool, bool]:
        """What kinds reads of the character alone, worked out once per
        character (a garbled line holds hundreds of hits of a few hundred
        characters): the kinds it always calls for, the twin it may open
        (when not lost anyway), and whether the glued and resync tests apply."""
        fixed = {kind for kind, chars in (("lost", self.lost), ("rare", self.rare), ("latin", self.leads)) if char in chars}
        twin = None if char in self.lost else _twin_leads().get(char)
        return frozenset(fixed), twin, char in self.glued, _HAN_CHAR.match(char) is not None


#: _Triggers._char_kinds of each character met (of the one _Triggers there is).
_CHAR_KINDS: dict[str, tuple[frozenset[str], str | None, bool, bool]] = {}


@lru_cache(maxsize=1)
def compiled_triggers() -> _Triggers:
    """Built once per process from Python's codecs.

    Every branch of the first pattern starts from one character class, so
    the regex engine skips clean text at C speed; an alternation of
    separate patterns would lose that (measured: 10 MB/s against 400).
    """
    tables = _codec_tables()
    lone = regexcode.compile(tables["lone"])
    # GBK trail bytes are 0x40-0x7E, but [ ] ` | \\ after a Chinese character
    # are Markdown syntax thousands of times for every resync they could be:
    # the trigger leaves them out (the line is still judged if anything else
    # in it is suspect).
    # ... and U+FFFD read as Big5, EUC-KR, EUC-JP or Shift_JIS-2004 (嚙踝蕭,
    # 占쏙옙, 鐃緒申, 魹ｽ), whose characters are common ones each; each
    # branch opens with a character, not the lookbehind, so that the engine
    # rejects it at once after the many Han characters of Chinese text
    # (a lookbehind first doubled the scan)
    twins = "|".join(f"{mark[1]}(?<={mark[:2]}){mark[2:]}" for _, mark, _ in _DOUBLE_BYTE_REPLACEMENTS)
    joined = regexcode.compile(
        f"[{_HAN}](?:[\\x40-\\x5a\\x5e\\x5f\\x61-\\x7b\\x7d\\x7e](?![A-Za-z0-9])|\\?[{_PINYIN_LETTERS}]{{1,8}}\\)"
        f"|{twins})"
    )
    return _Triggers(
        lone, joined, frozenset(tables["leads"]), frozenset(_LOST), frozenset(tables["rare"]), frozenset(tables["glued"])
    )


@lru_cache(maxsize=1)
def _twin_leads() -> dict[str, str]:
    """The first character of each double-byte twin of 锟斤拷, and the whole twin."""
    return {mark[0]: mark for _, mark, _ in _DOUBLE_BYTE_REPLACEMENTS}


_HAN_CHAR = lazy_compile(f"[{_HAN}]")
