"""Family Z: damage peculiar to Chinese text (Z001-Z005).

Every rule first asks one precompiled question, whether the text holds a Han
character at all, so text in other scripts pays one scan and nothing more.
The tables come from installed packages and load on the first candidate:
pypinyin's readings (Z002) and OpenCC's conversion dictionaries (Z003).

Chinese, Japanese and Korean share the Han characters; the three differ in
punctuation conventions, so Z001 decides which language a paragraph is in by
kana and hangul in the paragraph and in the whole document, never one
character at a time.
"""
from __future__ import annotations

import bisect
import collections
import functools
import itertools
import re
import unicodedata

import textlint
from textlint import Edit, Finding, Fix, datacache
from textlint.charclass import char_class, lazy_compile
from textlint.document import HAN_RANGES

_HAN = HAN_RANGES
# Kana without U+30FB KATAKANA MIDDLE DOT, which Chinese uses in foreign names.
_KANA = "\u3040-\u309f\u30a0-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9d"
_HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
_CLOSING = "」』）》〉】〕〗〙〛"

_HAN_CHAR = lazy_compile(f"[{_HAN}]")
_KANA_CHAR = lazy_compile(f"[{_KANA}]")
_HANGUL_CHAR = lazy_compile(f"[{_HANGUL}]")
_KANA_OR_HANGUL_CHAR = lazy_compile(f"[{_KANA}{_HANGUL}]")
_BLANK_LINE = lazy_compile(r"\n[ \t\r]*\n")


def has_han(doc) -> bool:
    """The quick rejection every rule of the family starts with (one scan, shared)."""
    return doc.has_han


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


# -- Z001 ---------------------------------------------------------------------------------------

_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
# A run of ASCII marks touching Chinese on the left (a Han character, a closing
# bracket, or a ")" that may end a leaked annotation) or a Han character on the
# right.  An opening bracket on the right is not enough: in
# "Framework preset:（框架预设）" the colon belongs to the English label.
# The first mark is written once, outside the alternation: a pattern that
# opens with a character class lets the scan skip ahead to the next mark in
# C; one that opens with two branches tries both at every position, and is
# several times slower.  (The same matches: "[,:;!?]+(?=...)" is one mark
# and then "[,:;!?]*(?=...)".)
_MARK_RUN = lazy_compile(
    f"[,:;!?](?:(?<=[{_HAN}{_CLOSING})][,:;!?])[,:;!?]*|[,:;!?]*(?=[{_HAN}]))"
)
_PINYIN_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜêếềńňǹḿ\u0300\u0301\u0304\u030c\u0308"
_ANNOTATION_TAIL = lazy_compile(f"([{_HAN}])[(（][{_PINYIN_LETTERS}]{{1,7}}[1-5]?[)）]$")
# After a sentence-final "!" or "?" comes the end of the line, a space, a
# closing quote or bracket, more end punctuation, or Markdown emphasis.
_SENTENCE_END_FOLLOWERS = set(" \t\r\n\u3000\"')]*_”’" + _CLOSING)
_QUESTION_PARTICLES = set("吗呢吧么嗎麼啊呀嘛哪")
_EMOJI_SHORTCODE = lazy_compile(r":[a-z0-9_+-]+:")
_EMOJI_SHORTCODE_END = lazy_compile(r":[a-z0-9_+-]+:$")
# An inline or leaf directive of remark-directive (``:abbr[…]``, ``::video{…}``).
_DIRECTIVE = lazy_compile(r":[A-Za-z][\w-]*[\[{]")
# Marks of lost characters (M004's): U+FFFD read back as GBK (锟斤拷), memory
# never written (烫烫烫, 屯屯屯), their Shift_JIS twin (魹).  Han characters all,
# but they say nothing of the language around them.
_DAMAGE_MARK = lazy_compile("锟斤拷|錕斤拷|锟斤|斤拷|[锟錕魹]|烫烫+|燙燙+|屯屯+")
_DAMAGE_BEFORE = lazy_compile("(?:锟斤拷|錕斤拷|锟斤|锟|錕|魹|烫烫+|燙燙+|屯屯+)$")
_DAMAGE_AHEAD = lazy_compile("锟|錕|魹|烫烫|燙燙|屯屯")
_LATIN_WORD = lazy_compile("[A-Za-z\u00c0-\u024f]+")
_CONTEXT = 24  # characters either side that tell whether a mark stands in Chinese prose
_ENTITY_BEFORE = lazy_compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6})$")


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


#: A "?" between two Han characters, or two after one: where a legacy
#: decoder wrote a byte it could not read (UTF-8 read as Big5: 憭批?摰儔??math.h).
_LOST_BYTE_MARK = lazy_compile(f"(?<=[{_HAN}])\\?(?:\\?|(?=[{_HAN}]))")
#: How many such marks make a line lossy garble rather than prose.
_LOSSY_MARKS = 3


def _lossy_line(doc, offset: int) -> bool:
    """Whether the line holding ``offset`` is text a legacy decoder garbled,
    its "?" the bytes it lost: its ASCII marks are part of the damage (M's),
    and making them full-width would only hide where bytes were lost."""
    index = doc.line_index(offset)
    cache = doc.memo.setdefault("chinese.lossy_lines", {})
    if index not in cache:
        start, end = doc.line_span(index)
        text = doc.text
        marks = (
            m for m in _LOST_BYTE_MARK.finditer(text, start, end)
            if text[m.start() - 1] not in _QUESTION_PARTICLES and not _asks(text[max(start, m.start() - 30):m.start()])
        )  # a question's own "?" (是什么?怎么用?) is no lost byte
        cache[index] = sum(1 for _ in itertools.islice(marks, _LOSSY_MARKS)) >= _LOSSY_MARKS
    return cache[index]


_LATIN_AFTER = lazy_compile(r" ?[A-Za-z]")
_LATIN_BEFORE = lazy_compile(r"[A-Za-z][,.;:]? ?$")
#: The longest Han run taken for a name or title inside a Latin sentence.
_ISLAND = 8


def _han_island(text: str, start: int, end: int) -> bool:
    """Whether the marks ``text[start:end]`` end a short Han run standing
    inside a Latin-script sentence (``goes to 王小明; the patch``, ``See
    第三章: the``): the marks are the sentence's, and ASCII is right."""
    if not _LATIN_AFTER.match(text, end):
        return False
    run_start = start
    while run_start > 0 and start - run_start <= _ISLAND and _HAN_CHAR.match(text, run_start - 1):
        run_start -= 1
    if start - run_start > _ISLAND:
        return False
    return _LATIN_BEFORE.search(text, max(0, run_start - 3), run_start) is not None


_TOKEN_END = lazy_compile(r"\s|$")


#: How far a URL is looked for around a mark: Chinese has no spaces, and an
#: unbounded look at the token made a page of marks cost the square of its length.
_URL_REACH = 2048


def _in_url(text: str, offset: int) -> bool:
    low = max(0, offset - _URL_REACH)
    token_start = max(text.rfind(" ", low, offset), text.rfind("\n", low, offset), low - 1) + 1
    if text.find("://", token_start, offset + _URL_REACH) < 0 and not text.startswith("www.", token_start):
        return False  # in no token that ends within reach: the common case, without a regex scan
    token_end = _TOKEN_END.search(text, offset, offset + _URL_REACH).start()
    token = text[token_start:token_end]
    return "://" in token or token.startswith("www.")


def _ends_sentence(mark: str, left: str, right: str, clause: str = "") -> bool:
    """Whether a "!" or "?" between ``left`` and ``right`` ends a sentence.

    A "?" glued to Latin letters or a slash is what is left of a character a
    lossy encoder could not write (``小程序?yàn``), not a question mark.
    """
    if right in _SENTENCE_END_FOLLOWERS:
        return True
    if _HAN_CHAR.match(right):
        return mark == "!" or left in _QUESTION_PARTICLES or _asks(clause)
    return False


