"""Corpus records as documents: what a record is, and how a fix goes back into it.

The record source of the pipeline (``textlint.pipeline``): a record's text
is handed to the same step as a file's (``textlint.pipeline.step``), named
``FILE:RECORD``; this module finds the text in the record and, when fixing,
splices the new text back into the line byte for byte.

What a record is
    One line of a JSON Lines file (plain, ``.gz`` or ``.zst``), or one row
    of a Parquet file (``textlint.corpus_files`` reads and writes them).
    Records are numbered by their line in the file (1-based; in Parquet by
    row), so ``sed -n 12p`` shows record 12; a blank line is no record but
    keeps its number and is copied as it is.  ``--text-field`` names the
    field holding the text: a key, or a dotted path into nested objects
    (``meta.body``; a key holding the dot itself is taken whole when the
    record has one).  A document is plain text unless the record's format
    field (``--format-field``, default ``format``) says ``md``,
    ``markdown``, ``mdx``, ``txt`` or a file name such as ``page.md``.

Where findings are
    A finding's line and column are in the record's text (what the text
    format prints after the record number); ``file_column`` and
    ``file_end_column`` are its place in the file's line holding the record,
    escapes counted, which is where the machine formats point (the line is
    the record number).  A fix's edits are given in the file's line too.

Bad records
    A line that is not UTF-8, not JSON, not a JSON object, or lacks the text
    field (or holds no string there) is reported as ``E901 bad-record`` with
    its record number and copied to the output unchanged: nothing is dropped.

Fixing
    Only the text field's value is rewritten, spliced into the line where it
    was, so every other byte of a record (key order, spacing, number
    spelling, escapes) is left exactly as it was; a record nothing fixes is
    copied byte for byte.  The input is never rewritten in place: the output
    goes to a temporary file in DIR, renamed over ``DIR/<name>`` when the
    whole input has been read.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from json.decoder import scanstring
from typing import Any, Iterable

from textlint.api import RuleError, unified_diff
from textlint.engine_codes import engine_diagnostic
from textlint.errors import UsageError
from textlint.model import CorpusRule, Diagnostic, FileResult, Rule
from textlint.pipeline.step import lint_document

BAD_RECORD_CODE = "E901"
#: Values of a record's format field that choose the document format.
RECORD_FORMATS = {"txt": "txt", "text": "txt", "md": "md", "markdown": "md", "mdx": "mdx"}
DEFAULT_FORMAT_FIELD = "format"


class BadRecord(ValueError):
    """A line that is not a usable record; the message says why.  ``record``
    is the parsed object when the line was one (its id can still be told)."""

    def __init__(self, message: str, record: dict | None = None) -> None:
        super().__init__(message)
        self.record = record


@dataclass
class Job:
    """What a worker needs to lint the records of one file: resolved on the
    client, so workers read no configuration files."""

    path: str
    rules: list[Rule]
    mode: str  # "check", "fix" or "diff"
    unsafe: bool
    text_field: str
    corpus_rules: dict[str, CorpusRule] = field(default_factory=dict)
    format_field: str | None = DEFAULT_FORMAT_FIELD
    id_field: str | None = None
    tags: bool = False  # collect a tag (id and counts) for every record


@dataclass
class RecordOutcome:
    """What linting one record gave: its result when it has something to
    report, its new stored form when a fix changed it, and its id."""

    result: FileResult | None = None
    new_value: bytes | str | None = None
    record_id: Any = None


# -- fields ---------------------------------------------------------------------------------


def check_field_name(name: str, option: str) -> None:
    if not name or any(not part for part in name.split(".")):
        raise UsageError(f"{option} {name!r}: give a field name, or names joined by dots (meta.body)")


def find_field(record: dict, name: str) -> tuple[tuple[str, ...], Any] | None:
    """The path to the field ``name`` names and its value, or None: the key
    ``name`` itself when the record has it, else the dotted path into
    nested objects."""
    if name in record:
        return (name,), record[name]
    if "." not in name:
        return None
    value: Any = record
    path = tuple(name.split("."))
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return path, value


def format_named(value: Any) -> str:
    """The document format a format field's value names: md, markdown, mdx,
    txt, text, or a file name whose suffix says it; else plain text."""
    from textlint.document import format_for_path

    if not isinstance(value, str):
        return "txt"
    name = value.strip().lower()
    if name in RECORD_FORMATS:
        return RECORD_FORMATS[name]
    return format_for_path(name) if "." in name else "txt"


def record_format(record: dict, format_field: str | None = DEFAULT_FORMAT_FIELD) -> str:
    found = find_field(record, format_field) if format_field else None
    return format_named(found[1]) if found else "txt"


def record_id(record: dict | None, id_field: str | None) -> Any:
    found = find_field(record, id_field) if id_field and isinstance(record, dict) else None
    return found[1] if found else None


# -- one record ---------------------------------------------------------------------------


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string",
            list: "an array", dict: "an object"}.get(type(value), type(value).__name__)


@dataclass
class ParsedRecord:
    record: dict
    line: str  # decoded, without a byte order mark
    text: str
    path: tuple[str, ...]  # where the text is in the record


def parse_record(line: bytes, text_field: str) -> ParsedRecord:
    """The record on one line (without its newline).  Raises BadRecord with
    a message for people."""
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRecord(f"not valid UTF-8 at byte {error.start + 1}") from None
    if decoded.startswith("\ufeff"):  # a byte order mark before the first record
        decoded = decoded[1:]
    try:
        record = json.loads(decoded)
    except json.JSONDecodeError as error:
        raise BadRecord(f"not valid JSON at column {error.colno}: {error.msg}") from None
    except (ValueError, RecursionError) as error:  # huge integers, deep nesting
        raise BadRecord(f"not valid JSON: {error}") from None
    if not isinstance(record, dict):
        raise BadRecord(f"not a JSON object but {_kind(record)}")
    found = find_field(record, text_field)
    if found is None:
        raise BadRecord(f"no field {text_field!r}", record)
    path, text = found
    if not isinstance(text, str):
        raise BadRecord(f"field {text_field!r} is {_kind(text)}, not a string", record)
    return ParsedRecord(record, decoded, text, path)


_WHITESPACE = " \t\n\r"


def _skip(text: str, index: int) -> int:
    while index < len(text) and text[index] in _WHITESPACE:
        index += 1
    return index


_DECODER = json.JSONDecoder()


def _member_span(line: str, start: int, key: str) -> tuple[int, int]:
    """Offsets of the value of ``key`` in the JSON object at ``line[start:]``;
    with duplicate keys the last one wins, as in ``json.loads``."""
    index = _skip(line, start)
    if line[index:index + 1] != "{":
        raise ValueError("not a JSON object")
    index += 1
    found = None
    while True:
        index = _skip(line, index)
        if line[index] == "}":
            break
        name, index = scanstring(line, index + 1)
        index = _skip(line, index)
        index = _skip(line, index + 1)  # past the colon
        _, end = _DECODER.raw_decode(line, index)
        if name == key:
            found = (index, end)
        index = _skip(line, end)
        if line[index] == ",":
            index += 1
    if found is None:
        raise ValueError(f"no key {key!r}")
    return found


def value_span(line: str, key: str | tuple[str, ...]) -> tuple[int, int]:
    """Offsets of the value at ``key`` (a top-level key, or a path of keys
    into nested objects) in a JSON object's text, which must already have
    parsed as an object holding it."""
    start, end = 0, len(line)
    for name in (key,) if isinstance(key, str) else key:
        start, end = _member_span(line, start, name)
    return start, end


def _json_string(text: str, ascii_only: bool) -> str:
    """``text`` as a JSON string; a line written with ``\\uXXXX`` escapes
    only stays ASCII, and lone surrogates can only be written escaped."""
    value = json.dumps(text, ensure_ascii=ascii_only)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = json.dumps(text, ensure_ascii=True)
    return value


def replace_text(line: str, key: str | tuple[str, ...], text: str) -> str:
    """The line with the value at ``key`` replaced by the JSON string ``text``."""
    start, end = value_span(line, key)
    return line[:start] + _json_string(text, line.isascii()) + line[end:]


def _is_high_surrogate_escape(line: str, index: int) -> bool:
    return line[index:index + 2] == "\\u" and "d800" <= line[index + 2:index + 6].lower() <= "dbff"


def _is_low_surrogate_escape(line: str, index: int) -> bool:
    return line[index:index + 2] == "\\u" and "dc00" <= line[index + 2:index + 6].lower() <= "dfff"


def json_string_columns(line: str, quote: int, offsets: Iterable[int]) -> dict[int, int]:
    """Where each of ``offsets`` (code points into the decoded string) is in
    ``line``, whose JSON string starts with the quote at ``quote``: every
    escape is one character of the text (a surrogate pair escaped, one)."""
    wanted = sorted(set(offsets))
    places: dict[int, int] = {}
    raw, text_index = quote + 1, 0
    for offset in wanted:
        while True:
            escape = line.find("\\", raw)
            run = (escape if escape != -1 else len(line)) - raw  # characters as they are
            if offset - text_index <= run or escape == -1:
                places[offset] = min(raw + offset - text_index, len(line))
                break
            text_index += run
            raw = escape
            width = 2
            if line[raw + 1] == "u":
                width = 6
                if line[raw + 2] in "dD" and _is_high_surrogate_escape(line, raw) and _is_low_surrogate_escape(line, raw + 6):
                    width = 12  # a pair escaped: one character
            raw += width
            text_index += 1
    return places


def _line_starts(text: str) -> list[int]:
    starts = [0]
    index = text.find("\n")
    while index != -1:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def place_findings(diagnostics: list[Diagnostic], text: str, number: int, columns_of, escape) -> None:
    """Give each finding of a record its columns in the file's line, and its
    fix's edits the same places (their content written as the line holds
    text): ``columns_of(offsets)`` maps offsets into ``text`` to 0-based
    columns in the line, ``escape(content)`` writes content as stored."""
    starts = _line_starts(text)
    size = len(text)
    spans = []  # (diagnostic, its start and end offsets, each edit's offsets and content)
    wanted: set[int] = set()
    for d in diagnostics:
        start, end = starts[d.line - 1] + d.column - 1, starts[d.end_line - 1] + d.end_column - 1
        edits = [
            (starts[e["line"] - 1] + e["column"] - 1, starts[e["end_line"] - 1] + e["end_column"] - 1, e["content"])
            for e in (d.fix["edits"] if d.fix else ())
        ]
        wanted.update((start, end), *((s, e) for s, e, _ in edits))
        spans.append((d, start, end, edits))
    columns = columns_of([min(offset, size) for offset in wanted])
    escaped: dict[str, str] = {}  # most edits of a record write the same few characters
    for d, start, end, edits in spans:
        d.file_column, d.file_end_column = columns[min(start, size)] + 1, columns[min(end, size)] + 1
        if edits:
            for _, _, content in edits:
                if content not in escaped:
                    escaped[content] = escape(content)
            d.fix = {**d.fix, "edits": [
                {"line": number, "column": columns[min(s, size)] + 1, "end_line": number,
                 "end_column": columns[min(e, size)] + 1, "content": escaped[content]}
                for s, e, content in edits
            ]}


def bad_record(path: str, record: int, message: str) -> Diagnostic:
    return engine_diagnostic(BAD_RECORD_CODE, path, f"record {record}: {message}", record=record)


def record_label(path: str, record: int) -> str:
    return f"{path}:{record}"


def lint_text(text: str, fmt: str, number: int, job: Job, corpus: dict | None) -> tuple[FileResult | None, str | None]:
    """Lint (or fix) one record's text: its result when it has something to
    report, and the fixed text when a fix changed it (never in diff mode)."""
    # the document is named FILE:RECORD, so that a rule (or its error) sees
    # each record as a document of its own
    label = record_label(job.path, number)
    try:
        fix = job.mode != "check"
        linted = lint_document(text, label, fmt, job.rules, fix, job.unsafe, corpus=corpus, record=number)
    except RuleError as error:
        return FileResult(label, error=str(error)), None
    result = FileResult(label, linted.diagnostics)
    new_text = None
    if job.mode == "check":
        if not result.diagnostics:
            return None, None
    elif linted.text != text:
        result.fixed = linted.fixed
        if job.mode == "diff":
            result.diff = unified_diff(label, text, linted.text)
        else:
            new_text = linted.text
    elif not result.diagnostics:
        return None, None
    for diagnostic in result.diagnostics:
        diagnostic.path = job.path
    return result, new_text


def lint_record(line: bytes, number: int, job: Job, corpus: dict | None) -> RecordOutcome:
    """Lint (or fix) the record on one line of a JSON Lines file."""
    try:
        parsed = parse_record(line, job.text_field)
    except BadRecord as error:
        result = FileResult(record_label(job.path, number), [bad_record(job.path, number, str(error))])
        return RecordOutcome(result, None, record_id(error.record, job.id_field))
    outcome = RecordOutcome(record_id=record_id(parsed.record, job.id_field))
    text = parsed.text
    outcome.result, new_text = lint_text(text, record_format(parsed.record, job.format_field), number, job, corpus)
    stored = parsed.line
    if new_text is not None:
        stored, text = replace_text(parsed.line, parsed.path, new_text), new_text
        bom = "\ufeff" if line.startswith(b"\xef\xbb\xbf") else ""
        outcome.new_value = (bom + stored).encode("utf-8")
    if outcome.result is not None and outcome.result.diagnostics and job.mode != "diff":
        # where they are in the line as written (in the fixed line, when fixing)
        quote = value_span(stored, parsed.path)[0]
        shift = 1 if line.startswith(b"\xef\xbb\xbf") else 0  # the mark is a character of the line
        place_findings(
            outcome.result.diagnostics, text, number,
            lambda offsets: {o: c + shift for o, c in json_string_columns(stored, quote, offsets).items()},
            lambda content: _json_string(content, stored.isascii())[1:-1],
        )
    return outcome


def lint_row(row: tuple, number: int, job: Job, corpus: dict | None) -> RecordOutcome:
    """Lint (or fix) the text of one Parquet row: (text, format, id) values."""
    text, format_value, row_id = row
    if not isinstance(text, str):
        message = f"field {job.text_field!r} is {_kind(text)}, not a string"
        return RecordOutcome(FileResult(record_label(job.path, number), [bad_record(job.path, number, message)]), None, row_id)
    result, new_text = lint_text(text, format_named(format_value), number, job, corpus)
    if result is not None and result.diagnostics and job.mode != "diff":
        # a value is stored as it is: a column is a code point of the text
        place_findings(result.diagnostics, text if new_text is None else new_text, number,
                       lambda offsets: {o: o for o in offsets}, lambda content: content)
    return RecordOutcome(result, new_text, row_id)
