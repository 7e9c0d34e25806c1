"""Family C: images lost on the way out of a web page, and the captions they left (C001, C002).

A scraper that keeps only text turns each ``<img>`` into nothing, into a line
holding a lone ``?`` (a character it could not encode) or U+FFFC OBJECT
REPLACEMENT CHARACTER, or into the image's alt text (``图片``, ``[image]``);
the caption and the credit under the image survive as lines that now describe
nothing.  C002 reports the line that stands where the image was (``?``,
U+FFFC, a placeholder word), C001 the captions and credits.

Both rules look at whole lines: compiled multiline patterns find the
candidates (lines that open with a caption mark, or end with a credit), so
clean text costs a few C-speed scans, and the Markdown structure and the
neighbouring lines are only looked at when a candidate turns up.  The two
rules share that work through the document's memo.

Headings are short lines too, so a short line alone is never taken for a
caption: it needs a caption's own signal (a ▲ mark, figure numbering, a label
such as ``Photo:``, a credit, a placeholder word), or, for the weak signals
(``来源：``, ``Source:``), a place right under a lost image or another caption.
"""
from __future__ import annotations

import heapq
import re

import textlint
from textlint import Edit, Finding, Fix
from textlint.charclass import lazy_compile
from textlint_rules.edits import remove_lines


def _alternation(words) -> str:
    """A regex alternation of ``words`` grouped by their first character.

    ``re`` tries the branches of an alternation one after the other at each
    place; grouped by first character, a place that opens none of the words
    is turned away after one comparison per group, not one per word.  A word
    may be a (word, pattern) pair: the pattern follows that word only.
    """
    groups: dict[str, list[tuple[str, str]]] = {}
    for entry in dict.fromkeys(words):
        word, after = (entry, "") if isinstance(entry, str) else entry
        groups.setdefault(word[0], []).append((word[1:], after))
    branches = []
    for first, rests in groups.items():
        rests.sort(key=lambda rest: len(rest[0]), reverse=True)
        if rests == [("", "")]:
            branches.append(re.escape(first))
        else:
            inner = "|".join(re.escape(rest) + after for rest, after in rests)
            branches.append(f"{re.escape(first)}(?:{inner})")
    return "|".join(branches)


# A line that holds only what is left of an image: one "?" (a lone question
# mark line is not prose in any language), or object replacement / replacement
# characters.  A little indentation is allowed (scraped Chinese text indents
# with U+3000); a deeply indented "?" is code (a YAML complex key).
_INDENT = r"(?:[ \t]{0,3}|\u3000{1,2})"
LOST_IMAGE_LINE = lazy_compile(rf"^{_INDENT}(?:\?|[\ufffc\ufffd]{{1,3}})[ \t]*\r?$", re.MULTILINE)

# Spaces inside a caption line: French puts a (narrow) no-break space before
# the colon ("Photo : AFP"), Chinese and Japanese use U+3000.
_SP = r"[ \t\u00a0\u202f\u3000]"
# A caption set in italics or bold by an HTML-to-Markdown converter.
_EMPHASIS = r"(?:\*{1,2}|_{1,2})?"

# Symbols that scraped Chinese articles put in front of a caption ("▲ 图为…").
# A number right after the symbol is a price or index move (股价▲3%), not a
# caption, and the symbol must open the line.
_CAPTION_SYMBOLS = "▲△↑"
_SYMBOL_CAPTION = rf"[{_CAPTION_SYMBOLS}][ \t\u3000]*(?![\d+\-.,%％])\S"

# Caption and credit labels followed by a colon: "图：", "Figure 3:",
# "Photo: ", "Фото: ", "摄影：".  Latin and Cyrillic labels are capitalised
# (or all capitals): "image: {" is a key in code, not a caption.
_CJK_LABELS = ["图", "圖", "图片", "圖片", "图片来源", "圖片來源", "图源", "圖源", "配图", "配圖",
               "摄影", "攝影", "图片提供", "圖片提供", "供图", "供圖", "写真", "図", "画像", "사진"]
_WORD_LABELS = ["Figure", "Fig.", "Photo", "Photograph", "Photography", "Image", "Picture", "Illustration",
                "Photo credit", "Photo credits", "Image credit", "Image credits", "Image source",
                "Credit", "Foto", "Bild", "Bildquelle", "Abbildung", "Abb.", "Imagen", "Figura",
                "Crédit", "Crédit photo", "Crédits photo", "Фото", "Рисунок", "Рис.",
                # Vietnamese, Polish, Turkish photo credits: "Ảnh: Giang Huy", "Fot. Jan Kowalski"
                "Ảnh", "Fot.", "Fotoğraf"]
_NUMBER = rf"{_SP}*(?:\d{{1,3}}(?:\.\d{{1,2}})?)?{_SP}*"
_CJK_LABEL = _alternation(_CJK_LABELS)
_WORD_LABEL = _alternation(_WORD_LABELS + [w.upper() for w in _WORD_LABELS])
# "图/视觉中国" and "사진=연합뉴스" are captions too; "Photo/Video" is not.
# What follows the label: not "{", "[", "(" or "<", which open templates
# and code ("Image: {src}", "image: ["), but a Markdown link or an autolink is
# a credit too ("图片来源：[Jane Doe](…)", "图片来源：<http://…>").
_VALUE = r"(?:[^\s{\[(<]|\[[^\]\n]+\]\(|<https?:)"
_LABEL_CAPTION = (
    rf"[（(]?(?:(?:{_CJK_LABEL}){_NUMBER}[：:=／/]|(?:{_WORD_LABEL}){_NUMBER}[：:])[ \t]*{_VALUE}"
)
# Source labels are weak: "来源：新华社" heads many a news article and
# "Source: https://…" cites a paragraph's numbers.  They are credits only
# right under a lost image or a caption.
_SOURCE_LABELS = ["资料来源", "資料來源", "数据来源", "數據來源", "来源", "來源", "出处", "出處", "出典",
                  "출처", "Source", "Sources", "SOURCE", "Quelle", "Quellen", "Fuente", "Fonte", "Источник"]
_SOURCE_CAPTION = rf"[（(]?(?:{_alternation(_SOURCE_LABELS)}){_SP}*[：:=]{_SP}*{_VALUE}"

