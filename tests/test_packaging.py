"""What `pip install .` (not editable: pre-commit installs a hook this way) puts in
site-packages: every package folder of the tree, and the rules' checked-in tables."""
from __future__ import annotations

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _installed_name(folder: Path) -> str:
    """The dotted name a package folder installs as, through package-dir."""
    relative = folder.relative_to(ROOT).parts
    for name, source in SETUPTOOLS["package-dir"].items():
        if relative[: len(Path(source).parts)] == Path(source).parts:
            return ".".join([name, *relative[len(Path(source).parts):]])
    raise AssertionError(f"{folder} is under no package-dir entry")


def test_every_package_folder_is_listed():
    folders = [init.parent for top in ("textlint", "rules") for init in (ROOT / top).rglob("__init__.py")]
    names = {_installed_name(folder) for folder in folders}
    assert names - set(SETUPTOOLS["packages"]) == set(), "add these to [tool.setuptools] packages"
    assert set(SETUPTOOLS["packages"]) - names == set(), "these listed packages have no folder"


def test_the_rules_tables_are_package_data():
    tables = list((ROOT / "rules" / "data").iterdir())
    assert tables, "rules/data holds the checked-in tables"
    patterns = SETUPTOOLS["package-data"]["textlint_rules"]
    assert any(Path("data", table.name).match(pattern) for table in tables for pattern in patterns)
    assert all(any(Path("data", table.name).match(p) for p in patterns) for table in tables)
