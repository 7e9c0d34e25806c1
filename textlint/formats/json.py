"""``--format json``: one JSON array of findings (see DESIGN.md)."""
from __future__ import annotations

import json

from textlint.formats import BaseReporter


class Reporter(BaseReporter):
    def __init__(self, stream, options) -> None:
        super().__init__(stream, options)
        self.first = True
        self.stream.write("[")

    def write_result(self, result) -> None:
        write, dumps = self.stream.write, json.dumps
        for diagnostic in result.diagnostics:
            write(("\n  " if self.first else ",\n  ") + dumps(diagnostic.to_json(), ensure_ascii=False))
            self.first = False

    def finish(self) -> None:
        self.stream.write("]\n" if self.first else "\n]\n")
