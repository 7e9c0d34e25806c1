"""Where the work runs: this process, a pool of worker processes, or a Dask cluster.

File mode (``textlint.runner``) and corpus mode (``textlint.pipeline.corpus``)
hand their units of work (a file's path; a partition of records) to one of
these, and get the results back in the order the units were given, whichever
executor ran them.  Every executor offers the same two steps:

``map(task, items, shared)``
    ``task(item, shared)`` for every item, yielding ``(item, result)`` in
    order.  Items are read from the iterator as work is taken, with a
    bounded window in flight, so a corpus is streamed, never held whole.
    ``shared`` is what every task needs and is the same for all of them
    (the run's options, the cross-document state): a pool hands it to each
    worker once, when the worker starts; Dask sends it with each task (a
    future stays on the cluster).  ``send(item)``, when given, is what is
    shipped in place of the item (Dask's workers may read a file
    themselves); the item itself is what is yielded.

``reduce(summarize, merge, items, shared)``
    The map and reduce steps of the cross-document rules:
    ``summarize(item, shared)`` for every item, folded together with
    ``merge(*partials)`` (associative) a few at a time.  Dask returns the
    result as a future that stays on the cluster, to be passed as
    ``shared`` to the next ``map``.

``choose`` picks one: ``local`` is this process for small inputs and a pool
for large ones; ``dask`` starts a ``distributed.LocalCluster``;
``dask://HOST:PORT`` (or a ``distributed.Client``) uses a running one.
Dask is imported only here, and only when asked for.  The pool's workers
are forked where the platform can, so they inherit the loaded plugins and
compiled patterns; the one piece of worker state is ``_SHARED``, set when a
worker starts.
"""
from __future__ import annotations

import gc
import os
from collections import deque
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator

from textlint.errors import UsageError

#: How many partial summaries are merged at once in the reduce step.
MERGE_FANIN = 16
#: Below these, a pool's start-up costs more than it saves (a pre-commit run).
PARALLEL_MIN_FILES = 24
PARALLEL_MIN_BYTES = 1_000_000


def worth_a_pool(total_bytes: int, files: int = 0) -> bool:
    """Whether an input of this size repays starting worker processes."""
    return files >= PARALLEL_MIN_FILES or total_bytes >= PARALLEL_MIN_BYTES


def job_count(requested: int) -> int:
    """Worker processes for ``--jobs`` (0: one per core this process may use)."""
    if requested and requested > 0:
        return requested
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def choose(executor: Any, jobs: int, parallel: bool):
    """The executor ``--executor`` names (``local``, ``dask``, ``dask://HOST:PORT``
    or a ``distributed.Client``); ``parallel``: whether the input is worth a
    pool of ``jobs`` processes when it runs locally."""
    if isinstance(executor, str) and executor in ("", "local"):
        return ProcessPool(jobs) if parallel and jobs > 1 else InProcess()
    if not isinstance(executor, str) or executor == "dask" or executor.startswith("dask://"):
        return DaskCluster(executor, jobs)
    raise UsageError(f"unknown executor {executor!r}: use local, dask or dask://HOST:PORT")


class _Fold:
    """Partial summaries merged as they come, ``MERGE_FANIN`` at a time, as a
    tree: at most that many wait at each level, so memory stays small, and a
    summary is merged again once per level rather than once per merge (a
    running total would be copied every ``MERGE_FANIN`` partials).  Older
    partials stay before newer ones, so the merged state is the one a single
    merge of them all in order gives."""

    def __init__(self, merge: Callable) -> None:
        self.merge = merge
        self.levels: list[list] = [[]]

    def add(self, partial) -> None:
        level = 0
        self.levels[0].append(partial)
        while len(self.levels[level]) >= MERGE_FANIN:
            merged = self.merge(*self.levels[level])
            self.levels[level] = []
            level += 1
            if level == len(self.levels):
                self.levels.append([])
            self.levels[level].append(merged)

    def result(self):
        return self.merge(*(partial for level in reversed(self.levels) for partial in level))


class InProcess:
    """Every task in this process, one after another."""

    distributed = False

    def map(self, task, items: Iterable, shared=None, chunk: int = 1, send=None) -> Iterator[tuple[Any, Any]]:
        for item in items:
            yield item, task(item, shared)

    def reduce(self, summarize, merge, items: Iterable, shared=None, chunk: int = 1, send=None):
        fold = _Fold(merge)
        for item in items:
            fold.add(summarize(item, shared))
        return fold.result()

    def workers_read(self, files: list[str]) -> bool:
        """Whether the workers read the files themselves (else the bytes
        read here go with each task)."""
        return False

    def close(self) -> None:
        pass


# -- a pool of worker processes ----------------------------------------------------------------

_SHARED: list = [None]


def _start_worker(shared) -> None:
    # Linting allocates many small objects and almost no cycles: collect
    # the youngest generation a tenth as often (a twentieth of the run went
    # to collections that found nothing).
    threshold, *older = gc.get_threshold()
    gc.set_threshold(max(threshold, 7000), *older)
    _SHARED[0] = shared


def _run_chunk(task, items: list) -> list:
    return [task(item, _SHARED[0]) for item in items]


