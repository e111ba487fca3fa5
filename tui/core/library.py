"""Finding brief files in folders."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

BRIEF_SUFFIXES = (".md", ".markdown")


def is_brief_file(path: Path) -> bool:
    """Whether a path names a markdown file by its suffix."""
    return path.suffix.lower() in BRIEF_SUFFIXES


def briefs_in(folder: Path) -> list[Path]:
    """The markdown files below a folder, sorted; hidden folders and files are skipped."""
    found: list[Path] = []
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        found.extend(Path(root, name) for name in files if not name.startswith(".") and is_brief_file(Path(name)))
    return sorted(found)


def expand(paths: Iterable[Path]) -> Iterator[Path]:
    """Each path as given, with folders replaced by the briefs inside them."""
    for path in paths:
        if path.is_dir():
            yield from briefs_in(path)
        else:
            yield path
