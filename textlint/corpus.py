"""Corpus mode: JSON Lines records as documents, on this machine or a Dask cluster.

``textlint check --jsonl FILES... --text-field text`` lints the string in one
field of every record; ``textlint fix --jsonl ... --output DIR`` writes every
record to ``DIR/<name>``, repaired where a fix applies, in the same order.

What a record is
    One line of the file.  Records are numbered by their line in the file
    (1-based), so ``sed -n 12p`` shows record 12; a blank line is no record
    but keeps its number and is copied as it is.  A document's format is
    ``txt`` unless the record's ``format`` field says ``md``, ``markdown``,
    ``mdx`` or ``txt``.

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

Streaming
    Files are cut into partitions of whole lines (about a megabyte) as they
    are read; only a bounded window of partitions is in flight at any time,
    so memory does not grow with the size of the corpus.  A partition's
    result is the findings of its records (one ``FileResult`` per record
    that has something to report, named ``FILE:RECORD``) and, when fixing,
    the lines that changed; the output file is assembled from the partition
    bytes and those replacements, in order.

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
    partitions from the files themselves when they can see them (a shared
    file system); otherwise the client sends each partition's bytes.  Dask is
    imported only here, and only when asked for.
"""
from __future__ import annotations

import json
import os
import stat
import tempfile
from collections import deque
from dataclasses import dataclass, field, replace
from json.decoder import scanstring
from typing import Any, Iterable, Iterator

from textlint.model import CorpusRule, Diagnostic, FileResult, Rule

BAD_RECORD_CODE = "E901"
BAD_RECORD_NAME = "bad-record"
#: Bytes of whole lines per partition: the unit of work of a pool worker or Dask task.
PARTITION_BYTES = 256 << 10
DASK_PARTITION_BYTES = 4 << 20
#: Suffixes of the files taken from a folder named on the command line.
JSONL_SUFFIXES = (".jsonl", ".ndjson")
#: Values of a record's ``format`` field that choose the document format.
RECORD_FORMATS = {"txt": "txt", "text": "txt", "md": "md", "markdown": "md", "mdx": "mdx"}
#: How many partition summaries are merged at once in the reduce step.
MERGE_FANIN = 16


class BadRecord(ValueError):
    """A line that is not a usable record; the message says why."""


@dataclass(frozen=True)
class Partition:
    """Consecutive whole lines of one file.

    ``path`` is the name shown in findings; ``source`` the absolute path a
    worker reads when ``data`` is not shipped with the partition.  ``error``
    marks a file that could not be read (no records, a finding instead).
    """

    path: str
    source: str
    offset: int
    length: int
    first_record: int
    data: bytes | None = None
    error: str | None = None


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


@dataclass
class PartitionResult:
    results: list[FileResult]
    #: (index of the line in the partition, its new bytes without the newline)
    replacements: list[tuple[int, bytes]]
    records: int = 0


# -- one record ---------------------------------------------------------------------------


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string",
            list: "an array", dict: "an object"}.get(type(value), type(value).__name__)


def parse_record(line: bytes, text_field: str) -> tuple[dict, str, str]:
    """The record on one line (without its newline), its decoded line, and
    its text.  Raises BadRecord with a message for people."""
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
    if text_field not in record:
        raise BadRecord(f"no field {text_field!r}")
    text = record[text_field]
    if not isinstance(text, str):
        raise BadRecord(f"field {text_field!r} is {_kind(text)}, not a string")
    return record, decoded, text


def record_format(record: dict) -> str:
    value = record.get("format")
    return RECORD_FORMATS.get(value.lower(), "txt") if isinstance(value, str) else "txt"


_WHITESPACE = " \t\n\r"


def _skip(text: str, index: int) -> int:
    while index < len(text) and text[index] in _WHITESPACE:
        index += 1
    return index


_DECODER = json.JSONDecoder()


def value_span(line: str, key: str) -> tuple[int, int]:
    """Offsets of the value of top-level ``key`` in a JSON object's text.

    With duplicate keys the last one wins, as in ``json.loads``.  The line
    must already have parsed as an object holding ``key``.
    """
    index = _skip(line, 0)
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


def replace_text(line: str, key: str, text: str) -> str:
    """The line with the value of ``key`` replaced by the JSON string ``text``.

    A line written with ``\\uXXXX`` escapes only stays ASCII."""
    start, end = value_span(line, key)
    value = json.dumps(text, ensure_ascii=line.isascii())
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates can only be written escaped
        value = json.dumps(text, ensure_ascii=True)
    return line[:start] + value + line[end:]


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