# Figure numbering without a colon: "图1  界面", "图 2-3 架构", "図1　外観",
# "Fig. 4 Results", "Figure 5. The cockpit", "Рисунок 2 — Схема".  What
# follows the number tells a caption from prose that refers to the figure:
# "图1显示了…", "图 2 中的…", "図1は…", "Figure 3 shows…" are sentences.
_FIGURE_NUMBER = r"(?:\d{1,3}(?:[.\-–]\d{1,3}){0,2}[a-z]?|[①-⑳])"
_CJK_FIGURE = "图|圖|図|그림"
_CJK_NOT_CAPTION = (
    r"(?:显示|顯示|展示|所示|表明|表示|说明|說明|描述|反映|给出|給出|列出|可见|可見|可以|为例|為例|"
    r"中(?![国國文心央部小华華东東西南北期型])|里(?!程)|裡|内(?![蒙部容])|內(?![蒙部容])|"
    r"的|是|和(?![平谐諧])|与|與|及|至|到|图|圖|[~〜はがのをにでともへ])"
)
_CJK_NUMBERED = (
    rf"(?:{_CJK_FIGURE}){_SP}?{_FIGURE_NUMBER}(?:{_SP}*[：:．.、|—–\-]{_SP}*|{_SP}+)"
    rf"(?!{_CJK_NOT_CAPTION})[^\s,，。;；、:：]"
)
_FIGURE_WORDS = ["Figure", "FIGURE", "Fig.", "Fig", "FIG.", "FIG", "Abbildung", "Abb.", "Figura", "Figur",
                 "Afbeelding", "Bild", "Grafik", "Рисунок", "Рис.", "Hình", "Gambar", "Şekil", "Rys.", "Obr."]
_WORD_FIGURE = _alternation(_FIGURE_WORDS)
_WORD_NUMBERED = (
    rf"(?:{_WORD_FIGURE}){_SP}*{_FIGURE_NUMBER}"
    rf"(?:{_SP}*[:：]{_SP}*|\.{_SP}+|{_SP}+[—–\-|]{_SP}+|{_SP}{{2,}}|\t"
    rf"|{_SP}(?!(?:In|On|At|Is|As|Of|To|Or|And|Shows|Illustrates|Depicts|Compares)\b)"
    rf"(?=[A-ZÀ-ÖØ-ÞА-ЯЁ]))[^\s]"
)
# Table captions ("表1", "Table 2:") are left alone: a table is text and
# survives scraping, so its caption is seldom an orphan.

# "图为…" ("the picture shows…"), "上图：…" / "下图为…" ("the picture
# above / below"), "图片来自…", "Photo by … on Unsplash" open a caption
# without a colon.  "如图所示" ("as the figure shows") is prose.
_SHOWS_CAPTION = (
    r"[（(]?(?:图为|圖為|(?:图片|圖片)(?:来自|來自|来源于|來源於|源自|转自|轉自)|(?:上|下|左|右)(?:图|圖)(?:[：:]|为|為))\S"
    r"|(?:Photo|Image|Illustration|Photograph) (?:by|courtesy of|via) \S"
)
# A line that is only an image's placeholder: the alt text or the word a
# scraper or a reader mode puts where the picture was, or the counter of a
# slideshow ("图片1/2", "Photo 3 of 12").  C002 reports these.
_PLACEHOLDER_WORDS = ["图片", "圖片", "配图", "配圖", "插图", "插圖", "资料图", "資料圖", "资料图片", "資料圖片",
                      "img", "IMG", "image", "Image", "IMAGE", "画像", "이미지"]
_BRACKETED_WORDS = _PLACEHOLDER_WORDS + ["图", "圖", "照片", "photo", "Photo", "PHOTO", "picture",
                                         "Picture", "figure", "Figure", "写真", "사진", "Bild", "Foto",
                                         "Imagen", "Изображение", "Фото", "相关资料图", "相關資料圖", "网络配图",
                                         "網絡配圖", "示意图", "示意圖"]
_COUNTED_WORDS = ["图片", "圖片", "图", "圖", "Image", "Photo", "Picture", "Slide", "Bild", "Foto", "写真", "画像"]
_PLACEHOLDER = (
    # "**==> picture [227 x 211] intentionally omitted <==**", as PDF converters write it
    rf"(?:==> picture \[[^\]\n]{{0,40}}\] intentionally omitted <==\**"
    rf"|(?:{_alternation(_PLACEHOLDER_WORDS)})"
    rf"|(?:{_alternation(_COUNTED_WORDS)}){_SP}*\d{{1,3}}{_SP}*(?:/|of|von|de|из){_SP}*\d{{1,3}}"
    rf"|[\[【〔(（](?:{_alternation(_BRACKETED_WORDS)})(?:{_SP}*[:：]{_SP}*[^\]】〕)）\n]{{0,120}})?[\]】〕)）])"
    rf"{_SP}*\r?$"
)

# The characters a caption line can open with (after its indentation and
# emphasis): a line that opens with any other is turned away at once.
_OPENERS = "".join(sorted(
    {word[0] for word in _CJK_LABELS + _WORD_LABELS + _SOURCE_LABELS + _PLACEHOLDER_WORDS + _COUNTED_WORDS}
    | {word[0].upper() for word in _WORD_LABELS}
    | {word[0] for word in _FIGURE_WORDS}
    | set(_CAPTION_SYMBOLS + "（([【〔=" + "图圖上下左右PI" + "图圖図그")
))
CAPTION_LINE = lazy_compile(
    rf"^{_INDENT}{_EMPHASIS}(?=[{re.escape(_OPENERS)}])"
    rf"(?:{_SYMBOL_CAPTION}|{_LABEL_CAPTION}|{_SHOWS_CAPTION}|{_CJK_NUMBERED}"
    rf"|{_WORD_NUMBERED}|{_SOURCE_CAPTION}|{_PLACEHOLDER})[^\n]*$",
    re.MULTILINE,
)
# "…的模样。▲图为娜扎…": a ▲ caption glued into the running text, after the
# end of a sentence or of a title, and opening with 图 ("picture").
_INLINE_CAPTION = lazy_compile(
    rf"(?<=[。！？!?”」』）)\w]){_SP}*[▲△]{_SP}*(?:图|圖)(?:为|為|左|右|上|下|中|片|源|\d|[：:])"
)
# Each kind on its own, to tell a candidate line's kind (tried in this order).
_KINDS = [
    ("placeholder", lazy_compile(rf"{_INDENT}{_EMPHASIS}{_PLACEHOLDER}")),
    ("symbol", lazy_compile(rf"{_INDENT}{_EMPHASIS}{_SYMBOL_CAPTION}")),
    ("numbered", lazy_compile(rf"{_INDENT}{_EMPHASIS}(?:{_CJK_NUMBERED}|{_WORD_NUMBERED})")),
    ("label", lazy_compile(rf"{_INDENT}{_EMPHASIS}(?:{_LABEL_CAPTION}|{_SHOWS_CAPTION})")),
    ("source", lazy_compile(rf"{_INDENT}{_EMPHASIS}{_SOURCE_CAPTION}")),
]

