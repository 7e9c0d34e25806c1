"""Family D: text that a scraper copied more than once (D001, D002, D003).

D001 and D002 look inside one document.  D003 looks across the whole run:
it is a :class:`textlint.CorpusRule`, whose map step (``summarize``) turns
each file into the hashes of its normalised lines and whose reduce step
(``merge``) adds those up, so the engine can run the map step on a process
pool or a Dask cluster and check each file against the merged counts.
"""
from __future__ import annotations

import hashlib
import math
import operator
import re
from collections import Counter
from itertools import accumulate, compress, count, islice

import textlint
from textlint import Edit, Finding, Fix
from textlint.charclass import lazy_compile
from textlint_rules.edits import remove_lines

# A repeat worth reporting holds at least one letter: rows of dashes, stars,
# numbers or "?" lines repeat on purpose (separators, data, C002's business).
_LETTER = lazy_compile(r"[^\W\d_]")
_SPACES = lazy_compile(r"\s+")
# Lines that are syntax shared by every page of a documentation site, not
# text: container directives (":::note"), fences, MDX imports and exports,
# a line holding one tag.
_SYNTAX_LINE = lazy_compile(r":{3,}|```|~~~|(?:import|export)\s|<[^<>]*>$")
_HEADING_LOOK = lazy_compile(r"#{1,6}(?:\s|$)|<h[1-6][\s>]", re.IGNORECASE)
_HTML_HEADING = lazy_compile(r"\s*<h[1-6][\s>]", re.IGNORECASE)
_FENCE = lazy_compile(r"\s*(?:```|~~~)")
# A chunk of Markdown that is surely not one paragraph of prose: a fence, or
# lines that end as statements and blocks of code do.  Only used to skip the
# Markdown parse; the parse decides what is a paragraph.
_CODE_LIKE = lazy_compile(r"^(?:```|~~~)|[;{}\[]$|\A<[^\n]*>\Z", re.MULTILINE)
# East Asian wide characters carry about as much text as two Latin letters.
_WIDE = lazy_compile(r"[\u1100-\u115f\u2e80-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]")

#: Markdown blocks whose lines are prose a scraper could have repeated.
_TEXT_BLOCKS = ("paragraph",)


def width(text: str) -> int:
    """Length in Latin-letter units: a CJK character counts two."""
    return len(text) + len(_WIDE.findall(text))


def normalise(line: str) -> str:
    return _SPACES.sub(" ", line).strip()


def _same_paragraph(doc, index: int) -> bool:
    """In Markdown, both lines must sit in one paragraph: table rows, list
    items and code lines that look alike are separate blocks or not prose."""
    if not doc.knows_blocks:
        return True
    if doc.is_markdown:
        from textlint.markdown import quick_same_paragraph

        quick = quick_same_paragraph(doc, index)
        if quick is not None:
            return quick  # certain without parsing the document
    block = doc.block_at(index)
    return block is not None and block.kind in _TEXT_BLOCKS and block is doc.block_at(index - 1)


# -- D001: which repeated lines are debris -----------------------------------------------------

