"""Running the rules over many files: reading, fixing, caching, parallel workers.

Data flows one way: path -> bytes -> decoded text -> Document -> findings ->
(fixes applied, re-lint) -> FileResult.  Results come back in the order of
the sorted paths, whether one process did the work or many.
"""
from __future__ import annotations

import gc
import hashlib
import json
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from textlint import __version__
from textlint.config import ConfigChoice, Settings, settings_for
from textlint.document import BinaryFileError, Decoded, Document, decode_bytes, format_for_path
from textlint.files import ReadError, WriteSkipped, discover, read_bytes, write_atomically
from textlint.model import CorpusRule, Diagnostic, FileResult

CACHE_DIR = ".textlint_cache"
#: Below these, a pool's start-up costs more than it saves (a pre-commit run).
PARALLEL_MIN_FILES = 24
PARALLEL_MIN_BYTES = 1_000_000


@dataclass
class RunOptions:
    mode: str = "check"  # "check", "fix" or "diff"
    unsafe_fixes: bool | None = None  # None: as the configuration says
    select: list[str] | None = None
    ignore: list[str] | None = None
    extend_select: list[str] | None = None
    config_path: str | None = None
    #: how the command line chose settings (--config FILE or KEY=VALUE,
    #: --isolated); None: ``config_path`` or the nearest file
    config: ConfigChoice | None = None
    force_exclude: bool = False  # named paths are filtered by exclude too
    use_cache: bool = True
    jobs: int = 0  # 0: one per core
    #: Findings reported per file, then one line saying how many more (0: all).
    #: A scraped page full of stray spaces would otherwise give millions.
    max_findings_per_file: int = 10_000
    _derived: dict = field(default_factory=dict, repr=False)

    def settings(self, path: str) -> Settings:
        base = settings_for(path, self.config_choice)
        # one Settings object per configuration file, so that what is derived
        # from it (enabled rules, the cache fingerprint) is derived once
        cached = self._derived.get(id(base))
        if cached is None:
            cached = base.with_overrides(
                select=self.select, ignore=self.ignore, extend_select=self.extend_select
            )
            self._derived[id(base)] = cached
        return cached

    @property
    def config_choice(self) -> ConfigChoice:
        return self.config or ConfigChoice(file=self.config_path)

    def unsafe(self, settings: Settings) -> bool:
        return settings.unsafe_fixes if self.unsafe_fixes is None else self.unsafe_fixes


def io_error(path: str, message: str) -> Diagnostic:
    return Diagnostic(path, 1, 1, 1, 1, "E902", "io-error", message, severity="error")


# -- one file ------------------------------------------------------------------------------


def lint_bytes(
    path: str,
    data: bytes,
    options: RunOptions,
    corpus: dict | None = None,
    write: bool = True,
) -> tuple[FileResult, bytes | None]:
    """Lint (and in fix mode, fix) one file's bytes.

    Returns the result and, when fixing changed something, the new bytes
    (written to ``path`` when ``write`` is true).
    """
    from textlint.api import RuleError, check_document, fix_document_text, is_applicable, to_diagnostics, unified_diff

    result = FileResult(path)
    try:
        decoded = decode_bytes(data)
    except BinaryFileError as error:
        result.diagnostics.append(io_error(path, f"not linted: {error}"))
        return result, None
    settings = options.settings(path)
    rules = settings.rules_for(path)
    fmt = format_for_path(path)
    try:
        if options.mode == "check" or not decoded.certain:
            doc = Document(decoded.text, path, fmt, decoded=decoded, corpus=corpus)
            # fixing needs every finding; checking, only those the cap shows
            findings = check_document(doc, rules, options.max_findings_per_file if options.mode == "check" else 0)
            result.diagnostics = to_diagnostics(doc, findings, options.max_findings_per_file)
            if options.mode != "check" and any(is_applicable(f, options.unsafe(settings)) for f in findings):
                # never written, so what is left to report is what is there now
                result.diagnostics.append(
                    io_error(path, f"not fixed: its bytes could not be decoded with certainty ({decoded.encoding})")
                )
            return result, None
        outcome = fix_document_text(
            decoded.text, path, fmt, rules, options.unsafe(settings), decoded, corpus,
            limit=options.max_findings_per_file,
        )
    except RuleError as error:
        result.error = str(error)
        return result, None
    result.diagnostics = outcome.remaining
    if outcome.text == decoded.text and not outcome.encoding:
        return result, None
    new_bytes = _encode_fixed(decoded, outcome.text, outcome.encoding)
    if options.mode == "diff":
        result.diff = unified_diff(path, decoded.text, outcome.text)
        if outcome.encoding and not result.diff:
            result.diff = f"--- a/{path}\n+++ b/{path}\n@@ encoding {decoded.encoding} -> {outcome.encoding} @@\n"
        result.fixed = outcome.fixed
        return result, new_bytes
    if write:
        try:
            write_atomically(path, new_bytes, data)
        except WriteSkipped as error:
            result.diagnostics.append(io_error(path, f"not fixed: {error}"))
            return result, None
    result.fixed = outcome.fixed
    return result, new_bytes