# Credits at the end of a short line: "… 波音官网", "李明 摄", "…（图片来源：网络）",
# "… (Getty Images)", "…/Reuters", "The jet at rest. Photo: Jane Doe".  The
# pattern starts at the credit's own words, so it is tried only where one of
# them stands; what must come before it is checked on the line.
_AGENCIES = ["Getty Images", "Reuters", "AFP", "AP Photo", "Shutterstock", "Alamy",
             "Unsplash", "Pexels", "Wikimedia Commons", "Xinhua", "Bloomberg", "EFE", "ANSA", "Anadolu",
             # Arabic news captions end with the agency in brackets: "(الأناضول)", "(رويترز)"
             "الأناضول", "رويترز", "الفرنسية", "أسوشيتد برس", "غيتي", "الأوروبية", "شترستوك", "مواقع التواصل"]
_PHOTO_AGENCIES = ("Getty Images", "AP Photo", "Shutterstock", "Alamy", "Unsplash", "Pexels", "Wikimedia Commons")
_CJK_CREDITS = ["官网", "官網", "官方网站", "官方網站", "官方微博", "官博", "供图", "供圖", "新华社", "新華社",
                "视觉中国", "視覺中國", "东方IC", "東方IC", "图虫创意", "圖蟲創意"]
_SHOT = ["拍摄", "拍攝", "摄影", "攝影", "摄", "攝"]
_PAREN_WORDS = ["图", "圖", "图片", "圖片", "图源", "圖源", "摄影", "攝影", "Photo", "Image", "Credit", "Foto", "AP Photo"]
_CREDIT_WORDS = ["Photo", "Photograph", "Image", "Picture", "Illustration", "Credit", "Foto", "Bild", "Фото", "Ảnh",
                 "Fotoğraf"]
# "…訪問華南海鮮市場。攝：Thomas Peter/Reuters": a credit label after the caption.
_CJK_CREDIT_LABELS = ["摄", "攝", "摄影", "攝影", "图", "圖", "图片", "圖片", "图片来源", "圖片來源", "图源", "圖源",
                      "供图", "供圖"]
_LINE_END = rf"{_SP}*\r?$"
# One alternation whose every branch opens with a literal character: ``re``
# then skips ahead to the characters that can start one instead of trying
# the whole pattern at every place, and the branches are grouped by that
# character, so a capital letter that opens no credit costs one comparison
# per group.
_CREDIT_TAIL = lazy_compile(
    _alternation(
        [(word, rf"[)）]?(?:[，,]?下同|[（(]下同[)）])?[)）]?。?{_LINE_END}") for word in _CJK_CREDITS + _SHOT]
        + [(word, rf"[)）]?{_LINE_END}") for word in _AGENCIES]
        + [(paren, rf"(?:{_alternation(_PAREN_WORDS)})[^)）\n]{{0,40}}[)）]{_LINE_END}") for paren in "(（"]
        + [(word, rf"(?: credits?)?{_SP}*[:：]{_SP}*[^\s:：][^.!?:;。\n]{{0,60}}\r?$") for word in _CREDIT_WORDS]
        + [(word, rf"{_SP}*[:：]{_SP}*[^\s:：][^。！？；\n]{{0,60}}\r?$") for word in _CJK_CREDIT_LABELS]
        # a line that is only the picture's file name: "1559505642149_1.jpg"
        + [(".", rf"(?:jpe?g|JPE?G|png|PNG|gif|GIF|webp){_LINE_END}")]
    ),
    re.MULTILINE,
)


_CJK_LABELLED_CREDIT = lazy_compile(rf"(?:{_alternation(_CJK_CREDIT_LABELS)}){_SP}*[:：]")


def _credit_kind(credit: str) -> str:
    if _CJK_LABELLED_CREDIT.match(credit):
        return "cjkword"
    if credit.startswith(tuple(_CJK_CREDITS)):
        return "cjk"
    if credit.startswith(tuple(_SHOT)):
        return "shot"
    if credit.startswith(tuple(_AGENCIES)):
        return "agency"
    if credit.startswith(("(", "（")):
        return "paren"
    return "word"


# What must stand before each kind of credit on its line.
_BEFORE_CREDIT = {
    # "… 波音官网", but not "详见 波音官网" (a pointer to the site)
    "cjk": lazy_compile(
        rf"\S(?<![见見请請到去在])(?<!访问|訪問|参考|參考|前往|登录|登錄|打开|打開|进入|進入|下载|下載|点击|點擊|查看)"
        rf"{_SP}*[ \t\u3000/／|]\S{{1,16}}$"
    ),
    # "李明 摄", "李明/摄", "新华社记者聂建江摄", "…(10月13日攝)。"
    "shot": lazy_compile(
        rf"\S{_SP}*[ \t\u3000/／]$|(?:记者|記者|通讯员|通訊員){_SP}*[\u4e00-\u9fff·]{{2,6}}{_SP}*$"
        # a date in brackets: "(10月13日無人機拍攝)", not "（实物拍摄）"
        rf"|[（(][^()（）\n]{{0,16}}(?:\d[日年月号]|无人机|無人機|资料|資料)[^()（）\n]{{0,8}}$"
    ),
    "agency": lazy_compile(rf"\S.*(?:[(（/|／]|\bvia|\bby){_SP}*$|\S.*[(（][^)）]*$|^{_INDENT}[(（]$"),
    "paren": lazy_compile(r"\S"),
    "word": lazy_compile(rf"\S.*(?:[.!?。|/—–]{_SP}+|{_SP}[|/—–\-]{_SP}*)$"),
    "cjkword": lazy_compile(rf"\S.*(?:[。！？.!?]{_SP}*|[^\W\d_]{_SP}+)$"),
}
#: A caption that ends with a credit is a short line, unless the credit
#: is a photo credit in brackets ("… (AP Photo/Jane Doe)"), which only a
#: caption ends with: news captions run to several sentences.
MAX_CREDIT_LINE_LENGTH = 100
MAX_BRACKETED_CREDIT_LINE_LENGTH = 600
_BRACKETED_PHOTO_CREDIT = lazy_compile(
    r"[(（][^()（）]*(?:Photo|Foto|Image|Credit|Getty Images|Shutterstock|图|圖|摄|攝)[^()（）]*[)）]。?\s*$"
)