#: Lines that are nothing but a scraped page's link labels, buttons and
#: social widgets (compared case-folded, without the decoration around them:
#: see _label).  Repeated, they carry nothing; a line outside this list may be
#: a refrain, a chant or a table row repeated on purpose.  Words that a song
#: or a poem could repeat as a line of its own ("More", "Next", "Follow") are
#: left out on purpose.
DEBRIS_LABELS = frozenset(
    label.strip()
    for label in """
    read more|read the full story|continue reading|keep reading|see more|show more|view more|load more
    |learn more|view details|see details|click here|click to view|click for more|share|share this
    |share this article|share this post|tweet|like|reply|print|subscribe|back to top|copy link
    |view case|view all|download|advertisement|expand|collapse
    |查看案例|查看更多|查看详情|查看詳情|查看全文|阅读原文|閱讀原文|阅读全文|閱讀全文|阅读更多|閱讀更多
    |点击查看|點擊查看|点击这里|點擊這裡|点击阅读|點擊閱讀|展开全文|展開全文|了解更多|瞭解更多
    |分享|收藏|点赞|點讚|點贊|转发|轉發|评论|評論|回复|回覆|举报|舉報|返回顶部|返回頂部|在看
    |続きを読む|もっと見る|詳細を見る|詳しくはこちら|詳細はこちら|記事を読む|シェア|ツイート|いいね
    |返信|共有|ページトップへ|トップへ戻る
    |weiterlesen|mehr lesen|mehr erfahren|mehr anzeigen|hier klicken|teilen|antworten|gefällt mir
    |drucken|nach oben|zum artikel
    |lire la suite|lire plus|en savoir plus|voir plus|afficher plus|cliquez ici|partager|répondre
    |j'aime|j’aime|imprimer|retour en haut
    |leer más|seguir leyendo|ver más|más información|haz clic aquí|haga clic aquí|compartir
    |responder|me gusta|imprimir|volver arriba
    |читать далее|читать дальше|читать полностью|подробнее|узнать больше|показать ещё|показать еще
    |нажмите здесь|поделиться|ответить|нравится|мне нравится|печать|наверх
    """.split("|")
)
# Decoration a page puts around a label: arrows, guillemets, ellipses,
# brackets, Markdown emphasis ("READ MORE »", "【查看详情】", "**Weiterlesen**").
_LABEL_DECORATION = "»«›‹→←▶►▸•·->< .…:：!！|[]【】()（）「」『』*_~\"'“”"
_URL_LINE = lazy_compile(r"<?(?:https?://|www\.)[^\s<>]+>?")
_LINK_LINE = lazy_compile(
    r"\[(?P<label>[^\[\]\n]{1,80})\]\((?P<url>[^()\s]+)\)"
    r"|<a\s[^<>]*?href=[\"']?(?P<href>[^\"'\s<>]+)[^<>]*>(?P<text>[^<>\n]{1,80})</a\s*>",
    re.IGNORECASE,
)


def _label(line: str) -> str:
    return _SPACES.sub(" ", line.strip(_LABEL_DECORATION + " \t")).casefold()


def is_debris(line: str, extra: frozenset[str] = frozenset()) -> bool:
    """Whether a stripped line is a link label, a button or a bare URL, whose
    repeat a safe fix may remove (see RepeatedLine's "Fix safety")."""
    if _URL_LINE.fullmatch(line):
        return True
    link = _LINK_LINE.fullmatch(line)
    if link:
        label, url = link.group("label") or link.group("text"), link.group("url") or link.group("href")
        return label == url or bool(_URL_LINE.fullmatch(label)) or is_debris(label, extra)
    label = _label(line)
    return label in DEBRIS_LABELS or label in extra


