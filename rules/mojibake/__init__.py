"""Family M: text that went through the wrong decoder (M001-M005).

How the work is split, so that clean text pays almost nothing:

1. ``text.isascii()``: ASCII cannot be mojibake.  Done.
2. One compiled pattern (``compiled_triggers``) finds the few places worth a look:
   UTF-8 lead and continuation bytes as a single-byte code page shows them
   (``Ã©``, ``â€™``, ``Ð¿``, ``РїС``), U+FFFD and ``锟斤拷``, uninitialised
   memory (``烫烫烫``), CJK characters outside the first level of every
   national standard (where mojibake lives and prose rarely goes); in text
   with Chinese characters, a second one finds a lone ASCII letter after a
   Chinese character (where a misaligned GBK span ends).  Both are built
   once per process from Python's own codecs.
3. Only the lines holding a suspect are judged: ftfy for single-byte code
   pages (imported then, never before), re-encoding and a character
   frequency model (:class:`CharModel`, wordfreq) for the double-byte ones.

All five rules share one analysis per document (``doc.memo``), because the
same span must go to exactly one rule: a UTF-8-as-GBK span is M002 even
though it also holds rare characters that M003 would look at, and a U+FFFD
that ends a misaligned span is part of M003's finding, not M004's.
"""
from __future__ import annotations

import textlint
from textlint_rules.mojibake.analysis import analyze
# what bench/bench_mojibake.py times: the start-up of a worker that judges a span
from textlint_rules.mojibake.charmodel import char_model  # noqa: F401
from textlint_rules.mojibake.precheck import compiled_triggers as _triggers  # noqa: F401

# ---------------------------------------------------------------------------
# The rules
# ---------------------------------------------------------------------------


class _MojibakeRule(textlint.Rule):
    family = "M"
    #: the text itself is damaged or lost (M005 overrides: its text is intact)
    severity = "error"
    #: M001 and M002 re-decode their span whole, so what lies inside it (a C1
    #: control, a stray "Mac OS Roman" guess) is part of that one defect.
    #: M003's span is a guess, M004 marks loss without repairing, and M005 is
    #: about the whole file: they cover nothing.
    covers_span = True

    def check(self, doc):
        return analyze(doc).get(self.code, [])