#: Words that make a clause a question (何谓可见性?多个线程…): its "?" is a
#: question mark even with the next sentence glued on, where a "?" that
#: stands for a lost character follows no such word.
_QUESTION_WORDS = lazy_compile(
    "什么|什麼|怎么|怎麼|怎样|怎樣|为什么|為什麼|为何|為何|何谓|何謂|如何|哪|谁|誰|是否|能否|可否|"
    "多少|几|幾|难道|難道|是不是|有没有|有沒有|吗|嗎|呢"
)
_CLAUSE_START = lazy_compile("[。！？!?；;，,\n][^。！？!?；;，,\n]*$")


def _asks(clause: str) -> bool:
    """Whether the clause ending right before a "?" holds a question word."""
    opening = _CLAUSE_START.search(clause)
    return _QUESTION_WORDS.search(clause, opening.start() + 1 if opening else 0) is not None


class CjkAsciiPunctuation(textlint.Rule):
    """ASCII punctuation next to Chinese text.

    ## What it does
    Finds ASCII `,` `:` `;` that touch a Chinese character (or a Chinese
    bracket) on either side, and ASCII `!` `?` that end a Chinese sentence.
    Each mark is one finding.

    ## Why is this bad?
    Chinese text takes full-width punctuation (`，` `：` `；` `！` `？`). Half-width
    marks come from converters, scrapers and English keyboards; they look
    cramped, break line wrapping rules, and mark the text as machine-handled.

    ## Example
    ```
    幾天前,支付寶小程序技術團隊拿到了大獎。
    ```

    ## Use instead
    ```
    幾天前，支付寶小程序技術團隊拿到了大獎。
    ```

    ## Legitimate uses left alone
    Numbers and times (`1,024`, `10:30`); marks inside English phrases and
    URLs; `?` glued to Latin letters or a slash, which is residue of a
    character an encoder could not write (M003's business), not a question;
    Japanese and Korean text, which uses ASCII marks by convention (a
    paragraph or document with kana or hangul); Markdown code and syntax.
    Colons that are syntax: runs of colons (`:::tip 提示` and `::: warning`
    container fences of Docusaurus, VitePress and remark-directive, reST's
    `::`), emoji shortcodes (`:smile:`), directives (`:abbr[…]`). A mark
    whose only Chinese neighbour is a mark of lost characters (`锟斤拷`,
    `烫烫烫`, `屯屯屯`: M004's), or that stands in a line of Latin-script
    text with a stray Han character or two (`The character 中: means`), or
    after a Chinese name inside an English sentence (`goes to 王小明; the
    patch`): the text around it is not Chinese.  A line a lossy decoder
    garbled (three or more `?` between Han characters that end no question,
    as UTF-8 read as Big5 leaves them): its marks are part of the damage.

    Quotes and brackets (`"…"` around Chinese, `（…)`) are Z005's.

    ## Fix safety
    Safe: each mark is replaced by its full-width form; nothing else changes.
    """

    code = "Z001"
    name = "cjk-ascii-punctuation"
    summary = "ASCII punctuation next to Chinese text"
    family = "Z"
    fix_applicability = "safe"
    ordered_output = True

    def check(self, doc):
        if not has_han(doc):
            return
        text = doc.text
        for run in _MARK_RUN.finditer(text):
            start, end = run.span()
            left = _left_of(text, start)
            right = text[end] if end < len(text) else "\n"
            for offset in range(start, end):
                if self._is_defect(doc, offset, left, right, start, end):
                    yield self._finding(text, offset)

    def _is_defect(self, doc, offset: int, left: str, right: str, start: int, end: int) -> bool:
        text = doc.text
        mark = text[offset]
        chinese_left = _is_chinese_left(left) and not (
            start > 0 and _DAMAGE_BEFORE.search(text, max(0, start - 12), start)
        )
        chinese_right = bool(_HAN_CHAR.match(right)) and not _DAMAGE_AHEAD.match(text, end)
        if mark in "!?":
            if not (chinese_left and _ends_sentence(mark, left, right, text[max(0, start - 30):start])):
                return False
        elif not (chinese_left or chinese_right):
            return False
        if mark == ";" and _ENTITY_BEFORE.search(text, max(0, offset - 34), offset):
            return False  # the end of an HTML entity (&gt;), H002's business
        if mark == ":" and self._colon_syntax(text, offset):
            return False
        return (
            not _in_url(text, offset)
            and not (chinese_left and not chinese_right and _han_island(text, start, end))
            and not _lossy_line(doc, offset)
            and is_chinese_at(doc, offset)
            and doc.is_prose(offset, offset + 1)
            and chinese_surroundings(text, offset)
        )

    @staticmethod
    def _colon_syntax(text: str, offset: int) -> bool:
        """A colon that is syntax, not punctuation: ``://``, a run of colons
        (``:::tip`` container fences, reST's ``::``), an emoji shortcode
        (``:smile:``), a directive (``:abbr[…]``)."""
        if text.startswith("//", offset + 1) or text.startswith(":", offset + 1):
            return True
        if offset > 0 and text[offset - 1] == ":":
            return True
        return bool(
            _EMOJI_SHORTCODE.match(text, offset)
            or _EMOJI_SHORTCODE_END.search(text, max(0, offset - 40), offset + 1)
            or _DIRECTIVE.match(text, offset)
        )

    def _finding(self, text: str, offset: int) -> Finding:
        mark = text[offset]
        full = _FULL_WIDTH[mark]
        return Finding(
            offset,
            offset + 1,
            f"ASCII '{mark}' in Chinese text: use the full-width '{full}'",
            fix=Fix([Edit(offset, offset + 1, full)], "safe", f"Replace with '{full}'"),
        )


# -- Z002 ---------------------------------------------------------------------------------------

# One parenthesised syllable (letters, perhaps tone-marked, perhaps a tone
# number) glued to the Han character before it.
_ANNOTATION = lazy_compile(f"[(（](?<=[{_HAN}][(（])([{_PINYIN_LETTERS}]{{1,7}}[1-5]?)[)）]")
_TONE_MARKS = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}
_TABLE_ROW = lazy_compile(r"^\s*\||\t")


class _PinyinSyllables:
    """Every toned reading pypinyin knows, as tone marks and as tone numbers."""

    _loaded: "_PinyinSyllables | None" = None

    #: Bump when what _derive computes changes.
    FORMAT = 1

    def __init__(self) -> None:
        # Reading pypinyin's table of 40,000 characters takes a twentieth of
        # a second; its 3,000 distinct syllables are kept on disk once derived.
        syllables = datacache.load_or_derive(
            datacache.derived_path("pinyin-syllables", self.FORMAT, "pypinyin"), "syllables", self.FORMAT,
            lambda kind, spellings: kind in ("marked", "numbered") and isinstance(spellings, list)
            and all(type(spelling) is str for spelling in spellings),
            self._derive,
        )
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
    def load(cls) -> "_PinyinSyllables":
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
    return doc.line_fact("chinese.table_rows", line, lambda text: bool(_TABLE_ROW.search(text)))


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
    fix_applicability = "safe"
    ordered_output = True

    def check(self, doc):
        if not has_han(doc):
            return
        text = doc.text
        syllables = None
        for match in _ANNOTATION.finditer(text):
            start, end = match.span()
            syllables = syllables or _PinyinSyllables.load()
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


# -- Z003 ---------------------------------------------------------------------------------------


