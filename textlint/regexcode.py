"""Compiled regular expressions kept on disk between runs.

``re`` compiles a pattern in Python: it parses the pattern, then generates
the code its engine runs.  The rules' few hundred patterns (classes of
thousands of CJK characters among them) cost about 0.2 s of CPU in every
process that uses them: in a one-file run, more than the file's checking;
in a run over many files, again in each worker.  The code depends only on
the pattern, its flags and the interpreter, so it is kept per machine, in
the cache folder beside the rule table (``textlint.datacache``), and handed
straight to the engine the next time.

This leans on CPython's internals: ``re._parser.parse`` and
``re._compiler._code`` (what ``re.compile`` runs) and ``_sre.compile``
(what it hands the code to).  So the file is named after the exact
interpreter build and the engine's code version; the store is used only
after a probe shows that compiling through it gives what ``re.compile``
gives; and on any error a pattern is compiled by ``re.compile``, as if
there were no store.  ``_sre.compile`` validates the code it is given and
refuses code that is not well formed ("invalid SRE code"), and the file
carries a SHA-256 of its contents, checked before it is read: a damaged
file is ignored and written again, never run.

No library keeps compiled patterns: pickling a pattern keeps its source and
compiles it again on loading, which is the cost this avoids.
"""
from __future__ import annotations

import array
import hashlib
import marshal
import os
import re
import sys
from typing import Any

#: Bumped when what an entry holds changes.
FORMAT = 1
#: Beyond this many patterns the store keeps only those its last process
#: used: a pattern built from configuration or input must not grow it forever.
MAX_ENTRIES = 3000
_HEADER = b"textlint-regex-code"

#: (pattern source, flags) -> (flags, code as bytes of unsigned ints, groups, groupindex, indexgroup)
Entry = tuple


class _Store:
    def __init__(self) -> None:
        self.entries: dict[tuple[Any, int], Entry] | None = None  # None: not read yet
        self.used: set[tuple[Any, int]] = set()
        self.added = 0
        self.saver_pid = 0  # the process whose exit writes what was added


_STORE = _Store()
_WORKS: list[bool] = []  # the probe's verdict, once per process


def compile(source: str | bytes, flags: int = 0) -> re.Pattern:
    """``re.compile(source, flags)``, from the store when it holds the pattern's code."""
    flags = int(flags)
    if not _internals_work():
        return re.compile(source, flags)
    entries = _entries()
    key = (source, flags)
    entry = entries.get(key)
    if entry is not None:
        try:
            pattern = _from_entry(source, entry)
            _STORE.used.add(key)
            return pattern
        except Exception:  # not code this engine takes: compile it afresh below
            del entries[key]
    try:
        pattern, entry = _compiled(source, flags)
    except Exception:  # a pattern re rejects raises re's own error from here
        return re.compile(source, flags)
    entries[key] = entry
    _STORE.used.add(key)
    _STORE.added += 1
    _save_at_exit()
    return pattern


