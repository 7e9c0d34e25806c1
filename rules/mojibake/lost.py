"""M004: characters already lost (U+FFFD, 锟斤拷 and its twins, ``?`` for a
letter a code page could not hold)."""
from __future__ import annotations

import re
from functools import lru_cache

from textlint import regexcode
from textlint.charclass import char_class, lazy_compile
from textlint_rules.mojibake.charmodel import char_model
from textlint_rules.mojibake.common import Damage, _DocContext, _joined_runs, _overlaps, _quote
from textlint_rules.mojibake.encodings import _DOUBLE_BYTE_REPLACEMENTS, _SINGLE_BYTE_REPLACEMENTS, _gbk_char
from textlint_rules.mojibake.precheck import _HAN_CHAR
from textlint_rules.mojibake.tables import CJK_PUNCTUATION, common_characters


# ---------------------------------------------------------------------------
# M004: characters already lost
# ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def truncated_heads() -> frozenset[str]:
    """Rare GBK characters made of a UTF-8 lead byte (E1-EF) and one
    continuation byte: the first two bytes of a three-byte character.
    ED A0-ED BF are left out: what follows them is a surrogate, never a
    character (and truncated_guess would have no candidate to name)."""
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
    return regexcode.compile(
        f"(?P<tail>{char_class(truncated_heads())})[?\ufffd]|(?P<kaoshi>(?:锟斤拷)+锟?)"
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
    return f"{_quote(shown)}: UTF-8 read as GBK lost the last byte of a character; it was {truncated_guess(shown[0], at_file_start)}"


@lru_cache(maxsize=1024)
def truncated_guess(char: str, at_file_start: bool) -> str:
    """What a UTF-8 character whose first two bytes read as ``char`` was.

    Kept: the answer depends on the character alone (64 decodings and a
    sort by the fixed character model), and a damaged text repeats a few
    heads (鈥? 锛? 銆?) many times."""
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
