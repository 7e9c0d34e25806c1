"""The codes the engine itself reports: not rules (nothing selects or
ignores them), but explained by ``textlint rule CODE`` like one."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EngineCode:
    code: str
    name: str
    summary: str
    explanation: str
    severity: str = "error"


ENGINE_CODES = {
    "E901": EngineCode(
        "E901",
        "bad-record",
        "A JSON Lines record that cannot be linted",
        """## What it does
In corpus mode (`--jsonl`), reports a line of a JSON Lines file that is not
UTF-8, not valid JSON or not a JSON object, or has no string in the text
field (`--text-field`, default `text`), with its record number. The other
records are linted.

## Why is this bad?
The record's text was not checked, and a pipeline that reads the file will
most likely stumble on the same line.

## Example
```
{"id": 1, "text": "Fine."}
{"id": 2, "text": "cut off
{"id": 3, "body": "no text field"}
```
Lines 2 and 3 are reported as E901.

## Fix safety
None: `fix --output` copies the record unchanged; nothing is dropped.
""",
    ),
    "E902": EngineCode(
        "E902",
        "io-error",
        "A file that could not be read, or a fix that could not be written",
        """## What it does
Reports a file the run could not lint or fix: a binary file, one that
cannot be read (permissions, a broken symbolic link, a folder named as a
file), one whose bytes could not be decoded with certainty (fixes are then
not written), or one that changed on disk between linting and writing the
fix. The run goes on with the other files, as ruff's E902 does.

## Why is this bad?
Nothing in that file was checked, or a fix the report promised did not
happen; a clean summary would hide it.

## Example
```
$ textlint check logo.png.txt
logo.png.txt:1:1: E902 not linted: binary file (NUL and control bytes); not text
```

## Fix safety
None: the message says what to do (restore the link, fix the permissions,
run again once the file stops changing).
""",
    ),
    "E903": EngineCode(
        "E903",
        "too-many-findings",
        "A file with more findings than the report shows",
        """## What it does
Stands for the findings of one file past the cap (`--max-findings-per-file`,
default 10,000): one line, placed at the first finding left out, says that
more are left out, and how many when that is known: in `check`, the rules
that can flood a file (stray spaces, Chinese punctuation, HTML, captions)
stop once the cap is passed, so a page with millions of findings costs what
its first ten thousand do, and their count is not known. `0` lifts the cap.

## Why is this bad?
It is not a defect of its own: a page dense with damage (a scraped page of
non-breaking spaces) would otherwise print gigabytes that nobody reads.

## Example
```
$ textlint check --max-findings-per-file 2 page.txt
page.txt:1:2: S001 ...
page.txt:1:4: S001 ...
page.txt:1:6: E903 More findings not shown from here on: the cap of 2 per file was hit
```

## Fix safety
None of its own: `fix` still applies every fix in the file; only the report is capped.
""",
        severity="warning",
    ),
}


def engine_code(selector: str) -> EngineCode | None:
    """The engine code a selector names by code or name, or None."""
    wanted = selector.strip()
    for entry in ENGINE_CODES.values():
        if wanted.upper() == entry.code or wanted == entry.name:
            return entry
    return None


def engine_diagnostic(code: str, path: str, message: str, record: int | None = None):
    """A whole-file (or whole-record) finding of the engine's own, named and
    graded from the table above, so a code's name and severity live in one place."""
    from textlint.model import Diagnostic

    entry = ENGINE_CODES[code]
    return Diagnostic(path, 1, 1, 1, 1, entry.code, entry.name, message, severity=entry.severity, record=record)
