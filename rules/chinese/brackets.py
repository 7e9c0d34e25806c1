"""Z005: a bracket or quote of one width closed by one of the other."""
from __future__ import annotations

import collections
import itertools

import textlint
from textlint import Edit, Finding, Fix
from textlint.charclass import lazy_compile
from textlint_rules.vocabulary import HAN as _HAN, has_han
from textlint_rules.chinese.common import (
    _HAN_CHAR, _LATIN_WORD, chinese_surroundings, is_chinese_at, paragraph_span,
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
    fix_policy = textlint.FixPolicy.always(textlint.Applicability.SAFE, textlint.Applicability.UNSAFE)

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
