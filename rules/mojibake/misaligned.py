"""M003: GBK text read one byte off (a lost byte shifts every pair after
it), and the pinyin annotations whose character it swallowed."""
from __future__ import annotations

from functools import lru_cache

from textlint.charclass import lazy_compile
from textlint_rules.vocabulary import KANA_BMP
from textlint_rules.tables import table
from textlint_rules.mojibake.charmodel import UNKNOWN, char_model
from textlint_rules.mojibake.common import Damage, _DocContext, _overlaps, _quote
from textlint_rules.mojibake.encodings import _gbk_char, _gbk_pair
from textlint_rules.mojibake.lost import truncated_heads
from textlint_rules.mojibake.precheck import _HAN, _HAN_CHAR, _PINYIN_LETTERS
from textlint_rules.mojibake.tables import CJK_PUNCTUATION


# ---------------------------------------------------------------------------
# M003: GBK text decoded one byte off
# ---------------------------------------------------------------------------
#
# GBK text whose byte stream slipped by one byte: each character shown is the
# trail byte of one character and the lead byte of the next, until an ASCII
# byte (GBK trail bytes 0x40-0x7E *are* ASCII) brings the stream back in step.
# The character shown at position k and the one realigned from it depend only
# on k and k + 1, so one walk back from where the span ends scores every
# possible start at once.

_ANNOTATION_BEFORE = lazy_compile(f"\\?([{_PINYIN_LETTERS}]{{1,8}})\\)$")
_LOST_AROUND_ANNOTATION = lazy_compile(f"(?<=[{_HAN}])\\?([{_PINYIN_LETTERS}]{{1,8}})\\)\\?")
_ANNOTATION_AFTER = lazy_compile(f"\\?[{_PINYIN_LETTERS}]{{1,8}}\\)")
_TAG_AFTER = lazy_compile(r"/[A-Za-z][\w-]*>")
#: A misaligned span is reported when its realigned characters gain this much
#: (log10 frequency, in total and per character) and read at least this well.
_MIN_TOTAL_GAIN = 3.0
_MIN_CHAR_GAIN = 1.0
_MIN_REALIGNED = -4.5
_RARE = -5.5
_LONGEST_SPAN = 80


@lru_cache(maxsize=1024)
def likeliest_gbk(lead: int | None, trail: int | None, traditional: bool) -> str | None:
    """The most frequent GBK character with the given lead or trail byte."""
    char = _likeliest_table().get(_likeliest_key(lead, trail, traditional))
    if char is None:  # a byte outside the table
        return most_frequent_gbk(lead, trail, traditional)
    return char or None


def _likeliest_key(lead: int | None, trail: int | None, traditional: bool) -> str:
    return f"{lead}:{trail}:{int(traditional)}"


@lru_cache(maxsize=1)
def _likeliest_table() -> dict[str, str]:
    """:func:`most_frequent_gbk` for every byte either side, and both scripts
    ("" for none): each takes a walk over a GBK row or column, a tenth of a
    second for the table, so it is checked in (textlint_rules.tables)."""
    return table("gbk-likeliest")


def derive_likeliest_table() -> dict[str, str]:
    table = {}
    for traditional in (False, True):
        for byte in range(0x40, 0xFF):
            for lead, trail in ((byte, None), (None, byte)):
                table[_likeliest_key(lead, trail, traditional)] = most_frequent_gbk(lead, trail, traditional) or ""
    return table


def most_frequent_gbk(lead: int | None, trail: int | None, traditional: bool) -> str | None:
    model = char_model()
    pairs = [(x, trail) for x in range(0x81, 0xFF)] if lead is None else [(lead, y) for y in range(0x40, 0xFF)]
    best, best_score = None, -99.0
    for pair in pairs:
        char = _gbk_char(*pair)
        if char is None or not (_HAN_CHAR.match(char) or char in CJK_PUNCTUATION):
            continue  # GBK misalignment is Chinese text: no kana, no symbols
        if not traditional and model.simplified_char(char) != char:
            continue
        if model.logp(char) > best_score:
            best, best_score = char, model.logp(char)
    return best


