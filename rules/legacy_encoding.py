"""M005's evidence: which legacy encoding a file that is not UTF-8 is in, and how sure that is.

Every single-byte code page decodes every byte and round-trips exactly, so
"it decodes" and "it round-trips" say nothing.  What tells one code page from
another is what the bytes *read as*: words of one script that a dictionary
knows, characters that are frequent in the language.  This module

1. decodes the bytes with each *common* code page (the ones files are really
   written in; exotic ones such as CP1006, EBCDIC or the Mac pages are tried
   only when no common one reads as text), and merges the code pages that
   give the same text: a reading;
2. cuts each reading's non-ASCII text into units (a word of an alphabetic
   script, one CJK character, one punctuation mark) and asks of each whether
   it reads as text (a word cased like one whose letter pairs the words of
   the text's language hold, a character among the frequent ones of
   Chinese, Japanese or Korean by the char model of
   :mod:`textlint_rules.mojibake`, a common mark), and which units are
   *known*: words of two letters or more in wordfreq's list for the text's
   language (the one whose list holds most of the reading's words: a French
   text read as Windows-1257 shows ``ą`` for ``à``, a word, but not a
   French one), two-character CJK words.  A word
   mixing two scripts (``cafﻠ``, ``ةtat``) counts against its reading, and a
   reading with controls, private-use or unassigned characters is no
   reading at all;
3. gives a :class:`Verdict`: *safe* only when the winner reads as text
   (nearly all its units), rests on enough bytes, and is clearly ahead of
   every other plausible reading by distinct known units; *likely* when
   nothing speaks for another reading but the evidence is thin; otherwise
   only the candidates.

Pure functions of the bytes; nothing is loaded until a file fails UTF-8.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from textlint import regexcode
from textlint.charclass import lazy_compile

#: Code pages files are really written in, grouped by script.  Within a
#: group of code pages that give the same text, the first listed names the
#: reading (the wider code page first, so that text edited later re-encodes;
#: but Big5 before CP950, whose mapping of a few marks, such as ／ as ∕, no
#: Traditional Chinese text uses).
COMMON = (
    "cp1252", "iso8859-15", "iso8859-1",
    "cp1250", "iso8859-2",
    "cp1251", "koi8-r", "koi8-u", "iso8859-5",
    "cp1253", "iso8859-7",
    "cp1254", "iso8859-9",
    "cp1255", "iso8859-8", "cp1256", "iso8859-6", "cp1257", "iso8859-13", "cp1258", "cp874",
    "gb18030", "gbk", "big5", "cp950", "cp932", "shift_jis", "euc_jp", "cp949", "euc_kr",
)
#: Tried only when no common code page reads as text; never transcoded.
EXOTIC = ("mac-roman", "cp437", "cp850", "cp866", "mac-cyrillic", "cp1006", "cp037")

# -- the thresholds, and why ---------------------------------------------------------
#
# Measured on the words of real documentation (French, German, Russian)
# encoded with their own code page and read with every other common
# single-byte one: of 160,871 garbled words, 0.16% are listed words (short
# ones such as "ŕ", "oů") and 7.4% have only attested letter pairs.  In
# Chinese and Japanese documentation read with the wrong double-byte code
# page, no two-character word appeared that the right reading lacked (the
# wrong readings do give frequent characters, which is why single
# characters are not counted as known).  So three distinct known words more
# than any other reading leave a chance of a few in a billion that a wrong
# reading wins by coincidence; the byte floor keeps a file of a
# word or two (whose readings often all read as words) from being judged on
# so little, and the share of readable words keeps a text no language reads
# from being transcoded at all.

#: At least this many non-ASCII bytes before a file is transcoded safely:
#: fewer are a word or two, which many code pages read as words.
MIN_HIGH_BYTES = 16
#: Distinct known units more in the winner than in any other plausible reading, for a safe verdict.
MIN_EDGE = 3
#: Share of the winner's units that must read as text: the text reads as its language.
MIN_RATE = 0.85
#: How far the winner's share of readable units must stand above any other reading's.
MIN_MARGIN = 0.1
#: Distinct known units more that make a reading safe even when another's
#: share of readable units is close (long CJK files read with another CJK
#: code page: frequent characters in both, words only in the right one).
MIN_EDGE_ALONE = 8
#: A reading below this share of readable units is no candidate at all.
PLAUSIBLE_RATE = 0.5
#: A CJK character at least this frequent (log10, char model) is known: about the 5,000 commonest.
CJK_KNOWN_LOGP = -5.0
#: Readings are judged on the first this-many bytes (cut at a line end); the
#: winner must still decode the whole file.
SAMPLE_BYTES = 65536

#: Non-ASCII punctuation and symbols common in prose of any script.
COMMON_MARKS = frozenset(
    "\u00a0\u00ab\u00bb\u00b7\u00b0\u00a9\u00ae\u00a7\u00bf\u00a1"
    "\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\u2022\u20ac\u00a3\u00a5\u2122\u2030\u2032\u2033"
    "\u3000\u3001\u3002\u300c\u300d\u300e\u300f\u3010\u3011\u300a\u300b\u30fb\u30fc"
    "\uff0c\uff0e\uff1a\uff1b\uff01\uff1f\uff08\uff09\uff5e\u2460\u2461\u2462\u25cf\u25a0\u2605\u2192\u00b4"
)

#: Script of a letter, by block.
_SCRIPT_RANGES = (
    (0x00C0, 0x024F, "Latin"), (0x1E00, 0x1EFF, "Latin"),
    (0x0370, 0x03FF, "Greek"), (0x1F00, 0x1FFF, "Greek"),
    (0x0400, 0x052F, "Cyrillic"),
    (0x0590, 0x05FF, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"), (0x0750, 0x077F, "Arabic"),
    (0x0E00, 0x0E7F, "Thai"),
)
#: wordfreq languages whose lists hold the words of each alphabetic script.
SCRIPT_LANGUAGES = {
    "Latin": ("en", "fr", "de", "es", "it", "pt", "nl", "ca", "cs", "sk", "pl", "hu", "ro", "sh", "sl",
              "sv", "da", "nb", "fi", "is", "lt", "lv", "tr", "vi", "id", "ms", "fil"),
    "Cyrillic": ("ru", "uk", "bg", "mk"),
    "Greek": ("el",),
    "Hebrew": ("he",),
    "Arabic": ("ar", "fa", "ur"),
}

_LANGUAGES = tuple(language for languages in SCRIPT_LANGUAGES.values() for language in languages)

_NON_ASCII_TOKEN = lazy_compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=1)
def _word_pattern():
    import regex  # letters with their combining marks (Thai vowels, Vietnamese tones), which re's \w splits

    return regex.compile(r"[\p{L}\p{M}]+")


@lru_cache(maxsize=1)
def _cjk_pattern() -> re.Pattern:
    return regexcode.compile("[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0010ffff]")


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF or 0x1100 <= code <= 0x11FF or code >= 0x20000
    )


@lru_cache(maxsize=4096)
def script_of(char: str) -> str:
    """The script of a letter: Latin, Greek, Cyrillic, Hebrew, Arabic, Thai,
    ASCII, CJK, or Other (Arabic presentation forms and the like)."""
    code = ord(char)
    if code < 0x80:
        return "ASCII"
    if _is_cjk(char):
        return "CJK"
    for low, high, script in _SCRIPT_RANGES:
        if low <= code <= high:
            return script
    return "Other"


@dataclass
class Reading:
    """The bytes decoded with one code page (or several that agree)."""

    encodings: tuple[str, ...]
    text: str
    #: unit -> (occurrences, readable): a word whose letter pairs its
    #: language attests, a frequent CJK character, a common punctuation mark
    units: dict[str, tuple[int, bool]] = field(default_factory=dict)
    #: distinct units a dictionary knows: words of two letters or more in
    #: wordfreq's list for the reading's language, two-character CJK words
    known: frozenset[str] = frozenset()
    #: distinct words that mix two scripts (Latin and Arabic in ``ةtapes``):
    #: real text has none, so each is evidence against the reading
    mixed: frozenset[str] = frozenset()
    #: why this is no reading at all (a control character, an unassigned one)
    rejected: str | None = None
    script: str = ""
    #: the wordfreq language whose list holds most of its words
    language: str = ""

    @property
    def encoding(self) -> str:
        return self.encodings[0]

    @property
    def total(self) -> int:
        return sum(count for count, _ in self.units.values())

    @property
    def readable(self) -> int:
        return sum(count for count, readable in self.units.values() if readable)

    @property
    def rate(self) -> float:
        """The share of the non-ASCII units that read as the script's language."""
        total = self.total
        return self.readable / total if total else 1.0

    def sample(self, limit: int = 32) -> str:
        """The first words holding non-ASCII characters, as this reading shows them."""
        words = []
        for token in self.text.split():
            if not token.isascii():
                words.append(token.strip(".,;:!?()[]\"'"))
                if sum(len(w) + 1 for w in words) >= limit or len(words) == 2:
                    break
        shown = " ".join(words)
        return shown if len(shown) <= limit else shown[: limit - 1] + "\u2026"


