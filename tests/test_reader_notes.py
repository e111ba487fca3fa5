"""Highlights in the reader: m saves one at once, d deletes it, u brings it back; they survive a restart,
a moved brief and an edited one; a store that cannot be used is said, never a crash."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from textual.widgets import TextArea

from tui.app import BriefingApp
from tui.core.brief.loader import open_brief
from tui.core.notes.annotation import brief_key
from tui.core.notes.store import STORE_FILE, Store
from tui.screens.confirm import ConfirmScreen
from tui.screens.library import LibraryScreen, entry_prompt
from tui.screens.note_editor import NoteEditor
from tui.screens.notes_list import NotesList
from tui.screens.reader import ReaderScreen
from tui.widgets.section_view import SectionView

from .conftest import BUNDLED_BRIEF
from .helpers.waiting import until

KEY = brief_key("north-korean-troops-in-russia", BUNDLED_BRIEF)


async def settle(app: BriefingApp) -> None:
    """Wait for the brief to load and every store operation to finish."""
    for _ in range(3):  # loading starts the notes worker, which may start another
        await app.workers.wait_for_complete()


def notices(app: BriefingApp) -> list[str]:
    """What the app has said in notifications, oldest first."""
    return [str(notification.message) for notification in app._notifications]


async def highlight_and_listen(store: Path) -> tuple[list[str], int]:
    """Press j and m on the bundled brief with notes in `store`: what the app said, and where the cursor is."""
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("j", "m")
        await settle(app)
        await pilot.pause()
        return notices(app), view_of(app).cursor


def view_of(app: BriefingApp) -> SectionView:
    view = app.focused
    assert isinstance(view, SectionView)
    return view


def stored(path: Path) -> list[str]:
    with Store(path) as store:
        return [note.anchor.quote for note in store.annotations(KEY)]


async def test_m_highlights_the_sentence_d_deletes_it_u_brings_it_back(tmp_path: Path) -> None:
    store = tmp_path / STORE_FILE
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("j", "j", "m")
        await settle(app)
        view = view_of(app)
        sentence = view.current
        assert sentence is not None
        quote = view.section.text[sentence.start : sentence.end].rstrip()
        assert stored(store) == [quote]
        assert view.notes == [(sentence.start, sentence.start + len(quote), "yellow", False)]
        # Said: the cursor over the new highlight hid it.
        assert any(str(n.message).startswith("Highlighted:") for n in app._notifications)
        await pilot.press("m")  # again: nothing new
        await settle(app)
        assert stored(store) == [quote]
        await pilot.press("d")
        await settle(app)
        assert stored(store) == []
        assert view.notes == []
        with Store(store) as opened:
            assert len(opened.annotations(KEY, deleted=True)) == 1  # a tombstone, not gone
        await pilot.press("u")
        await settle(app)
        assert stored(store) == [quote]
        assert view.notes == [(sentence.start, sentence.start + len(quote), "yellow", False)]


async def test_d_on_a_written_note_says_a_note_was_deleted_and_how_to_bring_it_back(tmp_path: Path) -> None:
    """It said "Highlight deleted" for a written note too, for three seconds."""
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("j", "a", *typed("Check the count"), "ctrl+s")
        await settle(app)
        await pilot.press("d")
        await settle(app)
        said = [str(n.message) for n in app._notifications]
        assert "Note deleted (“Check the count”): u brings it back." in said
        assert "Highlight deleted: u brings it back." not in said


async def highlight_second_sentence(brief: Path, store: Path) -> str:
    app = BriefingApp(open_brief(brief), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("j", "m")
        await settle(app)
        view = view_of(app)
        assert view.current is not None
        return view.section.text[view.current.start : view.current.end].rstrip()


async def shown_highlights(brief: Path, store: Path) -> list[str]:
    app = BriefingApp(open_brief(brief), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.pause()
        return [view.section.text[a:b] for view in app.screen.query(SectionView) for a, b, _, _ in view.notes]


async def test_a_highlight_survives_a_restart_a_move_and_an_edit(tmp_path: Path) -> None:
    store = tmp_path / STORE_FILE
    quote = await highlight_second_sentence(BUNDLED_BRIEF, store)
    assert await shown_highlights(BUNDLED_BRIEF, store) == [quote]  # after a restart
    moved = tmp_path / "elsewhere" / "renamed.md"
    moved.parent.mkdir()
    shutil.copy(BUNDLED_BRIEF, moved)
    assert await shown_highlights(moved, store) == [quote]  # the brief moved: found by its id
    edited = moved.read_text(encoding="utf-8").replace(
        "## Key judgements\n", "## Key judgements\n\nA paragraph added at the top of the section, before the rest.\n"
    )
    moved.write_text(edited, encoding="utf-8")
    assert await shown_highlights(moved, store) == [quote]  # the brief changed around it


async def test_a_store_that_cannot_be_used_is_said_and_reading_goes_on(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    messages, cursor = await highlight_and_listen(blocker / STORE_FILE)
    assert any("Notes cannot be kept" in m for m in messages)
    assert cursor == 1  # still reading


async def test_an_unreadable_store_is_moved_aside_and_the_user_told_where(tmp_path: Path) -> None:
    store = tmp_path / STORE_FILE
    store.write_text("not a database")
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.pause()
        assert any("moved to" in m and "unreadable" in m for m in notices(app))
    aside = list(tmp_path.glob(f"{STORE_FILE}.unreadable-*"))
    assert len(aside) == 1
    assert aside[0].read_text() == "not a database"


def typed(text: str) -> list[str]:
    """The key names that type `text`."""
    names = {" ": "space", "*": "asterisk", "#": "number_sign", ".": "full_stop", "-": "minus"}
    return [names.get(ch, ch) for ch in text]


async def test_a_writes_a_note_with_tags_and_a_edits_it_again(tmp_path: Path) -> None:
    store = tmp_path / STORE_FILE
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("j", "a")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*typed("Check *this*."), "tab", *typed("follow-up #nk"), "ctrl+s")
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        with Store(store) as opened:
            (saved,) = opened.annotations(KEY)
        assert saved.note == "Check *this*."
        assert saved.tags == ("follow-up", "nk")
        # Resting on the noted sentence shows the note below the text; moving off hides it.
        panel = app.screen.query_one("#note-panel")
        assert panel.display
        assert "Check *this*." in str(panel.render())
        assert "#follow-up #nk" in str(panel.render())
        await pilot.press("j")
        await until(pilot, lambda: not panel.display)
        await pilot.press("k")
        await until(pilot, lambda: panel.display)
        view = view_of(app)
        assert [colour for _, _, colour, _ in view.notes] == ["yellow"]
        # `a` on the same sentence edits that note: the text is there, the id stays.
        await pilot.press("a")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert editor.query_one("#editor-note", TextArea).text == "Check *this*."
        await pilot.press("end", *typed(" Later."), "ctrl+s")
        await settle(app)
        await pilot.pause()
        with Store(store) as opened:
            (edited,) = opened.annotations(KEY)
        assert (edited.id, edited.note) == (saved.id, "Check *this*. Later.")


async def test_ctrl_q_asks_before_quitting_with_a_note_half_written(tmp_path: Path) -> None:
    """ctrl+q in the note editor quit at once: what was typed was lost without a word."""
    store = tmp_path / STORE_FILE
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("a", *typed("important"), "ctrl+q")
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # back to the note, still there
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one("#editor-note", TextArea).text == "important"
        await pilot.press("ctrl+s")
        await settle(app)
        await pilot.pause()
        await pilot.press("ctrl+q")  # nothing being written: quits at once
        await pilot.pause()
        assert not app.is_running
    with Store(store) as opened:
        assert [note.note for note in opened.annotations(KEY)] == ["important"]


async def test_ctrl_q_twice_quits_leaving_the_note(tmp_path: Path) -> None:
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("a", *typed("draft"), "ctrl+q", "y")
        await pilot.pause()
        assert not app.is_running


async def test_escape_asks_before_throwing_away_what_was_typed(tmp_path: Path) -> None:
    store = tmp_path / STORE_FILE
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("a", "escape")  # nothing typed: closes at once
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("a", *typed("draft"), "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep writing
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
    assert not store.exists() or stored(store) == []


async def test_a_note_that_cannot_be_saved_stays_in_the_editor_with_the_reason(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=blocker / STORE_FILE)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("a", *typed("precious words"), "ctrl+s")
        await settle(app)
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert editor.query_one("#editor-note", TextArea).text == "precious words"
        assert "Not saved" in str(editor.query_one("#editor-error").render())


async def test_the_reading_position_is_restored_when_the_brief_is_reopened(tmp_path: Path) -> None:
    store = tmp_path / STORE_FILE
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("l", "6", "j", "j", "j")  # the middle column shows "What to watch", 4th item
        await pilot.pause()
    # Quit at once: the position is saved on the way out, not only after the cursor rests.
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.pause()
        view = view_of(app)
        assert view.section.id == "what-to-watch"
        assert view.cursor == 3
        assert view.id == "view-1"


async def test_A_lists_notes_in_reading_order_then_orphans_and_enter_goes_to_one(tmp_path: Path) -> None:
    store = tmp_path / STORE_FILE
    brief = tmp_path / "brief.md"
    shutil.copy(BUNDLED_BRIEF, brief)
    app = BriefingApp(open_brief(brief), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("l", "j", "m", "h", "j", "j", "m", "j", "m")  # two in Key judgements, one in Situation
        await settle(app)
    # The third note's sentence is deleted from the brief: it loses its place.
    with Store(store) as opened:
        notes = opened.annotations(KEY)
    lost = next(n for n in notes if n.anchor.section == "key-judgements" and n.anchor.start > 60)
    brief.write_text(brief.read_text(encoding="utf-8").replace(lost.anchor.quote, ""), encoding="utf-8")
    app = BriefingApp(open_brief(brief), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("A")
        await pilot.pause()
        listing = app.screen
        assert isinstance(listing, NotesList)
        sections = [p.found.section if p.found else None for p in listing.entries]
        assert sections == ["key-judgements", "situation", None]  # reading order, then the orphan
        await pilot.press("j", "enter")  # Situation
        await pilot.pause()
        view = view_of(app)
        assert view.section.id == "situation"
        assert view.current is not None
        assert view.current.start == listing.entries[1].found.start  # type: ignore[union-attr]
        # The orphan: enter offers to attach it to the sentence under the cursor.
        await pilot.press("A", "j", "j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(app)
        await pilot.pause()
    with Store(store) as opened:
        moved = opened.get(lost.id)
    assert moved is not None
    assert moved.anchor.section == "situation"


async def test_v_selects_several_sentences_and_m_highlights_them_as_one(tmp_path: Path) -> None:
    store = tmp_path / STORE_FILE
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("j", "v", "j", "j")
        view = view_of(app)
        selection = view.selection()
        assert selection is not None
        first, third = view.sentences[1], view.sentences[3]
        assert selection[0] == first.start
        assert view.section.text[selection[0] : selection[1]].endswith(
            view.section.text[third.start : third.end].rstrip()
        )
        await pilot.press("m")
        await settle(app)
        assert view.selection() is None  # done with it
        (quote,) = stored(store)
        assert quote == view.section.text[selection[0] : selection[1]]
        # Escape drops a selection without doing anything else.
        await pilot.press("v", "j", "escape")
        assert view.selection() is None
        assert len(stored(store)) == 1


async def test_the_library_shows_each_briefs_notes_and_where_reading_stopped(tmp_path: Path) -> None:
    store = tmp_path / STORE_FILE
    await highlight_second_sentence(BUNDLED_BRIEF, store)
    app = BriefingApp(library=[BUNDLED_BRIEF.parent], store=store)
    async with app.run_test(size=(140, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        # The folder is read, then the notes counted, each in a worker that may start after a pause (it failed once).
        await until(pilot, lambda: len(screen.entries) == 1 and screen.entries[0].notes == 1)
        (listed,) = screen.entries
        assert (listed.notes, listed.at) == (1, "Key judgements")
        assert "1 note · at Key judgements" in str(entry_prompt(listed))


async def test_a_click_moves_the_cursor_and_a_drag_selects_sentences(tmp_path: Path) -> None:
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        view = view_of(app)

        def at(index: int) -> tuple[int, int]:  # where, inside the view, a sentence's first word is drawn
            start = view.sentences[index].start
            number = view.line_of(start)
            line = view.lines[number]
            return len(line.prefix) + start - line.start + 1, number - view.scroll_offset.y

        await pilot.click("#view-0", offset=at(2))
        assert view.cursor == 2
        await pilot.mouse_down("#view-0", offset=at(2))
        await pilot.hover("#view-0", offset=at(4))
        await pilot.mouse_up("#view-0", offset=at(4))
        assert view.cursor == 4
        selection = view.selection()
        assert selection is not None
        assert selection[0] == view.sentences[2].start
        await pilot.press("m")
        await settle(app)
        assert view.notes[0][:2] == selection


async def test_a_store_from_a_newer_version_is_refused_with_a_message_and_not_touched(tmp_path: Path) -> None:
    store = tmp_path / STORE_FILE
    await highlight_second_sentence(BUNDLED_BRIEF, store)
    with sqlite3.connect(store) as db:
        db.execute("PRAGMA user_version = 99")
    db.close()
    before = store.read_bytes()
    messages, cursor = await highlight_and_listen(store)
    assert any("newer version" in m for m in messages)
    assert cursor == 1
    assert store.read_bytes() == before


async def test_notes_show_when_the_brief_was_loaded_before_the_reader_opened(tmp_path: Path) -> None:
    store = tmp_path / STORE_FILE
    quote = await highlight_second_sentence(BUNDLED_BRIEF, store)
    loader = open_brief(BUNDLED_BRIEF)
    loader.finish()  # no loading step in the reader: the notes are read when it is shown
    app = BriefingApp(loader, store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.pause()
        shown = [view.section.text[a:b] for view in app.screen.query(SectionView) for a, b, _, _ in view.notes]
        assert shown == [quote]


async def test_an_edit_of_a_note_another_instance_deleted_brings_it_back_and_says_so(tmp_path: Path) -> None:
    store = tmp_path / STORE_FILE
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("j", "a", *typed("first"), "ctrl+s")
        await settle(app)
        with Store(store) as other:  # the second instance deletes it
            (saved,) = other.annotations(KEY)
            assert other.delete(saved.id)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await pilot.press("end", *typed(" second"), "ctrl+s")
        await settle(app)
        await pilot.pause()
        assert notices(app)[-1] == "Note restored: it had been deleted elsewhere."
    with Store(store) as opened:  # as after a restart
        (kept,) = opened.annotations(KEY)
    assert (kept.id, kept.note) == (saved.id, "first second")


def crafted_rows(store: Path, *rows: dict[str, object]) -> None:
    """Rows of notes on the bundled brief written straight into the store's table, as another program could."""
    with Store(store):
        pass
    db = sqlite3.connect(store)
    with db:
        for number, changes in enumerate(rows):
            values: dict[str, object] = {
                "id": f"n{number}", "brief": KEY, "section": "summary", "quote": "", "prefix": "", "suffix": "",
                "start": 0, "end": 0, "colour": "yellow", "note": "", "tags": "[]",
                "created": f"2026-01-01T00:00:0{number}", "updated": "2026-01-01T00:00:00", "deleted": None,
            }  # fmt: skip
            values.update(changes)
            names = ", ".join(values)
            db.execute(
                f"INSERT INTO annotation ({names}) VALUES ({', '.join('?' * len(values))})", tuple(values.values())
            )
    db.close()