#: Where a misaligned span can end (what ends_misaligned_span asks of the
#: character there), so that the line is not walked character by character.
SPAN_END = lazy_compile("[\x40-\x7e](?![A-Za-z0-9])|[?\ufffd]")


def _misaligned(context: _DocContext, line: str, base: int, found: list[Damage]) -> list[Damage]:
    result: list[Damage] = []
    for match in SPAN_END.finditer(line, 1):
        end = match.start()
        if not ends_misaligned_span(line, end):
            continue
        damage = _misaligned_span(context, line, base, end)
        if damage and not _overlaps(found + result, damage.start, damage.end):
            result.append(damage)
    for match in _LOST_AROUND_ANNOTATION.finditer(line):
        if not _overlaps(found + result, base + match.start(), base + match.end()):
            context.pending.append((base + match.start(), base + match.end(), match.group(1), line[match.end():]))
    return result


def ends_misaligned_span(line: str, end: int) -> bool:
    char = line[end]
    if _gbk_pair(line[end - 1]) is None:
        return False
    if char == "?" and _ANNOTATION_AFTER.match(line, end):
        return False  # the "?" of ?yàn): a lost lead byte, not the end of a span
    if char in "\ufffd?":
        return True
    following = line[end + 1] if end + 1 < len(line) else " "
    return "\x40" <= char <= "\x7e" and not (following.isascii() and following.isalnum())


def _shown_score(line: str):
    """How plausible a shown character is in this line.  GBK misalignment
    happens to Chinese text, where kana, Cyrillic, Greek and box drawing
    (GBK's symbol rows) are garbage; in a Japanese line kana are text."""
    model = char_model()
    japanese = _KANA.search(line) is not None

    def shown(char: str) -> float:
        if _HAN_CHAR.match(char) or japanese:
            return model.logp(char)
        return UNKNOWN

    return shown


_KANA = lazy_compile(f"[{KANA_BMP}]{{2}}")


def _walk_back(line: str, end: int) -> tuple[list[str], list[float], bool]:
    """Realigned characters and their gains, from the span's end backwards."""
    model = char_model()
    shown = _shown_score(line)
    terminator = line[end]
    certain_end = terminator not in "\ufffd?"
    realigned, gains = [], []
    if certain_end:
        last = _gbk_char(_gbk_pair(line[end - 1])[1], ord(terminator))
        if last is None:
            return [], [], True
        realigned.append(last)
        gains.append(model.logp(last) - shown(line[end - 1]))
    index = end - 2 if certain_end else end - 2
    while index >= 0 and len(realigned) < _LONGEST_SPAN:
        pair, next_pair = _gbk_pair(line[index]), _gbk_pair(line[index + 1])
        char = _gbk_char(pair[1], next_pair[0]) if pair and next_pair else None
        if char is None:
            break
        realigned.append(char)
        gains.append(model.logp(char) - shown(line[index]))
        index -= 1
    return realigned, gains, certain_end


def _misaligned_span(context: _DocContext, line: str, base: int, end: int) -> Damage | None:
    model = char_model()
    shown = _shown_score(line)
    realigned, gains, certain_end = _walk_back(line, end)
    # garbled characters line[start:end]; with a lost end, the last one
    # (line[end-1]) realigns only to a guess and is scored as the garbled
    # character's rarity alone.
    best_total, length, running = 0.0, 0, 0.0
    offset = 0 if certain_end else 1
    if line[end] == "\ufffd":
        # the last shown character realigns to a guess: its lead byte must at
        # least start a common character; counted at half weight
        guess = likeliest_gbk(_gbk_pair(line[end - 1])[1], None, True)
        running = 0.5 * ((model.logp(guess) if guess else UNKNOWN) - shown(line[end - 1]))
    for count, gain in enumerate(gains, 1):
        running += gain
        if running > best_total:
            best_total, length = running, count
    garbled_count = length + offset
    annotation = _ANNOTATION_BEFORE.search(line[:end - garbled_count])
    annotated = annotation is not None
    if not certain_end and garbled_count == 1:
        # one rare character before U+FFFD: misaligned, unless it is the
        # head of a UTF-8 character read as GBK (鈥?), which M004 explains
        lone = line[end] == "\ufffd" and shown(line[end - 1]) <= _RARE and line[end - 1] not in truncated_heads()
        if not (lone or annotated):
            return None
    elif length == 0 or not _convincing(realigned[:length], best_total, line[end] == "\ufffd" or annotated):
        return None
    start = end - garbled_count
    if start < 0 or not _in_chinese(line, annotation.start() if annotated else start, end):
        return None
    if all(char in CJK_PUNCTUATION for char in line[start:end]):
        # Chinese marks are text, not garble: "，" before a U+FFFD "realigns"
        # to "。現", which realigns to "！，", and so on, one more mark for
        # every fix (issue 14)
        return None
    return _misaligned_damage(context, line, base, start, end, realigned[:length][::-1], certain_end)


