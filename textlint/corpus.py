"""Corpus mode: records as documents, on this machine or a Dask cluster.

``textlint check --jsonl FILES... --text-field text`` lints the string in one
field of every record; ``textlint fix --jsonl ... --output DIR`` writes every
record to ``DIR/<name>``, repaired where a fix applies, in the same order.

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

Tags
    ``--tags-output PATH`` writes one JSON line per record, in input order:
    its file, record number, ``--id-field`` value and the count of findings
    per code, so that a pipeline can filter records.

Streaming
    Files are cut into partitions of whole lines (about a megabyte; a
    Parquet row group is cut by rows) as they are read; only a bounded
    window of partitions is in flight at any time, so memory does not grow
    with the size of the corpus.  A partition's result is the findings of
    its records (one ``FileResult`` per record that has something to report,
    named ``FILE:RECORD``) and, when fixing, the records that changed; the
    output file is assembled from the partitions and those replacements, in
    order.  A compressed file is decompressed in this process and its
    partitions are shipped to the workers with their bytes.

Cross-document rules (D003)
    Two passes over the records: the map step summarizes each record and
    folds the summaries of one partition together (``CorpusRule.merge`` is
    associative), the reduce step merges the partitions' summaries, then
    every record is checked against the merged state.  Both passes run
    wherever the records are linted: in this process, in the worker processes
    of a pool, or as Dask tasks.

Executors
    ``local`` (default) lints in this process for small inputs and on a pool
    of worker processes (``--jobs``) for large ones.  ``dask`` starts a
    ``distributed.LocalCluster``; ``dask://HOST:PORT`` connects to a running
    scheduler.  On Dask each partition is one task; the reduce step is a tree
    of merge tasks on the cluster, and the client gathers nothing but the
    findings (and, when fixing, the changed records).  Workers read the
    partitions of plain files themselves when they can see them (a shared
    file system); otherwise the client sends each partition's bytes.  Dask is
    imported only here, and only when asked for.
"""
from __future__ import annotations

import json
import os
from collections import deque
from dataclasses import dataclass, field, replace
from json.decoder import scanstring
from typing import Any, Iterable, Iterator

from textlint.corpus_files import (
    FOLDER_SUFFIXES,
    PARQUET,
    PLAIN,
    ParquetSource,
    TagsWriter,
    decompressed_blocks,
    is_regular,
    kind_of,
    open_writer,
)
from textlint.model import CorpusRule, Diagnostic, FileResult, Rule

BAD_RECORD_CODE = "E901"
BAD_RECORD_NAME = "bad-record"
#: Bytes of whole lines per partition: the unit of work of a pool worker or Dask task.
PARTITION_BYTES = 256 << 10
DASK_PARTITION_BYTES = 4 << 20
#: Suffixes of the files taken from a folder named on the command line.
JSONL_SUFFIXES = FOLDER_SUFFIXES
#: Values of a record's format field that choose the document format.
RECORD_FORMATS = {"txt": "txt", "text": "txt", "md": "md", "markdown": "md", "mdx": "mdx"}
DEFAULT_FORMAT_FIELD = "format"
#: How many partition summaries are merged at once in the reduce step.
MERGE_FANIN = 16
#: How much more work a byte of a compressed file holds than a byte of plain
#: JSON Lines, to decide whether a run is worth a pool of processes.
COMPRESSION_GUESS = 4


class BadRecord(ValueError):
    """A line that is not a usable record; the message says why.  ``record``
    is the parsed object when the line was one (its id can still be told)."""

    def __init__(self, message: str, record: dict | None = None) -> None:
        super().__init__(message)
        self.record = record


@dataclass(frozen=True)
class Partition:
    """Consecutive records of one file.

    ``path`` is the name shown in findings; ``source`` the absolute path a
    worker reads when ``data`` is not shipped with the partition (plain JSON
    Lines only).  JSON Lines partitions hold whole lines in ``data``;
    Parquet partitions hold ``rows`` of (text, format, id) values, rows
    ``offset`` onwards of row group ``group``.  ``error`` marks a file that
    could not be read (no records, a finding instead).  ``input_bytes`` is
    how much of the stored file the partition accounts for (for progress).
    """

    path: str
    source: str
    offset: int
    length: int
    first_record: int
    data: bytes | None = None
    error: str | None = None
    kind: str = PLAIN
    rows: tuple | None = None
    group: int = 0
    last_of_group: bool = True
    input_bytes: int = 0


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
class PartitionResult:
    results: list[FileResult]
    #: (index of the record in the partition, its new line without the
    #: newline, as bytes; or, in Parquet, its new text)
    replacements: list[tuple[int, bytes | str]]
    records: int = 0
    #: with ``Job.tags``: (record, id, counts by code, fixes) of every record
    tags: list[tuple[int, Any, dict[str, int], int]] | None = None


