"""What the rules of family Z share: the scripts' ranges, and which
language a paragraph is written in (decided by kana and hangul in the
paragraph and the whole document, never one character at a time)."""
from __future__ import annotations

import bisect

from textlint.charclass import lazy_compile
from textlint_rules.vocabulary import HAN as _HAN, HANGUL, KANA_NOT_CHINESE


_KANA = KANA_NOT_CHINESE
_HANGUL = HANGUL
_CLOSING = "」』）》〉】〕〗〙〛"

_HAN_CHAR = lazy_compile(f"[{_HAN}]")
_KANA_CHAR = lazy_compile(f"[{_KANA}]")
_HANGUL_CHAR = lazy_compile(f"[{_HANGUL}]")
_KANA_OR_HANGUL_CHAR = lazy_compile(f"[{_KANA}{_HANGUL}]")
_BLANK_LINE = lazy_compile(r"\n[ \t\r]*\n")


# -- which language a paragraph is written in ---------------------------------------------------


def _paragraph_starts(doc) -> list[int]:
    return doc.memoized("chinese.paragraphs", lambda: [0] + [m.end() for m in _BLANK_LINE.finditer(doc.text)])


def paragraph_span(doc, offset: int) -> tuple[int, int]:
    """The paragraph (text between blank lines) holding ``offset``."""
    starts = _paragraph_starts(doc)
    index = bisect.bisect_right(starts, offset) - 1
    end = starts[index + 1] if index + 1 < len(starts) else len(doc.text)
    return starts[index], end


def _document_language(doc) -> str:
    """"ja" or "ko" when kana or hangul make up a real share of the CJK text, else "zh"."""
    return doc.memoized("chinese.language", lambda: _language_of(doc.text))


def _language_of(text: str) -> str:
    if not _KANA_OR_HANGUL_CHAR.search(text):
        return "zh"  # neither kana nor hangul: Chinese, without counting anything
    han = len(_HAN_CHAR.findall(text))
    kana = len(_KANA_CHAR.findall(text))
    hangul = len(_HANGUL_CHAR.findall(text))
    # Japanese prose is mostly kana and Korean mostly hangul; a Chinese text
    # that quotes a Japanese title or a Korean name stays well below a tenth.
    if kana and kana * 10 >= han + kana:
        return "ja"
    if hangul and hangul * 10 >= han + hangul:
        return "ko"
    return "zh"


def is_chinese_at(doc, offset: int) -> bool:
    """Whether the text around ``offset`` is Chinese rather than Japanese or Korean."""
    if _document_language(doc) != "zh":
        return False
    cache = doc.memo.setdefault("chinese.paragraph_is_chinese", {})
    start, end = paragraph_span(doc, offset)
    if start not in cache:
        text = doc.text
        cache[start] = not (_KANA_CHAR.search(text, start, end) or _HANGUL_CHAR.search(text, start, end))
    return cache[start]
_PINYIN_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜêếềńňǹḿ\u0300\u0301\u0304\u030c\u0308"
_ANNOTATION_TAIL = lazy_compile(f"([{_HAN}])[(（][{_PINYIN_LETTERS}]{{1,7}}[1-5]?[)）]$")
# Marks of lost characters (M004's): U+FFFD read back as GBK (锟斤拷), memory
# never written (烫烫烫, 屯屯屯), their Shift_JIS twin (魹).  Han characters all,
# but they say nothing of the language around them.
_DAMAGE_MARK = lazy_compile("锟斤拷|錕斤拷|锟斤|斤拷|[锟錕魹]|烫烫+|燙燙+|屯屯+")
_LATIN_WORD = lazy_compile("[A-Za-z\u00c0-\u024f]+")
_CONTEXT = 24  # characters either side that tell whether a mark stands in Chinese prose


def _left_of(text: str, start: int) -> str:
    """The character a mark follows, looking through a leaked pinyin annotation."""
    if start == 0:
        return "\n"
    before = text[start - 1]
    if before == ")" or before == "）":
        tail = _ANNOTATION_TAIL.search(text, max(0, start - 12), start)
        if tail:
            return tail.group(1)
    return before


def _is_chinese_left(char: str) -> bool:
    return bool(_HAN_CHAR.match(char)) or char in _CLOSING


def chinese_surroundings(text: str, start: int, end: int | None = None) -> bool:
    """Whether the text around ``text[start:end]`` (on its line) reads as Chinese.

    A Han character or two in a Latin-script line (``The character 中: ``)
    or marks of lost characters (``Descripci锟斤拷: texto``) do not make it
    Chinese: the Han characters, damage marks left out, must not be
    outnumbered by the Latin words more than two to one.
    """
    end = start + 1 if end is None else end
    low, high = max(0, start - _CONTEXT), min(len(text), end + _CONTEXT)
    line_start = max(text.rfind("\n", low, start) + 1, low)  # looked for within the window only
    line_end = text.find("\n", end, high)
    window = text[line_start:high if line_end < 0 else line_end]
    if _DAMAGE_MARK.search(window):
        window = _DAMAGE_MARK.sub(" ", window)
    han = len(_HAN_CHAR.findall(window))
    return han > 0 and han * 2 >= len(_LATIN_WORD.findall(window))
