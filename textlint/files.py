"""Finding the files to lint, reading them, and writing fixed files safely."""
from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from typing import Iterator

from textlint.atomic import AtomicFile
from textlint.config import FolderMatcher, path_matches, settings_for
from textlint.errors import PathNotFound  # noqa: F401 - raised here, and imported from here by callers

SKIPPED_DIRS = {
    ".git", ".hg", ".svn", ".bzr", "node_modules", "__pycache__", ".tox", ".nox",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", ".textlint_cache", ".venv", "venv",
    ".eggs", ".direnv",
}


@dataclass
class Target:
    """A file to lint, or a problem found while looking for files."""

    path: str
    problem: str | None = None


def _is_virtualenv(path: str) -> bool:
    return os.path.exists(os.path.join(path, "pyvenv.cfg"))


class _Ignores:
    """The .gitignore files in force while walking, from the repository root down."""

    def __init__(self) -> None:
        self._specs: dict[str, object] = {}

    def spec_for(self, directory: str):
        if directory not in self._specs:
            self._specs[directory] = _load_gitignore(directory)
        return self._specs[directory]

    def ignored(self, path: str, is_dir: bool, anchors: list[str]) -> bool:
        for anchor in anchors:
            spec = self.spec_for(anchor)
            if spec is None:
                continue
            relative = os.path.relpath(path, anchor).replace(os.sep, "/")
            if is_dir:
                relative += "/"
            if spec.match_file(relative):
                return True
        return False


def _load_gitignore(directory: str):
    path = os.path.join(directory, ".gitignore")
    if not os.path.isfile(path):
        return None
    import pathspec  # only when a .gitignore is there

    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return pathspec.PathSpec.from_lines("gitwildmatch", handle)
    except OSError:
        return None


def _ancestors_to_repo_root(directory: str) -> list[str]:
    """Folders from the enclosing git repository's root down to ``directory``."""
    chain = []
    current = os.path.abspath(directory)
    while True:
        chain.append(current)
        if os.path.exists(os.path.join(current, ".git")):
            return list(reversed(chain))
        parent = os.path.dirname(current)
        if parent == current:
            return [os.path.abspath(directory)]  # not in a repository: no parents' ignores
        current = parent


def discover(
    paths: list[str], config_path=None, warn=None, force_exclude: bool = False, suffixes: tuple[str, ...] | None = None
) -> Iterator[Target]:
    """The files to lint under ``paths``, sorted within each folder.

    In the folders walked, a file is taken when ``include`` matches it, or,
    given ``suffixes`` (corpus mode's ``.jsonl``, ``.parquet``...), when its
    name ends with one of them, whatever its case.

    ``config_path`` is a configuration file or a ``ConfigChoice``.  A path
    named here is linted even where ``exclude`` matches it, unless
    ``force_exclude`` (ruff's --force-exclude: pre-commit names every staged
    file, and the configuration's exclusions should still hold).

    Raises PathNotFound for a named path that does not exist at all; a broken
    symbolic link, found or named, is yielded with its problem.
    """
    warn = warn or (lambda message: print(f"textlint: warning: {message}", file=sys.stderr))
    for path in paths:
        if not os.path.lexists(path):
            raise PathNotFound(path)
    seen: set[str] = set()
    for path in paths:
        if force_exclude and is_excluded(path, _settings_of(path, config_path)):
            continue
        if os.path.isdir(path):
            yield from _walk(path, config_path, warn, seen, suffixes)
        elif os.path.islink(path) and not os.path.exists(path):
            yield Target(path, "broken symbolic link")
        else:
            if path not in seen:
                seen.add(path)
                yield Target(path)


def _settings_of(path: str, config_path):
    """The settings in force for a file, or for the files of a folder."""
    return settings_for(os.path.join(path, "x") if os.path.isdir(path) else path, config_path)


def is_excluded(path: str, settings) -> bool:
    """Whether ``exclude`` matches the path or a folder above it (below the
    configuration's folder), as when the folders are walked."""
    if not settings.exclude:
        return False
    root = os.path.abspath(settings.root)
    current = os.path.abspath(path)
    while current != root:  # the configuration's own folder is not excluded by its patterns
        if path_matches(current, root, settings.exclude):
            return True
        parent = os.path.dirname(current)
        if parent == current or not parent.startswith(root + os.sep):
            return False
        current = parent
    return False


