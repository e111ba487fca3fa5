"""What `briefing import` says of the notes it left as they were."""

from __future__ import annotations

from pathlib import Path

from tui.cli.import_notes import said
from tui.core.notes.annotation import Anchor, Annotation
from tui.core.notes.store import Store


def test_a_note_deleted_here_is_said_left_deleted_not_already_in_the_store(tmp_path: Path) -> None:
    """A trial deleted a note, imported its export again, and read "4 already in the store"."""
    with Store(tmp_path / "notes.sqlite3") as store:
        note = store.save(Annotation("id:b", Anchor("s", "q", 0, 1), note="kept"))
        store.delete(note.id)
        merged = store.merge([note])
        assert (merged.unchanged, merged.deleted_here) == (0, 1)
        assert said(merged) == "0 added, 0 updated, 0 already in the store, 1 left deleted: it was deleted here"
        assert store.annotations("id:b") == []