@dataclass
class RecordOutcome:
    """What linting one record gave: its result when it has something to
    report, its new stored form when a fix changed it, and its id."""

    result: FileResult | None = None
    new_value: bytes | str | None = None
    record_id: Any = None


# -- fields ---------------------------------------------------------------------------------


def check_field_name(name: str, option: str) -> None:
    from textlint.errors import UsageError

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
    return Diagnostic(
        path, 1, 1, 1, 1, BAD_RECORD_CODE, BAD_RECORD_NAME,
        f"record {record}: {message}", severity="error", record=record,
    )


def _io_error(path: str, message: str) -> Diagnostic:
    from textlint.runner import io_error

    return io_error(path, message)


def _label(path: str, record: int) -> str:
    return f"{path}:{record}"


def lint_text(text: str, fmt: str, number: int, job: Job, corpus: dict | None) -> tuple[FileResult | None, str | None]:
    """Lint (or fix) one record's text: its result when it has something to
    report, and the fixed text when a fix changed it (never in diff mode)."""
    from textlint.api import RuleError, check_document, fix_document_text, to_diagnostic, unified_diff
    from textlint.document import Document

    label = _label(job.path, number)
    result = FileResult(label)
    new_text = None
    try:
        if job.mode == "check":
            # the document is named FILE:RECORD, so that a rule (or its error)
            # sees each record as a document of its own
            doc = Document(text, label, fmt, corpus=corpus)
            findings = check_document(doc, job.rules)
            if not findings:
                return None, None
            result.diagnostics = [to_diagnostic(doc, f, number) for f in findings]
        else:
            outcome = fix_document_text(text, label, fmt, job.rules, job.unsafe, corpus=corpus, record=number)
            result.diagnostics = outcome.remaining
            if outcome.text != text:
                result.fixed = outcome.fixed
                if job.mode == "diff":
                    result.diff = unified_diff(label, text, outcome.text)
                else:
                    new_text = outcome.text
            elif not result.diagnostics:
                return None, None
    except RuleError as error:
        return FileResult(label, error=str(error)), None
    for diagnostic in result.diagnostics:
        diagnostic.path = job.path
    return result, new_text


def lint_record(line: bytes, number: int, job: Job, corpus: dict | None) -> RecordOutcome:
    """Lint (or fix) the record on one line of a JSON Lines file."""
    try:
        parsed = parse_record(line, job.text_field)
    except BadRecord as error:
        result = FileResult(_label(job.path, number), [bad_record(job.path, number, str(error))])
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
        return RecordOutcome(FileResult(_label(job.path, number), [bad_record(job.path, number, message)]), None, row_id)
    result, new_text = lint_text(text, format_named(format_value), number, job, corpus)
    if result is not None and result.diagnostics and job.mode != "diff":
        # a value is stored as it is: a column is a code point of the text
        place_findings(result.diagnostics, text if new_text is None else new_text, number,
                       lambda offsets: {o: o for o in offsets}, lambda content: content)
    return RecordOutcome(result, new_text, row_id)


# -- one partition: what a pool worker or a Dask task runs ---------------------------------


def partition_bytes(partition: Partition) -> bytes:
    if partition.data is not None:
        return partition.data
    with open(partition.source, "rb") as handle:
        handle.seek(partition.offset)
        data = handle.read(partition.length)
    if len(data) != partition.length:
        raise OSError(f"{partition.path}: changed while it was read")
    return data


def _lines(data: bytes) -> list[bytes]:
    """The lines of a partition without their ``\\n`` (a ``\\r`` stays)."""
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return lines


def _is_blank(line: bytes) -> bool:
    return not line.strip()


