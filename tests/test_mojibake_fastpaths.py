"""The mojibake analysis's fast paths give the slow paths' answers: each
pre-check or shortcut is compared here with the plain form it stands for."""
from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from textlint_rules.mojibake import latin

#: Characters the detectors react to, mixed with plain ones: Cyrillic, box
#: drawing, the Latin-1 leads and continuations, CJK, and ASCII.
_MIXED = st.text(
    st.sampled_from("╨╤рдеяЯАб╕▓╡ВПривет ÃÂ©¼ã€™é中文鎴戜滑锟斤拷 ab?.\n"), max_size=40
)


@settings(max_examples=500, deadline=None)
@given(_MIXED)
def test_dos_lead_finds_what_the_class_led_pattern_finds(text):
    plain = re.compile("[╨╤][\u0410-\u044f\u2500-\u259f]|р[дея][\u0410-\u043f\u2500-\u259f]")
    assert [m.span() for m in latin._DOS_LEAD.finditer(text)] == [m.span() for m in plain.finditer(text)]
    if plain.search(text):
        assert any(char in text for char in latin._DOS_FIRST)


_DOUBLE_BYTE_CODECS = ["gbk", "gb18030", "big5", "cp950", "shift_jis", "cp932", "euc_kr", "cp949"]
#: Lines of CJK text, mojibake of it, and what a double-byte codec cannot hold.
_CJK_LINES = st.text(
    st.sampled_from("中文的是鎴戜滑锟斤拷縺ｨ縺ｯ가나다カタカナ caf茅 险 \ufffd?😀ɐ€ éa1\t"), max_size=30
)


@settings(max_examples=300, deadline=None)
@given(_CJK_LINES)
def test_one_lookup_per_character_encodes_as_each_codec_alone(line):
    from textlint_rules.mojibake import double_byte

    encoded = double_byte._encode_line(line)
    assert set(encoded) == set(_DOUBLE_BYTE_CODECS)
    for codec in _DOUBLE_BYTE_CODECS:
        assert list(encoded[codec]) == double_byte._encode_each(line, codec)


@settings(max_examples=300, deadline=None)
@given(_CJK_LINES)
def test_a_line_without_points_or_lost_bytes_yields_no_span(line):
    """_double_byte_mojibake skips the encoding of such a line: nothing it
    would have fed finds a span there."""
    from textlint_rules.mojibake import double_byte

    worth = double_byte.Worth(line)
    if worth.points or "\ufffd" in line:
        return
    encoded = double_byte._encode_line(line)
    for codec in _DOUBLE_BYTE_CODECS:
        assert not list(double_byte.utf8_spans(line, codec, worth, encoded[codec]))
        assert not list(double_byte._truncated_spans(line, codec, worth, encoded[codec]))
