"""Family C: images lost on the way out of a web page, and the captions they left (C001, C002).

A scraper that keeps only text turns each ``<img>`` into nothing, or into a
line holding a lone ``?`` (a character it could not encode) or U+FFFC OBJECT
REPLACEMENT CHARACTER; the caption under the image survives as a line that now
describes nothing.  Both rules look at whole lines: one compiled multiline
pattern finds the candidates, so clean text costs one scan per rule and the
Markdown structure is only parsed when a candidate line turns up.
"""
from __future__ import annotations

import re

import textlint
from textlint import Edit, Finding, Fix
from textlint.charclass import lazy_compile

# A line that holds only what is left of an image: one "?" (a lone question
# mark line is not prose in any language), or object replacement / replacement
# characters.  A little indentation is allowed (scraped Chinese text indents
# with U+3000); a deeply indented "?" is code (a YAML complex key).
_INDENT = r"(?:[ \t]{0,3}|\u3000{1,2})"
_LOST_IMAGE_LINE = re.compile(rf"^{_INDENT}(?:\?|[\ufffc\ufffd]{{1,3}})[ \t]*\r?$", re.MULTILINE)

# Symbols that scraped Chinese articles put in front of a caption ("▲ 图为…").
# A number right after the symbol is a price or index move (股价▲3%), not a
# caption, and the symbol must open the line.
_CAPTION_SYMBOLS = "▲△↑"
_SYMBOL_CAPTION = rf"[{_CAPTION_SYMBOLS}][ \t\u3000]*(?![\d+\-.,%％])\S"
# Caption labels followed by a colon: "图：", "Figure 3:", "Photo: ", "Фото: ".
# Latin and Cyrillic labels are capitalised (or all capitals): "image: {"
# is a key in code, not a caption.
_CJK_LABELS = ["图", "圖", "图片", "圖片", "图片来源", "圖片來源", "图源", "圖源", "配图", "配圖",
               "摄影", "攝影", "写真", "図", "画像", "사진"]
_WORD_LABELS = ["Figure", "Fig.", "Photo", "Photograph", "Image", "Picture", "Photo credit",
                "Image credit", "Image source", "Foto", "Bild", "Abbildung", "Abb.", "Imagen",
                "Figura", "Crédit photo", "Фото", "Рисунок", "Рис."]
_NUMBER = r"[ \t]*(?:\d{1,3}(?:\.\d{1,2})?)?[ \t]*"
_CJK_LABEL = "|".join(map(re.escape, _CJK_LABELS))
_WORD_LABEL = "|".join(map(re.escape, _WORD_LABELS + [w.upper() for w in _WORD_LABELS]))
# "图/视觉中国" and "사진=연합뉴스" are captions too; "Photo/Video" is not.
_LABEL_CAPTION = (
    rf"[（(]?(?:(?:{_CJK_LABEL}){_NUMBER}[：:=／/]|(?:{_WORD_LABEL}){_NUMBER}[：:])[ \t]*[^\s{{\[(<]"
)
# "图为…" ("the picture shows…"), "图片来自…", "Photo by … on Unsplash" open
# a caption without a colon.
_SHOWS_CAPTION = r"(?:图为|圖為|图片来自|圖片來自)\S|(?:Photo|Image|Illustration) (?:by|courtesy of) \S"
_CAPTION_LINE = re.compile(
    rf"^{_INDENT}(?:{_SYMBOL_CAPTION}|{_LABEL_CAPTION}|{_SHOWS_CAPTION})[^\n]*$",
    re.MULTILINE,
)
# The same two patterns for every line but the first, anchored at the line
# break before the line: a scan for "\n" runs in C at memchr speed, while
# "^" in multiline mode is tried at every position of the text.  The line
# itself is group 1.
_LOST_IMAGE_AFTER_BREAK = re.compile("\n(" + _LOST_IMAGE_LINE.pattern[1:] + ")", re.MULTILINE)
_CAPTION_AFTER_BREAK = lazy_compile("\n(" + _CAPTION_LINE.pattern[1:] + ")", re.MULTILINE)


def _matching_lines(text: str, pattern, after_break):
    """(offset, text) of each line ``pattern`` (``^...$``) matches, in order:
    what ``pattern.finditer(text)`` finds, in a fraction of the time."""
    first = pattern.match(text)
    if first:
        yield first.start(), first.group()
    for match in after_break.finditer(text):
        yield match.start(1), match.group(1)


#: A caption is a short line; a long one that opens with a label is prose.
MAX_CAPTION_LENGTH = 160

# What counts as an image on the line before a caption: a Markdown image
# (inline or by reference), an HTML <img>/<picture>/<figure>, an MDX <Image>.
_IMAGE = re.compile(r"!\[[^\]\n]*\]\s*[(\[]|<(?:img|picture|figure|image|svg|video)\b", re.IGNORECASE)
#: How far back (in non-blank lines) a caption may look for its image, past
#: other caption lines ("▲ photo" then "图片来源：…").
_LOOK_BACK = 3