def _outcomes(partition: Partition, job: Job, corpus: dict | None) -> Iterator[tuple[int, int, RecordOutcome]]:
    """(index in the partition, record number, outcome) of every record."""
    if partition.rows is not None:
        for index, row in enumerate(partition.rows):
            number = partition.first_record + index
            yield index, number, lint_row(row, number, job, corpus)
        return
    for index, line in enumerate(_lines(partition_bytes(partition))):
        if not _is_blank(line):
            number = partition.first_record + index
            yield index, number, lint_record(line, number, job, corpus)


def _counts(result: FileResult | None) -> dict[str, int]:
    counts: dict[str, int] = {}
    for diagnostic in result.diagnostics if result is not None else ():
        counts[diagnostic.code] = counts.get(diagnostic.code, 0) + 1
    return counts


def lint_partition(partition: Partition, job: Job, corpus: dict | None) -> PartitionResult:
    """The check step: lint every record of a partition."""
    done = PartitionResult([], [], 0, [] if job.tags else None)
    for index, number, outcome in _outcomes(partition, job, corpus):
        done.records += 1
        if outcome.result is not None:
            done.results.append(outcome.result)
        if outcome.new_value is not None:
            done.replacements.append((index, outcome.new_value))
        if done.tags is not None:
            fixed = outcome.result.fixed if outcome.result is not None else 0
            done.tags.append((number, outcome.record_id, _counts(outcome.result), fixed))
    return done


def _texts(partition: Partition, job: Job) -> Iterator[tuple[int, str, str]]:
    """(record number, text, format) of every record that has a text."""
    if partition.rows is not None:
        for index, (text, format_value, _) in enumerate(partition.rows):
            if isinstance(text, str):
                yield partition.first_record + index, text, format_named(format_value)
        return
    for index, line in enumerate(_lines(partition_bytes(partition))):
        if _is_blank(line):
            continue
        try:
            parsed = parse_record(line, job.text_field)
        except BadRecord:
            continue
        yield partition.first_record + index, parsed.text, record_format(parsed.record, job.format_field)


def summarize_partition(partition: Partition, job: Job) -> dict:
    """The map step: every corpus rule's summary of each record, folded
    together for the partition (merging is associative)."""
    from textlint.api import RuleError
    from textlint.document import Document
    from textlint.runner import merge_summaries, summarize_document

    rules = job.corpus_rules
    summaries: list[dict] = []
    merged: list[dict] = []
    for number, text, fmt in _texts(partition, job):
        label = _label(job.path, number)
        doc = Document(text, label, fmt)
        try:
            summaries.append(summarize_document(doc, rules.values()))
        except Exception as error:  # name the rule and the record, as check does
            raise RuleError("/".join(rules), label, error) from error
        if len(summaries) >= 256:
            merged.append(merge_summaries(rules, summaries))
            summaries = []
    return merge_summaries(rules, merged + summaries)


def merge_partials(rules: dict[str, CorpusRule], *partials: dict) -> dict:
    """The reduce step over partitions' (or earlier merges') summaries."""
    from textlint.runner import merge_summaries

    return merge_summaries(rules, partials)


# -- reading the files -----------------------------------------------------------------------


def iter_partitions(path: str, size: int, kind: str = PLAIN, job: Job | None = None) -> Iterator[Partition]:
    """Cut a file into partitions of whole records as it is read."""
    if kind == PARQUET:
        yield from _row_partitions(path, size, job)
    else:
        yield from _line_partitions(path, decompressed_blocks(path, kind, size), kind)


def _line_partitions(path: str, blocks: Iterator[tuple[bytes, int]], kind: str) -> Iterator[Partition]:
    source = os.path.abspath(path)
    offset, record, stored, position = 0, 1, 0, 0
    pending: list[bytes] = []  # a line longer than a block, being read
    try:
        for block, position in blocks:
            cut = block.rfind(b"\n") + 1
            if cut == 0:
                pending.append(block)
                continue
            data = b"".join(pending + [block[:cut]]) if pending else block[:cut]
            pending = [block[cut:]] if cut < len(block) else []
            yield Partition(path, source, offset, len(data), record, data, kind=kind, input_bytes=position - stored)
            offset, stored = offset + len(data), position
            record += data.count(b"\n")
    except OSError as error:
        yield Partition(path, source, offset, 0, record, error=f"cannot read: {error.strerror or error}", kind=kind)
        return
    if pending or offset == 0:  # an empty file is one empty partition: its output is written
        data = b"".join(pending)
        yield Partition(path, source, offset, len(data), record, data, kind=kind, input_bytes=position - stored)


