"""The engine's modules import one another in one direction only.

A cycle makes a module's meaning depend on which side was imported first,
and hides a layer that was meant to be below another; an import inside a
function is still an edge (it runs, only later).  Imports under ``if
TYPE_CHECKING:`` are left out: they are annotations, never run.  The edge
goes to the module named (``from textlint.structures.spans import X`` is an
edge to ``textlint.structures.spans``), not to each package above it.
"""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "textlint"


def _module_name(path: Path, package: Path) -> str:
    parts = [package.name, *path.relative_to(package).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    found = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return found


def _modules(package: Path = PACKAGE) -> dict[str, Path]:
    return {_module_name(path, package): path for path in package.rglob("*.py")}


def _imported(name: str, path: Path, files: dict[str, Path]) -> set[str]:
    """Every module ``name`` imports, anywhere in its code, inside the package or not."""
    is_package = path.name == "__init__.py"
    targets: set[str] = set()
    for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
            continue
        base = node.module or ""
        if node.level:
            anchor = name.split(".") if is_package else name.split(".")[:-1]
            anchor = anchor[: len(anchor) - node.level + 1]
            base = ".".join(anchor + ([base] if base else []))
        # ``from package import module`` names the module; else the names are attributes
        targets.update(f"{base}.{alias.name}" if f"{base}.{alias.name}" in files else base for alias in node.names)
    return targets


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the modules of the package it imports, anywhere in its code."""
    files = _modules(package)
    return {
        name: {target for target in _imported(name, path, files) if target in files and target != name}
        for name, path in files.items()
    }


def _all_imports(package: Path = PACKAGE) -> dict[str, set[str]]:
    files = _modules(package)
    return {name: _imported(name, path, files) for name, path in files.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_imports_inside_functions_and_relative_ones(tmp_path):
    package = tmp_path / "textlint"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("def f():\n    from textlint import b\n")
    (package / "b.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from textlint import a\nfrom .sub import c\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "c.py").write_text("import textlint.a\n")
    graph = import_graph(package)
    assert graph["textlint.a"] == {"textlint.b"}
    assert graph["textlint.b"] == {"textlint.sub.c"}
    assert cycles(graph) == [["textlint.a", "textlint.b", "textlint.sub.c"]]


def test_no_import_cycle_in_the_engine():
    assert cycles(import_graph()) == []


def test_the_engine_names_no_rule_module():
    """The engine knows no defect: what a rule family knows (how to read a
    legacy encoding, where Han characters are) reaches it through a hook."""
    named = {
        module: sorted(imported for imported in imports if imported.startswith("textlint_rules"))
        for module, imports in _all_imports().items()
    }
    assert {module: names for module, names in named.items() if names} == {}
