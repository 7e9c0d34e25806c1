"""``--format junit``: JUnit XML, for CI test report views.

As ruff writes it: a ``testsuite`` per file and, in it, a ``testcase`` per
finding holding one ``failure`` (many viewers read only one failure per test
case, so a finding is its own case).  Unlike ruff, a file without findings
is a suite with one passing case, so the report counts every file checked.
Streamed: a file's suite is written when its result arrives; the totals are
on each suite (the root ``testsuites`` carries none, which the JUnit
schemas allow, so nothing waits for the end of the run).
"""
from __future__ import annotations

from textlint.formats import BaseReporter, located_message, relative_uri
from textlint.formats._xml import DECLARATION, attributes, text


class Reporter(BaseReporter):
    def __init__(self, stream, options) -> None:
        super().__init__(stream, options)
        self.stream.write(DECLARATION + f"<testsuites {attributes(name='textlint')}>\n")

    def write_result(self, result) -> None:
        path = relative_uri(result.path)
        findings = result.diagnostics
        suite = attributes(
            name=path, tests=max(1, len(findings)), failures=len(findings), errors=0, skipped=0, package="textlint"
        )
        lines = [f"  <testsuite {suite}>"]
        for d in findings:
            if d.record is None:
                line, column, detail = d.line, d.column, f"line {d.line}, col {d.column}, {d.code} {d.message}"
            else:  # the file's line is the record's; the column is inside the record's text
                line, column, detail = d.record, None, f"{d.code} {located_message(d)}"
            case = attributes(name=f"textlint.{d.code}", classname=path, file=path, line=line, column=column)
            failure = attributes(message=located_message(d), type=d.code)
            lines.append(f"    <testcase {case}>")
            lines.append(f"      <failure {failure}>{text(detail)}</failure>")
            lines.append("    </testcase>")
        if not findings:
            lines.append(f"    <testcase {attributes(name='textlint', classname=path, file=path)}/>")
        lines.append("  </testsuite>\n")
        self.stream.write("\n".join(lines))

    def finish(self) -> None:
        self.stream.write("</testsuites>\n")
