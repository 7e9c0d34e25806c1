"""Z002: pinyin annotations left in the text (技(jì)术), checked against
the syllables pypinyin knows (the checked-in table)."""
from __future__ import annotations

import heapq
import unicodedata

import textlint
from textlint import Edit, Finding, Fix
from textlint.charclass import lazy_compile
from textlint_rules.tables import table
from textlint_rules.vocabulary import HAN as _HAN, has_han
from textlint_rules.chinese.common import _HAN_CHAR, _PINYIN_LETTERS, _left_of


# -- Z002 ---------------------------------------------------------------------------------------

# One parenthesised syllable (letters, perhaps tone-marked, perhaps a tone
# number) glued to the Han character before it.
# One pattern for each bracket: a pattern that opens with one literal
# character is scanned for several times faster than one that opens with a
# class of two, [(（].  An annotation holds no opening bracket, so no match of
# one overlaps a match of the other: merged by position, their matches are
# the single pattern's (a test holds them to it).
_ANNOTATION_AFTER = [
    lazy_compile(f"{bracket}(?<=[{_HAN}][(（])([{_PINYIN_LETTERS}]{{1,7}}[1-5]?)[)）]") for bracket in ("\\(", "（")
]


def annotations(text: str):
    """The annotations in ``text``, in order."""
    return heapq.merge(*(pattern.finditer(text) for pattern in _ANNOTATION_AFTER), key=_start)


def _start(match) -> int:
    return match.start()


_TONE_MARKS = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}
TABLE_ROW = lazy_compile(r"^\s*\||\t")


class PinyinSyllables:
    """Every toned reading pypinyin knows, as tone marks and as tone numbers."""

    _loaded: "PinyinSyllables | None" = None

    def __init__(self) -> None:
        # Reading pypinyin's table of 40,000 characters takes a twentieth of
        # a second; its 3,000 distinct syllables are checked in (textlint_rules.tables).
        syllables = table("pinyin-syllables")
        self.marked: set[str] = set(syllables.get("marked", ()))
        self.numbered: set[str] = set(syllables.get("numbered", ()))

    @classmethod
    def _derive(cls) -> dict[str, list[str]]:
        marked: set[str] = set()
        numbered: set[str] = set()
        for readings in _pinyin_readings():
            for reading in readings.split(","):
                cls._add(unicodedata.normalize("NFC", reading), marked, numbered)
        return {"marked": sorted(marked), "numbered": sorted(numbered)} if marked else {}

    @classmethod
    def load(cls) -> "PinyinSyllables":
        if cls._loaded is None:
            cls._loaded = cls()
        return cls._loaded

    @staticmethod
    def _add(reading: str, marked: set[str], numbered: set[str]) -> None:
        base, tone = split_tone(reading)
        if tone != "5":
            marked.add(reading)
        for spelling in {base, base.replace("ü", "v")}:
            numbered.add(spelling + tone)
            numbered.add(spelling + "5")  # every syllable has a neutral tone

    def is_toned_syllable(self, candidate: str) -> bool:
        """``shù`` or ``shu4``: a real syllable with a tone (an untoned ``a`` is no reading)."""
        candidate = unicodedata.normalize("NFC", candidate)
        if candidate[-1].isdigit():
            return candidate in self.numbered
        return candidate in self.marked


def split_tone(reading: str) -> tuple[str, str]:
    """``("shu", "4")`` for ``shù``; tone "5" when there is no mark."""
    tone = "5"
    letters = []
    for char in unicodedata.normalize("NFD", reading):
        if char in _TONE_MARKS:
            tone = _TONE_MARKS[char]
        else:
            letters.append(char)
    return unicodedata.normalize("NFC", "".join(letters)), tone


def _pinyin_readings():
    """pypinyin's character readings, read from its JSON table when it ships one.

    Importing pypinyin itself costs a fifth of a second; its table alone, a
    twentieth.
    """
    import importlib.util
    import json
    import os

    spec = importlib.util.find_spec("pypinyin")
    table = os.path.join(os.path.dirname(spec.origin), "pinyin_dict.json") if spec and spec.origin else ""
    if os.path.isfile(table):
        with open(table, encoding="utf-8") as handle:
            return json.load(handle).values()
    from pypinyin.pinyin_dict import pinyin_dict

    return pinyin_dict.values()


def _discussed_alone(text: str, start: int, end: int) -> bool:
    """A reading given for a character that stands on its own (``行（háng）、``).

    The character before it is looked at through a leaked annotation of its
    own, as in ``標(biāo)準(zhǔn)``.
    """
    before = _left_of(text, start - 1)
    after = text[end] if end < len(text) else "\n"
    return not _HAN_CHAR.match(before) and not _HAN_CHAR.match(after)


def _in_table(doc, offset: int) -> bool:
    line = doc.line_index(offset)
    if doc.knows_blocks:
        block = doc.block_at(line)
        return block is not None and block.kind == "table"
    # once a line: a scraped page of one line holds every annotation
    return doc.line_fact("chinese.table_rows", line, lambda text: bool(TABLE_ROW.search(text)))


class PinyinAnnotation(textlint.Rule):
    """A pinyin reading left in the text after a Chinese character.

    ## What it does
    Finds one parenthesised pinyin syllable, with a tone mark or a tone
    number, in ASCII or full-width parentheses, right after a Han character:
    `技術(shù)`, `團（tuán）`, `行(xing2)`. The syllable is checked against
    pypinyin's table of readings.

    ## Why is this bad?
    Ruby annotations (the small pinyin above each character) were flattened
    into the line by a converter or a scraper. The reader now stumbles over a
    syllable after every few characters.

    ## Example
    ```
    支付寶小程序技術(shù)團(tuán)隊
    ```

    ## Use instead
    ```
    支付寶小程序技術團隊
    ```

    ## Legitimate uses left alone
    Readings a text gives on purpose: a multi-syllable gloss after a word
    (`你好（nǐ hǎo）`, `银行(yínháng)`), a character discussed on its own
    (`行（háng）、`), a pinyin column in a table; parentheses that hold no
    toned syllable (`(a)`, `(A1)`); an annotation that follows anything but a
    Han character (after garbled text it goes with M003's repair); Markdown code.

    ## Fix safety
    Safe: the parenthesised syllable is removed.
    """

    code = "Z002"
    name = "pinyin-annotation"
    summary = "Leaked pinyin annotation after a Chinese character"
    family = "Z"
    fix_policy = textlint.FixPolicy.always(textlint.Applicability.SAFE)
    ordered_output = True

    def check(self, doc):
        if not has_han(doc):
            return
        text = doc.text
        syllables = None
        for match in annotations(text):
            start, end = match.span()
            syllables = syllables or PinyinSyllables.load()
            if not syllables.is_toned_syllable(match.group(1)):
                continue
            if _discussed_alone(text, start, end) or not doc.is_prose(start, end) or _in_table(doc, start):
                continue
            yield Finding(
                start,
                end,
                f"Pinyin annotation '{match.group(1)}' left in the text after '{text[start - 1]}'",
                fix=Fix([Edit(start, end, "")], "safe", "Remove the annotation"),
            )