def lint_record(
    line: bytes, number: int, job: Job, corpus: dict | None
) -> tuple[FileResult | None, bytes | None]:
    """Lint (or fix) the record on one line: its result when it has something
    to report, and its new bytes when a fix changed it."""
    from textlint.api import RuleError, check_document, fix_document_text, to_diagnostic, unified_diff
    from textlint.document import Document

    label = _label(job.path, number)
    try:
        record, decoded, text = parse_record(line, job.text_field)
    except BadRecord as error:
        return FileResult(label, [bad_record(job.path, number, str(error))]), None
    fmt = record_format(record)
    result = FileResult(label)
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
                    return result, None
                prefix = "\ufeff" if line.startswith(b"\xef\xbb\xbf") else ""
                new_line = (prefix + replace_text(decoded, job.text_field, outcome.text)).encode("utf-8")
                return result, new_line
            if not result.diagnostics:
                return None, None
    except RuleError as error:
        return FileResult(label, error=str(error)), None
    for diagnostic in result.diagnostics:
        diagnostic.path = job.path
    return result, None


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


def lint_partition(partition: Partition, job: Job, corpus: dict | None) -> PartitionResult:
    """The check step: lint every record of a partition."""
    results: list[FileResult] = []
    replacements: list[tuple[int, bytes]] = []
    lines = _lines(partition_bytes(partition))
    records = 0
    for index, line in enumerate(lines):
        if _is_blank(line):
            continue
        records += 1
        result, new_line = lint_record(line, partition.first_record + index, job, corpus)
        if result is not None:
            results.append(result)
        if new_line is not None:
            replacements.append((index, new_line))
    return PartitionResult(results, replacements, records)


def summarize_partition(partition: Partition, job: Job) -> dict:
    """The map step: every corpus rule's summary of each record, folded
    together for the partition (merging is associative)."""
    from textlint.api import RuleError
    from textlint.document import Document
    from textlint.runner import merge_summaries, summarize_document

    rules = job.corpus_rules
    summaries: list[dict] = []
    merged: list[dict] = []
    for index, line in enumerate(_lines(partition_bytes(partition))):
        if _is_blank(line):
            continue
        try:
            record, _, text = parse_record(line, job.text_field)
        except BadRecord:
            continue
        label = _label(job.path, partition.first_record + index)
        doc = Document(text, label, record_format(record))
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


def iter_partitions(path: str, size: int) -> Iterator[Partition]:
    """Cut a file into partitions of whole lines as it is read."""
    source = os.path.abspath(path)
    try:
        handle = open(path, "rb")
    except OSError as error:
        yield Partition(path, source, 0, 0, 1, error=f"cannot read: {error.strerror or error}")
        return
    offset, record = 0, 1
    pending: list[bytes] = []  # a line longer than a block, being read
    with handle:
        while True:
            try:
                block = handle.read(size)
            except OSError as error:
                yield Partition(path, source, offset, 0, record, error=f"cannot read: {error.strerror or error}")
                return
            if not block:
                break
            cut = block.rfind(b"\n") + 1
            if cut == 0:
                pending.append(block)
                continue
            data = b"".join(pending + [block[:cut]]) if pending else block[:cut]
            pending = [block[cut:]] if cut < len(block) else []
            yield Partition(path, source, offset, len(data), record, data)
            offset += len(data)
            record += data.count(b"\n")
    if pending or offset == 0:  # an empty file is one empty partition: its output is written
        data = b"".join(pending)
        yield Partition(path, source, offset, len(data), record, data)


def jsonl_files(paths: list[str]) -> list[str]:
    """The files named, and the JSON Lines files under the folders named."""
    from textlint.files import PathNotFound

    files: list[str] = []
    for path in paths:
        if path == "-":
            from textlint.cli import UsageError

            raise UsageError("--jsonl reads files, not standard input")
        if not os.path.lexists(path):
            raise PathNotFound(path)
        if os.path.isdir(path):
            found = []
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(os.path.join(folder, n) for n in names if n.endswith(JSONL_SUFFIXES))
            files.extend(sorted(found))
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def _is_regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


# -- writing the output ------------------------------------------------------------------------


