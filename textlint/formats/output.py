"""``--output-file PATH``: a report written whole or not at all.

The report streams into a temporary file beside PATH, which replaces PATH
(fsync, then rename) only when the run has finished; a run that fails or is
interrupted leaves PATH as it was: ``textlint.atomic.AtomicFile``, as for
fixed files.
"""
from __future__ import annotations

import os
import stat

from textlint.atomic import AtomicFile


class ReportFileError(Exception):
    """PATH cannot take the report; the message says why."""


class ReportFile:
    def __init__(self, path: str) -> None:
        self.path = path
        if os.path.isdir(path):
            raise ReportFileError(f"--output-file {path}: is a folder")
        try:
            # newline="": "\n" as the formats write it, on every platform
            self.file = AtomicFile(path, prefix=".textlint-report-", encoding="utf-8", errors="replace", newline="")
        except OSError as error:
            raise ReportFileError(f"--output-file {path}: cannot write there: {error.strerror or error}") from None
        self.stream = self.file.stream

    def commit(self) -> None:
        """Put the finished report in place."""
        try:
            self.file.commit(mode=self._mode())
        except OSError as error:
            raise ReportFileError(f"--output-file {self.path}: cannot write: {error.strerror or error}") from None

    def discard(self) -> None:
        """Drop the temporary file (after commit, nothing is left to drop)."""
        self.file.abort()

    def _mode(self) -> int:
        """An existing report's mode, else what a new file gets (mkstemp's is 0600)."""
        try:
            return stat.S_IMODE(os.stat(self.path).st_mode)
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            return 0o666 & ~umask
