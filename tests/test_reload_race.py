"""A note written while the brief changes under it: saved on the version it was written on, found in the new one."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Static

from tui.app import BriefingApp
from tui.core.brief.loader import open_brief
from tui.core.notes.anchoring import How
from tui.core.notes.store import STORE_FILE, Store
from tui.screens.note_editor import NoteEditor
from tui.screens.reader import ReaderScreen
from tui.widgets.search_bar import SearchBar

from .helpers.waiting import until
from .test_reload import KEY, copied, edit, notices, opened, replaced

SENTENCE = "The detailed figures come from those two services."
EDITED = "The detailed figures come from those two intelligence services."


async def on_sentence(pilot: Pilot[None], screen: ReaderScreen, text: str) -> None:
    """The cursor on a sentence of the Situation column (the second), focused."""
    view = screen.views[1]
    view.focus()
    view.move_to(next(s.index for s in view.section.sentences if view.section.sentence_text(s).strip() == text))
    await pilot.pause()


async def test_a_note_saved_while_a_reload_waits_keeps_its_place(tmp_path: Path) -> None:
    path = copied(tmp_path)
    app = BriefingApp(open_brief(path), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(180, 50)) as pilot:
        old = await opened(pilot)
        await on_sentence(pilot, old, SENTENCE)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.press(*"race")
        edit(path, SENTENCE, EDITED)
        await until(pilot, lambda: old.pending is not None)  # read, waiting for the dialog to close
        await pilot.press("ctrl+s")
        new = await replaced(pilot, old)
        await until(pilot, lambda: any(p.annotation.note == "race" for p in new.reading.notes.placed))
        (placed,) = [p for p in new.reading.notes.placed if p.annotation.note == "race"]
        assert placed.found is not None
        section = new.brief.section(placed.found.section) if new.brief else None
        assert section is not None
        assert section.text[placed.found.start : placed.found.end] == EDITED
    with Store(tmp_path / STORE_FILE) as store:
        assert [note.note for note in store.annotations(KEY)] == ["race"]


ITEM = "Among them are 1,500 special forces troops who are reportedly inside Russia already."
ITEM_EDITED = "Among them are some 1,500 special forces troops, who are reportedly inside Russia already."
BEFORE = "four brigades to Russia, 12,000 troops in all."
AFTER = "- Lt. Gen. Kyrylo Budanov, who heads"


async def test_a_note_follows_its_text_through_successive_edits_of_it_and_then_of_its_neighbours(
    tmp_path: Path,
) -> None:
    """Found by a trial: a note on a list item edited once was found as edited text; the items on each side
    then edited, its own anchor (old text, old surroundings) found nothing, and it lost its place."""
    path = copied(tmp_path)
    app = BriefingApp(open_brief(path), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(180, 50)) as pilot:
        first = await opened(pilot)
        await on_sentence(pilot, first, ITEM)
        await pilot.press("m")
        await until(pilot, lambda: len(first.reading.notes.placed) == 1)
        edit(path, ITEM, ITEM_EDITED)
        second = await replaced(pilot, first)
        await until(pilot, lambda: len(second.reading.notes.placed) == 1)
        assert second.reading.notes.placed[0].found is not None
        # The items on each side edited where they touch it: its old surroundings are gone too.
        edit(path, BEFORE, "four brigades, some 12,000 soldiers, to Russia.")
        edit(path, AFTER, "- Kyrylo Budanov, a lieutenant general who heads")
        third = await replaced(pilot, second)
        await until(pilot, lambda: len(third.reading.notes.placed) == 1)
        (placed,) = third.reading.notes.placed
        assert placed.found is not None, "the note lost its place"
        assert placed.found.how is How.FUZZY  # still flagged: its text changed since it was made
        section = third.brief.section(placed.found.section) if third.brief else None
        assert section is not None
        assert section.text[placed.found.start : placed.found.end].startswith(ITEM_EDITED[:-1])


async def test_the_note_under_the_cursor_is_shown_again_after_a_reload(tmp_path: Path) -> None:
    """A trial's note panel went away after a reload, the cursor still on the noted sentence."""
    path = copied(tmp_path)
    app = BriefingApp(open_brief(path), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(180, 50)) as pilot:
        first = await opened(pilot)
        await on_sentence(pilot, first, SENTENCE)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.press(*"kept in view", "ctrl+s")
        await until(pilot, lambda: app.screen is first and first.query_one("#note-panel").display)
        edit(path, ITEM, ITEM_EDITED)  # elsewhere in the section
        second = await replaced(pilot, first)
        await until(pilot, lambda: second.query_one("#note-panel").display)
        assert "kept in view" in str(second.query_one("#note-panel", Static).render())


async def test_a_search_open_stays_open_with_its_query_after_a_reload(tmp_path: Path) -> None:
    path = copied(tmp_path)
    app = BriefingApp(open_brief(path), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(180, 50)) as pilot:
        first = await opened(pilot)
        await pilot.press("slash", *"nato", "enter")
        await until(pilot, lambda: first.search_complete and first.matches)
        edit(path, ITEM, ITEM_EDITED)
        second = await replaced(pilot, first)
        await until(pilot, lambda: second.search_complete and bool(second.matches))
        assert second.query_one(SearchBar).display
        assert second.reading.search.query_text == "nato"


async def test_a_change_made_between_reading_the_file_and_the_reader_showing_it_is_read(tmp_path: Path) -> None:
    """Found by an attack: the file changed after it was read, before the reader's first look, and the first
    look took the changed file for the version shown: the old text stayed, with no word, until the next change."""
    path = copied(tmp_path)
    loader = open_brief(path)
    edit(path, SENTENCE, EDITED)
    app = BriefingApp(loader, store=tmp_path / STORE_FILE)
    async with app.run_test(size=(180, 50)) as pilot:
        first = await opened(pilot)
        second = await replaced(pilot, first)
        situation = second.brief.section("situation") if second.brief else None
        assert situation is not None
        assert EDITED in situation.text


async def test_a_bad_version_undone_is_said_and_the_same_bad_version_again_is_said_again(tmp_path: Path) -> None:
    """Found by an attack: a bad version, then the version shown put back, then the same bad version: silent."""
    path = copied(tmp_path)
    app = BriefingApp(open_brief(path), store=tmp_path / STORE_FILE)
    good = path.read_text(encoding="utf-8")
    bad = good.replace(SENTENCE, "A bad citation.[^no-such-claim]")

    def refused() -> list[str]:
        return [n for n in notices(app) if "the last good version stays" in n]

    async with app.run_test(size=(180, 50)) as pilot:
        first = await opened(pilot)
        path.write_text(bad, encoding="utf-8")
        await until(pilot, refused)
        path.write_text(good, encoding="utf-8")
        await until(pilot, lambda: "brief.md is as shown again." in notices(app))
        assert refused() == []  # taken down: no longer true
        path.write_text(bad, encoding="utf-8")
        await until(pilot, refused)
        assert app.screen is first


async def test_a_search_being_typed_keeps_the_keyboard_through_a_reload(tmp_path: Path) -> None:
    """Found by a re-attack: the reader put back took the keyboard, and `q` typed next quit the app."""
    path = copied(tmp_path)
    app = BriefingApp(open_brief(path), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(80, 24)) as pilot:
        first = await opened(pilot)
        await pilot.press("slash", *"Ku")
        edit(path, ITEM, ITEM_EDITED)
        second = await replaced(pilot, first)
        await until(pilot, lambda: isinstance(app.focused, Input))
        await pilot.press(*"rsk")
        await until(pilot, lambda: second.reading.search.query_text == "Kursk")
        assert app.screen is second
