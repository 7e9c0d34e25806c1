"""The one step every document goes through: check it, or fix it until stable.

Files, standard input and corpus records all come here with a text, the
name findings carry, a format and the rules; what differs between them
(decoding bytes, splicing a record, writing the file) stays with the source.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from textlint.api import check_document, fix_document_text, to_diagnostics
from textlint.document import Decoded, Document
from textlint.model import CorpusRule, Diagnostic, Finding, Rule


@dataclass
class Linted:
    """What the step gave for one document."""

    diagnostics: list[Diagnostic]
    #: the text after fixing (the text as given when checking)
    text: str
    fixed: int = 0
    #: set when a fix asks for the text to be stored in another encoding
    encoding: str | None = None
    #: when checking: the findings themselves (a source may ask about their fixes)
    findings: list[Finding] = field(default_factory=list)


def lint_document(
    text: str,
    name: str,
    fmt: str,
    rules: list[Rule],
    fix: bool,
    unsafe: bool = False,
    *,
    decoded: Decoded | None = None,
    corpus: dict | None = None,
    record: int | None = None,
    limit: int = 0,
    early_stop: bool = True,
) -> Linted:
    """Check the document (``fix`` false) or fix it until stable.

    ``name`` is what the document and its findings are called (a path, or
    ``FILE:RECORD``); ``record`` the record number each finding carries;
    ``limit`` how many findings are located before one line says how many
    more (0: all); ``early_stop`` lets a check stop the rules that can flood
    a page once that many are found (false where every finding is needed,
    as when fix mode only checks bytes it cannot write back).  A rule that
    fails raises ``textlint.api.RuleError``.
    """
    if not fix:
        doc = Document(text, name, fmt, decoded=decoded, corpus=corpus)
        findings = check_document(doc, rules, limit if early_stop else 0)
        diagnostics = to_diagnostics(doc, findings, limit, record) if findings else []
        return Linted(diagnostics, text, findings=findings)
    outcome = fix_document_text(text, name, fmt, rules, unsafe, decoded, corpus, record=record, limit=limit)
    return Linted(outcome.remaining, outcome.text, outcome.fixed, outcome.encoding)


# -- the cross-document rules' map and reduce steps ------------------------------------------


def summarize_document(doc: Document, rules: Iterable[CorpusRule]) -> dict:
    """Map step: each corpus rule's summary of one document."""
    return {rule.code: rule.summarize(doc) for rule in rules}


def merge_summaries(rules: dict[str, CorpusRule], summaries: Iterable[dict]) -> dict:
    """Reduce step: fold summaries (of documents, or earlier merges) into one state per rule."""
    collected: dict[str, list] = {code: [] for code in rules}
    for summary in summaries:
        for code, value in summary.items():
            collected.setdefault(code, []).append(value)
    return {code: rules[code].merge(values) for code, values in collected.items() if code in rules}


def merge_partials(rules: dict[str, CorpusRule], *partials: dict) -> dict:
    """:func:`merge_summaries` with the summaries as arguments: what an
    executor's reduce step calls (``functools.partial(merge_partials, rules)``)."""
    return merge_summaries(rules, partials)