def _encode_fixed(decoded: Decoded, text: str, encoding: str | None) -> bytes:
    if encoding:
        return text.encode(encoding)
    return decoded.encode(text)


def lint_path(path: str, options: RunOptions, corpus: dict | None = None) -> FileResult:
    try:
        data = read_bytes(path)
    except ReadError as error:
        return FileResult(path, [io_error(path, str(error))])
    return lint_bytes(path, data, options, corpus)[0]


# -- the cross-document map and reduce steps -----------------------------------------------


def corpus_rules(settings: Settings, path: str) -> list[CorpusRule]:
    return [rule for rule in settings.rules_for(path) if isinstance(rule, CorpusRule)]


def summarize_path(path: str, options: RunOptions) -> dict:
    """Map step: each corpus rule's summary of one file."""
    try:
        decoded = decode_bytes(read_bytes(path))
    except (ReadError, BinaryFileError):
        return {}
    doc = Document(decoded.text, path, format_for_path(path), decoded=decoded)
    return summarize_document(doc, corpus_rules(options.settings(path), path))


def summarize_document(doc: Document, rules: Iterable[CorpusRule]) -> dict:
    return {rule.code: rule.summarize(doc) for rule in rules}


def merge_summaries(rules: dict[str, CorpusRule], summaries: Iterable[dict]) -> dict:
    """Reduce step: fold per-file summaries into one merged state per rule."""
    collected: dict[str, list] = {code: [] for code in rules}
    for summary in summaries:
        for code, value in summary.items():
            collected.setdefault(code, []).append(value)
    return {code: rules[code].merge(values) for code, values in collected.items() if code in rules}


# -- many files ------------------------------------------------------------------------------


class ResultCache:
    """Check results keyed by content, configuration, rules, plugins and version.

    Sharded by the key's first two hex digits into 256 small JSON files, so
    checking one file reads one shard, not the results of a whole corpus.
    A shard is re-read, merged and replaced atomically when saved, so two
    runs sharing the cache at worst lose each other's newest entries; never
    a torn file.  Each shard keeps its newest entries only.
    """

    SHARD_LIMIT = 4096

    def __init__(self, root: str) -> None:
        self.folder = os.path.join(root, CACHE_DIR, __version__)
        self.shards: dict[str, dict[str, list]] = {}
        self.added: dict[str, dict[str, list]] = {}

    @staticmethod
    def key(path: str, data: bytes, fingerprint: str) -> str:
        digest = hashlib.blake2b(data, digest_size=16)
        digest.update(b"\0" + path.encode("utf-8", "surrogateescape") + b"\0" + fingerprint.encode())
        return digest.hexdigest()

    def _shard_path(self, name: str) -> str:
        return os.path.join(self.folder, f"{name}.json")

    def _load(self, name: str) -> dict[str, list]:
        try:
            with open(self._shard_path(name), encoding="utf-8") as handle:
                loaded = json.load(handle)
            return loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError):
            return {}

    def get(self, key: str) -> list | None:
        """The cached diagnostics for ``key``, or None: a miss, or an entry of
        the wrong shape (a damaged or hand-edited shard is a slower run, never
        an internal error or a wrong report)."""
        name = key[:2]
        if name not in self.shards:
            self.shards[name] = self._load(name)
        entry = self.shards[name].get(key)
        return entry if _valid_entry(entry) else None

    def put(self, key: str, diagnostics: list[Diagnostic]) -> None:
        entry = [d.to_json() | {"source_line": d.source_line} for d in diagnostics]
        self.added.setdefault(key[:2], {})[key] = entry

    def save(self) -> None:
        if not self.added:
            return
        try:
            os.makedirs(self.folder, exist_ok=True)
            _write_gitignore(os.path.dirname(self.folder))
            for name, entries in self.added.items():
                merged = {**self._load(name), **entries}  # what other runs wrote meanwhile
                if len(merged) > self.SHARD_LIMIT:
                    merged = dict(list(merged.items())[-self.SHARD_LIMIT:])
                handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    json.dump(merged, out, ensure_ascii=False, separators=(",", ":"))
                os.replace(temporary, self._shard_path(name))
        except OSError:
            pass  # a cache that cannot be written is only a slower next run