# The same two patterns for every line but the first, anchored at the line
# break before the line: a scan for "\n" runs in C at memchr speed, while
# "^" in multiline mode is tried at every position of the text.  The line
# itself is group 1.
LOST_IMAGE_AFTER_BREAK = lazy_compile("\n(" + LOST_IMAGE_LINE.pattern[1:] + ")", re.MULTILINE)
CAPTION_AFTER_BREAK = lazy_compile("\n(" + CAPTION_LINE.pattern[1:] + ")", re.MULTILINE)


def matching_lines(text: str, pattern, after_break):
    """(offset, text) of each line ``pattern`` (``^...$``) matches, in order:
    what ``pattern.finditer(text)`` finds, in a fraction of the time."""
    first = pattern.match(text)
    if first:
        yield first.start(), first.group()
    for match in after_break.finditer(text):
        yield match.start(1), match.group(1)


#: A caption is a short line; a long one that opens with a label is prose.
MAX_CAPTION_LENGTH = 160
#: An untitled caption between a lost image and its credit ("图片", then
#: "试飞当天的跑道", then "来源：网络") is shorter still.
MAX_BARE_CAPTION_LENGTH = 40

# What counts as an image near a caption: a Markdown image (inline or by
# reference), an HTML <img>/<picture>/<figure>, an MDX <Image>, a wiki
# [[File:…]], a reStructuredText or AsciiDoc image directive, a Hugo
# shortcode, or a figure drawn with box-drawing characters.
_IMAGE = lazy_compile(
    r"!\[[^\]\n]{0,300}\][ \t]*[(\[]"
    # HTML and JSX: <img>, <figure>, <ThemedImage>, <ZoomImg>, <Screenshot>, <Mermaid>
    r"|<[\w.]{0,30}?(?:img|picture|figure|image|svg|video|iframe|screenshot|diagram|mermaid|chart)\b"
    r"|\[\[(?:File|Image|Datei|Fichier|Файл|文件|ファイル):|\.\. (?:image|figure)::|^image::"
    r"|\{\{[<%]\s*/?\s*(?:figure|img|image|mermaid|gallery)\b|[\u2500-\u257f]{3}",
    re.IGNORECASE | re.MULTILINE,
)
#: How far back a caption may look for its image: blocks (runs of non-blank
#: lines) and non-blank lines, whichever ends first.
_LOOK_BACK_BLOCKS = 3
_LOOK_BACK_LINES = 12
# A "key: value" line, as in a list of fields ("Name: …", "Title: …").
_KEY_VALUE = lazy_compile(rf"{_INDENT}[^\s:：]{{1,30}}(?: [^\s:：]+){{0,2}}{_SP}*[:：](?:\s|$)")
# What a numbered caption says: two Han or kana characters, or two words.
_CAPTION_WORDS = lazy_compile(
    r"[\d①-⑳]\D*(?:[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{2}|[^\W\d_]{2,}\W+[^\W\d_]{2,}|[^\W\d_]{4,})"
)
_FIGURE_NUMBER_AT = lazy_compile(_FIGURE_NUMBER)
# "Figure 1: Architecture ........ 12": a line of a list of figures.
_PAGE_NUMBER = lazy_compile(r"(?:\.{3,}|…{2,}|·{3,}|\.(?: \.){2,})\s*\d+\s*$")
_BARE_PLACEHOLDER = lazy_compile(rf"{_INDENT}(?:{_alternation(_PLACEHOLDER_WORDS)}){_SP}*\r?$")
# Lines that are structure, not prose: list items, arrows of a diagram, a
# bare name.
_STRUCTURAL_LINE = lazy_compile(
    r"[ \t]*(?:[-*+•·][ \t]|\d{1,3}[.)][ \t]|[↓↑→←⇓⇒|│┃▼✓✔✗✘○●►▶└├┌]|[A-Za-z0-9_.-]{1,20}[ \t]*\r?$)"
)
_IMAGE_FILE_LINE = lazy_compile(rf"{_INDENT}[\w\-.%]{{1,80}}\.(?:jpe?g|png|gif|webp){_SP}*\r?", re.IGNORECASE)
# "(10月13日無人機拍攝)。": a news photo's date, which only a caption ends with.
_PHOTO_DATE = lazy_compile(r"[（(][^()（）]{0,16}(?:\d[日年月号]|无人机|無人機)[^()（）]{0,8}(?:摄|攝)[)）]。?\s*$")
_LIST_ITEM = lazy_compile(r"[ \t]*(?:[-*+•·][ \t]|\d{1,3}[.)][ \t])")
# The same without bare names: a ▲ caption may well stand over "Share".
_LIST_OR_TREE_LINE = lazy_compile(r"[ \t]*(?:[-*+•·][ \t]|\d{1,3}[.)][ \t]|[↓↑→←⇓⇒|│┃▼✓✔✗✘○●►▶└├┌])")
# What command-line tools print after a ▲: "▲ Next.js 16.1.6", "▲ [WARNING] …".
_LOG_SYMBOL = lazy_compile(r"[ \t]*▲[ \t]*(?:\[|Next\.js|Vercel)")
# "上图为 leveldb 的写入过程，我们只需要关注…。": a sentence of a tutorial
# that points at a figure, not its caption (which says what it shows, and
# stops).
_POINTER_SENTENCE = lazy_compile(
    r"[（(]?(?:(?:上|下|左|右)(?:图|圖).*(?:[，,；;]|[。！？](?=.))|(?:图为|圖為).*[。！？](?=.))"
)
_PHOTO_LABELS = ["图片来源", "圖片來源", "图源", "圖源", "摄影", "攝影", "供图", "供圖", "图片提供", "圖片提供",
                 "图片来自", "圖片來自", "Photo", "Photograph", "Illustration", "Image credit", "Image source",
                 "Credit", "Crédit",
                 "Bildquelle", "Foto", "Фото", "写真", "사진"]
_UNDER_ITS_PICTURE = lazy_compile(rf"[（(]?(?:{_alternation(_PHOTO_LABELS)})")
_POINTER = lazy_compile(r"[（(]?(?:下图|下圖|图为|圖為)")
# The end of a line that a sentence goes on from (a hard-wrapped paragraph).
_OPEN_END = lazy_compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff0-9,;\-–]$")
_SENTENCE_END = lazy_compile(r"[。！？.!?：:;；]$")


