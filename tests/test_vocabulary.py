"""The rules' shared vocabulary: Unicode ranges and per-document facts
that several families ask for, kept out of the engine."""
from __future__ import annotations

import re
from pathlib import Path

from textlint.document import Document
from textlint_rules import vocabulary

ENGINE = Path(__file__).resolve().parent.parent / "textlint"


def test_has_han_answers_for_the_document():
    assert vocabulary.has_han(Document("一个 test\n"))
    assert vocabulary.has_han(Document("Ext. B: \U00020000\n"))
    assert not vocabulary.has_han(Document("かな 한국어 plain\n"))


def test_has_han_scans_once_per_document():
    doc = Document("plain text\n")
    assert not vocabulary.has_han(doc)
    doc.text = "一"  # a second answer from the text would change; the memo keeps the first
    assert not vocabulary.has_han(doc)


def test_han_ranges_are_one_spelling():
    han_bmp = re.compile(f"[{vocabulary.HAN_BMP}]")
    han = re.compile(f"[{vocabulary.HAN}]")
    assert han_bmp.match("\u4e00") and han_bmp.match("\uf900") and not han_bmp.match("\U00020000")
    assert han.match("\U00020000") and han.match("\u3400") and not han.match("\u3041")


def test_engine_knows_no_defect():
    assert not hasattr(Document, "has_han")
    source = "\n".join(path.read_text(encoding="utf-8") for path in ENGINE.rglob("*.py"))
    for name in ("has_han", "HAN_RANGES", "_han_char"):
        assert not re.search(rf"\b{name}\b", source), name


def test_kana_chinese_never_writes_leaves_the_middle_dot_out():
    kana = re.compile(f"[{vocabulary.KANA_NOT_CHINESE}]")
    assert kana.match("ア") and kana.match("ｱ") and kana.match("ㇰ") and not kana.match("・")
    assert re.compile(f"[{vocabulary.KANA_BMP}]").match("・")
