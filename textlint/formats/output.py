"""``--output-file PATH``: a report written whole or not at all.

The report streams into a temporary file beside PATH, which replaces PATH
(fsync, then rename) only when the run has finished; a run that fails or is
interrupted leaves PATH as it was.  Written here rather than with a library:
the well-known one (``atomicwrites``) is archived, and this is the pattern
``textlint.files.write_atomically`` already uses for fixed files.
"""
from __future__ import annotations

import io
import os
import stat
import tempfile


class ReportFileError(Exception):
    """PATH cannot take the report; the message says why."""


class ReportFile:
    def __init__(self, path: str) -> None:
        self.path = path
        if os.path.isdir(path):
            raise ReportFileError(f"--output-file {path}: is a folder")
        directory = os.path.dirname(os.path.abspath(path))
        try:
            handle, self.temporary = tempfile.mkstemp(prefix=".textlint-report-", suffix=".tmp", dir=directory)
        except OSError as error:
            raise ReportFileError(f"--output-file {path}: cannot write there: {error.strerror or error}") from None
        # newline="": "\n" as the formats write it, on every platform
        self.stream = io.open(handle, "w", encoding="utf-8", errors="replace", newline="")
        self.done = False

    def commit(self) -> None:
        """Put the finished report in place."""
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.stream.close()
        os.chmod(self.temporary, self._mode())
        try:
            os.replace(self.temporary, self.path)
        except OSError as error:
            raise ReportFileError(f"--output-file {self.path}: cannot write: {error.strerror or error}") from None
        self.done = True

    def discard(self) -> None:
        """Drop the temporary file (after commit, nothing is left to drop)."""
        if self.done:
            return
        self.stream.close()
        try:
            os.unlink(self.temporary)
        except OSError:
            pass

    def _mode(self) -> int:
        """An existing report's mode, else what a new file gets (mkstemp's is 0600)."""
        try:
            return stat.S_IMODE(os.stat(self.path).st_mode)
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            return 0o666 & ~umask
