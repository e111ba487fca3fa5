"""Which notes lost their place: each brief with notes read and its notes found again (for `is:orphan`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from tui.core.brief.parse import load_brief
from tui.core.notes.access import Notes
from tui.core.outside.problems import BriefError


def orphan_ids(
    notes: Notes, path_of: Callable[[str], Path | None], keys: Iterable[str]
) -> tuple[frozenset[str], list[str]]:
    """The ids of the notes of these briefs (keys) that lost their place, and the keys of the briefs that could
    not be checked (`path_of` knows no file for them, or it cannot be read): whether their notes still have a
    place is not known."""
    found: set[str] = set()
    unchecked: list[str] = []
    for key in keys:
        path = path_of(key)
        if path is None:
            unchecked.append(key)
            continue
        try:
            brief, _ = load_brief(path)
        except BriefError:
            unchecked.append(key)
            continue
        for placed in notes.load(key, brief.all_sections).placed:
            if placed.found is None or brief.section(placed.found.section) is None:
                found.add(placed.annotation.id)
    return frozenset(found), unchecked
