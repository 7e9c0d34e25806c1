"""``--format rdjson``: reviewdog's Diagnostic JSON (``reviewdog -f=rdjson``).

One ``DiagnosticResult`` object, streamed: each finding with its range, its
severity (ERROR or WARNING), its code and help link, and its safe and unsafe
fixes as ``suggestions`` (reviewdog posts them as suggested changes a person
accepts).  See https://github.com/reviewdog/reviewdog/tree/master/proto/rdf.

Positions: lines from 1; columns count UTF-8 bytes from 1, as RDFormat
requires (textlint counts code points elsewhere).  The conversion needs the
text of the position's line, which a finding carries for its first line; a
column on a later line (the end of a finding that spans lines) is converted
only when it is 1, and is otherwise the code-point column, exact for ASCII.
In corpus mode a finding's position is inside a JSON Lines record: the
range names the record's line of the file, with no columns and no
suggestions.
"""
from __future__ import annotations

import json

from textlint.formats import PROJECT_URL, BaseReporter, help_uri, located_message, relative_uri
from textlint.model import ERROR, SAFE, UNSAFE

SOURCE = {"name": "textlint", "url": PROJECT_URL}


def utf8_column(line_text: str, column: int) -> int:
    """The 1-based UTF-8 byte column of code-point ``column`` in ``line_text``."""
    return len(line_text[: column - 1].encode("utf-8", "surrogatepass")) + 1


def position(d, line: int, column: int) -> dict:
    if line == d.line:
        column = utf8_column(d.source_line, column)
    return {"line": line, "column": column}


def _range(d, item: dict) -> dict:
    return {
        "start": position(d, item["line"], item["column"]),
        "end": position(d, item["end_line"], item["end_column"]),
    }


def diagnostic(d) -> dict:
    entry = {
        "message": located_message(d),
        "location": {"path": relative_uri(d.path)},
        "severity": "ERROR" if d.severity == ERROR else "WARNING",
        "source": SOURCE,
        "code": {"value": d.code, "url": help_uri(d.code)},
    }
    if d.record is not None:
        entry["location"]["range"] = {"start": {"line": d.record}}
        return entry
    entry["location"]["range"] = _range(d, d.to_json())
    if d.fix and d.fix.get("applicability") in (SAFE, UNSAFE) and d.fix.get("edits"):
        entry["suggestions"] = [{"range": _range(d, edit), "text": edit["content"]} for edit in d.fix["edits"]]
    return entry


class Reporter(BaseReporter):
    def __init__(self, stream, options) -> None:
        super().__init__(stream, options)
        self.first = True
        self.stream.write(f'{{"source": {json.dumps(SOURCE)}, "diagnostics": [')

    def write_result(self, result) -> None:
        for d in result.diagnostics:
            self.stream.write("\n  " if self.first else ",\n  ")
            self.first = False
            self.stream.write(json.dumps(diagnostic(d), ensure_ascii=False))

    def finish(self) -> None:
        self.stream.write("]}\n" if self.first else "\n]}\n")
