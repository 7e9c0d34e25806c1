"""Legacy bytes read with another legacy code page (rules/mojibake/crosscode.py,
reported as M001 and M002).

Every damaged text here is made by really encoding a clean string with the
encoding it was written in and decoding the bytes with the one it was read
with, so each case says exactly which mistake it stands for.  Windows-1252
leaves five bytes undefined (0x81 0x8D 0x8F 0x90 0x9D): read "sloppily" (as
browsers and ftfy do, and as Latin-1 does) they show as C1 controls and the
repair is exact; read with ``errors="replace"`` they are lost as U+FFFD and
the span is reported without a fix.
"""
from __future__ import annotations

import subprocess
import sys
import unicodedata

import pytest

from textlint.testing import Case, check_rule, fixed_text, findings_for
from textlint_rules.mojibake import crosscode


def sloppy_1252(data: bytes) -> str:
    """Windows-1252 as browsers read it: undefined bytes become C1 controls."""
    return "".join(bytes((b,)).decode("cp1252", errors="ignore") or chr(b) for b in data)


def read_as(clean: str, original: str, read: str) -> str:
    data = clean.encode(original)
    return sloppy_1252(data) if read == "sloppy-1252" else data.decode(read)


JA = "設定ファイルをプロジェクトのルートに置いてください"
JA_FILES = "会議資料の一覧"
ZH = "我们在文档中记录了每一次发布的变更"
ZH_TW = "開發團隊基於統一的底層架構打通了技術壁壘"
KO = "이 도구는 텍스트의 인코딩 오류를 찾아서 고칩니다"
RU = "Введите пароль для входа в систему"
UK = "Будь ласка, введіть своє ім'я та прізвище"
CS = "Většina uživatelů používá počítač každý den při své práci"
PL = "Większość użytkowników korzysta z komputera każdego dnia w pracy"


def codes(text: str) -> list[tuple[int, int, str]]:
    found = []
    for code in ("M001", "M002", "M003", "M004"):
        found += [(line, column, code) for line, column, _ in findings_for(code, text)]
    return sorted(found)


# -- Chinese, Japanese and Korean legacy bytes (M002) -----------------------------


@pytest.mark.parametrize(
    "clean, original, read, names",
    [
        (JA, "shift_jis", "sloppy-1252", ("Shift-JIS", "Windows-1252")),
        (JA, "shift_jis", "latin-1", ("Shift-JIS", "Latin-1")),
        (JA_FILES, "shift_jis", "cp850", ("Shift-JIS", "code page 850")),
        (JA_FILES, "shift_jis", "cp437", ("Shift-JIS", "code page 437")),
        # no GBK byte of this text falls in 0x80-0x9F, where Latin-1 and
        # Windows-1252 differ: the reading is named for the commoner one
        (ZH, "gbk", "latin-1", ("GBK", "Windows-1252")),
        (ZH, "gbk", "sloppy-1252", ("GBK", "Windows-1252")),
        (ZH_TW, "big5", "sloppy-1252", ("Big5", "Windows-1252")),
        (KO, "euc_kr", "latin-1", ("EUC-KR", "Windows-1252")),
        (KO, "cp949", "sloppy-1252", ("EUC-KR", "Windows-1252")),
    ],
)
def test_cjk_legacy_bytes_are_found_and_repaired_exactly(clean, original, read, names):
    garbled = read_as(clean, original, read)
    text = f"Notes from the import.\n{garbled}\n"
    found = findings_for("M002", text)
    assert [(line, column) for line, column, _ in found] == [(2, 1)], found
    assert f"{names[0]} text read as {names[1]}" in found[0][2]
    assert fixed_text("M002", text) == f"Notes from the import.\n{clean}\n"


def test_shift_jis_after_ascii_word_starts_at_the_garbled_bytes():
    garbled = read_as("全件を取得します", "shift_jis", "sloppy-1252")
    check_rule(
        "M002",
        invalid=[
            Case(
                f"Run: git{garbled} now.\n",
                findings=[(1, 9)],
                fixed="Run: git全件を取得します now.\n",
                messages=["Shift-JIS text read as Windows-1252"],
            )
        ],
    )