class _Scripts:
    """OpenCC's converters and what its tables say about single characters.

    ``*_self`` hold the characters a table maps to themselves among other
    candidates (``于`` → ``於 于``): correct in both scripts, so they are
    reported only where a phrase table says the word is written otherwise.
    """

    _loaded: "_Scripts | None" = None

    def __init__(self) -> None:
        import opencc

        self._opencc = opencc
        self._share = _opencc_share_dir(opencc)
        known = _opencc_characters(opencc, self._share)
        simplified_table = _table_from(known, "s", "S")
        traditional_table = _table_from(known, "t", "T")
        # Each table key's single-character conversions, derived once per
        # machine: classifying candidates is then a lookup, and the
        # converters (a tenth of a second each to load) are loaded only when
        # a suspect's surroundings must be converted.
        self._known_forms = dict(
            zip(known.get("characters", ""), zip(known.get("traditional", ""), known.get("simplified", "")))
        )
        self.simplified_self = simplified_table[0] if simplified_table else None
        self.traditional_self = traditional_table[0] if traditional_table else None
        # Characters of one script only, and every character a conversion
        # would touch, as compiled classes: deciding a document's script and
        # finding the suspects is then a scan in C, not a loop over characters.
        self.simplified_only = _char_class(simplified_table[1]) if simplified_table else None
        self.traditional_only = _char_class(traditional_table[1]) if traditional_table else None
        self.simplified_keys = _char_class(simplified_table[0] | simplified_table[1]) if simplified_table else None
        self.traditional_keys = _char_class(traditional_table[0] | traditional_table[1]) if traditional_table else None
        self.traditional_own = traditional_table[1] if traditional_table else None
        # With every class the rule takes the quick path (_script_and_candidates).
        self.has_tables = None not in (
            self.simplified_only, self.traditional_only, self.simplified_keys, self.traditional_keys
        )
        self.forms: dict[str, tuple[str, str]] = {}  # char -> (traditional, simplified)

    @functools.cached_property
    def s2t(self):
        return self._opencc.OpenCC("s2t")

    @functools.cached_property
    def to_traditional(self) -> list:
        """To Traditional as written anywhere, Taiwan and Hong Kong (each loads in a tenth of a second)."""
        return [self.s2t] + [self._opencc.OpenCC(name) for name in ("s2tw", "s2hk")]

    @functools.cached_property
    def to_simplified(self):
        return self._opencc.OpenCC("t2s")

    @functools.cached_property
    def traditional_phrases(self):
        return _phrase_converter(self._opencc, self._share, "STPhrases.ocd2")

    @functools.cached_property
    def simplified_phrases(self):
        return _phrase_converter(self._opencc, self._share, "TSPhrases.ocd2")

    @classmethod
    def load(cls) -> "_Scripts":
        if cls._loaded is None:
            cls._loaded = cls()
        return cls._loaded

    def classify(self, chars) -> None:
        """Convert each new character alone (one line each: no phrase spans two)."""
        new = []
        for char in chars:
            if char not in self.forms:
                known = self._known_forms.get(char)
                if known is None:
                    new.append(char)
                else:
                    self.forms[char] = known
        if new:
            self.forms.update(_convert_alone(new, self.s2t, self.to_simplified))

    def only_traditional(self, char: str) -> bool:
        return self.forms[char][1] != char and not _in(char, self.traditional_self)

    def only_simplified(self, char: str) -> bool:
        return self.forms[char][0] != char and not _in(char, self.simplified_self)


def _in(char: str, table: frozenset | None) -> bool:
    return True if table is None else char in table  # no table: treat every char as shared


def _opencc_share_dir(opencc) -> str:
    import os

    return os.path.join(os.path.dirname(opencc.__file__), "clib", "share", "opencc")


def _phrase_converter(opencc, share: str, dictionary: str):
    """An OpenCC converter that knows only a phrase table, or None."""
    import json
    import os
    import tempfile

    path = os.path.join(share, dictionary)
    if not os.path.isfile(path):
        return None
    entry = {"type": "ocd2", "file": path}
    config = {"name": dictionary, "segmentation": {"type": "mmseg", "dict": entry}, "conversion_chain": [{"dict": entry}]}
    with tempfile.TemporaryDirectory() as folder:
        config_path = os.path.join(folder, "phrases.json")
        with open(config_path, "w", encoding="utf-8") as handle:
            json.dump(config, handle)
        try:
            return opencc.OpenCC(config_path)
        except Exception:  # an OpenCC build that cannot load it: no phrase evidence
            return None


def _convert_alone(chars, to_traditional, to_simplified) -> dict[str, tuple[str, str]]:
    """Each character's (traditional, simplified) form, converted alone."""
    joined = "\n".join(chars)
    traditional = to_traditional.convert(joined).split("\n")
    simplified = to_simplified.convert(joined).split("\n")
    return {
        char: (trad if len(trad) == 1 else char, simp if len(simp) == 1 else char)
        for char, trad, simp in zip(chars, traditional, simplified)
    }


#: Bump when what _derive_opencc_characters computes changes.
_CHARACTERS_FORMAT = 2
_FORMS = ("characters", "traditional", "simplified")
_FLAGS = ("s", "S", "t", "T")


def _opencc_characters(opencc, share: str) -> dict[str, str]:
    """The keys of OpenCC's two character tables ("characters"), each one's
    traditional and simplified form converted alone (the same positions of
    "traditional" and "simplified"), and which table lists each key and
    whether it lists itself among its candidates ("s"/"S": the keys of
    STCharacters correct in both scripts / of one script only; "t"/"T": the
    same for TSCharacters).  Empty when the tables cannot be read.

    Deriving it runs OpenCC's ``opencc_dict`` tool twice and loads two
    converters, a quarter of a second, so it is kept on disk once per
    machine (textlint.datacache), as seven strings: they load in a
    millisecond, where a dict of 8,000 entries took twenty."""
    path = datacache.derived_path("opencc-characters", _CHARACTERS_FORMAT, "opencc")
    known = datacache.load_or_derive(
        path, "tables", _CHARACTERS_FORMAT, lambda name, chars: name in _FORMS + _FLAGS and type(chars) is str,
        lambda: _derive_opencc_characters(opencc, share),
    )
    if known and (set(known) != set(_FORMS + _FLAGS) or len({len(known[name]) for name in _FORMS}) != 1):
        known = _derive_opencc_characters(opencc, share)  # a damaged file: derive again, and replace it
        if path is not None and known:
            datacache.write_derived(path, "tables", _CHARACTERS_FORMAT, known)
    return known


def _derive_opencc_characters(opencc, share: str) -> dict[str, str]:
    simplified = _character_table(share, "STCharacters.ocd2")
    traditional = _character_table(share, "TSCharacters.ocd2")
    if simplified is None or traditional is None:
        return {}
    chars = sorted(simplified[0] | simplified[1] | traditional[0] | traditional[1])
    forms = _convert_alone(chars, opencc.OpenCC("s2t"), opencc.OpenCC("t2s"))
    tables = dict(zip(_FLAGS, (*simplified, *traditional)))
    return {
        "characters": "".join(chars),
        "traditional": "".join(forms[char][0] for char in chars),
        "simplified": "".join(forms[char][1] for char in chars),
    } | {flag: "".join(sorted(tables[flag])) for flag in _FLAGS}


def _table_from(known: dict[str, str], shared_flag: str, own_flag: str) -> tuple[frozenset, frozenset] | None:
    """(shared, own) of one character table, as :func:`_character_table` gives them."""
    shared, own = frozenset(known.get(shared_flag, "")), frozenset(known.get(own_flag, ""))
    return (shared, own) if shared or own else None


def _character_table(share: str, dictionary: str) -> tuple[frozenset, frozenset] | None:
    """What an OpenCC character table says of each key it lists.

    Returns the keys that list themselves among their candidates (correct in
    both scripts) and the keys that do not (of one script only).  The tables
    are binary; OpenCC's own ``opencc_dict`` tool, shipped in the same wheel,
    dumps them as text.  None when the tool is missing.
    """
    import os
    import subprocess
    import tempfile

    tool = os.path.join(os.path.dirname(os.path.dirname(share)), "bin", "opencc_dict")
    source = os.path.join(share, dictionary)
    if not (os.path.isfile(tool) and os.path.isfile(source)):
        return None
    with tempfile.TemporaryDirectory() as folder:
        dumped = os.path.join(folder, "table.txt")
        try:
            subprocess.run([tool, "-i", source, "-o", dumped, "-f", "ocd2", "-t", "text"],
                           check=True, capture_output=True, timeout=60)
            with open(dumped, encoding="utf-8") as handle:
                lines = handle.read().splitlines()
        except (OSError, subprocess.SubprocessError):
            return None
    shared, own = set(), set()
    for line in lines:
        key, _, candidates = line.partition("\t")
        if len(key) == 1:
            (shared if key in candidates.split(" ") else own).add(key)
    return frozenset(shared), frozenset(own)


