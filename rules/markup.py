"""Family H: HTML left in plain text (H001 tags, H002 entities).

In a plain-text file every tag and entity is residue of a page that was
copied as source instead of as text.  In Markdown both are markup and stay
silent, except where they are plainly broken inside prose: a closing tag
that lost its ``<`` (``/span>``) and a doubly escaped entity (``&amp;nbsp;``)
render as visible junk.  Tags are recognised by HTML element names only, so
generics (``List<String>``), math (``a < b > c``), ``<3`` and addresses
(``<name@example.com>``) never look like tags.
"""
from __future__ import annotations

import bisect
import heapq
import re
from functools import lru_cache

import textlint
from textlint import Edit, Finding, Fix
from textlint.charclass import lazy_compile

# HTML element names a scraped page leaves behind (the living standard's
# list, less the obsolete and the SVG/MathML ones).
ELEMENTS = frozenset(
    """a abbr address area article aside audio b bdi bdo big blockquote body br button canvas
    caption center cite code col colgroup data datalist dd del details dfn dialog div dl dt em
    embed fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hgroup hr
    html i iframe img input ins kbd label legend li link main map mark menu meta meter nav
    noscript object ol optgroup option output p param picture pre progress q rp rt ruby s samp
    script section select small source span strike strong style sub summary sup table tbody td
    template textarea tfoot th thead time title tr track tt u ul var video wbr""".split()
)
#: Elements that are a tag even bare and alone: void elements that no
#: placeholder is named after ("<br>", unlike "cmd <input> <output>"), and
#: block and style elements that no generic type or comparison uses.
LONE_ELEMENTS = frozenset(
    """br hr img wbr p div span li ul ol tr td th tbody thead table strong em font center
    blockquote h1 h2 h3 h4 h5 h6 iframe script style sup sub figure figcaption""".split()
)

_ATTRIBUTE = r"""\s+[A-Za-z_:][-\w:.]*(?:\s*=\s*(?:"[^"\n]*"|'[^'\n]*'|[^\s"'<>=`]+))?"""
# a closing tag whose "<" was lost: "…者。/span>" (not a path or a URL)
_BROKEN = r"/(?<![<\w/.:~\\-]/)(?P<broken>[a-z][a-z0-9]{0,9}|[A-Z][A-Z0-9]{0,9})>"
TAG = lazy_compile(
    r"<!--[\s\S]{0,2000}?-->"  # COMMENT_BODY
    rf"|<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9]{{0,9}})(?P<attrs>(?:{_ATTRIBUTE})*)\s*(?P<self>/?)>"
    rf"|{_BROKEN}"
)
# TAG, less the comment's body: at each "<!--" the lazy body tries "-->" at
# each of the 2,000 places after it, which a page of unclosed comments (one
# every line) paid in full; str.find looks for the end instead.
_TAG_SCAN = lazy_compile(
    r"(?P<opener><!--)"
    rf"|<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9]{{0,9}})(?P<attrs>(?:{_ATTRIBUTE})*)\s*(?P<self>/?)>"
    rf"|{_BROKEN}"
)
COMMENT_BODY = 2000
# Markdown only looks for broken closing tags: the rest is markup.
_BROKEN_TAG = lazy_compile(_BROKEN)
_ENTITY = lazy_compile(
    r"&(?:(?P<named>[A-Za-z][A-Za-z0-9]{1,31})|#(?P<dec>[0-9]{1,7})|#[xX](?P<hex>[0-9A-Fa-f]{1,6}));"
    # the commonest entities are still read by browsers without their ";"
    # ("&nbsp "), but not before a letter, a digit or "=" (a URL's "&lt=2")
    r"|&(?P<bare>nbsp|amp|lt|gt|quot)(?![\w;=])"
)
# In Markdown an entity is markup; "&amp;" before another entity is an
# escape escaped twice, which shows the reader "&nbsp;".
_DOUBLE_ESCAPED = lazy_compile(r"&amp;(?=(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});)")