def test_japanese_with_ascii_inside_is_one_span():
    clean = "ファイルをzipで圧縮してから送ってください"
    garbled = read_as(clean, "cp932", "sloppy-1252")
    text = f"{garbled}\n"
    assert codes(text) == [(1, 1, "M002")]
    assert fixed_text("M002", text) == f"{clean}\n"


def test_zip_listing_names_both_dos_code_pages_when_they_agree():
    garbled = read_as("プロジェクト資料の議事録", "shift_jis", "cp437")
    text = f"  1024  2024-05-01 10:00   {garbled}.docx\n"
    found = findings_for("M002", text)
    assert len(found) == 1 and found[0][1] == 28
    assert "read as code page 437" in found[0][2]
    assert fixed_text("M002", text) == "  1024  2024-05-01 10:00   プロジェクト資料の議事録.docx\n"


def test_lost_bytes_are_reported_without_a_fix():
    clean = "全ての設定を実行した後で再起動してください。"
    garbled = clean.encode("shift_jis").decode("cp1252", errors="replace")
    assert "\ufffd" in garbled
    text = f"Log:\n{garbled}\n"
    found = findings_for("M002", text)
    assert [(line, column) for line, column, _ in found] == [(2, 1)]
    # what it reads is told (a lost byte's character guessed by frequency)
    assert "not repaired" in found[0][2] and "全ての" in found[0][2] and "を実行した後で" in found[0][2]
    assert fixed_text("M002", text, unsafe=True) == text
    # the U+FFFD inside are part of this finding, not M004's
    assert codes(text) == [(2, 1, "M002")]


def test_gbk_read_as_latin1_replaces_the_utf8_guess_inside_it():
    garbled = read_as("中文编码错误", "gbk", "latin-1")  # holds Ä± which M001 alone takes for ı
    text = f"Title: {garbled}\n"
    assert codes(text) == [(1, 8, "M002")]
    assert fixed_text("M001", fixed_text("M002", text)) == "Title: 中文编码错误\n"


def test_two_characters_are_repaired_only_unsafely():
    garbled = read_as("中文", "gbk", "latin-1")
    text = f"Language: {garbled}\n"
    assert codes(text) == [(1, 11, "M002")]
    assert fixed_text("M002", text) == text
    assert fixed_text("M002", text, unsafe=True) == "Language: 中文\n"


def test_utf16le_read_as_latin1():
    clean = "チルタリスのデータ"
    garbled = clean.encode("utf-16-le").decode("latin-1")
    check_rule(
        "M002",
        invalid=[
            Case(
                f"name = {garbled}\n", findings=[(1, 8)], fixed=f"name = {clean}\n",
                messages=["UTF-16LE text read as Latin-1"],
            )
        ],
    )


def test_utf16le_with_ascii_as_nul_pairs():
    clean = "ファイル名: テスト結果"
    garbled = clean.encode("utf-16-le").decode("latin-1")
    assert "\x00" in garbled
    text = f"{garbled}\n"
    assert codes(text) == [(1, 1, "M002")]
    assert fixed_text("M002", text) == f"{clean}\n"


# -- Cyrillic and Central European single-byte code pages (M001) ------------------


@pytest.mark.parametrize(
    "clean, original, read, name",
    [
        (RU, "cp1251", "sloppy-1252", "Windows-1251 text read as Windows-1252"),
        (RU, "koi8_r", "latin-1", "KOI8-R text read as Windows-1252"),  # no byte in 0x80-0x9F
        (RU, "koi8_r", "sloppy-1252", "KOI8-R text read as Windows-1252"),
        (UK, "cp1251", "sloppy-1252", "Windows-1251 text read as Windows-1252"),
        (CS, "cp1250", "sloppy-1252", "Windows-1250 text read as Windows-1252"),
        (CS, "cp1250", "latin-1", "Windows-1250 text read as Latin-1"),
        (PL, "cp1250", "sloppy-1252", "Windows-1250 text read as Windows-1252"),
    ],
)
def test_single_byte_legacy_text_is_found_and_repaired(clean, original, read, name):
    garbled = read_as(clean, original, read)
    text = f"Imported:\n{garbled}\n"
    found = findings_for("M001", text)
    assert [(line, column) for line, column, _ in found] == [(2, 1)], found
    assert name in found[0][2]
    assert fixed_text("M001", text) == f"Imported:\n{clean}\n"