@dataclass
class Verdict:
    """What the bytes are, and how sure that is."""

    #: plausible readings, best first
    readings: tuple[Reading, ...]
    high_bytes: int
    #: transcode without asking: strong evidence for ``best``
    safe: bool = False
    #: nothing speaks for another reading than ``best``, but the evidence is thin
    likely: bool = False
    #: why it is not safe (for the message), or what made it safe
    reason: str = ""
    #: distinct units speaking for the best reading less those against it,
    #: against the closest other reading (``closest``)
    edge: int = 0
    closest: Reading | None = None

    @property
    def best(self) -> Reading | None:
        return self.readings[0] if self.readings else None

    @property
    def runner_up(self) -> Reading | None:
        return self.readings[1] if len(self.readings) > 1 else None

    @property
    def margin(self) -> float:
        """The best reading's share of readable units less the runner-up's."""
        if not self.readings:
            return 0.0
        second = self.runner_up.rate if self.runner_up else 0.0
        return self.readings[0].rate - second


#: Marks that vendors' tables of one double-byte code page map to different
#: code points (Shift-JIS and CP932: 〜 and ～; Big5 and CP950: ／ and ∕):
#: readings that differ only in these are one reading.
_VARIANTS = str.maketrans({
    "\uff5e": "\u301c", "\u2215": "\uff0f", "\u2225": "\u2016", "\uff0d": "\u2212", "\u2015": "\u2014",
    "\uffe0": "\u00a2", "\uffe1": "\u00a3", "\uffe2": "\u00ac",
})