class Mojibake(_MojibakeRule):
    """UTF-8 text decoded with a single-byte code page.

    ## What it does
    Finds text whose UTF-8 bytes were read as Windows-1252, Latin-1,
    Windows-1251, ISO-8859-2, Windows-1250, -1253, -1254, -1257, -1258,
    KOI8-R, Mac OS Roman or code page 437, and says which: `cafÃ©`, `donâ€™t`,
    `Ð¿Ñ€Ð¸Ð²ÐµÑ‚` (all Windows-1252), `РїСЂРёРІРµС‚` (Windows-1251),
    `ä¸­æ–‡` (Chinese through Windows-1252), `ğŸš€` (🚀 through
    Windows-1254, which Windows-1252 cannot show), and UTF-8 through DOS
    code page 866 as a Windows console shows it (`╨Я╤А╨╕╨▓╨╡╤В` is
    `Привет`, `рдЕрдкрдирд╛` is `अपना`; a word counts only when all of it
    decodes strictly into letters of one script).  Mojibake that no single
    re-decoding reads back (a page dropped the bytes Windows-1252 has no
    character for: `ÐÐ¾Ð±ÑÑÐ¹` of `Добрый`; or text garbled twice) is
    reported without a fix.  Each garbled span is one
    finding, however long the line: ASCII between garbled words belongs to
    the span, and so do the C1 control characters Latin-1 shows for some
    bytes (`â€\x9d`).  Also `Ã ` where a scraper turned the no-break space
    byte of `à` (C3 A0) into a plain space: `VÃ ng` (Vàng), `voilÃ  le`,
    `Ã  la carte`; and a few garbled words ftfy finds too short to judge
    (`zwiÄ…zku`, `polovinÄ›`), when each garbled pair sits inside a
    lowercase word and decodes to a letter.  U+FFFD shown through a code
    page (`ï¿½`, `пїЅ`) is M004's, and so is a span inside Shift-JIS or GBK
    mojibake M002's.
    Also legacy single-byte text read with another code page (module
    crosscode): `Ââåäèòå` is `Введите` (Windows-1251 read as Windows-1252),
    likewise KOI8-R, and Windows-1250 (`Pøíliš` is `Příliš`).

    ## Why is this bad?
    Every accented letter, curly quote and non-Latin word is unreadable, and
    search, spell checking and sorting all fail on it.

    ## Example
    ```
    Le dÃ©veloppement du logiciel a commencÃ© l'Ã©tÃ© dernier.
    ```

    ## Use instead
    ```
    Le développement du logiciel a commencé l'été dernier.
    ```

    ## How it decides
    A compiled pattern finds UTF-8 byte sequences as a code page shows them;
    only those spans go to ftfy's encoding repair (never its other fixes:
    no NFKC, no uncurled quotes, so clean CJK punctuation is never touched).
    When ftfy re-encodes the whole span through one code page, the span is
    cut from the bytes themselves, character by character (a diff would
    align Cyrillic with Cyrillic and split a long line).  When clean text
    and mojibake share a line (a heading, then a garbled sentence) and ftfy
    will not re-encode the whole, each run whose bytes are UTF-8 in one code
    page (two garbled characters or more) is repaired on its own; the runs
    of Windows-1258 and KOI8-R, which ftfy does not know, are decoded here
    when every letter out of them belongs to the script the code page
    serves (`Ä‘Ă¢y` is `đây`, `п╤п╦п╡` is `жив`).  `Ã ` counts as `à`
    only where the word says so: after a lowercase letter (`voilÃ`), after
    one capital when the word goes on in lowercase (`VÃ ng`, unless the line
    holds letters no code page shows, as Vietnamese capitals `BÃ` do), or
    alone before two spaces (`Ã  la`); never in capitals (`IRMÃ E`,
    `CAPITÃ do`).  Repairs that would leave a word half Latin, half Cyrillic
    (`HVAÐ“`), or a capital before its closing quote (`MAÇÔ`), are no
    mojibake.

    ## Fix safety
    Safe when the repaired span, encoded as UTF-8 and decoded with the code
    page, gives back exactly the garbled span (for `Ã `, once the no-break
    space is put back, and only when the repair holds no control
    character); otherwise reported only.  A
    legacy code page read as another is repaired only when the round trip
    is exact and the words decoded are dictionary words; unsafe when that
    evidence is thin (few words, or few of them known).  Unsafe too when
    the repair touches damage it cannot mend, or its line still looks like
    mojibake once repaired (ftfy's own test): bytes were lost or two code
    pages were mixed, and an exact round trip may still be the wrong
    character (`å®æ` read back as `宿` where `守` lost a byte).
    """

    code = "M001"
    name = "mojibake"
    summary = "UTF-8 decoded with a single-byte code page"
    fix_policy = textlint.FixPolicy.sometimes(textlint.Applicability.SAFE, textlint.Applicability.UNSAFE)


