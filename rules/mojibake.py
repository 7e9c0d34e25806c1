"""Family M: text that went through the wrong decoder (M001-M005).

How the work is split, so that clean text pays almost nothing:

1. ``text.isascii()``: ASCII cannot be mojibake.  Done.
2. One compiled pattern (``_triggers``) finds the few places worth a look:
   UTF-8 lead and continuation bytes as a single-byte code page shows them
   (``Ã©``, ``â€™``, ``Ð¿``, ``РїС``), U+FFFD and ``锟斤拷``, uninitialised
   memory (``烫烫烫``), CJK characters outside the first level of every
   national standard (where mojibake lives and prose rarely goes); in text
   with Chinese characters, a second one finds a lone ASCII letter after a
   Chinese character (where a misaligned GBK span ends).  Both are built
   once per process from Python's own codecs.
3. Only the lines holding a suspect are judged: ftfy for single-byte code
   pages (imported then, never before), re-encoding and a character
   frequency model (:class:`CharModel`, wordfreq) for the double-byte ones.

All five rules share one analysis per document (``doc.memo``), because the
same span must go to exactly one rule: a UTF-8-as-GBK span is M002 even
though it also holds rare characters that M003 would look at, and a U+FFFD
that ends a misaligned span is part of M003's finding, not M004's.
"""
from __future__ import annotations

import itertools
import math
import operator
import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress
from pathlib import Path

import textlint
from textlint import Edit, Finding, Fix, datacache
from textlint.charclass import char_class, lazy_compile

# ---------------------------------------------------------------------------
# The cheap pre-check
# ---------------------------------------------------------------------------

#: Single-byte code pages that UTF-8 is commonly mistaken for (ftfy's list):
#: Western, Cyrillic, Central European, Mac, DOS, then the Windows pages of
#: Central Europe, Greece, Turkey and the Baltic (``ğŸš€`` is 🚀 read as
#: Windows-1254, where Windows-1252 has no ``ğ``).
_SINGLE_BYTE_CODECS = (
    "cp1252", "latin-1", "cp1251", "iso-8859-2", "mac_roman", "cp437", "cp1250", "cp1253", "cp1254", "cp1257",
    "cp1258", "koi8_r",
)


def _decoded_bytes(codecs: tuple[str, ...], values: range) -> set[str]:
    chars = set()
    for codec in codecs:
        for value in values:
            try:
                chars.add(bytes((value,)).decode(codec))
            except UnicodeDecodeError:
                pass
    return chars


def _latin_mojibake_pattern() -> str:
    """UTF-8 sequences (lead byte, then continuation bytes) as a code page shows them."""
    continuation = char_class(_decoded_bytes(_SINGLE_BYTE_CODECS, range(0x80, 0xC0)) - {"\n"})
    lead2 = char_class(_decoded_bytes(_SINGLE_BYTE_CODECS, range(0xC2, 0xE0)))
    lead3 = char_class(_decoded_bytes(_SINGLE_BYTE_CODECS, range(0xE0, 0xF0)))
    lead4 = char_class(_decoded_bytes(_SINGLE_BYTE_CODECS, range(0xF0, 0xF5)))
    return f"{lead2}{continuation}|{lead3}{continuation}{{2}}|{lead4}{continuation}{{3}}"


#: Where CJK mojibake lands: ideographs, Hangul, kana (full and half width),
#: full-width forms and the private use area GBK maps its user rows to.
_CJK_RANGES = (
    (0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7A3),
    (0xE000, 0xF8FF), (0xF900, 0xFAFF), (0xFF01, 0xFF5E), (0xFF61, 0xFF9F),
)
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
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
        char, kinds = text[index], set()
        twin = _twin_leads().get(char)
        if char in self.lost or (twin is not None and text.startswith(twin, index)):
            kinds.add("lost")
        if char in self.rare:
            kinds.add("rare")
        if char in self.leads:
            kinds.add("latin")
        if char in self.glued and index > 0 and text[index - 1].isascii() and text[index - 1].isalpha():
            kinds.add("glued")
        if _HAN_CHAR.match(char) and index + 1 < len(text) and text[index + 1].isascii():
            kinds.add("resync")
        return kinds


@lru_cache(maxsize=1)
def _triggers() -> _Triggers:
    """Built once per process from Python's codecs.

    Every branch of the first pattern starts from one character class, so
    the regex engine skips clean text at C speed; an alternation of
    separate patterns would lose that (measured: 10 MB/s against 400).
    """
    tables = _codec_tables()
    lone = re.compile(tables["lone"])
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
    joined = re.compile(
        f"[{_HAN}](?:[\\x40-\\x5a\\x5e\\x5f\\x61-\\x7b\\x7d\\x7e](?![A-Za-z0-9])|\\?[{_PINYIN_LETTERS}]{{1,8}}\\)"
        f"|{twins})"
    )
    return _Triggers(
        lone, joined, frozenset(tables["leads"]), frozenset(_LOST), frozenset(tables["rare"]), frozenset(tables["glued"])
    )


_LOST = "\ufffd锟烫屯"


@lru_cache(maxsize=1)
def _twin_leads() -> dict[str, str]:
    """The first character of each double-byte twin of 锟斤拷, and the whole twin."""
    return {mark[0]: mark for _, mark, _ in _DOUBLE_BYTE_REPLACEMENTS}


#: Bump when what _derive_codec_tables computes changes.
_CODEC_TABLES_FORMAT = 3


@lru_cache(maxsize=1)
def _codec_tables() -> dict[str, str]:
    """The character sets the pre-check is built from, and its first pattern.

    Deriving them decodes every byte pair of four double-byte codecs and
    writes a class of 14,000 ranges (a twentieth of a second per worker
    process), so they are kept on disk per Python version (textlint.datacache).
    """
    return datacache.load_or_derive(
        datacache.derived_path("codec-tables", _CODEC_TABLES_FORMAT, None), "tables", _CODEC_TABLES_FORMAT,
        lambda name, chars: type(chars) is str, _derive_codec_tables,
    )


def _derive_codec_tables() -> dict[str, str]:
    common = _derive_common_characters()
    rare = {chr(p) for low, high in _CJK_RANGES for p in range(low, high + 1)} - common
    leads = _decoded_bytes(_SINGLE_BYTE_CODECS, range(0xC2, 0xF5))
    continuation = _decoded_bytes(_SINGLE_BYTE_CODECS, range(0x80, 0xC0)) - {"\n"}
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