class RepeatedLine(textlint.Rule):
    """A line identical to the line before it.

    ## What it does
    Finds each non-blank line that repeats the line right before it, one
    finding per repeat (fifteen `查看案例` in a row give fourteen findings).

    ## Why is this bad?
    Link labels ("Read more", "查看案例"), buttons and teasers of a scraped
    page collapse into runs of the same line that no reader wants.

    ## Example
    ```
    查看案例
    查看案例
    查看案例
    ```

    ## Use instead
    ```
    查看案例
    ```

    ## Legitimate uses left alone
    Refrains that are not consecutive; lines without a letter (separators,
    numbers); in Markdown, table rows, list items that look alike, code and
    HTML blocks (only lines of one paragraph are compared).  A line of a
    stanza: a block of three or more lines, not all one line, three in four of them a few
    words long (3 to 12 words, or 4 to 24 CJK characters, at most 60
    characters), as songs and poems are written ("Happy birthday to you"
    twice).  A line that ends as a code statement does (`endif()`,
    `return 0;`, `}`).  Chants, plain-text tables and other lines repeated on purpose
    are reported, but only an unsafe fix touches them (see below); debris
    is reported wherever it stands.

    ## Fix safety
    Safe only when the repeated line is clearly page debris; unsafe for every
    other line, because deleting a line of a song, a poem or a table changes
    what the text says.  The repeat is removed with its line ending and the
    first line is kept exactly as it was.

    A line is debris, and its repeats go with `fix`, when it is (once
    surrounding arrows, guillemets, ellipses, brackets and emphasis such as
    `»`, `→`, `…`, `【】`, `**` are set aside, ignoring case):
    - a link label, button or widget of a web page:
      English "Read more", "Continue reading", "See more", "Learn more",
      "Click here", "Share", "Tweet", "Like", "Reply", "Print", "Back to top";
      Chinese `查看案例`, `查看更多`, `查看详情`, `阅读原文`, `阅读全文`,
      `点击查看`, `展开全文`, `了解更多`, `分享`, `收藏`, `点赞`, `转发`,
      `评论`, `回复` (and their Traditional forms);
      Japanese `続きを読む`, `もっと見る`, `詳細を見る`, `シェア`, `ツイート`,
      `いいね`; German "Weiterlesen", "Mehr erfahren", "Teilen",
      "Antworten"; French "Lire la suite", "En savoir plus", "Partager",
      "Répondre"; Spanish "Leer más", "Seguir leyendo", "Ver más",
      "Compartir"; Russian "Читать далее", "Подробнее", "Поделиться",
      "Ответить" (`textlint_rules.repeats.DEBRIS_LABELS` holds the full list);
    - nothing but a URL (`https://…`, `www.…`, `<https://…>`), or a link
      (`[label](url)`, `<a href="url">label</a>`) whose label is such a
      label or the URL itself.

    Words a song may repeat as a line of its own ("More", "Next", "Ha!")
    are not debris.  `--unsafe-fixes` removes the repeats of any line.

    ## Options
    - `extra-debris` (default `[]`): more lines, compared as above, whose
      repeats the safe fix removes (a site's own "Saiba mais").
    """

    code = "D001"
    name = "repeated-line"
    summary = "A line identical to the line before it"
    family = "D"
    fix_policy = textlint.FixPolicy.always(textlint.Applicability.SAFE, textlint.Applicability.UNSAFE)
    options = {"extra-debris": []}

    def configured(self, settings):
        rule = super().configured(settings)
        extra = rule.settings["extra-debris"]
        if not isinstance(extra, (list, tuple)) or not all(isinstance(line, str) for line in extra):
            from textlint.config import ConfigError

            raise ConfigError(f"D001 option 'extra-debris' must be a list of strings, not {extra!r}")
        return rule

    def check(self, doc):
        lines = doc.lines
        stripped = _stripped_lines(doc)
        extra = frozenset(_label(line) for line in self.settings["extra-debris"])
        verse = _Verse(stripped)
        for index in _repeat_indexes(stripped):
            start, end = doc.line_span(index)
            if not _same_paragraph(doc, index) or not doc.is_prose(start, end):
                continue
            if is_debris(stripped[index], extra):
                fix = Fix([remove_lines(doc, index, index)], "safe", "Remove the repeated link label")
            elif verse.holds(index):
                continue  # a song's or a poem's line, repeated in its stanza
            elif _CODE_STATEMENT.search(stripped[index]):
                continue  # code in a plain-text file (a CMakeLists.txt's "endif()", "return 0;")
            else:
                fix = Fix([remove_lines(doc, index, index)], "unsafe",
                          "Remove the repeated line (a refrain or a table row may repeat on purpose)")
            yield Finding(
                start + len(lines[index]) - len(lines[index].lstrip()),
                end,
                f"Line repeats the line before it: {_quote(stripped[index])}",
                fix=fix,
            )


_WORD = lazy_compile(r"[^\W\d_]+")
_CODE_STATEMENT = lazy_compile(r"(?:\(\)|[;{}])$")
_CJK_TEXT_RUN = lazy_compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]")


def _verse_like(line: str) -> bool:
    """A line as songs and poems have them: a few words, short."""
    if not line or len(line) > 60:
        return False
    if _CJK_TEXT_RUN.search(line):
        return 4 <= len(line) <= 24
    return 3 <= len(_WORD.findall(line)) <= 12


class _Verse:
    """Which lines stand in a stanza: a block between blank lines of three
    or more lines, not all the same, at least three in four of them
    verse-like.  Blocks are
    found in one pass, the first time a repeat asks, so a page of repeats
    costs no more per line than one."""

    def __init__(self, stripped: list[str]) -> None:
        self.stripped = stripped
        self.in_stanza: list[bool] | None = None

    def holds(self, index: int) -> bool:
        if not _verse_like(self.stripped[index]):
            return False
        if self.in_stanza is None:
            self.in_stanza = self._stanzas()
        return self.in_stanza[index]

    def _stanzas(self) -> list[bool]:
        marks = [False] * len(self.stripped)
        first = 0
        for index in range(len(self.stripped) + 1):
            if index == len(self.stripped) or not self.stripped[index]:
                block = self.stripped[first:index]
                stanza = len(block) >= 3 and len(set(block)) >= 2  # one line three times is a stutter, not a song
                if stanza and 4 * sum(map(_verse_like, block)) >= 3 * len(block):
                    marks[first:index] = [True] * len(block)
                first = index + 1
        return marks