def _row_partitions(path: str, size: int, job: Job) -> Iterator[Partition]:
    """A Parquet file's rows, row group by row group, cut into partitions of
    about ``size`` bytes of text."""
    source = os.path.abspath(path)
    parquet = ParquetSource(path, job.text_field, job.format_field, job.id_field)
    file_size = os.path.getsize(path)
    total_rows = max(1, parquet.file.metadata.num_rows)
    if parquet.groups == 0:  # no rows: one empty partition, so the output is written
        yield Partition(path, source, 0, 0, 1, rows=(), kind=PARQUET, group=-1, last_of_group=False)
        return
    first = 1
    for group in range(parquet.groups):
        try:
            rows = parquet.rows(group)
        except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
            yield Partition(path, source, 0, 0, first, error=f"cannot read row group {group}: {error}", kind=PARQUET)
            return
        start = 0
        while True:
            end, weight = start, 0
            while end < len(rows) and weight < size:
                weight += len(rows[end][0]) if isinstance(rows[end][0], str) else 1
                end += 1
            yield Partition(
                path, source, start, end - start, first + start, rows=tuple(rows[start:end]), kind=PARQUET,
                group=group, last_of_group=end >= len(rows), input_bytes=file_size * (end - start) // total_rows,
            )
            if end >= len(rows):
                break
            start = end
        first += len(rows)


def jsonl_files(paths: list[str]) -> list[str]:
    """The files named, and the corpus files under the folders named."""
    from textlint.errors import UsageError
    from textlint.files import PathNotFound

    files: list[str] = []
    for path in paths:
        if path == "-":
            raise UsageError("--jsonl reads files, not standard input")
        if not os.path.lexists(path):
            raise PathNotFound(path)
        if os.path.isdir(path):
            found = []
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(os.path.join(folder, n) for n in names if n.lower().endswith(FOLDER_SUFFIXES))
            if not found:  # checking nothing must not pass for checking a corpus
                raise UsageError(f"{path}: no JSON Lines or Parquet file in it ({', '.join(FOLDER_SUFFIXES)})")
            files.extend(sorted(found))
        else:
            files.append(path)
    return list(dict.fromkeys(files))


_is_regular = is_regular


# -- writing the output ------------------------------------------------------------------------


def _output_targets(files: list[str], output: str) -> dict[str, str]:
    from textlint.errors import UsageError

    os.makedirs(output, exist_ok=True)
    targets: dict[str, str] = {}
    seen: dict[str, str] = {}
    for path in files:
        target = os.path.join(output, os.path.basename(path))
        if target in seen:
            raise UsageError(f"{seen[target]} and {path} would both be written to {target}")
        if os.path.exists(target) and os.path.samefile(target, path):
            raise UsageError(f"--output {output} would overwrite the input {path}; choose another folder")
        seen[target] = path
        targets[path] = target
    return targets


# -- executors -------------------------------------------------------------------------------


_WORKER_CORPUS: list = [None]


def _init_worker(corpus: dict | None) -> None:
    _WORKER_CORPUS[0] = corpus


def _pool_lint(partition: Partition, job: Job) -> PartitionResult:
    return lint_partition(partition, job, _WORKER_CORPUS[0])