class CjkMojibake(_MojibakeRule):
    """UTF-8 text decoded as GBK, Big5, Shift-JIS or EUC-KR, and GBK and Big5 read as each other.

    ## What it does
    Finds spans like `鎴戜滑` (我们 read as GBK), `縺ゅ` (Japanese read as
    Shift-JIS), `險ｭ螳壹` (設定 read as Shift-JIS), `caf茅` (café read as
    GBK), and GBK bytes shown as Big5 or the reverse; glued to an English
    word too (`TypeScript縺ｨ縺ｯ` is `TypeScriptとは`).  When bytes were lost
    (the code page wrote U+FFFD for a byte it could not pair, or the text
    was cut inside a character: `鍒樺` is `刘` and the first byte of the
    next), the whole damaged run is one finding that says what it reads
    (`杩欐槸涓�涓�` reads `这是一�个�`; a `?` a legacy decoder wrote
    after a wide character counts as such a byte).  Pieces of one garbled
    run that a few unreadable characters cut apart are one finding too, and
    so are M001's.  Also Chinese,
    Japanese and Korean legacy bytes read with a Western code page (module
    crosscode): `CVS‘SŽæ“¾` is `CVS全取得` (Shift-JIS read as Windows-1252,
    or as code page 850/437 in zip tools), `¼Ò¸®¿¤` is `소리엘` (EUC-KR
    read as Latin-1), `ÖÐÎÄ` is `中文` (GBK), `Á0ë0¿0` is `チルタ`
    (UTF-16LE read as Latin-1).

    ## Why is this bad?
    It is the commonest damage in Chinese, Japanese and Korean text, and
    ftfy does not repair it.

    ## How it decides
    A span is a candidate when its bytes in the suspected encoding are
    exactly valid UTF-8 (or the other legacy encoding).  It is reported when
    the decoded text is far more plausible than the garbled text under a
    character-frequency model built from wordfreq's Chinese, Japanese and
    Korean lists (Traditional characters scored through OpenCC).  Real
    prose, rare characters, names and classical Chinese stay silent, because
    their re-decoding is never *more* plausible than they are.  A Latin
    letter out of one wide character (`caf茅`) counts only at the end of a
    word that stands alone (`API扭曲` and `Python탐구` are an English word
    inside Chinese or Korean text, not `APIŤ`).

    ## Example
    ```
    鎴戜滑鍦ㄦ枃妗ｄ腑璁板綍浜嗘瘡
    ```

    ## Use instead
    ```
    我们在文档中记录了每
    ```

    ## Fix safety
    Safe: a span is repaired only when re-encoding it gives back exactly
    the bytes that decode to the repair.  A legacy encoding read with a
    Western code page is repaired safely only when the span is long (four
    characters or more) and reads as frequent characters and words; unsafe
    when shorter or when another encoding reads it nearly as well; reported
    without a fix when a byte was lost (U+FFFD).  UTF-8 that lost bytes
    gets an unsafe fix: each lost character guessed as the most frequent
    one its remaining bytes allow (`鐨勭敤娉` reads `的用` and then one of
    U+6CC0..U+6CFF, most likely `法`); none when a character lost more than
    one byte.  A repair that touches such lossy damage, or leaves its line
    still looking like mojibake, is unsafe: the line is reported whole
    rather than left half repaired.
    """

    code = "M002"
    name = "cjk-mojibake"
    summary = "UTF-8 decoded as a double-byte encoding"
    fix_policy = textlint.FixPolicy.sometimes(textlint.Applicability.SAFE, textlint.Applicability.UNSAFE)


class MisalignedMojibake(_MojibakeRule):
    """Double-byte (GBK) text decoded one byte off.

    ## What it does
    Finds GBK text whose byte stream slipped by one byte, so each character
    shown is made of the trail byte of one character and the lead byte of the
    next (`榈讓蛹夹g` for `底層技術`), until an ASCII byte brings it back in
    step, or the span ends in U+FFFD or `?`.

    ## Why is this bad?
    The span is unreadable, and the characters at both of its ends have lost
    a byte each.

    ## How it decides
    The shown characters are re-encoded as GBK, shifted by one byte and
    decoded again; the span is reported when the realigned characters are far
    more frequent (wordfreq) than the shown ones.  The character whose lead
    byte was lost is chosen, among those with the trail byte left over, as
    the most frequent in Chinese text (Traditional ones only in Traditional
    text).

    ## Example
    ```
    探索以小程序?yàn)榈讓蛹夹g(shù)載體
    ```

    ## Use instead
    ```
    探索以小程序為(yàn)底層技術(shù)載體
    ```

    ## Fix safety
    Unsafe: the lost bytes are guessed by frequency.
    """

    code = "M003"
    name = "misaligned-mojibake"
    summary = "Double-byte text decoded one byte off"
    fix_policy = textlint.FixPolicy.sometimes(textlint.Applicability.UNSAFE)
    #: Its span is a guess at where the shifted bytes run, and may swallow
    #: the "<" of a tag that stays leaked HTML after the repair (seed line 3).
    covers_span = False


