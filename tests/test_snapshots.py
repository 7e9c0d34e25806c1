"""Snapshot tests: what each rule finds and fixes on its own fixture, and every
finding on the seed and the fixtures, through the command line.

``tests/snapshots/<CODE>/`` holds, per rule (ruff's ``assert_diagnostics!``):

- ``input*.<ext>``: the cases the rule must find and legitimate uses it must
  leave alone (taken from the rule's tests);
- ``textlint.toml``: selects that rule alone and lints only the inputs;
- ``expected.json``: its findings (path, line, column, end, code, message,
  fix applicability), sorted;
- ``fixed*.<ext>``: each input after ``textlint fix --unsafe-fixes``.

``tests/snapshots/tree/{seeds,fixtures}.jsonl`` hold every finding (fixes
and all) of ``textlint check`` on ``seeds/`` and ``tests/fixtures/``, one per
line, sorted: a refactor that changes any finding fails here.

After an intended change, rewrite them and review the diff::

    TEXTLINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_snapshots.py
    git diff tests/snapshots
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_cli
from textlint.model import Fix
from textlint.registry import all_rules

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
TREES = {"seeds": ROOT / "seeds", "fixtures": FIXTURES}
UPDATE = bool(os.environ.get("TEXTLINT_UPDATE_SNAPSHOTS"))
REGENERATE = "TEXTLINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_snapshots.py"
CHECK = ("check", "--no-cache", "--exit-zero", "--max-findings-per-file", "0", "--format", "json")


def _rule_dirs() -> list[Path]:
    return sorted(path for path in SNAPSHOTS.iterdir() if (path / "textlint.toml").is_file())


def _inputs(folder: Path) -> list[Path]:
    return sorted(folder.glob("input*"))


def _fixed_name(path: Path) -> str:
    return "fixed" + path.name[len("input"):]


def _json(text: str) -> list[dict]:
    return json.loads(text) if text.strip() else []


def _order(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: (r["path"], r["line"], r["column"], r["end_line"], r["end_column"], r["code"]))


@pytest.fixture(scope="module")
def linted() -> dict[str, list[dict]]:
    """Every snapshot folder's findings, from one run over them all."""
    folders = [path.name for path in _rule_dirs()]
    result = run_cli(*CHECK, *folders, cwd=SNAPSHOTS)
    assert result.code == 0, result
    by_folder: dict[str, list[dict]] = {name: [] for name in folders}
    for item in _json(result.out):
        folder, name = item["path"].split("/", 1)
        by_folder[folder].append({
            "path": name,
            "line": item["line"],
            "column": item["column"],
            "end_line": item["end_line"],
            "end_column": item["end_column"],
            "code": item["code"],
            "message": item["message"],
            "fix": item["fix"]["applicability"] if item["fix"] else None,
        })
    return {name: _order(rows) for name, rows in by_folder.items()}


@pytest.fixture(scope="module")
def fixed(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    """Every snapshot folder's inputs after ``fix --unsafe-fixes``, fixed in a copy."""
    root = tmp_path_factory.mktemp("snapshots")
    for folder in _rule_dirs():
        (root / folder.name).mkdir()
        for path in [folder / "textlint.toml", *_inputs(folder)]:
            shutil.copyfile(path, root / folder.name / path.name)
    result = run_cli("fix", "--no-cache", "--exit-zero", "--unsafe-fixes", *sorted(p.name for p in root.iterdir()), cwd=root)
    assert result.code == 0, result
    return {
        folder.name: {_fixed_name(path): (root / folder.name / path.name).read_bytes() for path in _inputs(folder)}
        for folder in _rule_dirs()
    }


def _compare(path: Path, actual: bytes, what: str) -> None:
    if UPDATE:
        if not path.exists() or path.read_bytes() != actual:
            path.write_bytes(actual)
        return
    assert path.exists(), f"{path} is missing; write it with: {REGENERATE}"
    assert actual == path.read_bytes(), f"{what} differs from {path}; if intended, run: {REGENERATE}"


def test_every_rule_has_a_snapshot_and_every_snapshot_a_rule():
    assert [path.name for path in _rule_dirs()] == sorted(all_rules())
    for folder in _rule_dirs():
        assert _inputs(folder), f"{folder} has no input file"


@pytest.mark.parametrize("code", sorted(all_rules()))
def test_rule_findings_match_the_snapshot(code, linted):
    rows = linted[code]
    assert rows, f"{code}'s fixture reaches no finding"
    assert {row["code"] for row in rows} == {code}
    # the rule's declared fix policy holds here too (D003, which needs a whole run, is checked only here)
    policy = all_rules()[code].fix_policy
    broken = [row for row in rows if policy.violation(Fix([], row["fix"]) if row["fix"] else None)]
    assert not broken, f"{code} declares {policy} ({policy.availability}) but reported {broken[:3]}"
    text = "[\n" + ",\n".join(json.dumps(row, ensure_ascii=False, sort_keys=True) for row in rows) + "\n]\n"
    _compare(SNAPSHOTS / code / "expected.json", text.encode("utf-8"), f"{code}'s findings")


@pytest.mark.parametrize("code", sorted(all_rules()))
def test_rule_fixes_match_the_snapshot(code, fixed):
    for name, data in fixed[code].items():
        _compare(SNAPSHOTS / code / name, data, f"{code}'s fixed text")


@pytest.mark.parametrize("tree", sorted(TREES))
def test_every_finding_on_the_tree_matches_the_snapshot(tree):
    result = run_cli(*CHECK, ".", cwd=TREES[tree])
    assert result.code == 0, result
    rows = _order(_json(result.out))
    assert rows, f"nothing found in {tree}: the snapshot would hold nothing"
    text = "".join(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n" for row in rows)
    _compare(SNAPSHOTS / "tree" / f"{tree}.jsonl", text.encode("utf-8"), f"the findings on {tree}")