def _stripped_lines(doc) -> list[str]:
    """Every line stripped of white space, for D001 and D002 (made once per document)."""
    return doc.memoized("repeats.stripped", lambda: list(map(str.strip, doc.lines)))


def _repeat_indexes(stripped: list[str]) -> list[int]:
    """Indexes of lines equal to the line before, with a letter in them."""
    # the pairs are compared in C; only the equal ones come back to Python
    equal = compress(count(1), map(operator.eq, stripped, islice(stripped, 1, None)))
    return [i for i in equal if stripped[i] and _LETTER.search(stripped[i])]


def _quote(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


class RepeatedParagraph(textlint.Rule):
    """A paragraph that already appeared earlier in the same document.

    ## What it does
    Finds paragraphs that repeat an earlier one of the same section word for
    word, once they are long enough to be prose: blocks between blank lines
    and, in text written a paragraph a line, single long lines; in Markdown,
    paragraphs as markdown-it sees them.

    ## Why is this bad?
    Scraped pages repeat their lead, a pull quote or a teaser box; the copy
    reads as an editing mistake.

    ## Example
    ```
    The launch went well, and the team shipped on time for once.

    Second paragraph.

    The launch went well, and the team shipped on time for once.
    ```

    ## Legitimate uses left alone
    Short paragraphs ("Yes.", "Read more"); verse (short lines), so a chorus
    may come back; in Markdown, a paragraph repeated under another heading
    (`#` or `<h1>`..`<h6>`: documentation repeats a note on purpose), code,
    tables and HTML; in plain text, an indented block (code or a quotation,
    as in reStructuredText and e-mail); a line repeated right away (D001
    reports that); a paragraph ending in a colon, which leads in to the
    block below it ("The same can be done with the following snippet:"
    before each of several samples); a paragraph of more symbols than
    letters (a grammar rule, a formula, code in a plain-text file).

    ## Fix safety
    Unsafe: the later copy is removed; a person should check the document
    meant to say it only once.

    ## Options
    - `min-length` (default 60): the shortest paragraph reported, in Latin
      letters (a CJK character counts two).
    - `min-line-length` (default 40): the shortest mean line length of a
      paragraph that counts as prose and not verse.
    """

    code = "D002"
    name = "repeated-paragraph"
    summary = "A paragraph that already appeared earlier in the document"
    family = "D"
    fix_policy = textlint.FixPolicy.always(textlint.Applicability.UNSAFE)
    options = {"min-length": 60, "min-line-length": 40}

    def check(self, doc):
        repeated = _repeated_lines(doc, self.settings["min-length"])
        if not repeated:
            return  # quick rejection: a repeated paragraph repeats its lines
        seen: dict[tuple[int, str], int] = {}
        for first, last, section in _paragraphs(doc):
            if not all(line.strip() in repeated for line in doc.lines[first:last + 1]):
                continue
            key = self._key(doc, first, last)
            if key is None:
                continue
            earlier = seen.setdefault((section, key), first)
            if earlier == first or _right_after(doc, earlier, first, last):
                continue
            start = doc.line_starts[first]
            yield Finding(
                start,
                doc.line_span(last)[1],
                f"Paragraph repeats the one on line {earlier + 1}",
                fix=Fix([_drop_paragraph(doc, first, last)], "unsafe", "Remove the repeated paragraph"),
            )

    def _key(self, doc, first: int, last: int) -> str | None:
        lines = [normalise(line) for line in doc.lines[first:last + 1]]
        text = " ".join(lines)
        if width(text) < self.settings["min-length"]:
            return None
        if width(text) / len(lines) < self.settings["min-line-length"]:
            return None
        if text.count(" ") < 2 and not _CJK_TEXT.search(text):
            return None  # a token (base64, a hash, a URL), not a paragraph of prose
        if text.endswith((":", "：")):
            return None  # a lead-in to the block below ("… with the following snippet:"), repeated by design
        if len(_LETTER.findall(text)) < 0.6 * len(text.replace(" ", "")):
            return None  # more symbols than letters: a grammar, a formula, code in a plain-text file
        if not doc.knows_blocks and all(
            line.startswith(("    ", "\t")) for line in doc.lines[first:last + 1] if line.strip()
        ):
            return None  # an indented block in plain text: code or a quotation, repeated on purpose
        start, end = doc.line_starts[first], doc.line_span(last)[1]
        if not doc.is_prose(start, end):
            return None
        return text


def _drop_paragraph(doc, first: int, last: int) -> Edit:
    """Remove the paragraph and the blank lines before it, back to the end
    of the text above, so no double gap is left."""
    previous = first - 1
    while previous > 0 and not doc.lines[previous].strip():
        previous -= 1
    return Edit(doc.line_span(previous)[1], doc.line_span(last)[1])


def _right_after(doc, earlier: int, first: int, last: int) -> bool:
    """A copy that follows its original line for line is D001's finding."""
    return first - earlier == last - first + 1 and all(
        doc.lines[i].strip() == doc.lines[i - (last - first + 1)].strip() for i in range(first, last + 1)
    )


def _paragraphs(doc):
    """(first, last, section) of each paragraph; in plain text, also of each
    line of a paragraph of several lines (text written a paragraph a line).

    ``section`` counts the headings above: documentation repeats a note
    under several headings on purpose, a scrape repeats within one.  In
    plain text a heading is a short line of its own (_looks_like_heading).
    """
    blocks = list(_markdown_paragraphs(doc) if doc.knows_blocks else _text_paragraphs(doc))
    yield from blocks
    if doc.knows_blocks:
        return
    for first, last, section in blocks:
        if last > first:
            for index in range(first, last + 1):
                yield index, index, section


def _markdown_paragraphs(doc):
    section = 0
    for block in doc.structure.blocks:
        first, last = block.start_line, block.end_line - 1
        if block.kind == "heading" or _HTML_HEADING.match(doc.lines[first]):
            section += 1
        elif block.kind in _TEXT_BLOCKS and not _hidden_code(doc, first, last):
            yield first, last, section


def _hidden_code(doc, first: int, last: int) -> bool:
    """An MDX paragraph that is really code: markdown-it lets a paragraph of
    JSX tags swallow the indented fence that follows it."""
    if doc.format != "mdx":
        return False
    lines = doc.lines[first:last + 1]
    return lines[0].startswith("    ") or any(_FENCE.match(line) for line in lines)


def _text_paragraphs(doc):
    """Blocks between blank lines; a block that reads as a heading (see
    _looks_like_heading) starts a new section, as a Markdown heading does."""
    first = None
    section = 0
    lines = doc.lines
    for index, line in enumerate(lines + [""]):
        if line.strip():
            first = index if first is None else first
        elif first is not None:
            if _looks_like_heading(lines[first:index]) or _holds_heading(doc, first, index):
                section += 1
            else:
                yield first, index - 1, section
            first = None


def _holds_heading(doc, first: int, end: int) -> bool:
    """Whether the format marks a heading on lines ``first`` to ``end`` (an HTML
    page's <h2>: its blocks run on with no blank line between them)."""
    if doc.file_type.analyze is None or doc.knows_blocks:
        return False  # plain text has only the look of its lines; Markdown's parse is asked later, if at all
    return any((block := doc.block_at(index)) is not None and block.kind == "heading" for index in range(first, end))


_CJK_TEXT = lazy_compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]")
_SENTENCE_END = tuple(".!?。！？:：;；,，、…\"”’)）」』")
_UNDERLINE = lazy_compile(r"(=+|-+|~+|\^+|\*+)\s*")


