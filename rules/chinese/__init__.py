"""Family Z: damage peculiar to Chinese text (Z001-Z005).

Every rule first asks one precompiled question, whether the text holds a Han
character at all, so text in other scripts pays one scan and nothing more.
The tables come from installed packages and load on the first candidate:
pypinyin's readings (Z002) and OpenCC's conversion dictionaries (Z003).

Chinese, Japanese and Korean share the Han characters; the three differ in
punctuation conventions, so Z001 decides which language a paragraph is in by
kana and hangul in the paragraph and in the whole document, never one
character at a time.
"""
from __future__ import annotations

import textlint
from textlint_rules.chinese.brackets import CjkBracketMismatch
from textlint_rules.chinese.pinyin import PinyinAnnotation
from textlint_rules.chinese.punctuation import CjkAsciiPunctuation
from textlint_rules.chinese.scripts import MixedChineseScripts
from textlint_rules.chinese.spacing import CjkLatinSpacing


@textlint.hookimpl
def textlint_rules():
    return [CjkAsciiPunctuation(), PinyinAnnotation(), MixedChineseScripts(), CjkLatinSpacing(), CjkBracketMismatch()]
