"""Output formats: each module offers a Reporter fed one FileResult at a time.

Reporters stream: text, github and json write as results arrive, so a run
over a corpus never holds every finding in memory (SARIF, one document,
collects its results).
"""
from __future__ import annotations

import importlib

FORMATS = ("text", "json", "github", "sarif")


def reporter(name: str, stream, options):
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}")
    module = importlib.import_module(f"textlint.formats.{name}")
    return module.Reporter(stream, options)


class BaseReporter:
    """Counts what it is shown; subclasses write."""

    def __init__(self, stream, options) -> None:
        self.stream = stream
        self.options = options
        self.found = 0
        self.fixable = 0
        self.fixed = 0
        self.files = 0
        self.by_code: dict[str, int] = {}

    def add(self, result) -> None:
        self.files += 1
        self.fixed += result.fixed
        for diagnostic in result.diagnostics:
            self.found += 1
            self.by_code[diagnostic.code] = self.by_code.get(diagnostic.code, 0) + 1
            if diagnostic.fix and diagnostic.fix.get("applicability") == "safe":
                self.fixable += 1
        self.write_result(result)

    def write_result(self, result) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def finish(self) -> None:
        pass
