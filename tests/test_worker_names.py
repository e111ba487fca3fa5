"""Every worker that takes arguments is described: Textual names an undescribed one by the repr of its
arguments, on the event loop (a brief's repr took 260 ms)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "tui"


def undescribed_workers() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for decorator in node.decorator_list:
                call = decorator if isinstance(decorator, ast.Call) else None
                name = call.func if call else decorator
                if isinstance(name, ast.Name) and name.id == "work":
                    described = call is not None and any(keyword.arg == "description" for keyword in call.keywords)
                    if not described and len(node.args.args) > 1:
                        found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}")
    return found


def test_every_worker_with_arguments_has_a_description() -> None:
    assert undescribed_workers() == []
