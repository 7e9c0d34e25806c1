"""``--format sarif``: SARIF 2.1.0, as GitHub code scanning takes it.

Columns count Unicode code points, as everywhere in textlint; the run says so
with ``columnKind: unicodeCodePoints`` (SARIF's default is UTF-16 code
units, which differ only after a character beyond U+FFFF, such as an emoji).
Fixes become SARIF ``fixes`` with one replacement per edit.  Each rule's
``helpUri`` is the README's rule table at this version's tag, and its
``help`` carries the whole explanation ``textlint rule CODE`` prints, so
nothing points at a website the project does not have.

The rule table is known before the run, E901-E903 included, so the
document is streamed: its head, then each result as its file arrives.
"""
from __future__ import annotations

import json

from textlint.version import __version__
from textlint.formats import (
    engine_codes,
    PROJECT_URL,
    BaseReporter,
    Fingerprints,
    help_uri,
    located_message,
    relative_uri,
)
from textlint.model import ERROR

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = PROJECT_URL


def rule_descriptor(rule) -> dict:
    from textlint.registry import family_of

    explanation = rule.explanation() or rule.summary or rule.name
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary or rule.name},
        "fullDescription": {"text": explanation},
        "help": {"text": explanation, "markdown": explanation},
        "helpUri": help_uri(rule.code),
        "defaultConfiguration": {"level": _level(rule.severity), "enabled": bool(rule.default_enabled)},
        "properties": {
            "family": family_of(rule),
            "fix": str(rule.fix_policy),
            "tags": ["prose", family_of(rule)],
        },
    }


def engine_descriptor(code: str) -> dict:
    entry = engine_codes()[code]
    return {
        "id": code,
        "name": entry.name,
        "shortDescription": {"text": entry.summary},
        "fullDescription": {"text": f"{entry.summary}. Reported by the engine, not a rule; a {entry.severity}."},
        "help": {"text": entry.explanation},
        "helpUri": help_uri(code),
        "defaultConfiguration": {"level": _level(entry.severity), "enabled": True},
        "properties": {"family": "E", "fix": "none", "tags": ["prose", "E"]},
    }


def _level(severity: str) -> str:
    return "error" if severity == ERROR else "warning"


def _region(item: dict) -> dict:
    return {
        "startLine": item["line"],
        "startColumn": item["column"],
        "endLine": item["end_line"],
        "endColumn": item["end_column"],
    }


def _fixes(d) -> list[dict]:
    return [
        {
            "description": {"text": d.fix.get("message") or f"{d.fix['applicability']} fix"},
            "artifactChanges": [
                {
                    "artifactLocation": {"uri": relative_uri(d.path)},
                    "replacements": [
                        {"deletedRegion": _region(edit), "insertedContent": {"text": edit["content"]}}
                        for edit in d.fix["edits"]
                    ],
                }
            ],
        }
    ]


class Reporter(BaseReporter):
    def __init__(self, stream, options) -> None:
        super().__init__(stream, options)
        from textlint.registry import all_rules

        descriptors = [rule_descriptor(rule) for rule in all_rules().values()]
        descriptors += [engine_descriptor(code) for code in engine_codes()]
        self.rule_index = {descriptor["id"]: index for index, descriptor in enumerate(descriptors)}
        self.fingerprint = Fingerprints()
        self.first = True
        driver = {
            "name": "textlint",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": INFORMATION_URI,
            "rules": descriptors,
        }
        self.stream.write(
            f'{{\n"$schema": {json.dumps(SCHEMA)},\n"version": "2.1.0",\n"runs": [{{\n'
            f'"tool": {{"driver": {json.dumps(driver, ensure_ascii=False, indent=2)}}},\n'
            f'"columnKind": "unicodeCodePoints",\n"results": ['
        )

    def write_result(self, result) -> None:
        for d in result.diagnostics:
            self.stream.write("\n" if self.first else ",\n")
            self.first = False
            self.stream.write(json.dumps(self.entry(d), ensure_ascii=False))

    def entry(self, d) -> dict:
        region = _region(d.to_json()) if d.record is None else {"startLine": d.record}
        entry = {
            "ruleId": d.code,
            "level": _level(d.severity),
            "message": {"text": located_message(d)},
            "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": relative_uri(d.path)}, "region": region}}
            ],
            "partialFingerprints": {"primaryLocationLineHash": self.fingerprint(d)},
        }
        if d.code in self.rule_index:  # a code a rule reports besides its own has no descriptor
            entry["ruleIndex"] = self.rule_index[d.code]
        if d.record is not None:
            # a line inside a JSON Lines record: the record is the file's line
            entry["properties"] = {"record": d.record, "line": d.line, "column": d.column}
        elif d.fix and d.fix.get("edits"):
            entry["fixes"] = _fixes(d)
        return entry

    def finish(self) -> None:
        self.stream.write("\n]\n}]\n}\n")
