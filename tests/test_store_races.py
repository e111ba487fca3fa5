"""What the adversarial tester found after the first round: a stale edit of a note changed then deleted
elsewhere, an undo made moot elsewhere, a delete and undo read as a change, a full disk, and bad rows
counted in the library."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets import Static, TextArea

from tui.app import BriefingApp
from tui.core.brief.loader import open_brief
from tui.core.library import Entry
from tui.core.notes.access import Notes
from tui.core.notes.annotation import Anchor, Annotation
from tui.core.notes.store import STORE_FILE, Store
from tui.core.notes.store_errors import ChangedElsewhere, ChangedThenDeleted, DiskFull, NotRestored, failure
from tui.screens.note_editor import NoteEditor
from tui.screens.reader import ReaderScreen

from .conftest import BUNDLED_BRIEF
from .test_reader_notes import KEY, notices, settle, typed

ANCHOR = Anchor("motives", "Three motives stand out.", 120, 144)
COLUMNS = "id, brief, section, quote, prefix, suffix, start, end, colour, note, tags, created, updated, deleted"
MARKS = ", ".join("?" * 14)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / STORE_FILE


# 1. A stale save onto a note edited, then deleted, elsewhere


def test_a_stale_edit_of_a_note_changed_then_deleted_elsewhere_is_refused_and_writes_nothing(path: Path) -> None:
    a = Notes(path)
    try:
        opened = a.save(Annotation("id:b", ANCHOR, note="v1"))  # A's editor opens on v1
        with Store(path) as b:
            b.save(replace(opened, note="v2"), based_on=opened.updated)
            assert b.delete(opened.id)
            before = b.get(opened.id)
        with pytest.raises(ChangedThenDeleted) as refused:
            a.save(replace(opened, note="v1 + A"), based_on=opened.updated)
        assert "changed and then deleted elsewhere" in str(refused.value)
        assert refused.value.stored is not None
        assert refused.value.stored.note == "v2"  # B's last text, to show
        assert a.store().get(opened.id) == before  # still deleted, B's v2 kept, not even its time touched
        assert not a.restored_elsewhere(opened.id)
    finally:
        a.close()


def test_after_the_refusal_a_save_over_what_was_shown_restores_the_note_with_the_users_text(path: Path) -> None:
    a = Notes(path)
    try:
        opened = a.save(Annotation("id:b", ANCHOR, note="v1"))
        with Store(path) as b:
            b.save(replace(opened, note="v2"), based_on=opened.updated)
            b.delete(opened.id)
        with pytest.raises(ChangedThenDeleted) as refused:
            a.save(replace(opened, note="mine"), based_on=opened.updated)
        shown = refused.value.stored
        assert shown is not None
        kept = a.save(replace(opened, note="mine"), based_on=shown.updated)  # the user chose: ctrl+s again
        assert (kept.note, kept.deleted) == ("mine", None)
        assert a.restored_elsewhere(opened.id)  # and the reader says it was brought back
    finally:
        a.close()


async def test_the_editor_keeps_a_stale_edit_of_a_note_changed_then_deleted_elsewhere_and_says_so(
    tmp_path: Path,
) -> None:
    store = tmp_path / STORE_FILE
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("j", "a", *typed("v1"), "ctrl+s")
        await settle(app)
        await pilot.press("a")  # A opens the editor on v1...
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        with Store(store) as other:  # ...B edits it to v2, then deletes it
            (opened,) = other.annotations(KEY)
            other.save(replace(opened, note="v2 from B"), based_on=opened.updated)
            other.delete(opened.id)
        await pilot.press("end", *typed(" + A"), "ctrl+s")
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)  # not "Note saved.": still open, the text kept
        message = str(app.screen.query_one("#editor-error", Static).render())
        assert "changed and then deleted in another window" in message
        assert "v2 from B" in message
        assert app.screen.query_one("#editor-note", TextArea).text == "v1 + A"
        assert "Note saved." not in notices(app)[1:]
        with Store(store) as other:
            (tombstone,) = other.annotations(KEY, deleted=True)
        assert (tombstone.note, tombstone.deleted is not None) == ("v2 from B", True)
        await pilot.press("ctrl+s")  # the user has seen it: bring it back with theirs
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert notices(app)[-1] == "Note restored: it had been deleted elsewhere."
    with Store(store) as opened_again:
        (kept,) = opened_again.annotations(KEY)
    assert kept.note == "v1 + A"


# 2. An undo made moot by another instance


def test_undo_after_another_instance_restored_and_edited_the_note_says_so_and_writes_nothing(path: Path) -> None:
    a = Notes(path)
    try:
        saved = a.save(Annotation("id:b", ANCHOR, note="v1"))
        assert a.delete(saved.id)
        with Store(path) as b:
            assert b.restore(saved.id)
            newer = b.save(replace(saved, note="v2 from B"))
        with pytest.raises(NotRestored, match="already restored elsewhere"):
            a.restore(saved.id)
        assert a.store().get(saved.id) == newer
    finally:
        a.close()


def test_undo_after_another_instance_restored_then_deleted_the_note_again_leaves_it_deleted(path: Path) -> None:
    a = Notes(path)
    try:
        saved = a.save(Annotation("id:b", ANCHOR, note="v1"))
        assert a.delete(saved.id)
        with Store(path) as b:
            b.restore(saved.id)
            b.save(replace(saved, note="v2 from B"))
            b.delete(saved.id)
            before = b.get(saved.id)
        with pytest.raises(NotRestored, match="deleted again elsewhere"):
            a.restore(saved.id)
        assert a.store().get(saved.id) == before
    finally:
        a.close()


def test_undo_of_this_instances_own_deletion_brings_the_note_back_as_it_was(path: Path) -> None:
    a = Notes(path)
    try:
        saved = a.save(Annotation("id:b", ANCHOR, note="v1"))
        a.delete(saved.id)
        assert a.restore(saved.id) == saved  # its time too: an editor opened on it before is not stale
        with pytest.raises(NotRestored):
            a.restore(saved.id)  # twice: nothing to undo
    finally:
        a.close()


async def test_u_after_another_instance_restored_the_note_says_so_and_shows_the_other_version(tmp_path: Path) -> None:
    store = tmp_path / STORE_FILE
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("j", "a", *typed("v1"), "ctrl+s")
        await settle(app)
        await pilot.press("d")
        await settle(app)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.placed == []
        with Store(store) as other:
            (deleted,) = other.annotations(KEY, deleted=True)
            other.restore(deleted.id)
            other.save(replace(deleted, note="v2 from B"))
        await pilot.press("u")
        await settle(app)
        await pilot.pause()
        assert any(said.startswith("Not undone: it was already restored elsewhere") for said in notices(app))
        assert [placed.annotation.note for placed in reader.placed] == ["v2 from B"]
    with Store(store) as kept:
        assert [note.note for note in kept.annotations(KEY)] == ["v2 from B"]


# 3. A delete and undo elsewhere is not a change


def test_a_delete_and_undo_in_another_instance_does_not_make_an_open_edit_stale(path: Path) -> None:
    with Store(path) as a, Store(path) as b:
        opened = a.save(Annotation("id:b", ANCHOR, note="first"))  # A's editor opens on it
        assert b.delete(opened.id)
        assert b.restore(opened.id)
        assert a.save(replace(opened, note="edited"), based_on=opened.updated).note == "edited"


def test_an_edit_in_another_instance_is_still_a_change_after_a_delete_and_undo(path: Path) -> None:
    with Store(path) as a, Store(path) as b:
        opened = a.save(Annotation("id:b", ANCHOR, note="first"))
        b.save(replace(opened, note="B's"), based_on=opened.updated)
        b.delete(opened.id)
        b.restore(opened.id)
        with pytest.raises(ChangedElsewhere) as refused:
            a.save(replace(opened, note="A's"), based_on=opened.updated)
        assert not isinstance(refused.value, ChangedThenDeleted)


# 4. A full disk


def fill(store: Store) -> None:
    """Let the store's file grow no more (as if the disk were full), for its own connection only."""
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")


