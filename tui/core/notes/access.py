"""The app's notes: the store opened on first use, a brief's notes found again in its current text."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.brief.model import Brief, Section
from tui.core.notes.anchoring import Found, How, anchor_for, reanchor_all
from tui.core.notes.annotation import Anchor, Annotation
from tui.core.notes.limits import too_big
from tui.core.notes.note_query import NoteQuery
from tui.core.notes.store import Hit, Merged, SearchCancelled, SearchPage, Skipped, Store, open_store
from tui.core.notes.store_errors import DeletedElsewhere, NotRestored, StoreError, TooBig
from tui.core.outside.atomic import JOURNAL_DIR

if TYPE_CHECKING:
    from tui.core.library import Entry


# Merged too: what an import did, for `briefing import` to say, without reaching the store module.
__all__ = ["Hit", "Loaded", "Merged", "Notes", "Placed", "SearchCancelled", "SearchPage", "in_reading_order"]


@dataclass(frozen=True, slots=True)
class Placed:
    """A note and where it is in the brief as it is now (None: an orphan, kept and listed)."""

    annotation: Annotation
    found: Found | None


@dataclass(frozen=True, slots=True)
class Loaded:
    """A brief's notes, placed; the rows that could not be read; and what to tell the user, once."""

    placed: list[Placed]
    skipped: Skipped
    notices: tuple[str, ...] = ()


def in_reading_order(brief: Brief, placed: Iterable[Placed]) -> list[Placed]:
    """Notes in the order the brief reads (by section, then place), then those that lost their place."""
    order = {section.id: number for number, section in enumerate(brief.all_sections)}

    def key(item: Placed) -> tuple[int, int, int, str, str]:
        found, note = item.found, item.annotation
        if found is None or found.section not in order:
            return (len(order), 0, 0, note.created, note.id)
        return (order[found.section], found.start, found.end, note.created, note.id)

    return sorted(placed, key=key)


def _from_hint(note: Annotation, hint: Anchor | None, sections: list[Section]) -> Found | None:
    """A note found from where it was in the version before (see `Notes.load`): as edited text, unless it
    is its very quote."""
    found = reanchor_all([hint], sections)[0] if hint is not None else None
    if found is None:
        return None
    text = next(section.text for section in sections if section.id == found.section)[found.start : found.end]
    return found if text == note.anchor.quote else Found(found.section, found.start, found.end, How.FUZZY)


