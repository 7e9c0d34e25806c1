"""Applying fixes: non-overlapping edits, then lint again until nothing changes."""
from __future__ import annotations

import re
from typing import Callable, Iterable

from textlint.model import Applicability, Finding

#: A text whose fixes have not settled after this many passes is not fixed
#: halfway: the rules still fixing are withheld and the text fixed again
#: from the start (see :func:`fix_until_stable`).
MAX_PASSES = 8
#: How many times rules may be withheld before the text is left as it was.
MAX_ROUNDS = 2


def allowed(fix, unsafe: bool) -> bool:
    """Whether a fix of this applicability may be applied in this run."""
    applicability = fix.applicability
    return applicability is Applicability.SAFE or (unsafe and applicability is Applicability.UNSAFE)


def is_applicable(finding: Finding, unsafe: bool) -> bool:
    fix = finding.fix
    return fix is not None and bool(fix.edits) and allowed(fix, unsafe)


def apply_fixes(
    text: str, findings: Iterable[Finding], unsafe: bool = False, withheld: frozenset[str] = frozenset()
) -> tuple[str, int]:
    """Apply the applicable fixes whose edits do not overlap an earlier one.

    Returns the new text and how many findings' fixes were applied; the
    skipped ones get another chance in the next pass.  The fixes of the
    rules in ``withheld`` are not applied.
    """
    fixes = sorted(
        (f.fix for f in findings if is_applicable(f, unsafe) and f.code not in withheld),
        key=lambda fix: (fix.start, fix.end),
    )
    pieces: list[str] = []
    cursor = 0
    applied = 0
    for fix in fixes:
        if fix.start < cursor or fix.end > len(text):
            continue
        if _overlapping(fix.edits):  # a malformed fix: its own edits collide
            continue
        for edit in fix.edits:
            pieces.append(text[cursor:edit.start])
            pieces.append(_with_local_newlines(text, edit))
            cursor = edit.end
        applied += 1
    pieces.append(text[cursor:])
    return "".join(pieces), applied


_NEWLINE = re.compile(r"\r\n|\r|\n")


def _with_local_newlines(text: str, edit) -> str:
    """The edit's content, its line breaks written as the file writes the
    line it lands on: a rule says "\n", a CRLF or CR-only file keeps its own."""
    content = edit.content
    if "\n" not in content and "\r" not in content:
        return content
    after = _NEWLINE.search(text, edit.end)
    if after is None:  # the last line: take the one before it
        before = [m.group() for m in _NEWLINE.finditer(text, max(0, edit.start - 4096), edit.start)]
        newline = before[-1] if before else "\n"
    else:
        newline = after.group()
    return _NEWLINE.sub(newline, content)


def _overlapping(edits) -> bool:
    return any(later.start < earlier.end for earlier, later in zip(edits, edits[1:]))


def fix_until_stable(
    text: str,
    lint: Callable[[str], list[Finding]],
    unsafe: bool = False,
) -> tuple[str, int, list[Finding]]:
    """Lint, fix, and lint again until nothing changes.

    Returns the fixed text, the number of fixes applied, and the findings
    left in the fixed text.

    Fixing must settle: what ``fix`` writes, a second ``fix`` leaves alone.
    A text on which some rule is still fixing after :data:`MAX_PASSES`
    (repairs that each uncover new damage, two rules undoing each other) is
    not returned halfway, which the next run would change again: the rules
    still fixing are withheld and the text is fixed again from the start
    without them; their findings stay in the report, unfixed.  If it still
    does not settle, the text is left as it was.
    """
    original = text
    first = lint(original)  # each round starts from the original text: linted once
    withheld: frozenset[str] = frozenset()
    for _ in range(MAX_ROUNDS):
        text, total, findings, unsettled = _fix_passes(original, first, lint, unsafe, withheld)
        if not unsettled:
            return text, total, findings
        withheld |= unsettled
    return original, 0, first


def _fix_passes(
    text: str, findings: list[Finding], lint: Callable[[str], list[Finding]], unsafe: bool, withheld: frozenset[str]
) -> tuple[str, int, list[Finding], frozenset[str]]:
    """Up to MAX_PASSES of fix and lint, from ``text`` and its ``findings``;
    the last item names the rules whose fixes still applied when the passes
    ran out (empty: it settled)."""
    total = 0
    for _ in range(MAX_PASSES):
        new_text, applied = apply_fixes(text, findings, unsafe, withheld)
        if applied == 0 or new_text == text:
            return text, total, findings, frozenset()
        total += applied
        text = new_text
        findings = lint(text)
    if apply_fixes(text, findings, unsafe, withheld)[0] == text:
        return text, total, findings, frozenset()  # settled on the last pass
    unsettled = frozenset(
        f.code or "" for f in findings if is_applicable(f, unsafe) and f.code not in withheld
    )
    return text, total, findings, unsettled