def _compiled(source, flags: int) -> tuple[re.Pattern, Entry]:
    """What ``re._compiler.compile`` does, keeping the code it generates."""
    from re import _compiler, _parser

    parsed = _parser.parse(source, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    entry = (int(flags | parsed.state.flags), array.array("I", code).tobytes(),
             parsed.state.groups - 1, groupindex, tuple(indexgroup))
    return _from_entry(source, entry), entry


def _from_entry(source, entry: Entry) -> re.Pattern:
    import _sre

    flags, code, groups, groupindex, indexgroup = entry
    return _sre.compile(source, flags, array.array("I", code).tolist(), groups, groupindex, indexgroup)


# -- whether this interpreter's internals are the ones this relies on ---------------------------

# Small on purpose: a big class under IGNORECASE alone costs re tens of
# milliseconds to compile, paid by every process before its first pattern.
_PROBES = (
    (r"(?P<word>[a-zé]+)\s*(\d{2,})?|[\u4e00-\u4e2f]+(?=\?)", re.IGNORECASE, "Ab 123 中丁? x_9 É"),
    (rb"[\x80-\xbf]{2}(?<!\xc3)", 0, b"\xc3\xa9\xe2\x80\x9c"),
)


def _internals_work() -> bool:
    if not _WORKS:
        _WORKS.append(_probe())
    return _WORKS[0]


def _probe() -> bool:
    """Whether compiling through the internals gives what ``re.compile`` gives."""
    if sys.implementation.name != "cpython" or array.array("I").itemsize != 4:
        return False
    try:
        for source, flags, sample in _PROBES:
            ours, entry = _compiled(source, int(flags))
            again = _from_entry(source, marshal.loads(marshal.dumps(entry)))
            theirs = re.compile(source, flags)
            for pattern in (ours, again):
                if (pattern.pattern, pattern.flags, pattern.groups, pattern.groupindex) != (
                    theirs.pattern, theirs.flags, theirs.groups, theirs.groupindex
                ):
                    return False
                if [m.span() + m.groups() for m in pattern.finditer(sample)] != [
                    m.span() + m.groups() for m in theirs.finditer(sample)
                ]:
                    return False
    except Exception:
        return False
    return True


# -- the file -----------------------------------------------------------------------------------


def store_path():
    """The store's file: one per interpreter build and engine code version."""
    import _sre

    from textlint import datacache
    from textlint.version import __version__

    build = f"{sys.implementation.cache_tag}-{sys.hexversion:x}-{_sre.MAGIC}-{_sre.CODESIZE}-{sys.maxunicode:x}"
    name = re.sub(r"[^\w.-]", "_", f"regex-code-{FORMAT}-{build}-textlint-{__version__}.bin")
    return datacache.cache_folder() / name


def _entries() -> dict:
    if _STORE.entries is None:
        _STORE.entries = _read(store_path())
    return _STORE.entries


def _read(path) -> dict:
    """The entries in the file at ``path``; none when it is missing, damaged or of another format."""
    try:
        with open(path, "rb") as stream:
            data = stream.read()
        header, body = data.split(b"\n", 1)
        name, version, digest = header.split(b" ")
        if name != _HEADER or int(version) != FORMAT or hashlib.sha256(body).hexdigest().encode() != digest:
            return {}
        entries = marshal.loads(body)
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return entries if isinstance(entries, dict) else {}


def save() -> None:
    """Write what this process added to the file, merged with what other
    processes wrote there meanwhile; nothing when it added nothing."""
    if not _STORE.added or _STORE.entries is None:
        return
    path = store_path()
    merged = {**_read(path), **_STORE.entries}
    if len(merged) > MAX_ENTRIES:
        merged = {key: merged[key] for key in _STORE.used if key in merged}
    body = marshal.dumps(merged)
    try:
        from textlint.atomic import AtomicFile

        path.parent.mkdir(parents=True, exist_ok=True)
        # not fsynced: a copy lost in a crash is compiled again, never read half-written
        with AtomicFile(str(path), prefix=path.name + ".", durable=False) as out:
            out.stream.write(b"%s %d %s\n" % (_HEADER, FORMAT, hashlib.sha256(body).hexdigest().encode()))
            out.stream.write(body)
    except OSError:
        return  # a read-only or missing home: patterns are compiled in every process
    _STORE.added = 0
    from textlint import datacache

    datacache.prune("regex-code-")  # the stores of interpreters or versions gone


def _save_at_exit() -> None:
    """Write the file when this process ends: at interpreter exit, and for
    a worker of a process pool (which ends without running ``atexit``)
    through multiprocessing's own exit hooks, registered in the worker."""
    if _STORE.saver_pid == os.getpid():
        return
    _STORE.saver_pid = os.getpid()
    import atexit

    atexit.register(save)
    if "multiprocessing" in sys.modules:
        from multiprocessing import util

        util.Finalize(None, save, exitpriority=0)