def test_a_full_disk_is_said_with_the_store_file_and_nothing_stored_is_lost(path: Path) -> None:
    with Store(path) as store:
        kept = [store.save(Annotation("id:b", ANCHOR, note=f"note {n}")) for n in range(3)]
        fill(store)
        with pytest.raises(DiskFull) as refused:
            store.save(Annotation("id:b", ANCHOR, note="x" * 200_000))
        assert str(refused.value) == f"the disk holding {path} is full"
        assert "I/O" not in str(refused.value)
        with pytest.raises(DiskFull):
            store.merge([Annotation("id:b", ANCHOR, note="y" * 200_000)])
    with Store(path) as reopened:
        assert reopened.annotations("id:b") == kept
        assert reopened.integrity() == "ok"


def test_an_io_error_on_a_disk_with_no_space_left_is_said_as_a_full_disk(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite reports ENOSPC while writing its WAL as SQLITE_IOERR ("disk I/O error"), not SQLITE_FULL.
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorcode = sqlite3.SQLITE_IOERR | (3 << 8)  # SQLITE_IOERR_WRITE
    path.parent.mkdir(parents=True)
    assert not isinstance(failure(path, error, "the note could not be saved"), DiskFull)  # space left: as it is

    class Full:
        f_bavail, f_frsize = 0, 4096

    monkeypatch.setattr("tui.core.notes.store_errors.os.statvfs", lambda _: Full())
    assert str(failure(path, error, "the note could not be saved")) == f"the disk holding {path} is full"


async def test_a_note_refused_by_a_full_disk_stays_in_the_editor_and_the_stored_ones_stay(tmp_path: Path) -> None:
    store = tmp_path / STORE_FILE
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("j", "a", *typed("kept before"), "ctrl+s")
        await settle(app)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        fill(reader.notes.store())
        await pilot.press("j", "a")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        editor.query_one("#editor-note", TextArea).text = "unsaved words " * 20_000
        await pilot.press("ctrl+s")
        await settle(app)
        await pilot.pause()
        assert app.screen is editor
        message = str(editor.query_one("#editor-error", Static).render())
        assert f"the disk holding {store} is full" in message
        assert "Your note is still here" in message
        assert editor.query_one("#editor-note", TextArea).text == "unsaved words " * 20_000
    with Store(store) as opened:
        assert [note.note for note in opened.annotations(KEY)] == ["kept before"]


# 5. The library counts only the notes that can be read


def insert(path: Path, *rows: dict[str, object]) -> None:
    """Rows written straight into the table, as another program could."""
    db = sqlite3.connect(path)
    with db:
        for values in rows:
            row = {
                "id": "x", "brief": "id:b", "section": "motives", "quote": "q", "prefix": "", "suffix": "",
                "start": 0, "end": 1, "colour": "green", "note": "", "tags": "[]",
                "created": "2026-01-01", "updated": "2026-01-01", "deleted": None,
            } | values  # fmt: skip
            db.execute(f"INSERT INTO annotation ({COLUMNS}) VALUES ({MARKS})", tuple(row.values()))
    db.close()


def test_the_library_counts_only_the_notes_the_reader_can_show(path: Path) -> None:
    notes = Notes(path)
    try:
        notes.save(Annotation("id:b", ANCHOR, note="good"))
        insert(
            path,
            {"id": "bad colour", "colour": "chartreuse"},
            {"id": "bad offset", "start": "seven"},
            {"id": "blob quote", "quote": b"\x00\x01"},
            {"id": "bad tags", "tags": "{"},
            {"id": "id\x1b[2J"},
            {"id": "fine", "tags": '["a"]'},
        )
        (counted,) = notes.with_notes([Entry(BUNDLED_BRIEF, "t", key="id:b")])
        assert counted.notes == len(notes.store().annotations("id:b")) == 2
    finally:
        notes.close()


TEXTS = st.one_of(
    st.text(max_size=4),
    st.sampled_from(["", "[]", '["a", "b"]', "[1]", "{}", "null", "\x1b", "yellow", "green"]),
    st.binary(max_size=3),
    st.integers(-2, 3),
    st.floats(allow_nan=False, width=16),
    st.none(),
)
FIELDS = ("id", "section", "quote", "note", "tags", "colour", "start", "end", "created", "deleted")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.fixed_dictionaries({}, optional=dict.fromkeys(FIELDS, TEXTS)), max_size=6))
def test_the_count_agrees_with_what_is_read_for_any_row(tmp_path_factory: pytest.TempPathFactory, rows: list) -> None:  # type: ignore[type-arg]
    path = tmp_path_factory.mktemp("count") / STORE_FILE
    with Store(path):
        pass
    db = sqlite3.connect(path)
    with db:
        for number, values in enumerate(rows):
            row = {
                "id": f"n{number}", "brief": "id:b", "section": "s", "quote": "q", "prefix": "", "suffix": "",
                "start": 0, "end": 1, "colour": "green", "note": "", "tags": "[]",
                "created": "c", "updated": "u", "deleted": None,
            } | values | {"id": values.get("id", f"n{number}")}  # fmt: skip
            # NOT NULL columns refuse NULL: such a row cannot exist, leave it out.
            if any(row[name] is None for name in COLUMNS.split(", ") if name != "deleted"):
                continue
            db.execute(f"INSERT OR IGNORE INTO annotation ({COLUMNS}) VALUES ({MARKS})", tuple(row.values()))
    db.close()
    with Store(path) as store:
        assert store.counts().get("id:b", 0) == len(store.annotations("id:b"))


async def test_attaching_a_lost_note_changed_then_deleted_elsewhere_says_so_and_leaves_it_deleted(
    tmp_path: Path,
) -> None:
    from tui.core.notes.access import Placed
    from tui.core.notes.anchoring import anchor_for

    store = tmp_path / STORE_FILE
    with Store(store) as kept:
        lost = kept.save(Annotation(KEY, Anchor("gone", "no such text", 0, 12, "", ""), note="v1"))
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        (listed,) = [placed for placed in reader.placed if placed.annotation.id == lost.id]
        with Store(store) as other:
            other.save(replace(lost, note="v2"), based_on=lost.updated)
            other.delete(lost.id)
        view = reader.views[0]
        sentence = view.section.sentences[0]
        reader.attach(Placed(listed.annotation, None), anchor_for(view.section, sentence.start, sentence.end))
        await settle(app)
        await pilot.pause()
        assert "Not attached: the note was changed and then deleted elsewhere since it was listed." in notices(app)
        assert lost.id not in {placed.annotation.id for placed in reader.placed}
    with Store(store) as kept:
        tombstone = kept.get(lost.id)
        assert tombstone is not None
        assert (tombstone.note, tombstone.deleted is not None) == ("v2", True)