def line_removal(doc, index: int, first: int | None = None, last: int | None = None) -> Edit:
    """Remove line ``index`` (0-based) with one line ending.

    ``first`` and ``last`` bound the run of lines that C001 and C002 remove
    together (a `?`, the caption under it, its credit), so that the fixes
    of one run agree: each line takes the line ending before it, or after it
    in a run that opens the text, and the last line of a run standing alone
    between blank lines also takes one of the blank lines, so no double gap
    is left, whichever of the fixes are applied together.
    """
    lines = doc.lines
    first = index if first is None else first
    last = index if last is None else last
    if first == 0:
        return remove_lines(doc, index, index, ending_after=True)
    blank_around = not lines[first - 1].strip() and last + 2 < len(doc.line_starts) and not lines[last + 1].strip()
    if blank_around and index == last:
        return remove_lines(doc, index, last + 1)
    return remove_lines(doc, index, index)


def _removal_fix(doc, index: int, message: str) -> Fix | None:
    """Removing the line, unless it holds markup whose removal would break the
    file (an HTML page's "</p>", a subtitle's timing): then the finding is shown
    without a fix.  Plain text has none, and a Markdown line's inline markup
    goes with its line."""
    if not doc.knows_blocks and not doc.is_prose(*doc.line_span(index)):
        return None
    return Fix([_removal(doc, index)], "unsafe", message)


def _removal(doc, index: int) -> Edit:
    """The edit that removes line ``index``, in agreement with its run."""
    first, last = _removal_run(doc, index)
    return line_removal(doc, index, first, last)


def _removal_run(doc, index: int) -> tuple[int, int]:
    """The (first, last) line of the run of lines C001 and C002 remove
    together, ``index`` among them; each run is walked once."""
    runs: dict[int, tuple[int, int]] = doc.memoized("captions.runs", dict)
    known = runs.get(index)
    if known is None:
        orphans = orphan_lines(doc)
        lost = doc.memoized("captions.lost_set", lambda: frozenset(_lost_lines(doc)))

        def removed(line: int) -> bool:
            return line >= 0 and (line in lost or orphans.kind(line) is not None)

        first = last = index
        while removed(first - 1):
            first -= 1
        while removed(last + 1):
            last += 1
        known = (first, last)
        for member in range(first, last + 1):
            runs[member] = known
    return known


def _lost_lines(doc) -> list[int]:
    """The prose lines that hold only `?`, U+FFFC or U+FFFD."""
    def compute():
        lost = []
        if "?" in doc.text or "\ufffc" in doc.text or "\ufffd" in doc.text:
            for offset, _ in matching_lines(doc.text, LOST_IMAGE_LINE, LOST_IMAGE_AFTER_BREAK):
                index = doc.line_index(offset)
                if _prose_line(doc, index):
                    lost.append(index)
        return lost
    return doc.memoized("captions.lost", compute)


def _prose_line(doc, index: int) -> bool:
    start, end = doc.line_span(index)
    return start < end and doc.is_prose(start, end)


def _prose_start(doc, index: int) -> bool:
    """Whether the line opens with prose (a credit may end in a link)."""
    start, end = doc.line_span(index)
    start += len(doc.lines[index]) - len(doc.lines[index].lstrip())
    return start < end and doc.is_prose(start, start + 1)


class LostImage(textlint.Rule):
    """A line that holds only `?`, U+FFFC or a placeholder word where an image was.

    ## What it does
    Finds the line that stands where an image stood:

    - a lone `?`, or U+FFFC OBJECT REPLACEMENT CHARACTER / U+FFFD
      REPLACEMENT CHARACTER: what an encoder leaves of the image;
    - a placeholder: a line that is only `图片`, `img`, `Image`, `[image]`,
      `【图片】`, `[Image: alt text]`, a slideshow's counter (`图片1/2`,
      `Photo 2 of 12`), the picture's file name (`20230412_0931_2.jpg`) or a
      PDF converter's note (`==> picture [227 x 211] intentionally omitted
      <==`): what a scraper, a reader mode or a converter writes in its
      place.  A bare word or file name counts only between paragraphs (see
      below).

    A placeholder is the image's stand-in, not something said about the
    image, so it is this rule's: one lost image gives one C002 where it
    stood, and a C001 for each caption or credit line left under it.

    ## Why is this bad?
    The reader sees a stray question mark or a bare "图片" between
    paragraphs, and the image (and often its caption, see C001) is gone.

    ## Example
    ```
    商家獲得了更多的流量。
    ?
    ▲ 螞蟻金服 CEO 井賢棟
    ```
    ```
    The jet completed its first test flight last week.
    [image]
    Engineers inspected the engines afterwards.
    ```

    ## Use instead
    Put the image back, or delete the line.

    ## Legitimate uses left alone
    A question mark inside a sentence; a `?` line inside a Markdown code
    block; the same words as a heading (`# 图片`, `Image` over `=====`), a
    list item, a table cell, one of a list of names (`img`, `span`, `div`,
    `logo.png`), a name over a list item or a signature, a box in a diagram
    drawn with arrows: a bare word or file name is reported only when the
    text next to it on one side at least ends a sentence or is a caption.
    A placeholder near a real image in Markdown.

    ## Fix safety
    Unsafe: the line is removed, which is right when the image cannot be
    recovered, but a person should decide whether to restore it instead.

    ## Options
    None.
    """

    code = "C002"
    name = "lost-image"
    summary = "A line that only holds `?`, U+FFFC or a placeholder such as `图片` where an image was"
    family = "C"
    fix_policy = textlint.FixPolicy.sometimes(textlint.Applicability.UNSAFE)
    ordered_output = True  # line by line

    def check(self, doc):
        orphans = orphan_lines(doc)
        # each placeholder candidate decided when its turn comes: no further
        placeholders = (
            index for index in orphans.order
            if orphans.candidates[index] == "placeholder" and orphans.kind(index) == "placeholder"
        )
        for index in heapq.merge(_lost_lines(doc), placeholders):
            start, end = doc.line_span(index)
            mark = doc.text[start:end].strip()
            what = "the placeholder " if kind_is_placeholder(doc, index) else "only "
            yield Finding(
                start,
                end,
                f"Line holds {what}{mark!r}: an image was lost here",
                fix=_removal_fix(doc, index, "Remove the line"),
            )


