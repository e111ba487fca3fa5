"""The core stays free of the UI: importing any `tui.core` module loads neither textual nor rich."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import tui.core

CORE_MODULES = sorted(info.name for info in pkgutil.walk_packages(tui.core.__path__, "tui.core."))
PROBE = """
import importlib, sys
importlib.import_module(sys.argv[1])
loaded = sorted({name.split(".")[0] for name in sys.modules} & {"textual", "rich"})
print(",".join(loaded))
"""


def loaded_ui_libraries(*args: str) -> str:
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_the_core_has_modules() -> None:
    assert {"tui.core.brief.parse", "tui.core.brief.model", "tui.core.brief.validate"} <= set(CORE_MODULES)


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_loads_no_ui_library(module: str) -> None:
    assert loaded_ui_libraries(module) == ""


CHECK_PROBE = """
import sys
from tui.__main__ import main
status = main(["check", sys.argv[1]])
loaded = sorted({name.split(".")[0] for name in sys.modules} & {"textual", "rich"})
print(status, ",".join(loaded))
"""


def test_briefing_check_uses_only_the_core(tmp_path) -> None:  # type: ignore[no-untyped-def]
    brief = tmp_path / "b.md"
    brief.write_text("# T\n\n## A\n\ntext\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", CHECK_PROBE, str(brief)], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1].strip() == "0"


def test_the_probe_would_notice_a_ui_import() -> None:
    assert loaded_ui_libraries("rich.text") == "rich"


# Notes behind one door: the SQLite store is reached only through `tui.core.notes.access.Notes`.
STORE_MODULES = {
    "tui.core.notes.store",
    "tui.core.notes.store_errors",
    "tui.core.notes.store_file",
    "tui.core.notes.store_rows",
    "tui.core.notes.store_schema",
    "tui.core.notes.search_index",
    "tui.core.notes.search_sql",
}
STORE_DOOR = {"tui.core.notes.access"}  # and the store's own modules
PACKAGE = Path(tui.core.__file__).resolve().parents[1]


def imports_of(path: Path) -> set[str]:
    """The modules a source file imports (absolute names; `from x import y` gives x and x.y)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)


def store_reached_from() -> list[str]:
    """Modules of the app, outside the store and its door, that import the store or sqlite3."""
    outside = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        if name in STORE_MODULES | STORE_DOOR:
            continue
        # The error types (said to the user) and the store file's name may be used anywhere.
        reached = imports_of(path) & (STORE_MODULES - {"tui.core.notes.store_errors"} | {"sqlite3"})
        reached -= constants_only(path)
        if reached:
            outside.append(f"{name}: {sorted(reached)}")
    return outside


def constants_only(path: Path) -> set[str]:
    """`tui.core.notes.store` if this file takes only the store's file name from it (where the data dir is set up)."""
    names = {
        alias.name
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module == "tui.core.notes.store"
        for alias in node.names
    }
    return {"tui.core.notes.store"} if names <= {"STORE_FILE"} else set()


def test_only_the_notes_module_opens_the_store() -> None:
    assert store_reached_from() == []


def test_the_annotation_types_depend_on_no_store() -> None:
    assert loaded_modules("tui.core.notes.annotation") & STORE_MODULES == set()
    assert "sqlite3" not in loaded_modules("tui.core.notes.annotation")


def test_the_door_check_would_notice_a_screen_opening_the_store(tmp_path: Path) -> None:
    rogue = tmp_path / "rogue.py"
    rogue.write_text("from tui.core.notes.store import open_store\nimport sqlite3\n", encoding="utf-8")
    assert imports_of(rogue) & (STORE_MODULES | {"sqlite3"}) == {"tui.core.notes.store", "sqlite3"}
    assert constants_only(rogue) == set()


MODULES_PROBE = """
import importlib, sys
importlib.import_module(sys.argv[1])
print(",".join(sorted(sys.modules)))
"""


def loaded_modules(module: str) -> set[str]:
    result = subprocess.run([sys.executable, "-c", MODULES_PROBE, module], capture_output=True, text=True, check=True)
    return set(result.stdout.strip().split(","))