class LocalExecutor:
    """This process for small inputs, a pool of worker processes for large ones."""

    partition_size = PARTITION_BYTES

    def __init__(self, jobs: int, parallel: bool) -> None:
        self.jobs = jobs
        self.parallel = parallel and jobs > 1

    def _pool(self, corpus: dict | None):
        from textlint.runner import process_pool

        # as the file runner's: workers inherit the loaded plugins, and the
        # merged corpus state is not pickled
        return process_pool(self.jobs, _init_worker, (corpus,))

    def reduce(self, tasks: Iterable[tuple[Partition, Job]], rules: dict[str, CorpusRule]) -> dict:
        partials: list[dict] = []

        def fold(partial: dict) -> None:
            partials.append(partial)
            if len(partials) >= MERGE_FANIN:
                partials[:] = [merge_partials(rules, *partials)]

        if not self.parallel:
            for partition, job in tasks:
                if partition.error is None:
                    fold(summarize_partition(partition, job))
        else:
            with self._pool(None) as pool:
                window: deque = deque()
                for partition, job in tasks:
                    if partition.error is None:
                        window.append(pool.submit(summarize_partition, partition, job))
                    while len(window) > 3 * self.jobs:
                        fold(window.popleft().result())
                while window:
                    fold(window.popleft().result())
        return merge_partials(rules, *partials)

    def lint(self, tasks: Iterable[tuple[Partition, Job]], corpus) -> Iterator[tuple[Partition, PartitionResult | None]]:
        if not self.parallel:
            for partition, job in tasks:
                yield partition, None if partition.error else lint_partition(partition, job, corpus)
            return
        with self._pool(corpus) as pool:
            window: deque = deque()
            for partition, job in tasks:
                future = None if partition.error else pool.submit(_pool_lint, partition, job)
                window.append((partition, future))
                while len(window) > 3 * self.jobs:
                    yield _take(window.popleft())
            while window:
                yield _take(window.popleft())

    def close(self) -> None:
        pass


def _take(item):
    partition, future = item
    return partition, None if future is None else future.result()


def _visible(sizes: dict[str, int]) -> bool:
    """Run on each Dask worker: can it read the files the client reads?"""
    for source, size in sizes.items():
        try:
            if os.path.getsize(source) != size:
                return False
        except OSError:
            return False
    return True


