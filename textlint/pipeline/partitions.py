"""Corpus files cut into partitions of records: the unit of work an executor runs.

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

What runs on a worker
    :func:`lint_task` and :func:`summarize_task` take a ``(partition, job)``
    pair and the shared cross-document state, as every executor in
    ``textlint.executors`` calls a task; a job carries the rules resolved
    on the client, so workers read no configuration files.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Iterator

from textlint.api import RuleError
from textlint.corpus_files import PARQUET, PLAIN, ParquetSource, decompressed_blocks
from textlint.document import Document
from textlint.model import FileResult
from textlint.pipeline.records import (
    BadRecord,
    Job,
    RecordOutcome,
    record_label,
    format_named,
    lint_record,
    lint_row,
    parse_record,
    record_format,
)
from textlint.pipeline.step import merge_summaries, summarize_document

#: Bytes of whole lines per partition: the unit of work of a pool worker or Dask task.
PARTITION_BYTES = 256 << 10
DASK_PARTITION_BYTES = 4 << 20


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
class PartitionResult:
    results: list[FileResult]
    #: (index of the record in the partition, its new line without the
    #: newline, as bytes; or, in Parquet, its new text)
    replacements: list[tuple[int, bytes | str]]
    records: int = 0
    #: with ``Job.tags``: (record, id, counts by code, fixes) of every record
    tags: list[tuple[int, Any, dict[str, int], int]] | None = None


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
    rules = job.corpus_rules
    summaries: list[dict] = []
    merged: list[dict] = []
    for number, text, fmt in _texts(partition, job):
        label = record_label(job.path, number)
        doc = Document(text, label, fmt)
        try:
            summaries.append(summarize_document(doc, rules.values()))
        except Exception as error:  # name the rule and the record, as check does
            raise RuleError("/".join(rules), label, error) from error
        if len(summaries) >= 256:
            merged.append(merge_summaries(rules, summaries))
            summaries = []
    return merge_summaries(rules, merged + summaries)


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


# -- the tasks an executor runs ---------------------------------------------------------------


def lint_task(item: tuple[Partition, Job], corpus) -> PartitionResult | None:
    """The check step of one partition (None for a file that could not be read)."""
    partition, job = item
    return None if partition.error else lint_partition(partition, job, corpus)


def summarize_task(item: tuple[Partition, Job], shared=None) -> dict:
    return summarize_partition(*item)