def test_one_long_russian_word():
    garbled = read_as("Сохранить", "cp1251", "sloppy-1252")
    check_rule("M001", invalid=[Case(f"Button: {garbled}\n", findings=[(1, 9)], fixed="Button: Сохранить\n")])


def test_russian_inside_an_english_sentence():
    garbled = read_as("Выберите файл для загрузки", "cp1251", "sloppy-1252")
    text = f"The dialog says {garbled} and waits.\n"
    assert codes(text) == [(1, 17, "M001")]
    assert fixed_text("M001", text) == "The dialog says Выберите файл для загрузки and waits.\n"


def test_command_line_reports_and_fixes(tmp_path):
    path = tmp_path / "notes.txt"
    garbled = read_as("Пожалуйста, перезапустите программу", "cp1251", "sloppy-1252")
    path.write_text(f"Message:\n{garbled}\n", encoding="utf-8")
    run = [sys.executable, "-m", "textlint", "check", "--no-cache", "--select", "M", str(path)]
    result = subprocess.run(run, capture_output=True, text=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "M001" in result.stdout and "Windows-1251 text read as Windows-1252" in result.stdout
    subprocess.run(run + ["--fix"], capture_output=True, text=True)
    assert path.read_text(encoding="utf-8") == "Message:\nПожалуйста, перезапустите программу\n"


# -- What must stay silent ----------------------------------------------------------

VALID = [
    "Le développement du logiciel a commencé l'été dernier à Montréal ; préférée, élevé, déjà vu.",
    "« Où êtes-vous ? » demanda-t-il. Ça dépend : l'œuvre, le cœur, la sœur, Noël, naïveté, aïeul.",
    "Die Straßenbahn fährt über die Brücke; Übergrößen, Äpfel, Öl, Größenänderung, Maßstäbe.",
    "El niño comió piña y jalapeños en Cádiz; ¿Qué pasó? ¡Señorías! Pingüino, acción, órgano.",
    "A informação está disponível em São Paulo; ações, funções, pães, mãos, órgãos, põe, coração.",
    "Þjóðólfur og Ásgeir fóru á Þingvöll; Ísland, Reykjavík, Eyjafjallajökull, Guðrún, Ævar, Þórður.",
    "Việt Nam có nhiều cảnh đẹp; Hà Nội, Đà Nẵng, Huế, Hòa Bình, Thành phố Hồ Chí Minh, mình, hùng.",
    "Türkçe karakterler: ğüşıöç; Ölçü, Üsküdar, Çağrı, İstanbul, güzel, çiçek, öğretmen, Düzce.",
    "Zażółcona gęś w Łodzi; żółw, źródło, łódź, pięść, ćma, Gdańsk, Kraków, Wrocław, Poznań.",
    "Příliš žluťoučký kůň úpěl ďábelské ódy; Brno, Plzeň, Ústí, čtyři, řeka, věž, různý.",
    "Mødet i København: Søren, Ærø, Åbenrå, blåbærgrød, smørrebrød, købe, møde, hønsegård.",
    "Perché la città è più bella così? Però può darsi; lunedì, giù, già, ciò, virtù, caffè.",
    "café, Ångström, naïve, São Paulo, Zoë, Beyoncé, Pokémon, Škoda, Citroën, Nestlé, Häagen-Dazs.",
    "Copyright © 2024 Acme® — 25 °C ± 0.5, x² + y³ = z¹, 3 × 4 ÷ 2, ½ cup, ¼ mile, µs, ¶ 3, § 12.",
    "| © | ® | ° | ± | ² |\n|---|---|---|---|---|\n| ÀÁÂÃÄÅ | àáâãäå | ÈÉÊË | èéêë | ÌÍÎÏ |",
    "Accents: ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞß àáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ",
    "Umlaute ÄÖÜ äöüß, ligatures Œœ Ææ, Ÿ, Š š Ž ž, « guillemets », ‹ single ›, „Anführung“.",
    "├── src\n│   ├── main.py\n│   └── utils.py\n└── README.md ░▒▓█ ■□",
    "Ελληνικά: απόσταση, αποστολή, σταθμός, Αθήνα, Θεσσαλονίκη, φιλοσοφία.",
    "Русский текст остаётся как есть: Введите пароль, нажмите «Сохранить».",
    "日本語の文章はそのまま：設定ファイルをプロジェクトのルートに置いてください。",
    "中文正文保持原样：我们在文档中记录了每一次发布的变更。한국어 문장도 그대로입니다.",
    "Hex: A0B0C0D0E0F0 0xA0A0A0A0, ids 10203040, colour #A0B0C0, F0F0F0F0.",
]


def ours(text: str) -> list[tuple[int, int, str]]:
    """The findings of this detector (its messages say which two encodings)."""
    found = []
    for code in ("M001", "M002"):
        found += [(line, column, code) for line, column, message in findings_for(code, text) if " text read as " in message]
    return found


@pytest.mark.parametrize("text", VALID)
def test_real_prose_stays_silent(text):
    assert ours(text + "\n") == []


def test_unicode_names_stay_silent():
    """Every Latin letter with a diacritic Python knows, in words of four."""
    letters = [
        chr(c) for c in range(0xC0, 0x250)
        if unicodedata.category(chr(c)).startswith("L") and "WITH" in unicodedata.name(chr(c), "")
    ]
    words = ["".join(letters[i:i + 2]) + "ne" for i in range(0, len(letters), 2)]
    text = " ".join(words)
    assert ours(text + "\n") == []


def test_clean_text_never_reaches_a_judge(monkeypatch):
    """French, German, Spanish, Italian prose, names and symbols (the common
    case) cost one scan; Portuguese õ, Icelandic ð, Danish ø and æ, Czech ě
    before a letter do reach the judge (Windows-1250 shows ő đ ř ć ě so)."""
    calls = []
    monkeypatch.setattr(crosscode, "judge_line", lambda line, kinds, relaxed=False: calls.append(line) or [])
    common = [VALID[i] for i in (0, 1, 2, 3, 11, 12, 13)]
    findings_for("M002", "\n".join(common) + "\n")
    assert calls == []


# -- More shapes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "clean, original, read",
    [
        ("Моля, въведете паролата си отново", "cp1251", "sloppy-1252"),  # Bulgarian
        ("Будь ласка, введіть пароль ще раз", "koi8_u", "latin-1"),  # Ukrainian in KOI8-U
        ("Пользователь не найден, проверьте адрес", "koi8_r", "sloppy-1252"),
        ("데이터베이스 연결에 실패했습니다", "cp949", "latin-1"),
        ("請輸入您的使用者名稱與密碼", "cp950", "sloppy-1252"),
        ("服务器返回了一个错误的响应", "gbk", "sloppy-1252"),
        ("このファイルは読み取り専用です", "cp932", "sloppy-1252"),
    ],
)
def test_more_languages_repair_exactly(clean, original, read):
    text = f"Error: {read_as(clean, original, read)}\n"
    assert len(ours(text)) == 1, findings_for("M001", text) + findings_for("M002", text)
    assert fixed_text("M002", fixed_text("M001", text)) == f"Error: {clean}\n"


