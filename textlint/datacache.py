"""Data derived once per machine from what is installed, kept on disk.

What describes the machine itself (the installed packages, the interpreter)
and costs a tenth of a second or more to derive would be paid again in every
worker process of every run, so it is kept in the user's cache folder (not
the project's: it depends on the installed packages, not on the files
checked), in one JSON file named after its kind and format, the
dependency's version and textlint's, and written atomically.  Tables the
rules read are not kept here: they are generated once and checked in
(``textlint_rules.tables``), so that findings do not depend on the machine.

A file that cannot be read or does not hold valid data is derived again and
rewritten; a folder that cannot be written is no error, the data is then
derived in every process.  JSON gives back exactly the strings and floats it
was given, so data read back equals freshly derived data.
"""
from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Callable

from textlint import version as textlint_version
from textlint.atomic import AtomicFile


def cache_folder() -> Path:
    """Where textlint keeps what it derives once per machine (not per project)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "textlint"


def derived_path(kind: str, data_format: int, dependency: str | tuple[str, ...] | None) -> Path | None:
    """The file for ``kind`` derived from the installed ``dependency`` (or
    several; None: from the interpreter, its codecs and Unicode tables);
    None when a dependency's version is unknown (nothing safe to key it by)."""
    if dependency is None:
        versions = ["python-{}.{}.{}".format(*sys.version_info[:3])]
    else:
        try:
            from importlib.metadata import version

            names = (dependency,) if isinstance(dependency, str) else dependency
            versions = [f"{name}-{version(name)}" for name in names]
        except Exception:
            return None
    name = f"{kind}-{data_format}-{'-'.join(versions)}-textlint-{textlint_version.__version__}.json"
    return cache_folder() / re.sub(r"[^\w.-]", "_", name)


def read_derived(path: Path, field: str, data_format: int, valid: Callable) -> dict | None:
    """``field`` of the file at ``path`` when it is a non-empty dict of the
    given format whose items all pass ``valid(key, value)``; else None."""
    try:
        with open(path, encoding="ascii") as stream:
            data = json.load(stream)
    except (OSError, ValueError):
        return None
    value = data.get(field) if isinstance(data, dict) else None
    if (
        not isinstance(value, dict) or not value or data.get("format") != data_format
        or not all(valid(k, v) for k, v in value.items())
    ):
        return None
    return value


def write_derived(path: Path, field: str, data_format: int, value: dict) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # not fsynced: a copy lost in a crash is derived again, never read half-written
        with AtomicFile(str(path), prefix=path.name + ".", encoding="ascii", durable=False) as out:
            json.dump({"format": data_format, field: value}, out.stream)
    except OSError:
        pass  # a read-only or missing home: derive the data in every process


def load_or_derive(
    path: Path | None, field: str, data_format: int, valid: Callable, derive: Callable[[], dict], kind: str = ""
) -> dict:
    """What ``derive()`` returns, from the file at ``path`` when it holds a
    valid copy.  With ``kind`` (the start its file names share), copies
    derived for other keys beyond the newest few are removed once this one
    is written."""
    value = read_derived(path, field, data_format, valid) if path is not None else None
    if value is None:
        value = derive()
        if path is not None and value:
            write_derived(path, field, data_format, value)
            if kind:
                prune(kind)
    return value


#: How many files of one keyed kind are kept: a key changes with what is
#: installed, the interpreter or the folder a run starts in, and each change
#: would otherwise leave one more file behind, for ever.
KEEP_PER_KIND = 8


def prune(kind: str, keep: int = KEEP_PER_KIND) -> None:
    """Remove all but the ``keep`` newest files whose names start with ``kind``."""
    try:
        found = []
        for entry in os.scandir(cache_folder()):
            if entry.name.startswith(kind) and entry.is_file(follow_symlinks=False):
                found.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
    except OSError:
        return
    for _, path in sorted(found, reverse=True)[keep:]:
        try:
            os.unlink(path)
        except OSError:
            pass  # another process removed it, or may not: only space is at stake