def _looks_like_heading(block: list[str]) -> bool:
    """A plain-text heading: one short line without closing punctuation
    ("Example 2: Two channels" is not one, "**Example 2**" is), or a line
    underlined as in reStructuredText."""
    if len(block) == 2 and _UNDERLINE.fullmatch(block[1].strip()):
        return True
    if len(block) != 1:
        return False
    line = block[0].strip()
    if line.startswith("#") or (line.startswith("**") and line.endswith("**")):
        return True
    return len(line) <= 80 and not line.endswith(_SENTENCE_END)


def _repeated_lines(doc, min_width: int) -> set[str]:
    """Stripped lines that occur more than once, or an empty set when the
    text cannot hold a repeated paragraph worth reporting.

    In Markdown that takes a block of text between blank lines that occurs
    twice: only then is the Markdown structure parsed to find out whether it
    is a paragraph, so a page that merely repeats lines of code (the same
    sample under two tabs) costs no parse.
    """
    counts = Counter(_stripped_lines(doc))
    repeated = {line for line, n in counts.items() if n > 1 and line and _LETTER.search(line)}
    if repeated and doc.knows_blocks and not _repeated_chunk(doc, repeated, min_width):
        return set()
    return repeated


def _repeated_chunk(doc, repeated: set[str], min_width: int) -> bool:
    """Whether a block of text between blank lines occurs twice in a section.

    Heading lines are told by their look here, and the parse then decides
    for real.  A line that looks like a heading but is not one would put two
    copies in different sections and skip a parse that would have reported
    them, so the count leaves out what lies between fence lines (a "# comment"
    in a shell sample); a fence line this crude toggle misreads can only
    leave headings out, which costs a parse, never a finding.
    """
    seen: set[tuple[int, str]] = set()
    stripped = _stripped_lines(doc)
    headings_above = None
    for first, last in _blocks_of_repeated_lines(stripped, repeated):
        lines = stripped[first:last + 1]
        if _looks_like_heading(lines) or _holds_heading(doc, first, last + 1):
            continue  # what _text_paragraphs counts as a heading, not a paragraph
        chunk = "\n".join(lines)
        if _CODE_LIKE.search(chunk) or width(chunk) < min_width:
            continue
        if headings_above is None:
            headings_above = list(accumulate(_heading_lines(stripped)))
        if (headings_above[last], chunk) in seen:
            return True
        seen.add((headings_above[last], chunk))
    return False


