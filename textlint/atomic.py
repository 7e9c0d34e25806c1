"""Writing a file whole or not at all: the one way textlint replaces a file.

The bytes go to a temporary file in the target's folder (so the rename stays
on one file system), are fsynced, and the temporary file is renamed over the
target (``os.replace``); a run that fails or is interrupted removes it and
leaves the target as it was.  Fixed files (``files.write_atomically``, which
adds its "changed since it was read" check), the ``--output-file`` report,
corpus outputs and tags (``corpus_files``) and the result cache's shards all
write through :class:`AtomicFile`.  Written here rather than with a library:
the well-known one (``atomicwrites``) is archived.
"""
from __future__ import annotations

import os
import tempfile
from typing import Callable


class AtomicFile:
    """A temporary file beside ``target``, put in place by :meth:`commit`.

    ``stream`` is open for writing: bytes, or text when ``encoding`` is
    given (with ``errors`` and ``newline`` as ``open`` takes them).  ``mode``
    is set on the temporary file at once (``mkstemp`` makes it 0600).  A
    writer that opens the file by its name (Parquet) closes ``stream`` and
    writes to ``temporary``; the commit then fsyncs it by name.
    ``durable=False`` skips the fsync, for files whose loss costs only time
    (the cache).
    """

    def __init__(
        self,
        target: str,
        mode: int | None = None,
        *,
        prefix: str = ".textlint-",
        encoding: str | None = None,
        errors: str | None = None,
        newline: str | None = None,
        durable: bool = True,
    ) -> None:
        self.target = target
        self.durable = durable
        self.done = False
        folder = os.path.dirname(os.path.abspath(target))
        handle, self.temporary = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
        try:
            if mode is not None:
                os.chmod(self.temporary, mode)
            if encoding is None:
                self.stream = os.fdopen(handle, "wb")
            else:
                self.stream = os.fdopen(handle, "w", encoding=encoding, errors=errors, newline=newline)
        except BaseException:
            os.close(handle)
            _unlink(self.temporary)
            raise

    def commit(self, mode: int | None = None, before_replace: Callable[[], None] | None = None) -> None:
        """Put the file in place: flush, fsync, set ``mode`` if given, call
        ``before_replace`` (which may raise to keep the target as it is),
        rename.  On any error the temporary file is removed."""
        try:
            if not self.stream.closed:
                self.stream.flush()
                if self.durable:
                    os.fsync(self.stream.fileno())
                self.stream.close()
            elif self.durable:
                with open(self.temporary, "rb") as handle:
                    os.fsync(handle.fileno())
            if mode is not None:
                os.chmod(self.temporary, mode)
            if before_replace is not None:
                before_replace()
            os.replace(self.temporary, self.target)
            self.done = True
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Drop the temporary file (after a commit there is nothing to drop)."""
        if self.done:
            return
        try:
            if not self.stream.closed:
                self.stream.close()
        except Exception:  # noqa: BLE001 - the file is being thrown away
            pass
        _unlink(self.temporary)

    def __enter__(self) -> "AtomicFile":
        return self

    def __exit__(self, kind, error, trace) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