def _sample(data: bytes) -> bytes:
    """The file's first ``SAMPLE_BYTES``, cut after a line break, space, comma
    or full stop: never inside a character in any common code page (their
    trail bytes are 0x30 or above)."""
    if len(data) <= SAMPLE_BYTES:
        return data
    cut = max(data.rfind(byte, 0, SAMPLE_BYTES) for byte in (b"\n", b" ", b",", b"."))
    return data[: cut + 1] if cut > 0 else data


def readings(data: bytes, encodings: tuple[str, ...] = COMMON) -> list[Reading]:
    """Every reading of ``data`` by the given code pages, scored; code pages
    that give the same text are one reading; rejected readings are kept,
    with the reason."""
    by_text: dict[str, Reading] = {}
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        key = text.translate(_VARIANTS)
        reading = by_text.get(key)
        if reading is None:
            by_text[key] = Reading((encoding,), text)
        else:
            reading.encodings += (encoding,)
    found = list(by_text.values())
    for reading in found:
        _score(reading)
    return found


def _most_common(counts: Counter[str]) -> str | None:
    """The key counted most, the first by name on a tie: Counter.most_common
    breaks ties by insertion order, which here follows a frozenset's and so
    the hash seed, and a finding must not change from one run to the next."""
    return min(counts, key=lambda key: (-counts[key], key)) if counts else None