class _CharClass:
    """A set of characters to count or find with a scan in C.

    ``re`` compiles a class of Basic Multilingual Plane characters into a
    bitmap, tested in constant time; add one character beyond it (OpenCC's
    tables hold a few from CJK Extension B) and the whole class becomes a
    list searched one entry at a time, a hundred times slower.  So the rare
    astral characters are looked up in a set, among the astral characters
    of text that has any (found with one range, which is fast).
    """

    def __init__(self, chars) -> None:
        basic = sorted(c for c in chars if ord(c) < 0x10000)
        self.basic = re.compile(char_class(basic)) if basic else None
        self.astral = frozenset(c for c in chars if ord(c) >= 0x10000)

    def _astral_found(self, text: str, start: int, end: int) -> list[str]:
        if not self.astral or not _has_astral(text, start, end):
            return []
        return [c for c in _ASTRAL_CHAR.findall(text, start, end) if c in self.astral]

    def findall(self, text: str, start: int = 0, end: int | None = None) -> list[str]:
        end = len(text) if end is None else end
        found = self.basic.findall(text, start, end) if self.basic else []
        return found + self._astral_found(text, start, end)

    def count(self, text: str, start: int, end: int, limit: int) -> int:
        """How many of the characters ``text[start:end]`` holds, counting no further than ``limit``.

        Counting stops at the ``limit``-th match, so asking whether dense text
        holds at least a few costs a short scan, and no list is built.  Past
        a few hundred a plain ``findall`` is the cheaper way to count.
        """
        if limit > _COUNT_BY_LOOP:
            return len(self.findall(text, start, end))
        found = 0
        if self.basic:
            for _ in self.basic.finditer(text, start, end):
                found += 1
                if found >= limit:
                    return found
        return min(limit, found + len(self._astral_found(text, start, end)))


_COUNT_BY_LOOP = 256
_ASTRAL_CHAR = lazy_compile("[\U00010000-\U0010FFFF]")
_astral_memo: list = [None, False]  # the last text asked about, and whether it holds any


