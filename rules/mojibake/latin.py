"""M001: UTF-8 read with a single-byte code page (ftfy for the common
pages, direct re-decoding for the ones ftfy does not try, code page 866
word by word), and UTF-8 mojibake no single re-decoding reads back."""
from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

from textlint import regexcode
from textlint.charclass import char_class, lazy_compile
from textlint_rules.mojibake.common import Damage, _blanked, _overlaps, _quote
from textlint_rules.mojibake.double_byte import _CONTROL, _ENCODED_LIMIT, _WORD_FINAL_LETTERS
from textlint_rules.mojibake.encodings import (
    _CODE_PAGE_NAMES, _FTFY_UNKNOWN, _ROUND_TRIP_CODECS, _RUN_CODECS, SINGLE_BYTE_CODECS,
    _SINGLE_BYTE_REPLACEMENTS, byte_values, decoded_bytes,
)
from textlint_rules.mojibake.precheck import _latin_mojibake_pattern


# UTF-8 read with DOS code page 866 (a Windows console): Russian comes out as
# ╨Я╤А╨╕╨▓╨╡╤В (the lead bytes D0 D1 are box-drawing characters there), Hindi
# as рдЕрдкрдирд╛ (E0 A4 is "рд").  Neither ftfy nor the pre-check above knows
# the page, and its letters are Cyrillic, so only words holding such a lead
# are tried, and only a whole word that decodes strictly counts.
# Every branch opens with one literal character, so that re's search skips
# to the next candidate at C speed ([╨╤] as a class first loses that).
_DOS_LEAD = lazy_compile(
    "╨[\u0410-\u044f\u2500-\u259f]|╤[\u0410-\u044f\u2500-\u259f]|р[дея][\u0410-\u043f\u2500-\u259f]"
)
#: A match of _DOS_LEAD opens with one of these: a text holding none has none.
_DOS_FIRST = "╨╤р"
_DOS_WORD = lazy_compile(r"\S+")


def _dos_mojibake(text: str) -> list[Damage]:
    # ``in`` finds a character far faster than a pattern scans for it, and
    # most texts hold none of the three
    if not any(char in text for char in _DOS_FIRST) or not _DOS_LEAD.search(text):
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


@lru_cache(maxsize=1)
def _single_byte_region() -> re.Pattern:
    """Runs of characters every one of which some single-byte code page can hold."""
    chars = decoded_bytes(SINGLE_BYTE_CODECS, range(0x20, 0x100)) | {"\t"}
    return regexcode.compile(char_class(chars) + "+")


@lru_cache(maxsize=1)
def _latin_pattern() -> re.Pattern:
    return regexcode.compile(_latin_mojibake_pattern())


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
#: Runs of UTF-8 from its first non-ASCII character to its last (what UTF8_RUN
#: matches, less the ASCII at its ends, and never only ASCII).
_UTF8_WIDE_RUN = lazy_compile(rb"(?:" + _UTF8_CHAR + rb")(?:[\x00-\x7f]*(?:" + _UTF8_CHAR + rb"))*")


@lru_cache(maxsize=None)
def _byte_table(codec: str) -> dict[int, str]:
    """str.translate table: each character ``codec`` holds to its byte (as a
    Latin-1 character), every other Latin-1 character to 0xFF."""
    _ftfy_encoding_only()  # registers the sloppy-windows-* codecs
    table = {value: "\xff" for value in range(0x100)}
    table.update({ord(char): chr(value) for char, value in byte_values(codec).items()})
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


def _shows_lost_mark(text: str) -> bool:
    """Whether ``text`` may hold U+FFFD as a single-byte code page shows it (ï¿½)."""
    return any(mark[-1] in text for _, mark in _SINGLE_BYTE_REPLACEMENTS)


@lru_cache(maxsize=1)
def _single_byte_lost_marks() -> re.Pattern:
    return regexcode.compile("|".join(f"(?:{re.escape(mark)})+" for _, mark in _SINGLE_BYTE_REPLACEMENTS))


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
    for tag, a0, a1, b0, b1 in matcher_class()(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if spans and before[spans[-1][1]:a0].isascii():
            spans[-1][1], spans[-1][3] = a1, b1
        else:
            spans.append([a0, a1, b0, b1])
    return [tuple(span) for span in spans]


@lru_cache(maxsize=1)
def matcher_class():
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