# An entity that stands for "<" right before a closing tag's "/": the tag is
# written out escaped on purpose ("&#x3C;/div>", how MDN shows code in a
# <pre>), not a tag that lost its "<".  Browsers read "&lt" without ";" too.
_ESCAPED_LT = lazy_compile(r"&(?:lt;?|LT;?|#0*60;|#[xX]0*3[cC];)\Z")
# Elements whose content is code or keyboard input, not prose: in Markdown a
# broken tag or an escaped entity inside them is shown on purpose.  Searched
# only when a candidate finding turns up, and only so far (an unclosed
# element shields nothing).
# <pre>, <script>, <style> and <textarea> run over blank lines (CommonMark's
# HTML blocks of type 1); the inline ones end with their paragraph, so a
# stray "<code>" in one paragraph shields nothing down to the next "</code>".
_CODE_ELEMENT = lazy_compile(
    r"<(?P<raw>pre|script|style|textarea)\b[^<>]{0,500}>[\s\S]{0,20000}?</(?P=raw)\s*>"
    r"|<(?P<inline>code|kbd|samp|tt|var)\b[^<>]{0,500}>(?:(?!\n[ \t]*\r?\n)[\s\S]){0,5000}?</(?P=inline)\s*>",
    re.IGNORECASE,
)

# What is left of an opening tag cut off before its attributes: a link's or
# an image's attribute with its quoted value, more attributes, and the ">".
# The pattern starts at the attribute's name, so that the engine skips to the
# letters a name can start with; the space or tab before the name that the
# match takes in, and the characters that may not come before it (a name is
# a whole word), are looked at only where a name matched (see
# _headless_matches).  Led by ``[ \t]?`` and the lookbehind instead, the
# engine tried the whole pattern at every character: a tenth of the time of
# checking real documentation went there.
_HEADLESS_TAG = lazy_compile(
    r'(?:href|src|srcset|target|rel|alt|class|style|data-[\w-]+)="[^"\n<>]{0,500}"'
    r'(?:\s+[\w:-]+(?:="[^"\n<>]{0,500}")?){0,8}\s*/?>'
)
_NOT_BEFORE_NAME = lazy_compile(r'[\w"\'=:/.-]')


def _headless_matches(text: str):
    r"""The spans ``re.finditer`` gives for ``[ \t]?(?<![\w"'=:/.-])`` followed
    by ``_HEADLESS_TAG``, left to right, without overlaps.  A name the
    lookbehind rejects is passed over one character at a time, as finditer
    would, so a match that starts inside its span is still found; a space or
    tab right before an accepted name is part of the match, which then
    starts there (the character before the previous match's end is its
    ">", so that space is never taken twice)."""
    position = 0
    while True:
        match = _HEADLESS_TAG.search(text, position)
        if match is None:
            return
        start = match.start()
        if start and _NOT_BEFORE_NAME.match(text, start - 1):
            position = start + 1
            continue
        if start and text[start - 1] in " \t":
            start -= 1
        yield start, match.end()
        position = match.end()

_NBSP_LIKE = frozenset("\u00a0\u202f\u2007")
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff")


def _is_element(name: str) -> bool:
    # Mixed case ("Map", "String") is a type or a component, not HTML.
    return (name.islower() or name.isupper()) and name.lower() in ELEMENTS


def escaped_lt_before(text: str, start: int) -> bool:
    """Whether an entity for "<" ends right at ``start``."""
    return _ESCAPED_LT.search(text, max(0, start - 8), start) is not None


def _code_elements(doc) -> tuple[list[int], list[int]]:
    """Starts and ends of the <pre>, <code>, <kbd> ... elements of a Markdown
    document (once per document, and only asked for when needed)."""
    def find():
        starts, ends = [], []
        for match in _CODE_ELEMENT.finditer(doc.text):
            starts.append(match.start())
            ends.append(match.end())
        return starts, ends

    return doc.memoized("markup.code_elements", find)


def in_code_element(doc, start: int, end: int) -> bool:
    """Whether ``doc.text[start:end]`` lies inside a code element's content."""
    if "<" not in doc.text:
        return False
    starts, ends = _code_elements(doc)
    index = bisect.bisect_right(starts, start) - 1
    return index >= 0 and ends[index] >= end


_MENTION_AFTER = lazy_compile(r"\s*(?:\.\.|…|-|–)\s*<|\s+(?:elements?|tags?)\b", re.IGNORECASE)
_MENTION_BEFORE = lazy_compile(r"(?:=|>\s*(?:\.\.|…|-|–)\s*)$")


def _named_not_used(text: str, start: int, end: int) -> bool:
    """Whether a bare tag is named rather than used: a command's metavariable
    (``--diff-merges=<style>``), a range (``<H1>..<H6>``), or a tag
    followed by the word "element" or "tag"."""
    return (
        _MENTION_BEFORE.search(text, max(0, start - 5), start) is not None
        or _MENTION_AFTER.match(text, end) is not None
    )