class DaskExecutor:
    """Partitions as Dask tasks; the reduce step as a tree of merge tasks."""

    partition_size = DASK_PARTITION_BYTES

    def __init__(self, target, jobs: int) -> None:
        from textlint.errors import UsageError

        try:
            import distributed
        except ImportError:
            raise UsageError(
                "--executor dask needs Dask: pip install 'textlint[dask]'"
            ) from None
        self.distributed = distributed
        self.cluster = None
        self.owned = True
        if isinstance(target, distributed.Client):
            self.client, self.owned = target, False
        elif target == "dask":
            import logging

            self.cluster = distributed.LocalCluster(
                n_workers=jobs, threads_per_worker=1, dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self.client = distributed.Client(self.cluster)
        else:
            address = target[len("dask://"):]
            if "://" not in address:
                address = f"tcp://{address}"
            try:
                self.client = distributed.Client(address, timeout=30)
            except OSError as error:
                raise UsageError(f"cannot connect to the Dask scheduler at {address}: {error}") from None
        # a LocalCluster's workers may not have registered yet: assume --jobs of them
        workers = len(self.client.scheduler_info().get("workers", {})) or max(1, jobs)
        self.window = 3 * workers
        self.shared_files: bool | None = None

    def ship(self, partition: Partition) -> Partition:
        """Send offsets when every worker can read the file, else the bytes
        (always for a compressed file, read only as a stream)."""
        return replace(partition, data=None) if self.shared_files and partition.kind == PLAIN else partition

    def check_shared_files(self, files: list[str]) -> None:
        sizes = {}
        for path in files:
            if not _is_regular(path):
                self.shared_files = False
                return
            sizes[os.path.abspath(path)] = os.path.getsize(path)
        try:
            seen = self.client.run(_visible, sizes)
        except Exception:  # noqa: BLE001 - a worker that cannot answer cannot read
            seen = {}
        self.shared_files = bool(seen) and all(seen.values())

    def submit(self, fn, *args):
        return self.client.submit(fn, *args, pure=False)

    def reduce(self, tasks: Iterable[tuple[Partition, Job]], rules: dict[str, CorpusRule]):
        """The merged summaries, as a future on the cluster (never gathered)."""
        wait = self.distributed.wait
        fanin = max(2, min(MERGE_FANIN, self.window))
        group: list = []
        inflight: deque = deque()
        done: list = []
        for partition, job in tasks:
            if partition.error is not None:
                continue
            group.append(self.submit(summarize_partition, self.ship(partition), job))
            if len(group) >= fanin:
                inflight.append(self.submit(merge_partials, rules, *group))
                group = []
            while len(inflight) > 1:  # back-pressure: at most two groups in flight
                oldest = inflight.popleft()
                wait([oldest])
                done.append(oldest)
                if len(done) >= fanin:
                    done = [self.submit(merge_partials, rules, *done)]
        if group:
            inflight.append(self.submit(merge_partials, rules, *group))
        merged = self.submit(merge_partials, rules, *(done + list(inflight)))
        wait([merged])
        if merged.status == "error":
            merged.result()  # raises the task's error here
        return merged

    def lint(self, tasks: Iterable[tuple[Partition, Job]], corpus) -> Iterator[tuple[Partition, PartitionResult | None]]:
        window: deque = deque()
        for partition, job in tasks:
            future = None if partition.error else self.submit(lint_partition, self.ship(partition), job, corpus)
            window.append((partition, future))
            while len(window) > self.window:
                yield _take(window.popleft())
        while window:
            yield _take(window.popleft())

    def close(self) -> None:
        if self.owned:
            self.client.close()
            if self.cluster is not None:
                self.cluster.close()


def _executor(executor, jobs: int, files: dict[str, str]):
    from textlint.errors import UsageError
    from textlint.runner import PARALLEL_MIN_BYTES

    if isinstance(executor, str) and executor in ("", "local"):
        total = 0
        for path, kind in files.items():
            if not _is_regular(path):
                total += PARALLEL_MIN_BYTES
            else:
                total += os.path.getsize(path) * (1 if kind == PLAIN else COMPRESSION_GUESS)
        return LocalExecutor(jobs, parallel=total >= PARALLEL_MIN_BYTES)
    if not isinstance(executor, str) or executor == "dask" or executor.startswith("dask://"):
        return DaskExecutor(executor, jobs)
    raise UsageError(f"unknown executor {executor!r}: use local, dask or dask://HOST:PORT")


# -- the run -----------------------------------------------------------------------------------


def run_jsonl(
    paths: list[str],
    options,
    text_field: str = "text",
    output: str | None = None,
    executor: Any = "local",
    partition_size: int | None = None,
    format_field: str | None = DEFAULT_FORMAT_FIELD,
    id_field: str | None = None,
    tags_output: str | None = None,
    progress=None,
) -> Iterator[FileResult]:
    """Lint (or fix) every record of the corpus files under ``paths``.

    Returns an iterator of results in file and record order: one per record
    that has something to report, and one per file that cannot be read.
    ``executor`` is ``"local"``, ``"dask"``, ``"dask://HOST:PORT"`` or a
    ``distributed.Client``.  ``tags_output`` names a file for one JSON line
    per record (``id_field`` gives its id); ``progress`` is a
    ``textlint.progress.Progress`` to report to.  Usage errors are raised
    here, before any work.
    """
    from textlint.errors import UsageError
    from textlint.runner import _job_count

    check_field_name(text_field, "--text-field")
    for value, option in ((format_field, "--format-field"), (id_field, "--id-field")):
        if value:
            check_field_name(value, option)
    if output and options.mode == "check":
        raise UsageError("--output works with fix (textlint fix --jsonl ... --output DIR)")
    if options.mode == "fix" and not output:
        raise UsageError("fix --jsonl needs --output DIR: the input files are never rewritten")
    if id_field and not tags_output:
        raise UsageError("--id-field works with --tags-output (it names the id each tag line carries)")
    files = {path: kind_of(path) for path in jsonl_files(paths)}
    fields = dict(format_field=format_field or None, id_field=id_field, tags=bool(tags_output))
    jobs = {path: _job(path, options, text_field, **fields) for path in files}
    for path, kind in files.items():
        if kind == PARQUET:  # a missing column is known before any work
            ParquetSource(path, text_field, format_field, id_field)
    rules: dict[str, CorpusRule] = {}
    for job in jobs.values():
        rules.update(job.corpus_rules)
    if rules:
        for path in files:
            if os.path.exists(path) and not _is_regular(path):
                raise UsageError(f"{path}: cross-document rules read the records twice; give a regular file")
    targets = _output_targets(list(files), output) if options.mode == "fix" else {}
    if tags_output:  # after --output's folder is made: the tags may go in it
        _check_tags_target(tags_output, list(files) + list(targets.values()))
    engine = _executor(executor, _job_count(options.jobs), files)
    run = Run(files, jobs, rules, targets, engine, partition_size or engine.partition_size, progress, tags_output)
    return run.results()


def _check_tags_target(tags_output: str, paths: list[str]) -> None:
    """The tags must not be written over an input or an output."""
    from textlint.errors import UsageError

    if not os.path.isdir(os.path.dirname(os.path.abspath(tags_output))):
        raise UsageError(f"--tags-output {tags_output}: its folder does not exist")
    for path in paths:
        same = os.path.abspath(tags_output) == os.path.abspath(path) or (
            os.path.exists(tags_output) and os.path.exists(path) and os.path.samefile(tags_output, path)
        )
        if same:
            raise UsageError(f"--tags-output {tags_output} would overwrite {path}; choose another file")


def _job(path: str, options, text_field: str, **fields) -> Job:
    settings = options.settings(path)
    rules = settings.rules_for(path)
    corpus_rules = {rule.code: rule for rule in rules if isinstance(rule, CorpusRule)}
    return Job(path, rules, options.mode, options.unsafe(settings), text_field, corpus_rules, **fields)


@dataclass
class Run:
    """One run over the files: the passes, the outputs written in order."""

    files: dict[str, str]  # path -> how it is stored
    jobs: dict[str, Job]
    rules: dict[str, CorpusRule]
    targets: dict[str, str]
    engine: Any
    size: int
    progress: Any = None
    tags_output: str | None = None

    def tasks(self, paths: Iterable[str]) -> Iterator[tuple[Partition, Job]]:
        for path in paths:
            for partition in iter_partitions(path, self.size, self.files[path], self.jobs[path]):
                yield partition, self.jobs[path]

    def counted(self, tasks: Iterator[tuple[Partition, Job]]) -> Iterator[tuple[Partition, Job]]:
        """The tasks, counted as read: the map step's progress."""
        for partition, job in tasks:
            if self.progress is not None:
                self.progress.update(0, partition.input_bytes)
            yield partition, job

    def start_pass(self, paths: list[str], label: str) -> None:
        if self.progress is not None:
            self.progress.start(sum(os.path.getsize(p) for p in paths if _is_regular(p)), label)

    def results(self) -> Iterator[FileResult]:
        writer = None
        current: str | None = None
        fixing = any(job.mode == "fix" for job in self.jobs.values())
        tags = TagsWriter(self.tags_output, fixing) if self.tags_output else None
        try:
            if isinstance(self.engine, DaskExecutor):
                self.engine.check_shared_files([p for p, kind in self.files.items() if kind == PLAIN])
            corpus = None
            passes = "pass 2 of 2" if self.rules else ""
            if self.rules:
                with_rules = [path for path in self.files if self.jobs[path].corpus_rules]
                self.start_pass(with_rules, "pass 1 of 2")
                corpus = self.engine.reduce(self.counted(self.tasks(with_rules)), self.rules)
            self.start_pass(list(self.files), passes)
            for partition, outcome in self.engine.lint(self.tasks(self.files), corpus):
                if partition.path != current:
                    if writer is not None:
                        writer.commit()
                        writer = None
                    current = partition.path
                    if partition.path in self.targets and partition.error is None:
                        writer = open_writer(partition.kind, self.targets[partition.path], partition.source,
                                             self.jobs[partition.path].text_field)
                if partition.error is not None:
                    if writer is not None:  # a read failed midway: write no partial file
                        writer.abort()
                        writer = None
                    yield FileResult(partition.path, [_io_error(partition.path, partition.error)])
                    continue
                if writer is not None:
                    writer.write(partition, outcome.replacements)
                if tags is not None:
                    tags.write(partition.path, outcome.tags)
                if outcome.results and self.progress is not None:
                    self.progress.make_room()  # the findings are printed on a clean line
                yield from outcome.results
                if self.progress is not None:
                    self.progress.update(outcome.records, partition.input_bytes)
            if writer is not None:
                writer.commit()
                writer = None
            if tags is not None:
                tags.commit()
                tags = None
        finally:
            if writer is not None:
                writer.abort()
            if tags is not None:
                tags.abort()
            if self.progress is not None:
                self.progress.close()
            self.engine.close()