class OrphanCaption(textlint.Rule):
    """An image caption or credit with no image near it.

    ## What it does
    Finds the lines a lost image leaves behind when a page is scraped to
    text:

    - captions: `▲ …`, `△ …`, `↑ …`; labelled ones (`图：…`, `Photo: …`,
      `Фото: …`, `摄影：…`, `写真：…`, `사진=…`, `Ảnh: …`); numbered figures (`图1  界面`, `图 2-3 架构`,
      `图① …`, `Fig. 4 Results`, `Figure 5: …`, `Рисунок 2 — …`); `图为…`, `上图：…`,
      `下图为…`, `Photo by … on Unsplash`;
    - short lines that end with a credit: `… 波音官网`, `李明 摄`,
      `… 拍攝，下同`, `…（图片来源：网络）`, `… (Getty Images)`, a credit
      alone (`(Getty Images)`), `… Photo: Jane Doe`, `…。攝：…/Reuters`,
      Arabic `… (رويترز)`, a news photo's date `…（4月11日摄）。`, a
      reporter's credit `新华社记者王强摄`; a news caption of several
      sentences when it ends with a photo credit in brackets
      (`… (AP Photo/Jane Doe)`);
    - credit and source lines (`资料来源：…`, `来源：…`, `Source: …`) when
      they stand right under a lost image (a C002 line: `?`, `图片`,
      `[image]`) or another caption; elsewhere such a line cites the text,
      not a picture.  A short untitled line between a lost image and such a
      credit is the caption and is reported too;
    - `▲图为…` glued into a line of running text by a crawler that dropped
      the line breaks with the image (`…的模样。▲图为娜扎…`): the mark and its
      label are reported, without a fix.

    The placeholder that stands where the image was (`图片`, `[image]`) is
    C002's; this rule reports what was said about the image.

    Each line is its own finding: a caption and the credit under it are two
    findings, each with a fix that removes its own line, so removing one
    never leaves the other unreported.

    ## Why is this bad?
    The images are gone and their captions stay behind, describing a
    picture the reader cannot see, often between two sentences of a
    paragraph.

    ## Example
    ```
    研究者比较了各个街区的步行指数。
    图2  某地图网站的查询界面
    资料来源:https://example.com
    步行指数越高，房价往往也越高。
    ```

    ## Use instead
    Restore the image above the caption, or remove the caption and its
    credit:
    ```
    研究者比较了各个街区的步行指数。
    步行指数越高，房价往往也越高。
    ```

    ## Legitimate uses left alone
    - A caption near its image: an image (`![…](…)`, `<img>`, MDX
      `<Image>`, `.. figure::`, a Hugo shortcode, a figure drawn with
      box-drawing characters) within the three blocks above; a figure
      caption may also stand one block over its image, a pointer
      (`下图为…`, `图为…`) three; a code, HTML or table block right above
      (a diagram), or right below a figure caption, counts as the image too;
    - headings and short lines without a caption's signal (`## Installation`,
      `第一章 概述`, `Step 2: configure`), list items, table cells;
    - prose that refers to a figure: `如图所示`, `图1显示了…`, `图 2 中的…`,
      `Figure 3 shows…`, a line ending with `:` that introduces a figure
      (`下图为系统架构：`), a tutorial's sentence about one
      (`上图为写入过程，我们…`), a label inside a sentence
      (`labelled Photo: it opens…`) or continuing a hard-wrapped one;
    - fields (`Photo: …` between `Name: …` lines), lists of figures
      (`图1 …` over `图2 …`, or with page numbers; but a bilingual pair,
      `图1 …` over `Fig.1 …`, is one caption), lists whose lines all open
      with ▲ (unless each is dated like a news photo), ▲ in a command's
      output (`▲ Next.js 16`), lists of links (`Python 官网` among short
      lines), `详见 波音官网`;
    - `▲` before a number (`股价▲3%`); long lines that merely start with a
      label, or end with `(Reuters)`;
    - table captions (`表1`, `Table 2:`): a table is text and survives scraping;
    - `来源：…` / `Source: …` anywhere but under a lost image or a caption.

    ## Fix safety
    Unsafe: the line is removed; a person may prefer to restore the image
    it belongs to.  A caption glued into running text has no fix: nothing
    marks where it ends and the text goes on.

    ## Options
    None.
    """

    code = "C001"
    name = "orphan-caption"
    summary = "A caption or image credit with no image near it"
    family = "C"
    fix_policy = textlint.FixPolicy.sometimes(textlint.Applicability.UNSAFE)
    ordered_output = True  # line by line, and by position within a line

    def check(self, doc):
        orphans = orphan_lines(doc)
        inline: dict[int, list[tuple[int, int]]] = {}
        for start, end in _inline_captions(doc):
            inline.setdefault(doc.line_index(start), []).append((start, end))
        previous = None
        for index in heapq.merge(orphans.in_order(), sorted(inline)):
            if index == previous:
                continue  # an orphan line with a caption glued into it
            previous = index
            line = [Finding(start, end, "Caption glued into the text: the image was lost")
                    for start, end in inline.get(index, ())]
            kind = orphans.kind(index)
            if kind is not None and kind != "placeholder":  # the placeholder is C002's
                start, end = doc.line_span(index)
                if kind == "source":
                    message = "Image credit with no image: the image was lost"
                    fix_message = "Remove the credit line"
                else:
                    message = "Caption with no image before it: the image was lost"
                    fix_message = "Remove the caption line"
                line.append(Finding(start, end, message, fix=_removal_fix(doc, index, fix_message)))
            # the whole line's finding starts before a caption glued into it
            yield from sorted(line, key=lambda f: (f.start, f.end)) if len(line) > 1 else line


def _inline_captions(doc) -> list[tuple[int, int]]:
    """(start, end) of each ``▲图为…`` a scraper glued into a line of text.

    Only the mark and its label are reported, without a fix: where the
    caption ends and the text goes on again is not written anywhere.
    """
    text = doc.text
    if "▲" not in text and "△" not in text:
        return []
    spans = []
    for match in _INLINE_CAPTION.finditer(text):
        start = match.start()
        index = doc.line_index(start)
        if not text[doc.line_starts[index]:start].strip(" \t\u3000*_"):
            continue  # opens its line: a caption line, see _find_orphans
        if _IMAGE.search(text, doc.line_starts[index], start):
            continue  # right after its image
        if doc.is_prose(start, match.end()) and not _near_image(doc, index, below=0):
            spans.append((start, match.end()))
    return spans


def kind_is_placeholder(doc, index: int) -> bool:
    return orphan_lines(doc).kind(index) == "placeholder"


def _orphans(doc) -> dict[int, str]:
    """What C001 and C002 share: the orphan lines, line index -> kind, found once per document."""
    return orphan_lines(doc).all()


def orphan_lines(doc) -> "_OrphanLines":
    return doc.memoized("captions.orphans", lambda: _OrphanLines(doc))


