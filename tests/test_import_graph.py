"""The package's modules import one another without a circle: each can be read (and changed) on its own."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

import tui

PACKAGE = Path(tui.__file__).resolve().parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The names an import statement loads, absolute (a relative import resolved from `module`)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        here = module.split(".") if is_package else module.split(".")[:-1]
        here = here[: len(here) - (node.level - 1)]
        base = ".".join([*here, base] if base else here)
    # `from tui.core import brief` loads the module (or package) tui.core.brief; `from tui.core.brief import X` it too.
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def is_type_checking(node: ast.AST) -> bool:
    """An `if TYPE_CHECKING:` block: imports for the type checker only, never run."""
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def run_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """The import statements of a module that run: anywhere (in a function too), but not for types only."""
    found: list[ast.Import | ast.ImportFrom] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif is_type_checking(node):
            assert isinstance(node, ast.If)
            stack.extend(node.orelse)
        else:
            stack.extend(ast.iter_child_nodes(node))
    return found


def import_graph() -> dict[str, set[str]]:
    """Each module of `tui` and the modules of `tui` it imports when run (in a function too)."""
    paths = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        targets: set[str] = set()
        for node in run_imports(tree):
            names = imported(node, module, path.name == "__init__.py")
            targets |= {name for name in names if name in paths and name != module}
        graph[module] = targets
    return graph


def find_cycle(graph: Mapping[str, set[str]]) -> list[str] | None:
    """A circle of imports (its modules, the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)) is not None:
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)) is not None:
            return cycle
    return None


def test_the_graph_holds_the_reader_and_its_commands() -> None:
    graph = import_graph()
    assert "tui.core.reading.state" in graph["tui.commands.brief"]
    assert "tui.commands.brief" in graph["tui.screens.reader"]


def test_the_tui_package_has_no_import_cycle() -> None:
    assert find_cycle(import_graph()) is None


def test_a_cycle_is_found_in_a_small_graph() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_an_import_inside_a_function_counts_and_one_for_types_only_does_not() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from tui.core.library import Entry\n"
        "def f():\n    from tui.screens.reader import ReaderScreen\n"
    )
    modules = {name for node in run_imports(ast.parse(source)) for name in imported(node, "tui.commands.brief", False)}
    assert "tui.screens.reader" in modules
    assert "tui.core.library" not in modules


def test_a_relative_import_is_resolved() -> None:
    node = ast.parse("from ..core import reading").body[0]
    assert isinstance(node, ast.ImportFrom)
    assert "tui.core.reading" in imported(node, "tui.commands.brief", False)
