"""Which notes lost their place: each brief with notes read from its file and its notes found again in it.

For `is:orphan` in the notes browser. A note is an orphan when its brief's text no
longer holds what it quoted, or when its brief cannot be found (not in the library)
or read: such notes are kept and listed, never dropped. The briefs are read one at a
time and `progress` is told after each, so a screen can say how far it is and stop.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from tui.core.brief.parse import load_brief
from tui.core.notes.access import Notes
from tui.core.notes.anchoring import reanchor_all
from tui.core.outside.problems import BriefError


@dataclass(frozen=True, slots=True)
class Orphans:
    """The ids of the notes that lost their place, and the briefs whose file was missing or unreadable."""

    ids: frozenset[str]
    briefs_missing: tuple[str, ...] = ()  # brief keys with notes and no file in the library
    briefs_unreadable: tuple[str, ...] = ()  # brief keys whose file could not be read at all


def find_orphans(
    notes: Notes,
    paths: Mapping[str, Path],
    *,
    progress: Callable[[int, int], None] = lambda _done, _total: None,
    cancelled: Callable[[], bool] = lambda: False,
    keys: Iterable[str] | None = None,
) -> Orphans | None:
    """The orphans among every brief's notes; `paths` gives each brief key's file (the library's).

    `keys`: only these briefs' notes (default: every brief's). `progress(done, total)` is called
    after each brief; None if `cancelled()` turned true on the way.
    Blocks on the store and the disk: call it in a thread.
    """
    counts = notes.note_counts()
    wanted = set(counts) if keys is None else set(keys)
    keys = sorted(key for key, count in counts.items() if count > 0 and key in wanted)
    store = notes.store()
    ids: set[str] = set()
    missing: list[str] = []
    unreadable: list[str] = []
    for done, key in enumerate(keys, start=1):
        if cancelled():
            return None
        annotations = store.read(key).annotations
        path = paths.get(key)
        if path is None:
            missing.append(key)
            ids.update(note.id for note in annotations)
        else:
            try:
                brief, _problems = load_brief(path)
            except (BriefError, OSError):
                unreadable.append(key)
                ids.update(note.id for note in annotations)
            else:
                found = reanchor_all((note.anchor for note in annotations), brief.all_sections)
                ids.update(note.id for note, place in zip(annotations, found, strict=True) if place is None)
        progress(done, len(keys))
    return Orphans(frozenset(ids), tuple(missing), tuple(unreadable))
