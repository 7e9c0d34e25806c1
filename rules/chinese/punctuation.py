"""Z001: ASCII punctuation in Chinese text."""
from __future__ import annotations

import itertools

import textlint
from textlint import Edit, Finding, Fix
from textlint.charclass import lazy_compile
from textlint_rules.vocabulary import HAN as _HAN, has_han
from textlint_rules.chinese.common import (
    _CLOSING, _HAN_CHAR, _is_chinese_left, _left_of, chinese_surroundings, is_chinese_at,
)


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
# After a sentence-final "!" or "?" comes the end of the line, a space, a
# closing quote or bracket, more end punctuation, or Markdown emphasis.
_SENTENCE_END_FOLLOWERS = set(" \t\r\n\u3000\"')]*_”’" + _CLOSING)
_QUESTION_PARTICLES = set("吗呢吧么嗎麼啊呀嘛哪")
_EMOJI_SHORTCODE = lazy_compile(r":[a-z0-9_+-]+:")
_EMOJI_SHORTCODE_END = lazy_compile(r":[a-z0-9_+-]+:$")
# An inline or leaf directive of remark-directive (``:abbr[…]``, ``::video{…}``).
_DIRECTIVE = lazy_compile(r":[A-Za-z][\w-]*[\[{]")
_DAMAGE_BEFORE = lazy_compile("(?:锟斤拷|錕斤拷|锟斤|锟|錕|魹|烫烫+|燙燙+|屯屯+)$")
_DAMAGE_AHEAD = lazy_compile("锟|錕|魹|烫烫|燙燙|屯屯")
_ENTITY_BEFORE = lazy_compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6})$")


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
    fix_policy = textlint.FixPolicy.always(textlint.Applicability.SAFE)
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
