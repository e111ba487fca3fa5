"""The app's notes: the store opened on first use, a brief's notes found again in its current text."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.anchoring import Found, How, anchor_for, reanchor_all
from tui.core.atomic import JOURNAL_DIR
from tui.core.model import Brief, Section
from tui.core.store import Annotation, Store, StoreError, open_store

if TYPE_CHECKING:
    from tui.core.library import Entry


@dataclass(frozen=True, slots=True)
class Placed:
    """A note and where it is in the brief as it is now (None: an orphan, kept and listed)."""

    annotation: Annotation
    found: Found | None


def in_reading_order(brief: Brief, placed: Iterable[Placed]) -> list[Placed]:
    """Notes in the order the brief reads (by section, then place), then those that lost their place."""
    order = {section.id: number for number, section in enumerate(brief.all_sections)}

    def key(item: Placed) -> tuple[int, int, int, str, str]:
        found, note = item.found, item.annotation
        if found is None or found.section not in order:
            return (len(order), 0, 0, note.created, note.id)
        return (order[found.section], found.start, found.end, note.created, note.id)

    return sorted(placed, key=key)


class Notes:
    """Every store operation the reader needs; call from thread workers (each may block on the disk)."""

    def __init__(self, path: Path | None) -> None:
        """Notes kept in the store at `path`; None keeps none (and says so)."""
        self.path = path
        self._store: Store | None = None
        self._opening = threading.Lock()
        self.moved_aside: Path | None = None  # an unreadable store found at `path` and moved here

    @property
    def journal(self) -> Path | None:
        """Where writes under way are recorded (beside the store, in the data dir), if notes are kept."""
        return None if self.path is None else self.path.parent / JOURNAL_DIR

    def store(self) -> Store:
        """The open store; StoreError, with the reason, if notes cannot be kept."""
        with self._opening:
            if self._store is None:
                if self.path is None:
                    raise StoreError("no notes store")
                opened = open_store(self.path)  # tried again at each use: the folder may have been fixed
                self._store, self.moved_aside = opened.store, opened.moved_aside
            return self._store

    def placed(self, brief: str, sections: Iterable[Section]) -> list[Placed]:
        """A brief's notes, each found again in its sections as they are now."""
        notes = self.store().annotations(brief)
        found = reanchor_all((note.anchor for note in notes), sections)
        return [Placed(note, place) for note, place in zip(notes, found, strict=True)]

    def highlight(self, brief: str, section: Section, start: int, end: int, colour: str) -> Placed:
        """Save a highlight of `section.text[start:end]`; on disk when this returns."""
        saved = self.store().save(Annotation(brief, anchor_for(section, start, end), colour=colour))
        return Placed(saved, Found(section.id, start, end, How.EXACT))

    def save(self, annotation: Annotation) -> Annotation:
        """Save a note (new or edited); on disk when this returns."""
        return self.store().save(annotation)

    def delete(self, annotation_id: str) -> bool:
        return self.store().delete(annotation_id)

    def restore(self, annotation_id: str) -> Annotation | None:
        store = self.store()
        return store.get(annotation_id) if store.restore(annotation_id) else None

    def reading_state(self, brief: str) -> dict[str, object]:
        return self.store().reading_state(brief)

    def save_reading_state(self, brief: str, state: Mapping[str, object]) -> None:
        self.store().save_reading_state(brief, state)

    def with_notes(self, entries: list[Entry]) -> list[Entry]:
        """Library entries with their notes counted and where the reader was last, from the store."""
        store = self.store()
        counts = store.counts()
        found = []
        for item in entries:
            at = store.reading_state(item.key).get("at") if item.key else None
            found.append(replace(item, notes=counts.get(item.key, 0), at=at if isinstance(at, str) else ""))
        return found

    def close(self) -> None:
        with self._opening:
            if self._store is not None:
                self._store.close()
                self._store = None
