"""Corpus mode: records as documents, on this machine or a Dask cluster.

``textlint check --jsonl FILES... --text-field text`` lints the string in one
field of every record; ``textlint fix --jsonl ... --output DIR`` writes every
record to ``DIR/<name>``, repaired where a fix applies, in the same order.

This module is the run: which files (found as file mode finds files, with
the corpus suffixes in place of ``include``: ``.gitignore`` and ``exclude``
hold), the two passes over their partitions (``textlint.pipeline.partitions``)
on an executor (``textlint.executors``), and the outputs written in order.
A record is described in ``textlint.pipeline.records``.

Tags
    ``--tags-output PATH`` writes one JSON line per record, in input order:
    its file, record number, ``--id-field`` value and the count of findings
    per code, so that a pipeline can filter records.

Executors
    ``local`` (default) lints in this process for small inputs and on a pool
    of worker processes (``--jobs``) for large ones.  ``dask`` starts a
    ``distributed.LocalCluster``; ``dask://HOST:PORT`` connects to a running
    scheduler.  On Dask each partition is one task; the reduce step is a tree
    of merge tasks on the cluster, and the client gathers nothing but the
    findings (and, when fixing, the changed records).  Workers read the
    partitions of plain files themselves when they can see them (a shared
    file system); otherwise the client sends each partition's bytes.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Iterator

from textlint import executors
from textlint.corpus_files import (
    FOLDER_SUFFIXES,
    PARQUET,
    PLAIN,
    ParquetSource,
    TagsWriter,
    is_regular,
    kind_of,
    open_writer,
)
from textlint.errors import PathNotFound, UsageError
from textlint.files import discover
from textlint.model import CorpusRule, FileResult
from textlint.pipeline.partitions import (
    DASK_PARTITION_BYTES,
    PARTITION_BYTES,
    Partition,
    iter_partitions,
    lint_task,
    summarize_task,
)
from textlint.pipeline.records import DEFAULT_FORMAT_FIELD, Job, check_field_name
from textlint.pipeline.step import merge_partials
from textlint.runner import io_error

#: How much more work a byte of a compressed file holds than a byte of plain
#: JSON Lines, to decide whether a run is worth a pool of processes.
COMPRESSION_GUESS = 4


def jsonl_files(paths: list[str], options=None) -> tuple[list[str], dict[str, str]]:
    """The files named, and the corpus files under the folders named; and
    what was wrong with any of them (a broken link, a folder that cannot be
    read), to report as the run reaches it.

    Found as file mode finds files (``textlint.files.discover``: the
    ``.gitignore`` files and ``exclude`` hold, ``--force-exclude`` too),
    with the corpus suffixes in place of ``include``.
    """
    files: list[str] = []
    problems: dict[str, str] = {}
    choice = options.config_choice if options is not None else None
    force_exclude = bool(options is not None and options.force_exclude)
    for path in paths:
        if path == "-":
            raise UsageError("--jsonl reads files, not standard input")
        if not os.path.lexists(path):
            raise PathNotFound(path)
        found = list(discover([path], choice, force_exclude=force_exclude, suffixes=FOLDER_SUFFIXES))
        if os.path.isdir(path) and not found:  # checking nothing must not pass for checking a corpus
            raise UsageError(f"{path}: no JSON Lines or Parquet file in it ({', '.join(FOLDER_SUFFIXES)})")
        for target in sorted(found, key=lambda target: target.path):
            files.append(target.path)
            if target.problem:
                problems[target.path] = target.problem
    return list(dict.fromkeys(files)), problems


# -- writing the output ------------------------------------------------------------------------


def _output_targets(files: list[str], output: str) -> dict[str, str]:
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
    found, problems = jsonl_files(paths, options)
    files = {path: kind_of(path) for path in found}
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
            if path not in problems and os.path.exists(path) and not is_regular(path):
                raise UsageError(f"{path}: cross-document rules read the records twice; give a regular file")
    targets = _output_targets(list(files), output) if options.mode == "fix" else {}
    if tags_output:  # after --output's folder is made: the tags may go in it
        _check_tags_target(tags_output, list(files) + list(targets.values()))
    engine = executors.choose(executor, executors.job_count(options.jobs), _worth_a_pool(files))
    size = partition_size or (DASK_PARTITION_BYTES if engine.distributed else PARTITION_BYTES)
    run = Run(files, jobs, rules, targets, engine, size, progress, tags_output, problems)
    return run.results()


def _worth_a_pool(files: dict[str, str]) -> bool:
    total = 0
    for path, kind in files.items():
        if not is_regular(path):
            total += executors.PARALLEL_MIN_BYTES
        else:
            total += os.path.getsize(path) * (1 if kind == PLAIN else COMPRESSION_GUESS)
    return executors.worth_a_pool(total)


def _check_tags_target(tags_output: str, paths: list[str]) -> None:
    """The tags must not be written over an input or an output."""
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
    problems: dict[str, str] = field(default_factory=dict)  # path -> why it cannot be read
    workers_read: bool = False  # the executor's workers read plain files themselves

    def tasks(self, paths: Iterable[str]) -> Iterator[tuple[Partition, Job]]:
        for path in paths:
            if path in self.problems:
                source = os.path.abspath(path)
                yield Partition(path, source, 0, 0, 1, error=self.problems[path]), self.jobs[path]
                continue
            for partition in iter_partitions(path, self.size, self.files[path], self.jobs[path]):
                yield partition, self.jobs[path]

    def send(self, item: tuple[Partition, Job]) -> tuple[Partition, Job]:
        """What goes to a worker: the partition's offsets when the workers
        can read the file, else its bytes (always for a compressed file,
        read only as a stream)."""
        partition, job = item
        if self.workers_read and partition.kind == PLAIN:
            return replace(partition, data=None), job
        return item

    def counted(self, tasks: Iterator[tuple[Partition, Job]]) -> Iterator[tuple[Partition, Job]]:
        """The tasks, counted as read: the map step's progress."""
        for partition, job in tasks:
            if self.progress is not None:
                self.progress.update(0, partition.input_bytes)
            yield partition, job

    def start_pass(self, paths: list[str], label: str) -> None:
        if self.progress is not None:
            self.progress.start(sum(os.path.getsize(p) for p in paths if is_regular(p)), label)

    def results(self) -> Iterator[FileResult]:
        writer = None
        current: str | None = None
        fixing = any(job.mode == "fix" for job in self.jobs.values())
        tags = TagsWriter(self.tags_output, fixing) if self.tags_output else None
        try:
            self.workers_read = self.engine.workers_read([p for p, kind in self.files.items() if kind == PLAIN])
            corpus = None
            passes = "pass 2 of 2" if self.rules else ""
            if self.rules:
                with_rules = [path for path in self.files if self.jobs[path].corpus_rules]
                self.start_pass(with_rules, "pass 1 of 2")
                readable = (item for item in self.counted(self.tasks(with_rules)) if item[0].error is None)
                merge = functools.partial(merge_partials, self.rules)
                corpus = self.engine.reduce(summarize_task, merge, readable, send=self.send)
            self.start_pass(list(self.files), passes)
            for (partition, _), outcome in self.engine.map(lint_task, self.tasks(self.files), corpus, send=self.send):
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
                    yield FileResult(partition.path, [io_error(partition.path, partition.error)])
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
