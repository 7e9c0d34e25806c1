"""Shared fixtures: running the real command line, and a scratch project."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# In CI the properties draw the same examples on every run, so that whether a
# submission lands does not depend on the draw; on a developer's machine they
# keep drawing new ones, which is where they find bugs.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_93ce79705ac2cf3b.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


class CliResult:
    def __init__(self, proc: subprocess.CompletedProcess) -> None:
        self.code = proc.returncode
        self.out = proc.stdout.decode("utf-8", "replace")
        self.err = proc.stderr.decode("utf-8", "replace")
        self.stdout_bytes = proc.stdout

    def __repr__(self) -> str:
        return f"<exit {self.code}\nstdout:\n{self.out}\nstderr:\n{self.err}>"


def run_cli(*args: str, cwd: Path | str | None = None, stdin: bytes | None = None, env: dict | None = None) -> CliResult:
    """Run ``python -m textlint ARGS`` in a subprocess, as a user would."""
    environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "textlint", *args],
        cwd=cwd,
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env=environment,
        timeout=300,
    )
    return CliResult(proc)


def forget_run_records(project: Path) -> None:
    """Remove the reports kept by earlier check runs (``textlint.runrecord``),
    so that the next run reads the per-file cache: what a test of that cache
    damages would otherwise never be read, the whole report being replayed."""
    import shutil

    for folder in (project / ".textlint_cache").glob("*/runs"):
        shutil.rmtree(folder)


def install_plugin(site: Path, module: str, source: str) -> Path:
    """Put a plugin distribution in ``site`` as pip would lay it out: the
    module, and a ``.dist-info`` registering it under the ``textlint``
    entry-point group (``textlint_csv`` as ``csv``).  Returns ``site``."""
    site.mkdir(parents=True, exist_ok=True)
    (site / f"{module}.py").write_text(source, encoding="utf-8")
    info = site / f"{module}-0.1.0.dist-info"
    info.mkdir()
    name = module.replace("_", "-")
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1.0\n", encoding="utf-8")
    entry = module.removeprefix("textlint_")
    (info / "entry_points.txt").write_text(f"[textlint]\n{entry} = {module}\n", encoding="utf-8")
    return site


def with_plugins(site: Path) -> dict:
    """The environment of a run that loads the plugins in ``site`` into the
    textlint under test: their folder before whatever the run already had."""
    return {"PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))}


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty folder to lint in, outside any repository's configuration."""
    (tmp_path / "textlint.toml").write_text("", encoding="utf-8")
    return tmp_path
