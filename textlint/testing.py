"""A rule tester in the manner of JavaScript textlint's ``textlint-tester``.

A rule's tests are a table: texts that must stay silent (``valid``), and
texts that must be reported (``invalid``) with the expected findings and,
optionally, the text the fixer must leave::

    from textlint.testing import Case, check_rule

    def test_no_todo():
        check_rule(
            "X100",
            valid=["Nothing to do here."],
            invalid=[Case("A TODO left.", findings=[(1, 3)], fixed="A  left.", unsafe=True)],
        )

Plugin authors can use it as it is: it runs the rule through the same engine
as the command line, with only that rule selected.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from textlint.api import check_document, fix_document_text
from textlint.config import Settings
from textlint.document import Document


@dataclass
class Case:
    """A text that must be reported.

    ``findings`` lists the expected (line, column) of each finding, 1-based,
    in order; ``fixed`` the text after fixing (None: not checked);
    ``unsafe`` applies unsafe fixes too; ``format`` is "txt", "md" or "mdx".
    """

    text: str
    findings: Sequence[tuple[int, int]] = field(default_factory=list)
    fixed: str | None = None
    unsafe: bool = False
    format: str = "txt"
    messages: Sequence[str] = field(default_factory=list)  # substrings, in order


def _rules(code: str, options: dict | None):
    settings = Settings(select=[code], rule_options={code: options} if options else {})
    return settings.rules_for("<test>")


def undeclared_fix(rule, finding) -> str | None:
    """Why ``finding`` breaks ``rule``'s declared ``fix_policy`` (a fix at an
    undeclared applicability, a fix from a rule that declares none, no fix
    from a rule that declares one always), or None when it keeps to it."""
    broken = rule.fix_policy.violation(finding.fix)
    return None if broken is None else f"{rule.code} {broken} ({finding.message})"


def findings_for(code: str, text: str, format: str = "txt", options: dict | None = None):
    """(line, column, message) of each finding of one rule in ``text``.

    Every finding the rule emits is held to the rule's declared
    ``fix_policy`` on the way."""
    doc = Document(text, f"<test>.{format}", format)
    rules = _rules(code, options)
    by_code = {rule.code: rule for rule in rules}
    result = []
    for finding in check_document(doc, rules):
        broken = undeclared_fix(by_code.get(finding.code, rules[0]), finding)
        assert broken is None, f"{broken} on {text!r}"
        line, column = doc.position(finding.start)
        result.append((line, column, finding.message))
    return result


def fixed_text(code: str, text: str, format: str = "txt", unsafe: bool = False, options: dict | None = None) -> str:
    return fix_document_text(text, f"<test>.{format}", format, _rules(code, options), unsafe).text


def check_rule(
    code: str,
    valid: Sequence[str | tuple[str, str]] = (),
    invalid: Sequence[Case] = (),
    options: dict | None = None,
) -> None:
    """Assert the rule stays silent on ``valid`` and reports ``invalid`` as told.

    A valid entry is a text, or a (text, format) pair for Markdown.
    """
    for entry in valid:
        text, fmt = (entry, "txt") if isinstance(entry, str) else entry
        found = findings_for(code, text, fmt, options)
        assert not found, f"{code} must stay silent on {text!r} ({fmt}) but reported {found}"
    for case in invalid:
        found = findings_for(code, case.text, case.format, options)
        positions = [(line, column) for line, column, _ in found]
        assert positions == list(case.findings), (
            f"{code} on {case.text!r}: expected findings at {list(case.findings)}, got {found}"
        )
        for expected, (_, _, message) in zip(case.messages, found):
            assert expected in message, f"{code}: message {message!r} lacks {expected!r}"
        if case.fixed is not None:
            result = fixed_text(code, case.text, case.format, case.unsafe, options)
            assert result == case.fixed, f"{code} fixed {case.text!r} into {result!r}, expected {case.fixed!r}"