def _blocks_of_repeated_lines(stripped: list[str], repeated: set[str]):
    """(first, last) of each block between blank lines (as _text_paragraphs
    finds them) whose every line is in ``repeated``, in order.

    Only the repeated lines are visited in Python: a blank line is never in
    ``repeated``, so such a block is a run of consecutive repeated lines with
    a blank line (or the text's edge) on either side."""
    first = last = None
    for index in compress(count(), map(repeated.__contains__, stripped)):
        if last is None or index != last + 1:
            if first is not None and _between_blank_lines(stripped, first, last):
                yield first, last
            first = index
        last = index
    if first is not None and _between_blank_lines(stripped, first, last):
        yield first, last


def _between_blank_lines(stripped: list[str], first: int, last: int) -> bool:
    return (first == 0 or not stripped[first - 1]) and (last + 1 == len(stripped) or not stripped[last + 1])


def _heading_lines(stripped: list[str]) -> list[bool]:
    """Whether each line looks like a heading outside a fence; standing
    alone between blank lines or not (_text_paragraphs yields neither)."""
    in_fence = False
    marks = []
    for line in stripped:
        if _FENCE.match(line):
            in_fence = not in_fence
        marks.append(not in_fence and _HEADING_LOOK.match(line) is not None)
    return marks


# -- D003: lines shared by many files of one run ---------------------------------------------


def line_hash(line: str) -> int:
    """A stable 64-bit hash (Python's own is salted per process)."""
    return int.from_bytes(hashlib.blake2b(line.encode("utf-8"), digest_size=8).digest(), "big")


