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


def _reference_runs(line, start, data, unit, codecs):
    """The plain form of crosscode._runs: a valid run read whole, or else pair by pair."""
    import re as re_module

    from textlint_rules.mojibake import crosscode

    runs = []
    for match in re_module.compile(b"(?:" + unit + b")+").finditer(data):
        m_start, m_end = match.span()
        has_lost = crosscode._LOST in line[start + m_start:start + m_end]
        if not has_lost:
            whole = None
            for codec in codecs:
                try:
                    whole = match.group().decode(codec)
                    break
                except UnicodeDecodeError:
                    continue
            if whole is not None and len(whole) * 2 == m_end - m_start and crosscode._ALL_WIDE.fullmatch(whole):
                runs.append((start + m_start, start + m_end, whole, False))
                continue
        current, first, lost = [], m_start, False
        for offset in range(m_start, m_end + 2, 2):
            if offset < m_end:
                pair = data[offset:offset + 2]
                lost_at = [i for i in (0, 1) if line[start + offset + i] == crosscode._LOST] if has_lost else None
                char = crosscode._decode_pair(pair, codecs) if not lost_at else (
                    crosscode._guess_lost(pair, lost_at[0], codecs) if len(lost_at) == 1 else None
                )
                if char is not None and crosscode._WIDE.match(char):
                    current.append(char)
                    lost = lost or bool(lost_at)
                    continue
            at = min(offset, m_end)
            if len(current) >= 2 or (
                current and (data[first] > 0x7F and data[first + 1] > 0x7F or crosscode._CJK_MARK.match(current[0]))
            ):
                runs.append((start + first, start + at, "".join(current), lost))
            current, lost = [], False
            first = offset + 2
    return runs


#: Legacy double-byte text as a Western code page shows it, and bytes at random.
_LEGACY_BYTES = st.one_of(
    st.text(st.sampled_from("中文的是日本語カタカナ한국어、。「」 abc1"), max_size=20).flatmap(
        lambda text: st.sampled_from(["shift_jis", "gbk", "big5", "euc_kr"]).map(
            lambda codec: text.encode(codec, errors="ignore")
        )
    ),
    st.binary(max_size=40),
)


@settings(max_examples=400, deadline=None)
@given(_LEGACY_BYTES, st.integers(0, 3))
def test_runs_read_pair_by_pair_from_a_table_as_in_the_plain_form(data, which):
    from textlint_rules.mojibake import crosscode

    name, codecs, unit = crosscode._DOUBLE_BYTE[which]
    # a byte Windows-1252 leaves undefined may show as U+FFFD (lost): then pair by pair as before
    line = "xy" + "".join("\ufffd" if byte == 0x81 else chr(byte) for byte in data)
    runs = [(r.start, r.end, r.reading, r.lost) for r in crosscode._runs(line, 2, data, unit, codecs)]
    assert runs == _reference_runs(line, 2, data, unit, codecs)