def _candidates(doc) -> dict[int, str]:
    """Line index -> kind of each line with a caption signal of its own.

    The cheap part: one scan for lines that open with a mark, one for lines
    that end with a credit.  A document without either costs no more.
    """
    text = doc.text
    kinds: dict[int, str] = {}
    for offset, line in matching_lines(text, CAPTION_LINE, CAPTION_AFTER_BREAK):
        for kind, pattern in _KINDS:
            if pattern.match(line):
                kinds[doc.line_index(offset)] = kind
                break
    for match in _CREDIT_TAIL.finditer(text):
        index = doc.line_index(match.start())
        if index in kinds:
            continue
        line = doc.lines[index]
        size = len(line.strip())
        if size > MAX_BRACKETED_CREDIT_LINE_LENGTH:
            continue  # prose (and the patterns below stay linear)
        before = line[: match.start() - doc.line_starts[index]]
        credit = match.group()
        if credit.startswith("."):
            if _IMAGE_FILE_LINE.fullmatch(line):
                kinds[index] = "placeholder"
            continue
        if not _BEFORE_CREDIT[_credit_kind(credit)].search(before) and not (
            not before.strip() and credit.startswith(_PHOTO_AGENCIES)
        ):
            continue  # "Getty Images" alone is a credit; "Reuters" alone is a wire story's byline
        if size <= MAX_CREDIT_LINE_LENGTH:
            kinds[index] = "credit"
        elif _BRACKETED_PHOTO_CREDIT.search(line):
            kinds[index] = "long credit"
    return kinds


class _OrphanLines:
    """The candidates (and the untitled captions between them and a lost
    image) that are orphans, line index -> kind, worked out in line order
    and only as far as asked: C001 and C002 stopped at a findings cap leave
    the rest of a page full of captions unread.

    Deciding a line reads only the lines and findings above it, and the
    line below it only to learn it is the untitled caption over a credit:
    once the candidates up to ``index`` + 1 are decided, what is known of
    the lines up to ``index`` is final."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self.candidates = _candidates(doc)
        self.order = sorted(self.candidates)
        self.decided = 0  # self.order[:decided] are decided
        self.found: dict[int, str] = {}
        self.final: list[int] = []  # the orphan lines decided, in line order

    def kind(self, index: int) -> str | None:
        """The kind of orphan line ``index`` is, or None."""
        while self.decided < len(self.order) and self.order[self.decided] <= index + 1:
            self._decide()
        return self.found.get(index)

    def all(self) -> dict[int, str]:
        while self.decided < len(self.order):
            self._decide()
        return self.found

    def in_order(self):
        """The orphan lines in line order, each once it is final."""
        position = 0
        while True:
            while position >= len(self.final):
                if self.decided >= len(self.order):
                    return
                self._decide()
            yield self.final[position]
            position += 1

    def _decide(self) -> None:
        index = self.order[self.decided]
        self.decided += 1
        self._judge(index)
        # the untitled caption over this line (index - 1, no candidate) and
        # this line are now final, and every line above them already was
        for line in (index - 1, index):
            if line in self.found and (not self.final or self.final[-1] < line):
                self.final.append(line)

    def _judge(self, index: int) -> None:
        doc, candidates, found = self.doc, self.candidates, self.found
        lines = doc.lines

        def gap(index: int) -> bool:
            """A lost image: a `?` line or a placeholder (found: lines are taken in order)."""
            return found.get(index) == "placeholder" or bool(LOST_IMAGE_LINE.match(lines[index]))

        untitled = None  # the untitled caption between a lost image and this credit
        kind = candidates[index]
        line = lines[index]
        caption = line.strip()
        longest = MAX_BRACKETED_CREDIT_LINE_LENGTH if kind == "long credit" else MAX_CAPTION_LENGTH
        if len(caption) > longest or caption.count("\t") >= 2:
            return  # prose, or a row of a table
        previous = _previous_non_blank(lines, index)
        if kind == "source":
            # a credit only under a lost image, a caption, or an untitled
            # line right under a lost image
            if previous is None:
                return
            if previous in found or gap(previous):
                pass
            elif (
                previous == index - 1
                and previous not in candidates
                and _bare_caption(lines[previous])
                and (before := _previous_non_blank(lines, previous)) is not None
                and gap(before)
                and _may_be_caption(doc, previous)
            ):
                untitled = previous
            else:
                return
        if kind != "placeholder" and caption.rstrip("*_").endswith((":", "：")):
            return  # introduces what follows: prose
        if kind == "credit" and _among_short_lines(lines, index, candidates):
            return
        if kind in ("label", "source") and _in_field_list(lines, index, candidates):
            return
        if kind == "numbered" and _numbered_sentence(caption, lines, index, candidates):
            return
        if kind == "label" and _POINTER_SENTENCE.match(caption):
            return
        if kind == "symbol" and (_in_symbol_list(doc, index) or _LOG_SYMBOL.match(line) or any(
            0 <= neighbour < len(lines) and neighbour not in candidates
            and _LIST_OR_TREE_LINE.match(lines[neighbour])
            for neighbour in (index - 1, index + 1)
        )):
            return  # a list, a tree or the output of a command ("▲ Next.js 16", "  - Local: …")
        if kind == "placeholder" and _not_between_paragraphs(lines, index, candidates):
            return
        if kind != "symbol" and previous == index - 1 and not gap(previous) and previous not in found:
            if _continues_sentence(lines[previous]):
                return
        if not _may_be_caption(doc, index) or _near_image(doc, index, _blocks_below(kind, caption)):
            return
        if untitled is not None:
            found[untitled] = "caption"
        found[index] = kind


def _previous_non_blank(lines: list[str], index: int) -> int | None:
    for previous in range(index - 1, -1, -1):
        if lines[previous].strip():
            return previous
    return None


def _bare_caption(line: str) -> bool:
    """A short line without a sentence's end: what an untitled caption looks like."""
    text = line.strip()
    return 0 < len(text) <= MAX_BARE_CAPTION_LENGTH and not _SENTENCE_END.search(text)


def _may_be_caption(doc, index: int) -> bool:
    """Prose that is neither a heading, a list item nor a table row."""
    if not _prose_start(doc, index) or _LIST_ITEM.match(doc.lines[index]):
        return False
    block = doc.block_at(index)  # None where the format knows no blocks
    if block is not None and (
        block.kind in ("heading", "table") or "list_item" in block.containers
    ):
        return False
    lines = doc.lines
    if index + 1 < len(lines) and re.fullmatch(r"[ \t]*(?:=+|-+)[ \t]*\r?", lines[index + 1]):
        return False  # a setext heading in plain text too
    return True