def _walk(root: str, config_path, warn, seen: set[str], suffixes: tuple[str, ...] | None = None) -> Iterator[Target]:
    ignores = _Ignores()
    visited: set[tuple[int, int]] = set()

    def walk_dir(directory: str, anchors: list[str]) -> Iterator[Target]:
        try:
            info = os.stat(directory)
        except OSError as error:
            yield Target(directory, f"cannot read folder: {error.strerror}")
            return
        key = (info.st_dev, info.st_ino)
        if key in visited:
            warn(f"{directory}: folder loop (a symbolic link back to a parent); skipped")
            return
        visited.add(key)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as error:
            yield Target(directory, f"cannot read folder: {error.strerror}")
            return
        if os.path.exists(os.path.join(directory, ".gitignore")):
            anchors = anchors + [directory]
        matcher = None
        for entry in entries:
            full = entry.name if directory == "." else entry.path
            try:
                is_dir = entry.is_dir()  # follows links, so linked folders are walked
            except OSError:
                is_dir = False
            if is_dir:
                if entry.name in SKIPPED_DIRS or _is_virtualenv(full):
                    continue
                if ignores.ignored(full, True, anchors):
                    continue
                settings = settings_for(os.path.join(full, "x"), config_path)
                if settings.exclude and path_matches(full, settings.root, settings.exclude):
                    continue
                yield from walk_dir(full, anchors)
                continue
            if ignores.ignored(full, False, anchors):
                continue
            if suffixes is not None and not entry.name.lower().endswith(suffixes):
                continue
            if matcher is None:  # the folder's settings: every file of it has them
                settings = settings_for(full, config_path)
                matcher = FolderMatcher(os.path.dirname(full) or ".", settings.root)
            if suffixes is None and not matcher.matches(full, entry.name, settings.include):
                continue
            if settings.exclude and matcher.matches(full, entry.name, settings.exclude):
                continue
            if full in seen:
                continue
            seen.add(full)
            if entry.is_symlink() and not os.path.exists(full):
                yield Target(full, "broken symbolic link")
            else:
                yield Target(full)

    start = os.path.normpath(root)
    parents = _ancestors_to_repo_root(start)[:-1]
    anchors = [p for p in parents if os.path.exists(os.path.join(p, ".gitignore"))]
    if ignores.ignored(os.path.abspath(start), True, anchors):
        # a folder the user named is linted even where git ignores it (as
        # ripgrep does); only the .gitignore files inside it apply
        anchors = []
    yield from walk_dir(start, anchors)


class ReadError(Exception):
    pass


def read_bytes(path: str) -> bytes:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ReadError("no such file") from None
    except OSError as error:
        raise ReadError(f"cannot read: {error.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError("is a folder")
    if not stat.S_ISREG(info.st_mode):
        raise ReadError("not a regular file")
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise ReadError(f"cannot read: {error.strerror}") from None


class WriteSkipped(Exception):
    """The file was not written; the message says why."""


def _still_as_linted(target: str, expected: bytes) -> None:
    try:
        current = read_bytes(target)
    except ReadError as error:
        raise WriteSkipped(str(error)) from None
    if current != expected:
        raise WriteSkipped("changed since it was linted; left as it is")


def write_atomically(path: str, data: bytes, expected: bytes) -> None:
    """Replace the file's bytes with ``data`` through a temporary file.

    The file is left alone if it is no longer ``expected`` (someone changed
    it since it was linted): checked before anything is written and again
    after the new bytes are on disk, right before the rename, since an editor
    may save while the temporary file is fsynced.  The temporary file lives
    in the same folder, takes the file's mode, and is renamed over the
    original, so a crash leaves the old file or the new one, never half of
    either.
    """
    target = os.path.realpath(path)  # write through a symbolic link, not over it
    _still_as_linted(target, expected)
    info = os.stat(target)
    mode = stat.S_IMODE(info.st_mode)
    if not mode & 0o222:
        raise WriteSkipped("read-only file; left as it is")
    try:
        out = AtomicFile(target, mode)
    except OSError as error:
        raise WriteSkipped(f"cannot write in its folder: {error.strerror}") from None
    try:
        out.stream.write(data)
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            os.chown(out.temporary, info.st_uid, info.st_gid)  # root fixing a user's file keeps it theirs
        out.commit(before_replace=lambda: _still_as_linted(target, expected))
    except BaseException as error:
        out.abort()
        if isinstance(error, OSError):
            raise WriteSkipped(f"cannot write: {error.strerror}") from None
        raise
