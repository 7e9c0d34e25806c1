"""Family S: invisible and unusual characters (S001-S006).

Each rule scans the text with one compiled character-class pattern (the
stdlib ``re``, which is fastest for a plain class), so clean text costs one
pass in C per rule.  Legitimate uses are decided by looking at the few
characters around a match, never by a Python loop over the text.
"""
from __future__ import annotations

import itertools
import re
import unicodedata

import textlint
from textlint import Edit, Finding, Fix
from textlint.charclass import lazy_compile

# Characters around a match that make a legitimate context.
_FRENCH_BEFORE = set(":;!?»%›…")  # NBSP / thin space goes before these (French, German …)
_FRENCH_AFTER = set("«‹")  # ... and after these
_DASHES = set("—–-")
_ABBREVIATION_AFTER = lazy_compile(r"(?:usw|etc|bzw|ff?|vgl|ca|cf|al|ibid)\.", re.IGNORECASE)
_SPACES = set(" \t\u00a0\u202f\u2009\u200a\u2007\u2008")

# UTF-8 bytes decoded as Windows-1252/Latin-1: continuation bytes 0x80-0xBF
# become these characters.  An NBSP or a C1 control among them is part of
# mojibake (M001's business), not a stray character.
_CP1252_CONTINUATION = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
_MOJIBAKE_AROUND = lazy_compile(
    f"[\u00c2-\u00df][{_CP1252_CONTINUATION}]"
    f"|[\u00e0-\u00ef][{_CP1252_CONTINUATION}]{{2}}"
    f"|[\u00f0-\u00f4][{_CP1252_CONTINUATION}]{{3}}"
)


def char_name(char: str) -> str:
    """``U+00A0 NO-BREAK SPACE``."""
    name = unicodedata.name(char, None) or _CONTROL_NAMES.get(ord(char), "")
    label = f"U+{ord(char):04X}"
    return f"{label} {name}" if name else label


_CONTROL_NAMES = {
    0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0B: "LINE TABULATION", 0x0C: "FORM FEED",
    0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE", 0x1A: "SUBSTITUTE",
}


def describe_run(run: str) -> str:
    """``U+200B ZERO WIDTH SPACE`` or ``2 × U+200B ZERO WIDTH SPACE``."""
    first = run[0]
    if run == first * len(run):
        return char_name(first) if len(run) == 1 else f"{len(run)} × {char_name(first)}"
    return ", ".join(char_name(c) for c in dict.fromkeys(run))