def _score(reading: Reading) -> None:
    text = reading.text
    chars = set(_NON_ASCII_TOKEN.findall(text))
    for char in chars:
        category = unicodedata.category(char)
        if category in ("Cc", "Co", "Cn", "Cs") or char == "\ufffd":
            reading.rejected = f"U+{ord(char):04X} ({category}) is not text"
            return
    words: Counter[str] = Counter()
    cjk: Counter[str] = Counter()
    pairs: set[str] = set()
    for match in _word_pattern().finditer(text):
        word = match.group()
        if word.isascii():
            continue
        if _cjk_pattern().search(word) is None:
            words[word] += 1
            continue
        run = []
        previous = ""
        for char in word:
            if _is_cjk(char):
                cjk[char] += 1
                if previous:
                    pairs.add(previous + char)
                previous = char
                if run:
                    words["".join(run)] += 1
                    run = []
            else:
                previous = ""
                run.append(char)
        if run:
            words["".join(run)] += 1
    known = set()
    scripts: Counter[str] = Counter()
    mixed = set()
    judged = {word: _judge_word(word) for word in words if not word.isascii()}
    # The text's language: the one whose list holds most of its words (a
    # French text read with Windows-1257 has ą where à stood: a word, but
    # not a French one).  Then only that language's words and letter pairs count.
    listed: Counter[str] = Counter()
    for word, (_, in_lists, script) in judged.items():
        scripts[script] += words[word]
        listed.update({language: words[word] for language in in_lists})
    language = _most_common(listed)
    for word, (readable_in, in_lists, script) in judged.items():
        if language is not None:
            readable, in_list = language in readable_in, language in in_lists
        else:
            readable, in_list = bool(readable_in), False
        reading.units[word] = (words[word], readable)
        if in_list and len(word) > 1:
            known.add(word)
        elif script == "mixed":
            mixed.add(word)
    reading.language = language or ""
    for char in chars:
        if _is_cjk(char):
            if not char.isalpha():
                cjk[char] += text.count(char)  # CJK punctuation: the char model knows it
        elif not char.isalpha() and unicodedata.category(char)[0] != "M":
            # a common mark reads well but is no evidence of the script: no known unit
            reading.units[char] = (text.count(char), char in COMMON_MARKS)
    if cjk:
        from textlint_rules.mojibake.charmodel import char_model
        from textlint_rules.mojibake.tables import _pair_words

        model = char_model()
        for char, count in cjk.items():
            reading.units[char] = (count, model.logp(char) >= CJK_KNOWN_LOGP)
        # Known CJK units are two-character words: a wrong double-byte code
        # page gives frequent characters too, but seldom two that make a word.
        seconds = _pair_words()
        known.update(pair for pair in pairs if pair[1] in seconds.get(pair[0], ""))
        scripts["CJK"] += sum(cjk.values())
    reading.known = frozenset(known)
    reading.mixed = frozenset(mixed)
    reading.script = _most_common(scripts) or "symbols"


_THAI_LEADING_VOWELS = "\u0e40\u0e41\u0e42\u0e43\u0e44"
_THAI_RARE = "\u0e03\u0e05\u0e2f\u0e3f\u0e4f\u0e5a\u0e5b\u0e4e"


@lru_cache(maxsize=65536)  # the readings of one file share most of their words
def _judge_word(word: str) -> tuple[frozenset[str], frozenset[str], str]:
    """The languages in which a run of letters reads as a word (cased like
    one, its letter pairs found in the language's words), those whose word
    list holds it, and its script ("mixed" for two)."""
    nothing = frozenset()
    scripts = {script_of(c) for c in word if unicodedata.category(c)[0] != "M"}
    letters = scripts - {"ASCII"}
    if len(letters) != 1:
        return nothing, nothing, "mixed"
    (script,) = letters
    if script == "Thai":
        return (frozenset(["th"]) if _thai_shape(word) else nothing), nothing, script
    if "ASCII" in scripts and script != "Latin":
        return nothing, nothing, "mixed"  # ASCII letters inside a Cyrillic, Greek or Arabic word
    if script not in SCRIPT_LANGUAGES or not _cased_like_a_word(word):
        return nothing, nothing, script
    folded = unicodedata.normalize("NFC", word).casefold()  # as wordfreq folds its lists (ß: ss)
    padded = f"^{folded}$"
    pairs = {padded[i:i + 2] for i in range(len(padded) - 1)}
    pairs = {pair for pair in pairs if not pair.isascii()}
    in_lists, readable_in = set(), set()
    for language in SCRIPT_LANGUAGES[script]:
        if folded in _language_words(language):
            in_lists.add(language)
            readable_in.add(language)
        elif pairs <= _language_pairs(language):
            readable_in.add(language)
    return frozenset(readable_in), frozenset(in_lists), script


def _cased_like_a_word(word: str) -> bool:
    """lower, Capitalized or UPPER: a wrong code page mixes cases inside a word."""
    rest = word[1:]
    return rest == rest.lower() or word == word.upper()