def _char_frequencies(words: dict[str, float]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for word, frequency in words.items():
        for char in word:
            if ord(char) > 0x2E7F:
                totals[char] = totals.get(char, 0.0) + frequency
    whole = sum(totals.values()) or 1.0
    return {char: math.log10(value / whole) for char, value in totals.items()}


@lru_cache(maxsize=1)
def char_model() -> CharModel:
    return CharModel()


# The per-character table and the two-character word index take most of a
# second to derive from wordfreq's word lists (and importing wordfreq costs a
# tenth more), so each is derived once per machine and kept on disk
# (textlint.datacache).

#: Bump when what _derive_wordfreq_table computes changes.
_TABLE_FORMAT = 1
#: Bump when what _derive_pair_words computes changes.
_WORDS_FORMAT = 1


def _derive_wordfreq_table() -> dict[str, float]:
    """The highest log10 frequency of each character in wordfreq's zh, ja and ko lists."""
    from wordfreq import get_frequency_dict  # heavy: only once a span is judged

    table: dict[str, float] = {}
    for lang in ("zh", "ja", "ko"):
        for char, value in _char_frequencies(get_frequency_dict(lang)).items():
            if value > table.get(char, -99.0):
                table[char] = value
    return table


def _derive_pair_words() -> dict[str, str]:
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


def _table_path() -> Path | None:
    return datacache.derived_path("charmodel", _TABLE_FORMAT, "wordfreq")


def _valid_frequency(char, value) -> bool:
    return type(value) is float and len(char) == 1


def _read_table(path: Path) -> dict[str, float] | None:
    return datacache.read_derived(path, "log_frequency", _TABLE_FORMAT, _valid_frequency)


def _wordfreq_table() -> dict[str, float]:
    """The derived character table, from the disk cache when it holds a valid one."""
    return datacache.load_or_derive(
        _table_path(), "log_frequency", _TABLE_FORMAT, _valid_frequency, _derive_wordfreq_table
    )


@lru_cache(maxsize=1)
def _pair_words() -> dict[str, str]:
    """The derived two-character word index, from the disk cache when it holds
    a valid one (loaded only when a span has already passed the frequency test)."""
    return datacache.load_or_derive(
        datacache.derived_path("pairwords", _WORDS_FORMAT, "wordfreq"), "second_characters", _WORDS_FORMAT,
        lambda k, v: type(v) is str and len(k) == 1 and v, _derive_pair_words,
    )


# ---------------------------------------------------------------------------
# One analysis per document
# ---------------------------------------------------------------------------


@dataclass
class Damage:
    """A garbled span found by the analysis, before it becomes a Finding."""

    code: str
    start: int
    end: int
    message: str
    repair: str | None = None  # replacement text; None: report only
    applicability: str = "safe"
    fix_message: str | None = None

    def finding(self) -> Finding:
        fix = None
        if self.repair is not None:
            fix = Fix([Edit(self.start, self.end, self.repair)], self.applicability, self.fix_message)
        return Finding(self.start, self.end, self.message, fix=fix, code=self.code)


def analyze(doc) -> dict[str, list[Finding]]:
    """Every M finding in ``doc``, by code; computed once and shared by the rules."""
    return doc.memoized("mojibake", lambda: _findings_by_code(doc))


def _findings_by_code(doc) -> dict[str, list[Finding]]:
    found: dict[str, list[Finding]] = {}
    for finding in _legacy_encoding(doc):
        found.setdefault(finding.code, []).append(finding)
    from textlint_rules.crosscode import merged  # legacy bytes read with another legacy code page

    for damage in _one_per_garbled_run(doc, _whole_lines_only(doc, merged(doc, _text_damage(doc), Damage))):
        if doc.is_prose(damage.start, max(damage.end, damage.start + 1)):
            found.setdefault(damage.code, []).append(damage.finding())
    return found


_PART_ONLY = "; the rest of its line is damaged past repair, so the fix is unsafe"
#: Repairs of one code this close, with no space between, are pieces of one
#: garbled run that a lost byte or an odd character cut apart.
_PIECE_GAP = 6


def _one_per_garbled_run(doc, damages: list[Damage]) -> list[Damage]:
    """One finding for each garbled run: M001 or M002 pieces of one line
    with at most a few characters and no space between them are joined, the
    characters between kept as they are (one defect, one finding)."""
    if len(damages) < 2:
        return damages
    ordered = sorted(damages, key=lambda d: (d.start, d.end))
    return _joined_runs(ordered, lambda first, second: _same_run(doc, first, second),
                        lambda first, second: _joined(doc.text, first, second))


def _joined_runs(damages: list[Damage], same_run, join) -> list[Damage]:
    """``damages`` (in order) with each one that ``same_run`` says continues
    the one before folded into it by ``join``."""
    result: list[Damage] = []
    for damage in damages:
        if result and same_run(result[-1], damage):
            result[-1] = join(result[-1], damage)
        else:
            result.append(damage)
    return result


def _same_run(doc, first: Damage, second: Damage) -> bool:
    if first.code != second.code or first.code not in ("M001", "M002"):
        return False
    if first.repair is None or second.repair is None or not first.end <= second.start:
        return False
    gap = doc.text[first.end:second.start]
    return len(gap) <= _PIECE_GAP and not any(c.isspace() for c in gap)


def _joined(text: str, first: Damage, second: Damage) -> Damage:
    garbled = text[first.start:second.end]
    gap = text[first.end:second.start]
    repair = first.repair + gap + second.repair
    # what lies between two pieces could not be read back: the run is not mended whole
    applicability = "safe" if first.applicability == second.applicability == "safe" and not gap else "unsafe"
    reading = first.message.split(":", 1)[0]
    message = f"{reading}: {_quote(garbled)} should read {_quote(repair)}"
    if applicability == "unsafe" and not gap:
        message += "; part of it is a guess"
    elif gap:
        message += f"; {_quote(gap)} between its pieces could not be read back"
    return Damage(first.code, first.start, second.end, message, repair, applicability, first.fix_message)


def _whole_lines_only(doc, damages: list[Damage]) -> list[Damage]:
    """Keep a repair safe only where it mends a whole damaged run.  Where
    bytes were lost unmarked (C1 bytes a page dropped) or one legacy page was
    read as another, a piece a detector re-decodes may round-trip exactly and
    still be wrong (守 lost a byte and reads 宿), and the line is left half
    repaired, half garbled.  So a safe repair turns unsafe when it touches
    damage that is not safely repaired, or when its line, once repaired and
    with the damage already reported set aside, still looks garbled."""
    if not any(d.repair is not None and d.applicability == "safe" for d in damages):
        return damages
    by_line: dict[int, list[Damage]] = {}
    for damage in damages:
        by_line.setdefault(doc.line_index(damage.start), []).append(damage)
    for index, on_line in by_line.items():
        repairs = sorted((d for d in on_line if d.repair is not None and d.applicability == "safe"),
                         key=lambda d: d.start)
        if not repairs:
            continue
        rest = [d for d in on_line if d.repair is None or d.applicability != "safe"]
        if _residue(doc, index, repairs, rest) or any(d.code == "M001" and d.repair is None for d in rest):
            doubtful = repairs  # the line lost bytes no code page restores: no piece of it is sure
        else:
            doubtful = [
                d for d in repairs
                if any(d.start <= r.end and r.start <= d.end for r in rest) or _garbled_beside(doc.text, d)
            ]
        for damage in doubtful:
            damage.applicability = "unsafe"
            damage.message += _PART_ONLY
    return damages


def _garbled_beside(text: str, damage: Damage) -> bool:
    """Whether a character right beside the repaired span is garble no
    detector could read back: U+FFFD, a C1 control, or a character the
    pre-check calls rare or lost (寮€ before 濮嬫棩, 鏈 and 0x9F after it)."""
    triggers = _triggers()
    for offset in (damage.start - 2, damage.start - 1, damage.end, damage.end + 1):
        if not 0 <= offset < len(text):
            continue
        char = text[offset]
        if char == "\ufffd" or "\x80" <= char <= "\x9f" or char == "€":
            return True
        if triggers.lone.match(text, offset) and triggers.kinds(text, offset) & {"rare", "lost"}:
            return True
    return False


def _blanked(line: str, base: int, damages: list[Damage]) -> str:
    """``line`` (starting at ``base``) with each damage's span made spaces,
    every offset kept."""
    if not damages:
        return line
    shown = list(line)
    for damage in damages:
        shown[damage.start - base:damage.end - base] = " " * (damage.end - damage.start)
    return "".join(shown)


def _residue(doc, index: int, repairs: list[Damage], reported: list[Damage]) -> bool:
    """Whether the line still looks garbled once ``repairs`` are applied,
    leaving out the damage already ``reported`` (blanked)."""
    start, end = doc.line_span(index)
    line = list(_blanked(doc.text[start:end], start, reported))
    for damage in sorted(repairs, key=lambda d: d.start, reverse=True):
        line[damage.start - start:damage.end - start] = damage.repair
    from ftfy.badness import is_bad  # ftfy's own test for text that still looks like mojibake

    return is_bad("".join(line))


def _text_damage(doc) -> list[Damage]:
    text = doc.text
    lost = _lost_letters(doc) if "?" in text else []  # informa??o: ASCII, and damaged
    if text.isascii():
        return lost
    triggers = _triggers()
    hits = [m.start() for m in triggers.lone.finditer(text)]
    if doc.has_han:  # the same scan the Z rules ask for
        hits += [m.start() for m in triggers.joined.finditer(text)]
    found = _judge_lines(doc, hits) if hits else []
    found += [d for d in _dos_mojibake(text) if not _overlaps(found, d.start, d.end)]
    return found + [d for d in lost if not _overlaps(found, d.start, d.end)]


# UTF-8 read with DOS code page 866 (a Windows console): Russian comes out as
# ╨Я╤А╨╕╨▓╨╡╤В (the lead bytes D0 D1 are box-drawing characters there), Hindi
# as рдЕрдкрдирд╛ (E0 A4 is "рд").  Neither ftfy nor the pre-check above knows
# the page, and its letters are Cyrillic, so only words holding such a lead
# are tried, and only a whole word that decodes strictly counts.
_DOS_LEAD = lazy_compile("[╨╤][\u0410-\u044f\u2500-\u259f]|р[дея][\u0410-\u043f\u2500-\u259f]")
_DOS_WORD = lazy_compile(r"\S+")


def _dos_mojibake(text: str) -> list[Damage]:
    if not _DOS_LEAD.search(text):
        return []
    found: list[Damage] = []
    for match in _DOS_WORD.finditer(text):
        word = match.group()
        if word.isascii() or not _DOS_LEAD.search(word):
            continue
        repaired = _dos_reading(word)
        if repaired is None:
            continue
        start, end = match.span()
        previous = found[-1] if found else None
        if previous is not None and not text[previous.end:start].strip():
            previous.repair += text[previous.end:start] + repaired  # the next word of one garbled run
            previous.end = end
        else:
            found.append(Damage("M001", start, end, "", repaired, "safe",
                                "Re-decode as UTF-8 (encode as code page 866, decode as UTF-8)"))
    for damage in found:
        garbled = text[damage.start:damage.end]
        letters = [c for c in damage.repair if not c.isascii()]
        if len(letters) < 4:
            damage.applicability = "unsafe"
        damage.message = (
            f"UTF-8 decoded as DOS code page 866: {_quote(garbled)} should read {_quote(damage.repair)}"
        )
    return found


def _dos_reading(word: str) -> str | None:
    """The word's code page 866 bytes read as UTF-8, when they decode
    strictly into letters of one script other than Latin."""
    try:
        repaired = word.encode("cp866").decode("utf-8")
    except UnicodeError:
        return None
    scripts = set()
    for char in repaired:
        if char.isascii():
            continue
        if unicodedata.category(char)[0] not in "LM":
            if char not in _QUOTES and char not in "\u2026\u2014\u2013\u00ab\u00bb":
                return None
            continue
        scripts.add(unicodedata.name(char, "?").split()[0])
    return repaired if len(scripts) == 1 and "LATIN" not in scripts else None


def _overlaps(found: list[Damage], start: int, end: int) -> bool:
    return any(d.start < end and start < d.end for d in found)


def _quote(text: str, limit: int = 40) -> str:
    return f"“{text}”" if len(text) <= limit else f"“{text[:limit - 1]}…”"


class _DocContext:
    """What the judges of one document share: the document, and what one
    line teaches about another (an annotation whose character was resolved)."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self.bad_offsets = frozenset(doc.decoded.bad_offsets)
        self.annotations: dict[str, str] = {}  # "yàn" -> the character it followed
        self.pending: list[tuple[int, int, str, str]] = []  # lines like 因?yàn)?h5
        self._traditional: bool | None = None

    @property
    def traditional(self) -> bool:
        """Whether the document is written in Traditional characters."""
        if self._traditional is None:
            sample = self.doc.text[:20000]
            han = len(_HAN_CHAR.findall(sample))
            simple = char_model().simplified(sample)
            changed = sum(map(str.__ne__, sample, simple)) if len(simple) == len(sample) else han
            self._traditional = han > 0 and changed > 0.02 * han
        return self._traditional


_HAN_CHAR = lazy_compile(f"[{_HAN}]")


def _judge_lines(doc, hits) -> list[Damage]:
    kinds_by_line: dict[int, set[str]] = {}
    triggers = _triggers()
    for offset in hits:
        kinds_by_line.setdefault(doc.line_index(offset), set()).update(triggers.kinds(doc.text, offset))
    context = _DocContext(doc)
    found: list[Damage] = []
    for index, kinds in sorted(kinds_by_line.items()):
        start, end = doc.line_span(index)
        judged = _judge_line(context, doc.text[start:end], start, kinds)
        if "latin" in kinds:
            judged += _past_repair(doc.text[start:end], start, judged)
        found.extend(judged)
    found.extend(_resolve_annotated(context))
    return found


#: A character UTF-8's lead bytes show as in Windows-1252 or Latin-1, then
#: one its continuation bytes show as: the pairs UTF-8 mojibake is made of.
_LEAD_PAIR = lazy_compile("[ÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")
_LEADS = frozenset("ÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþ")
#: How many such pairs a line needs before it is called garbled past repair.
_PAST_REPAIR_PAIRS = 3


def _past_repair(line: str, base: int, judged: list[Damage]) -> list[Damage]:
    """UTF-8 mojibake that no code page reads back, because bytes were lost
    on the way (Windows-1252 has no character for 0x81 0x8D 0x8F 0x90 0x9D,
    and a page that dropped them left ``ÐÐ¾Ð±ÑÑÐ¹`` of Добрый): reported,
    without a fix, where the line holds several lead-and-continuation pairs
    and ftfy's own test calls it mojibake."""
    line = _blanked(line, base, judged)  # what the judges found is theirs: look at the rest of the line
    pairs = list(itertools.islice(_LEAD_PAIR.finditer(line), 64))
    if len(pairs) < _PAST_REPAIR_PAIRS:
        return []
    from ftfy.badness import is_bad

    first, last = pairs[0].start(), pairs[-1].end()
    if not is_bad(line[first:last]):
        return []
    while first > 0 and line[first - 1] in _LEADS:  # a lead whose continuation was lost
        first -= 1
    while last < len(line) and line[last] in _LEADS:
        last += 1
    shown = line[first:last]
    return [Damage(
        "M001", base + first, base + last,
        f"UTF-8 read with a single-byte code page, and no single re-decoding reads {_quote(shown)} "
        "back (bytes were lost, or it was garbled more than once): reported, not repaired",
        None,
    )]


def _judge_line(context: _DocContext, line: str, base: int, kinds: set[str]) -> list[Damage]:
    found: list[Damage] = []
    if kinds & {"rare", "glued", "lost"}:
        found += _double_byte_mojibake(line, base, found)
    if "latin" in kinds:
        # a span of Shift-JIS or GBK mojibake holds characters a single-byte
        # code page shows too (縲√≠繧: √≠ is Mac OS Roman): one defect, M002's
        found += [d for d in _latin_mojibake(line, base) if not _overlaps(found, d.start, d.end)]
    if kinds & {"rare", "lost", "resync"}:
        found += _misaligned(context, line, base, found)
    if kinds & {"rare", "lost", "resync"} or ("latin" in kinds and _shows_lost_mark(line)):
        found += _lost_characters(context, line, base, found)
    return found


# ---------------------------------------------------------------------------
# M001: UTF-8 read with a single-byte code page (ftfy)
# ---------------------------------------------------------------------------

_CODE_PAGE_NAMES = {
    "sloppy-windows-1252": "Windows-1252", "windows-1252": "Windows-1252", "latin-1": "Latin-1",
    "sloppy-windows-1251": "Windows-1251", "windows-1251": "Windows-1251",
    "iso-8859-2": "ISO-8859-2", "macroman": "Mac OS Roman", "cp437": "IBM code page 437",
    "sloppy-windows-1250": "Windows-1250", "windows-1250": "Windows-1250",
    "sloppy-windows-1253": "Windows-1253", "windows-1253": "Windows-1253",
    "sloppy-windows-1254": "Windows-1254", "windows-1254": "Windows-1254",
    "sloppy-windows-1257": "Windows-1257", "windows-1257": "Windows-1257",
    "sloppy-windows-1258": "Windows-1258", "windows-1258": "Windows-1258", "koi8-r": "KOI8-R",
}
#: The code pages a repair is checked against, most common first (the
#: message names the first through which it re-encodes exactly).
_ROUND_TRIP_CODECS = (
    "sloppy-windows-1252", "latin-1", "sloppy-windows-1251", "iso-8859-2", "sloppy-windows-1250",
    "sloppy-windows-1254", "sloppy-windows-1253", "sloppy-windows-1257", "macroman", "cp437", "sloppy-windows-1258",
    "koi8-r",
)


@lru_cache(maxsize=1)
def _single_byte_region() -> re.Pattern:
    """Runs of characters every one of which some single-byte code page can hold."""
    chars = _decoded_bytes(_SINGLE_BYTE_CODECS, range(0x20, 0x100)) | {"\t"}
    return re.compile(char_class(chars) + "+")


@lru_cache(maxsize=1)
def _latin_pattern() -> re.Pattern:
    return re.compile(_latin_mojibake_pattern())


@lru_cache(maxsize=1)
def _ftfy_encoding_only():
    import ftfy  # only once a line holds a suspect sequence
    import ftfy.bad_codecs  # noqa: F401  registers the sloppy-windows-* codecs

    # Only the encoding repair: never NFKC, never uncurled quotes or
    # half-width forms, which would rewrite clean CJK punctuation.
    config = ftfy.TextFixerConfig(
        unescape_html=False, remove_terminal_escapes=False, fix_encoding=True,
        restore_byte_a0=True, replace_lossy_sequences=False, decode_inconsistent_utf8=True,
        fix_c1_controls=False, fix_latin_ligatures=False, fix_character_width=False,
        uncurl_quotes=False, fix_line_breaks=False, fix_surrogates=False,
        remove_control_chars=False, normalization=None, explain=True,
    )
    return lambda text: ftfy.fix_encoding_and_explain(text, config)


def repair_single_byte(text: str) -> tuple[str, list]:
    """ftfy's encoding repair alone: (repaired text, steps)."""
    fixed = _ftfy_encoding_only()(text)
    return fixed.text, list(fixed.explanation or [])


def _latin_mojibake(line: str, base: int) -> list[Damage]:
    found = []
    for region in _single_byte_region().finditer(line):
        # U+FFFD's bytes shown through a code page (ï¿½) are lost characters,
        # M004's: the text either side of them is judged on its own
        for offset, piece in _between_lost_marks(region.group()):
            found += _latin_piece(piece, base + region.start() + offset, line)
    return found


def _latin_piece(shown: str, start: int, line: str = "") -> list[Damage]:
    return [d for d in _latin_damages(shown, start, line) if _fits_its_word(shown, d.start - start, d.end - start, d.repair)]


def _fits_its_word(shown: str, start: int, end: int, repaired: str | None) -> bool:
    """Whether a repair leaves no word half Latin, half Cyrillic or Greek:
    ``HVAÐ“`` (Icelandic capitals before a quote) would read ``HVAГ``."""
    if not repaired:
        return True
    before, after = shown[start - 1:start], shown[end:end + 1]
    garbled = shown[start:end]
    if len(garbled) == 2 and garbled[0].isupper() and garbled[1] in _QUOTES and before.isalpha() and not after.isalpha():
        return False  # MAÇÔ, NÁÐ“: a word in capitals, then its closing quote
    if garbled in ("\u00c3\u00a0", "\u00c3 ") and before.isupper():
        # NHÃ\xa0ALEX, CÃ\xa0sus: Vietnamese or Romanian capitals before a no-break
        # space, unless the text around is garbled too
        if not (_latin_pattern().search(shown, 0, max(start - 1, 0)) or _latin_pattern().search(shown, end)):
            return False
    if len(repaired) == 1 and _cased_non_latin(repaired) and not (before.isalpha() or after.isalpha()):
        return False  # 杨”á弟: one Cyrillic letter out of marks between Chinese words
    return not (
        (_latin_letter_char(before) and _cased_non_latin(repaired[0]))
        or (_latin_letter_char(after) and _cased_non_latin(repaired[-1]))
    )


_QUOTES = "“”‘’„‚«»‹›–—"


def _latin_letter_char(char: str) -> bool:
    return char.isalpha() and (char < "\u0250" or "\u1e00" <= char <= "\u1eff")


def _cased_non_latin(char: str) -> bool:
    return char.isalpha() and char != char.swapcase() and not (char < "\u0250" or "\u1e00" <= char <= "\u1eff")


def _latin_damages(shown: str, start: int, line: str) -> list[Damage]:
    restored = _restore_a_grave(shown, line)
    if not _latin_pattern().search(restored):
        return []
    fixed, plan = repair_single_byte(restored)
    if fixed == restored:
        # ftfy weighs the whole text: clean words around a few garbled ones
        # may outweigh them; the garbled runs alone, then the letters in words
        return _run_damages(shown, restored, start) or _letters_in_words(shown, restored, start)
    aligned = _aligned_damages(shown, restored, start, fixed, plan)
    if aligned is not None:
        return aligned
    diffed = [
        _latin_damage(start + a0, shown[a0:a1], fixed[b0:b1], plan, restored[a0:a1])
        for a0, a1, b0, b1 in _changed_spans(restored, fixed)
        if b1 > b0  # HÂLÂ“ "repaired" by deleting a letter: Turkish capitals before a quote
    ]
    if all(d.repair is not None for d in diffed) and not _latin_pattern().search(fixed):
        return diffed
    # clean text and mojibake on one line (a heading, then a garbled
    # sentence): ftfy will not re-encode the whole, and a diff splits the
    # garbled part where it happens to match the clean one; each run of
    # bytes that are UTF-8 in a code page is then repaired on its own
    runs = _run_damages(shown, restored, start)
    covered = all(
        d.repair is not None or any(r.start <= d.start and d.end <= r.end for r in runs) for d in diffed
    )
    return runs + [d for d in diffed if not _overlaps(runs, d.start, d.end)] if runs and covered else diffed


def _run_damages(shown: str, restored: str, start: int) -> list[Damage]:
    """The damage in each run of ``restored`` that is UTF-8 in some code page, repaired on its own."""
    runs: list[Damage] = []
    sequences = [seq for seq in _latin_pattern().findall(restored) if not _TYPOGRAPHY.issuperset(seq)]
    if len(sequences) < 2:
        return runs  # a run is repaired only for two garbled characters or more
    for run_start, run_end, codec in _mojibake_runs(restored, sequences):
        piece = restored[run_start:run_end]
        if len(_latin_pattern().findall(piece)) < 2:
            continue  # one garbled-looking pair alone (ášť is ṻ in ISO-8859-2): too little to go on
        if codec in _FTFY_UNKNOWN:
            piece_fixed, piece_plan = _direct_repair(piece, codec)
        elif piece == restored:
            continue  # ftfy has judged it whole already
        else:
            piece_fixed, piece_plan = repair_single_byte(piece)
        if sum(not c.isascii() for c in piece_fixed) < 2:
            continue  # one character out of its context («º is Ǽ in Mac OS Roman): too little to go on
        found = _aligned_damages(shown[run_start:run_end], piece, start + run_start, piece_fixed, piece_plan)
        if found:
            runs += found
    return runs


def _aligned_damages(shown: str, restored: str, start: int, fixed: str, plan) -> list[Damage] | None:
    aligned = _aligned_repair(restored, fixed, plan)
    if aligned is None:
        return None
    codec, spans = aligned
    return [
        _exact_damage(
            start + a0, shown[a0:a1], fixed[b0:b1],
            _single_byte_round_trip(shown[a0:a1], fixed[b0:b1], []) or _CODE_PAGE_NAMES.get(codec, codec),
            fixed[b0:b1].encode("utf-8").decode(codec) != shown[a0:a1],
        )
        for a0, a1, b0, b1 in spans
    ]


#: The code pages a run of mojibake is looked for in, as ftfy names them.
_RUN_CODECS = (
    "sloppy-windows-1252", "sloppy-windows-1251", "sloppy-windows-1250", "sloppy-windows-1253",
    "sloppy-windows-1254", "sloppy-windows-1257", "iso-8859-2", "macroman", "cp437", "sloppy-windows-1258",
    "koi8-r",
)
#: Code pages ftfy's repair does not try: Vietnamese Windows (``Ä‘Ă¢y`` is
#: ``đây``) and KOI8-R (``п╤п╦п╡`` is ``жив``), whose runs are decoded
#: here, when every letter out of them is one of the script they serve.
_FTFY_UNKNOWN = frozenset({"sloppy-windows-1258", "koi8-r"})


def _direct_repair(piece: str, codec: str) -> tuple[str, list]:
    try:
        fixed = piece.encode(codec).decode("utf-8")
    except UnicodeError:
        return piece, []
    wide = [c for c in fixed if not c.isascii() and c not in _QUOTES and c not in "\u2026\u00a0\u00ab\u00bb"]
    if codec == "koi8-r":
        if not all("\u0400" <= c <= "\u045f" for c in wide):
            return piece, []
    elif not all(c in _WORD_FINAL_LETTERS or "\u1ea0" <= c <= "\u1ef9" for c in wide):
        return piece, []
    return fixed, [("encode", codec), ("decode", "utf-8")]


_BEYOND_LATIN_1 = lazy_compile("[^\\x00-\\xff]")
_UTF8_CHAR = (
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
#: Runs of UTF-8 from its first non-ASCII character to its last (what _UTF8_RUN
#: matches, less the ASCII at its ends, and never only ASCII).
_UTF8_WIDE_RUN = lazy_compile(rb"(?:" + _UTF8_CHAR + rb")(?:[\x00-\x7f]*(?:" + _UTF8_CHAR + rb"))*")


@lru_cache(maxsize=None)
def _byte_table(codec: str) -> dict[int, str]:
    """str.translate table: each character ``codec`` holds to its byte (as a
    Latin-1 character), every other Latin-1 character to 0xFF."""
    _ftfy_encoding_only()  # registers the sloppy-windows-* codecs
    table = {value: "\xff" for value in range(0x100)}
    for value in range(0x100):
        try:
            table[ord(bytes((value,)).decode(codec))] = chr(value)
        except UnicodeDecodeError:
            continue
    return table


def _non_ascii(text: str) -> int:
    return len(text) - len(text.encode("utf-8", "ignore").decode("ascii", "ignore"))


#: French spacing («\xa0 … \xa0») looks like UTF-8 in Mac OS Roman: no evidence.
_TYPOGRAPHY = frozenset("«»\u00a0\u2013\u2014\u2009\u202f")


def _mojibake_runs(text: str, sequences: list[str] | None = None) -> list[tuple[int, int, str]]:
    """The longest runs of ``text`` whose bytes in some code page are UTF-8
    holding two non-ASCII characters or more, without overlap, ASCII trimmed
    from their ends: (start, end, code page), the commoner code page first
    among equals."""
    candidates = []
    for codec in _RUN_CODECS:
        table = _byte_table(codec)
        if sequences is not None and sum(all(table.get(ord(c), "\xff") != "\xff" for c in seq) for seq in sequences) < 2:
            continue  # the code page cannot show two of the garbled-looking sequences
        # one byte a character, so offsets stay those of the text; 0xFF (never
        # in UTF-8) for a character the code page cannot hold: a run stops there
        data = _BEYOND_LATIN_1.sub("\xff", text.translate(_byte_table(codec))).encode("latin-1")
        for run in _UTF8_WIDE_RUN.finditer(data):
            run_start, run_end = run.span()
            while run_start < run_end and text[run_start].isascii():
                run_start += 1
            while run_end > run_start and text[run_end - 1].isascii():
                run_end -= 1
            if run_end - run_start >= 4 and _non_ascii(data[run_start:run_end].decode("utf-8")) >= 2:
                candidates.append((run_end - run_start, -_RUN_CODECS.index(codec), run_start, run_end, codec))
    chosen: list[tuple[int, int, str]] = []
    for _, _, run_start, run_end, codec in sorted(candidates, reverse=True):
        if not any(a < run_end and run_start < b for a, b, _ in chosen):
            chosen.append((run_start, run_end, codec))
    return sorted(chosen)


def _letters_in_words(shown: str, restored: str, start: int) -> list[Damage]:
    """Short mojibake ftfy leaves alone: UTF-8 letters shown inside words.

    ftfy weighs a whole text, and a few words (``zwiÄ…zku``, ``dziĹ›``,
    ``polovinÄ›``) do not look bad enough to it: ``Ä…`` could be a capital
    and an ellipsis.  Inside a word, between letters, they cannot: every
    sequence must decode, through one code page, to a Latin letter, touch a
    letter, and one must stand between two letters (or there be several).
    A lowercase ASCII letter must stand next to each, and none may hold a
    space or a quotation mark: capitals before a quote or a no-break space
    (``WALCZYĆ\xa0``, ``LOCALĂ“``, ``СТАТЬЕ’``) are words, not bytes."""
    sequences = list(_latin_pattern().finditer(restored))
    if not sequences or any(_NOT_IN_WORDS.search(m.group()) for m in sequences):
        return []
    inside = [
        restored[m.start() - 1:m.start()].isalpha() and restored[m.end():m.end() + 1].isalpha() for m in sequences
    ]
    touching = all(_lowercase_ascii(restored[m.start() - 1:m.start()] + restored[m.end():m.end() + 1]) for m in sequences)
    if not touching or not (any(inside) or len(sequences) >= 2):
        return []
    for codec in _ROUND_TRIP_CODECS:
        letters = [_latin_letter(m.group(), codec) for m in sequences]
        if all(letters):
            break
    else:
        return []
    spans: list[list] = []
    for match, letter in zip(sequences, letters):
        if spans and restored[spans[-1][1]:match.start()].isascii():
            spans[-1][1] = match.end()
            spans[-1][2] += restored[spans[-1][3]:match.start()] + letter
            spans[-1][3] = match.end()
        else:
            spans.append([match.start(), match.end(), letter, match.end()])
    name = _CODE_PAGE_NAMES.get(codec, codec)
    return [
        _exact_damage(start + a0, shown[a0:a1], repaired, name, shown[a0:a1] != restored[a0:a1])
        for a0, a1, repaired, _ in spans
    ]


_NOT_IN_WORDS = lazy_compile("[\\s\\u00a0“”‘’„‚«»‹\"']")


def _lowercase_ascii(chars: str) -> bool:
    return any("a" <= c <= "z" for c in chars)


def _latin_letter(sequence: str, codec: str) -> str | None:
    """The Latin letter whose UTF-8 bytes ``codec`` shows as ``sequence``, if it is one."""
    try:
        char = sequence.encode(codec).decode("utf-8")
    except UnicodeError:
        return None
    if len(char) == 1 and (char in _WORD_FINAL_LETTERS or "\u1ea0" <= char <= "\u1ef9"):
        return char  # a letter of a living alphabet (ṻ, ǽ, ƾ are not what short mojibake hides)
    return None


def _between_lost_marks(text: str) -> list[tuple[int, str]]:
    """The parts of ``text`` between replacement characters shown through a code page."""
    if not _shows_lost_mark(text):
        return [(0, text)]
    parts, last = [], 0
    for mark in _single_byte_lost_marks().finditer(text):
        parts.append((last, text[last:mark.start()]))
        last = mark.end()
    parts.append((last, text[last:]))
    return [(offset, part) for offset, part in parts if part]


#: U+FFFD's UTF-8 bytes (EF BF BD) as single-byte code pages show them: a
#: character lost once, then read with the wrong code page (M004's).
_SINGLE_BYTE_REPLACEMENTS = (
    ("Windows-1252", "\u00ef\u00bf\u00bd"), ("Windows-1251", "\u043f\u0457\u0405"),
    ("Windows-1250", "\u010f\u017c\u02dd"), ("Windows-1253", "\u03bf\u038f\u00bd"),
    ("Windows-1257", "\u013c\u00e6\u00bd"), ("Mac OS Roman", "\u00d4\u00f8\u03a9"),
    ("IBM code page 437", "\u2229\u2510\u255c"),
)
#: The same bytes through double-byte codecs, one U+FFFD (Shift_JIS-2004's
#: 魹ｽ) or two (GBK's 锟斤拷 and its twins), a lone one's lead left over.
_DOUBLE_BYTE_REPLACEMENTS = (
    ("Shift-JIS", "\u9b79\uff7d", ""), ("Big5", "\u5699\u8e1d\u856d", "\u5699"),
    ("EUC-KR", "\u5360\uc3d9\uc619", "\u5360"), ("EUC-JP", "\u9403\u7dd2\u7533", "\u9403"),
)


def _shows_lost_mark(text: str) -> bool:
    """Whether ``text`` may hold U+FFFD as a single-byte code page shows it (ï¿½)."""
    return any(mark[-1] in text for _, mark in _SINGLE_BYTE_REPLACEMENTS)


@lru_cache(maxsize=1)
def _single_byte_lost_marks() -> re.Pattern:
    return re.compile("|".join(f"(?:{re.escape(mark)})+" for _, mark in _SINGLE_BYTE_REPLACEMENTS))


#: Ã then a space, where a scraper turned the A0 byte of à (C3 A0 in
#: UTF-8, Ã and a no-break space in Windows-1252) into a plain space.
_A_GRAVE_SPACE = lazy_compile("\u00c3 ")


def _restore_a_grave(text: str, line: str = "") -> str:
    """``text`` with the no-break space put back after each Ã whose word
    says it was à: same length, so offsets hold.

    ``VÃ ng`` (Vàng), ``voilÃ  le`` (voilà le, two spaces: the lost NBSP and
    the real one), ``Ã  la carte``.  Portuguese capitals keep their Ã
    (``IRMÃ E``, ``CAPITÃ do time``), and so does the letter named alone
    (``Ã é uma letra``)."""
    if "\u00c3 " not in text:
        return text
    other_mojibake = _latin_pattern().search(text) is not None
    # a letter no code page shows (ệ, ố) says the text around was decoded right:
    # then a capital and Ã is Vietnamese or Portuguese capitals (BÃ, ĐÃ)
    region = _single_byte_region()
    decoded_right = any(ord(c) > 0xFF and c.isalpha() and not region.match(c) for c in line)
    chars = list(text)
    for match in _A_GRAVE_SPACE.finditer(text):
        index = match.start()
        if _is_a_grave(text, index, other_mojibake, decoded_right):
            chars[index + 1] = "\u00a0"
    return "".join(chars)


def _is_a_grave(text: str, index: int, other_mojibake: bool, decoded_right: bool = False) -> bool:
    word_start = index
    while word_start > 0 and text[word_start - 1].isalpha():
        word_start -= 1
    before = text[word_start:index]
    after = text[index + 2:index + 3]
    if before and before[-1].islower():
        return True  # voilÃ, cittÃ: Portuguese writes a lowercase ã there
    if len(before) >= 2 or after.isupper() or after.isdigit():
        return False  # IRMÃ E, CAPITÃ: a word in capitals
    if before:  # VÃ ng: one capital, and the word goes on in lowercase; and
        # other mojibake around, for FÃ (Portuguese) is a word in capitals too
        return other_mojibake and not decoded_right and (after.islower() or after == " ")
    # Ã alone: à before a word ("Ã  la", the NBSP and the space), never a word itself
    return after == " " or (other_mojibake and after.islower())


#: Each character's UTF-8 bytes as a code page shows them, by code page
#: (a line repaired whole is mostly ASCII and the same few letters).
_SHOWN: dict[str, dict[str, str]] = {}
_NON_ASCII_CHAR = lazy_compile("[^\\x00-\\x7f]")


@lru_cache(maxsize=None)
def _ascii_shown_otherwise(codec: str) -> frozenset[str] | None:
    """The ASCII characters ``codec`` does not read as themselves (ftfy's
    sloppy code pages read 0x1A as U+FFFD); None when it fails on one.
    Every other character's UTF-8 bytes show as itself exactly when it is
    ASCII (a non-ASCII character has two bytes or more)."""
    try:
        shown = bytes(range(0x80)).decode(codec)
    except UnicodeError:
        return None
    return frozenset(chr(value) for value in range(0x80) if shown[value:value + 1] != chr(value))


def _aligned_repair(restored: str, fixed: str, plan) -> tuple[str, list[tuple[int, int, int, int]]] | None:
    """(code page, changed spans) when ftfy re-encoded the whole text through one code page.

    The spans then come from the bytes themselves, each repaired character
    standing for exactly the characters its UTF-8 bytes show in that code
    page, so a long line is one span however much of the repair happens to
    look like the garbled text (Cyrillic read as Windows-1251 is still
    Cyrillic, and a diff would align the two).  Spans are merged where only
    ASCII separates them, as _changed_spans does.  None when the plan is
    anything else (then the diff decides)."""
    steps = [step for step in plan if step != ("transcode", "restore_byte_a0")]
    if len(steps) != 2 or steps[0][0] != "encode" or steps[1] != ("decode", "utf-8"):
        return None
    codec = steps[0][1]
    spans: list[list[int]] = []
    a = 0
    known = _SHOWN.get(codec)
    if known is None or len(known) > _ENCODED_LIMIT:
        known = _SHOWN[codec] = {}
    try:
        pieces = [known[c] if c in known else known.setdefault(c, c.encode("utf-8").decode(codec)) for c in fixed]
    except UnicodeError:
        return None
    odd = _ascii_shown_otherwise(codec)
    if odd is not None and not any(c in fixed for c in odd) and "".join(pieces) == restored:
        # the usual case, the shown forms tiling the text: the characters
        # shown otherwise are exactly the non-ASCII ones, found in C
        extra = 0  # how much longer the text is than the repair before here
        for match in _NON_ASCII_CHAR.finditer(fixed):
            b = match.start()
            a, width = b + extra, len(pieces[b])
            if spans and restored[spans[-1][1]:a].isascii():
                spans[-1][1], spans[-1][3] = a + width, b + 1
            else:
                spans.append([a, a + width, b, b + 1])
            extra += width - 1
        return codec, [tuple(span) for span in spans]
    try:
        for b, char in enumerate(fixed):
            shown = known.get(char)
            if shown is None:
                shown = known[char] = char.encode("utf-8").decode(codec)
            width = len(shown)
            if restored[a:a + width] != shown:
                if restored[a:a + width] != shown.replace("\u00a0", " ") or shown == "\u00a0":
                    return None
            if shown != char:
                if spans and restored[spans[-1][1]:a].isascii():
                    spans[-1][1], spans[-1][3] = a + width, b + 1
                else:
                    spans.append([a, a + width, b, b + 1])
            a += width
    except UnicodeError:
        return None
    if a != len(restored):
        return None
    return codec, [tuple(span) for span in spans]


def _exact_damage(start: int, garbled: str, repaired: str, codec: str, spaced: bool) -> Damage:
    """A span whose repair re-encodes exactly to it (``spaced``: but for
    no-break spaces that had become spaces, put back first)."""
    message = f"UTF-8 decoded as {codec}: {_quote(garbled)} should read {_quote(repaired)}"
    if not spaced:
        return Damage("M001", start, start + len(garbled), message, repaired, "safe", f"Re-encode as {codec} and decode as UTF-8")
    message += " (a no-break space byte had become a plain space)"
    if _CONTROL.search(repaired):
        return Damage("M001", start, start + len(garbled), message + "; not repaired: the repair holds control characters")
    return Damage(
        "M001", start, start + len(garbled), message, repaired, "safe",
        f"Put back the no-break space, re-encode as {codec} and decode as UTF-8",
    )


def _changed_spans(before: str, after: str) -> list[tuple[int, int, int, int]]:
    """The changed spans, merged where only ASCII separates them (ASCII reads
    the same in UTF-8 and every code page, so it was decoded wrongly too)."""
    spans: list[list[int]] = []
    for tag, a0, a1, b0, b1 in _matcher_class()(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if spans and before[spans[-1][1]:a0].isascii():
            spans[-1][1], spans[-1][3] = a1, b1
        else:
            spans.append([a0, a1, b0, b1])
    return [tuple(span) for span in spans]


@lru_cache(maxsize=1)
def _matcher_class():
    """difflib's SequenceMatcher with a faster, identical longest match.

    Without junk (no ``isjunk``, ``autojunk=False``) difflib's
    ``find_longest_match`` returns the longest common block, the one that
    starts earliest in ``a`` among those, and the earliest in ``b`` for that
    start; but it finds it with a dictionary walk per character pair, which
    on a whole English line costs milliseconds.  Here the same block is found
    with ``str.find`` (C speed): walking ``a`` from the left, a start is only
    worth a look when the block beginning there is longer than the best so
    far, and the first start to reach the final length is the earliest, with
    ``find`` giving the earliest place in ``b``.  Everything else (the
    recursion, the merging of adjacent blocks, the opcodes) is difflib's own.
    """
    import difflib

    class _Matcher(difflib.SequenceMatcher):
        def _SequenceMatcher__chain_b(self):
            # difflib indexes b for its own search (b2j), which the search
            # below does not use; without junk, the index is all it builds.
            self.b2j, self.bjunk, self.bpopular = {}, set(), set()

        def find_longest_match(self, alo=0, ahi=None, blo=0, bhi=None):
            a, b = self.a, self.b
            if ahi is None:
                ahi = len(a)
            if bhi is None:
                bhi = len(b)
            find = b.find
            best_i, best_j, best_size = alo, blo, 0
            limit = bhi - blo  # no block is longer than the part of b searched
            # A common prefix or suffix of the two ranges is a block, so the
            # longest is at least that long: only longer-or-equal blocks need
            # looking for (the walk below then finds the same earliest one,
            # and the earliest place of it in b).  Mojibake leaves most of a
            # line alone, so this skips most of the walk.
            floor = max(_common_prefix(a, b, alo, ahi, blo, bhi), _common_suffix(a, b, alo, ahi, blo, bhi))
            if floor:
                best_size = floor - 1
            i = alo
            while i + best_size < ahi and best_size < limit:
                j = find(a[i:i + best_size + 1], blo, bhi)
                if j < 0:
                    i += 1
                    continue
                size = best_size + 1
                while i + size < ahi and size < limit:
                    later = find(a[i:i + size + 1], j, bhi)  # never before j
                    if later < 0:
                        break
                    j, size = later, size + 1
                best_i, best_j, best_size = i, j, size
                i += 1
            return difflib.Match(best_i, best_j, best_size)

    return _Matcher


def _common_prefix(a: str, b: str, alo: int, ahi: int, blo: int, bhi: int) -> int:
    """The length of the common prefix of a[alo:ahi] and b[blo:bhi], by bisection on slices compared in C."""
    low, high = 0, min(ahi - alo, bhi - blo)
    while low < high:
        middle = (low + high + 1) // 2
        if a[alo:alo + middle] == b[blo:blo + middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: str, b: str, alo: int, ahi: int, blo: int, bhi: int) -> int:
    low, high = 0, min(ahi - alo, bhi - blo)
    while low < high:
        middle = (low + high + 1) // 2
        if a[ahi - middle:ahi] == b[bhi - middle:bhi]:
            low = middle
        else:
            high = middle - 1
    return low


def _latin_damage(start: int, garbled: str, repaired: str, plan, restored: str | None = None) -> Damage:
    codec = _single_byte_round_trip(garbled if restored is None else restored, repaired, plan)
    if codec is not None and restored is not None and restored != garbled:
        return _exact_damage(start, garbled, repaired, codec, True)
    if codec is None:
        return Damage(
            "M001", start, start + len(garbled),
            f"UTF-8 decoded with a single-byte code page: {_quote(garbled)} reads {_quote(repaired)}; "
            "the repair does not re-encode exactly, so it is not applied",
        )
    return Damage(
        "M001", start, start + len(garbled),
        f"UTF-8 decoded as {codec}: {_quote(garbled)} should read {_quote(repaired)}",
        repaired, "safe", f"Re-encode as {codec} and decode as UTF-8",
    )


def _single_byte_round_trip(garbled: str, repaired: str, plan) -> str | None:
    """The code page through which ``repaired`` becomes exactly ``garbled``."""
    for codec in _ROUND_TRIP_CODECS:
        try:
            if repaired.encode("utf-8").decode(codec) == garbled:
                return _CODE_PAGE_NAMES[codec]
        except UnicodeError:
            continue
    return _replay_backwards(garbled, repaired, plan)


def _replay_backwards(garbled: str, repaired: str, plan) -> str | None:
    """Undo ftfy's steps (several layers of mojibake) and compare."""
    value: str | bytes = repaired
    names = []
    try:
        for step, codec in reversed(plan):
            if step == "decode" and isinstance(value, str):
                value = value.encode(codec)
            elif step == "encode" and isinstance(value, bytes):
                value = value.decode(codec)
                names.append(_CODE_PAGE_NAMES.get(codec, codec))
            else:
                return None
    except UnicodeError:
        return None
    if value != garbled or not names:
        return None
    return names[0] if len(set(names)) == 1 and len(names) == 1 else " then ".join(names)


# ---------------------------------------------------------------------------
# M002: UTF-8 read as a double-byte code page, and GBK and Big5 read as each other
# ---------------------------------------------------------------------------

#: (name in messages, codecs to try): the first codec that round-trips wins;
#: the Windows supersets catch what the strict standards cannot decode.
_DOUBLE_BYTE = (
    ("GBK", ("gbk", "gb18030")),
    ("Big5", ("big5", "cp950")),
    ("Shift-JIS", ("shift_jis", "cp932")),
    ("EUC-KR", ("euc_kr", "cp949")),
)
_LEGACY_PAIRS = (("GBK", "gbk", "Big5", "big5"), ("Big5", "big5", "GBK", "gbk"))
_UTF8_RUN = lazy_compile(
    rb"(?:[\x00-\x7f]|[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2})+"
)
#: How much more plausible (mean log10 frequency per character) a repair must
#: be, and how plausible at least, before the garbled text is called mojibake.
_MIN_GAIN = 1.5
_MIN_PLAUSIBILITY = -5.0
_CONTROL = lazy_compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd]")


def _double_byte_mojibake(line: str, base: int, found: list[Damage]) -> list[Damage]:
    candidates = []
    worth = _Worth(line)
    for name, codecs in _DOUBLE_BYTE:
        for codec in codecs:
            for start, end, repaired in _utf8_spans(line, codec, worth):
                candidates.append((start, end, repaired, f"UTF-8 decoded as {name}", []))
        for start, end, repaired, cut in _truncated_spans(line, codecs[0], worth):
            candidates.append((start, end, repaired, f"UTF-8 decoded as {name}", cut))
    for source_name, source, target_name, target in _LEGACY_PAIRS:
        for start, end, repaired in _legacy_spans(line, source, target):
            candidates.append((start, end, repaired, f"{target_name} decoded as {source_name}", []))
    judged = []
    for start, end, repaired, story, cut in candidates:
        gain = _plausibility_gain(line, start, end, repaired, needs_words=not story.startswith("UTF-8"))
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


def _truncated_spans(line: str, codec: str, worth: _Worth):
    """Spans of ``line`` whose bytes in ``codec`` are UTF-8 text but for lost
    bytes: (start, end, the text known exactly, the characters in order).

    Each character is a string, or for one that lost bytes the tuple of
    characters it may have been.  Bytes are lost two ways: the code page
    could not show a byte and wrote U+FFFD for it (``涓�`` is 一, E4 B8 and
    a lost 80), or the text was cut after the first bytes of a character
    (``鍒樺`` is 刘 and the lead byte E5 of the next).  A span holds at least
    one loss (exact spans are _utf8_spans'), starts at a character and runs
    to the end of its run of wide characters."""
    for run in _LOSSY_RUN.finditer(line):
        start, end = run.span()
        if "\ufffd" not in run.group() and not worth.accepts(start, end):
            continue
        chars = run.group()
        if len(chars) < 2:
            continue
        encoded = [b"" if c in "\ufffd?" else piece for c, piece in zip(chars, _encode_each(chars, codec))]
        if not all(piece or char in "\ufffd?" for char, piece in zip(chars, encoded)):
            continue
        if "\ufffd" not in chars and "?" not in chars and not _cut_short(b"".join(encoded[-2:])):
            continue  # nothing lost: an exact span is _utf8_spans' to find
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


def _plausibility_gain(line: str, start: int, end: int, repaired: str, needs_words: bool = False) -> float | None:
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
    try:
        return list(map(table.__getitem__, line))
    except KeyError:
        for char in set(line).difference(table):
            try:
                table[char] = char.encode(codec)
            except UnicodeEncodeError:
                table[char] = b""
        return list(map(table.__getitem__, line))


class _Worth:
    """Which spans of a line _plausibility_gain could accept, so that the
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


def _utf8_spans(line: str, codec: str, worth: _Worth | None = None):
    """Spans of ``line`` whose bytes in ``codec`` are exactly some UTF-8 text
    (with ``worth``, only those it accepts)."""
    encoded = _encode_each(line, codec)
    for first, last in _segments(encoded) if worth is None else worth.segments(encoded):
        pieces = encoded[first:last]
        data = b"".join(pieces)
        if data.isascii():
            continue  # every UTF-8 run in it is ASCII, which is never a span
        offsets = [0, *accumulate(map(len, pieces))]
        for run in _UTF8_RUN.finditer(data):
            span = _aligned_span(line, data, run, offsets, first)
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


def _aligned_span(line: str, data: bytes, run, offsets: list[int], first: int) -> tuple[int, int] | None:
    """The widest part of a UTF-8 run that starts and ends on character
    boundaries of both readings, without ASCII at its edges.

    ``offsets`` are the byte offsets of the characters ``line[first:]`` in
    ``data`` (and of its end); a boundary inside the run counts where a
    UTF-8 character starts (not at a continuation byte), and the run's end
    counts when it is a character boundary."""
    run_start, run_end = run.span()
    if data[run_start:run_end].isascii():
        return None
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


_WIDE_CHAR = lazy_compile(f"[{_HAN}\u3040-\u30ff\uac00-\ud7a3]")
_WIDE_RUN = lazy_compile(f"[{_HAN}\u3000-\u30ff\uff01-\uff5e]{{2,}}")


# ---------------------------------------------------------------------------
# M003: GBK text decoded one byte off
# ---------------------------------------------------------------------------
#
# GBK text whose byte stream slipped by one byte: each character shown is the
# trail byte of one character and the lead byte of the next, until an ASCII
# byte (GBK trail bytes 0x40-0x7E *are* ASCII) brings the stream back in step.
# The character shown at position k and the one realigned from it depend only
# on k and k + 1, so one walk back from where the span ends scores every
# possible start at once.

_ANNOTATION_BEFORE = lazy_compile(f"\\?([{_PINYIN_LETTERS}]{{1,8}})\\)$")
_LOST_AROUND_ANNOTATION = lazy_compile(f"(?<=[{_HAN}])\\?([{_PINYIN_LETTERS}]{{1,8}})\\)\\?")
_ANNOTATION_AFTER = lazy_compile(f"\\?[{_PINYIN_LETTERS}]{{1,8}}\\)")
_TAG_AFTER = lazy_compile(r"/[A-Za-z][\w-]*>")
#: A misaligned span is reported when its realigned characters gain this much
#: (log10 frequency, in total and per character) and read at least this well.
_MIN_TOTAL_GAIN = 3.0
_MIN_CHAR_GAIN = 1.0
_MIN_REALIGNED = -4.5
_RARE = -5.5
_LONGEST_SPAN = 80


@lru_cache(maxsize=65536)
def _gbk_pair(char: str) -> bytes | None:
    try:
        encoded = char.encode("gbk")
    except UnicodeEncodeError:
        return None
    return encoded if len(encoded) == 2 else None


@lru_cache(maxsize=65536)
def _gbk_char(lead: int, trail: int) -> str | None:
    try:
        char = bytes((lead, trail)).decode("gbk")
    except UnicodeDecodeError:
        return None
    return None if len(char) != 1 or "\ue000" <= char <= "\uf8ff" else char


@lru_cache(maxsize=1024)
def _likeliest(lead: int | None, trail: int | None, traditional: bool) -> str | None:
    """The most frequent GBK character with the given lead or trail byte."""
    char = _likeliest_table().get(_likeliest_key(lead, trail, traditional))
    if char is None:  # a byte outside the table
        return _most_frequent_gbk(lead, trail, traditional)
    return char or None


def _likeliest_key(lead: int | None, trail: int | None, traditional: bool) -> str:
    return f"{lead}:{trail}:{int(traditional)}"


#: Bump when what _derive_likeliest_table computes changes.
_LIKELIEST_FORMAT = 1


@lru_cache(maxsize=1)
def _likeliest_table() -> dict[str, str]:
    """:func:`_most_frequent_gbk` for every byte either side, and both scripts
    ("" for none): each takes a walk over a GBK row or column, a tenth of a
    second for the table, so it is kept on disk (textlint.datacache)."""
    return datacache.load_or_derive(
        datacache.derived_path("gbk-likeliest", _LIKELIEST_FORMAT, ("wordfreq", "opencc")), "likeliest",
        _LIKELIEST_FORMAT, lambda key, char: type(char) is str and len(char) <= 1, _derive_likeliest_table,
    )


def _derive_likeliest_table() -> dict[str, str]:
    table = {}
    for traditional in (False, True):
        for byte in range(0x40, 0xFF):
            for lead, trail in ((byte, None), (None, byte)):
                table[_likeliest_key(lead, trail, traditional)] = _most_frequent_gbk(lead, trail, traditional) or ""
    return table


def _most_frequent_gbk(lead: int | None, trail: int | None, traditional: bool) -> str | None:
    model = char_model()
    pairs = [(x, trail) for x in range(0x81, 0xFF)] if lead is None else [(lead, y) for y in range(0x40, 0xFF)]
    best, best_score = None, -99.0
    for pair in pairs:
        char = _gbk_char(*pair)
        if char is None or not (_HAN_CHAR.match(char) or char in CJK_PUNCTUATION):
            continue  # GBK misalignment is Chinese text: no kana, no symbols
        if not traditional and model.simplified_char(char) != char:
            continue
        if model.logp(char) > best_score:
            best, best_score = char, model.logp(char)
    return best


#: Where a misaligned span can end (what _ends_misaligned_span asks of the
#: character there), so that the line is not walked character by character.
_SPAN_END = lazy_compile("[\x40-\x7e](?![A-Za-z0-9])|[?\ufffd]")


def _misaligned(context: _DocContext, line: str, base: int, found: list[Damage]) -> list[Damage]:
    result: list[Damage] = []
    for match in _SPAN_END.finditer(line, 1):
        end = match.start()
        if not _ends_misaligned_span(line, end):
            continue
        damage = _misaligned_span(context, line, base, end)
        if damage and not _overlaps(found + result, damage.start, damage.end):
            result.append(damage)
    for match in _LOST_AROUND_ANNOTATION.finditer(line):
        if not _overlaps(found + result, base + match.start(), base + match.end()):
            context.pending.append((base + match.start(), base + match.end(), match.group(1), line[match.end():]))
    return result


def _ends_misaligned_span(line: str, end: int) -> bool:
    char = line[end]
    if _gbk_pair(line[end - 1]) is None:
        return False
    if char == "?" and _ANNOTATION_AFTER.match(line, end):
        return False  # the "?" of ?yàn): a lost lead byte, not the end of a span
    if char in "\ufffd?":
        return True
    following = line[end + 1] if end + 1 < len(line) else " "
    return "\x40" <= char <= "\x7e" and not (following.isascii() and following.isalnum())


def _shown_score(line: str):
    """How plausible a shown character is in this line.  GBK misalignment
    happens to Chinese text, where kana, Cyrillic, Greek and box drawing
    (GBK's symbol rows) are garbage; in a Japanese line kana are text."""
    model = char_model()
    japanese = _KANA.search(line) is not None

    def shown(char: str) -> float:
        if _HAN_CHAR.match(char) or japanese:
            return model.logp(char)
        return UNKNOWN

    return shown


_KANA = lazy_compile("[\u3040-\u30ff]{2}")


def _walk_back(line: str, end: int) -> tuple[list[str], list[float], bool]:
    """Realigned characters and their gains, from the span's end backwards."""
    model = char_model()
    shown = _shown_score(line)
    terminator = line[end]
    certain_end = terminator not in "\ufffd?"
    realigned, gains = [], []
    if certain_end:
        last = _gbk_char(_gbk_pair(line[end - 1])[1], ord(terminator))
        if last is None:
            return [], [], True
        realigned.append(last)
        gains.append(model.logp(last) - shown(line[end - 1]))
    index = end - 2 if certain_end else end - 2
    while index >= 0 and len(realigned) < _LONGEST_SPAN:
        pair, next_pair = _gbk_pair(line[index]), _gbk_pair(line[index + 1])
        char = _gbk_char(pair[1], next_pair[0]) if pair and next_pair else None
        if char is None:
            break
        realigned.append(char)
        gains.append(model.logp(char) - shown(line[index]))
        index -= 1
    return realigned, gains, certain_end


def _misaligned_span(context: _DocContext, line: str, base: int, end: int) -> Damage | None:
    model = char_model()
    shown = _shown_score(line)
    realigned, gains, certain_end = _walk_back(line, end)
    # garbled characters line[start:end]; with a lost end, the last one
    # (line[end-1]) realigns only to a guess and is scored as the garbled
    # character's rarity alone.
    best_total, length, running = 0.0, 0, 0.0
    offset = 0 if certain_end else 1
    if line[end] == "\ufffd":
        # the last shown character realigns to a guess: its lead byte must at
        # least start a common character; counted at half weight
        guess = _likeliest(_gbk_pair(line[end - 1])[1], None, True)
        running = 0.5 * ((model.logp(guess) if guess else UNKNOWN) - shown(line[end - 1]))
    for count, gain in enumerate(gains, 1):
        running += gain
        if running > best_total:
            best_total, length = running, count
    garbled_count = length + offset
    annotation = _ANNOTATION_BEFORE.search(line[:end - garbled_count])
    annotated = annotation is not None
    if not certain_end and garbled_count == 1:
        # one rare character before U+FFFD: misaligned, unless it is the
        # head of a UTF-8 character read as GBK (鈥?), which M004 explains
        lone = line[end] == "\ufffd" and shown(line[end - 1]) <= _RARE and line[end - 1] not in _truncated_heads()
        if not (lone or annotated):
            return None
    elif length == 0 or not _convincing(realigned[:length], best_total, line[end] == "\ufffd" or annotated):
        return None
    start = end - garbled_count
    if start < 0 or not _in_chinese(line, annotation.start() if annotated else start, end):
        return None
    return _misaligned_damage(context, line, base, start, end, realigned[:length][::-1], certain_end)


def _in_chinese(line: str, start: int, end: int) -> bool:
    """GBK misalignment garbles Chinese text: a Chinese character or mark
    must stand right before the span or right after its end."""
    around = line[start - 1:start] + line[end + 1:end + 2]
    return any(_HAN_CHAR.match(c) or c in CJK_PUNCTUATION for c in around)


def _convincing(realigned: list[str], total: float, damaged: bool) -> bool:
    """Whether the realigned characters read far better than the shown ones.
    A span that ends in U+FFFD (or follows ?yàn)) is damaged already, so less
    is asked; an ASCII "?" after Chinese is as often a plain question mark."""
    model = char_model()
    plausible = sum(model.logp(c) for c in realigned) / len(realigned)
    needed = _MIN_CHAR_GAIN if damaged else _MIN_TOTAL_GAIN
    return total >= needed and total / len(realigned) >= _MIN_CHAR_GAIN and plausible >= _MIN_REALIGNED


def _misaligned_damage(context, line, base, start, end, middle, certain_end) -> Damage:
    traditional = context.traditional
    first = _likeliest(None, _gbk_pair(line[start])[0], traditional) or "?"
    repair = first + "".join(middle)
    span_end = end + 1
    if not certain_end:
        last = _likeliest(_gbk_pair(line[end - 1])[1], None, traditional) or ""
        swallowed = _swallowed(line[end + 1:]) if line[end] == "?" else ""
        repair += last + swallowed
        if swallowed == "<":
            # take the rest of the tag along, so that the repair leaves one
            # whole tag (</span>) and no rule sees a broken one (/span>)
            tag = _TAG_AFTER.match(line, end + 1)
            repair += tag.group()
            span_end = tag.end()
    annotation = _ANNOTATION_BEFORE.search(line[:start])
    if annotation:
        start = annotation.start()
        repair = first + "(" + annotation.group(1) + ")" + repair[1:]
        context.annotations.setdefault(annotation.group(1), first)
    garbled = line[start:span_end]
    return Damage(
        "M003", base + start, base + span_end,
        f"GBK text decoded one byte off: {_quote(garbled)} realigned reads {_quote(repair)}",
        repair, "unsafe",
        f"Realign the bytes; the lost byte is guessed by character frequency ({_quote(first)})",
    )


def _swallowed(following: str) -> str:
    """The ASCII byte a lone GBK byte swallowed when it was shown as "?"."""
    if _TAG_AFTER.match(following):
        return "<"
    if following[:1].isascii() and following[:1].isalnum():
        return " "
    return ""


def _resolve_annotated(context: _DocContext) -> list[Damage]:
    """``因?yàn)?h5``: both bytes of a character were lost around its annotation;
    the same annotation elsewhere in the document says which character it was."""
    result = []
    for start, end, annotation, following in context.pending:
        char = context.annotations.get(annotation)
        garbled = context.doc.text[start:end]
        if char is None:
            result.append(Damage("M003", start, end, f"A double-byte character was lost around {_quote(garbled)}"))
            continue
        repair = f"{char}({annotation})" + _swallowed(following)
        result.append(
            Damage(
                "M003", start, end,
                f"GBK text decoded one byte off: {_quote(garbled)} realigned reads {_quote(repair)}",
                repair, "unsafe",
                f"Restore {_quote(char)}, the character this annotation follows elsewhere in the document",
            )
        )
    return result


# ---------------------------------------------------------------------------
# M004: characters already lost
# ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _truncated_heads() -> frozenset[str]:
    """Rare GBK characters made of a UTF-8 lead byte (E1-EF) and one
    continuation byte: the first two bytes of a three-byte character.
    ED A0-ED BF are left out: what follows them is a surrogate, never a
    character (and _truncated_guess would have no candidate to name)."""
    heads = set()
    for lead in range(0xE1, 0xF0):
        for trail in range(0x80, 0xA0 if lead == 0xED else 0xC0):
            char = _gbk_char(lead, trail)
            if char and char not in common_characters():
                heads.add(char)
    return frozenset(heads)


@lru_cache(maxsize=1)
def _lost_pattern() -> re.Pattern:
    # a truncated head, then "?" or U+FFFD: the third byte was lost with what followed
    twins = [f"(?:{re.escape(mark)})+" for _, mark in _SINGLE_BYTE_REPLACEMENTS]
    twins += [
        f"(?:{re.escape(mark)})+" + (f"{re.escape(lead)}?" if lead else "") for _, mark, lead in _DOUBLE_BYTE_REPLACEMENTS
    ]
    return re.compile(
        f"(?P<tail>{char_class(_truncated_heads())})[?\ufffd]|(?P<kaoshi>(?:锟斤拷)+锟?)"
        f"|(?P<twin>{'|'.join(twins)})"
        "|(?P<stack>烫{3,})|(?P<heap>屯{3,})|(?P<replacement>\ufffd+)"
    )


def _lost_characters(context: _DocContext, line: str, base: int, found: list[Damage]) -> list[Damage]:
    result = []
    for match in _lost_pattern().finditer(line):
        start, end = base + match.start(), base + match.end()
        if _overlaps(found + result, start, end):
            continue
        if match.lastgroup == "replacement" and start in context.bad_offsets:
            continue  # bytes that are not UTF-8 in the file itself: M005 reports them
        if _discussed(line, match.start(), match.end()) or _named_in_chinese(line, match):
            continue
        result.append(Damage("M004", start, end, _lost_message(match, start == 0)))
    return _one_per_run(result, line, base)


#: Marks of loss this close, with only CJK letters between (no space, no
#: punctuation), are one damaged run (锟斤拷驭锟斤拷频锟斤拷锟斤拷: the odd
#: character between survived).  In Latin text each mark is a letter of its
#: own (a �t� enregistr�e).
_RUN_GAP = 2


def _one_per_run(damages: list[Damage], line: str, base: int) -> list[Damage]:
    def same_run(previous: Damage, damage: Damage) -> bool:
        gap = line[previous.end - base:damage.start - base]
        return len(gap) <= _RUN_GAP and gap.isalpha() and min(gap) >= "\u2e80"

    def join(previous: Damage, damage: Damage) -> Damage:
        shown = line[previous.start - base:damage.end - base]
        message = (
            f"{_quote(shown)}: marks of characters already lost (U+FFFD, or U+FFFD read back with "
            "another code page, such as 锟斤拷), with what survived between them; what they replaced is gone"
        )
        return Damage("M004", previous.start, damage.end, message)

    return _joined_runs(damages, same_run, join)


def _named_in_chinese(line: str, match) -> bool:
    """锟斤拷 set off by spaces between Chinese words is the symptom's name
    (就单单的 锟斤拷 而已), not loss: damage is never spaced out like a word."""
    if match.lastgroup not in ("kaoshi", "twin"):
        return False
    start, end = match.start(), match.end()
    before, after = line[max(0, start - 2):start], line[end:end + 2]
    return (
        len(before) == 2 and len(after) == 2 and before[1] == " " and after[0] == " "
        and bool(_HAN_CHAR.match(before[0])) and bool(_HAN_CHAR.match(after[1]))
    )


#: Words of a text that shows a mark of loss on purpose: docs about decoding
#: print U+FFFD beside its name, articles about mojibake quote 锟斤拷.
_ABOUT_LOSS = lazy_compile(
    r"U\+FFFD|\\u\{?fffd|&#x?fffd;?|replacement char|mojibake|garbled|乱码|亂碼|文字化け|替换字符|替換字元",
    re.IGNORECASE,
)
_DISCUSSION_REACH = 80
_QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』", '"': '"', "'": "'", "`": "`"}


def _discussed(line: str, start: int, end: int) -> bool:
    """Whether the mark at ``line[start:end]`` is quoted, or named on its
    line: shown on purpose, not lost (the Node.js docs' "the replacement
    character `U+FFFD` � will be used")."""
    opening = line[start - 1:start] if start else ""
    if opening in _QUOTE_PAIRS and line[end:end + 1] == _QUOTE_PAIRS[opening]:
        return True
    window = line[max(0, start - _DISCUSSION_REACH):start] + "\n" + line[end:end + _DISCUSSION_REACH]
    return _ABOUT_LOSS.search(window) is not None


def _lost_message(match, at_file_start: bool) -> str:
    shown = match.group()
    kind = match.lastgroup
    if kind == "replacement":
        count = len(shown)
        return f"{count} lost character{'s' if count > 1 else ''}: U+FFFD stands where bytes could not be decoded"
    if kind == "kaoshi":
        return f"{_quote(shown)} is U+FFFD read back as GBK: the characters it replaced are lost"
    if kind == "twin":
        name = next(
            name for name, mark, *_ in _SINGLE_BYTE_REPLACEMENTS + _DOUBLE_BYTE_REPLACEMENTS if shown.startswith(mark)
        )
        return f"{_quote(shown)} is U+FFFD (a character already lost) read back as {name}: what it replaced is gone"
    if kind in ("stack", "heap"):
        byte = "0xCC" if kind == "stack" else "0xCD"
        return f"{_quote(shown)} is uninitialised {kind} memory ({byte} bytes) shown as GBK: no text was ever there"
    return f"{_quote(shown)}: UTF-8 read as GBK lost the last byte of a character; it was {_truncated_guess(shown[0], at_file_start)}"


def _truncated_guess(char: str, at_file_start: bool) -> str:
    """What a UTF-8 character whose first two bytes read as ``char`` was."""
    prefix = char.encode("gbk")
    block = []
    for last in range(0x80, 0xC0):
        try:
            block.append((prefix + bytes((last,))).decode("utf-8"))
        except UnicodeDecodeError:
            continue
    first, final = f"U+{ord(block[0]):04X}", f"U+{ord(block[-1]):04X}"
    if at_file_start and "\ufeff" in block:
        return "a UTF-8 byte order mark (U+FEFF)"
    marks = [c for c in "“”‘’–—…•" + CJK_PUNCTUATION if c in block]
    if not marks:
        model = char_model()
        marks = sorted(block, key=model.logp, reverse=True)[:4]
    return f"one of {first}..{final}, most likely {' '.join(marks[:6])}"


# Letters a legacy encoder could not hold, written as "?" (informa??o, M?nchen)

#: Runs of "?", found at C speed (a literal first); the letters around are looked at after.
_QUESTION_MARKS = lazy_compile("\\?\\?*(?=[A-Za-z\u00c0-\u024f-])")  # "\\?+" would not start from the literal
_LATIN_LETTER = lazy_compile("[A-Za-z\u00c0-\u024f]")
#: A word made of Latin letters with "?" inside (apostrophes and hyphens allowed).
_DAMAGED_WORD = lazy_compile("[A-Za-z\u00c0-\u024f'’-]*[A-Za-z\u00c0-\u024f]\\?+[A-Za-z\u00c0-\u024f?'’-]*")
_NAMELESS = lazy_compile("\\?{2,}-[0-9A-Za-z][\\w-]*")
_WORD_EDGE = "\"'“‘«(¿¡[*_"
_WORD_END = ".,;:!?\"'”’»)]…*_"
#: The languages whose words are asked about, and the letters each writes
#: beyond ASCII (what a "?" in its words most likely stood for).
_LOST_LETTER_LANGUAGES = (
    ("pt", "áàâãçéêíóôõú"), ("es", "áéíóúñü"), ("fr", "àâæçéèêëîïôœùûüÿ"), ("de", "äöüß"),
    ("it", "àèéìíîòóùú"), ("en", "'é"), ("vi", "àáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"),
    ("tr", "çğıöşüâî"), ("pl", "ąćęłńóśźż"), ("cs", "áčďéěíňóřšťúůýž"), ("nl", "áéëïóöü'"),
    ("ca", "àçéèíïòóúü"), ("ro", "ăâîșțşţ"), ("hu", "áéíóöőúüű"), ("sv", "åäöé"),
)


def _lost_letters(doc) -> list[Damage]:
    """Words whose non-ASCII letters became "?" (M004): ``informa??o``, ``M?nchen``, ``???-5``.

    A "?" is punctuation far more often than a lost letter (``what?``,
    ``?q=1``, ``a ?? b``, ``a?.b``, ``.*?``), so a word counts only when it
    is made of letters with the "?" between two of them (no ``/ = . :``,
    nothing of a URL or of code), in prose, the letter after it lowercase
    (or the whole word in capitals); and then only when its line holds two
    such words, or one of the languages that write accents knows the word
    with a letter of its own in place of each "?"."""
    text = doc.text
    by_line: dict[int, list[tuple[int, int, str | None]]] = {}
    seen = set()
    for match in _QUESTION_MARKS.finditer(text):
        start, end = match.span()
        inside = start > 0 and _LATIN_LETTER.match(text, start - 1) and _LATIN_LETTER.match(text, end)
        nameless = end - start >= 2 and text.startswith("-", end) and (start == 0 or text[start - 1].isspace())
        if not (inside or nameless):
            continue
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        if start in seen:
            continue
        seen.add(start)
        word = _damaged_word(text, start, end)
        if word is None or not doc.is_prose(word[0], word[1]):
            continue
        by_line.setdefault(doc.line_index(word[0]), []).append(word)
    found = []
    for words in by_line.values():
        for start, end, kind in words:
            shown = text[start:end]
            if kind == "nameless":
                found.append(Damage("M004", start, end, f"{_quote(shown)}: every letter of the name was lost as “?”"))
                continue
            reading = _known_reading(shown)
            if reading is None and len(words) < 2:
                continue
            guess = f"; it was most likely {_quote(reading)}" if reading else ""
            found.append(
                Damage(
                    "M004", start, end,
                    f"{_quote(shown)}: “?” stands for letters a legacy encoding could not hold, lost{guess}",
                )
            )
    found += [d for d in _lost_final_letters(doc, seen) if not _overlaps(found, d.start, d.end)]
    if "???" in text:
        found += [d for d in _lost_words(doc) if not _overlaps(found, d.start, d.end)]
    return found


#: A "?" ending a word, with the sentence going on in lower case after it
#: (você became "voc? pode"): a question mark would end the sentence.
_FINAL_QUESTION = lazy_compile("\\?(?= [a-z\u00e0-\u00ff])")  # a literal first: the scan skips ahead in C


def _lost_final_letters(doc, seen: set[int]) -> list[Damage]:
    """Words whose last letter was lost as "?" (``voc? pode``, ``est? bem``):
    only when a language that writes accents knows the word with one of its
    letters in place of the "?", and does not know it without (so ``what?
    no`` stays punctuation)."""
    text = doc.text
    found = []
    if "? " not in text:
        return found
    for match in _FINAL_QUESTION.finditer(text):
        mark = match.start()
        if not (mark and _LATIN_LETTER.match(text, mark - 1)):
            continue
        start = mark
        while start > 0 and _LATIN_LETTER.match(text, start - 1):
            start -= 1
        if mark - start < 2 or start in seen or (start > 0 and not text[start - 1].isspace() and text[start - 1] not in _WORD_EDGE):
            continue
        word = text[start:mark + 1]
        reading = _final_reading(word)
        if reading is None or not doc.is_prose(start, mark + 1):
            continue
        found.append(Damage(
            "M004", start, mark + 1,
            f"{_quote(word)}: “?” stands for a letter a legacy encoding could not hold, lost; "
            f"it was most likely {_quote(reading)}",
        ))
    return found


#: How much more frequent the word with its letter must be than the word
#: without it ("você" against "voc", which wordfreq lists from damaged pages).
_FINAL_READING_RATIO = 30


def _final_reading(word: str) -> str | None:
    stem = word[:-1].lower()
    for lang, letters in _LOST_LETTER_LANGUAGES:
        words = _frequency_words(lang)
        bare = words.get(stem, 0.0)
        for letter in letters:
            reading = words.get(stem + letter, 0.0) if letter != "'" else 0.0
            if reading and reading >= _FINAL_READING_RATIO * bare:
                return _same_case(word, stem + letter)
    return None


#: A word that is only "?" (two or more), standing alone: ``????? ??????``.
_QUESTION_WORD = lazy_compile("(?<!\\S)\\?{2,}(?=[\\s.,;:!)»”]|$)")
#: How many such words a line needs, and what share of its words they must be.
_LOST_WORDS_MIN = 4
_LOST_WORDS_SHARE = 0.5


def _lost_words(doc) -> list[Damage]:
    """Lines whose every letter a legacy encoder could not hold (Russian,
    Greek, Chinese text written as Latin-1): ``???? ????? ?? ???????.``
    Four words of "?" at least, half the words of the line or more, in
    prose: "???" alone is a reader's puzzlement, a line of them is not."""
    text = doc.text
    by_line: dict[int, list[tuple[int, int]]] = {}
    for match in _QUESTION_WORD.finditer(text):
        by_line.setdefault(doc.line_index(match.start()), []).append(match.span())
    found = []
    for index, spans in by_line.items():
        if len(spans) < _LOST_WORDS_MIN:
            continue
        line_start, line_end = doc.line_span(index)
        words = text[line_start:line_end].split()
        if len(spans) < _LOST_WORDS_SHARE * len(words):
            continue
        start, end = spans[0][0], spans[-1][1]
        if not doc.is_prose(start, end):
            continue
        found.append(
            Damage(
                "M004", start, end,
                f"{len(spans)} words written wholly as “?”: a legacy encoding could not hold their letters, lost",
            )
            )
    return found


def _damaged_word(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """The damaged word in the token ``text[start:end]``, or None when the token is not one."""
    token = text[start:end]
    nameless = _NAMELESS.fullmatch(token.rstrip(_WORD_END))
    if nameless:
        return start, start + nameless.end(), "nameless"
    core = token.lstrip(_WORD_EDGE)
    start += len(token) - len(core)
    core = core.rstrip(_WORD_END)
    if not _DAMAGED_WORD.fullmatch(core) or core.endswith("?"):
        return None
    letters = [c for c in core if c.isalpha()]
    if len(letters) < 2:
        return None
    capitals = all(c.isupper() for c in letters) and len(letters) >= 3
    for index, char in enumerate(core):
        if char == "?" and index + 1 < len(core) and core[index + 1] != "?":
            after = core[index + 1]
            if after.isalpha() and not (after.islower() or capitals):
                return None  # done?No: a question without its space
    return start, start + len(core), "word"


def _known_reading(word: str) -> str | None:
    """``word`` with each "?" a letter of one language, when that language knows the result."""
    holes = word.count("?")
    lower = word.lower().replace("’", "'")
    for lang, letters in _LOST_LETTER_LANGUAGES:
        if len(letters) ** holes > 5000:
            continue
        words = _frequency_words(lang)
        for reading in _fillings(lower, letters):
            if reading in words:
                return _same_case(word, reading)
    return None


def _fillings(word: str, letters: str):
    index = word.find("?")
    if index < 0:
        yield word
        return
    for letter in letters:
        yield from _fillings(word[:index] + letter + word[index + 1:], letters)


def _same_case(shown: str, reading: str) -> str:
    return "".join(r.upper() if s.isupper() else r for s, r in zip(shown, reading))


@lru_cache(maxsize=None)
def _frequency_words(lang: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict  # only once a damaged-looking word needs a dictionary

    try:
        # the "small" lists (words from about one in a million up): a hundredth
        # of a second each, where the full ones take a tenth or more
        return get_frequency_dict(lang, wordlist="small")
    except Exception:  # a language this wordfreq does not hold
        return {}


# ---------------------------------------------------------------------------
# M005: a file that is not UTF-8
# ---------------------------------------------------------------------------

_ENCODING_NAMES = {
    "utf-16-le": "UTF-16 (little-endian)", "utf-16-be": "UTF-16 (big-endian)", "utf-16": "UTF-16",
    "utf-32-le": "UTF-32 (little-endian)", "utf-32-be": "UTF-32 (big-endian)", "utf-32": "UTF-32",
    "gb18030": "GB18030", "gbk": "GBK", "gb2312": "GB2312", "big5": "Big5", "cp950": "Big5 (CP950)",
    "shift_jis": "Shift-JIS", "cp932": "Shift-JIS (CP932)", "euc_jp": "EUC-JP", "euc_kr": "EUC-KR",
    "cp949": "EUC-KR (CP949)", "cp1251": "Windows-1251", "cp1252": "Windows-1252", "latin_1": "Latin-1",
    "iso8859-1": "Latin-1", "koi8-r": "KOI8-R", "mac-roman": "Mac OS Roman", "iso2022_jp": "ISO-2022-JP",
    "cp1250": "Windows-1250", "cp1253": "Windows-1253", "cp1254": "Windows-1254", "cp1255": "Windows-1255",
    "cp1256": "Windows-1256", "cp1257": "Windows-1257", "cp1258": "Windows-1258", "cp874": "Windows-874 (Thai)",
    "koi8-u": "KOI8-U", "iso8859-15": "ISO-8859-15", "iso8859-2": "ISO-8859-2", "iso8859-5": "ISO-8859-5",
    "iso8859-7": "ISO-8859-7", "iso8859-9": "ISO-8859-9", "iso8859-13": "ISO-8859-13",
}


def encoding_name(encoding: str) -> str:
    key = encoding.lower().replace("_", "-")
    for name in (encoding.lower(), key, key.replace("-", "_")):
        if name in _ENCODING_NAMES:
            return _ENCODING_NAMES[name]
    return encoding.upper()


def _legacy_encoding(doc) -> list[Finding]:
    decoded = doc.decoded
    if decoded.bad_offsets:
        return _invalid_bytes(doc, decoded.bad_offsets)
    if decoded.encoding.lower().replace("_", "-") in ("utf-8", "utf8", "ascii"):
        return []
    first_line_end = doc.text.find("\n")
    end = len(doc.text) if first_line_end < 0 else first_line_end
    name = encoding_name(decoded.encoding)
    if decoded.verdict is not None:  # a legacy code page: the evidence speaks
        from textlint_rules.legacy_encoding import describe

        message, applicability = describe(decoded.verdict, encoding_name)
        if applicability == "safe" and not decoded.certain:
            applicability = "unsafe"  # the bytes do not re-encode exactly
    elif decoded.certain:  # a byte order mark, or the one wide reading that is text
        message, applicability = f"File is encoded as {name}, not UTF-8", "safe"
    else:
        message, applicability = (
            f"File is not UTF-8; it reads best as {name}, but other readings are text too, "
            "so it is not transcoded"
        ), None
    declared = _declared_charset(doc)
    if declared is not None and applicability is not None:
        # transcoding alone would leave the page telling browsers to read UTF-8 as the old code page
        message += f"; the page declares charset={declared}, so it is not transcoded: change both together"
        applicability = None
    fix = None
    if applicability is not None:
        fix = Fix([], applicability, f"Store the file as UTF-8 (from {name})", encoding="utf-8")
    return [Finding(0, end, message, fix=fix, code="M005")]


_CHARSET_DECLARATION = re.compile(r"""<meta\b[^<>]*?\bcharset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


def _declared_charset(doc) -> str | None:
    """The legacy charset an HTML page's <meta> names, where HTML is the format's markup."""
    if not doc.html_is_markup:
        return None
    declaration = _CHARSET_DECLARATION.search(doc.text, 0, 4096)
    if declaration is None or declaration.group(1).lower().replace("_", "-") in ("utf-8", "utf8"):
        return None
    return declaration.group(1)


def _invalid_bytes(doc, offsets) -> list[Finding]:
    findings = []
    run_start = previous = None
    for offset in list(offsets) + [None]:
        if offset is not None and previous is not None and offset == previous + 1:
            previous = offset
            continue
        if run_start is not None:
            count = previous - run_start + 1
            findings.append(
                Finding(
                    run_start, previous + 1,
                    f"{count} byte{'s' if count > 1 else ''} not valid UTF-8 in a UTF-8 file "
                    "(shown as U+FFFD); the file is never rewritten, so mend it by hand",
                    code="M005",
                )
            )
        run_start = previous = offset
    return findings


# ---------------------------------------------------------------------------
# The rules
# ---------------------------------------------------------------------------


class _MojibakeRule(textlint.Rule):
    family = "M"
    #: the text itself is damaged or lost (M005 overrides: its text is intact)
    severity = "error"
    #: M001 and M002 re-decode their span whole, so what lies inside it (a C1
    #: control, a stray "Mac OS Roman" guess) is part of that one defect.
    #: M003's span is a guess, M004 marks loss without repairing, and M005 is
    #: about the whole file: they cover nothing.
    covers_span = True

    def check(self, doc):
        return analyze(doc).get(self.code, [])


class Mojibake(_MojibakeRule):
    """UTF-8 text decoded with a single-byte code page.

    ## What it does
    Finds text whose UTF-8 bytes were read as Windows-1252, Latin-1,
    Windows-1251, ISO-8859-2, Windows-1250, -1253, -1254, -1257, -1258,
    KOI8-R, Mac OS Roman or code page 437, and says which: `cafÃ©`, `donâ€™t`,
    `Ð¿Ñ€Ð¸Ð²ÐµÑ‚` (all Windows-1252), `РїСЂРёРІРµС‚` (Windows-1251),
    `ä¸­æ–‡` (Chinese through Windows-1252), `ğŸš€` (🚀 through
    Windows-1254, which Windows-1252 cannot show), and UTF-8 through DOS
    code page 866 as a Windows console shows it (`╨Я╤А╨╕╨▓╨╡╤В` is
    `Привет`, `рдЕрдкрдирд╛` is `अपना`; a word counts only when all of it
    decodes strictly into letters of one script).  Mojibake that no single
    re-decoding reads back (a page dropped the bytes Windows-1252 has no
    character for: `ÐÐ¾Ð±ÑÑÐ¹` of `Добрый`; or text garbled twice) is
    reported without a fix.  Each garbled span is one
    finding, however long the line: ASCII between garbled words belongs to
    the span, and so do the C1 control characters Latin-1 shows for some
    bytes (`â€\x9d`).  Also `Ã ` where a scraper turned the no-break space
    byte of `à` (C3 A0) into a plain space: `VÃ ng` (Vàng), `voilÃ  le`,
    `Ã  la carte`; and a few garbled words ftfy finds too short to judge
    (`zwiÄ…zku`, `polovinÄ›`), when each garbled pair sits inside a
    lowercase word and decodes to a letter.  U+FFFD shown through a code
    page (`ï¿½`, `пїЅ`) is M004's, and so is a span inside Shift-JIS or GBK
    mojibake M002's.
    Also legacy single-byte text read with another code page (module
    crosscode): `Ââåäèòå` is `Введите` (Windows-1251 read as Windows-1252),
    likewise KOI8-R, and Windows-1250 (`Pøíliš` is `Příliš`).

    ## Why is this bad?
    Every accented letter, curly quote and non-Latin word is unreadable, and
    search, spell checking and sorting all fail on it.

    ## Example
    ```
    Le dÃ©veloppement du logiciel a commencÃ© l'Ã©tÃ© dernier.
    ```

    ## Use instead
    ```
    Le développement du logiciel a commencé l'été dernier.
    ```

    ## How it decides
    A compiled pattern finds UTF-8 byte sequences as a code page shows them;
    only those spans go to ftfy's encoding repair (never its other fixes:
    no NFKC, no uncurled quotes, so clean CJK punctuation is never touched).
    When ftfy re-encodes the whole span through one code page, the span is
    cut from the bytes themselves, character by character (a diff would
    align Cyrillic with Cyrillic and split a long line).  When clean text
    and mojibake share a line (a heading, then a garbled sentence) and ftfy
    will not re-encode the whole, each run whose bytes are UTF-8 in one code
    page (two garbled characters or more) is repaired on its own; the runs
    of Windows-1258 and KOI8-R, which ftfy does not know, are decoded here
    when every letter out of them belongs to the script the code page
    serves (`Ä‘Ă¢y` is `đây`, `п╤п╦п╡` is `жив`).  `Ã ` counts as `à`
    only where the word says so: after a lowercase letter (`voilÃ`), after
    one capital when the word goes on in lowercase (`VÃ ng`, unless the line
    holds letters no code page shows, as Vietnamese capitals `BÃ` do), or
    alone before two spaces (`Ã  la`); never in capitals (`IRMÃ E`,
    `CAPITÃ do`).  Repairs that would leave a word half Latin, half Cyrillic
    (`HVAÐ“`), or a capital before its closing quote (`MAÇÔ`), are no
    mojibake.

    ## Fix safety
    Safe when the repaired span, encoded as UTF-8 and decoded with the code
    page, gives back exactly the garbled span (for `Ã `, once the no-break
    space is put back, and only when the repair holds no control
    character); otherwise reported only.  A
    legacy code page read as another is repaired only when the round trip
    is exact and the words decoded are dictionary words; unsafe when that
    evidence is thin (few words, or few of them known).  Unsafe too when
    the repair touches damage it cannot mend, or its line still looks like
    mojibake once repaired (ftfy's own test): bytes were lost or two code
    pages were mixed, and an exact round trip may still be the wrong
    character (`å®æ` read back as `宿` where `守` lost a byte).
    """

    code = "M001"
    name = "mojibake"
    summary = "UTF-8 decoded with a single-byte code page"
    fix_policy = textlint.FixPolicy.sometimes(textlint.Applicability.SAFE, textlint.Applicability.UNSAFE)


class CjkMojibake(_MojibakeRule):
    """UTF-8 text decoded as GBK, Big5, Shift-JIS or EUC-KR, and GBK and Big5 read as each other.

    ## What it does
    Finds spans like `鎴戜滑` (我们 read as GBK), `縺ゅ` (Japanese read as
    Shift-JIS), `險ｭ螳壹` (設定 read as Shift-JIS), `caf茅` (café read as
    GBK), and GBK bytes shown as Big5 or the reverse; glued to an English
    word too (`TypeScript縺ｨ縺ｯ` is `TypeScriptとは`).  When bytes were lost
    (the code page wrote U+FFFD for a byte it could not pair, or the text
    was cut inside a character: `鍒樺` is `刘` and the first byte of the
    next), the whole damaged run is one finding that says what it reads
    (`杩欐槸涓�涓�` reads `这是一�个�`; a `?` a legacy decoder wrote
    after a wide character counts as such a byte).  Pieces of one garbled
    run that a few unreadable characters cut apart are one finding too, and
    so are M001's.  Also Chinese,
    Japanese and Korean legacy bytes read with a Western code page (module
    crosscode): `CVS‘SŽæ“¾` is `CVS全取得` (Shift-JIS read as Windows-1252,
    or as code page 850/437 in zip tools), `¼Ò¸®¿¤` is `소리엘` (EUC-KR
    read as Latin-1), `ÖÐÎÄ` is `中文` (GBK), `Á0ë0¿0` is `チルタ`
    (UTF-16LE read as Latin-1).

    ## Why is this bad?
    It is the commonest damage in Chinese, Japanese and Korean text, and
    ftfy does not repair it.

    ## How it decides
    A span is a candidate when its bytes in the suspected encoding are
    exactly valid UTF-8 (or the other legacy encoding).  It is reported when
    the decoded text is far more plausible than the garbled text under a
    character-frequency model built from wordfreq's Chinese, Japanese and
    Korean lists (Traditional characters scored through OpenCC).  Real
    prose, rare characters, names and classical Chinese stay silent, because
    their re-decoding is never *more* plausible than they are.  A Latin
    letter out of one wide character (`caf茅`) counts only at the end of a
    word that stands alone (`API扭曲` and `Python탐구` are an English word
    inside Chinese or Korean text, not `APIŤ`).

    ## Example
    ```
    鎴戜滑鍦ㄦ枃妗ｄ腑璁板綍浜嗘瘡
    ```

    ## Use instead
    ```
    我们在文档中记录了每
    ```

    ## Fix safety
    Safe: a span is repaired only when re-encoding it gives back exactly
    the bytes that decode to the repair.  A legacy encoding read with a
    Western code page is repaired safely only when the span is long (four
    characters or more) and reads as frequent characters and words; unsafe
    when shorter or when another encoding reads it nearly as well; reported
    without a fix when a byte was lost (U+FFFD).  UTF-8 that lost bytes
    gets an unsafe fix: each lost character guessed as the most frequent
    one its remaining bytes allow (`鐨勭敤娉` reads `的用` and then one of
    U+6CC0..U+6CFF, most likely `法`); none when a character lost more than
    one byte.  A repair that touches such lossy damage, or leaves its line
    still looking like mojibake, is unsafe: the line is reported whole
    rather than left half repaired.
    """

    code = "M002"
    name = "cjk-mojibake"
    summary = "UTF-8 decoded as a double-byte encoding"
    fix_policy = textlint.FixPolicy.sometimes(textlint.Applicability.SAFE, textlint.Applicability.UNSAFE)


class MisalignedMojibake(_MojibakeRule):
    """Double-byte (GBK) text decoded one byte off.

    ## What it does
    Finds GBK text whose byte stream slipped by one byte, so each character
    shown is made of the trail byte of one character and the lead byte of the
    next (`榈讓蛹夹g` for `底層技術`), until an ASCII byte brings it back in
    step, or the span ends in U+FFFD or `?`.

    ## Why is this bad?
    The span is unreadable, and the characters at both of its ends have lost
    a byte each.

    ## How it decides
    The shown characters are re-encoded as GBK, shifted by one byte and
    decoded again; the span is reported when the realigned characters are far
    more frequent (wordfreq) than the shown ones.  The character whose lead
    byte was lost is chosen, among those with the trail byte left over, as
    the most frequent in Chinese text (Traditional ones only in Traditional
    text).

    ## Example
    ```
    探索以小程序?yàn)榈讓蛹夹g(shù)載體
    ```

    ## Use instead
    ```
    探索以小程序為(yàn)底層技術(shù)載體
    ```

    ## Fix safety
    Unsafe: the lost bytes are guessed by frequency.
    """

    code = "M003"
    name = "misaligned-mojibake"
    summary = "Double-byte text decoded one byte off"
    fix_policy = textlint.FixPolicy.sometimes(textlint.Applicability.UNSAFE)
    #: Its span is a guess at where the shifted bytes run, and may swallow
    #: the "<" of a tag that stays leaked HTML after the repair (seed line 3).
    covers_span = False


class LostCharacters(_MojibakeRule):
    """Marks of characters that were already lost.

    ## What it does
    Finds U+FFFD REPLACEMENT CHARACTER, `锟斤拷` (U+FFFD's UTF-8 bytes read
    as GBK) and its twins (`魹ｽ` Shift_JIS, `嚙踝蕭` Big5, `占쏙옙` EUC-KR,
    `鐃緒申` EUC-JP, `ï¿½` Windows-1252, `пїЅ` Windows-1251, and the other
    single-byte code pages), `烫烫烫` and `屯屯屯` (uninitialised memory
    shown as GBK), the tails of UTF-8 read as GBK whose last byte was lost
    (`鈥?` was a curly quote or dash, `锛?` full-width punctuation, `銆?` a
    CJK mark, a leading `锘?` a byte order mark), and letters a legacy
    encoder wrote as `?` in Latin-script words (`informa??o`, `gen?tica`,
    `M?nchen`, `don?t`), whole names (`???-5`) or whole lines (`????
    ????? ?? ???????`: four words of `?` or more, half the line's words).

    A `?` inside a word is punctuation far more often than a lost letter,
    so a word counts only when it is letters with the `?` between two of
    them (nothing of a URL, a path or code: no `/ = . :`; never in code or
    inline code), the letter after it lowercase (`done?No` is a question
    without its space) or the whole word in capitals; and only when its
    line holds another such word, or one of fifteen languages that write
    accents knows the word with one of its letters in place of each `?`
    (wordfreq; the message then names it: `informação`).

    ## Why is this bad?
    The text that stood there is gone; only the original source can restore it.

    ## Example
    ```
    小程序是一种不需要下载安�即可使用的应用
    ```

    ## Fix safety
    None: what was lost cannot be recovered from the text.  The message says
    what the character most likely was where that can be told.

    ## Options
    None.
    """

    code = "M004"
    name = "lost-characters"
    summary = "Characters lost in decoding"
    fix_policy = textlint.FixPolicy.never()
    covers_span = False


class LegacyEncoding(_MojibakeRule):
    """A file that is not UTF-8.

    ## What it does
    Reports a file stored as UTF-16 or UTF-32, or in a legacy code page:
    Windows-1250 to 1258, ISO-8859-x, KOI8-R, GBK/GB18030, Big5, Shift-JIS,
    EUC-JP, EUC-KR or Thai.  A file that is UTF-8 but for a few bad bytes is
    reported at those bytes.

    ## How it decides
    Every single-byte code page decodes every byte and round-trips it, so
    decoding proves nothing: each common code page's reading is weighed by
    what it reads as.  Its non-ASCII words are looked up in wordfreq's list
    for the text's language, the one whose list holds most of them (so a
    French text read as Windows-1257, `ą` for `à`, loses: `ą` is a word, but
    not a French one); a word mixing scripts, such as `cafﻠ`, or mixing
    cases is never a word; its CJK characters must be frequent ones and
    their pairs words.  Code pages that give the same text are one reading,
    and so are those that differ only in a vendor's mapping of a mark
    (Shift-JIS `〜` and CP932 `～`).  The
    message names the winner and the evidence: its non-ASCII bytes, how
    many of its words or characters read as text, and how many more known
    words it has than the closest other reading.  Exotic code pages (CP1006,
    EBCDIC, the Mac pages) are named only when no common one reads as text.

    ## Why is this bad?
    Tools that assume UTF-8 (most of them) show such a file as mojibake.

    ## Example
    A French file saved as Windows-1252: the bytes `caf\\xe9 cr\\xe8me`.

    ## Use instead
    The same text stored as UTF-8: `café crème` (bytes `caf\\xc3\\xa9 cr\\xc3\\xa8me`).

    ## Fix safety
    Safe (transcoded to UTF-8) for a byte order mark, and for a legacy code
    page only on strong evidence: at least 16 non-ASCII bytes, at least 85%
    of the non-ASCII words or characters reading as text, and at least 3
    distinct known words (two-character words in CJK) more than every
    other plausible reading, with a clear lead in its share of readable words (or 8
    known words more).  With thinner evidence the message names the
    candidates with a sample of each (`Windows-1252 (café crème) or
    Windows-1250 (café crčme)`); when nothing speaks for another reading the
    fix is unsafe, and otherwise there is none.  A file that was not decoded
    with certainty is never written, even with `--unsafe-fixes`, and a
    UTF-8 file with bad bytes is never rewritten.

    ## Options
    None.
    """

    covers_span = False  # the file as a whole: what its first line holds is not part of it
    severity = "warning"  # the text reads right once decoded; only its storage is legacy
    code = "M005"
    name = "legacy-encoding"
    summary = "File not encoded as UTF-8"
    fix_policy = textlint.FixPolicy.sometimes(textlint.Applicability.SAFE, textlint.Applicability.UNSAFE)


@textlint.hookimpl
def textlint_rules():
    return [Mojibake(), CjkMojibake(), MisalignedMojibake(), LostCharacters(), LegacyEncoding()]
