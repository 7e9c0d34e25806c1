"""Family M: every damaged text here is made by really encoding and decoding
a clean string, so the tables say exactly which mistake they stand for."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from textlint.document import Decoded, Document, decode_bytes
from textlint.testing import Case, check_rule, findings_for, fixed_text
from textlint_rules import mojibake
from textlint_rules.mojibake import double_byte, encodings, latin, lost, misaligned, precheck

FIXTURES = Path(__file__).parent / "fixtures" / "mojibake"

ZH = "我们在文档中记录了每一次发布的变更，方便用户升级时查阅。"
ZH_TW = "開發團隊基於統一的底層架構，打通了各個業務部門之間的技術壁壘。"
JA = "設定ファイルはプロジェクトのルートに置いてください。"
KO = "이 도구는 텍스트의 인코딩 오류를 찾아서 자동으로 고칩니다."
FR = "Le développement du logiciel a commencé l'été dernier à Montréal."
RU = "Этот инструмент находит и исправляет ошибки кодировки в тексте."


def utf8_as(text: str, codec: str) -> tuple[str, str]:
    """The longest part of ``text`` whose UTF-8 bytes decode strictly in
    ``codec``, and what it shows: (clean, garbled)."""
    for length in range(len(text), 2, -1):
        for start in range(0, len(text) - length + 1):
            try:
                part = text[start:start + length]
                return part, part.encode("utf-8").decode(codec)
            except UnicodeDecodeError:
                continue
    raise AssertionError(f"no part of {text!r} survives {codec}")


def one_byte_off(text: str) -> str:
    """GBK bytes of ``text`` decoded without their first byte."""
    return text.encode("gbk")[1:].decode("gbk", errors="replace")


def codes(text: str, fmt: str = "txt") -> list[str]:
    found = []
    for code in ("M001", "M002", "M003", "M004", "M005"):
        found += [code] * len(findings_for(code, text, fmt))
    return found


# -- M001 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "clean, codec, name",
    [
        (FR, "cp1252", "Windows-1252"),
        ("Die Straßenbahn fährt über die Brücke.", "cp1252", "Windows-1252"),
        ("I don’t know — “really”.", "sloppy-windows-1252", "Windows-1252"),
        (RU, "sloppy-windows-1252", "Windows-1252"),
        (RU, "cp1251", "Windows-1251"),
        ("中文的文本", "cp1252", "Windows-1252"),
        ("I don’t know.", "latin-1", "Latin-1"),
    ],
)
def test_m001_finds_and_repairs_single_byte_mojibake(clean, codec, name):
    import ftfy.bad_codecs  # noqa: F401  the sloppy codecs: cp1252 as browsers read it

    garbled = clean.encode("utf-8").decode(codec)
    text = f"Intro line.\n{garbled}\n"
    found = findings_for("M001", text)
    assert len(found) == 1 and found[0][0] == 2, found
    assert f"UTF-8 decoded as {name}" in found[0][2]
    assert fixed_text("M001", text) == f"Intro line.\n{clean}\n"


def test_m001_span_is_the_garbled_words_not_the_line():
    garbled = "café".encode("utf-8").decode("cp1252")
    text = f"Un {garbled} noir, s'il vous plaît."
    assert [(line, column) for line, column, _ in findings_for("M001", text)] == [(1, 7)]


def test_m001_clean_text_and_legitimate_letters_stay_silent():
    check_rule(
        "M001",
        valid=[
            FR, RU, "Сіль і сіно: Січень.", "«МТС» и «ВТБ»", "naïve café, Ærøskøbing, Øresund",
            "Größe: 10 m²; Preis: 5 €", "ÉTÉ — À BIENTÔT", ("Mojibake looks like `cafÃ©` in code.", "md"),
        ],
    )


# -- M002 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "clean, codec",
    [
        (ZH, "gbk"), (ZH_TW, "gbk"), ("人们说中国", "big5"), ("人们说中国", "cp950"), (JA, "shift_jis"), (JA, "cp932"),
        (ZH, "shift_jis"), (KO, "cp949"), ("설정 파일은 프로젝트의 루트에 두십시오.", "cp949"), (KO, "gbk"),
    ],
)
def test_m002_utf8_read_as_double_byte(clean, codec):
    original, garbled = utf8_as(clean, codec)
    assert len(original) >= 3, (clean, codec)
    text = f"第一行。\n{garbled}\n"
    found = findings_for("M002", text)
    assert [line for line, _, _ in found] == [2], found
    assert "UTF-8 decoded as" in found[0][2]
    assert fixed_text("M002", text) == f"第一行。\n{original}\n"


def test_m002_utf8_read_as_euc_kr():
    # Korean: see test_m002_utf8_read_as_double_byte (KO through CP949).
    # Strict EUC-KR rejects UTF-8's continuation bytes 0x80-0xA0, so no real
    # UTF-8 text survives it; Windows reads "EUC-KR" as CP949, which does.
    sentence = "中国人民在这里生活了很多年，我们的国家很大。"
    original, garbled = utf8_as(sentence, "cp949")
    assert len(original) >= 4
    found = findings_for("M002", f"说明：{garbled}。")
    assert len(found) == 1 and "EUC-KR" in found[0][2]
    assert fixed_text("M002", f"说明：{garbled}。") == f"说明：{original}。"


def test_m002_latin_word_read_as_gbk():
    assert fixed_text("M002", "Un caf茅 noir.") == "Un café noir."
    assert "caf茅" == "café".encode("utf-8").decode("gbk")


@pytest.mark.parametrize("clean, shown_as, stored_as", [(ZH, "big5", "gbk"), (ZH_TW, "gbk", "big5")])
def test_m002_legacy_read_as_the_other_legacy(clean, shown_as, stored_as):
    original, garbled = _longest_part(clean, stored_as, shown_as)
    assert len(original) >= 4
    found = findings_for("M002", garbled)
    assert found and all(f"{'GBK' if stored_as == 'gbk' else 'Big5'} decoded as" in m for _, _, m in found)
    # a few characters of the run cannot be read back: the safe fix leaves
    # the line whole rather than half repaired; the unsafe one mends the rest
    assert fixed_text("M002", garbled) in (garbled, original)
    repaired = fixed_text("M002", garbled, unsafe=True)
    assert sum(a == b for a, b in zip(repaired, original)) > 0.8 * len(original)


def _longest_part(text: str, stored_as: str, shown_as: str) -> tuple[str, str]:
    for length in range(len(text), 1, -1):
        for start in range(len(text) - length + 1):
            part = text[start:start + length]
            try:
                return part, part.encode(stored_as).decode(shown_as)
            except UnicodeError:
                continue
    raise AssertionError("nothing survives")


def test_m002_real_cjk_prose_stays_silent():
    check_rule(
        "M002",
        valid=[
            ZH, ZH_TW, JA, KO,
            "学而时习之，不亦说乎？有朋自远方来，不亦乐乎？人不知而不愠，不亦君子乎？",  # classical
            "窈窕淑女，君子好逑。参差荇菜，左右流之。",
            "龘靐齉爩 are among the rarest characters; 𠀀𪚥 too.",
            "茅盾、郁达夫和鲁迅都写过上海；Python中的茅台酒例子。",
            "欧阳修、诸葛亮、司马迁、上官婉儿、慕容复",
            "안녕하세요. 저는 김철수입니다. 서울특별시 종로구에 삽니다.",
            "한글은 세종대왕이 창제했다. 훈민정음 해례본은 국보이다. 읊조리다, 넋두리, 닭볶음탕.",
            "Java와 Python을 비교하면 Rust가 빠르다. CSS에서 HTML로.",
            "ｱｲｳｴｵ は半角カナです。ｶﾀｶﾅ",
        ],
    )


# -- M003 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "before, span, after",
    [
        ("开发团队基于统一的底层架构，打通了", "各个业务部门之", "间的技术壁垒。"),
        ("這個專案解決的是電動自行車的", "充電問題", "，每天都有幾十萬筆訂單。"),
        ("小程式是一種不需要下載安裝即可", "使用的應", "用，它實現了應用觸手可及的夢想。"),
        ("这个项目解决的是电动自行车的充电问题，每天都有几十", "万笔订单。", ""),
    ],
)
def test_m003_gbk_one_byte_off(before, span, after):
    garbled = one_byte_off(span)
    assert sum(c not in span for c in garbled) >= 2, "the example must stay out of step"
    text = before + garbled + after
    found = findings_for("M003", text)
    assert len(found) == 1, (text, found)
    assert found[0][1] == len(before) + 1
    assert codes(text) == ["M003"]


def test_m003_realigns_and_guesses_the_lost_byte():
    text = "基于阿里的定位与战略，探索以" + one_byte_off("小程序作为底层技术") + "载体。"
    repaired = fixed_text("M003", text, unsafe=True)
    assert "底层技" in repaired and "载体。" in repaired
    assert fixed_text("M003", text) == text  # unsafe: never applied by a plain fix


def test_m003_the_seed_lines():
    seed = (FIXTURES / "seed.txt").read_text(encoding="utf-8")
    lines = sorted({line for line, _, _ in findings_for("M003", seed)})
    assert lines == [3, 9, 26, 30]
    assert [c for c in codes(seed) if c != "M003"] == []
    repaired = fixed_text("M003", seed, unsafe=True).split("\n")
    assert "底層技術" in repaired[8] and "阿里巴巴電商業" in repaired[25]
    assert "為(yàn) h5" in repaired[29] and "者(wù)。</span>" in repaired[2]


def test_m003_clean_chinese_with_latin_letters_stays_silent():
    check_rule(
        "M003",
        valid=[
            "这只股票属于A股，T恤很便宜，X光检查，B站视频。",
            "使用JS写代码，在Astro中运行，用的是Node的API。",
            "你吃饭了吗?我吃了。真的吗?",
            "维生素C和维生素E都很重要；第3版。",
            "Вчера в Москве шёл снег, а сегод�я светит солнце.",
        ],
    )


# -- M004 ---------------------------------------------------------------------

LOST = [
    ("replacement", "João e a irmã\ufffdviajaram.", "U+FFFD"),
    ("kaoshi", "Ce château " + "\ufffd\ufffd".encode("utf-8").decode("gbk") + " médiéval.", "锟斤拷"),
    ("stack", "缓冲区里是" + (b"\xcc" * 6).decode("gbk") + "。", "0xCC"),
    ("heap", "堆上是" + (b"\xcd" * 6).decode("gbk") + "。", "0xCD"),
    ("quote", "他说" + "”".encode("utf-8")[:2].decode("gbk") + "?好的。", "most likely"),
    ("fullwidth", "你好" + "，".encode("utf-8")[:2].decode("gbk") + "?世界", "，"),
    ("cjk-mark", "结束" + "。".encode("utf-8")[:2].decode("gbk") + "?", "。"),
    ("bom", "\ufeff".encode("utf-8")[:2].decode("gbk") + "?标题", "byte order mark"),
]


@pytest.mark.parametrize("kind, text, says", LOST, ids=[k for k, _, _ in LOST])
def test_m004_lost_characters(kind, text, says):
    found = findings_for("M004", text)
    assert len(found) == 1, found
    assert says in found[0][2]
    assert fixed_text("M004", text) == text


def test_m004_silent_on_clean_text():
    check_rule("M004", valid=[ZH, "烫烫的汤", "你好吗?", "屯田制"])


def test_m004_silent_where_a_mark_of_loss_is_shown_on_purpose():
    """Docs about decoding print U+FFFD beside its name; articles about
    mojibake quote 锟斤拷.  The same marks unexplained are still loss."""
    kaoshi = "\ufffd\ufffd".encode("utf-8").decode("gbk")
    check_rule(
        "M004",
        valid=[
            "Invalid input is decoded to the replacement character (\ufffd) instead of raising.",
            "Bytes that are not UTF-8 become U+FFFD, shown as \ufffd, in the decoded string.",
            f"为什么会出现“{kaoshi}”？因为替换字符被当成 GBK 读了两遍。",
            f"这种乱码（{kaoshi}）在旧网页上很常见。",
            f"文字化けの例:「{kaoshi}」",
            f"就是这个，效果不演示了，单单的 {kaoshi} 而已",  # named like a word, spaced out
        ],
        invalid=[
            Case("Die Stra\ufffde ist lang und die Br\ufffdcke alt.", findings=[(1, 9), (1, 31)]),
            Case(f"发布了新版本{kaoshi}欢迎下载。", findings=[(1, 7)]),
        ],
    )


def test_m004_one_finding_per_run_of_marks():
    """A comment of which only a character here and there survived is one
    damaged run, not a finding per mark; marks apart stay apart."""
    kaoshi = "\ufffd\ufffd".encode("utf-8").decode("gbk")
    check_rule(
        "M004",
        invalid=[
            Case(f" * {kaoshi}驭{kaoshi}频{kaoshi}{kaoshi}系统 v3.0\n", findings=[(1, 4)], messages=["with what survived"]),
            Case(f"版权{kaoshi}有，{kaoshi}必究\n", findings=[(1, 3), (1, 8)]),
            Case("A\ufffdB and C\ufffdD\n", findings=[(1, 2), (1, 10)]),
            Case("Votre variable a \ufffdt\ufffd enregistr\ufffde.\n", findings=[(1, 18), (1, 20), (1, 31)]),
        ],
    )


# -- M005 ---------------------------------------------------------------------

LONG = {
    "zh": ZH * 4, "tw": ZH_TW * 4, "ja": JA * 4, "ko": KO * 4, "ru": RU * 4, "fr": FR * 4,
}


@pytest.mark.parametrize(
    "lang, codec",
    [
        ("zh", "gb18030"), ("zh", "gbk"), ("ja", "shift_jis"), ("ko", "euc_kr"), ("ru", "cp1251"),
        ("fr", "cp1252"), ("zh", "utf-16"), ("ru", "utf-16-le"), ("zh", "utf-16-be"), ("fr", "utf-32"),
        ("ko", "utf-32-le"),
    ],
)
def test_m005_legacy_files_are_found_and_transcoded(lang, codec):
    decoded = decode_bytes(LONG[lang].encode(codec))
    assert decoded.text == LONG[lang]
    doc = Document(decoded.text, "f.txt", decoded=decoded)
    (finding,) = mojibake.analyze(doc)["M005"]
    assert "not UTF-8" in finding.message
    assert finding.fix is not None and finding.fix.encoding == "utf-8" and not finding.fix.edits


def test_m005_big5_is_reported():
    decoded = decode_bytes(LONG["tw"].encode("big5"))
    (finding,) = mojibake.analyze(Document(decoded.text, decoded=decoded))["M005"]
    assert "Big5" in finding.message


def test_m005_mostly_utf8_is_reported_at_the_bad_bytes_and_never_fixed():
    data = ("第一行。\n" * 20 + "第二行").encode("utf-8") + b"\xff\xfe" + "。\n".encode("utf-8")
    decoded = decode_bytes(data)
    assert not decoded.certain
    doc = Document(decoded.text, decoded=decoded)
    found = mojibake.analyze(doc)
    assert [doc.position(f.start)[0] for f in found["M005"]] == [21]
    assert all(f.fix is None for f in found["M005"]) and "M004" not in found


def test_m005_silent_on_utf8():
    assert "M005" not in mojibake.analyze(Document(ZH, decoded=Decoded(ZH)))


def test_m005_end_to_end_transcode(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(LONG["zh"].encode("gb18030"))
    proc = subprocess.run(
        [sys.executable, "-m", "textlint", "fix", "--no-cache", "--select", "M005", str(path)], capture_output=True
    )
    assert proc.returncode in (0, 1), proc.stderr
    assert path.read_bytes() == LONG["zh"].encode("utf-8")


# -- issue 10: mojibake as real pages carry it ------------------------------------
#
# Every damaged string below is made here from a clean sentence written for
# these tests, through the codec the damage stands for.

import ftfy.bad_codecs  # noqa: E402,F401  the sloppy-windows-* codecs, as browsers read cp125x


def _garble(clean: str, codec: str) -> str:
    return clean.encode("utf-8").decode(codec)


def _found(code: str, text: str, fmt: str = "txt") -> list[tuple[int, int, str]]:
    return [(f.start, f.end, f.code) for f in mojibake.analyze(Document(text, f"<test>.{fmt}", fmt)).get(code, [])]


@pytest.mark.parametrize(
    "latin, clean, codec",
    [
        ("TypeScript", "とは何ですか", "cp932"),  # Japanese read as Shift-JIS, glued to an English word
        ("Rust", "で開発する", "shift_jis"),
        ("Vue", "を学ぶ", "cp932"),
        ("Python", "入门教程", "gbk"),  # Chinese read as GBK, glued likewise
        ("Astro", "框架", "gbk"),
    ],
)
def test_m002_cjk_mojibake_glued_to_a_latin_word(latin, clean, codec):
    text = f"Notes: {latin}{_garble(clean, codec)} and more.\n"
    found = findings_for("M002", text)
    assert len(found) == 1 and found[0][1] == 8 + len(latin), found
    assert fixed_text("M002", text) == f"Notes: {latin}{clean} and more.\n"


def test_m002_caf_glued_still_reads_latin():
    assert fixed_text("M002", "Der Kaffee im Caf" + _garble("é", "gbk") + " war gut.") == "Der Kaffee im Café war gut."


def test_m002_clean_cjk_after_latin_words_stays_silent():
    check_rule(
        "M002",
        valid=[
            "Python中的异步编程非常重要。", "TypeScriptとは何ですか？", "Reactで開発する方法を学ぶ。",
            "使用Rust编写的工具链，比C语言更安全。", "JavaとPythonの違いについて説明します。",
            "HTMLの基本を学ぶ。CSSで装飾する。", "在GitHub上发布了新版本，包括Windows和macOS。",
        ],
    )


RU_LONG = (
    "Компоненты — это основа любого приложения: каждый из них описывает «кусочек» интерфейса, "
    "а страница собирает их вместе. Свойства передаются сверху вниз, а события поднимаются обратно. "
    "Так код остаётся понятным, даже когда проект растёт и над ним работают десятки людей."
)
EL_LONG = (
    "Τα στοιχεία — είναι η βάση κάθε εφαρμογής: το καθένα περιγράφει ένα «κομμάτι» της διεπαφής, "
    "και η σελίδα τα συνθέτει όλα μαζί. Οι ιδιότητες περνούν από πάνω προς τα κάτω, ενώ τα γεγονότα "
    "ανεβαίνουν πίσω. Έτσι ο κώδικας μένει κατανοητός, ακόμη κι όταν το έργο μεγαλώνει πολύ."
)
ZH_LONG = (
    "组件是每个应用的基础——每个组件描述界面的一小部分，页面再把它们组合在一起。"
    "属性自上而下传递，事件则向上冒泡返回。这样，即使项目不断变大、有几十个人同时参与，"
    "代码也依然清晰易懂。我们把这种做法称为“单向数据流”，它让调试变得简单多了。"
)


@pytest.mark.parametrize(
    "clean, codec",
    [
        (RU_LONG, "sloppy-windows-1251"), (RU_LONG, "sloppy-windows-1252"), (EL_LONG, "sloppy-windows-1252"),
        (ZH_LONG, "sloppy-windows-1252"), ("“" + ZH_LONG + "”", "sloppy-windows-1252"),
        (EL_LONG, "sloppy-windows-1253"), (RU_LONG + " " + RU_LONG, "sloppy-windows-1251"),
    ],
    ids=["ru-1251", "ru-1252", "el-1252", "zh-1252", "zh-quoted-1252", "el-1253", "ru-twice-1251"],
)
def test_m001_long_line_is_one_finding_repaired_whole(clean, codec):
    garbled = _garble(clean, codec)
    assert len(garbled) >= 300
    text = f"Intro line.\n{garbled}\n"
    found = _found("M001", text)
    last = len(garbled.rstrip(".")) - 1  # the span ends at the last garbled character
    assert [(start, end) for start, end, _ in found] == [(12, 12 + last + 1)], found
    assert fixed_text("M001", text) == f"Intro line.\n{clean}\n"


@pytest.mark.parametrize(
    "heading, clean, codec",
    [
        ("Заголовок: ", RU_LONG, "sloppy-windows-1251"),  # a clean heading, then a garbled sentence
        ("Статья «", RU_LONG, "sloppy-windows-1252"),
        ("Τίτλος — ", EL_LONG, "sloppy-windows-1253"),
        ("Résumé : ", "Le château médiéval, près de la rivière, était déjà célèbre à l’époque.", "cp1252"),
    ],
    ids=["ru-1251", "ru-1252", "el-1253", "fr-1252"],
)
def test_m001_clean_text_then_mojibake_on_one_line(heading, clean, codec):
    garbled = _garble(clean, codec)
    text = f"{heading}{garbled}\n"
    found = _found("M001", text)
    first = next(i for i, c in enumerate(garbled) if not c.isascii())
    assert len(found) == 1 and found[0][0] == len(heading) + first, found
    assert fixed_text("M001", text) == f"{heading}{clean}\n"


@pytest.mark.parametrize(
    "clean, prefix",
    [
        ("Giá Vàng", ""),  # Vietnamese: the NBSP of à (C3 A0) became a space inside the word
        ("Hàng hóa và dịch vụ", ""),
        ("voilà le travail", "Et "),  # French: à before a real space, so two spaces
        ("à la carte", "Le menu "),
        ("Déjà vu à Paris", ""),
        ("La città è bella", ""),  # Italian
    ],
)
def test_m001_a_grave_whose_nbsp_became_a_space(clean, prefix):
    garbled = _garble(clean, "cp1252").replace("\xa0", " ")
    assert "Ã " in garbled
    text = f"{prefix}{garbled}.\n"
    found = findings_for("M001", text)
    assert len(found) == 1, found
    assert "space" in found[0][2]
    assert fixed_text("M001", text) == f"{prefix}{clean}.\n"


def test_m001_a_tilde_before_a_space_in_portuguese_capitals_stays_silent():
    check_rule(
        "M001",
        valid=[
            "A IRMÃ E O IRMÃO FORAM À ESCOLA.", "MAÇÃ VERDE, ROMÃ MADURA", "SÃO PAULO E MANHÃ",
            "O título diz: CAPITÃ DO TIME", "Ã é uma letra do alfabeto português.",
        ],
    )


@pytest.mark.parametrize(
    "clean, codec, name",
    [
        ("Yeni sürüm yayında 🚀 hemen deneyin!", "sloppy-windows-1254", "Windows-1254"),
        ("Launch day 🚀 is here", "sloppy-windows-1254", "Windows-1254"),
        ("Zażółć gęślą jaźń — to jest test.", "sloppy-windows-1250", "Windows-1250"),
        ("Καλημέρα σας, φίλοι μου.", "sloppy-windows-1253", "Windows-1253"),
        ("Ūdens un Īpašums — šodien.", "sloppy-windows-1257", "Windows-1257"),
        ("Đây là tiếng Việt có dấu, rất đẹp.", "sloppy-windows-1258", "Windows-1258"),  # ftfy has no 1258
        ("Привет, как дела? Всё хорошо, спасибо.", "koi8-r", "KOI8-R"),  # nor KOI8-R
    ],
)
def test_m001_other_windows_code_pages(clean, codec, name):
    garbled = _garble(clean, codec)
    for western in ("cp1252", "latin-1"):
        with pytest.raises(UnicodeError):
            garbled.encode(western)  # not Windows-1252 mojibake: that code page cannot hold what is shown
    text = f"Line one.\n{garbled}\n"
    found = findings_for("M001", text)
    assert len(found) == 1 and f"UTF-8 decoded as {name}" in found[0][2], found
    assert fixed_text("M001", text) == f"Line one.\n{clean}\n"


def test_m001_clean_text_in_those_languages_stays_silent():
    check_rule(
        "M001",
        valid=[
            "Türkçe metinlerde ğ, ş, ı ve İ harfleri sık kullanılır: Ağaç, şişe, ılık, İstanbul.",
            "Zażółć gęślą jaźń. Příliš žluťoučký kůň úpěl ďábelské ódy.",
            "Ελληνικά: Άλφα, Έψιλον, Ήτα, Ιώτα, Όμικρον, Ύψιλον, Ωμέγα.",
            "Lietuvių kalba: ąžuolas, ėjo, į, šuo, ūkis, žmogus. Latviešu: ģimene, ķirsis, ļoti.",
            "Tiếng Việt: Hà Nội, Sài Gòn, Vàng và bạc.", "Português: ação, informação, coração.",
            "CHÚNG TÔI ĐÃ đến. Giọt BÃ giống, RÃ rỗng.", "É difícil — FÃ química!", "mục\u00a0NHÃ\u00a0ALEX — vay",
            "Ea simte CÃ\u00a0susține ideea.", "Price: VÃ ng.", "A “MAÇÔ e o “IRMÔ.", "Íslenska: NÁÐ” og SKRÁÐ“ svartur.",
            "Ελληνικά «Καλή» και «ωραία» — ή’ κάτι.", "Türkçe: HÂLÂ“ dedi, “ĞÜŞ” yazdı.",
            "WALCZYĆ\u00a0witam, NAJVÄČŠIA “pozícia”, LOCALĂ“ animale.", "СТАТЬЕ’ и ДОРОГИ\u00a0домой, ЕЁ.",
            "Ещё ёлка, её, моё, твоё — всё. Щёлк!", "Структура:\n├── src\n│   └── main.py — всё просто ■ ≤ ≥ √ ≈ ° ² · ÷",
            "Vietnamese Windows: Ăn cơm, ăn phở, Đà Nẵng, ƯU ĐÃI lớn.",
            "Español: ¿Qué tal? ¡Muy bien! España, niño, año.",
        ],
    )


@pytest.mark.parametrize(
    "shown, says",
    [
        ("\ufffd".encode("utf-8").decode("shift_jis_2004"), "Shift"),  # 魹ｽ
        (("\ufffd" * 2).encode("utf-8").decode("shift_jis_2004"), "Shift"),
        ("\ufffd".encode("utf-8").decode("cp1252"), "Windows-1252"),  # ï¿½
        (("\ufffd" * 3).encode("utf-8").decode("cp1252"), "Windows-1252"),
        ("\ufffd".encode("utf-8").decode("cp1251"), "Windows-1251"),
        (("\ufffd" * 2).encode("utf-8").decode("big5"), "Big5"),
        (("\ufffd" * 2).encode("utf-8").decode("cp949"), "EUC-KR"),
        (("\ufffd" * 2).encode("utf-8").decode("euc_jis_2004"), "EUC-JP"),
    ],
)
def test_m004_replacement_character_read_as_another_code_page(shown, says):
    text = f"La cita dice: «{shown}» y sigue.\n"
    found = _found("M004", text)
    assert [(s, e) for s, e, _ in found] == [(15, 15 + len(shown))], (found, codes(text))
    assert codes(text) == ["M004"]
    (message,) = [m for _, _, m in findings_for("M004", text)]
    assert "U+FFFD" in message and says in message
    assert fixed_text("M004", text, unsafe=True) == text


def test_m004_replacement_mark_inside_single_byte_mojibake_is_split_out():
    clean = "Le café \ufffd et la crème."
    text = _garble(clean, "cp1252") + "\n"
    assert sorted(codes(text)) == ["M001", "M001", "M004"]
    assert fixed_text("M001", text) == "Le café " + _garble("\ufffd", "cp1252") + " et la crème.\n"


LOST_WORDS = [
    # a legacy encoder wrote "?" for every letter it could not hold
    ("pt", "A informação genética é preservada na célula."),
    ("es", "España y Cataluña comparten la tradición del año nuevo."),
    ("de", "In München fährt die Straßenbahn über die Brücke."),
    ("fr", "Le château médiéval se trouve près de la rivière."),
    ("vi", "Chúng tôi đang làm việc tại Hà Nội."),
    ("en", "We don’t know what it’s worth."),
    ("ru", "Модель АК-47 и завод ТОЗ-5 в отчёте."),
]


@pytest.mark.parametrize("lang, clean", LOST_WORDS, ids=[lang for lang, _ in LOST_WORDS])
def test_m004_letters_lost_as_question_marks(lang, clean):
    damaged = clean.encode("ascii", errors="replace").decode("ascii")
    assert damaged != clean and "?" in damaged
    text = f"{damaged}\n"
    found = findings_for("M004", text)
    assert found, (damaged, found)
    assert all("?" in message for _, _, message in found)
    assert fixed_text("M004", text, unsafe=True) == text


@pytest.mark.parametrize(
    "clean",
    ["Этот инструмент находит ошибки кодировки в тексте.", "Αυτό το εργαλείο βρίσκει λάθη στο κείμενο.", "这个 工具 可以 找到 文本 中的 编码 错误。"],
)
def test_m004_line_whose_every_letter_was_lost(clean):
    damaged = clean.encode("latin-1", errors="replace").decode("latin-1")
    text = f"Intro.\n{damaged}\n"
    found = _found("M004", text)
    assert len(found) == 1, (damaged, found)
    assert found[0][0] == len("Intro.\n") and text[found[0][1] - 1] == "?"  # the line's words of "?", one span


def test_m004_lines_of_question_marks_that_are_puzzlement_stay_silent():
    check_rule(
        "M004",
        valid=["??? what is this ???", "Wait ?? really ?? no ??", "| ?? | ?? | ?? | ?? | value | other | more | cells | here |"],
    )


def test_m004_question_marks_in_a_word_span_the_word_part():
    text = "A informação genética.".encode("ascii", errors="replace").decode() + "\n"
    assert [(s, e) for s, e, _ in _found("M004", text)] == [(2, 12), (13, 21)]


def test_m004_question_marks_that_are_punctuation_stay_silent():
    check_rule(
        "M004",
        valid=[
            "What? Really? Yes.", "Is it done?No, not yet.", "Wait...what?!", "¿Qué hora es? ¿Dónde estás?",
            "See https://example.com/search?q=mojibake&lang=pt for more.", "Open index.php?id=42&page=2 now.",
            "Use `a ?? b` or `a?.b` in TypeScript.", ("Use `user?.name ?? fallback` here.", "md"),
            "The regex .*? is lazy, and (?:abc) does not capture.", "const x = a ?? b; const y = c?.d;",
            "Il a dit : « Vraiment ? » Oui.", "Was ist das? Ich weiß es nicht.", "Czy to prawda? Tak.",
            "C'est ça ? Oui !", "Hmm?? I don't know??", "SELECT * FROM t WHERE a = ? AND b = ?",
            "Query string: ?param=1&other=2", "Ternary: cond?yes:no in C.", "Pattern: colou?r matches both.",
            ("```\nlet v = a?b:c; if (x??y) {}\n```\n", "md"), ("Call `get?name` via the API.", "md"),
            "Wie heißt du?Ich heiße Anna.", "O que é isso? É uma informação.",
        ],
    )


def test_m004_question_mark_pattern_alone_is_not_enough_in_a_code_like_line():
    assert findings_for("M004", "cond?yes:no and x?y=z") == []


_SINGLE_BYTE_SOURCES = [RU_LONG[:120], EL_LONG[:120], ZH_LONG[:60], FR, "Zażółć gęślą jaźń — Příliš žluťoučký kůň.",
                        "Đây là tiếng Việt có dấu.", "Ūdens un Īpašums — šodien.", "Yeni sürüm 🚀 “hemen” deneyin!"]
_SINGLE_BYTE_SHOWN = ["sloppy-windows-1252", "sloppy-windows-1251", "sloppy-windows-1250", "sloppy-windows-1253",
                      "sloppy-windows-1254", "sloppy-windows-1257", "sloppy-windows-1258", "koi8-r", "iso-8859-2", "macroman"]


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(_SINGLE_BYTE_SOURCES), st.sampled_from(_SINGLE_BYTE_SHOWN), st.integers(0, 40), st.integers(1, 80))
def test_every_safe_single_byte_repair_re_encodes_exactly(clean, codec, start, length):
    """A safe M001 fix gives back the garbled span through one code page
    (Ã then a space: once its no-break space is put back), on every code
    page the rule knows, garbled whole or in part, after clean text or not."""
    try:
        garbled = clean[start:start + length].encode("utf-8").decode(codec)
    except UnicodeDecodeError:
        return
    text = clean[:start] + garbled + clean[start + length:]
    for finding in mojibake.analyze(Document(text)).get("M001", []):
        if finding.fix and finding.fix.applicability == "safe":
            (edit,) = finding.fix.edits
            shown = text[edit.start:edit.end]
            assert any(
                _shows(edit.content, shown, c) or _shows(edit.content, shown.replace("Ã ", "Ã\u00a0"), c)
                for c in _SINGLE_BYTE_SHOWN + ["latin-1", "cp437"]
            ), (text, shown, edit.content)


# -- one defect, one finding ------------------------------------------------------


def test_shift_jis_mojibake_is_m002_and_never_m001_inside():
    clean = "はじめに、いろいろな設定を確認してください。"
    garbled = clean.encode("utf-8").decode("cp932", errors="replace")
    text = f"{garbled}\n"
    assert "M001" not in codes(text), _found("M001", text)
    assert "M002" in codes(text)


@pytest.mark.parametrize("clean", ["Le “grand” café", "Ça coûte 5 € — vraiment", "Ёлка и Её", "Ǹ ǹ ŝ Ŕ"])
def test_m001_span_covers_the_c1_controls_of_latin1_mojibake(clean):
    garbled = _garble(clean, "latin-1")
    controls = [i for i, c in enumerate(garbled) if "\x80" <= c <= "\x9f"]
    assert controls, garbled
    spans = [(s, e) for s, e, _ in _found("M001", garbled)]
    assert spans, garbled
    assert all(any(s <= i < e for s, e in spans) for i in controls), (garbled, spans)
    assert fixed_text("M001", garbled) == clean


# -- UTF-8 read as GBK whose last bytes were lost -------------------------------------------


def test_m002_gbk_span_whose_last_character_lost_a_byte():
    clean = "的用法"  # 法 is three bytes; GBK reading leaves its first two as one character and drops the third
    shown = clean.encode("utf-8")[:-1].decode("gbk")
    text = f"Python{shown}\n"
    found = findings_for("M002", text)
    assert len(found) == 1 and "lost" in found[0][2], found
    assert fixed_text("M002", text) == text  # the lost byte is a guess: no safe fix
    assert fixed_text("M002", text, unsafe=True) == f"Python{clean}\n"  # 法: the likeliest character there


def test_m002_gbk_span_ending_inside_a_character():
    clean = "刘德"
    shown = clean.encode("utf-8")[:4].decode("gbk")  # the last character kept one byte of three
    text = f"作者：{shown}\n"
    found = findings_for("M002", text)
    assert len(found) == 1 and "lost" in found[0][2] and "刘" in found[0][2], found
    assert fixed_text("M002", text) == text  # no exact repair: reported only


@pytest.mark.parametrize(
    "clean, codec",
    [
        ("这是一个用于测试的中文句子，包含标点符号。", "gbk"),
        ("はじめに、いくつかの設定を確認してください。", "cp932"),
        ("我们在文档中记录了每一次发布的变更。", "gbk"),
    ],
)
def test_m002_line_read_with_replacement_characters_is_one_finding(clean, codec):
    # what a browser or editor shows: every byte the code page cannot pair became U+FFFD
    shown = clean.encode("utf-8").decode(codec, errors="replace")
    assert shown.count("\ufffd") >= 1
    text = f"{shown}\n"
    found = _found("M002", text)
    assert [(s, e) for s, e, _ in found] == [(0, len(shown))], (shown, found)
    assert "M001" not in codes(text) and "M004" not in codes(text)
    assert fixed_text("M002", text) == text  # lost bytes: no safe fix
    repaired = fixed_text("M002", text, unsafe=True)
    assert sum(a == b for a, b in zip(repaired, clean)) >= len(clean) - 3  # a guess per lost byte


def test_m002_line_where_a_legacy_decoder_wrote_question_marks_is_one_finding():
    clean = "我们在文档中记录了每一次发布的变更。"
    shown = clean.encode("utf-8").decode("gbk", errors="replace").replace("\ufffd", "?")
    assert "?" in shown
    text = f"{shown}\n"
    assert [(s, e) for s, e, _ in _found("M002", text)] == [(0, len(shown))]
    assert fixed_text("M002", text) == text
    assert fixed_text("M002", text, unsafe=True) == f"{clean}\n"


def test_m002_question_marks_in_clean_chinese_stay_silent():
    check_rule("M002", valid=["你好吗?我很好。真的吗?是的。", "这是什么?那是什么?", "他说：“为什么?”"])


def test_m002_words_glued_to_cjk_are_not_latin_letters_read_as_gbk():
    check_rule(
        "M002",
        valid=[
            "选人API扭曲传播「明天」", "这个Python冒险，逃脱了。", "Python탐구와 API탐정、그리고 all칸”", "周辺API艦“金沢」へ",
            "成功API暮らし産業", "Python膜Python", "在教育API啪啪）链接", "构建API煤矿」身高",
        ],
    )


def test_m002_gbk_with_unmapped_tail_bytes_is_reported():
    clean = "的文档"
    shown = clean.encode("utf-8").decode("gbk", errors="replace")
    assert "\ufffd" in shown
    text = f"请参阅{shown}\n"
    assert codes(text), shown
    assert all(c in ("M002", "M004") for c in codes(text))


# -- the family together ----------------------------------------------------------


@pytest.mark.parametrize("name", ["prose_zh-cn.mdx", "prose_zh-tw.mdx", "prose_ja.mdx", "prose_ru.mdx", "prose_fr.mdx", "prose_de.mdx"])
def test_real_prose_is_silent(name):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    assert codes(text, "mdx") == []


def test_ftfy_defaults_would_rewrite_clean_cjk_but_m001_does_not():
    import ftfy

    clean = "你好，世界：真的（是）！对吗？"
    assert ftfy.fix_text(clean) != clean  # NFKC: the reason we never use the defaults
    assert latin.repair_single_byte(clean)[0] == clean
    assert fixed_text("M001", clean) == clean


def test_clean_text_does_not_import_heavy_modules():
    code = (
        "import sys, textlint.cli\n"
        "from textlint.testing import findings_for\n"
        "findings_for('M001', 'Plain ASCII text.')\n"
        "findings_for('M002', 'Ünïcödé but clean: Größe, Straße.')\n"
        "bad = [m for m in ('ftfy', 'charset_normalizer', 'wordfreq', 'markdown_it') if m in sys.modules]\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# -- properties --------------------------------------------------------------------

CJK_SENTENCES = st.sampled_from([ZH, ZH_TW, JA, KO, "学而时习之，不亦说乎？", "欧阳修、诸葛亮、司马迁"])
ANY_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60
)


@settings(max_examples=60, deadline=None)
@given(CJK_SENTENCES, st.sampled_from(["gbk", "big5", "shift_jis", "cp932"]), st.integers(2, 30))
def test_repaired_span_re_encodes_to_its_garbled_form(sentence, codec, length):
    try:
        garbled = sentence[:length].encode("utf-8").decode(codec)
    except UnicodeDecodeError:
        return
    doc = Document(garbled)
    for finding in mojibake.analyze(doc).get("M002", []):
        (edit,) = finding.fix.edits
        shown = garbled[edit.start:edit.end]
        assert any(_shows(edit.content, shown, c) for c in ("gbk", "gb18030", "big5", "cp950", "shift_jis", "cp932", "euc_kr", "cp949"))


def _shows(repaired: str, shown: str, codec: str) -> bool:
    try:
        return repaired.encode("utf-8").decode(codec) == shown
    except UnicodeError:
        return False


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([FR, RU, "I don’t — “quote”", "中文的文本"]), st.sampled_from(["cp1252", "cp1251", "latin-1"]))
def test_single_byte_repairs_re_encode(clean, codec):
    try:
        garbled = clean.encode("utf-8").decode(codec)
    except UnicodeDecodeError:
        return
    for finding in mojibake.analyze(Document(garbled)).get("M001", []):
        if finding.fix:
            (edit,) = finding.fix.edits
            assert any(_shows(edit.content, garbled[edit.start:edit.end], c) for c in ("cp1252", "latin-1", "cp1251"))


@settings(max_examples=40, deadline=None)
@given(st.lists(CJK_SENTENCES, min_size=1, max_size=4))
def test_repairing_clean_text_changes_nothing(sentences):
    text = "\n".join(sentences)
    for code in ("M001", "M002", "M003", "M004"):
        assert fixed_text(code, text, unsafe=True) == text


@settings(max_examples=150, deadline=None)
@given(ANY_TEXT)
def test_never_raises(text):
    doc = Document(text)
    mojibake.analyze(doc)


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=200))
def test_never_raises_on_any_bytes_read_as_gbk(data):
    text = data.decode("gbk", errors="replace")
    mojibake.analyze(Document(text))


# -- speed without a changed finding ---------------------------------------------------
#
# The faster paths below each stand in for a slower, plainer one; the tests
# hold them to give exactly what the plain one gives.


_SMALL = st.text(alphabet="abé ", max_size=16)


@settings(max_examples=400, deadline=None)
@given(_SMALL, _SMALL)
def test_fast_matcher_gives_difflibs_opcodes(before, after):
    import difflib

    plain = difflib.SequenceMatcher(None, before, after, autojunk=False)
    fast = latin.matcher_class()(None, before, after, autojunk=False)
    assert fast.get_opcodes() == plain.get_opcodes()
    for bounds in [(0, len(before), 0, len(after)), (1, len(before), 0, max(0, len(after) - 1))]:
        if bounds[0] <= bounds[1] and bounds[2] <= bounds[3]:
            assert fast.find_longest_match(*bounds) == plain.find_longest_match(*bounds)


@pytest.mark.parametrize(
    "before, after",
    [
        ("abcabd", "abXabcabd"),  # a longer block across the common prefix: trimming it would differ
        ("Le dÃ©veloppement a commencÃ© l'Ã©tÃ©.", "Le développement a commencé l'été."),
        ("donâ€™t â€” â€œreallyâ€\x9d", "don’t — “really”"),
        ("", "abc"),
        ("aaaa", "aa"),
    ],
)
def test_fast_matcher_on_known_cases(before, after):
    import difflib

    plain = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    assert latin.matcher_class()(None, before, after, autojunk=False).get_opcodes() == plain


def _reference_utf8_spans(line, codec):
    """The plain form of utf8_spans: one encoder call per character."""
    encoded = []
    for char in line:
        try:
            encoded.append(char.encode(codec))
        except UnicodeEncodeError:
            encoded.append(None)
    start = None
    segments = []
    for index, value in enumerate(encoded + [None]):
        if value is None:
            if start is not None:
                segments.append((start, index))
            start = None
        elif start is None:
            start = index
    for first, last in segments:
        data = b"".join(encoded[first:last])
        offsets = [0]
        for piece in encoded[first:last]:
            offsets.append(offsets[-1] + len(piece))
        char_at = {offset: first + index for index, offset in enumerate(offsets)}
        for run in double_byte.UTF8_RUN.finditer(data):
            if run.group().isascii():
                continue
            starts = [i for i in range(run.start(), run.end()) if not 0x80 <= data[i] < 0xC0 and i in char_at]
            if run.end() in char_at:
                starts.append(run.end())
            if len(starts) < 2:
                continue
            s, e = char_at[starts[0]], char_at[starts[-1]]
            while s < e and line[s].isascii():
                s += 1
            while e > s and line[e - 1].isascii():
                e -= 1
            if e <= s:
                continue
            raw = data[offsets[s - first]:offsets[e - first]]
            try:
                if raw.decode(codec) == line[s:e]:
                    yield s, e, raw.decode("utf-8")
            except UnicodeDecodeError:
                continue


_DOUBLE_BYTE_CODECS = ["gbk", "gb18030", "big5", "cp950", "shift_jis", "cp932", "euc_kr", "cp949"]
_GARBLE_SOURCES = [ZH, ZH_TW, JA, KO, FR, "café “quoted” — ¥100 ‾", "鎴戜滑 caf茅 险 \ufffd 😀 ɐ"]


@st.composite
def _garbled_lines(draw):
    """Clean text with a part of it really garbled through a double-byte codec."""
    source = draw(st.sampled_from(_GARBLE_SOURCES))
    start = draw(st.integers(0, len(source)))
    end = draw(st.integers(start, len(source)))
    codec = draw(st.sampled_from(_DOUBLE_BYTE_CODECS))
    garbled = source[start:end].encode("utf-8").decode(codec, errors="replace")
    noise = draw(st.text(alphabet="ab ?¥é中文鎴😀\ufffd", max_size=4))
    return source[:start] + garbled + noise + source[end:]


@settings(max_examples=200, deadline=None)
@given(st.one_of(_garbled_lines(), ANY_TEXT), st.sampled_from(_DOUBLE_BYTE_CODECS))
def test_utf8_spans_match_the_plain_form(line, codec):
    expected = list(_reference_utf8_spans(line, codec))
    assert list(double_byte.utf8_spans(line, codec)) == expected
    # with a Worth, exactly the spans plausibility_gain could accept are kept
    worth = double_byte.Worth(line)
    kept = list(double_byte.utf8_spans(line, codec, worth))
    assert kept == [span for span in expected if worth.accepts(span[0], span[1])]
    for start, end, repaired in expected:
        if not worth.accepts(start, end):
            assert double_byte.plausibility_gain(line, start, end, repaired) is None


@settings(max_examples=200, deadline=None)
@given(st.sets(st.characters(exclude_categories=("Cs",)), max_size=40))
def test_char_class_matches_exactly_its_characters(chars):
    import re

    chars |= {"]", "\\", "^", "-", "[", "a"}
    pattern = re.compile(latin.char_class(chars))
    probes = chars | {"b", "\n", "中", "\U0001f600", "\x80", "\uffff"}
    assert {c for c in probes if pattern.fullmatch(c)} == chars


def test_trigger_pattern_matches_its_plain_form():
    """The lone trigger says "rare or lost" as "none of the few others";
    the plain form names the rare and lost characters themselves."""
    import re

    triggers = precheck.compiled_triggers()
    continuation = encodings.decoded_bytes(encodings.SINGLE_BYTE_CODECS, range(0x80, 0xC0)) - {"\n"}
    cc = latin.char_class
    plain = re.compile(
        f"{cc(triggers.leads | triggers.rare | triggers.lost | triggers.glued)}"
        f"(?:(?<={cc(triggers.leads)})(?={cc(continuation)})"
        f"|(?<={cc(triggers.rare | triggers.lost)})"
        f"|(?<=[A-Za-z]{cc(triggers.glued)})"
        "|(?<=\u00c3)(?= ))"
    )
    suspects = sorted(triggers.leads | triggers.lost | triggers.glued) + sorted(triggers.rare)[::50]
    text = " ".join(f"a{c}{f}" for c in suspects for f in ("x", "\u00a9", "中"))
    text += "\n" + "\n".join(_GARBLE_SOURCES) + "\ncafÃ© â€™ Ð¿ 鎴戜滑 锟斤拷 caf茅 VÃ ng Ã  la ğŸš€"
    assert [m.start() for m in triggers.lone.finditer(text)] == [m.start() for m in plain.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(st.one_of(_garbled_lines(), ANY_TEXT, st.binary(max_size=60).map(lambda b: b.decode("gbk", errors="replace"))))
def test_misaligned_span_ends_are_all_looked_at(line):
    ends = {m.start() for m in misaligned.SPAN_END.finditer(line, 1)}
    assert {end for end in range(1, len(line)) if misaligned.ends_misaligned_span(line, end)} <= ends


@pytest.mark.parametrize("data", [b"\xed\xa0\x80", b"\xed\xbf?", b"x\xed\xa5\xa3\xa3"])
def test_surrogate_heads_are_not_truncated_characters(data):
    """GBK characters made of ED A0-BF would start a surrogate in UTF-8:
    no character lost its last byte there (this raised IndexError)."""
    text = data.decode("gbk", errors="replace")
    mojibake.analyze(Document(text))
    assert not [c for c in lost.truncated_heads() if c.encode("gbk")[0] == 0xED and c.encode("gbk")[1] >= 0xA0]
    for head in lost.truncated_heads():
        assert lost.truncated_guess(head, False)


def test_rare_real_words_are_not_gbk_big5_mojibake():
    # dictionary lines of real words whose characters are rare: by character
    # frequency alone each "reads better" re-read as the other encoding
    for word in ["忐忑 3 a", "摩挲 3 v", "勐腊 3 ns", "窀穸 3 n", "曚曨 3 z", "他心里忐忑不安，踌躇了半天。"]:
        assert not [f for f in findings_for("M002", word)], word


def test_gbk_read_as_big5_is_still_found():
    text = "开发团队基于统一的底层架构，打通了各个业务部门之间的技术壁垒。"
    garbled = text.encode("gbk").decode("big5")  # this sentence happens to decode strictly
    found = findings_for("M002", garbled)
    # one garbled run, one finding, though one character in it is not read back
    assert [message.split(":")[0] for _, _, message in found] == ["GBK decoded as Big5"]
    assert "开发团队基于统一的底层架构" in found[0][2]


def test_m004_a_last_letter_lost_as_question_mark():
    """``voc? pode``: a "?" that ends a word while the sentence goes on in
    lower case, where a language knows the word far better with a letter
    of its own in place of the "?"; a question mark stays one."""
    check_rule(
        "M004",
        valid=[
            "What? no way, really? yes.",
            "Is that so? well, we will see.",
            "Pourquoi? parce que c'est ainsi.",
            "Tu es là? non, pas encore.",
            "¿Qué? no sé nada.",
            "Wie bitte? nein, danke.",
            ("Use `voc? pode` in the sample.", "md"),
        ],
        invalid=[
            Case("Quando voc? pode chegar amanhã?\n", findings=[(1, 8)], messages=["“você”"]),
            Case("Ele est? bem, e voc? tamb?m.\n", findings=[(1, 5), (1, 17), (1, 22)]),
        ],
    )


@pytest.mark.parametrize("clean", [
    "Сервер запущен, ожидаю подключения клиентов.",
    "Файл конфигурации не найден: проверьте путь.",
    "कृपया अपना पासवर्ड फिर से दर्ज करें",
])
def test_m001_utf8_read_as_dos_code_page_866(clean):
    """A Windows console shows UTF-8 through code page 866: ╨Я╤А╨╕… for Russian."""
    garbled = clean.encode("utf-8").decode("cp866")
    text = f"Log: {garbled}\n"
    found = findings_for("M001", text)
    assert len(found) == 1 and "code page 866" in found[0][2], found
    assert fixed_text("M001", text) == f"Log: {clean}\n"


def test_m001_code_page_866_leaves_russian_and_box_drawing_alone():
    check_rule("M001", valid=[
        "Сердечно благодарим за внимание, рдеющие закаты и середину лета.",
        "├── src\n│   └── main.py\n╔══╤══╗\n║ a╨b ║\n",
        "Он сказал: «Хорошо╨Я» — и ушёл.",
    ])


def _cp1252_dropping(clean: str) -> str:
    return clean.encode("utf-8").decode("cp1252", errors="ignore")


def _latin1_without_c1(clean: str) -> str:
    return "".join(c for c in clean.encode("utf-8").decode("latin-1") if not "\x80" <= c <= "\x9f")


@pytest.mark.parametrize("clean, damage", [
    ("Сервис недоступен, сообщите администратору", _cp1252_dropping),
    ("守护进程已经启动了", _cp1252_dropping),
    ("Ответ сервера: нет соединения", _cp1252_dropping),
    ("Добрый день, коллеги!", _latin1_without_c1),
    ("Привет, мир! Как дела?", _latin1_without_c1),
])
def test_m001_mojibake_that_lost_bytes_is_reported_without_a_fix(clean, damage):
    """Windows-1252 has no character for five bytes; a page that dropped them
    (or the C1 controls Latin-1 made of them) left UTF-8 mojibake no code page
    reads back: reported, never repaired, not even the pieces that would be."""
    garbled = damage(clean)
    assert garbled.encode("latin-1", "replace") != clean.encode("utf-8"), "some bytes were dropped"
    text = f"Output: {garbled}\n"
    found = findings_for("M001", text)
    assert found, "the damage is reported"
    assert fixed_text("M001", text) == text  # and never half repaired


def test_m001_a_stylised_name_is_no_mojibake():
    check_rule("M001", valid=["doc: capitalize valgrind (T•Ø•R•Ü•S) in the guide", "Ça, c'est Ésope à Ürümqi."])


@pytest.mark.parametrize("clean", ["Он сказал — дома.", "Ответ – «нет», и всё."])
def test_m001_koi8r_mojibake_with_dashes_and_guillemets(clean):
    """Typographic dashes and guillemets inside KOI8-R mojibake belong to the repair."""
    text = clean.encode("utf-8").decode("koi8_r") + "\n"
    assert fixed_text("M001", text) == clean + "\n"


def test_byte_values_map_each_shown_character_to_its_byte():
    """M001's translate tables and the cross-code-page reader's byte tables
    are both read off encodings.byte_values."""
    cp1252 = encodings.byte_values("cp1252")
    assert cp1252["€"] == 0x80 and cp1252["A"] == 0x41 and "\x81" not in cp1252  # 0x81 is undefined
    assert encodings.byte_values("latin-1", range(0x80, 0x82)) == {"\x80": 0x80, "\x81": 0x81}
    assert encodings.byte_values("cp437", range(0xE0, 0xE2)) == {"α": 0xE0, "ß": 0xE1}


@pytest.mark.parametrize("text", ["阿里已經在內部會議達成共識，\ufffd之後", "小程序技術，\ufffd團隊"])
def test_m003_chinese_marks_before_a_lost_character_are_not_realigned(text):
    """A span of marks alone is text, not garble: realigning "，�" gave "。現",
    whose "。" a second fix realigned again, one more mark every time (issue 14)."""
    assert findings_for("M003", text) == []
    assert fixed_text("M003", text) == text