def _thai_shape(word: str) -> bool:
    """Thai has no word list here: a run reads as Thai when it starts with a
    consonant or a leading vowel, uses no obsolete letter, and every
    combining mark follows a letter and no leading vowel comes last."""
    if any(c in _THAI_RARE for c in word) or word[-1] in _THAI_LEADING_VOWELS:
        return False
    if unicodedata.category(word[0]) == "Mn":
        return False
    return not any(
        unicodedata.category(a) == "Mn" and unicodedata.category(b) == "Mn" and a == b for a, b in zip(word, word[1:])
    ) and not any(a in _THAI_LEADING_VOWELS and b in _THAI_LEADING_VOWELS for a, b in zip(word, word[1:]))


@lru_cache(maxsize=None)
def _language_words(language: str) -> frozenset[str]:
    return frozenset(_word_lists()["words:" + language].split("\n"))


@lru_cache(maxsize=None)
def _language_pairs(language: str) -> frozenset[str]:
    return frozenset(_word_lists()["pairs:" + language].split("\n"))


def _letter_pairs(words: set[str]) -> set[str]:
    """Letter pairs with a non-ASCII letter (``^`` and ``$`` mark word ends)
    found in at least two of the words."""
    counts: Counter[str] = Counter()
    for word in words:
        padded = f"^{word}$"
        counts.update({padded[i:i + 2] for i in range(len(padded) - 1)})
    return {pair for pair, count in counts.items() if count >= 2 and not pair.isascii()}


@lru_cache(maxsize=1)
def _word_lists() -> dict[str, str]:
    """The non-ASCII words of wordfreq's lists and their letter pairs, by
    language (a newline-joined string each), as checked in
    (textlint_rules.tables): loading some forty word lists takes seconds,
    reading the checked-in file a few tenths."""
    from textlint_rules.tables import table

    return table("language-words")


def derive_word_lists() -> dict[str, str]:
    from wordfreq import get_frequency_dict

    lists = {}
    for language in _LANGUAGES:
        words = {w for w in get_frequency_dict(language, "small") if not w.isascii()}
        lists["words:" + language] = "\n".join(sorted(words))
        lists["pairs:" + language] = "\n".join(sorted(_letter_pairs(words)))
    return lists


def _rank_key(reading: Reading, order: tuple[str, ...]) -> tuple:
    position = order.index(reading.encoding) if reading.encoding in order else len(order)
    return (-round(reading.rate, 2), -len(reading.known), position)


def judge(data: bytes) -> Verdict:
    """The verdict on bytes that are not UTF-8 (and carry no BOM)."""
    high_bytes = sum(1 for b in data if b >= 0x80) if len(data) < 200_000 else len(re.findall(rb"[\x80-\xff]", data))
    sample = _sample(data)
    for encodings in (COMMON, EXOTIC):
        found = [r for r in readings(sample, encodings) if r.rejected is None and r.rate >= PLAUSIBLE_RATE]
        found.sort(key=lambda r: _rank_key(r, encodings))
        if sample is not data:
            found = _whole(data, found)
        if found:
            verdict = Verdict(tuple(found), high_bytes)
            if encodings is EXOTIC:
                verdict.reason = "no common encoding reads it as text"
                return verdict
            _decide(verdict)
            return verdict
    return Verdict((), high_bytes, reason="no encoding reads it as text")


def _whole(data: bytes, found: list[Reading]) -> list[Reading]:
    """The readings whose code page decodes the whole file; the first keeps
    the whole text (the others keep the sample's: they are only shown)."""
    whole = []
    for reading in found:
        try:
            text = data.decode(reading.encoding)
        except UnicodeDecodeError:
            continue
        if not whole:
            reading.text = text
        whole.append(reading)
    return whole


def _evidence(best: Reading, other: Reading) -> tuple[int, int]:
    """Distinct units speaking for ``best`` against ``other``, and against it:
    words only one of them knows, and the other's words that mix scripts."""
    ahead = (best.known - other.known) | other.mixed
    behind = (other.known - best.known) | best.mixed
    return len(ahead), len(behind)