class Boilerplate(textlint.CorpusRule):
    """Lines that recur across many files of the same run.

    ## What it does
    Finds lines that appear in many of the files linted together while the
    rest of each file differs: a scraped footer, "阅读原文", "Share this
    article", a copyright line.  Each file contributes the hashes of its
    normalised prose lines (the map step), the counts are added up (the
    reduce step), and each file is checked against the totals.

    ## Why is this bad?
    The text of an article should be the article; the page furniture the
    scraper copied with it skews search, statistics and training data.

    ## Example
    Thirty articles that all end with
    ```
    阅读原文
    Share this article
    © 2024 Example Media. All rights reserved.
    ```

    ## Legitimate uses left alone
    Lines without a letter; in Markdown, anything but paragraph lines
    (headings, tables, code, HTML, MDX imports).  The rule is off by default:
    a documentation set legitimately repeats notes and link texts, so select
    it (`--select D003`, or `extend-select = ["D003"]`) for scraped corpora.
    It is silent when fewer files than `min-files` are linted.

    ## Fix safety
    Unsafe: the line is removed from every file.

    ## Options
    - `min-files` (default 5): the fewest files a line must appear in.
    - `min-fraction` (default 0.1): the smallest share of the linted files a
      line must appear in.
    - `max-length` (default 200): longer lines are never boilerplate.
    """

    code = "D003"
    name = "boilerplate"
    summary = "Lines that recur across many files of the same run"
    family = "D"
    default_enabled = False
    fix_policy = textlint.FixPolicy.always(textlint.Applicability.UNSAFE)
    options = {"min-files": 5, "min-fraction": 0.1, "max-length": 200}

    def configured(self, settings):
        rule = super().configured(settings)
        _validate(rule.settings)
        return rule

    # map: text-level only, so no file is parsed as Markdown to be summarised
    def summarize(self, doc) -> dict:
        hashes = {line_hash(key) for _, key in self._candidate_lines(doc)}
        return {"files": 1, "lines": dict.fromkeys(hashes, 1)}

    # reduce: summaries and merged results have one shape, so merging is associative
    def merge(self, summaries) -> dict:
        files = 0
        counts: Counter = Counter()
        for summary in summaries:
            files += summary["files"]
            counts.update(summary["lines"])
        return {"files": files, "lines": dict(counts)}

    def check_corpus(self, doc, merged):
        files = merged["files"]
        needed = max(self.settings["min-files"], math.ceil(self.settings["min-fraction"] * files))
        if files < self.settings["min-files"]:
            return
        counts = merged["lines"]
        for index, key in self._candidate_lines(doc):
            shared = counts.get(line_hash(key), 0)
            # only a line shared widely enough costs a look at the Markdown structure
            if shared < needed or not _text_line(doc, index):
                continue
            start, end = doc.line_span(index)
            yield Finding(
                start,
                end,
                f"Boilerplate: this line appears in {shared} of {files} documents",
                fix=Fix([remove_lines(doc, index, index)], "unsafe", "Remove the line"),
            )

    def _candidate_lines(self, doc):
        """(index, normalised text) of each line that could be boilerplate.

        Lines that are plainly syntax (directives, fences, MDX imports, a
        line of one tag) are left out here; whether a Markdown line is
        paragraph text is decided in the check step, for the few lines that
        are shared widely enough.  A line counts once per file it occurs in.
        """
        max_length = self.settings["max-length"]
        lines = doc.lines
        for index in range(_front_matter_end(doc), len(lines)):
            key = normalise(lines[index]).casefold()
            if not key or len(key) > max_length or not _LETTER.search(key) or _SYNTAX_LINE.match(key):
                continue
            yield index, key


def _front_matter_end(doc) -> int:
    """Index of the first line past a Markdown file's front matter (0 if none):
    every page of a site shares keys such as "i18nReady: true"."""
    lines = doc.lines
    if not doc.file_type.front_matter or not lines or lines[0].strip() not in ("---", "+++"):
        return 0
    fence = lines[0].strip()
    for index in range(1, len(lines)):
        if lines[index].strip() == fence:
            return index + 1
    return 0


def _text_line(doc, index: int) -> bool:
    """Whether line ``index`` is prose that can go: any line of plain text, a
    paragraph's line in Markdown, a line without syntax in other formats."""
    if doc.knows_blocks:
        return _markdown_text_line(doc, index)
    return doc.is_prose(*doc.line_span(index))  # always prose in plain text


def _markdown_text_line(doc, index: int) -> bool:
    block = doc.block_at(index)
    if block is None or block.kind not in _TEXT_BLOCKS:
        return False
    start, end = doc.line_span(index)
    return doc.is_prose(start, end)


def _validate(settings: dict) -> None:
    from textlint.config import ConfigError

    min_files, fraction, max_length = settings["min-files"], settings["min-fraction"], settings["max-length"]
    if isinstance(min_files, bool) or not isinstance(min_files, int) or min_files < 2:
        raise ConfigError(f"D003 option 'min-files' must be an integer of at least 2, not {min_files!r}")
    if isinstance(fraction, bool) or not isinstance(fraction, (int, float)) or not 0 < fraction <= 1:
        raise ConfigError(f"D003 option 'min-fraction' must be a number in (0, 1], not {fraction!r}")
    if isinstance(max_length, bool) or not isinstance(max_length, int) or max_length < 1:
        raise ConfigError(f"D003 option 'max-length' must be a positive integer, not {max_length!r}")


@textlint.hookimpl
def textlint_rules():
    return [RepeatedLine(), RepeatedParagraph(), Boilerplate()]
