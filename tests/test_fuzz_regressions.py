"""Inputs of bench/fuzz.py (issue 14) whose fix was not idempotent: a second
``fix`` changed the text again.  Each is kept here as generated (seed 0), so
that the test does not depend on the fuzzer's sources."""
from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from textlint.api import fix_text

INPUTS = json.loads((Path(__file__).parent / "regressions" / "fuzz_issue14.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("fmt", ["txt", "md"])
@pytest.mark.parametrize("number", [number for number, case in INPUTS.items() if "text" in case])
def test_fixing_a_fixed_text_changes_nothing(number, fmt):
    text = INPUTS[number]["text"]
    once = fix_text(text, f"<fuzz>.{fmt}", select=["ALL"], unsafe=True)
    assert fix_text(once, f"<fuzz>.{fmt}", select=["ALL"], unsafe=True) == once


@pytest.mark.parametrize("fmt", ["txt", "md"])
@pytest.mark.parametrize("number", [number for number, case in INPUTS.items() if "base64" in case])
def test_fixing_a_fixed_file_changes_nothing(number, fmt, cli, project):
    """A file with undecodable bytes: the second run reads them again."""
    path = project / f"input.{fmt}"
    path.write_bytes(base64.b64decode(INPUTS[number]["base64"]))
    first = cli("fix", "--unsafe-fixes", "--select", "ALL", "--exit-zero", path.name, cwd=project)
    assert first.code == 0, first
    once = path.read_bytes()
    second = cli("fix", "--unsafe-fixes", "--select", "ALL", "--exit-zero", path.name, cwd=project)
    assert second.code == 0, second
    assert path.read_bytes() == once