def _continues_sentence(previous: str) -> bool:
    """Whether a line without an end goes on into the next one: a line of
    a hard-wrapped paragraph is long, but not longer than a wrap width."""
    text = previous.rstrip()
    return 40 <= len(text) <= 120 and bool(_OPEN_END.search(text))


def _among_short_lines(lines: list[str], index: int, candidates: dict[int, str]) -> bool:
    """``Python 官网`` between ``相关链接`` and ``PyPI 主页`` is a list of
    links: a caption stands next to a paragraph, a blank line, a lost image
    or another caption on one side at least."""
    for neighbour in (index - 1, index + 1):
        if not 0 <= neighbour < len(lines) or neighbour in candidates:
            return False
        text = lines[neighbour].strip()
        if not text or len(text) > MAX_BARE_CAPTION_LENGTH or _SENTENCE_END.search(text):
            return False
        if LOST_IMAGE_LINE.match(lines[neighbour]):
            return False
    return True


def _in_field_list(lines: list[str], index: int, candidates: dict[int, str]) -> bool:
    """``Photo: …`` among ``Name: …`` lines is a field, not a caption."""
    for neighbour in (index - 1, index + 1):
        if 0 <= neighbour < len(lines) and neighbour not in candidates and _KEY_VALUE.match(lines[neighbour]):
            return True
    return False


def _numbered_sentence(caption: str, lines: list[str], index: int, candidates: dict[int, str]) -> bool:
    """A numbered line that is a sentence, a line of a list of figures, or
    no caption at all ("圖 5 zg", a word, its count and its tag).

    Next to a line of another number it is a list of figures ("图1 …",
    "图2 …"); next to one of the same number it is the other half of a
    bilingual caption ("图1 …", "Fig.1 …"), as papers print them.
    """
    if "，" in caption and caption.endswith("。"):
        return True
    if not _CAPTION_WORDS.search(caption) or _PAGE_NUMBER.search(caption):
        return True
    number = _FIGURE_NUMBER_AT.search(caption)
    for neighbour in (index - 1, index + 1):
        if candidates.get(neighbour) == "numbered":
            other = _FIGURE_NUMBER_AT.search(lines[neighbour])
            if not number or not other or other.group() != number.group():
                return True
    return False


def _not_between_paragraphs(lines: list[str], index: int, candidates: dict[int, str]) -> bool:
    """A bare placeholder word (``image``, ``图片``) stands between paragraphs.

    Docs use the same words as names: in a list of names (``img`` between
    ``span`` and ``div``), over a list item or a signature (``Image`` then
    ``get_image(…)``), in a diagram drawn with arrows.  So the line next to
    it on either side must be no list item, arrow or bare name, and the
    nearest text on one side at least must end a sentence or be a caption.
    A bracketed placeholder or a slideshow counter says what it is.
    """
    if not _BARE_PLACEHOLDER.match(lines[index]) and not _IMAGE_FILE_LINE.fullmatch(lines[index]):
        return False
    for neighbour in (index - 1, index + 1):
        if 0 <= neighbour < len(lines) and _STRUCTURAL_LINE.match(lines[neighbour]):
            return True
    for step in (-1, 1):
        neighbour = index + step
        while 0 <= neighbour < len(lines) and not lines[neighbour].strip():
            neighbour += step
        if not 0 <= neighbour < len(lines):
            continue
        if neighbour in candidates or LOST_IMAGE_LINE.match(lines[neighbour]):
            return False
        if _SENTENCE_END.search(lines[neighbour].rstrip()) and not lines[neighbour].rstrip().endswith((":", "：")):
            return False
    return True


def _blocks_below(kind: str, caption: str) -> int:
    """How many blocks below a caption its picture may stand.

    A credit, a ▲ ("the picture above") and a photo label stand under their
    picture; a figure caption may stand over it; a pointer ("下图为…",
    "图为…架构", then "如下：") a few blocks over it.
    """
    if kind in ("symbol", "source", "credit", "long credit") or _UNDER_ITS_PICTURE.match(caption):
        return 0
    if _POINTER.match(caption):
        return _LOOK_BACK_BLOCKS
    return 1


def _near_image(doc, index: int, below: int = 1) -> bool:
    """Whether an image stands within a few blocks above the caption, or
    ``below`` blocks below it, or a diagram (a code, HTML or table block)
    right above it in Markdown."""
    lines = doc.lines
    blocks = seen = 0
    in_block = False
    for previous in range(index - 1, max(-1, index - 1 - 8 * _LOOK_BACK_LINES), -1):
        line = lines[previous]
        if not line.strip():
            in_block = False
            continue
        if not in_block:
            in_block = True
            blocks += 1
            if blocks > _LOOK_BACK_BLOCKS:
                break
            if blocks == 1:
                block = doc.block_at(previous)
                if block is not None and block.kind in ("code", "html", "mdx", "table"):
                    return True
        if _IMAGE.search(line):
            return True
        seen += 1
        if seen >= _LOOK_BACK_LINES:
            break
    # below: a caption over its picture, or a pointer to it ("图为…架构", "如下：", the image)
    blocks = seen = 0
    in_block = False
    for following in range(index + 1, min(len(lines), index + 1 + 4 * _LOOK_BACK_LINES)):
        line = lines[following]
        if not line.strip():
            in_block = False
            continue
        if not in_block:
            in_block = True
            blocks += 1
            if blocks > below:
                break
            if blocks == 1:
                block = doc.block_at(following)
                if block is not None and block.kind in ("code", "html", "mdx"):
                    return True  # a diagram under its caption
        if _IMAGE.search(line):
            return True
        seen += 1
        if seen >= _LOOK_BACK_LINES // 2:
            break
    return False


def _in_symbol_list(doc, index: int) -> bool:
    """Lines that all open with the same symbol are a list, not captions."""
    symbol = doc.lines[index].lstrip(" \t\u3000")[:1]
    if symbol not in _CAPTION_SYMBOLS or _PHOTO_DATE.search(doc.lines[index]):
        return False  # "↑…(10月13日攝)。" lines: the captions of a gallery
    for neighbour in (index - 1, index + 1):
        if 0 <= neighbour < len(doc.lines) and doc.lines[neighbour].lstrip(" \t\u3000")[:1] == symbol:
            return True
    return False


@textlint.hookimpl
def textlint_rules():
    return [OrphanCaption(), LostImage()]