_ENTRY_FIELDS = {
    "line": int, "column": int, "end_line": int, "end_column": int,
    "code": str, "rule": str, "message": str, "severity": str, "source_line": str,
}


def _valid_entry(entry) -> bool:
    return isinstance(entry, list) and all(_valid_diagnostic(item) for item in entry)


def _valid_diagnostic(item) -> bool:
    if not isinstance(item, dict):
        return False
    for name, kind in _ENTRY_FIELDS.items():
        value = item.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            return False
    fix = item.get("fix")
    return (
        item["line"] >= 1 and item["column"] >= 1
        and (item["end_line"], item["end_column"]) >= (item["line"], item["column"])
        and (fix is None or isinstance(fix, dict) and isinstance(fix.get("edits"), list))
        and isinstance(item.get("record"), (int, type(None)))
    )


def _within(entry: list, data: bytes) -> bool:
    """Whether every cached diagnostic lies on a line the file has (a file
    with nothing to report is not scanned: the warm path reads it already)."""
    needed = max((item["end_line"] for item in entry), default=1)
    return needed <= 1 or needed <= data.count(b"\n") + 1 or needed <= data.count(b"\r") + 1


def _write_gitignore(cache_root: str) -> None:
    marker = os.path.join(cache_root, ".gitignore")
    if not os.path.exists(marker):
        with open(marker, "w", encoding="utf-8") as out:
            out.write("# created by textlint\n*\n")


def cache_fingerprint(settings: Settings, corpus_digest: str = "") -> str:
    from textlint.plugins import plugin_fingerprint

    fingerprint = getattr(settings, "_fingerprint", None)
    if fingerprint is None:
        fingerprint = settings._fingerprint = settings.fingerprint()
    return f"{__version__}|{plugin_fingerprint()}|{fingerprint}|{corpus_digest}"


_WORKER_STATE: dict = {}


def _init_worker(options: RunOptions, corpus: dict | None) -> None:
    _WORKER_STATE["options"] = options
    _WORKER_STATE["corpus"] = corpus


def _start_worker(initializer, initargs: tuple) -> None:
    # Linting allocates many small objects and almost no cycles: collect
    # the youngest generation a tenth as often (a twentieth of the run went
    # to collections that found nothing).
    threshold, *older = gc.get_threshold()
    gc.set_threshold(max(threshold, 7000), *older)
    initializer(*initargs)


def _worker_lint(path: str) -> FileResult:
    # only the result goes back to the parent: never the file's bytes
    return lint_path(path, _WORKER_STATE["options"], _WORKER_STATE["corpus"])


def _worker_summarize(path: str) -> dict:
    return summarize_path(path, _WORKER_STATE["options"])


def _job_count(requested: int) -> int:
    if requested and requested > 0:
        return requested
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _use_pool(paths: list[str], jobs: int) -> bool:
    if jobs <= 1 or len(paths) < 2:
        return False
    if len(paths) >= PARALLEL_MIN_FILES:
        return True
    total = 0
    for path in paths:
        try:
            total += os.path.getsize(path)
        except OSError:
            pass
    return total >= PARALLEL_MIN_BYTES