def in_mojibake(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` sits inside a UTF-8-as-cp1252 byte sequence."""
    window = text[max(0, start - 3):end + 3]
    offset = start - max(0, start - 3)
    for match in _MOJIBAKE_AROUND.finditer(window):
        if match.start() <= offset < match.end():
            return True
    return False


class CharacterRule(textlint.Rule):
    """Shared scanning for the rules of this family: subclasses set ``pattern``."""

    family = "S"
    fix_policy = textlint.FixPolicy.always(textlint.Applicability.SAFE)
    ordered_output = True  # one pass over the family's runs, left to right
    pattern: re.Pattern
    needs_non_ascii = True
    replacement = ""

    #: how far past a run of family characters the rule's pattern may reach
    #: (S005 removes a whole terminal escape sequence, ESC [ 3 1 m)
    lookahead = 0

    def check(self, doc):
        text = doc.text
        if self.needs_non_ascii and text.isascii():
            return
        for finding in self.check_all(doc):
            start, end = finding.start, finding.end
            # the context first: it reads a few characters, where the first
            # question about prose may cost a Markdown parse
            if self.is_defect(text, start, end, doc) and doc.is_prose(start, end):
                yield finding

    def check_all(self, doc):
        """Every match of the pattern, before the prose and context filters."""
        text = doc.text
        runs, present = family_scan(doc)
        if present.isdisjoint(self.characters()):
            return
        if runs is None:  # a page dense with the family: a loop over its runs costs more than a scan
            if not self.lookahead:
                # the pattern's characters are the family's, so its matches are the same
                # as inside each run (a run is as long as the family's characters go)
                for match in self.pattern.finditer(text):
                    yield self.finding(text, match.start(), match.end())
                return
            runs = family_runs(doc)
        last_end = 0
        for run_start, run_end in runs:
            for match in self.pattern.finditer(text, run_start, min(len(text), run_end + self.lookahead)):
                if match.start() >= last_end:
                    last_end = match.end()
                    yield self.finding(text, match.start(), match.end())

    def is_defect(self, text: str, start: int, end: int, doc) -> bool:
        return True

    @classmethod
    def characters(cls) -> frozenset[str]:
        """The family's characters a match of the pattern can start with."""
        found = cls.__dict__.get("_characters")
        if found is None:
            found = frozenset(c for c in FAMILY if cls.pattern.match(c))
            cls._characters = found
        return found

    def message(self, run: str) -> str:
        return describe_run(run)

    def finding(self, text: str, start: int, end: int) -> Finding:
        run = text[start:end]
        return Finding(
            start,
            end,
            self.message(run),
            fix=Fix([Edit(start, end, self.replace(run))], self.applicability(run), self.fix_message(run)),
        )

    def applicability(self, run: str) -> str:
        """How safe the fix of this run is: one of the rule's declared kinds."""
        return self.fix_policy.applicability

    def replace(self, run: str) -> str:
        return self.replacement

    def fix_message(self, run: str) -> str:
        return "Remove it" if not self.replace(run) else "Replace with a space"


# Every character any rule of this family looks at.  One scan with this
# class per document (shared by the six rules through doc.memo) finds the few
# places worth a closer look; the rules' own patterns then run only there.
# The stdlib `re` scans a character class several times faster than `regex`.
_FAMILY_CLASS = (
    "\u00a0\u202f\u2007\u200b-\u200f\u2060-\u2064\u180e\u2000-\u200a\u205f\u1680\u3000"
    "\u2028\u2029\u202a-\u202e\u2066-\u2069\u061c\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
)
_FAMILY_CHARACTERS = lazy_compile(f"[{_FAMILY_CLASS}]+")
FAMILY = frozenset(
    chr(code)
    for first, last in re.findall("(.)(?:-(.))?", _FAMILY_CLASS, re.DOTALL)
    for code in range(ord(first), ord(last or first) + 1)
)

#: Above one run of the family in this many characters, a page is dense with
#: them (a letter and a non-breaking space alternating): a loop in Python
#: over millions of runs would cost far more than each rule's own scan.
DENSE_EVERY = 64


def family_runs(doc) -> list[tuple[int, int]]:
    return doc.memoized("spaces.runs", lambda: [m.span() for m in _FAMILY_CHARACTERS.finditer(doc.text)])


def family_scan(doc) -> tuple[list[tuple[int, int]] | None, frozenset[str]]:
    """The family's runs (None when the page is dense with them) and which
    of its characters occur: a rule none of whose characters occur asks no
    more, and a dense page is scanned by the rules that have some."""
    return doc.memoized("spaces.scan", lambda: _family_scan(doc.text))


def _family_scan(text: str):
    most = len(text) // DENSE_EVERY
    runs = list(itertools.islice(_runs_in(text), most + 1))
    if len(runs) > most:
        return None, FAMILY.intersection(text)
    return runs, frozenset("".join(text[start:end] for start, end in runs))


#: Every character of the family is unprintable to ``str.isprintable`` (a
#: control, a format character, a space other than U+0020, a line or
#: paragraph separator); of the unprintable characters outside it, text is
#: full only of tab, line feed and carriage return.  Text that is printable
#: once those three are made spaces holds none of the family, and
#: ``isprintable`` tells that faster than the class scans: most text passes
#: whole, and most of the rest chunk by chunk.
_CHUNK = 1024
#: The text is looked at this many characters at a time (a multiple of
#: ``_CHUNK``), so that a page of megabytes is not copied whole to do it.
_BLOCK = 64 * _CHUNK


def _runs_in(text: str):
    """The spans of the family's runs, as ``_FAMILY_CHARACTERS.finditer``
    gives them, scanning only the chunks of the text that are unprintable."""
    # Consecutive unprintable chunks are scanned as one range; the characters
    # just outside a range lie in printable chunks, so are of no run: the runs
    # found in the ranges are the whole text's runs, each whole.
    range_start = range_end = None
    for chunk_start in _unprintable_chunks(text):
        if chunk_start != range_end:
            if range_start is not None:
                yield from _spans(text, range_start, range_end)
            range_start = chunk_start
        range_end = min(chunk_start + _CHUNK, len(text))
    if range_start is not None:
        yield from _spans(text, range_start, range_end)


def _unprintable_chunks(text: str):
    """Where each ``_CHUNK`` characters of the text start that hold an
    unprintable character other than tab, line feed and carriage return."""
    for block_start in range(0, len(text), _BLOCK):
        block = text[block_start:block_start + _BLOCK]  # the text itself when it is one block
        block = block.replace("\n", " ").replace("\r", " ").replace("\t", " ")  # same offsets
        if block.isprintable():
            continue
        for offset in range(0, len(block), _CHUNK):
            if not block[offset:offset + _CHUNK].isprintable():
                yield block_start + offset


def _spans(text: str, start: int, end: int):
    for match in _FAMILY_CHARACTERS.finditer(text, start, end):
        yield match.span()


_INDENTATION = lazy_compile("[ \t\u00a0\u202f\u2007]*")
_INDENTATION_CHARACTERS = frozenset(" \t\u00a0\u202f\u2007\n")  # and the line break before it


def _indentation_at(doc, start: int) -> tuple[int, int] | None:
    """The line's leading white space, if ``start`` lies in it and it is
    more than one character (a lone NBSP opening a line is just stray)."""
    text = doc.text
    if start > 0 and text[start - 1] not in _INDENTATION_CHARACTERS:
        return None  # its line's leading white space ends before it (a line ends only at "\n")
    line_start = doc.line_starts[doc.line_index(start)]  # a search back per finding: a one-line page's square
    end = _INDENTATION.match(text, line_start).end()
    if start >= end or end - line_start < 2 or end >= len(text) or text[end] in "\r\n":
        return None
    return line_start, end


def _before(text: str, start: int) -> str:
    return text[start - 1] if start > 0 else "\n"


def _after(text: str, end: int) -> str:
    return text[end] if end < len(text) else "\n"


def typographic_space_context(text: str, start: int, end: int) -> bool:
    """Where typography asks for a non-breaking or thin space on purpose.

    French spacing before ``: ; ! ? » …`` and after ``«``; a number and its
    unit or a thousands separator (``10 km``, ``10 000``, ``§ 3``); around a
    dash; after a short abbreviation (``z. B.``, ``Dr. Müller``).
    """
    before, after = _before(text, start), _after(text, end)
    if after in _FRENCH_BEFORE or before in _FRENCH_AFTER:
        return True
    if before in _FRENCH_BEFORE and _before(text, start - 1) in _SPACES:
        return True  # "Ajouté\u00a0:\u00a0Plus": French spacing on both sides
    if _ABBREVIATION_AFTER.match(text, end):
        return True  # "simpel\u00a0usw.", "Rails\u00a0etc."
    if before.isdigit() or after.isdigit():
        return True
    if before in _DASHES or after in _DASHES or before in "§№#°" or after in "%‰°€$£¥":
        return True
    if before == ".":
        word = re.search(r"(\w{1,3})\.$", text[max(0, start - 5):start])
        if word and not word.group(1).isdigit():
            return True
    return False


# Typography that binds a short word to the next one with a non-breaking
# space.  Russian, Ukrainian, Belarusian and Bulgarian typesetting (and
# Typograf, which most such pages go through) binds every word of one or two
# letters, prepositions, conjunctions and particles alike (`в Москву`,
# `и Казань`, `не было`), and a particle to the word before (`знал бы`);
# Czech, Slovak and Polish typesetting binds one-letter prepositions and
# conjunctions (ČSN 01 6910: `v Praze`, `a Brně`; Polish `w górach`, `z żoną`).
_CYRILLIC_SHORT_WORD = lazy_compile(r"(?<![^\W\d_])[\u0400-\u0481\u048a-\u04ff]{1,2}\Z")
_CYRILLIC_PARTICLE = lazy_compile(r"(?:ли|ль|же|ж|бы|б)(?![^\W\d_])")
_WEST_SLAVIC_SHORT_WORD = lazy_compile(r"(?<![^\W\d_])[vkszouaiwVKSZOUAIW]\Z")
# Letters that Czech, Slovak and Polish use and English, French, Spanish,
# Portuguese and German do not: a Latin one-letter word is bound on purpose
# only in text that has them nearby.
_WEST_SLAVIC_LETTER = lazy_compile("[ěščřžůďťňľĺŕąćęłńśźżĚŠČŘŽŮĎŤŇĽĹŔĄĆĘŁŃŚŹŻ]")
_LANGUAGE_WINDOW = 200


def binds_short_word(text: str, start: int, end: int) -> bool:
    """Whether one non-breaking space at ``text[start:end]`` binds a short
    word as Cyrillic, Czech, Slovak or Polish typography does."""
    if end - start != 1 or text[start] == "\u2007":
        return False
    low = max(0, start - 3)
    if _CYRILLIC_SHORT_WORD.search(text, low, start) or _CYRILLIC_PARTICLE.match(text, end):
        return True
    if _WEST_SLAVIC_SHORT_WORD.search(text, low, start):
        window_start = max(0, start - _LANGUAGE_WINDOW)
        return _WEST_SLAVIC_LETTER.search(text, window_start, end + _LANGUAGE_WINDOW) is not None
    return False


#: In Markdown, a run of this many non-breaking spaces after text is layout
#: (a renderer collapses plain spaces, so a writer who wants the gap types
#: these: `- ☑️\u00a0\u00a0\u00a0\u00a0**done**`).
_LAYOUT_RUN = 3


class StrayNbsp(CharacterRule):
    """Non-breaking space where a plain space belongs.

    ## What it does
    Finds U+00A0 NO-BREAK SPACE, U+202F NARROW NO-BREAK SPACE and U+2007
    FIGURE SPACE between words.

    ## Why is this bad?
    Pasted from a web page or a word processor, a non-breaking space looks
    like a space but is not one: searches for the phrase miss it, diffs show
    a change nobody can see, and lines no longer wrap where they should.

    ## Example
    ```
    Für Rückfragen stehen wir␣Ihnen gerne zur Verfügung.   (␣ = U+00A0)
    ```

    ## Use instead
    A plain space.

    ## Legitimate uses left alone
    French spacing before `: ; ! ? »` and inside `« »`; a number and its unit,
    day and month, or thousands separator (`10 km`, `5 мая`, `10 000`); after
    `№`, `§`, `#`; around dashes (`Москва — столица`); after short
    abbreviations and initials (`z. B.`, `т. е.`, `А. С. Пушкин`).

    Short words bound to the next one, as typography asks in some languages
    (one non-breaking space, not a run):
    - Cyrillic text (Russian, Ukrainian, Belarusian, Bulgarian): after any
      word of one or two letters (`в Москву и Казань`, `не было`), and
      before the particles `ли`, `ль`, `же`, `ж`, `бы`, `б` (`знал бы`);
    - Czech, Slovak and Polish text (told by letters such as `ě š č ř ž ů ľ
      ą ć ę ł ń ś ź ż` within 200 characters): after the one-letter words
      `v k s z o u a i w` (`v Praze a Brně`, `w górach`).

    In Markdown, a run of three or more after text on the line: spacing laid
    out on purpose, since a renderer collapses plain spaces (`- ☑️` and a
    gap before `**done**`).  Indentation made of them is still reported.

    After a one-letter word elsewhere it is still reported: English, French,
    Spanish, Portuguese and German typesetting does not bind `a`, `I`, `à`,
    `e`, `y`, so a non-breaking space there was pasted, not set (an English
    "I" bound on purpose is rare enough to check by hand).

    Anything in Markdown code; a non-breaking space that is part of mojibake
    (reported by M001 instead).

    ## Fix safety
    Safe: the character is replaced by a plain space.
    """

    code = "S001"
    name = "stray-nbsp"
    summary = "Non-breaking space where a plain space belongs"
    pattern = lazy_compile("[\u00a0\u202f\u2007]+")
    replacement = " "

    def check(self, doc):
        text = doc.text
        if text.isascii():
            return
        done_until = 0
        for finding in super().check_all(doc):
            if finding.start < done_until:
                continue
            indent = _indentation_at(doc, finding.start)
            if indent is not None:
                # indentation made of non-breaking spaces: one finding a line,
                # in code blocks too, where it breaks what is pasted from there
                start, end = indent
                done_until = end
                yield self.indentation_finding(text, start, end)
            elif self.is_defect(text, finding.start, finding.end, doc) and doc.is_prose(finding.start, finding.end):
                yield finding

    def indentation_finding(self, text, start, end):
        run = text[start:end]
        count = sum(run.count(c) for c in "\u00a0\u202f\u2007")
        return Finding(
            start,
            end,
            f"Indentation made of non-breaking spaces: {count} × U+00A0 NO-BREAK SPACE",
            fix=Fix([Edit(start, end, re.sub("[\u00a0\u202f\u2007]", " ", run))], "safe", "Replace with spaces"),
        )

    def is_defect(self, text, start, end, doc):
        if typographic_space_context(text, start, end) or binds_short_word(text, start, end):
            return False
        if doc.collapses_spaces and end - start >= _LAYOUT_RUN and start > 0 and not text[start - 1].isspace():
            return False  # spacing laid out on purpose: Markdown and HTML collapse plain spaces, not these
        if in_mojibake(text, start, end):
            return False
        return True

    def replace(self, run):
        return " " * len(run)

    def message(self, run):
        return f"Non-breaking space where a plain space belongs: {describe_run(run)}"


# Scripts in which ZWNJ and ZWJ are spelling, not noise.
_JOINING_SCRIPTS = (
    "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"  # Arabic, Persian, Urdu
    "\u0900-\u0dff"  # Devanagari ... Sinhala (Indic)
    "\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff\u1800-\u18af"  # Tibetan, Myanmar, Khmer, Mongolian
    "\u0e00-\u0eff\ua980-\ua9df\u1b00-\u1b7f"  # Thai, Lao, Javanese, Balinese
)
_JOINING_CHAR = lazy_compile(f"[{_JOINING_SCRIPTS}]")
_EMOJI_BEFORE = None


def _emoji_pattern():
    global _EMOJI_BEFORE
    if _EMOJI_BEFORE is None:
        import regex

        _EMOJI_BEFORE = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F\u20E3]")
    return _EMOJI_BEFORE


class ZeroWidthCharacter(CharacterRule):
    """Invisible zero-width characters inside text.

    ## What it does
    Finds U+200B ZERO WIDTH SPACE, U+2060 WORD JOINER, U+180E MONGOLIAN
    VOWEL SEPARATOR, the invisible mathematical operators U+2061..U+2064,
    and U+200C ZERO WIDTH NON-JOINER / U+200D ZERO WIDTH JOINER where no
    script needs them.

    ## Why is this bad?
    They are left by copy and paste from web pages and chat tools. A word
    with a zero-width space inside is not found by search, not matched by
    spell checkers, and compares unequal to itself.

    ## Example
    ```
    Für Rückfragen stehen wir I​hnen gerne zur Verfügung.   (U+200B after "I")
    ```

    ## Legitimate uses left alone
    ZWJ inside emoji sequences (👩‍💻); ZWNJ and ZWJ in Persian, Arabic,
    Indic and South-East Asian scripts, where they change how letters join;
    zero-width spaces between Thai, Lao, Khmer or Myanmar letters, where they
    mark word boundaries; anything in Markdown code.

    ## Fix safety
    Safe: the characters are removed.
    """

    code = "S002"
    name = "zero-width-character"
    summary = "Zero-width character inside text"
    pattern = lazy_compile("[\u200b\u200c\u200d\u2060\u180e\u2061-\u2064]+")

    def is_defect(self, text, start, end, doc):
        run = text[start:end]
        before, after = _before(text, start), _after(text, end)
        if set(run) <= {"\u200d", "\ufe0f"}:
            emoji = _emoji_pattern()
            if emoji.match(before) and emoji.match(after) or (emoji.match(before) and after in "\u2640\u2642\u2695\u2696\u2708\u2764"):
                return False
        if set(run) <= {"\u200c", "\u200d", "\u200b"}:
            if _JOINING_CHAR.match(before) or _JOINING_CHAR.match(after):
                return False
        return True

    def message(self, run):
        return f"Zero-width character inside text: {describe_run(run)}"


_CJK = lazy_compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


class UnusualSpace(CharacterRule):
    """Spaces of unusual widths among ordinary text.

    ## What it does
    Finds U+2000..U+200A (en quad to hair space), U+205F MEDIUM MATHEMATICAL
    SPACE, U+1680 OGHAM SPACE MARK, U+3000 IDEOGRAPHIC SPACE between Latin
    letters, and U+2028 LINE SEPARATOR / U+2029 PARAGRAPH SEPARATOR.

    ## Why is this bad?
    Word processors and web pages use them for layout. In plain text they
    break search and alignment, and the separators U+2028/U+2029 end lines
    in some programs and not in others.

    ## Example
    ```
    The quick brown fox   (U+2003 EM SPACE between "quick" and "brown")
    ```

    ## Legitimate uses left alone
    U+3000 in Chinese, Japanese or Korean text (an indent or a gap between
    CJK characters); thin and hair spaces in French spacing, in numbers
    (`10 000`) and around dashes; anything in Markdown code.

    ## Fix safety
    Safe for spaces (replaced by a plain space); unsafe for the line and
    paragraph separators, which become a line break.
    """

    code = "S003"
    name = "unusual-space"
    summary = "Unusual space character"
    fix_policy = textlint.FixPolicy.always(textlint.Applicability.SAFE, textlint.Applicability.UNSAFE)
    pattern = lazy_compile("[\u2000-\u200a\u205f\u1680\u3000]+|[\u2028\u2029]")

    def is_defect(self, text, start, end, doc):
        run = text[start:end]
        if run[0] in "\u2028\u2029":
            return True
        if "\u3000" in run:
            before, after = _before(text, start), _after(text, end)
            return not (_CJK.match(before) or _CJK.match(after) or before == "\n" or after in "\r\n")
        if set(run) <= {"\u2009", "\u200a", "\u2008"} and typographic_space_context(text, start, end):
            return False
        return True

    def replace(self, run):
        return "\n" if run in ("\u2028", "\u2029") else " " * len(run)

    def applicability(self, run):
        return "unsafe" if run in ("\u2028", "\u2029") else "safe"

    def fix_message(self, run):
        return "Replace with a line break" if run in ("\u2028", "\u2029") else super().fix_message(run)

    def message(self, run):
        return f"Unusual space character: {describe_run(run)}"


RTL = lazy_compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


class BidiControl(CharacterRule):
    """Bidirectional control characters (Trojan Source).

    ## What it does
    Finds the bidirectional overrides U+202D and U+202E anywhere, the
    embeddings and isolates U+202A..U+202C and U+2066..U+2069, and the marks
    U+200E, U+200F and U+061C in lines without right-to-left text.

    ## Why is this bad?
    They reorder how text is displayed without changing what it says, so a
    reviewer reads one thing and a program another (CVE-2021-42574, "Trojan
    Source"). Outside right-to-left text they have no business in prose.

    ## Example
    ```
    Les élèves préfèrent étudier à la biblio\u202dthèque.
    ```

    ## Legitimate uses left alone
    Embeddings, isolates and marks in lines that hold Hebrew, Arabic or other
    right-to-left text; anything in Markdown code.

    ## Fix safety
    Unsafe: removing a control changes how the line displays, which in
    right-to-left text can be what the author wanted.
    """

    code = "S004"
    name = "bidi-control"
    summary = "Bidirectional control character"
    fix_policy = textlint.FixPolicy.always(textlint.Applicability.UNSAFE)
    pattern = lazy_compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]+")

    def is_defect(self, text, start, end, doc):
        if any(c in "\u202d\u202e" for c in text[start:end]):
            return True
        # once a line: the line around each finding was read anew per finding
        has_rtl = doc.line_fact("spaces.rtl_lines", doc.line_index(start), lambda line: RTL.search(line) is not None)
        return not has_rtl

    def message(self, run):
        return f"Bidirectional control character: {describe_run(run)}"


_ANSI_ESCAPE = lazy_compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class ControlCharacter(CharacterRule):
    """Control characters other than tab, line feed and carriage return.

    ## What it does
    Finds the C0 controls U+0000..U+001F (but tab, line feed and carriage
    return), U+007F DELETE, and the C1 controls U+0080..U+009F.  A terminal
    colour sequence (`ESC [ 31 m`) is reported and removed whole.

    ## Why is this bad?
    They come from binary data, terminal logs and broken conversions. Most
    programs show nothing, or a box, and some stop reading at a NUL.

    ## Example
    ```
    Ce château médiéval attire des milliers de visiteur\\x00s chaque année.
    ```

    ## Legitimate uses left alone
    A form feed alone on its line (a page break in plain-text documents);
    C1 characters that are part of mojibake (reported by M001); anything in
    Markdown code.

    ## Fix safety
    Safe: the characters are removed.
    """

    code = "S005"
    name = "control-character"
    summary = "Control character in text"
    needs_non_ascii = False
    lookahead = 16
    pattern = lazy_compile("\x1b\\[[0-9;?]*[A-Za-z]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]+")

    def is_defect(self, text, start, end, doc):
        run = text[start:end]
        if run == "\x0c" and _before(text, start) in "\r\n" and _after(text, end) in "\r\n":
            return False
        if all("\x80" <= c <= "\x9f" for c in run) and in_mojibake(text, start, end):
            return False
        return True

    def message(self, run):
        if _ANSI_ESCAPE.fullmatch(run):
            return f"Terminal escape sequence in text: {run[1:]!r} after U+001B ESCAPE"
        return f"Control character in text: {describe_run(run)}"


class StrayBom(CharacterRule):
    """A byte order mark anywhere but the very start of a file.

    ## What it does
    Finds U+FEFF ZERO WIDTH NO-BREAK SPACE (the byte order mark) inside the
    text.

    ## Why is this bad?
    A BOM belongs at the start of a file, if anywhere. Inside the text it is
    the trace of files concatenated together, or of a string that was
    decoded with its BOM and pasted into another; it is invisible and breaks
    search and comparison.

    ## Example
    ```
    first file's last line
    \ufeffsecond file's first line
    ```

    ## Legitimate uses left alone
    The BOM at the very start of a file (kept as it is by the fixer).

    ## Fix safety
    Safe: the character is removed.
    """

    code = "S006"
    name = "stray-bom"
    summary = "Byte order mark inside the text"
    pattern = lazy_compile("\ufeff+")

    def is_defect(self, text, start, end, doc):
        return not (start == 0 and not doc.decoded.bom and end == 1)

    def message(self, run):
        return f"Byte order mark inside the text: {describe_run(run)}"


@textlint.hookimpl
def textlint_rules():
    return [StrayNbsp(), ZeroWidthCharacter(), UnusualSpace(), BidiControl(), ControlCharacter(), StrayBom()]
