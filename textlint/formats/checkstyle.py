"""``--format checkstyle``: Checkstyle XML, which Jenkins' warnings plugin,
reviewdog (``-f=checkstyle``) and many CI tools read.

As ruff writes it: a ``file`` element per file, an ``error`` per finding with
its line, column, severity (``error`` or ``warning``), message and source
(the code).  Every file checked gets its element, clean ones empty, as
Checkstyle itself writes them.  Streamed one file at a time.
"""
from __future__ import annotations

from textlint.formats import BaseReporter, located_message, relative_uri
from textlint.formats._xml import DECLARATION, attributes
from textlint.model import ERROR


class Reporter(BaseReporter):
    def __init__(self, stream, options) -> None:
        super().__init__(stream, options)
        self.stream.write(DECLARATION + '<checkstyle version="4.3">\n')

    def write_result(self, result) -> None:
        path = relative_uri(result.path)
        if not result.diagnostics:
            self.stream.write(f"  <file {attributes(name=path)}/>\n")
            return
        lines = [f"  <file {attributes(name=path)}>"]
        for d in result.diagnostics:
            in_record = d.record is not None  # the file's line is the record's
            error = attributes(
                line=d.record if in_record else d.line,
                column=None if in_record else d.column,
                severity="error" if d.severity == ERROR else "warning",
                message=located_message(d),
                source=d.code,
            )
            lines.append(f"    <error {error}/>")
        lines.append("  </file>\n")
        self.stream.write("\n".join(lines))

    def finish(self) -> None:
        self.stream.write("</checkstyle>\n")