def _decide(verdict: Verdict) -> None:
    best = verdict.best
    # The best reading must be clearly ahead of every other plausible one,
    # not only of the runner-up by share: the closest by evidence counts.
    closest = None
    for other in verdict.readings[1:]:
        ahead, behind = _evidence(best, other)
        margin = best.rate - other.rate
        clear = ahead - behind >= MIN_EDGE and behind * 2 <= ahead and (
            margin >= MIN_MARGIN - 1e-9 or ahead - behind >= MIN_EDGE_ALONE
        )
        key = (clear, ahead - behind)
        if closest is None or key < closest[0]:
            closest = (key, other, ahead, behind)
    if closest is None:  # no other plausible reading: its own known words are the evidence
        verdict.edge, behind = len(best.known) - len(best.mixed), len(best.mixed)
        clear = verdict.edge >= MIN_EDGE
    else:
        (clear, verdict.edge), verdict.closest, _, behind = closest
    if best.rate < MIN_RATE:
        verdict.reason = f"only {best.readable} of its {best.total} non-ASCII words or characters read as words"
    elif verdict.high_bytes < MIN_HIGH_BYTES:
        verdict.reason = f"{verdict.high_bytes} non-ASCII byte{'s are' if verdict.high_bytes != 1 else ' is'} too few to tell"
    elif not clear:
        verdict.reason = "other encodings read it nearly as well"
    else:
        verdict.safe = True
    # Thin evidence, but nothing speaks for another reading and something for
    # this one: worth an unsafe fix.  A tie is not.
    ahead_somehow = closest is None or verdict.edge >= 1 or verdict.margin > 1e-9
    verdict.likely = verdict.safe or (best.rate >= 0.7 and not behind and ahead_somehow)


def describe(verdict: Verdict, name_of) -> tuple[str, str | None]:
    """M005's message for a verdict, and the applicability of its
    transcoding fix (None: no fix).  ``name_of`` names a codec for people."""
    best = verdict.best
    if best is None:
        return "File is not UTF-8, and no encoding reads it as text; it is not transcoded", None
    name = name_of(best.encoding)
    if verdict.reason.startswith("no common"):
        return (
            f"File is not UTF-8, and no common encoding reads it as text (closest: {name}); "
            "it is not transcoded", None,
        )
    if verdict.safe:
        evidence = (
            f"{verdict.high_bytes} non-ASCII bytes; {best.readable} of {best.total} non-ASCII "
            f"{_units(best)} read as {best.script} text"
        )
        closest = verdict.closest
        if closest is not None:
            evidence += (
                f", {verdict.edge} known word{'s' if verdict.edge != 1 else ''} more than in "
                f"{name_of(closest.encoding)}, the closest other reading ({closest.readable} of {closest.total})"
            )
        return f"File is encoded as {name}, not UTF-8 ({evidence})", "safe"
    shown = [f"{name_of(r.encoding)} ({sample})" for r, sample in zip(verdict.readings, _samples(verdict.readings[:3]))]
    readings = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]
    if verdict.likely:
        return (
            f"File is not UTF-8; it reads most likely as {readings}, but {verdict.reason}, "
            "so transcoding it is unsafe", "unsafe",
        )
    return f"File is not UTF-8; it reads as {readings}: {verdict.reason}, so it is not transcoded", None


def _samples(readings: tuple[Reading, ...], limit: int = 32) -> list[str]:
    """What each reading shows where the readings differ: the first two
    words that differ (the readings of single-byte code pages keep their
    words in step), or else each reading's first non-ASCII words."""
    common = min(len(r.text) for r in readings)  # a single-byte reading keeps byte offsets
    tokens = [r.text[:common].split() for r in readings]
    if len(readings) > 1 and all(len(t) == len(tokens[0]) for t in tokens):
        differ = [i for i, column in enumerate(zip(*tokens)) if len(set(column)) > 1][:2]
        if differ:
            shown = [" ".join(t[i].strip(".,;:!?()[]\"'") for i in differ) for t in tokens]
            return [s if len(s) <= limit else s[: limit - 1] + "\u2026" for s in shown]
    return [r.sample(limit) for r in readings]


def _units(reading: Reading) -> str:
    return "characters" if reading.script == "CJK" else "words" if reading.script != "symbols" else "marks"


__all__ = ["COMMON", "describe", "EXOTIC", "Reading", "Verdict", "judge", "readings", "script_of"]
