"""The character model: how plausible a run of Chinese, Japanese or Korean
characters is, from wordfreq's per-character frequencies (the checked-in
table) and OpenCC's Simplified forms."""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from textlint_rules.mojibake.tables import CJK_PUNCTUATION, _wordfreq_table


# ---------------------------------------------------------------------------
# The character model
# ---------------------------------------------------------------------------
#
# Why wordfreq: it is a maintained, versioned package whose Chinese, Japanese
# and Korean lists are built from many sources (subtitles, Wikipedia, web
# text, social media), so no one register dominates, and it is already a
# dependency.  Its word lists become per-character frequencies (a word's
# frequency is credited to each of its characters): ``get_frequency_dict``
# reads the lists directly and needs no segmenter, where
# ``word_frequency(..., "zh")`` would need jieba.  The Chinese list is in
# Simplified characters; a Traditional character is scored as its Simplified
# form (OpenCC, also a dependency), so Traditional prose is as plausible as
# Simplified.  Built once per process, the first time a span is judged.
#
# The pre-check needs no frequency data: the first level of each national
# standard (GB 2312 level 1, Big5's frequently used characters, JIS X 0208
# level 1, KS X 1001 Hangul) *is* a frequency list, drawn up by standards
# bodies, and Python's codecs hold them.

#: log10 frequency of a character no list knows: rarer than anything listed.
UNKNOWN = -8.5
#: Latin letters (é, ß, ł), which the CJK lists do not hold: what caf茅 repairs to.
LETTER = -2.5


class CharModel:
    """log10 frequencies of characters in Chinese, Japanese and Korean text."""

    def __init__(self) -> None:
        self.log_frequency: dict[str, float] = dict(_wordfreq_table())
        top = max(self.log_frequency.values())
        for rank, mark in enumerate(CJK_PUNCTUATION):
            self.log_frequency[mark] = top - 0.8 - 0.05 * rank
        self._converter = None
        self._folded: dict[str, float] = {}
        self._simple: dict[str, str] = {}

    def simplified(self, text: str) -> str:
        if self._converter is None:
            import opencc

            self._converter = opencc.OpenCC("t2s")
        return self._converter.convert(text)

    def simplified_char(self, char: str) -> str:
        """``simplified(char)``, remembered: the judges ask about the same characters again and again."""
        value = self._simple.get(char)
        if value is None:
            value = self._simple[char] = self.simplified(char)
        return value

    def logp(self, char: str) -> float:
        value = self._folded.get(char)
        if value is None:
            value = self._folded[char] = self._fold(char)
        return value

    def _fold(self, char: str) -> float:
        """A character's own frequency, or its Simplified form's if higher
        (為 is rare in Japanese lists, common as Traditional Chinese)."""
        own = self.log_frequency.get(char)
        if ord(char) >= 0x3400:
            simple = self.simplified_char(char)
            if simple != char and simple in self.log_frequency:
                return max(own if own is not None else UNKNOWN, self.log_frequency[simple])
        if own is not None:
            return own
        if "\u00c0" <= char <= "\u024f" and unicodedata.category(char).startswith("L"):
            return LETTER
        return UNKNOWN

    def mean_logp(self, text: str) -> float:
        """Mean log10 frequency of the non-ASCII characters of ``text``."""
        scores = [self.logp(c) for c in text if ord(c) > 0x7F]
        return sum(scores) / len(scores) if scores else 0.0


@lru_cache(maxsize=1)
def char_model() -> CharModel:
    return CharModel()