def test_one_long_czech_word_is_repaired_only_unsafely():
    garbled = read_as("rozdělení", "cp1250", "sloppy-1252")
    text = f"See the {garbled} table.\n"
    assert ours(text) == [(1, 9, "M001")]
    assert fixed_text("M001", text) == text
    assert fixed_text("M001", text, unsafe=True) == "See the rozdělení table.\n"


def test_control_bytes_inside_the_span_are_one_finding():
    import textlint

    garbled = read_as(JA, "shift_jis", "latin-1")  # C1 controls where Windows-1252 has punctuation
    assert any("\x80" <= c <= "\x9f" for c in garbled)
    diagnostics = textlint.lint_text(f"{garbled}\n")
    assert [d.code for d in diagnostics] == ["M002"]


def test_code_blocks_are_not_prose():
    garbled = read_as(RU, "cp1251", "sloppy-1252")
    assert findings_for("M001", f"Text.\n\n```\n{garbled}\n```\n", "md") == []
    assert [(line, column) for line, column, _ in findings_for("M001", f"Text.\n\n{garbled}\n", "md")] == [(3, 1)]


def test_catalan_and_danish_reach_the_judge_and_stay_silent():
    text = (
        "La història del pròxim segle és més complexa; l'església, els col·legis, àmbit, mòbil, pòsit.\n"
        "Vi købte smørrebrød og rødgrød med fløde; søstrene mødtes i Københavns gør-det-selv-butik.\n"
    )
    assert {kind for _, kind in crosscode.precheck_hits(text)} == {"cp1250"}
    assert ours(text) == []


