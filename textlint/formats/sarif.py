"""``--format sarif``: SARIF 2.1.0, as GitHub code scanning takes it.

Columns are code points, which SARIF allows when the run says so
(``columnKind: unicodeCodePoints``).  Fixes become SARIF ``fixes`` with one
replacement per edit.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import PurePath

from textlint import __version__
from textlint.formats import BaseReporter

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/textlint-prose/textlint"


def _uri(path: str) -> str:
    relative = os.path.relpath(path) if os.path.isabs(path) else path
    return PurePath(relative).as_posix()


def rule_descriptor(rule) -> dict:
    from textlint.registry import family_of

    explanation = rule.explanation()
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary or rule.name},
        "fullDescription": {"text": explanation or rule.summary or rule.name},
        "help": {"text": explanation or rule.summary, "markdown": explanation or rule.summary},
        "defaultConfiguration": {"level": "warning", "enabled": bool(rule.default_enabled)},
        "properties": {
            "family": family_of(rule),
            "fix": rule.fix_applicability,
            "tags": ["prose", family_of(rule)],
        },
    }


def _region(item: dict) -> dict:
    return {
        "startLine": item["line"],
        "startColumn": item["column"],
        "endLine": item["end_line"],
        "endColumn": item["end_column"],
    }


class Reporter(BaseReporter):
    def __init__(self, stream, options) -> None:
        super().__init__(stream, options)
        self.results: list[dict] = []

    def write_result(self, result) -> None:
        for d in result.diagnostics:
            entry = {
                "ruleId": d.code,
                "level": "error" if d.severity == "error" else "warning",
                "message": {"text": d.message if d.record is None else f"record {d.record}, line {d.line}: {d.message}"},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _uri(d.path)},
                            "region": _region(d.to_json()),
                        }
                    }
                ],
                "partialFingerprints": {
                    "primaryLocationLineHash": hashlib.sha256(
                        f"{d.code}:{d.source_line}".encode("utf-8", "surrogatepass")
                    ).hexdigest()[:32]
                },
            }
            if d.record is not None:
                # a line inside a JSON Lines record: the record is the file's line
                entry["locations"][0]["physicalLocation"]["region"] = {"startLine": d.record}
                entry["properties"] = {"record": d.record, "line": d.line, "column": d.column}
            if d.fix and d.fix.get("edits") and d.record is None:
                entry["fixes"] = [
                    {
                        "description": {"text": d.fix.get("message") or f"{d.fix['applicability']} fix"},
                        "artifactChanges": [
                            {
                                "artifactLocation": {"uri": _uri(d.path)},
                                "replacements": [
                                    {"deletedRegion": _region(edit), "insertedContent": {"text": edit["content"]}}
                                    for edit in d.fix["edits"]
                                ],
                            }
                        ],
                    }
                ]
            self.results.append(entry)

    def finish(self) -> None:
        from textlint.registry import all_rules

        rules = list(all_rules().values())
        index = {rule.code: position for position, rule in enumerate(rules)}
        extra = sorted({r["ruleId"] for r in self.results} - set(index))
        descriptors = [rule_descriptor(rule) for rule in rules]
        for code in extra:  # E902 and other engine codes
            index[code] = len(descriptors)
            descriptors.append(
                {"id": code, "name": "io-error", "shortDescription": {"text": "A file could not be linted"}}
            )
        for result in self.results:
            result["ruleIndex"] = index[result["ruleId"]]
        document = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "textlint",
                            "version": __version__,
                            "semanticVersion": __version__,
                            "informationUri": INFORMATION_URI,
                            "rules": descriptors,
                        }
                    },
                    "columnKind": "unicodeCodePoints",
                    "results": self.results,
                }
            ],
        }
        json.dump(document, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")
