"""Directives that switch rules off, the same in every document format.

A directive stands alone on its line (leading spaces allowed), in one of
these forms, whatever the file's format::

    <!-- textlint-disable S001 -->        Markdown, HTML
    {/* textlint-disable S001 */}         MDX (its compiler rejects <!-- -->)
    # textlint-disable S001               plain text, YAML front matter
    // textlint-disable S001
    textlint: disable S001                plain text, no comment marker needed

The actions are ``disable`` (to a matching ``enable``, or the end of the
file), ``enable``, ``disable-next-line`` (the next line that is not itself a
directive) and ``disable-file`` (the whole file, wherever it stands, as
ruff's ``# ruff: noqa``).  Codes, code prefixes (``S``) or rule names
follow, separated by spaces or commas; none means every rule.  ``-- text``
after them is a reason, for the reader.  A bare ``textlint-...`` form
needs a comment marker, and a directive must fill its line, so prose that
mentions one ("the textlint-disable comment ...", or a comment quoted in
the middle of a sentence) switches nothing off.  Inside Markdown code (a
fence or an indented block) a directive is an example, not a directive.
A directive line is never reported itself.

One regular-expression pass over the text finds the candidates (after a
substring test most files fail); each finding is then looked up by
bisection in the merged line ranges of each selector.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Iterable

from textlint.structures.spans import merged_ranges

# Greedy to the end of the line and no two runs of blanks side by side, so
# no line makes the pattern backtrack more than once over it.
_CANDIDATE = re.compile(
    r"^[ \t]*(?:(?P<open><!--|\{/\*|#|//)[ \t]*)?textlint(?P<sep>-|:[ \t]*)"
    r"(?P<action>disable-next-line|disable-file|disable|enable)"
    r"(?P<rest>(?:[ \t,\r]|-->|\*/\})[^\n]*)?$",
    re.MULTILINE,
)
_CLOSERS = {"<!--": "-->", "{/*": "*/}"}
_SELECTORS = re.compile(r"(?:[ \t,]+[A-Za-z][A-Za-z0-9_-]*)*[ \t,]*")
_REASON = re.compile(r"[ \t]--(?:[ \t]|$)")
_CODE_LIKE = re.compile(r"[A-Za-z][0-9]{0,3}")
ALL = "*"  # the selector of a directive that names no rule


@dataclass(frozen=True)
class Directive:
    line: int  # 0-based
    action: str
    selectors: tuple[str, ...]  # normalised; (ALL,) when none is named


def parse_line(match: re.Match) -> Directive | None:
    """The directive a candidate line holds, or None when it is prose."""
    opener, rest = match.group("open"), (match.group("rest") or "").rstrip(" \t\r")
    if opener is None and match.group("sep") == "-":
        return None  # "textlint-disable ..." in prose; the colon form or a comment marker is needed
    closer = _CLOSERS.get(opener or "")
    if closer:
        if not rest.endswith(closer):
            return None
        rest = rest[: -len(closer)]
    elif "-->" in rest or "*/}" in rest:
        return None
    reason = _REASON.search(rest)
    if reason:
        rest = rest[: reason.start()]
    if not _SELECTORS.fullmatch(rest):
        return None
    selectors = tuple(_normalised(token) for token in re.split(r"[ \t,]+", rest.strip(" \t,")) if token)
    return Directive(-1, match.group("action"), selectors or (ALL,))


def _normalised(token: str) -> str:
    return token.upper() if _CODE_LIKE.fullmatch(token) else token.lower()


def find_directives(doc) -> list[Directive]:
    """Every directive in ``doc``, in order (one pass over its text)."""
    if "textlint" not in doc.text:
        return []
    found = []
    for match in _CANDIDATE.finditer(doc.text):
        directive = parse_line(match)
        if directive is None:
            continue
        line = doc.line_index(match.start())
        block = doc.block_at(line)  # Markdown code shows directives, it does not obey them
        if block is not None and block.kind == "code":
            continue
        found.append(Directive(line, directive.action, directive.selectors))
    return found


@dataclass
class Suppressions:
    """Which rules are off on which lines of one document."""

    directive_lines: frozenset[int] = frozenset()
    whole_file: frozenset[str] = frozenset()
    #: per selector, disjoint [start, end) line ranges: their starts and ends
    starts: dict[str, list[int]] = field(default_factory=dict)
    ends: dict[str, list[int]] = field(default_factory=dict)

    def suppressed(self, code: str, line_index: int, name: str | None = None) -> bool:
        if line_index in self.directive_lines:
            return True
        if any(_applies(selector, code, name) for selector in self.whole_file):
            return True
        for selector, starts in self.starts.items():
            if not _applies(selector, code, name):
                continue
            index = bisect.bisect_right(starts, line_index) - 1
            if index >= 0 and line_index < self.ends[selector][index]:
                return True
        return False


def _applies(selector: str, code: str, name: str | None) -> bool:
    if selector == ALL:
        return True
    return code.startswith(selector) if _CODE_LIKE.fullmatch(selector) else selector == name


def build(directives: list[Directive], line_count: int) -> Suppressions:
    """Line ranges from directives in document order."""
    lines = frozenset(d.line for d in directives)
    below = _first_line_below(lines)
    whole_file: set[str] = set()
    ranges: list[tuple[str, int, int]] = []
    open_since: dict[str, int] = {}
    for directive in directives:
        if directive.action == "disable-file":
            whole_file.update(directive.selectors)
        elif directive.action == "disable-next-line":
            target = below[directive.line]
            ranges += [(selector, target, target + 1) for selector in directive.selectors]
        elif directive.action == "disable":
            for selector in directive.selectors:
                open_since.setdefault(selector, directive.line)
        else:
            closing = list(open_since) if directive.selectors == (ALL,) else directive.selectors
            for selector in closing:
                if selector in open_since:
                    ranges.append((selector, open_since.pop(selector), directive.line + 1))
    ranges += [(selector, first, line_count) for selector, first in open_since.items()]
    suppressions = Suppressions(lines, frozenset(whole_file))
    by_selector: dict[str, list[tuple[int, int]]] = {}
    for selector, first, last in ranges:
        by_selector.setdefault(selector, []).append((first, last))
    for selector, selector_ranges in by_selector.items():
        # overlapping ranges merge, so bisection finds the one
        suppressions.starts[selector], suppressions.ends[selector] = merged_ranges(selector_ranges)
    return suppressions


def _first_line_below(lines: frozenset[int]) -> dict[int, int]:
    """For each directive line, the first line after it that is no
    directive: stacked directives all reach the line below the stack.
    From the bottom up, so a stack of any height costs one step a line."""
    below: dict[int, int] = {}
    for line in sorted(lines, reverse=True):
        below[line] = below.get(line + 1, line + 1)
    return below


def for_document(doc) -> Suppressions:
    """The document's suppressions, worked out once."""
    return doc.memoized(
        "suppression.ranges", lambda: build(find_directives(doc), len(doc.line_starts))
    )


def unsuppressed(doc, findings: Iterable) -> list:
    """``findings`` less those a directive switches off."""
    findings = list(findings)
    if not findings:
        return findings
    switched_off = suppressed_test(doc)
    if switched_off is None:
        return findings
    return [f for f in findings if not switched_off(f)]


def suppressed_test(doc):
    """Whether a directive switches a finding off, as a function of the
    finding; None when the document has no directive (most have none)."""
    if "textlint" not in doc.text:
        return None
    suppressions = for_document(doc)
    if not suppressions.directive_lines:
        return None
    return lambda f: suppressions.suppressed(f.code, doc.line_index(f.start), f.rule)
