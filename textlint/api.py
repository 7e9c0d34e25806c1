"""What the CLI and other programs call: lint or fix a text, a file, or many paths."""
from __future__ import annotations

import bisect
import dataclasses
import difflib
import heapq
import itertools
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from textlint.config import Settings
from textlint.charclass import SPLITLINES_BREAKS
from textlint.document import Decoded, Document, format_for_path
from textlint.fixes import allowed, fix_until_stable, is_applicable
from textlint.model import Diagnostic, Finding, Rule


class RuleError(Exception):
    """A rule raised while checking a document: a bug in that rule."""

    def __init__(self, code: str, path: str, error: BaseException) -> None:
        super().__init__(f"rule {code} failed on {path}: {type(error).__name__}: {error}")
        self.code = code


def check_document(doc: Document, rules: Iterable[Rule], limit: int = 0) -> list[Finding]:
    """Run the rules over one document; findings sorted by position.

    With a ``limit`` (a findings cap), only the first ``limit`` + 1 findings
    are sure to be there: the rules that declare ``ordered_output`` are asked
    lazily, their streams merged in position order with the sorted findings
    of the others, and none is asked for more once ``limit`` + 1 findings
    have passed the covering and suppression filters.  Those are the first
    ``limit`` + 1 of the whole run, to the byte.  A list cut that way is a
    :class:`CutFindings`: how many more there were is not known."""
    rules = list(rules)
    try:
        if limit and any(rule.ordered_output and not rule.covers_span for rule in rules):
            return _first_findings(doc, rules, limit)
        return _all_findings(doc, rules)
    except _RuleFailed as failed:
        if _LONE_SURROGATE.search(doc.text):
            return check_document(_without_surrogates(doc), rules, limit)
        raise RuleError(failed.code, doc.path, failed.error) from failed.error


class CutFindings(list):
    """The first ``limit`` + 1 findings of a document whose rules were
    stopped there under a cap: more may follow, how many is not known."""


class _RuleFailed(Exception):
    def __init__(self, code: str, error: BaseException) -> None:
        super().__init__(code)
        self.code = code
        self.error = error


def _findings_of(rule: Rule, doc: Document) -> Iterator[Finding]:
    """The rule's findings, each marked with its code, name and severity; a
    rule's error is raised naming it, whenever the rule runs."""
    code, name, severity = rule.code, rule.name, rule.severity
    try:
        for finding in rule.check(doc):
            finding.code = finding.code or code
            finding.rule = finding.rule or name
            finding.severity = severity  # the configuration's, if any, is applied when reporting
            yield finding
    except Exception as error:  # name the rule; never a bare traceback
        raise _RuleFailed(code, error) from error


def _position(finding: Finding) -> tuple:
    return finding.start, finding.end, finding.code


def _all_findings(doc: Document, rules: list[Rule]) -> list[Finding]:
    findings: list[Finding] = []
    covering: list[Finding] = []
    for rule in rules:
        for finding in _findings_of(rule, doc):
            findings.append(finding)
            if rule.covers_span and finding.end > finding.start:
                covering.append(finding)
    if covering:
        findings = drop_covered(findings, covering)
    if findings and "textlint" in doc.text:
        from textlint.suppression import unsuppressed

        findings = unsuppressed(doc, findings)
    findings.sort(key=_position)
    return findings


def _first_findings(doc: Document, rules: list[Rule], limit: int) -> list[Finding]:
    from textlint.suppression import suppressed_test

    streams: list[Iterable[Finding]] = []
    covering: list[Finding] = []
    running: set[int] = set()  # the lazy streams not yet read to their end

    def lazy(index: int, rule: Rule) -> Iterator[Finding]:
        running.add(index)
        yield from _findings_of(rule, doc)
        running.discard(index)

    for index, rule in enumerate(rules):
        if rule.ordered_output and not rule.covers_span:
            streams.append(lazy(index, rule))
            continue
        whole = sorted(_findings_of(rule, doc), key=_position)  # stable, as the whole run's one sort
        if rule.covers_span:
            covering.extend(f for f in whole if f.end > f.start)
        streams.append(whole)
    # In rule order: heapq.merge breaks ties by stream, so equal positions keep
    # the order the one stable sort of every rule's findings gives them.
    merged: Iterable[Finding] = heapq.merge(*streams, key=_position)
    if covering:
        inside = covered_test(covering)
        merged = (f for f in merged if not inside(f))
    switched_off = suppressed_test(doc)
    if switched_off is not None:
        merged = (f for f in merged if not switched_off(f))
    merged = iter(merged)
    first = list(itertools.islice(merged, limit + 1))
    if len(first) <= limit:
        return first
    if running:
        return CutFindings(first)
    # every lazy rule said all it had (those that flood were quiet here): the
    # rest is already worked out, and counting it gives the note its number
    first.extend(merged)
    return first