def line_removal(doc, first: int, last: int) -> Edit:
    """Remove lines ``first..last`` (0-based, inclusive) with one line ending.

    The line ending removed is the one before the lines when there is one,
    so a last line without a final newline leaves no dangling one behind and
    removals of neighbouring lines never overlap; for the first line of the
    text it is the one after.  Lines standing alone between blank lines take
    one of the blank lines with them, so no double gap is left.
    """
    starts, lines = doc.line_starts, doc.lines
    start = starts[first]
    end = doc.line_span(last)[1]
    blank_around = (
        first > 0 and not lines[first - 1].strip()
        and last + 2 < len(starts) and not lines[last + 1].strip()
    )
    if blank_around:
        return Edit(start, starts[last + 2])
    if first > 0:
        return Edit(doc.line_span(first - 1)[1], end)
    if last + 1 < len(starts):
        return Edit(start, starts[last + 1])
    return Edit(start, end)


def _prose_line(doc, index: int) -> bool:
    start, end = doc.line_span(index)
    return start < end and doc.is_prose(start, end)


class LostImage(textlint.Rule):
    """A line that holds only `?` or U+FFFC where an image was.

    ## What it does
    Finds lines that hold nothing but a lone `?`, or U+FFFC OBJECT
    REPLACEMENT CHARACTER / U+FFFD REPLACEMENT CHARACTER: what a scraper or
    an encoder leaves where an image stood.

    ## Why is this bad?
    The reader sees a stray question mark between paragraphs, and the image
    (and often its caption, see C001) is gone without a trace.

    ## Example
    ```
    商家獲得了更多的流量。
    ?
    ▲ 螞蟻金服 CEO 井賢棟
    ```

    ## Use instead
    Put the image back, or delete the line.

    ## Legitimate uses left alone
    A question mark inside a sentence; a `?` line inside a Markdown code block.

    ## Fix safety
    Unsafe: the line is removed, which is right when the image cannot be
    recovered, but a person should decide whether to restore it instead.
    """

    code = "C002"
    name = "lost-image"
    summary = "A line that only holds `?` or U+FFFC where an image was"
    family = "C"
    fix_applicability = "unsafe"

    def check(self, doc):
        if "?" not in doc.text and "\ufffc" not in doc.text and "\ufffd" not in doc.text:
            return
        for offset, _ in _matching_lines(doc.text, _LOST_IMAGE_LINE, _LOST_IMAGE_AFTER_BREAK):
            index = doc.line_index(offset)
            if not _prose_line(doc, index):
                continue
            start, end = doc.line_span(index)
            mark = doc.text[start:end].strip()
            yield Finding(
                start,
                end,
                f"Line holds only {mark!r}: an image was lost here",
                fix=Fix([line_removal(doc, index, index)], "unsafe", "Remove the line"),
            )


class OrphanCaption(textlint.Rule):
    """An image caption with no image before it.

    ## What it does
    Finds caption lines (`▲ …`, `△ …`, `↑ …`, `图：…`, `图片来源：…`, `图为…`,
    `Figure 3: …`, `Photo: …` and their kin in other languages) that do not
    follow an image.

    ## Why is this bad?
    When a page is scraped to text the images are dropped and their captions
    stay behind, describing a picture the reader cannot see.

    ## Example
    ```
    ?
    ▲ 螞蟻金服 CEO 井賢棟
    ```

    ## Use instead
    Restore the image above the caption, or remove the caption.

    ## Legitimate uses left alone
    In Markdown, a caption right after `![…](…)` or an `<img>` (blank lines
    and other caption lines between are fine); `▲` inside a sentence or
    before a number (`股价▲3%`); lists whose lines all open with the same
    symbol; long lines that merely start with a label.

    ## Fix safety
    Unsafe: the caption line is removed; a person may prefer to restore the
    image it belongs to.
    """

    code = "C001"
    name = "orphan-caption"
    summary = "A caption line with no image before it"
    family = "C"
    fix_applicability = "unsafe"

    def check(self, doc):
        for offset, line in _matching_lines(doc.text, _CAPTION_LINE, _CAPTION_AFTER_BREAK):
            caption = line.strip()
            if len(caption) > MAX_CAPTION_LENGTH:
                continue
            index = doc.line_index(offset)
            if _in_symbol_list(doc, index) or _follows_image(doc, index):
                continue
            if not _prose_line(doc, index):
                continue
            start, end = doc.line_span(index)
            yield Finding(
                start,
                end,
                "Caption with no image before it: the image was lost",
                fix=Fix([line_removal(doc, index, index)], "unsafe", "Remove the caption line"),
            )


def _is_caption(line: str) -> bool:
    return bool(_CAPTION_LINE.match(line))


def _follows_image(doc, index: int) -> bool:
    """Whether an image stands above the caption, past blank and caption lines."""
    lines = doc.lines
    seen = 0
    for previous in range(index - 1, -1, -1):
        line = lines[previous]
        if not line.strip():
            continue
        if _IMAGE.search(line):
            return True
        seen += 1
        if seen >= _LOOK_BACK or not _is_caption(line):
            return False
    return False


def _in_symbol_list(doc, index: int) -> bool:
    """Lines that all open with the same symbol are a list, not captions."""
    symbol = doc.lines[index].lstrip(" \t\u3000")[:1]
    if symbol not in _CAPTION_SYMBOLS:
        return False
    for neighbour in (index - 1, index + 1):
        if 0 <= neighbour < len(doc.lines) and doc.lines[neighbour].lstrip(" \t\u3000")[:1] == symbol:
            return True
    return False


@textlint.hookimpl
def textlint_rules():
    return [OrphanCaption(), LostImage()]