def forks() -> bool:
    """Whether worker processes are forked from this one, and so start with
    what it has loaded."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


@contextmanager
def process_pool(jobs: int, shared):
    """Worker processes, forked from this one where the platform can: they
    inherit the loaded plugins and compiled patterns, and nothing but
    ``shared`` is handed to them to start."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if forks() else "spawn"
    # What the parent has built lives as long as the workers: keep the
    # collector from walking it, and from touching the pages each forked
    # worker shares with the parent (Python's gc docs); and let it go after.
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context(method),
            initializer=_start_worker,
            initargs=(shared,),
        ) as pool:
            yield pool
    finally:
        gc.unfreeze()


def _chunks(items: Iterable, size: int, jobs: int = 1) -> Iterator[list]:
    """Lists of ``size`` items; of a list of items, lists that shrink toward
    the end (to a quarter of what is left per worker), so that the workers
    finish together instead of one running a last full chunk alone."""
    if isinstance(items, (list, tuple)):
        start = 0
        while start < len(items):
            step = max(1, min(size, (len(items) - start) // (4 * jobs)))
            yield list(items[start:start + step])
            start += step
        return
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class ProcessPool(InProcess):
    """Tasks on ``jobs`` worker processes, ``chunk`` items to a message; a
    pool is started for each step (the workers' ``shared`` state differs)."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs

    def _pool(self, shared):
        return process_pool(self.jobs, shared)

    def _results(self, task, items: Iterable, shared, chunk: int) -> Iterator[tuple[list, list]]:
        with self._pool(shared) as pool:
            window: deque = deque()
            for group in _chunks(items, max(1, chunk), self.jobs):
                window.append((group, pool.submit(_run_chunk, task, group)))
                while len(window) > 3 * self.jobs:
                    group, future = window.popleft()
                    yield group, future.result()
            while window:
                group, future = window.popleft()
                yield group, future.result()

    def map(self, task, items: Iterable, shared=None, chunk: int = 1, send=None) -> Iterator[tuple[Any, Any]]:
        for group, results in self._results(task, items, shared, chunk):
            yield from zip(group, results)

    def reduce(self, summarize, merge, items: Iterable, shared=None, chunk: int = 1, send=None):
        fold = _Fold(merge)
        for _, results in self._results(summarize, items, shared, chunk):
            for partial in results:
                fold.add(partial)
        return fold.result()


# -- Dask ----------------------------------------------------------------------------------------


def _visible(sizes: dict[str, int]) -> bool:
    """Run on each Dask worker: can it read the files the client reads?"""
    for source, size in sizes.items():
        try:
            if os.path.getsize(source) != size:
                return False
        except OSError:
            return False
    return True


def _is_regular(path: str) -> bool:
    import stat

    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


class DaskCluster:
    """Each item a Dask task; the reduce step a tree of merge tasks on the
    cluster, never gathered: the client gets nothing back but the results."""

    distributed = True

    def __init__(self, target, jobs: int) -> None:
        try:
            import distributed
        except ImportError:
            raise UsageError("--executor dask needs Dask: pip install 'textlint[dask]'") from None
        self.dask = distributed
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

    def workers_read(self, files: list[str]) -> bool:
        """Whether every worker sees these files as the client does (a shared file system)."""
        sizes = {}
        for path in files:
            if not _is_regular(path):
                return False
            sizes[os.path.abspath(path)] = os.path.getsize(path)
        try:
            seen = self.client.run(_visible, sizes)
        except Exception:  # noqa: BLE001 - a worker that cannot answer cannot read
            seen = {}
        return bool(seen) and all(seen.values())

    def _submit(self, fn, *args):
        return self.client.submit(fn, *args, pure=False)

    def map(self, task, items: Iterable, shared=None, chunk: int = 1, send=None) -> Iterator[tuple[Any, Any]]:
        window: deque = deque()
        for item in items:
            window.append((item, self._submit(task, send(item) if send else item, shared)))
            while len(window) > self.window:
                item, future = window.popleft()
                yield item, future.result()
        while window:
            item, future = window.popleft()
            yield item, future.result()

    def reduce(self, summarize, merge, items: Iterable, shared=None, chunk: int = 1, send=None):
        """The merged summaries, as a future on the cluster (never gathered)."""
        wait = self.dask.wait
        fanin = max(2, min(MERGE_FANIN, self.window))
        group: list = []
        inflight: deque = deque()
        done: list = []
        for item in items:
            group.append(self._submit(summarize, send(item) if send else item, shared))
            if len(group) >= fanin:
                inflight.append(self._submit(merge, *group))
                group = []
            while len(inflight) > 1:  # back-pressure: at most two groups in flight
                oldest = inflight.popleft()
                wait([oldest])
                done.append(oldest)
                if len(done) >= fanin:
                    done = [self._submit(merge, *done)]
        if group:
            inflight.append(self._submit(merge, *group))
        merged = self._submit(merge, *(done + list(inflight)))
        wait([merged])
        if merged.status == "error":
            merged.result()  # raises the task's error here
        return merged

    def close(self) -> None:
        if self.owned:
            self.client.close()
            if self.cluster is not None:
                self.cluster.close()
