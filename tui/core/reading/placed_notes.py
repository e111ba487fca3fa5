"""A brief's notes as the reader holds them: where each one is, the undo stack, notes made while they load."""

from __future__ import annotations

from tui.core.notes.access import Loaded, Placed
from tui.core.notes.anchoring import Found, How
from tui.core.notes.annotation import Annotation


class PlacedNotes:
    """The notes of the brief open, placed in its text as it is now, and the deletions undo brings back.

    Plain data and rules, no store calls: the screen runs those in workers and reports here.
    """

    def __init__(self) -> None:
        self.placed: list[Placed] = []  # this brief's notes, where they are now
        self.undo: list[str] = []  # ids of the notes deleted, the last one last
        self.unreadable = ""  # what to say of the notes that could not be read ("2 notes could not...")
        self.read = False  # whether the store's notes have been read (once the brief is loaded)

    def merge_loaded(self, loaded: Loaded, since: str) -> None:
        """The notes read from the store (the read started at `since`) replace those held.

        Notes made while these were read (m pressed meanwhile) stay; others not read are gone.
        """
        placed = loaded.placed
        ids = {p.annotation.id for p in placed}
        made_since = [p for p in self.placed if p.annotation.id not in ids and p.annotation.created > since]
        self.placed = placed + made_since
        self.unreadable = loaded.skipped.notice()  # for the notes list
        self.read = True

    @property
    def orphans(self) -> int:
        """How many notes lost their place (kept, listed last in `A`)."""
        return sum(1 for placed in self.placed if placed.found is None)

    def highlights(self, section_id: str) -> list[tuple[int, int, str, bool]]:
        """The highlights to draw in a section: (start, end, colour, whether a note is written on it)."""
        return [
            (p.found.start, p.found.end, p.annotation.colour, bool(p.annotation.note.strip()))
            for p in self.placed
            if p.found is not None and p.found.section == section_id
        ]

    def on(self, section_id: str, start: int, end: int) -> list[Placed]:
        """The notes that overlap `start`..`end` of a section (a sentence)."""
        return [
            p
            for p in self.placed
            if p.found is not None and p.found.section == section_id and p.found.start < end and p.found.end > start
        ]

    def highlighted(self, section_id: str, start: int, end: int) -> bool:
        """Whether a note covers exactly `start`..`end` of a section already."""
        return any(p.found == Found(section_id, start, end, p.found.how) for p in self.placed if p.found)

    def add(self, placed: Placed) -> None:
        self.placed.append(placed)

    def saved(self, saved: Annotation) -> None:
        """A note saved from the editor: its place as before, or its anchor's for a new one."""
        old = next((p for p in self.placed if p.annotation.id == saved.id), None)
        anchor = saved.anchor
        found = old.found if old else Found(anchor.section, anchor.start, anchor.end, How.EXACT)
        if old is not None:
            self.placed.remove(old)
        self.placed.append(Placed(saved, found))

    def reattached(self, old: Placed, new: Placed) -> None:
        """An orphan attached at a new place."""
        if old in self.placed:
            self.placed.remove(old)
        self.placed.append(new)

    @staticmethod
    def newest(on: list[Placed]) -> Placed:
        """The newest of the notes `on` a sentence: the one `a` edits and `d` deletes."""
        return max(on, key=lambda p: p.annotation.created)

    @staticmethod
    def written(on: list[Placed]) -> list[Annotation]:
        """The notes `on` a sentence that say something (text or tags), oldest first: what the panel shows."""
        return sorted((p.annotation for p in on if p.annotation.note or p.annotation.tags), key=lambda n: n.created)

    def take_newest(self, on: list[Placed]) -> Placed:
        """The newest of the notes `on` a sentence, taken away before the store deletes it (shown gone at once)."""
        newest = self.newest(on)
        self.placed.remove(newest)
        return newest

    def take(self, annotation_id: str) -> None:
        """A note deleted from the notes list, taken away before the store deletes it (the reader shows it gone)."""
        self.placed = [p for p in self.placed if p.annotation.id != annotation_id]

    def undone_elsewhere(self, annotation_id: str) -> None:
        """The notes list undid this deletion itself: the reader's `u` no longer brings it back."""
        if annotation_id in self.undo:
            self.undo.remove(annotation_id)

    def deleted(self, placed: Placed) -> None:
        """The store deleted a note: undo can bring it back."""
        self.undo.append(placed.annotation.id)

    def not_deleted(self, placed: Placed) -> None:
        """The store could not delete a note taken away: it is back."""
        self.placed.append(placed)

    def next_undo(self) -> str | None:
        """The id of the note deleted last, taken off the undo stack (None: nothing to undo)."""
        return self.undo.pop() if self.undo else None