ESCAPES = "\x1b]52;c;cm0gLXJmIH4=\x07\x1b]0;owned\x07"


async def test_notes_read_from_the_store_reach_the_screen_pictured_and_bad_rows_are_said(tmp_path: Path) -> None:
    store = tmp_path / STORE_FILE
    brief = open_brief(BUNDLED_BRIEF)
    brief.finish()
    assert brief.brief is not None
    section = brief.brief.section("key-judgements")  # shown in the first column
    assert section is not None
    quote = section.text[section.sentences[0].start : section.sentences[0].end].rstrip()
    good = {
        "section": section.id,
        "quote": quote,
        "end": len(quote),
        "note": f"see{ESCAPES}",
        "tags": f'["t{ESCAPES}"]',
    }
    crafted_rows(
        store,
        good,
        {**good, "colour": "chartreuse"},  # crashed the section view
        {**good, "start": "twelve"},  # hid every note
        {**good, "quote": b"\x1b[2J"},  # hid every note
        {"quote": f"lost{ESCAPES}", "section": "gone", "note": "orphan"},  # an orphan, to attach
    )
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.pause()
        said = notices(app)
        assert any(m.startswith("3 notes could not be read: its colour 'chartreuse'") for m in said), said
        view = view_of(app)
        assert view.notes == [(0, len(quote), "yellow", True)]  # the good one shows
        panel = str(app.screen.query_one("#note-panel").render())
        assert "see␛]52" in panel
        assert "\x1b" not in panel
        assert "\x07" not in panel
        await pilot.press("A")
        await pilot.pause()
        listing = app.screen
        assert isinstance(listing, NotesList)
        assert len(listing.entries) == 2
        assert "3 notes could not be read" in str(listing.query_one("#notes-unreadable").render())
        for entry in listing.entries:
            assert "\x1b" not in entry.annotation.note + entry.annotation.anchor.quote + "".join(entry.annotation.tags)
        await pilot.press("j", "enter")  # the orphan: the attach dialog quotes it
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        shown = " ".join(str(widget.render()) for widget in app.screen.query("Static"))
        assert "lost␛]52" in shown
        assert "\x1b" not in shown
        await pilot.press("n")
        await pilot.pause()
    said_again = notices(app)
    assert not any("Traceback" in m or "KeyError" in m for m in said_again)


async def test_a_key_typed_just_before_ctrl_s_is_in_the_note_saved(tmp_path: Path) -> None:
    """ctrl+s (a priority key) saved the field as it was while a letter typed before it still waited in
    the field's queue: in a tester's 1 MB note, a letter typed right before ctrl+s was never saved."""
    from textual import events

    store = tmp_path / STORE_FILE
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("a", *typed("kept"))
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        field = editor.query_one("#editor-note", TextArea)
        field.post_message(events.Key("w", "w"))  # queued in the field, not handled yet, as ctrl+s arrives
        editor.action_save()
        await settle(app)
        await until(pilot, lambda: not isinstance(app.screen, NoteEditor))
    with Store(store) as kept:
        assert [note.note for note in kept.annotations(KEY)] == ["keptw"]
