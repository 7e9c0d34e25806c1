"""The rules' shared vocabulary: named Unicode ranges and the per-document
facts several families ask for.

The engine (``textlint/``) knows no script and no defect; what the rule
families share about characters is spelled once here.  The ranges are the
bodies of regex character classes (``f"[{HAN}]"``), so they compose.  Two
Han classes exist on purpose: the mojibake family looks where double-byte
code pages land (the Basic Multilingual Plane), the Chinese family at every
ideograph a writer may type.
"""
from __future__ import annotations

from textlint.charclass import lazy_compile

#: Han ideographs of the BMP: CJK Unified Ideographs, Extension A and the
#: compatibility block (what GBK, Big5 and Shift-JIS can hold).
HAN_BMP = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: Han ideographs: the BMP blocks and Extensions B to H.
HAN = HAN_BMP + "\U00020000-\U0003134f"
#: Hiragana and katakana (with U+30FB KATAKANA MIDDLE DOT and the prolonged sound mark).
KANA_BMP = "\u3040-\u30ff"
#: CJK symbols and punctuation (the ideographic space, 、。「」) and the kana.
CJK_MARKS_AND_KANA = "\u3000-\u30ff"
#: Kana that no Chinese text writes: every kana (the small extensions and the
#: half-width forms too) but U+30FB KATAKANA MIDDLE DOT, which Chinese uses
#: in foreign names.
KANA_NOT_CHINESE = "\u3040-\u309f\u30a0-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9d"
#: Hangul syllables.
HANGUL_SYLLABLES = "\uac00-\ud7a3"
#: Hangul: the jamo, the compatibility jamo and the syllable block.
HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
#: Full-width ASCII forms (！ to ～).
FULLWIDTH_ASCII = "\uff01-\uff5e"

_HAN_CHAR = lazy_compile(f"[{HAN}]")
_HAN_BMP_CHAR = lazy_compile(f"[{HAN_BMP}]")


def has_han(doc) -> bool:
    """Whether the document holds a Han character: one scan, kept, because
    the rules of several families start by asking (most text has none)."""
    return doc.memoized("vocabulary.has_han", lambda: _holds_han(doc.text))


def _holds_han(text: str) -> bool:
    # A class of BMP characters only is a bitmap to ``re``, faster to scan
    # than HAN with its astral range; the Extensions B to H are looked for
    # only in text that holds a character beyond the BMP at all.
    if _HAN_BMP_CHAR.search(text):
        return True
    return holds_astral(text) and _HAN_CHAR.search(text) is not None


#: Text is encoded this many characters at a time, so that a page of
#: megabytes is not copied whole for the question.
_ASTRAL_CHUNK = 1 << 20


def holds_astral(text: str) -> bool:
    """Whether the text holds a character beyond the BMP: such a character
    takes two UTF-16 code units, every other one (a lone surrogate too, with
    "surrogatepass") one.  Encoding Basic Multilingual Plane text to UTF-16
    is nearly a copy, several times faster than a scan with a class."""
    for start in range(0, len(text), _ASTRAL_CHUNK):
        chunk = text[start:start + _ASTRAL_CHUNK]  # the text itself when it is one chunk
        if len(chunk.encode("utf-16-le", "surrogatepass")) > 2 * len(chunk):
            return True
    return False
