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
