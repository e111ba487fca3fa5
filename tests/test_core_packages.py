"""The core's packages and the rules between them: what each may import of the others."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .test_layering import imports_of

CORE = Path(__file__).resolve().parents[1] / "tui" / "core"
PACKAGES = sorted(path.name for path in CORE.iterdir() if (path / "__init__.py").is_file())
# What each package may import from the rest of the core (besides itself).
ALLOWED = {
    "outside": set(),
    "brief": {"outside"},
    "notes": {"brief", "outside", "library"},  # library: the entries `Notes.with_notes` counts, a type only
    "display": {"brief", "outside"},
    "claims": {"brief", "display", "outside"},  # claims read together: relations, tables, the map
    "tradecraft": {"brief", "outside"},  # the rules `briefing check` and the evidence lens apply
    "changes": {"brief", "outside"},  # what changed between two versions of a brief (the reader, `briefing diff`)
    "reading": {"brief", "changes", "claims", "display", "notes", "outside", "tradecraft"},
    # Exports read notes through their types and the one door, never the store.
    "export": {
        "brief",
        "claims",
        "display",
        "outside",
        "notes.annotation",
        "notes.anchoring",
        "notes.limits",
        "notes.access",
        "notes.store_errors",
    },
}


def core_imports(path: Path) -> set[str]:
    """The core modules a source file imports, as `package.module` (or a top-level module's name)."""
    found: set[str] = set()
    for name in imports_of(path):
        parts = name.split(".")[2:4]
        if name.startswith("tui.core.") and not (len(parts) == 1 and (CORE / parts[0]).is_dir()):
            found.add(".".join(parts))  # a package alone (`from tui.core.notes import x`) is not a module
    return found


def allowed(package: str, imported: str) -> bool:
    target = imported.split(".", maxsplit=1)[0]
    return target == package or target in ALLOWED[package] or imported in ALLOWED[package]


def breaches(package: str, directory: Path = CORE) -> list[str]:
    return [
        f"{path.relative_to(directory).as_posix()} imports {imported}"
        for path in sorted((directory / package).glob("*.py"))
        for imported in sorted(core_imports(path))
        if not allowed(package, imported)
    ]


def test_the_core_is_grouped_in_the_packages_the_rules_name() -> None:
    assert sorted(ALLOWED) == PACKAGES
    flat = sorted(path.stem for path in CORE.glob("*.py") if path.stem != "__init__")
    assert len(flat) <= 3, f"modules left at the top of tui/core: {flat}"


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_each_package_imports_only_what_its_rule_allows(package: str) -> None:
    assert breaches(package) == []


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_each_package_says_what_it_owns_in_one_line(package: str) -> None:
    doc = ast.get_docstring(ast.parse((CORE / package / "__init__.py").read_text(encoding="utf-8")))
    assert doc
    assert len(doc.splitlines()[0]) <= 110


def test_the_rules_would_notice_the_parser_reading_notes(tmp_path: Path) -> None:
    (tmp_path / "brief").mkdir()
    (tmp_path / "brief" / "rogue.py").write_text("from tui.core.notes.store import Store\n", encoding="utf-8")
    assert breaches("brief", tmp_path) == ["brief/rogue.py imports notes.store"]
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "rogue.py").write_text("from tui.core.notes import store_rows\n", encoding="utf-8")
    assert breaches("export", tmp_path) == ["export/rogue.py imports notes.store_rows"]