class Notes:
    """Every store operation the reader needs; call from thread workers (each may block on the disk)."""

    def __init__(self, path: Path | None, *, set_aside: bool = True, only_read: bool = False) -> None:
        """Notes kept in the store at `path`; None keeps none (and says so).

        Without `set_aside` (an export), a file there that is not a sound store is a
        StoreError, left where it is, rather than moved aside for a new store.
        """
        self.path = path
        self.set_aside = set_aside
        self.only_read = only_read  # never written nor upgraded (`briefing diff`): read as a read-only store is
        self._store: Store | None = None
        self._opening = threading.Lock()
        self.moved_aside: Path | None = None  # an unreadable store found at `path` and moved here
        self._restored: set[str] = set()  # notes a save brought back from a deletion elsewhere, not yet said
        self._said: set[tuple[str, str]] = set()  # (brief, notice) already given
        # The notes browser's query and order when it last closed (typed, `Order` value): it opens there again.
        self.last_browsed: tuple[str, str] | None = None
        self._deletions: dict[str, str] = {}  # note id -> the time this instance deleted it (what undo undoes)

    @property
    def journal(self) -> Path | None:
        """Where writes under way are recorded (beside the store, in the data dir), if notes are kept."""
        return None if self.path is None else self.path.parent / JOURNAL_DIR

    @property
    def unwritable(self) -> str | None:
        """Why nothing can be saved, as far as is known without waiting (the store read-only), or None."""
        if self.path is None:
            return "no notes store"
        store = self._store
        if store is not None and store.read_only is not None:
            return f"the notes store {store.path} is read-only ({store.read_only})"
        return None

    def store(self) -> Store:
        """The open store; StoreError, with the reason, if notes cannot be kept."""
        with self._opening:
            if self._store is None:
                if self.path is None:
                    raise StoreError("no notes store")
                # Tried again at each use: the folder may have been fixed.
                opened = open_store(self.path, set_aside=self.set_aside, only_read=self.only_read)
                self._store, self.moved_aside = opened.store, opened.moved_aside
            return self._store

    def load(self, brief: str, sections: Iterable[Section], hints: Mapping[str, Anchor] | None = None) -> Loaded:
        """A brief's notes, each found again in its sections as they are now, with what to tell the user:
        the store moved aside or read-only, and rows that could not be read (each notice given once).

        `hints`, by note id: where a note was found in the version shown before this one (a reload). A
        note its own anchor no longer finds is looked for from there: edited once and then its
        neighbours edited, a note lost both its text and its surroundings; a step at a time, it is found.
        """
        store = self.store()
        read = store.read(brief)
        every = list(sections)
        found = reanchor_all((note.anchor for note in read.annotations), every)
        if hints:
            found = [
                place or _from_hint(note, hints.get(note.id), every)
                for note, place in zip(read.annotations, found, strict=True)
            ]
        placed = [Placed(note, place) for note, place in zip(read.annotations, found, strict=True)]
        notices: list[str] = []
        if (moved := self.take_moved_aside()) is not None:
            notices.append(f"The notes store could not be read; it was moved to {moved} and a new one started.")
        if store.read_only is not None:
            why = store.read_only
            notices.append(f"The notes store {store.path} is read-only ({why}): notes show, but changes are not saved.")
        if read.skipped.count:
            notices.append(read.skipped.notice() + ".")
        fresh = tuple(notice for notice in notices if (brief, notice) not in self._said)
        self._said.update((brief, notice) for notice in fresh)
        return Loaded(placed, read.skipped, fresh)

    def take_moved_aside(self) -> Path | None:
        """Where an unreadable store found at `path` was moved, if it was and this was not asked yet."""
        moved, self.moved_aside = self.moved_aside, None
        return moved

    def merge(self, annotations: Iterable[Annotation]) -> Merged:
        """Bring in notes from elsewhere (an import) in one transaction: see `Store.merge`."""
        return self.store().merge(annotations)

    def placed(self, brief: str, sections: Iterable[Section]) -> list[Placed]:
        """A brief's notes, each found again in its sections as they are now."""
        return self.load(brief, sections).placed

    def highlight(self, brief: str, section: Section, start: int, end: int, colour: str) -> Placed:
        """Save a highlight of `section.text[start:end]`; on disk when this returns."""
        saved = self.save(Annotation(brief, anchor_for(section, start, end), colour=colour))
        return Placed(saved, Found(section.id, start, end, How.EXACT))

    def save(self, annotation: Annotation, *, based_on: str | None = None) -> Annotation:
        """Save a note (new or edited); on disk when this returns.

        A note deleted elsewhere meanwhile is brought back with the edit (the save is the
        user's latest word on it), and `restored_elsewhere` then says so once. With
        `based_on` (the `updated` time of the version edited), a note changed elsewhere
        meanwhile is not overwritten: ChangedElsewhere, with the note as it is now; nor one
        changed and then deleted elsewhere brought back with the stale edit: ChangedThenDeleted
        (a save based on the version it shows then brings it back with this edit).
        """
        if (why := too_big(annotation)) is not None:  # an export of it could not be imported
            raise TooBig(why)
        store = self.store()
        try:
            return store.save(annotation, based_on=based_on)
        except DeletedElsewhere:
            saved = store.save(annotation, undelete=True)
            self._restored.add(saved.id)
            return saved

    def restored_elsewhere(self, annotation_id: str) -> bool:
        """Whether the last save of this note brought it back from a deletion elsewhere (said once)."""
        if annotation_id in self._restored:
            self._restored.discard(annotation_id)
            return True
        return False

    def delete(self, annotation_id: str) -> bool:
        """Delete a note (a tombstone), remembering the deletion for `restore`; False if there was none."""
        deleted = self.store().delete(annotation_id)
        if deleted is not None:
            self._deletions[annotation_id] = deleted
        return deleted is not None

    def restore(self, annotation_id: str) -> Annotation:
        """Undo this instance's deletion of a note; return it as brought back.

        NotRestored (with the reason, nothing written) when that deletion is no longer the
        note's latest word: another instance restored it (and may have edited it since), or
        deleted it again; undo never writes over what another did meanwhile.
        """
        deleted = self._deletions.get(annotation_id)
        if deleted is None:
            raise NotRestored("it was not deleted here")
        try:
            restored = self.store().undo_delete(annotation_id, deleted)
        except NotRestored:
            del self._deletions[annotation_id]  # moot for good: another instance had the later word
            raise
        del self._deletions[annotation_id]
        return restored

    def reading_state(self, brief: str) -> dict[str, object]:
        return self.store().reading_state(brief)

    def save_reading_state(self, brief: str, state: Mapping[str, object]) -> None:
        self.store().save_reading_state(brief, state)

    def read_fingerprint(self, brief: str) -> tuple[bytes, str] | None:
        """The fingerprint of the version of a brief last read, and when it was kept; None if none is
        (or it cannot be read as one: see `Store.fingerprint`)."""
        return self.store().fingerprint(brief)

    def save_fingerprint(self, brief: str, data: bytes) -> None:
        """Keep the fingerprint of the version of a brief just read; on disk when this returns
        (StoreError, with the reason, if it cannot be: a read-only store, a full disk...)."""
        self.store().save_fingerprint(brief, data)

    # Every note of every brief (the notes browser, `briefing notes`)

    def search(
        self, query: NoteQuery, *, offset: int = 0, limit: int = 50, cancelled: Callable[[], bool] | None = None
    ) -> SearchPage:
        """A page of the notes of every brief that match `query` (see `Store.search`)."""
        return self.store().search(query, offset=offset, limit=limit, cancelled=cancelled)

    def count_found(self, query: NoteQuery, *, cancelled: Callable[[], bool] | None = None) -> int:
        """How many notes match `query`, every page together."""
        return self.store().count_found(query, cancelled=cancelled)

    def tag_counts(self) -> list[tuple[str, int]]:
        """Every tag and how many notes have it, most used first."""
        return self.store().tag_counts()

    def note_counts(self) -> dict[str, int]:
        """How many notes each brief has, by brief key."""
        return self.store().counts()

    def check_index(self, *, structure: bool = True) -> str | None:
        """Check the search index and rebuild it if it is out of step; what was done, or None (see
        `Store.check_index`: a fraction of a second for 100,000 notes, so in a worker)."""
        return self.store().check_index(structure=structure)

    def with_notes(self, entries: list[Entry]) -> list[Entry]:
        """Library entries with their notes counted and where the reader was last, from the store."""
        # Two queries however many entries: one per entry waited out the busy timeout for each
        # brief while another program held the store locked.
        store = self.store()
        counts = store.counts()
        states = store.reading_states()
        found = []
        for item in entries:
            at = states.get(item.key, {}).get("at") if item.key else None
            found.append(replace(item, notes=counts.get(item.key, 0), at=at if isinstance(at, str) else ""))
        return found

    def close(self) -> None:
        with self._opening:
            if self._store is not None:
                self._store.close()
                self._store = None
