"""``--format github``: GitHub Actions workflow commands, one per finding."""
from __future__ import annotations

from textlint.formats import BaseReporter


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _record_prefix(d) -> str:
    """In corpus mode the line is inside a JSON Lines record: say which."""
    return "" if d.record is None else f"(record {d.record}, line {d.line}) "


class Reporter(BaseReporter):
    def write_result(self, result) -> None:
        for d in result.diagnostics:
            level = "error" if d.severity == "error" else "warning"
            line, column, end_line, end_column = d.location()  # a record's line in corpus mode
            self.stream.write(
                f"::{level} title={_escape_property('textlint (' + d.code + ')')},"
                f"file={_escape_property(d.path)},line={line},col={column},"
                f"endLine={end_line},endColumn={end_column}::"
                f"{_escape_data(f'{d.code} {_record_prefix(d)}{d.message}')}\n"
            )