@contextmanager
def process_pool(jobs: int, initializer, initargs: tuple):
    """Worker processes, forked from this one where the platform can: they
    inherit the loaded plugins and compiled patterns, and nothing but
    ``initargs`` is pickled to start them."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    # What the parent has built lives as long as the workers: keep the
    # collector from walking it, and from touching the pages each forked
    # worker shares with the parent (Python's gc docs); and let it go after.
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context(method),
            initializer=_start_worker,
            initargs=(initializer, initargs),
        ) as pool:
            yield pool
    finally:
        gc.unfreeze()


def _pool(jobs: int, options: RunOptions, corpus: dict | None):
    return process_pool(jobs, _init_worker, (options, corpus))


def run(paths: list[str], options: RunOptions) -> Iterator[FileResult]:
    """Lint every file under ``paths``; results in sorted path order."""
    targets = list(discover(paths, options.config_choice, force_exclude=options.force_exclude))
    problems = {t.path: t.problem for t in targets if t.problem}
    files = [t.path for t in targets if not t.problem]
    jobs = _job_count(options.jobs)
    corpus = _corpus_state(files, options, jobs)
    corpus_digest = hashlib.sha256(repr(sorted((corpus or {}).items())).encode()).hexdigest() if corpus else ""

    cache = ResultCache(os.getcwd()) if options.use_cache and options.mode == "check" else None
    results: dict[str, FileResult] = {}
    pending: list[str] = []
    keys: dict[str, str] = {}
    if cache is not None:
        for path in files:
            try:
                data = read_bytes(path)
            except ReadError:
                pending.append(path)
                continue
            # the cap shapes what is stored: a run with another cap is another entry
            fingerprint = cache_fingerprint(options.settings(path), corpus_digest)
            key = ResultCache.key(path, data, f"{fingerprint}|cap={options.max_findings_per_file}")
            keys[path] = key
            hit = cache.get(key)
            if hit is not None and not _within(hit, data):
                hit = None  # an entry for lines the file does not have: damaged
            if hit is None:
                pending.append(path)
            else:
                diagnostics = [Diagnostic.from_json({**d, "path": path}) for d in hit]
                results[path] = FileResult(path, diagnostics)
    else:
        pending = list(files)

    fresh = _lint_many(pending, options, corpus, jobs)
    order = sorted(set(files) | set(problems))
    for path in order:
        if path in problems:
            yield FileResult(path, [io_error(path, problems[path])])
            continue
        result = results.get(path)
        if result is None:
            result = next(fresh)
            if cache is not None and path in keys and result.error is None:
                cache.put(keys[path], result.diagnostics)
        yield result
    if cache is not None:
        cache.save()


def _lint_many(paths: list[str], options: RunOptions, corpus: dict | None, jobs: int) -> Iterator[FileResult]:
    ordered = sorted(paths)
    if not _use_pool(ordered, jobs):
        for path in ordered:
            yield lint_path(path, options, corpus)
        return
    with _pool(jobs, options, corpus) as pool:
        chunk = max(1, min(64, len(ordered) // (jobs * 8) or 1))
        yield from pool.map(_worker_lint, ordered, chunksize=chunk)


def _corpus_state(files: list[str], options: RunOptions, jobs: int) -> dict | None:
    """Run the map and reduce steps of the cross-document rules, if any is on."""
    rules: dict[str, CorpusRule] = {}
    for path in files:  # nested configurations may turn a corpus rule on below them
        for rule in corpus_rules(options.settings(path), path):
            rules[rule.code] = rule
    if not rules:
        return None
    if _use_pool(files, jobs):
        with _pool(jobs, options, None) as pool:
            summaries = list(pool.map(_worker_summarize, files, chunksize=32))
    else:
        summaries = [summarize_path(path, options) for path in files]
    return merge_summaries(rules, summaries)


def lint_stdin(data: bytes, path: str, options: RunOptions) -> tuple[FileResult, bytes | None]:
    """Lint bytes from standard input; in fix mode also return the fixed bytes."""
    return lint_bytes(path, data, options, None, write=False)