class LostCharacters(_MojibakeRule):
    """Marks of characters that were already lost.

    ## What it does
    Finds U+FFFD REPLACEMENT CHARACTER, `锟斤拷` (U+FFFD's UTF-8 bytes read
    as GBK) and its twins (`魹ｽ` Shift_JIS, `嚙踝蕭` Big5, `占쏙옙` EUC-KR,
    `鐃緒申` EUC-JP, `ï¿½` Windows-1252, `пїЅ` Windows-1251, and the other
    single-byte code pages), `烫烫烫` and `屯屯屯` (uninitialised memory
    shown as GBK), the tails of UTF-8 read as GBK whose last byte was lost
    (`鈥?` was a curly quote or dash, `锛?` full-width punctuation, `銆?` a
    CJK mark, a leading `锘?` a byte order mark), and letters a legacy
    encoder wrote as `?` in Latin-script words (`informa??o`, `gen?tica`,
    `M?nchen`, `don?t`), whole names (`???-5`) or whole lines (`????
    ????? ?? ???????`: four words of `?` or more, half the line's words).

    A `?` inside a word is punctuation far more often than a lost letter,
    so a word counts only when it is letters with the `?` between two of
    them (nothing of a URL, a path or code: no `/ = . :`; never in code or
    inline code), the letter after it lowercase (`done?No` is a question
    without its space) or the whole word in capitals; and only when its
    line holds another such word, or one of fifteen languages that write
    accents knows the word with one of its letters in place of each `?`
    (wordfreq; the message then names it: `informação`).

    ## Why is this bad?
    The text that stood there is gone; only the original source can restore it.

    ## Example
    ```
    小程序是一种不需要下载安�即可使用的应用
    ```

    ## Fix safety
    None: what was lost cannot be recovered from the text.  The message says
    what the character most likely was where that can be told.

    ## Options
    None.
    """

    code = "M004"
    name = "lost-characters"
    summary = "Characters lost in decoding"
    fix_policy = textlint.FixPolicy.never()
    covers_span = False


class LegacyEncoding(_MojibakeRule):
    """A file that is not UTF-8.

    ## What it does
    Reports a file stored as UTF-16 or UTF-32, or in a legacy code page:
    Windows-1250 to 1258, ISO-8859-x, KOI8-R, GBK/GB18030, Big5, Shift-JIS,
    EUC-JP, EUC-KR or Thai.  A file that is UTF-8 but for a few bad bytes is
    reported at those bytes.

    ## How it decides
    Every single-byte code page decodes every byte and round-trips it, so
    decoding proves nothing: each common code page's reading is weighed by
    what it reads as.  Its non-ASCII words are looked up in wordfreq's list
    for the text's language, the one whose list holds most of them (so a
    French text read as Windows-1257, `ą` for `à`, loses: `ą` is a word, but
    not a French one); a word mixing scripts, such as `cafﻠ`, or mixing
    cases is never a word; its CJK characters must be frequent ones and
    their pairs words.  Code pages that give the same text are one reading,
    and so are those that differ only in a vendor's mapping of a mark
    (Shift-JIS `〜` and CP932 `～`).  The
    message names the winner and the evidence: its non-ASCII bytes, how
    many of its words or characters read as text, and how many more known
    words it has than the closest other reading.  Exotic code pages (CP1006,
    EBCDIC, the Mac pages) are named only when no common one reads as text.

    ## Why is this bad?
    Tools that assume UTF-8 (most of them) show such a file as mojibake.

    ## Example
    A French file saved as Windows-1252: the bytes `caf\\xe9 cr\\xe8me`.

    ## Use instead
    The same text stored as UTF-8: `café crème` (bytes `caf\\xc3\\xa9 cr\\xc3\\xa8me`).

    ## Fix safety
    Safe (transcoded to UTF-8) for a byte order mark, and for a legacy code
    page only on strong evidence: at least 16 non-ASCII bytes, at least 85%
    of the non-ASCII words or characters reading as text, and at least 3
    distinct known words (two-character words in CJK) more than every
    other plausible reading, with a clear lead in its share of readable words (or 8
    known words more).  With thinner evidence the message names the
    candidates with a sample of each (`Windows-1252 (café crème) or
    Windows-1250 (café crčme)`); when nothing speaks for another reading the
    fix is unsafe, and otherwise there is none.  A file that was not decoded
    with certainty is never written, even with `--unsafe-fixes`, and a
    UTF-8 file with bad bytes is never rewritten.

    ## Options
    None.
    """

    covers_span = False  # the file as a whole: what its first line holds is not part of it
    severity = "warning"  # the text reads right once decoded; only its storage is legacy
    code = "M005"
    name = "legacy-encoding"
    summary = "File not encoded as UTF-8"
    fix_policy = textlint.FixPolicy.sometimes(textlint.Applicability.SAFE, textlint.Applicability.UNSAFE)


@textlint.hookimpl
def textlint_rules():
    return [Mojibake(), CjkMojibake(), MisalignedMojibake(), LostCharacters(), LegacyEncoding()]


@textlint.hookimpl
def textlint_legacy_decoder():
    """How the engine reads a file that is not UTF-8: M005's judge of the bytes."""
    from textlint_rules.legacy_encoding import judge

    return judge