def tag_is_residue(text: str, match: re.Match) -> bool:
    """Whether a tag-shaped match is an HTML tag rather than math or a generic."""
    if match.group("broken"):
        if escaped_lt_before(text, match.start()):
            return False  # "&#x3C;/div>": a tag written out escaped; H002 reports the entity in plain text
        return _is_element(match.group("broken"))
    name = match.group("name")  # None for a comment
    if name is None:
        return True
    if not _is_element(name):
        return False
    if match.group("close") or match.group("attrs") or match.group("self"):
        return True
    if _named_not_used(text, match.start(), match.end()):
        return False
    if name.lower() in LONE_ELEMENTS:
        return True
    # A bare "<b>" is a tag when its "</b>" follows; alone it may be a
    # generic or a comparison ("a<b>c").
    closing = re.compile(f"</{re.escape(name)}\\s*>", re.IGNORECASE)
    return closing.search(text, match.end(), match.end() + 2000) is not None


def tag_matches(text: str):
    """What ``TAG.finditer(text)`` gives, the ends of comments found with str.find."""
    position = 0
    while (match := _TAG_SCAN.search(text, position)) is not None:
        if match.group("opener"):
            body = match.end()
            if text.find("-->", body, body + COMMENT_BODY + 3) < 0:
                position = match.start() + 1  # no comment here; nothing else starts with "<!"
                continue
            match = TAG.match(text, match.start())
        yield match
        position = match.end()


class HtmlTag(textlint.Rule):
    """HTML tags left in plain text.

    ## What it does
    Finds HTML tags (`</span>`, `<br/>`, `<p class="x">`), comments, and
    closing tags that lost their `<` (`/span>`) in plain text, and broken
    closing tags in Markdown prose; in both, what is left of an opening tag
    cut off before its attributes (`…内容 href="https://…" target="_blank">`).

    ## Why is this bad?
    Text copied from a page's source keeps its markup, which the reader of a
    plain-text file sees as noise in the middle of words.

    ## Example
    ```
    Этот инструмент наход<p class="x">ит ошибки.
    ```

    ## Use instead
    ```
    Этот инструмент находит ошибки.
    ```

    ## Legitimate uses left alone
    Inline HTML in Markdown, and HTML blocks (`<pre>`, `<table>`, `<div>` …
    as CommonMark delimits them); an HTML page's own tags; the tags other
    formats use (subtitles' `<i>`, a translation's markup); in Markdown
    and HTML, the content of `<pre>`,
    `<code>`, `<kbd>`, `<samp>` and the like; a tag written out with its `<`
    escaped (`&lt;/div>`, `&#x3C;/div>`, `&#60;/div>`: how MDN shows code, and
    in plain text H002's finding, not a lost `<`); math (`a < b > c`), `<3`,
    `<name@example.com>`, `<https://…>`, generics (`List<String>`,
    `Map<K, V>`); a bare opening tag such as `<b>` with no closing tag after
    it; anything in Markdown code.

    ## Fix safety
    Unsafe: the tag is removed; a `<br>` or `<p>` may have stood for a line
    break a person would rather keep.
    """

    code = "H001"
    name = "html-tag"
    summary = "HTML tags left in plain text"
    family = "H"
    fix_policy = textlint.FixPolicy.always(textlint.Applicability.UNSAFE)
    ordered_output = True

    def check(self, doc):
        text = doc.text
        if '="' not in text:
            yield from self._tags(doc)
            return
        # two passes, each left to right, merged (the tags first at one position)
        yield from heapq.merge(self._tags(doc), self._headless(doc), key=lambda f: (f.start, f.end))

    def _tags(self, doc):
        text = doc.text
        if "<" not in text and "/" not in text:
            return
        # in Markdown, inline HTML and comments are markup: only broken tags count
        matches = _BROKEN_TAG.finditer(text) if doc.html_is_markup else tag_matches(text)
        for match in matches:
            if not tag_is_residue(text, match):
                continue
            start, end = match.span()
            if not doc.is_prose(start, end):
                continue
            if doc.html_is_markup and in_code_element(doc, start, end):
                continue
            yield Finding(
                start,
                end,
                f"HTML tag left in the text: {match.group()[:40]!r}",
                fix=Fix([Edit(start, end)], "unsafe", "Remove the tag"),
            )

    def _headless(self, doc):
        """Attributes and ">" of a tag whose "<a" was cut off with what came
        before it (``女伶 href="https://…" target="_blank">小法式``)."""
        text = doc.text
        for start, end in _headless_matches(text):
            opened = text.rfind("<", max(0, start - 2000), start)
            if opened > text.rfind(">", max(0, start - 2000), start):
                continue  # inside a whole tag, which the pass above judged
            if not doc.is_prose(start, end) or (doc.html_is_markup and in_code_element(doc, start, end)):
                continue
            shown = text[start:end].strip()
            yield Finding(
                start,
                end,
                f"HTML tag that lost its '<' and name: {shown if len(shown) <= 40 else shown[:39] + '…'!r}",
                fix=Fix([Edit(start, end)], "unsafe", "Remove what is left of the tag"),
            )


