"""Who may import whom: the layer rules of docs/engine.md, read from the source with ``ast``.

Every ``import`` and ``from ... import`` of the project's own folders counts, at module level or
inside a function (a late import is still a dependency); only imports under
``if TYPE_CHECKING:`` are left out, since they never run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: The folders installed under the ``copilote`` import name (pyproject's package-dir).
PACKAGES = ("criteria", "dashboards", "decision", "scenarios")
#: The command line's serving code (``decision serve`` and the Panel files it serves offline):
#: the one place outside dashboards/ that may load Panel.
SERVING = ("copilote.decision.cli.serve", "copilote.decision.cli.offline")
#: ``python -m copilote`` and ``python -m copilote.decision``: the command line's entry points.
ENTRY_POINTS = ("copilote.__main__", "copilote.decision.__main__")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[0] == "copilote":  # copilote/__init__.py, copilote/__main__.py
        parts.pop(0)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(["copilote", *parts])


def project_modules() -> dict[str, Path]:
    own = [p for p in sorted((REPO / "copilote").glob("*.py")) if not p.is_symlink()]
    return {
        module_name(path): path
        for path in own + [p for pkg in PACKAGES for p in sorted((REPO / pkg).rglob("*.py"))]
    }


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            for other in node.orelse:
                yield from _import_nodes(other)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        yield from _import_nodes(node)


def imports_of(module: str, path: Path, known: set[str]) -> set[str]:
    """Every module ``module`` imports: absolute names; ``from a import b`` also gives ``a.b``
    when that is a module."""
    out: set[str] = set()
    is_package = path.name == "__init__.py"
    for node in _import_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
            continue
        base = node.module or ""
        if node.level:  # relative: resolve against this module's package
            package = module.split(".") if is_package else module.split(".")[:-1]
            package = package[: len(package) - (node.level - 1)]
            base = ".".join([*package, *([base] if base else [])])
        out.add(base)
        out.update(f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known)
    return out


MODULES = project_modules()
GRAPH = {name: imports_of(name, path, set(MODULES)) for name, path in MODULES.items()}


def _inside(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def offenders(where: str, forbidden: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """``importer -> imported`` for each module under ``where`` (and not under ``allowed``)
    importing anything under ``forbidden``."""
    return sorted(
        f"{importer} -> {imported}"
        for importer, imported_set in GRAPH.items()
        if _inside(importer, where) and not any(_inside(importer, a) for a in allowed)
        for imported in imported_set
        if _inside(imported, forbidden)
    )


def test_the_reader_sees_the_project() -> None:
    # Guard against a rule passing because nothing was read.
    assert len(MODULES) > 50
    assert "copilote.decision.core.kernels" in GRAPH["copilote.decision.core.mcda"]
    assert "copilote.decision.cli.common" in GRAPH["copilote.decision.cli.rank"]


def test_only_the_command_line_imports_the_command_line() -> None:
    allowed = ("copilote.decision.cli", *ENTRY_POINTS)
    assert offenders("copilote", "copilote.decision.cli", allowed=allowed) == []


def test_the_engine_does_not_import_the_dashboard() -> None:
    assert offenders("copilote.decision", "copilote.dashboards") == []


@pytest.mark.parametrize("library", ["panel", "bokeh"])
def test_panel_and_bokeh_only_in_dashboards_and_serving(library: str) -> None:
    allowed = ("copilote.dashboards", *SERVING)
    assert offenders("copilote", library, allowed=allowed) == []


@pytest.mark.parametrize("layer", ["copilote.decision", "copilote.dashboards"])
def test_criteria_models_import_neither_engine_nor_dashboard(layer: str) -> None:
    assert offenders("copilote.criteria", layer) == []


def test_the_dashboard_leaves_models_and_mcda_libraries_to_the_engine() -> None:
    # The case model and pymcdm/SALib are reached through copilote.decision, never directly.
    for library in ("copilote.criteria", "pymcdm", "SALib"):
        assert offenders("copilote.dashboards", library) == []


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle among the project's modules (as a path a -> ... -> a), or None.

    A package's ``__init__`` importing its own submodules is not counted (importing the
    submodule runs the package first anyway; that is Python's layout, not a design loop).
    """
    edges = {
        m: sorted(d for d in deps if d in graph and d != m and not (_inside(d, m) and m != d))
        for m, deps in graph.items()
    }
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for dep in edges[node]:
            if state.get(dep) == 1:
                return [*stack[stack.index(dep) :], dep]
            if dep not in state and (found := visit(dep)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycles() -> None:
    assert find_cycle(GRAPH) is None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"p": {"p.x"}, "p.x": set()}) is None


def test_a_forbidden_import_is_caught(tmp_path: Path) -> None:
    # The rules bite: a memo module importing the command line's loader would be reported.
    path = tmp_path / "content.py"
    path.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from copilote.dashboards import app\n"
        "def f():\n    from copilote.decision.cli.common import load_source\n",
        encoding="utf-8",
    )
    found = imports_of("copilote.decision.memo.content", path, set(MODULES))
    assert "copilote.decision.cli.common" in found
    assert "copilote.dashboards" not in found  # type-checking only
