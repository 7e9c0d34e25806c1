"""The run record: a check whose every input is unchanged prints the report
the last such run printed, without loading a cached finding or drawing a
source window again.

The per-file cache (``runner.ResultCache``) already spares an unchanged file
its linting; what is left of a warm run over a large tree is reading the
cached findings back, building them, and rendering the report, which is the
same text as last time.  So a check run keeps what it printed, keyed by a
digest of everything that report is a function of:

- every file's cache key, as :func:`runner.plan` computed it: the file's path
  and bytes (read and hashed unless the stat index vouches for them), its
  settings' fingerprint, the rules, plugins and version, the findings cap;
  and the problems met walking (so a file added, removed or renamed, an
  ignore file or an ``exclude`` edited, all change the key);
- the command line as parsed, the working folder (paths are shown relative
  to it), the settings of every configuration in use, whole (a severity
  applied at report time included), and what the built-in formats read
  from outside: ``NO_COLOR``, ``FORCE_COLOR``, ``CI_PROJECT_DIR``, and
  whether standard output is a terminal.

Only a plain check run is recorded: not ``--fix``, ``--diff``, standard
input, corpus mode, ``--output-file``, ``--no-cache`` or a plugin's format
(a plugin's report may hold anything, a time included), and only when every
file could be keyed and nothing went wrong.  A record is checksummed; a
damaged, unreadable or missing one is a miss, which runs the check as
without it.  The newest few records are kept.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os

from textlint.atomic import AtomicFile
from textlint.version import __version__

FOLDER = "runs"
#: records kept (a project is checked with a few command lines, not many)
KEEP = 8
#: a report larger than this is not kept (its record would cost more to keep than it saves)
MAX_REPORT_CHARS = 64_000_000
_MAGIC = b"textlint-run-record 1"
#: what the built-in formats read from the environment
_ENVIRONMENT = ("NO_COLOR", "FORCE_COLOR", "CI_PROJECT_DIR")


def record_key(args, planned, stream) -> str | None:
    """The key of this run's report, or None when it cannot be recorded
    (a file could not be keyed)."""
    inputs = planned.inputs_digest()
    if inputs is None:
        return None
    isatty = getattr(stream, "isatty", None)
    context = {
        "version": __version__,
        "args": vars(args),
        "cwd": os.getcwd(),
        "environment": {name: os.environ.get(name) for name in _ENVIRONMENT},
        "terminal": bool(isatty and isatty()),
        "settings": sorted(_settings_digest(settings) for settings in planned.settings),
        "inputs": inputs,
    }
    payload = json.dumps(context, sort_keys=True, default=repr, ensure_ascii=True)
    return hashlib.blake2b(payload.encode("ascii"), digest_size=20).hexdigest()


def _settings_digest(settings) -> str:
    fields = json.dumps(dataclasses.asdict(settings), sort_keys=True, default=repr, ensure_ascii=True)
    return hashlib.blake2b(fields.encode("ascii"), digest_size=16).hexdigest()


def _path(cache_folder: str, key: str) -> str:
    return os.path.join(cache_folder, FOLDER, key)


def load(cache_folder: str, key: str) -> tuple[int, str] | None:
    """(exit status, report) of the run recorded under ``key``, or None."""
    try:
        with open(_path(cache_folder, key), "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    header, _, body = data.partition(b"\n")
    parts = header.split(b" ")
    if len(parts) != 4 or b" ".join(parts[:2]) != _MAGIC or parts[2] not in (b"0", b"1"):
        return None
    if hashlib.blake2b(body, digest_size=16).hexdigest().encode("ascii") != parts[3]:
        return None  # damaged: a miss
    try:
        return int(parts[2]), body.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return None


def save(cache_folder: str, key: str, status: int, report: str) -> None:
    """Keep the report of a run; drop the oldest records beyond ``KEEP``.
    A record that cannot be written is only a slower next run."""
    body = report.encode("utf-8", "surrogatepass")
    checksum = hashlib.blake2b(body, digest_size=16).hexdigest()
    folder = os.path.join(cache_folder, FOLDER)
    try:
        os.makedirs(folder, exist_ok=True)
        with AtomicFile(_path(cache_folder, key), durable=False) as out:
            out.stream.write(_MAGIC + f" {status} {checksum}\n".encode("ascii") + body)
        _prune(folder)
    except OSError:
        pass


def _prune(folder: str) -> None:
    entries = []
    for entry in os.scandir(folder):
        try:
            entries.append((entry.stat().st_mtime_ns, entry.path))
        except OSError:
            continue
    for _, path in sorted(entries)[:-KEEP]:
        try:
            os.remove(path)
        except OSError:
            pass


class Recording:
    """The report's stream, keeping a copy of what is written to it (up to
    ``MAX_REPORT_CHARS``; past that, nothing is kept)."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.parts: list[str] | None = []
        self.size = 0

    def write(self, text: str) -> int:
        if self.parts is not None:
            self.size += len(text)
            if self.size > MAX_REPORT_CHARS:
                self.parts = None
            else:
                self.parts.append(text)
        return self.stream.write(text)

    def report(self) -> str | None:
        return None if self.parts is None else "".join(self.parts)

    def __getattr__(self, name: str):
        return getattr(self.stream, name)  # flush, isatty, encoding: the stream's own
