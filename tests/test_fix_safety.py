"""Every rule keeps to the fix policy it declares, and one defect is one finding.

``textlint rules`` and ``textlint rule CODE`` tell users how safe each rule's
fix is and whether every finding has one; a rule that declares "safe" and
emits an unsafe fix (or the reverse), or declares a fix always and leaves a
finding without one, misleads every pre-commit hook that runs ``fix`` on the
strength of it.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import textlint
from textlint.api import check_document, drop_covered
from textlint.document import Document, decode_bytes
from textlint.model import Applicability, FixAvailability, FixPolicy
from textlint.registry import all_rules
from textlint.testing import undeclared_fix

FIXTURES = Path(__file__).parent / "fixtures"
SEED = Path(__file__).parent.parent / "seeds" / "000_93ce79705ac2cf3b.txt"
SNAPSHOTS = Path(__file__).parent / "snapshots"

# Texts that reach the branches where a rule's fix differs from its usual one.
EXTRA = [
    ("first\u2028second line of Latin text\n", "txt"),
    ("Read more\nRead more\n", "txt"),
    ("We will never grow old\nWe will never grow old\nWe will never grow old\n", "txt"),
    ("他称之为\"紙\"的东西。\n", "txt"),
    ("这是（输出乱码)的例子。\n", "txt"),
]


def _corpus():
    """(text, format, how the bytes were decoded or None) of every text the checks run on."""
    yield SEED.read_text(encoding="utf-8"), "txt", None
    for line in (FIXTURES / "cases" / "public.jsonl").read_text(encoding="utf-8").split("\n"):
        if not line:
            continue
        case = json.loads(line)
        yield case["text"], case["format"], None
    for path in sorted(FIXTURES.rglob("*")):
        if path.suffix in (".txt", ".md", ".mdx"):
            yield decode_bytes(path.read_bytes()).text, path.suffix[1:], None
    for text, fmt in EXTRA:
        yield text, fmt, None
    # each rule's snapshot fixture: the cases it must find and the uses it must leave alone
    for path in sorted(SNAPSHOTS.glob("*/input*")):
        decoded = decode_bytes(path.read_bytes())
        yield decoded.text, path.suffix[1:], decoded


def test_every_declaration_is_well_formed():
    for rule in all_rules().values():
        assert isinstance(rule.fix_policy, FixPolicy), rule.code
        assert (rule.fix_policy.availability is FixAvailability.NEVER) == (not rule.declared_applicabilities())


def test_every_finding_keeps_to_its_rules_policy():
    """A fix iff the availability allows one ("always": every finding has
    one), at an applicability the rule declares."""
    rules = list(all_rules().values())
    by_code = {rule.code: rule for rule in rules}
    broken, seen = [], set()
    for text, fmt, decoded in _corpus():
        doc = Document(text, f"<corpus>.{fmt}", fmt, decoded=decoded)
        for finding in check_document(doc, rules):
            seen.add((finding.code, finding.fix.applicability if finding.fix else None))
            reason = undeclared_fix(by_code[finding.code], finding)
            if reason:
                broken.append(reason)
    assert not broken, "\n".join(sorted(set(broken))[:20])
    # The corpus reaches fixes of both kinds and findings without one, so the check above could fail;
    # and every rule but those that need a whole run (D003) is reached, so none is held to nothing.
    assert {applicability for _, applicability in seen} >= {"safe", "unsafe", None}
    assert {code for code, _ in seen} == {code for code, rule in by_code.items() if not isinstance(rule, textlint.CorpusRule)}


def test_applicabilities_are_strings_to_json_and_comparisons():
    fix = textlint.Fix([textlint.Edit(0, 1, "")], "unsafe")
    assert fix.applicability is Applicability.UNSAFE
    assert fix.applicability == "unsafe" and f"{fix.applicability}" == "unsafe"
    assert json.dumps({"applicability": fix.applicability}) == '{"applicability": "unsafe"}'
    with pytest.raises(ValueError, match="unknown fix applicability"):
        textlint.Fix([], "risky")


def test_a_policy_says_how_it_reads():
    assert str(FixPolicy.sometimes(Applicability.UNSAFE, Applicability.SAFE)) == "safe/unsafe"
    assert str(FixPolicy.never()) == "none"
    with pytest.raises(ValueError):
        FixPolicy.always()  # a fix always, at no applicability
    with pytest.raises(ValueError):
        FixPolicy(FixAvailability.NEVER, (Applicability.SAFE,))


class _Liar(textlint.Rule):
    code = "X901"
    name = "liar"
    fix_policy = FixPolicy.always(Applicability.SAFE)

    def check(self, doc):
        yield textlint.Finding(0, 1, "x", fix=textlint.Fix([textlint.Edit(0, 1, "")], "unsafe"))
        yield textlint.Finding(1, 2, "y")


def test_an_undeclared_fix_is_caught(monkeypatch):
    unsafe, bare = list(_Liar().check(None))
    assert "declares fix applicability 'safe' but emitted a 'unsafe' fix" in undeclared_fix(_Liar(), unsafe)
    assert "declares a fix for every finding" in undeclared_fix(_Liar(), bare)
    monkeypatch.setattr(_Liar, "fix_policy", FixPolicy.sometimes(Applicability.SAFE, Applicability.UNSAFE))
    assert undeclared_fix(_Liar(), unsafe) is None and undeclared_fix(_Liar(), bare) is None
    monkeypatch.setattr(_Liar, "fix_policy", FixPolicy.never())
    assert "declares no fix" in undeclared_fix(_Liar(), unsafe)


def test_a_rule_without_a_fix_policy_is_refused():
    from textlint.plugins import PluginError, plugin_manager
    from textlint.registry import all_rules

    class Vague(textlint.Rule):
        code = "X903"
        name = "vague"
        fix_policy = "safe"  # a string where a FixPolicy belongs

    class Offer:
        @textlint.hookimpl
        def textlint_rules(self):
            return [Vague()]

    offer = Offer()
    plugin_manager().register(offer)
    all_rules.cache_clear()
    try:
        with pytest.raises(PluginError, match="X903 declares fix_policy 'safe'"):
            all_rules()
    finally:
        plugin_manager().unregister(offer)
        all_rules.cache_clear()


def test_a_plugin_declaring_the_old_string_still_loads():
    class Old(textlint.Rule):
        code = "X902"
        name = "old"
        fix_applicability = "safe/unsafe"

    assert Old.fix_policy == FixPolicy.sometimes(Applicability.SAFE, Applicability.UNSAFE)


def _finding(start, end, code):
    return textlint.Finding(start, end, code, code=code)


def test_findings_inside_a_covering_span_are_dropped():
    mojibake = _finding(10, 20, "M001")
    inside = _finding(12, 13, "S005")
    at_edge = _finding(19, 20, "S001")
    straddling = _finding(18, 22, "Z001")
    before, after = _finding(2, 3, "S001"), _finding(20, 21, "S005")
    kept = drop_covered([before, mojibake, inside, at_edge, straddling, after], [mojibake])
    assert kept == [before, mojibake, straddling, after]


def test_the_wider_covering_finding_wins_and_ties_go_to_the_lower_code():
    wide, narrow = _finding(0, 30, "M002"), _finding(5, 9, "M001")
    twin_a, twin_b = _finding(40, 50, "M001"), _finding(40, 50, "M003")
    apart = _finding(60, 70, "M003")
    covering = [narrow, wide, twin_b, twin_a, apart]
    assert drop_covered(covering, covering) == [wide, twin_a, apart]


def _inside_mojibake(diagnostics):
    spans = [(d.line, d.column, d.end_column) for d in diagnostics if d.code in ("M001", "M002", "M003")]
    return [
        d.code for d in diagnostics
        if not d.code.startswith("M")
        and any(line == d.line and start <= d.column and d.end_column <= end for line, start, end in spans)
    ]


def test_a_control_byte_inside_mojibake_is_one_finding(monkeypatch):
    # Chinese UTF-8 read as Shift-JIS (cp932), which maps byte 0x80 to the
    # C1 control U+0080: the control is part of the mojibake, not S005's.
    clean = "我们在文档中记录了每一次发布的变更，方便用户升级时查阅。"
    garbled = clean.encode("utf-8").decode("cp932", errors="replace") + "\n"
    assert "\x80" in garbled
    diagnostics = textlint.lint_text(garbled)
    assert "M002" in [d.code for d in diagnostics]
    assert _inside_mojibake(diagnostics) == []
    # Without the engine's covering the control byte is reported a second time.
    monkeypatch.setattr("textlint.api.drop_covered", lambda findings, covering: findings)
    assert _inside_mojibake(textlint.lint_text(garbled)) == ["S005"]


@pytest.mark.parametrize("code", sorted(all_rules()))
def test_rule_docs_name_the_declared_safety(code):
    rule = all_rules()[code]
    for applicability in rule.declared_applicabilities():
        assert applicability in rule.explanation().lower(), f"{code}'s docs never say when its fix is {applicability}"


def test_a_file_level_finding_covers_nothing():
    """M005 spans a legacy file's first line; what that line holds is its own defect."""
    from textlint.document import decode_bytes

    text = "我们在文档中记录了每一次发布的变更,方便用户升级时查阅。\n" * 4
    decoded = decode_bytes(text.encode("gb18030"))
    assert decoded.encoding.lower().startswith("gb")
    doc = Document(decoded.text, "x.txt", "txt", decoded=decoded)
    findings = check_document(doc, list(all_rules().values()))
    first_line = [f.code for f in findings if f.start < len(text) // 4]
    assert "M005" in first_line and "Z001" in first_line


# Damage as real pages carry it: bytes lost on the way, or one legacy code
# page read as another.  Each piece a detector repairs may round-trip exactly
# and still leave the line half repaired, half garbled: no longer one
# encoding's damage, so the rest can never be repaired by re-encoding.  A
# safe fix must leave such a line as it was (the findings stay).
HALF_REPAIRABLE = {
    "shift-jis read as cp1254": ("ファイルを読み込む処理を追加しました。", lambda c: c.encode("shift_jis").decode("cp1254", "replace")),
    "utf-8 as latin-1, C1 bytes dropped": (
        "守护进程已经启动", lambda c: "".join(ch for ch in c.encode("utf-8").decode("latin-1") if not "\x80" <= ch <= "\x9f")),
    "utf-8 as cp1252, undefined bytes dropped": ("守护进程已经启动", lambda c: c.encode("utf-8").decode("cp1252", "ignore")),
    "utf-8 as gbk, bytes lost": ("开始日期和结束日期都要填写", lambda c: c.encode("utf-8").decode("gbk", "replace")),
    "utf-8 as shift-jis, bytes lost": ("ただし、問題は後で修正します", lambda c: c.encode("utf-8").decode("shift_jis", "replace")),
}


@pytest.mark.parametrize("name", sorted(HALF_REPAIRABLE))
def test_a_safe_fix_never_leaves_a_line_half_repaired(name):
    clean, damage = HALF_REPAIRABLE[name]
    text = f"Release notes\n\nNote: {damage(clean)}\n"
    assert any(d.code.startswith("M") for d in textlint.lint_text(text)), "the damage is reported"
    fixed = textlint.fix_text(text)
    assert fixed in (text, f"Release notes\n\nNote: {clean}\n"), f"safe fix half-repaired the line: {fixed!r}"
