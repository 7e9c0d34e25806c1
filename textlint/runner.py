"""File mode: files and standard input as the pipeline's source, and the cache.

Data flows one way: path -> bytes -> decoded text -> the pipeline's step
(``textlint.pipeline.step``: check, or fix until stable) -> FileResult, and
a fixed file written back atomically.  Results come back in the order of the
sorted paths, whichever executor (``textlint.executors``) did the work.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator

from textlint import executors
from textlint.version import __version__
from textlint.atomic import AtomicFile
from textlint.config import ConfigChoice, Settings, settings_for
from textlint.files import ReadError, WriteSkipped, discover, read_bytes, write_atomically
from textlint.model import CorpusRule, Diagnostic, FileResult

if TYPE_CHECKING:
    from textlint.document import Decoded

CACHE_DIR = ".textlint_cache"


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
        # the settings are the folder's (per-file ignores apply later), and a
        # run asks for them several times a file
        folder = os.path.dirname(path)
        place = ("folder", folder if os.path.isabs(folder) else os.path.join(os.getcwd(), folder))
        known = self._derived.get(place)
        if known is not None:
            return known
        base = settings_for(path, self.config_choice)
        # one Settings object per configuration file, so that what is derived
        # from it (enabled rules, the cache fingerprint) is derived once
        cached = self._derived.get(id(base))
        if cached is None:
            cached = base.with_overrides(
                select=self.select, ignore=self.ignore, extend_select=self.extend_select
            )
            self._derived[id(base)] = cached
        self._derived[place] = cached
        return cached

    @property
    def config_choice(self) -> ConfigChoice:
        return self.config or ConfigChoice(file=self.config_path)

    def unsafe(self, settings: Settings) -> bool:
        return settings.unsafe_fixes if self.unsafe_fixes is None else self.unsafe_fixes


def io_error(path: str, message: str) -> Diagnostic:
    from textlint.engine_codes import engine_diagnostic

    return engine_diagnostic("E902", path, message)


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
    from textlint.api import RuleError, is_applicable, unified_diff
    # the decoding and the document: not loaded by a run the cache serves
    from textlint.document import BinaryFileError, decode_bytes, format_for_path

    result = FileResult(path)
    try:
        decoded = decode_bytes(data)
    except BinaryFileError as error:
        result.diagnostics.append(io_error(path, f"not linted: {error}"))
        return result, None
    settings = options.settings(path)
    rules = settings.rules_for(path)
    fmt = format_for_path(path)
    # bytes not decoded with certainty are only checked: a fix written back could damage them
    fix = options.mode != "check" and decoded.certain
    try:
        from textlint.pipeline.step import lint_document  # the engine: not loaded by a run the cache serves

        outcome = lint_document(
            decoded.text, path, fmt, rules, fix, options.unsafe(settings), decoded=decoded, corpus=corpus,
            # fixing needs every finding; checking, only those the cap shows
            early_stop=options.mode == "check",
            limit=options.max_findings_per_file,
        )
    except RuleError as error:
        result.error = str(error)
        return result, None
    result.diagnostics = outcome.diagnostics
    if not fix:
        if options.mode != "check" and any(is_applicable(f, options.unsafe(settings)) for f in outcome.findings):
            # never written, so what is left to report is what is there now
            result.diagnostics.append(
                io_error(path, f"not fixed: its bytes could not be decoded with certainty ({decoded.encoding})")
            )
        return result, None
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
    from textlint.document import BinaryFileError, Document, decode_bytes, format_for_path

    try:
        decoded = decode_bytes(read_bytes(path))
    except (ReadError, BinaryFileError):
        return {}
    doc = Document(decoded.text, path, format_for_path(path), decoded=decoded)
    from textlint.pipeline.step import summarize_document

    return summarize_document(doc, corpus_rules(options.settings(path), path))


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
    #: the file of :meth:`key_for`'s stat index (not ``.json``: it holds no results)
    STAT_INDEX = "stat-index.v1"
    #: A file's stat is trusted only when its last change (mtime and ctime)
    #: is this much older than the moment it was taken; see :meth:`key_for`.
    STAT_TRUST_AGE_NS = 3_000_000_000

    def __init__(self, root: str) -> None:
        self.folder = os.path.join(root, CACHE_DIR, __version__)
        self.shards: dict[str, dict[str, list]] = {}
        self.added: dict[str, dict[str, list]] = {}
        self.stat_index: dict[str, list] | None = None
        self.stat_added: dict[str, list] = {}

    def key_for(self, path: str, fingerprint: str) -> tuple[str, tuple[int, int]]:
        """The cache key of ``path`` under ``fingerprint`` and the file's
        count of line feeds and of carriage returns (what :func:`_within`
        checks a cached entry against).  Raises ReadError.

        The key is a digest of the file's bytes; when the file's stat (size,
        mtime, ctime, inode, device) is what the stat index recorded with a
        key for this fingerprint, that key is used without reading the file.
        This is safe because the index records a stat only when it was taken
        *before* the bytes were read and the file's last change (mtime and
        ctime) was then at least ``STAT_TRUST_AGE_NS`` old: any later write
        sets ctime to the clock's time at that write, which no file system's
        timestamp granularity rounds back to the recorded value, and ctime
        cannot be set by hand (``touch -d`` and ``cp -p`` set mtime only).  A
        file changed within that window of its stat (the racily clean files
        of git's index) is read and hashed, as is every file the index does
        not know.  Only on POSIX: Windows's ctime is the file's creation."""
        tag = _fingerprint_tag(fingerprint)
        taken = time.time_ns()
        try:
            info = os.stat(path)
        except OSError:
            info = None
        if info is not None:
            stat = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]
            known = self._stat_entry(path)
            if known is not None and known[:5] == stat and known[5] == tag:
                return known[6], (known[7], known[8])
        data = read_bytes(path)
        key = self.key(path, data, fingerprint)
        lines = (data.count(b"\n"), data.count(b"\r"))
        if (
            info is not None and os.name == "posix"
            and taken - max(info.st_mtime_ns, info.st_ctime_ns) >= self.STAT_TRUST_AGE_NS
        ):
            self.stat_added[path] = [*stat, tag, key, *lines]
        return key, lines

    def _stat_entry(self, path: str) -> list | None:
        if self.stat_index is None:
            self.stat_index = self._load_stat_index()
        entry = self.stat_index.get(path)
        return entry if _valid_stat_entry(entry) else None

    def _load_stat_index(self) -> dict[str, list]:
        try:
            with open(os.path.join(self.folder, self.STAT_INDEX), encoding="utf-8") as handle:
                loaded = json.load(handle)
            return loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError):
            return {}

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
        if not self.added and not self.stat_added:
            return
        try:
            os.makedirs(self.folder, exist_ok=True)
            _write_gitignore(os.path.dirname(self.folder))
            for name, entries in self.added.items():
                merged = {**self._load(name), **entries}  # what other runs wrote meanwhile
                if len(merged) > self.SHARD_LIMIT:
                    merged = dict(list(merged.items())[-self.SHARD_LIMIT:])
                self._replace(self._shard_path(name), merged)
            if self.stat_added:
                # an entry only names a key: one whose shard lost it is a miss
                merged = {**self._load_stat_index(), **self.stat_added}
                if len(merged) > self.SHARD_LIMIT * 16:
                    merged = dict(list(merged.items())[-self.SHARD_LIMIT * 16:])
                # ASCII: a path may hold the lone surrogates of a name that is not UTF-8
                self._replace(os.path.join(self.folder, self.STAT_INDEX), merged, ascii_only=True)
        except OSError:
            pass  # a cache that cannot be written is only a slower next run

    def _replace(self, target: str, content: dict, ascii_only: bool = False) -> None:
        # not fsynced: a shard lost in a crash costs a slower run, never a wrong one
        with AtomicFile(target, encoding="utf-8", durable=False) as out:
            json.dump(content, out.stream, ensure_ascii=ascii_only, separators=(",", ":"))


_INT_FIELDS = ("line", "column", "end_line", "end_column")
_STR_FIELDS = ("code", "rule", "message", "severity", "source_line")


def _valid_entry(entry) -> bool:
    return type(entry) is list and all(_valid_diagnostic(item) for item in entry)


def _valid_diagnostic(item) -> bool:
    # ``type(...) is``: a JSON bool is no line number, and this runs for
    # every finding a warm run serves
    if type(item) is not dict:
        return False
    get = item.get
    for name in _INT_FIELDS:
        if type(get(name)) is not int:
            return False
    for name in _STR_FIELDS:
        if type(get(name)) is not str:
            return False
    fix, record = get("fix"), get("record")
    return (
        item["line"] >= 1 and item["column"] >= 1
        and (item["end_line"], item["end_column"]) >= (item["line"], item["column"])
        and (fix is None or type(fix) is dict and type(fix.get("edits")) is list)
        and (record is None or type(record) is int)
    )


def _within(entry: list, lines: tuple[int, int]) -> bool:
    """Whether every cached diagnostic lies on a line the file has, given
    the file's counts of line feeds and carriage returns."""
    needed = max((item["end_line"] for item in entry), default=1)
    return needed <= 1 or needed <= lines[0] + 1 or needed <= lines[1] + 1


@functools.lru_cache(maxsize=64)
def _fingerprint_tag(fingerprint: str) -> str:
    """The short digest of a fingerprint the stat index keeps (a run has a few fingerprints, and many files)."""
    return hashlib.blake2b(fingerprint.encode(), digest_size=8).hexdigest()


def _valid_stat_entry(entry) -> bool:
    # size, mtime, ctime, inode, device, fingerprint tag, key, line feeds, carriage returns
    # ``type(...) is``: a JSON bool is no int here; and this runs for every file a warm run keys
    return (
        type(entry) is list and len(entry) == 9
        and type(entry[0]) is type(entry[1]) is type(entry[2]) is type(entry[3]) is type(entry[4]) is int
        and type(entry[7]) is type(entry[8]) is int
        and type(entry[5]) is str and type(entry[6]) is str
    )


def _write_gitignore(cache_root: str) -> None:
    marker = os.path.join(cache_root, ".gitignore")
    if not os.path.exists(marker):
        with open(marker, "w", encoding="utf-8") as out:
            out.write("# created by textlint\n*\n")


def cache_fingerprint(settings: Settings, corpus_digest: str = "") -> str:
    from textlint.registry import plugin_metadata

    fingerprint = getattr(settings, "_fingerprint", None)
    if fingerprint is None:
        fingerprint = settings._fingerprint = settings.fingerprint()
    return f"{__version__}|{plugin_metadata()}|{fingerprint}|{corpus_digest}"


def _lint_task(path: str, shared: tuple[RunOptions, dict | None]) -> FileResult:
    # only the result goes back to the parent: never the file's bytes
    options, corpus = shared
    return lint_path(path, options, corpus)


def _summarize_task(path: str, options: RunOptions) -> dict:
    return summarize_path(path, options)


def _executor(paths: list[str], jobs: int):
    """This process for a few small files, a pool of ``jobs`` for more."""
    if jobs <= 1 or len(paths) < 2:
        return executors.InProcess()
    total = 0
    if len(paths) < executors.PARALLEL_MIN_FILES:
        for path in paths:
            try:
                total += os.path.getsize(path)
            except OSError:
                pass
    return executors.choose("local", jobs, executors.worth_a_pool(total, len(paths)))


@dataclass
class RunPlan:
    """What a run lints, learned before any file is linted: the files and
    the problems found walking, the cross-document state, and, when the
    cache is on, each file's cache key (a digest of its path, bytes,
    settings, rules, plugins and version) and its line counts."""

    files: list[str]
    problems: dict[str, str]
    #: each Settings object the files are linted under (one per configuration file)
    settings: list[Settings]
    corpus: dict | None
    jobs: int
    cache: "ResultCache | None"
    keys: dict[str, str] = field(default_factory=dict)
    lines: dict[str, tuple[int, int]] = field(default_factory=dict)

    def inputs_digest(self) -> str | None:
        """A digest of every input of the run's findings: each file's cache
        key, each problem; None when the cache is off or a file has no key
        (it could not be read)."""
        if self.cache is None or len(self.keys) != len(self.files):
            return None
        digest = hashlib.blake2b(digest_size=16)
        for path in sorted(set(self.files) | set(self.problems)):
            entry = self.keys.get(path) or f"problem:{self.problems[path]}"
            digest.update(f"{path}\0{entry}\0".encode("utf-8", "surrogatepass"))
        return digest.hexdigest()


def plan(paths: list[str], options: RunOptions) -> RunPlan:
    """Walk ``paths`` and key every file found (reading only the files the
    stat index does not vouch for)."""
    targets = list(discover(paths, options.config_choice, force_exclude=options.force_exclude))
    problems = {t.path: t.problem for t in targets if t.problem}
    files = [t.path for t in targets if not t.problem]
    jobs = executors.job_count(options.jobs)
    settings_of = [options.settings(path) for path in files]
    in_use = list({id(settings): settings for settings in settings_of}.values())
    corpus = _corpus_state(files, options, jobs) if _corpus_rule_on(in_use) else None
    corpus_digest = hashlib.sha256(repr(sorted((corpus or {}).items())).encode()).hexdigest() if corpus else ""
    cache = ResultCache(os.getcwd()) if options.use_cache and options.mode == "check" else None
    planned = RunPlan(files, problems, in_use, corpus, jobs, cache)
    if cache is not None:
        for path, settings in zip(files, settings_of):
            # the cap shapes what is stored: a run with another cap is another entry
            fingerprint = cache_fingerprint(settings, corpus_digest)
            try:
                key, lines = cache.key_for(path, f"{fingerprint}|cap={options.max_findings_per_file}")
            except ReadError:
                continue  # linted, which reports why it cannot be read
            planned.keys[path], planned.lines[path] = key, lines
    return planned


def execute(planned: RunPlan, options: RunOptions) -> Iterator[FileResult]:
    """Results for the planned files in sorted path order: from the cache
    where it has them, linted where not."""
    cache, keys = planned.cache, planned.keys
    results: dict[str, FileResult] = {}
    pending: list[str] = []
    for path in planned.files:
        hit = cache.get(keys[path]) if cache is not None and path in keys else None
        if hit is not None and not _within(hit, planned.lines[path]):
            hit = None  # an entry for lines the file does not have: damaged
        if hit is None:
            pending.append(path)
        else:
            results[path] = FileResult(path, [Diagnostic.from_json({**d, "path": path}) for d in hit])

    fresh = _lint_many(pending, options, planned.corpus, planned.jobs)
    problems = planned.problems
    for path in sorted(set(planned.files) | set(problems)):
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


def run(paths: list[str], options: RunOptions) -> Iterator[FileResult]:
    """Lint every file under ``paths``; results in sorted path order.  Lazy:
    nothing is walked or read before the first result is asked for."""
    yield from execute(plan(paths, options), options)


def _corpus_rule_on(settings_in_use: list[Settings]) -> bool:
    """Whether a cross-document rule is selected under any of these
    settings, asked of the rule table: no rule module is imported to learn
    that none is (a run served from the cache imports none)."""
    from textlint.registry import rule_table

    corpus_codes = {code for code, row in rule_table().items() if row[2]}
    if not corpus_codes:
        return False
    # per-file ignores only take away
    return any(settings.enabled_codes() & corpus_codes for settings in settings_in_use)


def _settings_in_use(files: list[str], options: RunOptions) -> Iterator[tuple[str, Settings]]:
    """Each Settings object the files are linted under (one per
    configuration file), with the first of its files."""
    seen: set[int] = set()
    for path in files:
        settings = options.settings(path)
        if id(settings) not in seen:
            seen.add(id(settings))
            yield path, settings


def _lint_many(paths: list[str], options: RunOptions, corpus: dict | None, jobs: int) -> Iterator[FileResult]:
    ordered = sorted(paths)
    chunk = max(1, min(64, len(ordered) // (jobs * 8) or 1))
    executor = _executor(ordered, jobs)
    if isinstance(executor, executors.ProcessPool) and executors.forks():
        _load_rules(ordered, options)
    for _, result in executor.map(_lint_task, ordered, (options, corpus), chunk=chunk):
        yield result


def _load_rules(paths: list[str], options: RunOptions) -> None:
    """Load the rules the files ask for here, before the workers are forked
    from this process: they inherit them, where each would otherwise import
    the rule modules and load the plugins' entry points on its own."""
    for path, settings in _settings_in_use(paths, options):
        settings.rules_for(path)


def _corpus_state(files: list[str], options: RunOptions, jobs: int) -> dict | None:
    """Run the map and reduce steps of the cross-document rules, if any is on."""
    rules: dict[str, CorpusRule] = {}
    for path in files:  # nested configurations may turn a corpus rule on below them
        for rule in corpus_rules(options.settings(path), path):
            rules[rule.code] = rule
    if not rules:
        return None
    from textlint.pipeline.step import merge_partials

    merge = functools.partial(merge_partials, rules)
    return _executor(files, jobs).reduce(_summarize_task, merge, files, options, chunk=32)


def lint_stdin(data: bytes, path: str, options: RunOptions) -> tuple[FileResult, bytes | None]:
    """Lint bytes from standard input; in fix mode also return the fixed bytes."""
    return lint_bytes(path, data, options, None, write=False)

