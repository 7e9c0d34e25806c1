"""The encodings the family knows: ONE table of records, each saying what
an encoding is called, its codec, what text looks like when it is misread
through it, and which detectors try it.  Every per-detector list (the code
pages the pre-check is built from, those a repair is checked against, the
double-byte codecs M002 re-encodes with, what U+FFFD looks like through
each) is derived from the table, so teaching the family a new encoding is
one entry."""
from __future__ import annotations

from functools import lru_cache
from dataclasses import dataclass


@dataclass(frozen=True)
class Encoding:
    """One encoding text is misread through, and what each detector does with it.

    A role's number is the encoding's place in that role's list (None: not
    in it); the lists are tried in order, and the first that fits names the
    finding, so the order is part of what the family finds."""

    name: str  #: as messages name it
    codec: str | None = None  #: Python's codec
    #: the names M005's decoder may give the file's encoding (Python's spellings)
    file_names: tuple[str, ...] = ()
    #: single-byte pages: ftfy's codec (the "sloppy" Windows ones) and ftfy's other spellings of it
    ftfy: str | None = None
    ftfy_aliases: tuple[str, ...] = ()
    precheck: int | None = None  #: M001: a code page the pre-check reads UTF-8 lead bytes through
    round_trip: int | None = None  #: M001: a page a repair is checked against (the first that fits is named)
    runs: int | None = None  #: M001: a page a run of mojibake is looked for in
    ftfy_repairs: bool = True  #: M001: False where ftfy's repair does not try the page (decoded here)
    #: M004: U+FFFD's UTF-8 bytes read through this page, in this place
    shows_lost_mark: int | None = None
    #: M002: the codecs to try, in order, for UTF-8 read as this double-byte code page
    double_byte: tuple[str, ...] = ()
    #: M002: the legacy double-byte encoding this one is read as by mistake
    misread_as: str | None = None
    #: M004 and the pre-check: one U+FFFD (or two) read through this double-byte
    #: codec, and the lead a lone one leaves over
    lost_mark: tuple[str, str] | None = None
    lost_mark_place: int | None = None  #: the lost mark's place among the double-byte ones