def _in_chinese(line: str, start: int, end: int) -> bool:
    """GBK misalignment garbles Chinese text: a Chinese character or mark
    must stand right before the span or right after its end."""
    around = line[start - 1:start] + line[end + 1:end + 2]
    return any(_HAN_CHAR.match(c) or c in CJK_PUNCTUATION for c in around)


def _convincing(realigned: list[str], total: float, damaged: bool) -> bool:
    """Whether the realigned characters read far better than the shown ones.
    A span that ends in U+FFFD (or follows ?yàn)) is damaged already, so less
    is asked; an ASCII "?" after Chinese is as often a plain question mark."""
    model = char_model()
    plausible = sum(model.logp(c) for c in realigned) / len(realigned)
    needed = _MIN_CHAR_GAIN if damaged else _MIN_TOTAL_GAIN
    return total >= needed and total / len(realigned) >= _MIN_CHAR_GAIN and plausible >= _MIN_REALIGNED


def _misaligned_damage(context, line, base, start, end, middle, certain_end) -> Damage:
    traditional = context.traditional
    first = likeliest_gbk(None, _gbk_pair(line[start])[0], traditional) or "?"
    repair = first + "".join(middle)
    span_end = end + 1
    if not certain_end:
        last = likeliest_gbk(_gbk_pair(line[end - 1])[1], None, traditional) or ""
        swallowed = _swallowed(line[end + 1:]) if line[end] == "?" else ""
        repair += last + swallowed
        if swallowed == "<":
            # take the rest of the tag along, so that the repair leaves one
            # whole tag (</span>) and no rule sees a broken one (/span>)
            tag = _TAG_AFTER.match(line, end + 1)
            repair += tag.group()
            span_end = tag.end()
    annotation = _ANNOTATION_BEFORE.search(line[:start])
    if annotation:
        start = annotation.start()
        repair = first + "(" + annotation.group(1) + ")" + repair[1:]
        context.annotations.setdefault(annotation.group(1), first)
    garbled = line[start:span_end]
    return Damage(
        "M003", base + start, base + span_end,
        f"GBK text decoded one byte off: {_quote(garbled)} realigned reads {_quote(repair)}",
        repair, "unsafe",
        f"Realign the bytes; the lost byte is guessed by character frequency ({_quote(first)})",
    )


def _swallowed(following: str) -> str:
    """The ASCII byte a lone GBK byte swallowed when it was shown as "?"."""
    if _TAG_AFTER.match(following):
        return "<"
    if following[:1].isascii() and following[:1].isalnum():
        return " "
    return ""


def _resolve_annotated(context: _DocContext) -> list[Damage]:
    """``因?yàn)?h5``: both bytes of a character were lost around its annotation;
    the same annotation elsewhere in the document says which character it was."""
    result = []
    for start, end, annotation, following in context.pending:
        char = context.annotations.get(annotation)
        garbled = context.doc.text[start:end]
        if char is None:
            result.append(Damage("M003", start, end, f"A double-byte character was lost around {_quote(garbled)}"))
            continue
        repair = f"{char}({annotation})" + _swallowed(following)
        result.append(
            Damage(
                "M003", start, end,
                f"GBK text decoded one byte off: {_quote(garbled)} realigned reads {_quote(repair)}",
                repair, "unsafe",
                f"Restore {_quote(char)}, the character this annotation follows elsewhere in the document",
            )
        )
    return result