# A str handed to the API (or a JSON string with a "\udc80" escape) may hold
# lone surrogates, which no decoded file can: rules that encode text choke on
# them.  Looked for only after a rule fails, so the common path pays nothing.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(doc: Document) -> Document:
    """The same document with each lone surrogate read as U+FFFD: one code
    point for one, so every offset a rule reports still fits the text."""
    text = _LONE_SURROGATE.sub("\ufffd", doc.text)
    decoded = dataclasses.replace(doc.decoded, text=text)
    return Document(text, doc.path, doc.format, decoded=decoded, corpus=doc.corpus)


def drop_covered(findings: list[Finding], covering: list[Finding]) -> list[Finding]:
    """``findings`` less those lying inside the span of a covering finding:
    one defect, one finding.  Between covering findings the wider one wins
    (an M001 guess inside an M002 span is part of it); of two with the same
    span, the lower code.  Linear after a sort, so a page dense with damage
    costs no more per finding than a clean one."""
    covered = covered_test(covering)
    return [f for f in findings if not covered(f)]


def covered_test(covering: list[Finding]) -> Callable[[Finding], bool]:
    """Whether a finding lies inside a covering finding's span, as
    :func:`drop_covered` decides, for one finding at a time."""
    spans = sorted(covering, key=lambda f: (f.start, -f.end, f.code))
    starts = [f.start for f in spans]
    reach: list[int] = []  # reach[i]: the furthest end among spans[: i + 1]
    for f in spans:
        reach.append(max(f.end, reach[-1]) if reach else f.end)
    # A covering span is held by one before it in that order that reaches its end.
    held = {id(f) for i, f in enumerate(spans) if i and reach[i - 1] >= f.end}
    covering_ids = {id(f) for f in spans}

    def covered(finding: Finding) -> bool:
        if id(finding) in covering_ids:
            return id(finding) in held
        last = bisect.bisect_right(starts, finding.start) - 1
        return last >= 0 and finding.start < reach[last] and finding.end <= reach[last]

    return covered


def to_diagnostic(doc: Document, finding: Finding, record: int | None = None) -> Diagnostic:
    locate = _Locator(doc)
    line, column = locate(finding.start)
    end_line, end_column = locate(finding.end)
    fix = None
    if finding.fix is not None:
        edits = []
        for edit in finding.fix.edits:
            edit_line, edit_column = locate(edit.start)
            edit_end_line, edit_end_column = locate(edit.end)
            edits.append(
                {
                    "line": edit_line,
                    "column": edit_column,
                    "end_line": edit_end_line,
                    "end_column": edit_end_column,
                    "content": edit.content,
                }
            )
        fix = {"applicability": finding.fix.applicability, "message": finding.fix.message, "edits": edits}
        if finding.fix.encoding:
            fix["encoding"] = finding.fix.encoding
    lines = doc.lines
    return Diagnostic(
        path=doc.path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        code=finding.code or "",
        rule=finding.rule or "",
        message=finding.message,
        severity=finding.severity,
        fix=fix,
        source_line=lines[line - 1] if line - 1 < len(lines) else "",
        record=record,
    )


class _Locator:
    """``doc.position``, asked of the offsets of one finding (its start and
    end, its edits', mostly on one line): an offset on the line last found
    is placed without a search."""

    __slots__ = ("starts", "index", "low", "high", "doc")

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.starts = doc.line_starts
        self.index = -1
        self.low = self.high = 0

    def __call__(self, offset: int) -> tuple[int, int]:
        if not self.low <= offset < self.high:
            starts = self.starts
            self.index = index = self.doc.line_index(offset)
            self.low = starts[index]
            self.high = starts[index + 1] if index + 1 < len(starts) else float("inf")
        return self.index + 1, offset - self.low + 1


#: The engine's code for a file whose findings went past the cap.
CAP_CODE = "E903"


def to_diagnostics(doc: Document, findings: list[Finding], limit: int = 0, record: int | None = None) -> list[Diagnostic]:
    """The first ``limit`` findings located (all when ``limit`` is 0), and
    past the cap one more line saying how many were left out (or only that
    more were, when the rules were stopped there: a :class:`CutFindings`),
    placed at the first of them: a page dense with damage reports what a
    reader can act on, not gigabytes."""
    if not limit or len(findings) <= limit:
        return [to_diagnostic(doc, f, record) for f in findings]
    from textlint.engine_codes import ENGINE_CODES

    shown = [to_diagnostic(doc, f, record) for f in findings[:limit]]
    first_hidden = to_diagnostic(doc, findings[limit], record)
    hidden = len(findings) - limit
    if isinstance(findings, CutFindings):
        more = "More findings"
    else:
        more = f"{hidden:,} more finding{'s' if hidden > 1 else ''}"
    cap = ENGINE_CODES[CAP_CODE]
    note = dataclasses.replace(
        first_hidden,
        code=CAP_CODE,
        rule=cap.name,
        message=(
            f"{more} not shown from here on: "
            f"the cap of {limit:,} per file was hit (--max-findings-per-file 0 shows all)"
        ),
        severity=cap.severity,
        fix=None,
    )
    return shown + [note]