def _has_astral(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a character beyond the BMP (the whole text's answer is kept)."""
    if _astral_memo[0] is not text:
        _astral_memo[0], _astral_memo[1] = text, _ASTRAL_CHAR.search(text) is not None
    return _astral_memo[1] and (
        (start == 0 and end >= len(text)) or _ASTRAL_CHAR.search(text, start, end) is not None
    )


def _char_class(chars) -> _CharClass | None:
    return _CharClass(chars) if chars else None


_WINDOW = 6  # characters either side: OpenCC's phrases are short


def _script_of(counts, scripts: _Scripts, text: str, start: int, end: int) -> str | None:
    """"hant" or "hans" when the characters that differ are clearly of one script.

    The general form, used when OpenCC's character tables are missing (then
    the converters are asked character by character); with the tables,
    :func:`_script_and_candidates` decides the same with fewer scans.
    """
    if scripts.traditional_only is not None and scripts.simplified_only is not None:
        traditional = len(scripts.traditional_only.findall(text, start, end))
        simplified = len(scripts.simplified_only.findall(text, start, end))
    else:  # no tables: ask the converters character by character
        scripts.classify(counts)
        traditional = sum(n for c, n in counts.items() if scripts.only_traditional(c))
        simplified = sum(n for c, n in counts.items() if scripts.only_simplified(c))
    return _decide(traditional, simplified)


def _decide(traditional: int, simplified: int) -> str | None:
    if traditional >= 4 and simplified * 8 <= traditional:
        return "hant"
    if simplified >= 4 and traditional * 8 <= simplified:
        return "hans"
    return None


def _script_and_candidates(scripts: _Scripts, text: str, start: int, end: int):
    """What :func:`_script_of` says of ``text[start:end]`` (with the tables), and the
    characters there a conversion to that script would touch (as ``_check_span``
    finds them); ``(None, few)`` where ``few`` tells that neither script has
    four characters of its own in the span, so no part of it can decide either.

    The decision needs exact counts only near its thresholds.  Simplified
    text holds Simplified-only characters every few characters, so "at least
    four" is a short scan; its Traditional-only characters are among the
    keys of the Traditional-to-Simplified table, whose occurrences (few in
    Simplified text) are the candidates anyway: one full scan decides and
    finds.  Traditional text costs two.
    """
    simplified = scripts.simplified_only.count(text, start, end, 4)
    if simplified < 4:
        # Not Simplified; Traditional needs at least four, and eight times the Simplified.
        needed = max(4, 8 * simplified)
        traditional = scripts.traditional_only.count(text, start, end, needed)
        if traditional < needed:
            return None, traditional < 4
        return "hant", set(scripts.simplified_keys.findall(text, start, end))
    keys = scripts.traditional_keys.findall(text, start, end)
    own = scripts.traditional_own
    traditional = sum(1 for c in keys if c in own)
    if traditional:
        # hans needs simplified >= 8 * traditional, hant simplified <= traditional // 8
        simplified = scripts.simplified_only.count(text, start, end, max(8 * traditional, traditional // 8 + 1))
    script = _decide(traditional, simplified)
    if script == "hans":
        return script, set(keys)
    if script == "hant":
        return script, set(scripts.simplified_keys.findall(text, start, end))
    return None, False


class _HanCounts:
    """How often each Han character occurs in ``text[start:end]``, counted on demand.

    Stands in for ``Counter(_HAN_CHAR.findall(text, start, end))``: the rule
    asks about a few characters, so counting every one of them is wasted.
    """

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self._counts: dict[str, int] = {}

    def get(self, char: str, default: int = 0) -> int:
        count = self._counts.get(char)
        if count is None:
            count = self._counts[char] = (
                self.text.count(char, self.start, self.end) if len(char) == 1 and _HAN_CHAR.match(char) else 0
            )
        return count or default


class MixedChineseScripts(textlint.Rule):
    """A Simplified character in Traditional Chinese text, or the reverse.

    ## What it does
    In a document (or, in a mixed document, a paragraph) whose characters are
    clearly of one script, finds characters of the other script, using
    OpenCC's conversion tables: a character is reported when no standard
    conversion of its phrase (OpenCC's s2t, s2tw, s2hk; or t2s) keeps it.
    Only a passage that mixes the two scripts is reported: a paragraph, a
    Markdown blockquote, a passage in `「」` `『』` `“”` `《》`, or a sentence
    written wholly in the other script is consistent on its own (a
    Simplified article quoting a Traditional passage, or the reverse). A
    paragraph clearly of the other script is checked in its own script.

    ## Why is this bad?
    A converter that turns Simplified into Traditional (or back) leaves the
    characters it cannot decide: `基于` stays half-converted where `基於` is
    meant. Readers of either script notice at once.

    ## Example
    ```
    該團隊便基于阿里的定位與戰略
    ```

    ## Use instead
    ```
    該團隊便基於阿里的定位與戰略
    ```

    ## Legitimate uses left alone
    Characters written the same in both scripts; variants both accept (`裡`
    and `裏`, `台` and `臺`); characters that are correct in both scripts
    (`于`, `范`, `干`) unless OpenCC's phrase table says the word is written
    otherwise; proper names OpenCC's phrase tables know; quotations and
    paragraphs wholly in the other script (no character of the script
    checked, or, for a sentence, none of it and two of the other's).
    A character every
    converter changes (`这`, `犸`) is reported only where the phrase table
    or the text itself (which writes `這` elsewhere) says so: left alone, it
    was kept on purpose (`猛犸充电`, a product name) or is debris of mojibake
    (GBK misreadings look like rare Simplified characters). Two or more
    other-script characters together (a quoted name or title); documents
    and paragraphs that are not clearly one script; Markdown code.

    ## Fix safety
    Unsafe: the conversion tables choose one character where the author may
    have meant another.
    """

    code = "Z003"
    name = "mixed-chinese-scripts"
    summary = "Character of the other Chinese script"
    family = "Z"
    fix_applicability = "unsafe"

    def check(self, doc):
        # The document's language (Japanese shinjitai look Simplified) is
        # asked only where a suspect turns up: see is_chinese_at.
        if not has_han(doc):
            return
        scripts = _Scripts.load()
        if not scripts.has_tables:
            yield from self._check_without_tables(doc, scripts)
            return
        text = doc.text
        script, found = _script_and_candidates(scripts, text, 0, len(text))
        if script is not None:
            counts = _HanCounts(text, 0, len(text))
            context = _Passages(doc, scripts)
            yield from self._check_span(doc, 0, len(text), script, counts, scripts, found, context)
            # A paragraph clearly of the other script is consistent on its
            # own: it is checked in its own script, for what mixes in there.
            for start, end, other, found in context.other_script_paragraphs:
                yield from self._check_span(doc, start, end, other, counts, scripts, found, context)
            return
        if found:
            return  # no paragraph holds four characters of either script's own
        context = _Passages(doc, scripts)
        for start, end in _paragraph_spans(doc):
            script, found = _script_and_candidates(scripts, text, start, end)
            if script is not None:
                yield from self._check_span(
                    doc, start, end, script, _HanCounts(text, start, end), scripts, found, context
                )

    def _check_without_tables(self, doc, scripts):
        if _document_language(doc) != "zh":
            return
        text = doc.text
        counts = collections.Counter(_HAN_CHAR.findall(text))
        script = _script_of(counts, scripts, text, 0, len(text))
        if script is not None:
            yield from self._check_span(doc, 0, len(text), script, counts, scripts)
            return
        for start, end in _paragraph_spans(doc):
            paragraph_counts = collections.Counter(_HAN_CHAR.findall(text, start, end))
            script = _script_of(paragraph_counts, scripts, text, start, end)
            if script is not None:
                yield from self._check_span(doc, start, end, script, paragraph_counts, scripts)

    def _check_span(self, doc, start, end, script, counts, scripts, candidates=None, context=None):
        text = doc.text
        # Only characters a conversion would touch can be suspects.
        if candidates is None:
            keys = scripts.simplified_keys if script == "hant" else scripts.traditional_keys
            candidates = set(keys.findall(text, start, end)) if keys is not None else set(counts)
        if not candidates:
            return
        scripts.classify(candidates)
        # A character both conversions change (麽: 麼 in Traditional, 么 in
        # Simplified) is a variant neither standard uses, not the other script.
        if script == "hant":
            suspects = {c for c in candidates if scripts.forms[c][0] != c and scripts.forms[c][1] == c}
        else:
            suspects = {c for c in candidates if scripts.forms[c][1] != c and scripts.forms[c][0] == c}
        if not suspects:
            return
        pattern = _suspect_pattern(frozenset(suspects))
        for match in pattern.finditer(text, start, end):
            offset = match.start()
            if not is_chinese_at(doc, offset):
                continue  # Japanese shinjitai (参, 体) look Simplified but are not
            if context is not None and context.consistent(offset, script):
                continue  # a passage wholly in the other script: a quotation
            expected = self._expected(text, offset, script, scripts, counts)
            if expected is None or not doc.is_prose(offset, offset + 1):
                continue
            yield self._finding(text, offset, script, _preferred(expected, counts))

    def _expected(self, text: str, offset: int, script: str, scripts: _Scripts, counts) -> list[str] | None:
        """What the standard conversions write at ``offset``; None when one of them keeps it."""
        window_start, window_end = _window(text, offset)
        window = text[window_start:window_end]
        position = offset - window_start
        char = text[offset]
        if _other_script_neighbour(text, offset, script, scripts):
            return None  # a word in the other script: a quotation or a name
        def keeps(out: str) -> bool:
            return len(out) != len(window) or out[position] == char

        if script == "hant":
            normalized = scripts.to_simplified.convert(window)
            outputs = [scripts.s2t.convert(normalized)]
            if keeps(outputs[0]):
                return None  # asked first: the Taiwan and Hong Kong converters load only past it
            outputs += [conv.convert(normalized) for conv in scripts.to_traditional[1:]]
            phrases, shared = scripts.traditional_phrases, _in(char, scripts.simplified_self)
        else:
            normalized = scripts.s2t.convert(window)
            outputs = [scripts.to_simplified.convert(normalized)]
            phrases, shared = scripts.simplified_phrases, _in(char, scripts.traditional_self)
        if any(keeps(out) for out in outputs):
            return None
        expected = [out[position] for out in outputs]
        if _phrase_changes(phrases, normalized, position, char):
            return expected
        # Without a phrase that says otherwise, a character correct in both
        # scripts stays.  One that a converter would always change, yet left,
        # was kept on purpose (a name) or is debris of another defect (GBK
        # mojibake reads as rare Simplified characters), unless the text
        # itself writes it the other way elsewhere.
        if shared or not any(counts.get(c, 0) for c in expected):
            return None
        return expected

    def _finding(self, text: str, offset: int, script: str, replacement: str) -> Finding:
        char = text[offset]
        found, expected = ("Simplified", "Traditional") if script == "hant" else ("Traditional", "Simplified")
        return Finding(
            offset,
            offset + 1,
            f"{found} '{char}' in {expected} Chinese text: '{replacement}' expected",
            fix=Fix([Edit(offset, offset + 1, replacement)], "unsafe", f"Replace with '{replacement}'"),
        )


_QUOTED = lazy_compile("「[^「」]*」|『[^『』]*』|“[^“”]*”|‘[^‘’\n]*’|《[^《》\n]*》|﹁[^﹁﹂]*﹂")
_BLOCKQUOTE_LINE = lazy_compile(r"[ \t]{0,3}>")
_SENTENCE_ENDS = "。！？!?\n"
_SENTENCE_END = re.compile(f"[{_SENTENCE_ENDS}]")


class _Passages:
    """Whether the passage around a suspect is written wholly in the other script.

    A Simplified article may quote a Traditional passage (a paragraph, a
    Markdown blockquote, a sentence, a passage in 「」 or “”) or the reverse;
    written wholly in one script, such a passage is consistent on its own.
    Only a suspect whose passage also holds characters of the script
    being checked mixes the two.  Asked only for suspects, which clean text
    has few of; what is learnt of a paragraph is kept.
    """

    def __init__(self, doc, scripts: "_Scripts") -> None:
        self.doc, self.text, self.scripts = doc, doc.text, scripts
        self._paragraphs: dict[int, tuple] = {}
        self._sentence_ends: dict[int, list[int]] = {}  # paragraph start -> offsets of its sentence ends
        #: (start, end, script, candidates) of the paragraphs clearly of the
        #: other script than the document's, found while checking it.
        self.other_script_paragraphs: list[tuple] = []

    def _own(self, script: str) -> "_CharClass":
        return self.scripts.traditional_only if script == "hant" else self.scripts.simplified_only

    def _holds(self, script: str, start: int, end: int, at_least: int = 1) -> bool:
        return start < end and self._own(script).count(self.text, start, end, at_least) >= at_least

    def _paragraph(self, offset: int):
        start, end = paragraph_span(self.doc, offset)
        known = self._paragraphs.get(start)
        if known is None:
            script, found = _script_and_candidates(self.scripts, self.text, start, end)
            quoted = [m.span() for m in _QUOTED.finditer(self.text, start, end)]
            known = self._paragraphs[start] = (start, end, script, found, quoted)
        return known

    def consistent(self, offset: int, script: str) -> bool:
        """Whether the suspect at ``offset`` (in text checked as ``script``)
        stands in a passage wholly of the other script."""
        text = self.text
        other = "hans" if script == "hant" else "hant"
        start, end, paragraph_script, found, quoted = self._paragraph(offset)
        if paragraph_script == other:
            entry = (start, end, other, found)
            if entry not in self.other_script_paragraphs:
                self.other_script_paragraphs.append(entry)
            return True
        if not self._holds(script, start, end):
            return True  # nothing in the paragraph is of the script checked
        for quote_start, quote_end in quoted:
            if quote_start < offset < quote_end:
                if not self._holds(script, quote_start + 1, quote_end - 1):
                    return True
                break
        if offset > start:
            # text.rfind("\n", start, offset) + 1 from the line index: a search back
            # per suspect read a one-line page once per suspect
            line_start = self.doc.line_starts[self.doc.line_index(offset)]
            line_start = line_start if line_start - 1 >= start else 0
        else:
            line_start = start
        if _BLOCKQUOTE_LINE.match(text, line_start):
            block_start, block_end = self._blockquote(line_start, start, end)
            if not self._holds(script, block_start, block_end):
                return True
        # the sentence ends around the suspect, looked up among the paragraph's
        # (a search per mark and suspect read a one-line page once per suspect)
        marks = self._sentence_ends.get(start)
        if marks is None:
            marks = self._sentence_ends[start] = [m.start() for m in _SENTENCE_END.finditer(text, start, end)]
        before = bisect.bisect_left(marks, offset)
        sentence_start = marks[before - 1] + 1 if before else start
        sentence_end = marks[before] if before < len(marks) else end
        return not self._holds(script, sentence_start, sentence_end) and self._holds(
            other, sentence_start, sentence_end, 2
        )

    def _blockquote(self, line_start: int, start: int, end: int) -> tuple[int, int]:
        """The run of ``>`` lines holding the line at ``line_start``, within its paragraph."""
        text = self.text
        first = line_start
        while first > start:
            previous = text.rfind("\n", start, first - 1) + 1 if first - 1 > start else start
            if not _BLOCKQUOTE_LINE.match(text, previous):
                break
            first = previous
        last = text.find("\n", line_start, end)
        while 0 <= last < end - 1 and _BLOCKQUOTE_LINE.match(text, last + 1):
            last = text.find("\n", last + 1, end)
        return first, end if last < 0 else last


@functools.lru_cache(maxsize=1024)
def _suspect_pattern(suspects: frozenset):
    return re.compile("[" + "".join(re.escape(c) for c in sorted(suspects)) + "]")


def _paragraph_spans(doc):
    starts = _paragraph_starts(doc)
    ends = starts[1:] + [len(doc.text)]
    return zip(starts, ends)


def _window(text: str, offset: int) -> tuple[int, int]:
    start = offset
    while start > 0 and offset - start < _WINDOW and _HAN_CHAR.match(text[start - 1]):
        start -= 1
    end = offset + 1
    while end < len(text) and end - offset <= _WINDOW and _HAN_CHAR.match(text[end]):
        end += 1
    return start, end


def _other_script_neighbour(text: str, offset: int, script: str, scripts: _Scripts) -> bool:
    is_other = scripts.only_simplified if script == "hant" else scripts.only_traditional
    for neighbour in (offset - 1, offset + 1):
        if 0 <= neighbour < len(text) and text[neighbour] in scripts.forms and is_other(text[neighbour]):
            return True
    return False


def _phrase_changes(phrases, normalized: str, position: int, char: str) -> bool:
    if phrases is None:
        return False
    converted = phrases.convert(normalized)
    return len(converted) == len(normalized) and converted[position] != char


def _preferred(candidates: list[str], counts: collections.Counter) -> str:
    """The candidate the text already uses most (Taiwan's 裡 or Hong Kong's 裏), else the first."""
    return max(candidates, key=lambda c: (counts.get(c, 0), -candidates.index(c)))


# -- Z004 ---------------------------------------------------------------------------------------

_CJK_LETTERS = _HAN + _KANA + _HANGUL
# The character before a gap where autocorrect puts a space: CJK before a
# Latin letter or digit, or a Latin letter, digit or "%" before CJK.
_SPACING_GAP = lazy_compile(f"[{_CJK_LETTERS}](?=[A-Za-z0-9])|[A-Za-z0-9%](?=[{_CJK_LETTERS}])")

# What a space must not be put into.  Any of these needs one of the trigger
# characters, so a line without them pays one scan.
_VERBATIM_TRIGGER = lazy_compile(r"[/\\@%$`{]")
_NOT_IN_URL = "\\s<>\"'`，。；：！？、（）「」『』《》【】“”‘’|"
_VERBATIM = lazy_compile(
    # a URL: its path may hold CJK, and nothing tells where it ends but a space
    # or a full-width mark; parentheses only in pairs (a Markdown link's ")" ends it)
    f"(?P<url>(?:[A-Za-z][A-Za-z0-9+.-]*://|www\\.)(?:[^{_NOT_IN_URL}()\\[\\]]|\\([^{_NOT_IN_URL}()]*\\))+)"
    r"|(?P<email>(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
    # a path: an ASCII head, then separators and segments (which may hold CJK)
    f"|(?P<path>(?<![A-Za-z0-9_.~-])(?:~|\\.{{1,2}}|[A-Za-z]:)?[A-Za-z0-9_.-]*(?:[/\\\\][^{_NOT_IN_URL}/\\\\*?()\\[\\]]+)+[/\\\\]?)"
    r"|(?P<code>`[^`\n]+`)"
    # format placeholders: printf (%s, %1$s, %(count)d), $1 and ${name}, {0} and {name}
    r"|(?P<placeholder>(?<![0-9A-Za-z%])%(?:\([A-Za-z_]\w*\))?[-+#0]*(?:\d+\$)?\d*(?:\.\d+)?[sdifFeEgGxXocrbu@]"
    r"|\$\{[^}\n]{1,40}\}|\$\d{1,2}(?![\d.,])|\{\{?[A-Za-z_0-9.]{0,40}\}\}?)"
)
_FILE_EXTENSION = lazy_compile(r"\.[A-Za-z][A-Za-z0-9]{0,7}(?![A-Za-z0-9])")


def _looks_like_path(text: str, start: int, end: int) -> bool:
    """A ``path`` match that is a path, not ``A/B``, ``1/2`` or ``和/或``: it
    starts at a root (``./``, ``../``, ``~/``, ``C:\\``, ``\\\\``), or it has
    two separators or a file extension."""
    token = text[start:end]
    if token.startswith(("./", "../", "~/", ".\\", "..\\", "\\\\")) or token[1:3] in (":\\", ":/"):
        return True
    return token.count("/") + token.count("\\") >= 2 or _FILE_EXTENSION.search(token) is not None


def _verbatim_spans(doc, line: int) -> tuple[list[int], list[int], list[bool]]:
    """Starts, ends and whether each is a placeholder, of the URLs, e-mail
    addresses, paths, backquoted code and format placeholders on a line.
    Asked only of lines with a gap in their prose, and kept."""
    cache = doc.memo.setdefault("chinese.verbatim", {})
    spans = cache.get(line)
    if spans is None:
        text = doc.text
        start, end = doc.line_span(line)
        starts, ends, placeholders = [], [], []
        if _VERBATIM_TRIGGER.search(text, start, end):
            for match in _VERBATIM.finditer(text, start, end):
                if match.lastgroup == "path" and not _looks_like_path(text, *match.span()):
                    continue
                starts.append(match.start())
                ends.append(match.end())
                placeholders.append(match.lastgroup == "placeholder")
        spans = cache[line] = (starts, ends, placeholders)
    return spans


def _in_verbatim(doc, gap: int) -> bool:
    """Whether the gap before ``text[gap]`` is inside a URL, a path, an
    address or code, or touches a placeholder (``%s或``)."""
    starts, ends, placeholders = _verbatim_spans(doc, doc.line_index(gap))
    if not starts:
        return False
    index = bisect.bisect_right(starts, gap) - 1
    for i in (index, index - 1):
        if i >= 0 and (starts[i] <= gap <= ends[i] if placeholders[i] else starts[i] < gap < ends[i]):
            return True
    return False


class CjkLatinSpacing(textlint.Rule):
    """No space between CJK characters and Latin letters or digits.

    ## What it does
    Finds a CJK character (Han, kana or hangul) directly next to a Latin
    letter or a digit (or a `%` before CJK), where autocorrect and zhlint
    put a space.

    ## Why is this bad?
    It is a house style, widely followed in Chinese technical writing: a space
    sets Latin words and numbers off from the characters around them.
    Off unless selected, because many texts follow the opposite style.

    ## Example
    ```
    使用Python开发
    ```

    ## Use instead
    ```
    使用 Python 开发
    ```

    ## Legitimate uses left alone
    Full-width punctuation next to Latin text (`中文，English`); brackets and
    quotes (`《Python》`); Markdown code. Gaps inside a URL
    (`https://example.org/文档/v2说明.html`), a path (`./docs/中文README.md`,
    `C:\\用户\\文档2`, `~/下载/v3`), an e-mail address or backquoted code
    (in plain text too), and gaps that touch a format placeholder (`%s或%d`,
    `$1或$2`, `%(count)d个`, `${name}`, `{0}`): a space there would change
    what the program or the reader types. The edges of a URL or an address
    are the prose's (`访问 https://…`). A path needs a root (`./`, `~/`, a
    drive), two separators or a file extension: `A/B测试` is prose.

    ## Fix safety
    Safe: a space is inserted, as `autocorrect` does.
    """

    code = "Z004"
    name = "cjk-latin-spacing"
    summary = "No space between CJK and Latin letters or digits"
    family = "Z"
    default_enabled = False
    fix_applicability = "safe"

    def check(self, doc):
        if not has_han(doc) and not _KANA_CHAR.search(doc.text) and not _HANGUL_CHAR.search(doc.text):
            return
        for match in _SPACING_GAP.finditer(doc.text):
            start, gap = match.start(), match.end()
            if not doc.is_prose(start, gap + 1) or _in_verbatim(doc, gap):
                continue
            yield Finding(
                start,
                gap + 1,
                f"No space between '{doc.text[start]}' and '{doc.text[gap]}'",
                fix=Fix([Edit(gap, gap, " ")], "safe", "Insert a space"),
            )


# -- Z005 ---------------------------------------------------------------------------------------

# Patterns one of which a paragraph with a pair of two widths (on one line or
# across a line break), or ASCII double quotes around Han, must match; only
# those paragraphs are looked at.  One pattern for each opening mark, so that
# each scan looks for one literal character: as one alternation of
# character classes they scan ten times slower.
_PAIR_SUSPECTS = [
    lazy_compile(source)
    for source in (
        '“[^”\\n]*(?:\\n[^\\n]*)?"',
        "（[^）\\n]*(?:\\n[^\\n]*)?\\)",
        "【[^】\\n]*(?:\\n[^\\n]*)?\\]",
        "［[^］\\n]*(?:\\n[^\\n]*)?\\]",
        f'"(?:[^“\\n]*”|[^"\\n]*[{_HAN}][^"\\n]*"|[^"\\n]*\\n[^\\n]*”)',
        "\\((?:[^(\\n]*）|[^()\\n]*\\n[^\\n]*）)",
        "\\[(?:[^\\[\\n]*[】］]|[^\\[\\]\\n]*\\n[^\\n]*[】］])",
    )
]
_PAIR_CHARS = lazy_compile('[“”"（）()【】［］\\[\\]]')
_FAMILY = {
    "“": ("dq", "open", True), "”": ("dq", "close", True), '"': ("dq", "toggle", False),
    "（": ("paren", "open", True), "）": ("paren", "close", True),
    "(": ("paren", "open", False), ")": ("paren", "close", False),
    "【": ("square", "open", True), "】": ("square", "close", True),
    "［": ("square", "open", True), "］": ("square", "close", True),
    "[": ("square", "open", False), "]": ("square", "close", False),
}
_FULL_CLOSE = {"“": "”", "（": "）", "【": "】", "［": "］", "‘": "’"}
_FULL_OPEN = {"”": "“", "）": "（", "】": "【", "］": "［", "’": "‘"}
# The single quote is an apostrophe too: only a curly one with an ASCII
# partner on the same line, around Han, with no letter on the apostrophe's side.
_SINGLE_OPEN_MISMATCH = lazy_compile(f"‘[^‘’'\\n]*[{_HAN}][^‘’'\\n]*'(?![A-Za-z])")
_SINGLE_CLOSE_MISMATCH = lazy_compile(f"'(?<![A-Za-z]')[^‘’'\\n]*[{_HAN}][^‘’'\\n]*’")
_CODE_BEFORE_QUOTE = lazy_compile(r'(?:[=(\[{]|"\s*[:,]\s*|\\)$')
_CODE_AFTER_QUOTE = lazy_compile(r'[)\]}]|\s*:\s*["\d\[{]|\s*,\s*"')
_CJK_PUNCTUATION = "，。、；：！？…—「」『』（）《》〈〉【】“”‘’"
_HAN_OR_CJK_MARK = lazy_compile(f"[{_HAN}{_CJK_PUNCTUATION}]")
_ASCII_QUOTED_HAN = lazy_compile(f'"[^"\\n]*[{_HAN}][^"\\n]*"')
_ASCII_MARK_IN_HAN = lazy_compile(f"[{_HAN}][,;:]|[,;:][{_HAN}]|[{_HAN}][!?](?=[\\s\"”])")


class CjkBracketMismatch(textlint.Rule):
    """A quote or bracket pair of two widths, or ASCII double quotes, in Chinese text.

    ## What it does
    Finds, in Chinese prose, a pair whose two halves differ in width: a
    full-width opening with an ASCII closing or the reverse (`“说明"`,
    `"说明”`, `（输出乱码)`, `【注意]`, `‘好的'`); and ASCII double quotes
    around Chinese (`他称之为"纸"`). Each pair is one finding, at the ASCII
    half (at the opening quote for an ASCII pair).

    Single marks (`, : ; ! ?`) are Z001's; pairs are this rule's, because
    fixing one half means finding the other.

    ## Why is this bad?
    Chinese text takes full-width quotes and brackets. A pair of two widths
    is a half-converted edit or a typo on an English keyboard; ASCII quotes
    around Chinese words come from the same keyboards and from converters.
    Either looks unbalanced on the page.

    ## Example
    ```
    他称之为"纸"，结果（输出乱码)。
    ```

    ## Use instead
    ```
    他称之为“纸”，结果（输出乱码）。
    ```

    ## Legitimate uses left alone
    Pairs of one width: ASCII parentheses and brackets (`(附录)`, `[注意]`)
    are a house style, as are the corner brackets `「」` `『』` of Traditional
    Chinese (never paired with ASCII marks here). ASCII quotes around
    English or code (`"README"`, `"Hello, world"`): house styles differ,
    the rule stays silent. ASCII quotes around Chinese where they are the
    text's own style: they are reported only where they are out of place,
    in a text that writes full-width quotes more often, or in a text (three
    places) or paragraph that shows ASCII punctuation glued to Chinese
    characters (a converter or an English keyboard went over it); and
    never when set off by spaces on both sides (` "群岛" `), as Latin
    words are. ASCII quotes in an English sentence (`He said "中文"
    means`), in JSON and attributes (`"name": "值"`, `title="标题"`,
    `print("你好")`), nested inside full-width quotes, or in a paragraph
    where they do not pair up (an odd count: a lost quote).
    Markdown code and syntax (`[文本](url)`, `[^1]`); Japanese and Korean
    text; lines that are not Chinese.

    ## Fix safety
    Safe when the pair is unambiguous: both halves on one line, properly
    nested, no other pair of two widths inside or around it. The ASCII
    half becomes the full-width partner of the other (`"` → `”`, `)` →
    `）`). ASCII double quotes around Chinese become `“…”` (or `「…」` in a
    text that writes `「」` more than `“”`), safely when both are on one line
    and the quoted words are Chinese. Unsafe otherwise: a pair across lines,
    crossed widths, quotes around mostly English words.
    """

    code = "Z005"
    name = "cjk-bracket-mismatch"
    summary = "Quote or bracket pair of two widths, or ASCII quotes, in Chinese text"
    family = "Z"
    fix_applicability = "safe/unsafe"

    def check(self, doc):
        if not has_han(doc):
            return
        text = doc.text
        suspects = collections.defaultdict(list)  # paragraph span -> suspect starts
        for pattern in _PAIR_SUSPECTS:
            for match in pattern.finditer(text):
                suspects[paragraph_span(doc, match.start())].append(match.start())
        for (start, end), starts in sorted(suspects.items()):
            # Judge the text before asking Markdown where the code is: the
            # question may cost a parse, and most suspects (a call's quotes,
            # a bracket of each width) give nothing even read as prose.
            if not is_chinese_at(doc, start) or not any(self._check_paragraph(doc, start, end, _everywhere)):
                continue
            if any(doc.is_prose(offset) for offset in starts):  # code is full of ASCII quotes and parentheses
                yield from self._check_paragraph(doc, start, end)
        # (each pattern is asked only of a text that holds its curly quote)
        for curly, pattern in (("‘", _SINGLE_OPEN_MISMATCH), ("’", _SINGLE_CLOSE_MISMATCH)):
            if curly in text:
                for match in pattern.finditer(text):
                    yield from self._single_quote(doc, match)

    # -- pairs of ", (), [] in one paragraph --------------------------------------------------

    def _check_paragraph(self, doc, start: int, end: int, is_prose=None):
        text = doc.text
        is_prose = is_prose or doc.is_prose
        marks = collections.defaultdict(list)
        for match in _PAIR_CHARS.finditer(text, start, end):
            offset = match.start()
            if is_prose(offset, offset + 1):
                marks[_FAMILY[text[offset]][0]].append(offset)
        for family, offsets in marks.items():
            pairs = self._pairs(text, family, offsets)
            if pairs is None:
                continue  # they do not pair up: too ambiguous to touch
            mismatched = [(o, c, depth) for o, c, depth in pairs if _FAMILY[text[o]][2] != _FAMILY[text[c]][2]]
            for opening, closing, depth in mismatched:
                crossed = any(
                    (o < opening < c) or (opening < o < closing)
                    for o, c, _ in mismatched if (o, c) != (opening, closing)
                )
                yield from self._mismatch(doc, opening, closing, crossed)
            if family == "dq":
                for opening, closing, depth in pairs:
                    if depth == 0 and text[opening] == text[closing] == '"':
                        yield from self._ascii_quotes(doc, opening, closing)

    @staticmethod
    def _pairs(text: str, family: str, offsets: list[int]):
        """(opening, closing, depth) of each pair, or None when the marks do not pair up.

        ASCII double quotes pair among themselves when the full-width quotes
        of the paragraph pair up on their own (``“他说"走"了”``); only
        otherwise may one of them stand for a lost full-width half."""
        if family == "dq":
            full = [o for o in offsets if text[o] != '"']
            ascii_ = [o for o in offsets if text[o] == '"']
            full_pairs = _stack_pairs(text, full)
            if full_pairs is not None:
                if len(ascii_) % 2:
                    return None if ascii_ else full_pairs
                pairs = list(full_pairs)
                for o, c in zip(ascii_[::2], ascii_[1::2]):
                    inside = any(fo < o and c < fc for fo, fc, _ in full_pairs)
                    pairs.append((o, c, 1 if inside else 0))
                return pairs
        return _stack_pairs(text, offsets)

    def _mismatch(self, doc, opening: int, closing: int, crossed: bool):
        text = doc.text
        wrong = opening if text[opening] in '"([' else closing
        if not chinese_surroundings(text, opening, closing + 1):
            return
        right = text[closing] if wrong == opening else text[opening]
        replacement = _FULL_OPEN.get(right) if wrong == opening else _FULL_CLOSE.get(right)
        same_line = "\n" not in text[opening:closing]
        applicability = "safe" if same_line and not crossed else "unsafe"
        yield Finding(
            wrong,
            wrong + 1,
            f"ASCII '{text[wrong]}' paired with full-width '{right}': use '{replacement}'",
            fix=Fix([Edit(wrong, wrong + 1, replacement)], applicability, f"Replace with '{replacement}'"),
        )

    def _ascii_quotes(self, doc, opening: int, closing: int):
        text = doc.text
        content = text[opening + 1:closing]
        han = len(_HAN_CHAR.findall(content))
        if not han:
            return  # quotes around English or code: a house style
        if _CODE_BEFORE_QUOTE.search(text, max(0, opening - 8), opening) or _CODE_AFTER_QUOTE.match(text, closing + 1):
            return  # JSON, an attribute, a call: code in the prose
        before = text[:opening].rstrip(" \t")[-1:] or "\n"
        after = text[closing + 1:].lstrip(" \t")[:1] or "\n"
        if not any(c in _CJK_PUNCTUATION or _HAN_CHAR.match(c) for c in (before, after)):
            return  # a Chinese word quoted in a sentence of another language
        if not (_HAN_OR_CJK_MARK.match(text, opening - 1) if opening else False) and not _HAN_OR_CJK_MARK.match(
            text, closing + 1
        ):
            return  # set off by spaces, as Latin words are: a house style, not a slip
        if not chinese_surroundings(text, opening, closing + 1) or not self._out_of_place(doc, opening):
            return
        chinese = han >= len(_LATIN_WORD.findall(content))
        same_line = "\n" not in content
        open_mark, close_mark = _preferred_quotes(doc)
        yield Finding(
            opening,
            closing + 1,
            f"ASCII quotes around Chinese text: use '{open_mark}…{close_mark}'",
            fix=Fix(
                [Edit(opening, opening + 1, open_mark), Edit(closing, closing + 1, close_mark)],
                "safe" if chinese and same_line else "unsafe",
                f"Replace with '{open_mark}…{close_mark}'",
            ),
        )

    @staticmethod
    def _out_of_place(doc, offset: int) -> bool:
        """Whether ASCII quotes are out of place in this text: it writes
        full-width quotes more often than ASCII ones around Chinese, or it
        shows ASCII punctuation glued to Chinese characters (in three places,
        or in the paragraph itself: a converter or an English keyboard went
        over it).  Where neither holds, ASCII quotes are the text's own style."""

        def style():
            text = doc.text
            full = text.count("“") + text.count("「")
            if full > 0 and full > len(_ASCII_QUOTED_HAN.findall(text)):
                return True
            return sum(1 for _ in itertools.islice(_ASCII_MARK_IN_HAN.finditer(text), 3)) >= 3

        if doc.memoized("chinese.ascii_quotes_out_of_place", style):
            return True
        start, end = paragraph_span(doc, offset)
        return _ASCII_MARK_IN_HAN.search(doc.text, start, end) is not None

    def _single_quote(self, doc, match):
        text = doc.text
        start, end = match.span()
        wrong = end - 1 if text[start] == "‘" else start
        if _curly_quotes_pair(doc, doc.line_index(start)):
            return  # the curly quotes pair among themselves: the ASCII one is an apostrophe
        if not (is_chinese_at(doc, start) and doc.is_prose(start, end) and chinese_surroundings(text, start, end)):
            return
        replacement = "’" if wrong == end - 1 else "‘"
        yield Finding(
            wrong,
            wrong + 1,
            f"ASCII \"'\" paired with full-width '{text[start] if wrong != start else text[end - 1]}': use '{replacement}'",
            fix=Fix([Edit(wrong, wrong + 1, replacement)], "safe", f"Replace with '{replacement}'"),
        )


def _curly_quotes_pair(doc, index: int) -> bool:
    """Whether line ``index`` holds as many ‘ as ’; once a line, as a page of
    one line holds every quote."""
    return doc.line_fact("chinese.curly_quotes_pair", index, lambda line: line.count("‘") == line.count("’"))


def _everywhere(start: int, end: int) -> bool:
    """A stand-in for ``doc.is_prose`` that takes every offset for prose."""
    return True


def _stack_pairs(text: str, offsets: list[int]):
    """Pair openings and closings of either width, innermost first; ``"`` closes an
    open quote or opens one.  None when something is left unpaired."""
    stack: list[int] = []
    pairs = []
    for offset in offsets:
        role = _FAMILY[text[offset]][1]
        if role == "toggle":
            role = "close" if stack else "open"
        if role == "open":
            stack.append(offset)
        elif not stack:
            return None
        else:
            opening = stack.pop()
            pairs.append((opening, offset, len(stack)))
    return None if stack else pairs


def _preferred_quotes(doc) -> tuple[str, str]:
    """The full-width quotes the text itself writes most: 「」 (Taiwan, Hong Kong) or “”."""

    def compute():
        text = doc.text
        return ("「", "」") if text.count("「") > text.count("“") else ("“", "”")

    return doc.memoized("chinese.quotes", compute)


@textlint.hookimpl
def textlint_rules():
    return [CjkAsciiPunctuation(), PinyinAnnotation(), MixedChineseScripts(), CjkLatinSpacing(), CjkBracketMismatch()]