class RecordWriter:
    """Writes one output file through a temporary file in its folder."""

    def __init__(self, target: str, mode: int) -> None:
        self.target = target
        folder = os.path.dirname(target) or "."
        handle, self.temporary = tempfile.mkstemp(prefix=".textlint-", suffix=".tmp", dir=folder)
        os.chmod(self.temporary, mode)
        self.out = os.fdopen(handle, "wb")

    def write(self, data: bytes, replacements: list[tuple[int, bytes]]) -> None:
        if replacements:
            lines = data.split(b"\n")
            for index, new_line in replacements:
                lines[index] = new_line
            data = b"\n".join(lines)
        self.out.write(data)

    def commit(self) -> None:
        self.out.flush()
        os.fsync(self.out.fileno())
        self.out.close()
        os.replace(self.temporary, self.target)

    def abort(self) -> None:
        if not self.out.closed:
            self.out.close()
        try:
            os.unlink(self.temporary)
        except OSError:
            pass


def _output_targets(files: list[str], output: str) -> dict[str, str]:
    from textlint.cli import UsageError

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
        from textlint.cli import UsageError

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
        """Send offsets when every worker can read the file, else the bytes."""
        return replace(partition, data=None) if self.shared_files else partition

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


def _executor(executor, jobs: int, files: list[str]):
    from textlint.cli import UsageError
    from textlint.runner import PARALLEL_MIN_BYTES

    if isinstance(executor, str) and executor in ("", "local"):
        total = 0
        for path in files:
            total += os.path.getsize(path) if _is_regular(path) else PARALLEL_MIN_BYTES
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
) -> Iterator[FileResult]:
    """Lint (or fix) every record of the JSON Lines files under ``paths``.

    Returns an iterator of results in file and record order: one per record
    that has something to report, and one per file that cannot be read.
    ``executor`` is ``"local"``, ``"dask"``, ``"dask://HOST:PORT"`` or a
    ``distributed.Client``.  Usage errors are raised here, before any work.
    """
    from textlint.cli import UsageError
    from textlint.runner import _job_count

    if not text_field:
        raise UsageError("--text-field must name a field")
    if output and options.mode == "check":
        raise UsageError("--output works with fix (textlint fix --jsonl ... --output DIR)")
    if options.mode == "fix" and not output:
        raise UsageError("fix --jsonl needs --output DIR: the input files are never rewritten")
    files = jsonl_files(paths)
    jobs = {path: _job(path, options, text_field) for path in files}
    rules: dict[str, CorpusRule] = {}
    for job in jobs.values():
        rules.update(job.corpus_rules)
    if rules:
        for path in files:
            if os.path.exists(path) and not _is_regular(path):
                raise UsageError(f"{path}: cross-document rules read the records twice; give a regular file")
    targets = _output_targets(files, output) if options.mode == "fix" else {}
    engine = _executor(executor, _job_count(options.jobs), files)
    return _run(files, jobs, rules, targets, engine, partition_size or engine.partition_size)


def _job(path: str, options, text_field: str) -> Job:
    settings = options.settings(path)
    rules = settings.rules_for(path)
    corpus_rules = {rule.code: rule for rule in rules if isinstance(rule, CorpusRule)}
    return Job(path, rules, options.mode, options.unsafe(settings), text_field, corpus_rules)


def _tasks(files: list[str], jobs: dict[str, Job], size: int) -> Iterator[tuple[Partition, Job]]:
    for path in files:
        for partition in iter_partitions(path, size):
            yield partition, jobs[path]


def _run(files, jobs, rules, targets, engine, size) -> Iterator[FileResult]:
    writer: RecordWriter | None = None
    current: str | None = None
    try:
        if isinstance(engine, DaskExecutor):
            engine.check_shared_files(files)
        corpus = None
        if rules:
            with_rules = [path for path in files if jobs[path].corpus_rules]
            corpus = engine.reduce(_tasks(with_rules, jobs, size), rules)
        for partition, outcome in engine.lint(_tasks(files, jobs, size), corpus):
            if partition.path != current:
                if writer is not None:
                    writer.commit()
                    writer = None
                current = partition.path
                if partition.path in targets and partition.error is None:
                    writer = RecordWriter(targets[partition.path], _mode_of(partition.source))
            if partition.error is not None:
                if writer is not None:  # a read failed midway: write no partial file
                    writer.abort()
                    writer = None
                yield FileResult(partition.path, [_io_error(partition.path, partition.error)])
                continue
            if writer is not None:
                writer.write(partition.data, outcome.replacements)
            yield from outcome.results
        if writer is not None:
            writer.commit()
            writer = None
    finally:
        if writer is not None:
            writer.abort()
        engine.close()


def _mode_of(path: str) -> int:
    try:
        info = os.stat(path)
        if stat.S_ISREG(info.st_mode):
            return stat.S_IMODE(info.st_mode)
    except OSError:
        pass
    return 0o644