def _settings(settings: Settings | None, **overrides) -> Settings:
    return (settings or Settings()).with_overrides(**overrides)


def lint_text(
    text: str,
    path: str = "<text>",
    settings: Settings | None = None,
    format: str | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    corpus: dict | None = None,
) -> list[Diagnostic]:
    """Lint a string; ``format`` names a file type ("txt", "md", "html" ...; default: from ``path``)."""
    chosen = _settings(settings, select=select, ignore=ignore)
    doc = Document(text, path, format or format_for_path(path), corpus=corpus)
    return [to_diagnostic(doc, f) for f in check_document(doc, chosen.rules_for(path))]


@dataclass
class FixOutcome:
    """The result of fixing one text."""

    text: str
    fixed: int
    remaining: list[Diagnostic]
    encoding: str | None = None  # set when a fix asks to store the text anew


def _decoded_as(decoded: Decoded, current: str) -> Decoded:
    """``decoded`` for the text as fixes left it.  Its bad offsets (bytes that
    were not UTF-8, each shown as U+FFFD) move with the text: the n-th U+FFFD
    of the original is the n-th one now, as no fix adds or drops one; if one
    did, only those whose rank still exists are kept."""
    if not decoded.bad_offsets or current == decoded.text:
        return dataclasses.replace(decoded, text=current)
    ranks = _ranks_of(decoded.text, decoded.bad_offsets)
    now = [m.start() for m in _REPLACEMENT.finditer(current)]
    moved = tuple(now[rank] for rank in ranks if rank < len(now))
    return dataclasses.replace(decoded, text=current, bad_offsets=moved)


_REPLACEMENT = re.compile("\ufffd")


def _ranks_of(text: str, offsets) -> list[int]:
    positions = {m.start(): rank for rank, m in enumerate(_REPLACEMENT.finditer(text))}
    return [positions[offset] for offset in offsets if offset in positions]


def fix_document_text(
    text: str,
    path: str,
    fmt: str,
    rules: list[Rule],
    unsafe: bool = False,
    decoded: Decoded | None = None,
    corpus: dict | None = None,
    record: int | None = None,
    limit: int = 0,
) -> FixOutcome:
    """Fix a text with the given rules until stable; at most ``limit`` of the
    findings left are located (0: all), as :func:`to_diagnostics` says."""
    documents: dict[str, Document] = {}

    def lint(current: str) -> list[Finding]:
        doc = Document(current, path, fmt, decoded=_decoded_as(decoded, current) if decoded else None, corpus=corpus)
        documents[current] = doc
        return check_document(doc, rules)

    fixed_text, fixed, findings = fix_until_stable(text, lint, unsafe)
    encoding = None
    for finding in findings:
        if finding.fix and finding.fix.encoding and allowed(finding.fix, unsafe):
            encoding = finding.fix.encoding
    doc = documents[fixed_text]
    left = [f for f in findings if not (encoding and f.fix and f.fix.encoding)]
    remaining = to_diagnostics(doc, left, limit, record)
    if encoding:
        fixed += 1
    return FixOutcome(fixed_text, fixed, remaining, encoding)


def fix_text(
    text: str,
    path: str = "<text>",
    settings: Settings | None = None,
    format: str | None = None,
    unsafe: bool = False,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
) -> str:
    """Return ``text`` with every applicable fix applied."""
    chosen = _settings(settings, select=select, ignore=ignore)
    outcome = fix_document_text(
        text, path, format or format_for_path(path), chosen.rules_for(path), unsafe or chosen.unsafe_fixes
    )
    return outcome.text


def unified_diff(path: str, before: str, after: str) -> str:
    lines = []
    for line in difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    ):
        lines.append(line)
        if line[-1:] not in SPLITLINES_BREAKS:  # a text's last line without a break: say so, as diff does
            lines.append("\n\\ No newline at end of file\n")
    return "".join(lines)


__all__ = [
    "CAP_CODE",
    "check_document",
    "CutFindings",
    "fix_document_text",
    "fix_text",
    "lint_text",
    "RuleError",
    "is_applicable",
    "to_diagnostics",
    "unified_diff",
]
