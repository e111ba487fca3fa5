"""Two instances (or an import) editing one note: a stale edit is refused and said, never saved over
the other unseen; a second ctrl+s saves it over, as vim's `:w!` does."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

from tui.app import BriefingApp
from tui.core.brief.loader import open_brief
from tui.core.notes.access import Notes
from tui.core.notes.annotation import Anchor, Annotation
from tui.core.notes.store import STORE_FILE, Store
from tui.core.notes.store_errors import ChangedElsewhere
from tui.screens.confirm import ConfirmScreen
from tui.screens.note_editor import OTHER_SHOWN, NoteEditor, start_of
from tui.screens.reader import ReaderScreen

from .conftest import BUNDLED_BRIEF
from .test_reader_notes import KEY, notices, settle, typed

ANCHOR = Anchor("motives", "Three motives stand out.", 120, 144)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / STORE_FILE


def test_a_stale_save_from_another_store_object_is_refused_and_writes_nothing(path: Path) -> None:
    with Store(path) as a, Store(path) as b:
        opened = a.save(Annotation("id:b", ANCHOR, note="first"))  # both editors open on this version
        b.save(replace(opened, note="first + edit from B"), based_on=opened.updated)
        before = b.get(opened.id)
        with pytest.raises(ChangedElsewhere) as refused:
            a.save(replace(opened, note="first + edit from A"), based_on=opened.updated)
        assert refused.value.stored is not None
        assert refused.value.stored.note == "first + edit from B"
        assert a.get(opened.id) == before  # nothing written, not even its time


def test_a_forced_save_writes_over_the_other_edit(path: Path) -> None:
    with Store(path) as a, Store(path) as b:
        opened = a.save(Annotation("id:b", ANCHOR, note="first"))
        b.save(replace(opened, note="from B"), based_on=opened.updated)
        with pytest.raises(ChangedElsewhere) as refused:
            a.save(replace(opened, note="from A"), based_on=opened.updated)
        other = refused.value.stored
        assert other is not None
        assert a.save(replace(opened, note="from A"), based_on=other.updated).note == "from A"  # over what was shown
        assert a.save(replace(opened, note="from A again")).note == "from A again"  # no version given: over any
        (kept,) = b.annotations("id:b")
        assert kept.note == "from A again"


def test_saving_over_the_version_shown_is_refused_again_if_it_changed_once_more(path: Path) -> None:
    with Store(path) as a, Store(path) as b:
        opened = a.save(Annotation("id:b", ANCHOR, note="first"))
        shown = b.save(replace(opened, note="B once"), based_on=opened.updated)
        b.save(replace(opened, note="B twice"), based_on=shown.updated)
        with pytest.raises(ChangedElsewhere):
            a.save(replace(opened, note="from A"), based_on=shown.updated)
        assert a.get(opened.id).note == "B twice"  # type: ignore[union-attr]


def test_an_import_changing_the_note_meanwhile_is_not_lost(path: Path) -> None:
    with Store(path) as store:
        opened = store.save(Annotation("id:b", ANCHOR, note="first"))
        imported = replace(opened, note="from the import", updated="9999-01-01T00:00:00.000000+00:00")
        assert store.merge([imported]).updated == 1
        with pytest.raises(ChangedElsewhere):
            store.save(replace(opened, note="from the editor"), based_on=opened.updated)
        assert store.get(opened.id).note == "from the import"  # type: ignore[union-attr]


def test_a_note_changed_by_another_program_into_text_that_is_not_utf8_is_still_refused_and_shown(
    path: Path,
) -> None:
    with Store(path) as store:
        opened = store.save(Annotation("id:b", ANCHOR, note="first"))
        with sqlite3.connect(path) as db:
            db.execute("UPDATE annotation SET note = CAST(X'6e6f7465ff' AS TEXT), updated = CAST(X'32ff' AS TEXT)")
        db.close()
        with pytest.raises(ChangedElsewhere) as refused:
            store.save(replace(opened, note="from the editor"), based_on=opened.updated)
        assert refused.value.stored is not None
        assert refused.value.stored.note == "note\ufffd"
        assert store.save(replace(opened, note="from the editor")).note == "from the editor"


def test_new_notes_and_saves_on_the_latest_version_are_not_refused(path: Path) -> None:
    with Store(path) as store:
        new = store.save(Annotation("id:b", ANCHOR, note="new"), based_on="")
        again = store.save(replace(new, note="edited"), based_on=new.updated)
        assert store.save(replace(again, note="edited twice"), based_on=again.updated).note == "edited twice"


def test_a_delete_and_undo_does_not_make_the_restored_note_look_changed_elsewhere(path: Path) -> None:
    notes = Notes(path)
    try:
        saved = notes.save(Annotation("id:b", ANCHOR, note="first"), based_on="")
        assert notes.delete(saved.id)
        restored = notes.restore(saved.id)
        assert restored is not None
        assert notes.save(replace(restored, note="after undo"), based_on=restored.updated).note == "after undo"
        assert not notes.restored_elsewhere(saved.id)
    finally:
        notes.close()


def test_an_edit_of_a_note_deleted_elsewhere_still_brings_it_back_rather_than_being_refused(path: Path) -> None:
    notes = Notes(path)
    try:
        saved = notes.save(Annotation("id:b", ANCHOR, note="first"))
        with Store(path) as other:
            assert other.delete(saved.id)  # changes its time too: deletion, not a change, is what is said
        kept = notes.save(replace(saved, note="edited"), based_on=saved.updated)
        assert kept.note == "edited"
        assert notes.restored_elsewhere(saved.id)
    finally:
        notes.close()


def test_the_start_of_the_other_note_is_one_short_quoted_line() -> None:
    assert start_of("B's\n\nedit") == "“B's edit”"
    assert start_of("") == "no text"
    assert start_of("x" * 10_000_000) == "“" + "x" * OTHER_SHOWN + "…”"


def editor_message(app: BriefingApp) -> str:
    return str(app.screen.query_one("#editor-error", Static).render())


async def test_a_stale_edit_in_the_editor_is_refused_kept_and_saved_over_on_a_second_ctrl_s(tmp_path: Path) -> None:
    store = tmp_path / STORE_FILE
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("j", "a", *typed("first"), "ctrl+s")
        await settle(app)
        await pilot.press("a")  # A opens the editor on the note...
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        with Store(store) as other:  # ...and B (another instance) saves an edit of it meanwhile
            (opened,) = other.annotations(KEY)
            other.save(replace(opened, note="first + edit from B"))
        await pilot.press("end", *typed(" + edit from A"), "ctrl+s")
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)  # still open: nothing lost
        message = editor_message(app)
        assert "changed elsewhere since you opened it" in message
        assert "first + edit from B" in message
        assert app.screen.query_one("#editor-note", TextArea).text == "first + edit from A"
        with Store(store) as other:
            (now,) = other.annotations(KEY)
        assert now.note == "first + edit from B"  # B's edit not overwritten unseen
        await pilot.press("ctrl+s")  # the user has seen it: save theirs over it
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert notices(app)[-1] == "Note saved."
    with Store(store) as opened_again:
        (kept,) = opened_again.annotations(KEY)
    assert kept.note == "first + edit from A"


async def test_escape_after_a_refused_edit_keeps_the_other_and_the_reader_shows_it(tmp_path: Path) -> None:
    store = tmp_path / STORE_FILE
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("j", "a", *typed("first"), "ctrl+s")
        await settle(app)
        await pilot.press("a")
        await pilot.pause()
        with Store(store) as other:
            (opened,) = other.annotations(KEY)
            other.save(replace(opened, note="from B"))
        await pilot.press("end", *typed(" from A"), "ctrl+s")
        await settle(app)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # what was typed is not thrown away unasked
        await pilot.press("y")
        await settle(app)
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert [p.annotation.note for p in reader.placed] == ["from B"]
    with Store(store) as opened_again:
        (kept,) = opened_again.annotations(KEY)
    assert kept.note == "from B"


async def test_two_apps_editing_one_note_lose_neither_edit_unseen(tmp_path: Path) -> None:
    store = tmp_path / STORE_FILE
    first = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with first.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(first)
        await pilot.press("j", "a", *typed("first"), "ctrl+s")
        await settle(first)
    a = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    b = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with a.run_test(size=(180, 50)) as pilot_a, b.run_test(size=(180, 50)) as pilot_b:
        for app, pilot in ((a, pilot_a), (b, pilot_b)):
            await pilot.pause()
            await settle(app)
            await pilot.press("a")  # both open the editor on the note (the cursor is back on it)
            await pilot.pause()
            assert isinstance(app.screen, NoteEditor)
        await pilot_b.press("end", *typed(" + edit from B"), "ctrl+s")
        await settle(b)
        await pilot_b.pause()
        assert notices(b)[-1] == "Note saved."
        await pilot_a.press("end", *typed(" + edit from A"), "ctrl+s")
        await settle(a)
        await pilot_a.pause()
        assert isinstance(a.screen, NoteEditor)
        assert "first + edit from B" in editor_message(a)
        assert "Note saved." not in notices(a)
        await pilot_a.press("ctrl+s")
        await settle(a)
        await pilot_a.pause()
        assert isinstance(a.screen, ReaderScreen)
        assert notices(a)[-1] == "Note saved."
    with Store(store) as opened:
        (kept,) = opened.annotations(KEY)
    assert kept.note == "first + edit from A"


async def test_a_highlight_then_a_note_then_delete_and_undo_then_an_edit_saves_without_a_warning(
    tmp_path: Path,
) -> None:
    store = tmp_path / STORE_FILE
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("j", "m")
        await settle(app)
        await pilot.press("a", *typed("on the highlight"), "ctrl+s")
        await settle(app)
        await pilot.pause()
        assert notices(app)[-1] == "Note saved."
        await pilot.press("d")
        await settle(app)
        await pilot.press("u")
        await settle(app)
        await pilot.pause()
        await pilot.press("a", "end", *typed(" again"), "ctrl+s")
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert notices(app)[-1] == "Note saved."
    with Store(store) as opened:
        (kept,) = opened.annotations(KEY)
    assert kept.note == "on the highlight again"


async def test_attaching_a_lost_note_never_writes_over_an_edit_made_elsewhere(tmp_path: Path) -> None:
    """`A`, enter on a lost note, `y`: the copy listed was saved over another instance's newer edit."""
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
        with Store(store) as other:  # another instance edits it while the question is open
            other.save(replace(lost, note="v2"), based_on=lost.updated)
        view = reader.views[0]
        sentence = view.section.sentences[0]
        reader.attach(Placed(listed.annotation, None), anchor_for(view.section, sentence.start, sentence.end))
        await settle(app)
        await pilot.pause()
        assert any(said.startswith("Not attached: the note was changed elsewhere") for said in notices(app))
    with Store(store) as kept:
        assert kept.get(lost.id).note == "v2"  # type: ignore[union-attr]
