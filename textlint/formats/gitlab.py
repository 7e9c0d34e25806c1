"""``--format gitlab``: a GitLab Code Quality report (a JSON array, streamed).

Each finding: ``description`` (its code, then its message: GitLab shows no
other field in the merge request widget), ``check_name`` (the code),
``severity`` (``major`` for an error, ``minor`` for a warning), and
``location.path`` with ``location.lines.begin``.  Paths are relative to
``$CI_PROJECT_DIR`` when GitLab sets it, as the report's paths must be.
``fingerprint`` is unique within the report and stable across runs while
the finding stays: a hash of the path, the code and the content of the
line, and how many findings before it in the file share that hash (see
``textlint.formats.Fingerprints``), so moving a line does not make the
finding new, and two on one line, or on two identical lines, stay two.
"""
from __future__ import annotations

import json
import os

from textlint.formats import BaseReporter, Fingerprints, located_message, relative_uri
from textlint.model import ERROR


class Reporter(BaseReporter):
    def __init__(self, stream, options) -> None:
        super().__init__(stream, options)
        self.root = os.environ.get("CI_PROJECT_DIR") or None
        self.fingerprint = Fingerprints()
        self.first = True
        self.stream.write("[")

    def write_result(self, result) -> None:
        for d in result.diagnostics:
            self.stream.write("\n  " if self.first else ",\n  ")
            self.first = False
            self.stream.write(json.dumps(self.issue(d), ensure_ascii=False))

    def issue(self, d) -> dict:
        path = relative_uri(d.path, self.root)
        if d.record is None:
            lines = {"begin": d.line, "end": d.end_line}
        else:  # inside a JSON Lines record: the record is the file's line
            lines = {"begin": d.record, "end": d.record}
        return {
            "description": f"{d.code}: {located_message(d)}",
            "check_name": d.code,
            "fingerprint": self.fingerprint(d, path).replace(":", "-"),
            "severity": "major" if d.severity == ERROR else "minor",
            "location": {"path": path, "lines": lines},
        }

    def finish(self) -> None:
        self.stream.write("]\n" if self.first else "\n]\n")