ENCODINGS: tuple[Encoding, ...] = (
    # Single-byte code pages that UTF-8 is commonly mistaken for (ftfy's list):
    # Western, Cyrillic, Central European, Mac, DOS, then the Windows pages of
    # Central Europe, Greece, Turkey and the Baltic (``ğŸš€`` is 🚀 read as
    # Windows-1254, where Windows-1252 has no ``ğ``), Vietnamese and KOI8-R.
    Encoding("Windows-1252", "cp1252", ("cp1252",), "sloppy-windows-1252", ("windows-1252",),
             precheck=1, round_trip=1, runs=1, shows_lost_mark=1),
    Encoding("Latin-1", "latin-1", ("latin_1", "iso8859-1"), "latin-1", precheck=2, round_trip=2),
    Encoding("Windows-1251", "cp1251", ("cp1251",), "sloppy-windows-1251", ("windows-1251",),
             precheck=3, round_trip=3, runs=2, shows_lost_mark=2),
    Encoding("ISO-8859-2", "iso-8859-2", ("iso8859-2",), "iso-8859-2", precheck=4, round_trip=4, runs=7),
    Encoding("Mac OS Roman", "mac_roman", ("mac-roman",), "macroman",
             precheck=5, round_trip=9, runs=8, shows_lost_mark=6),
    Encoding("IBM code page 437", "cp437", (), "cp437", precheck=6, round_trip=10, runs=9, shows_lost_mark=7),
    Encoding("Windows-1250", "cp1250", ("cp1250",), "sloppy-windows-1250", ("windows-1250",),
             precheck=7, round_trip=5, runs=3, shows_lost_mark=3),
    Encoding("Windows-1253", "cp1253", ("cp1253",), "sloppy-windows-1253", ("windows-1253",),
             precheck=8, round_trip=7, runs=4, shows_lost_mark=4),
    Encoding("Windows-1254", "cp1254", ("cp1254",), "sloppy-windows-1254", ("windows-1254",),
             precheck=9, round_trip=6, runs=5),
    Encoding("Windows-1257", "cp1257", ("cp1257",), "sloppy-windows-1257", ("windows-1257",),
             precheck=10, round_trip=8, runs=6, shows_lost_mark=5),
    # ftfy's repair does not try these two: Vietnamese Windows (``Ä‘Ă¢y`` is
    # ``đây``) and KOI8-R (``п╤п╦п╡`` is ``жив``), whose runs are decoded
    # here, when every letter out of them is one of the script they serve.
    Encoding("Windows-1258", "cp1258", ("cp1258",), "sloppy-windows-1258", ("windows-1258",),
             precheck=11, round_trip=11, runs=10, ftfy_repairs=False),
    Encoding("KOI8-R", "koi8_r", ("koi8-r",), "koi8-r", precheck=12, round_trip=12, runs=11, ftfy_repairs=False),
    # Double-byte code pages: the first codec that round-trips wins; the
    # Windows supersets catch what the strict standards cannot decode.  U+FFFD
    # through them: one (Shift_JIS-2004's 魹ｽ) or two (GBK's 锟斤拷 and its
    # twins), a lone one's lead left over.
    Encoding("GBK", "gbk", ("gbk",), double_byte=("gbk", "gb18030"), misread_as="Big5"),
    Encoding("Big5", "big5", ("big5",), double_byte=("big5", "cp950"), misread_as="GBK",
             lost_mark=("\u5699\u8e1d\u856d", "\u5699"), lost_mark_place=2),
    Encoding("Shift-JIS", "shift_jis", ("shift_jis",), double_byte=("shift_jis", "cp932"),
             lost_mark=("\u9b79\uff7d", ""), lost_mark_place=1),
    Encoding("EUC-KR", "euc_kr", ("euc_kr",), double_byte=("euc_kr", "cp949"),
             lost_mark=("\u5360\uc3d9\uc619", "\u5360"), lost_mark_place=3),
    Encoding("EUC-JP", "euc_jp", ("euc_jp",), lost_mark=("\u9403\u7dd2\u7533", "\u9403"), lost_mark_place=4),
    # Named when a file is not UTF-8 (M005), tried by no detector.
    Encoding("UTF-16 (little-endian)", file_names=("utf-16-le",)),
    Encoding("UTF-16 (big-endian)", file_names=("utf-16-be",)),
    Encoding("UTF-16", file_names=("utf-16",)),
    Encoding("UTF-32 (little-endian)", file_names=("utf-32-le",)),
    Encoding("UTF-32 (big-endian)", file_names=("utf-32-be",)),
    Encoding("UTF-32", file_names=("utf-32",)),
    Encoding("GB18030", file_names=("gb18030",)),
    Encoding("GB2312", file_names=("gb2312",)),
    Encoding("Big5 (CP950)", file_names=("cp950",)),
    Encoding("Shift-JIS (CP932)", file_names=("cp932",)),
    Encoding("EUC-KR (CP949)", file_names=("cp949",)),
    Encoding("ISO-2022-JP", file_names=("iso2022_jp",)),
    Encoding("Windows-1255", file_names=("cp1255",)),
    Encoding("Windows-1256", file_names=("cp1256",)),
    Encoding("Windows-874 (Thai)", file_names=("cp874",)),
    Encoding("KOI8-U", file_names=("koi8-u",)),
    Encoding("ISO-8859-15", file_names=("iso8859-15",)),
    Encoding("ISO-8859-5", file_names=("iso8859-5",)),
    Encoding("ISO-8859-7", file_names=("iso8859-7",)),
    Encoding("ISO-8859-9", file_names=("iso8859-9",)),
    Encoding("ISO-8859-13", file_names=("iso8859-13",)),
)


def _in_order(role: str) -> list[Encoding]:
    return sorted((e for e in ENCODINGS if getattr(e, role)), key=lambda e: getattr(e, role))


_BY_NAME = {e.name: e for e in ENCODINGS}