@lru_cache(maxsize=1)
def _html5_entities() -> dict[str, str]:
    from html.entities import html5

    return html5


def entity_text(match: re.Match) -> str | None:
    """The character(s) an entity stands for, or None when it is no entity."""
    if match.group("bare"):
        return _html5_entities().get(match.group("bare"))
    if match.group("named"):
        return _html5_entities().get(match.group("named") + ";")
    code = int(match.group("dec")) if match.group("dec") else int(match.group("hex"), 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    import html

    return html.unescape(match.group())


def plain_replacement(value: str) -> str:
    """What goes in the entity's place: NBSP becomes a space, invisible
    characters vanish (S001/S002 would remove them next), the rest stays."""
    if value in _NBSP_LIKE:
        return " "
    if value in _INVISIBLE:
        return ""
    return value


def _entity_runs(text: str):
    """Entities with their values, grouped where one follows another with
    nothing between: ``&#25991;&#23383;`` is one escaped string, one defect."""
    run: list = []
    for match in _ENTITY.finditer(text):
        value = entity_text(match)
        if value is None:
            continue
        if run and run[-1][0].end() != match.start():
            yield run
            run = []
        run.append((match, value))
    if run:
        yield run


class HtmlEntity(textlint.Rule):
    """HTML entities left in plain text.

    ## What it does
    Finds HTML character references (`&nbsp;`, `&amp;`, `&#8203;`,
    `&#x2014;`) in plain text, and entities escaped twice (`&amp;nbsp;`) in
    Markdown prose.  Entities that follow one another with nothing between
    (`&#26085;&#26412;&#35486;`, a string escaped whole) are one finding.

    ## Why is this bad?
    Text taken from a page's source keeps its escapes; the reader sees
    `&nbsp;` where a space should be.

    ## Example
    ```
    La canción que e&nbsp;scuchamos ayer.
    ```

    ## Use instead
    The character itself (a plain space for `&nbsp;`).

    ## Legitimate uses left alone
    Entities in Markdown and HTML pages (they are markup), WebVTT's escapes,
    a translation's entities, and any entity in Markdown's HTML
    blocks and in the content of `<pre>`, `<code>`, `<kbd>` … elements, where
    `&amp;lt;` shows an escape on purpose; `AT&T`, `R&D`, `&` followed by a
    name that is not an HTML entity, anything in Markdown code.

    ## Fix safety
    Unsafe: the entity is replaced by its character (NBSP by a plain space,
    zero-width characters by nothing); where the entity sat inside a word it
    was probably a scraping artefact that a person may want to see.
    """

    code = "H002"
    name = "html-entity"
    summary = "HTML entities left in plain text"
    family = "H"
    fix_policy = textlint.FixPolicy.always(textlint.Applicability.UNSAFE)
    ordered_output = True

    def check(self, doc):
        if "&" not in doc.text:
            return
        if doc.html_is_markup:
            yield from self._double_escaped(doc)
            return
        for run in _entity_runs(doc.text):
            start, end = run[0][0].start(), run[-1][0].end()
            if not doc.is_prose(start, end):
                continue  # a format's own escapes (WebVTT's "&amp;", a translation's markup)
            shown = doc.text[start:end]
            what = f"{len(run)} HTML entities" if len(run) > 1 else "HTML entity"
            replacement = "".join(plain_replacement(value) for _, value in run)
            yield Finding(
                start,
                end,
                f"{what} left in the text: {shown if len(shown) <= 40 else shown[:39] + '…'!r}",
                fix=Fix([Edit(start, end, replacement)], "unsafe", "Replace them with their characters"
                        if len(run) > 1 else "Replace it with its character"),
            )

    def _double_escaped(self, doc):
        for match in _DOUBLE_ESCAPED.finditer(doc.text):
            start, end = match.span()
            if not doc.is_prose(start, end) or in_code_element(doc, start, end):
                continue
            yield Finding(
                start,
                end,
                "HTML entity escaped twice: the reader sees the entity's name",
                fix=Fix([Edit(start, end, "&")], "unsafe", "Unescape the ampersand"),
            )


@textlint.hookimpl
def textlint_rules():
    return [HtmlTag(), HtmlEntity()]
