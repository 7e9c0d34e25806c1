"""The checked-in tables (rules/data/): what regenerating them gives, what
they hold, and that linting derives and writes none of them."""
from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

from textlint_rules import generate_tables, tables


def _same_versions_or_skip(kind: str) -> None:
    recorded = tables.stored(kind)["derived_from"]
    installed = generate_tables.installed_versions(kind)
    if None in installed.values():
        pytest.skip(f"{kind} is derived from {', '.join(k for k, v in installed.items() if v is None)}, not installed")
    if installed != recorded:
        pytest.skip(f"{kind} was derived from {recorded}; {installed} is installed")


@pytest.mark.parametrize("kind", list(generate_tables.TABLES))
def test_regenerating_a_table_gives_the_checked_in_bytes(kind):
    _same_versions_or_skip(kind)
    try:
        data = generate_tables.derived(kind)
    except RuntimeError as error:  # opencc_dict missing from this OpenCC build
        pytest.skip(str(error))
    with gzip.open(tables.path_of(kind), "rb") as stream:
        assert stream.read() == data


def test_every_table_is_checked_in_and_nothing_else():
    assert sorted(path.name for path in tables.FOLDER.iterdir()) == sorted(
        tables.path_of(kind).name for kind in generate_tables.TABLES
    )


def test_a_table_file_is_the_same_bytes_for_the_same_table():
    data = tables.encode({"的": -1.5, "a": "ü"}, {"wordfreq": "3.1.1"})
    assert tables.compress(data) == tables.compress(data)
    assert gzip.decompress(tables.compress(data)) == data
    assert data == '{"derived_from":{"wordfreq":"3.1.1"},"table":{"的":-1.5,"a":"ü"}}\n'.encode()


def test_codec_tables_hold_the_pre_checks_character_sets():
    codec = tables.table("codec-tables")
    assert set(codec) == {"common", "rare", "leads", "glued", "lone"}
    assert "的" in codec["common"] and "鎴" in codec["rare"] and "Ã" in codec["leads"]


def test_word_index_holds_exactly_the_two_character_words():
    _same_versions_or_skip("pairwords")
    from wordfreq import get_frequency_dict

    index = tables.table("pairwords")
    words = {w for lang in ("zh", "ja", "ko") for w in get_frequency_dict(lang) if len(w) == 2}
    assert {first + second for first, seconds in index.items() for second in seconds} == words


def test_character_model_holds_exactly_the_floats_a_fresh_derivation_gives():
    _same_versions_or_skip("charmodel")
    from textlint_rules.mojibake import charmodel, tables as mojibake_tables

    derived = mojibake_tables.derive_wordfreq_table()
    # JSON gives back exactly the floats it was given: the model judges as a fresh one would
    assert list(tables.table("charmodel").items()) == list(derived.items())
    assert all(type(value) is float for value in derived.values())
    model = charmodel.CharModel()
    assert {char: model.log_frequency[char] for char in derived if char not in mojibake_tables.CJK_PUNCTUATION} == {
        char: value for char, value in derived.items() if char not in mojibake_tables.CJK_PUNCTUATION
    }


def test_likeliest_gbk_table_equals_the_walk():
    from textlint_rules.mojibake import misaligned

    table = tables.table("gbk-likeliest")
    for key in list(table)[::17]:
        lead, trail, traditional = key.split(":")
        lead, trail = (None if value == "None" else int(value) for value in (lead, trail))
        assert (table[key] or None) == misaligned.most_frequent_gbk(lead, trail, traditional == "1")
    assert misaligned.likeliest_gbk(0xCE, None, True) == misaligned.most_frequent_gbk(0xCE, None, True)


def test_pinyin_syllables_hold_marked_and_numbered_readings():
    from textlint_rules.chinese import pinyin

    syllables = tables.table("pinyin-syllables")
    assert {"shù", "tuán", "lǜ"} <= set(syllables["marked"]) and {"shu4", "lv4", "lu:4"} & set(syllables["numbered"])
    loaded = pinyin.PinyinSyllables()
    assert loaded.marked == set(syllables["marked"]) and loaded.numbered == set(syllables["numbered"])
    assert loaded.is_toned_syllable("shù") and loaded.is_toned_syllable("lv4") and not loaded.is_toned_syllable("a")


def test_opencc_characters_say_what_the_tables_and_converters_say():
    opencc = pytest.importorskip("opencc")
    from textlint_rules.chinese import scripts

    known = tables.table("opencc-characters")
    share = scripts.opencc_share_dir(opencc)
    # the flags say what the dumped tables say; the forms are what the converters give each character alone
    for dictionary, shared_flag, own_flag in (("STCharacters.ocd2", "s", "S"), ("TSCharacters.ocd2", "t", "T")):
        dumped = scripts.character_table(share, dictionary)
        if dumped is None:
            pytest.skip("OpenCC's opencc_dict tool is not installed")
        assert dumped == scripts.table_from(known, shared_flag, own_flag)
    forms = dict(zip(known["characters"], zip(known["traditional"], known["simplified"])))
    s2t, t2s = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    for char in sorted(forms)[::41] + ["于", "後", "后", "麽", "裡"]:
        traditional, simplified = s2t.convert(char), t2s.convert(char)
        expected = (traditional if len(traditional) == 1 else char, simplified if len(simplified) == 1 else char)
        assert forms[char] == expected, char


def test_linting_derives_no_table_and_writes_none_to_the_cache_folder(tmp_path):
    """Every table is read by some file here: mojibake of every kind (the
    seed, a lost byte guessed by frequency), Chinese with pinyin and both
    scripts, a file that is not UTF-8."""
    import json
    import shutil

    project = tmp_path / "project"
    project.mkdir()
    fixtures = Path(__file__).resolve().parent / "fixtures"
    shutil.copy(fixtures / "mojibake" / "seed.txt", project / "seed.txt")
    zh = "这个项目的配置文件很重要，開發團隊基于統一的底層架構。"
    (project / "mojibake.txt").write_text(
        "cafÃ© and â€œquotesâ€\n" + zh.encode("utf-8").decode("gbk", "replace") + "\n锟斤拷 and informa??o\n",
        encoding="utf-8",
    )
    (project / "legacy.txt").write_bytes("Größe und Übergröße, naïve café. Ça va très bien.\n".encode("cp1252"))
    home = tmp_path / "home"
    env = dict(os.environ, HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"))
    out = subprocess.run(
        [sys.executable, "-m", "textlint", "check", "--no-cache", "--exit-zero", "--select", "ALL", "--format", "json", "."],
        cwd=project, env=env, capture_output=True, text=True, check=True,
    )
    found = {finding["code"] for finding in json.loads(out.stdout)}
    assert {"M001", "M002", "M003", "M004", "M005", "Z001", "Z002", "Z003"} <= found, found
    written = [path.name for path in home.rglob("*") if path.is_file()] if home.exists() else []
    assert not [name for name in written if name.startswith(tuple(generate_tables.TABLES))], written