# The per-detector views of the table.

#: Single-byte code pages the pre-check reads UTF-8 through (Python's codecs).
SINGLE_BYTE_CODECS = tuple(e.codec for e in _in_order("precheck"))
#: ftfy's codec names, as its explanations give them, to the names messages use.
_CODE_PAGE_NAMES = {name: e.name for e in ENCODINGS if e.ftfy for name in (e.ftfy, *e.ftfy_aliases)}
#: The code pages a repair is checked against, most common first (the
#: message names the first through which it re-encodes exactly).
_ROUND_TRIP_CODECS = tuple(e.ftfy for e in _in_order("round_trip"))
#: The code pages a run of mojibake is looked for in, as ftfy names them.
_RUN_CODECS = tuple(e.ftfy for e in _in_order("runs"))
#: Code pages ftfy's repair does not try.
_FTFY_UNKNOWN = frozenset(e.ftfy for e in ENCODINGS if e.ftfy and not e.ftfy_repairs)
#: U+FFFD's UTF-8 bytes (EF BF BD) as single-byte code pages show them: a
#: character lost once, then read with the wrong code page (M004's).
_SINGLE_BYTE_REPLACEMENTS = tuple(
    (e.name, "\ufffd".encode("utf-8").decode(e.codec)) for e in _in_order("shows_lost_mark")
)
#: The same bytes through double-byte codecs: (name, what one or two show as, a lone one's leftover lead).
_DOUBLE_BYTE_REPLACEMENTS = tuple((e.name, *e.lost_mark) for e in _in_order("lost_mark_place"))
#: (name in messages, codecs to try) for UTF-8 read as a double-byte code page.
_DOUBLE_BYTE = tuple((e.name, e.double_byte) for e in ENCODINGS if e.double_byte)
#: (name, codec, name and codec of the encoding it was read as) for legacy text read as another.
_LEGACY_PAIRS = tuple(
    (e.name, e.codec, e.misread_as, _BY_NAME[e.misread_as].codec) for e in ENCODINGS if e.misread_as
)
#: The decoder's names for a file's encoding, to the names M005's message uses.
_ENCODING_NAMES = {name: e.name for e in ENCODINGS for name in e.file_names}


def byte_values(codec: str, values: range = range(0x100)) -> dict[str, int]:
    """Each character ``codec`` shows for one of the byte ``values``, to that
    byte (the last, where two bytes show the same character)."""
    table: dict[str, int] = {}
    for value in values:
        try:
            table[bytes((value,)).decode(codec)] = value
        except UnicodeDecodeError:
            pass
    return table


def decoded_bytes(codecs: tuple[str, ...], values: range) -> set[str]:
    chars = set()
    for codec in codecs:
        for value in values:
            try:
                chars.add(bytes((value,)).decode(codec))
            except UnicodeDecodeError:
                pass
    return chars


#: Where CJK mojibake lands: ideographs, Hangul, kana (full and half width),
#: full-width forms and the private use area GBK maps its user rows to.
_CJK_RANGES = (
    (0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7A3),
    (0xE000, 0xF8FF), (0xF900, 0xFAFF), (0xFF01, 0xFF5E), (0xFF61, 0xFF9F),
)


_LOST = "\ufffd锟烫屯"


@lru_cache(maxsize=65536)
def _gbk_pair(char: str) -> bytes | None:
    try:
        encoded = char.encode("gbk")
    except UnicodeEncodeError:
        return None
    return encoded if len(encoded) == 2 else None


@lru_cache(maxsize=65536)
def _gbk_char(lead: int, trail: int) -> str | None:
    try:
        char = bytes((lead, trail)).decode("gbk")
    except UnicodeDecodeError:
        return None
    return None if len(char) != 1 or "\ue000" <= char <= "\uf8ff" else char


def encoding_name(encoding: str) -> str:
    key = encoding.lower().replace("_", "-")
    for name in (encoding.lower(), key, key.replace("-", "_")):
        if name in _ENCODING_NAMES:
            return _ENCODING_NAMES[name]
    return encoding.upper()