def test_a_garbled_document_repairs_its_short_spans_too():
    """Two long spans tell the story (Windows-1251 read as Windows-1252);
    then a title of one short word and a two-letter preposition before an
    English name are repaired safely as well, and the French line beside
    them stays as it is."""
    lines = [
        "Первая строка документа рассказывает о новой версии программы",
        "Вторая строка описывает изменения в настройках пользователя",
    ]
    garbled = [read_as(line, "cp1251", "sloppy-1252") for line in lines]
    title = read_as("Итоги", "cp1251", "sloppy-1252")
    short = read_as("Опубликовано на CPAN", "cp1251", "sloppy-1252")
    french = "Très préféré à l'été : déjà vu, élève, naïveté."
    text = "\n".join([title, *garbled, short, french]) + "\n"
    assert [line for line, _, _ in ours(text)] == [1, 2, 3, 4]
    assert fixed_text("M001", text) == "\n".join(["Итоги", *lines, "Опубликовано на CPAN", french]) + "\n"


def test_a_short_span_alone_is_repaired_only_unsafely():
    title = read_as("Итоги", "cp1251", "sloppy-1252")  # one word of five letters: little evidence
    assert ours(f"{title}\n") == [(1, 1, "M001")]
    assert fixed_text("M001", f"{title}\n") == f"{title}\n"
    assert fixed_text("M001", f"{title}\n", unsafe=True) == "Итоги\n"


@pytest.mark.parametrize(
    "clean",
    [
        "Этот инструмент находит ошибки кодировки в тексте",
        "Ο αλγόριθμος βρίσκει τα λάθη κωδικοποίησης",
        "Моля, въведете паролата си отново",
        "我们在文档中记录了每一次发布的变更",
    ],
)
def test_utf8_read_as_windows_1252_is_left_to_ftfy(clean):
    """ÐºÐ° is UTF-8 (ка), not GBK through code page 850: M001's ftfy span, not ours."""
    garbled = sloppy_1252(clean.encode("utf-8"))
    assert ours(f"{garbled}\n") == []


def test_katakana_through_code_page_850_without_box_drawing():
    """ファイル名 in a zip listing shows no DOS-only character; the kana lead
    bytes (â for katakana) still call for the DOS reading."""
    clean = "ファイルマネージャー"
    garbled = read_as(clean, "shift_jis", "cp850")
    assert all(c in sloppy_1252(bytes(range(0x80, 0x100))) or c < "\x80" for c in garbled)
    text = f"unzip: {garbled}.txt\n"
    assert ours(text) == [(1, 8, "M002")]
    assert fixed_text("M002", text) == f"unzip: {clean}.txt\n"


def test_croatian_windows_1250():
    clean = "Međutim, kuća je već prodana, a čovjek će doći sutra ujutro"
    text = f"{read_as(clean, 'cp1250', 'sloppy-1252')}\n"
    assert ours(text) == [(1, 1, "M001")]
    assert fixed_text("M001", text, unsafe=True) == f"{clean}\n"


def test_hungarian_o_with_tilde_is_repaired_only_unsafely():
    """Windows-1250 ő ű read as Windows-1252 show as õ û, exactly as Hungarian
    typed with Latin-1's letters: the repair is right, the story a guess."""
    clean = "Először is köszönöm a segítségét, az idő rövid, de a határidő fontos"
    text = f"{read_as(clean, 'cp1250', 'sloppy-1252')}\n"
    assert ours(text) == [(1, 1, "M001")]
    assert fixed_text("M001", text) == text
    assert fixed_text("M001", text, unsafe=True) == f"{clean}\n"
