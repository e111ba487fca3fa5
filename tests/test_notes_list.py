"""The notes list (`A`): a bounded number of entries however many notes there are, a filter over all
of them by text, quote and tag, off the event loop, and enter going to a note, from the list or the filter."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Input, OptionList, Static

from tui.app import BriefingApp
from tui.core.brief.loader import open_brief
from tui.core.brief.parse import load_brief
from tui.core.notes.access import Placed
from tui.core.notes.anchoring import Found, How, anchor_for
from tui.core.notes.annotation import Anchor, Annotation, brief_key
from tui.core.notes.finding import first_matches
from tui.core.notes.store import STORE_FILE, Store
from tui.screens.notes_list import LISTED, NotesList, key_line

from .conftest import BUNDLED_BRIEF
from .helpers.waiting import PATIENCE, until
from .test_reader_notes import settle, view_of

KEY = brief_key("north-korean-troops-in-russia", BUNDLED_BRIEF)


def made(count: int, *, every: int = 0, tags: tuple[str, ...] = ()) -> list[Placed]:
    """`count` placed notes, "note N" quoting "the quote of note N", every `every`-th tagged `tags`."""
    return [
        Placed(
            Annotation(
                KEY,
                Anchor("s", f"the quote of note {number}", number, number + 5),
                note=f"note {number}",
                tags=tags if every and number % every == 0 else (),
                id=f"n{number}",
            ),
            Found("s", number, number + 5, How.EXACT),
        )
        for number in range(count)
    ]


def in_place(placed: Placed) -> tuple[int, int]:
    return (0, placed.found.start) if placed.found else (0, 0)


class Holder(App[None]):
    """An app that shows only the notes list, and keeps what it closed with."""

    def __init__(self, placed: list[Placed]) -> None:
        super().__init__()
        self.placed = placed
        self.chosen: list[Placed | None] = []

    def on_mount(self) -> None:
        self.push_screen(NotesList(self.placed, in_place, {"s": "Section"}), self.chosen.append)


async def listed(app: Holder) -> NotesList:
    screen = app.screen
    assert isinstance(screen, NotesList)
    return screen


def prompts(screen: NotesList) -> list[str]:
    options = screen.query_one(OptionList)
    return [options.get_option_at_index(n).prompt.plain for n in range(options.option_count)]  # type: ignore[union-attr]


def filtered(screen: NotesList, typed: str) -> bool:
    """The filter holds `typed`, its search is done and its matches are listed."""
    busy = [worker for worker in screen.app.workers if worker.node is screen and not worker.is_finished]
    return not busy and screen.query_one("#notes-filter", Input).value == typed and screen.matching is not None


def test_a_filter_looks_at_text_quote_and_tags_in_any_case_and_counts_all_it_lets_through() -> None:
    placed = made(3000, every=1000, tags=("Zebra",))
    placed[1234] = Placed(Annotation(KEY, Anchor("s", "A QUOTE ABOUT Ünïcode", 0, 5), note="", id="q"), None)
    assert first_matches(placed, "zebra", 10) is not None
    assert first_matches(placed, "zebra", 10).first == [0, 1000, 2000]  # type: ignore[union-attr]
    assert first_matches(placed, "about üNÏCODE", 10).first == [1234]  # type: ignore[union-attr]
    assert first_matches(placed, "note 2999", 10).first == [2999]  # type: ignore[union-attr]
    some = first_matches(placed, "NOTE 1", 5)
    assert some is not None
    assert some.first == [1, 10, 11, 12, 13]
    assert some.total == 1111 - 1  # note 1, 10-19, 100-199, 1000-1999, but 1234 holds no "note 1"
    assert first_matches(placed, "", 5) == first_matches(placed, "  ", 5)
    everything = first_matches(placed, "", 5)
    assert everything is not None
    assert (everything.first, everything.total) == ([0, 1, 2, 3, 4], 3000)


def test_a_filter_stops_when_asked_to() -> None:
    asked = []

    def stopped() -> bool:
        asked.append(True)
        return len(asked) > 2

    assert first_matches(made(10_000), "note", 10, stopped) is None
    assert len(asked) == 3  # it stopped at the third time it asked, not at the end


async def test_300000_notes_build_a_bounded_number_of_entries_and_a_line_saying_how_many_more() -> None:
    """Before, each of the 300,000 notes was an option: 13-14 s to show (80 s under Pilot)."""
    app = Holder(made(300_000))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, NotesList) and app.screen.is_mounted)
        screen = await listed(app)
        options = screen.query_one(OptionList)
        assert options.option_count == LISTED + 1
        assert prompts(screen)[-1] == f"and {300_000 - LISTED:,} more: / filters them all"
        assert options.get_option_at_index(LISTED).disabled
        title = str(screen.query_one("#notes-title", Static).render())
        assert "Notes: 300,000 (the first 500 listed; / filters them all)" in title
        # The filter goes through all of them and shows the first LISTED matches, said the same way.
        await pilot.press("slash", *"note 2")
        await until(pilot, lambda: filtered(screen, "note 2"))
        assert options.option_count == LISTED + 1
        matching = sum(1 for p in app.placed if "note 2" in p.annotation.note)
        assert screen.matching == matching
        assert prompts(screen)[-1] == f"and {matching - LISTED:,} more: type more to narrow the filter"
        assert f"Notes: {matching:,} of 300,000 match the filter" in str(screen.query_one("#notes-title").render())


async def test_the_filter_finds_a_note_past_the_entries_built_and_enter_goes_to_it() -> None:
    app = Holder(made(2000, every=1777, tags=("far-Away",)))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, NotesList) and app.screen.is_mounted)
        screen = await listed(app)
        assert screen.query_one(OptionList).has_focus
        await pilot.press("slash")
        assert screen.query_one("#notes-filter", Input).has_focus
        await pilot.press(*"AWAY")  # A types into the filter: it does not close the list
        await until(pilot, lambda: filtered(screen, "AWAY"))
        assert [screen.entries[place].annotation.id for place in screen.shown] == ["n0", "n1777"]
        assert screen.query_one(OptionList).option_count == 2  # no "more" line: they are all listed
        await pilot.press("down", "enter")  # down moves the list from the filter; enter goes to its note
        await until(pilot, lambda: bool(app.chosen))
    assert app.chosen[0] is not None
    assert app.chosen[0].annotation.id == "n1777"


async def test_a_filter_that_lets_nothing_through_says_so_and_enter_does_nothing() -> None:
    app = Holder(made(50))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, NotesList) and app.screen.is_mounted)
        screen = await listed(app)
        await pilot.press("slash", *"qjA[x]")
        await until(pilot, lambda: filtered(screen, "qjA[x]"))
        assert prompts(screen) == ["No note holds that."]
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press(*["backspace"] * 6)  # emptied: every note again, the first LISTED of them
        await until(pilot, lambda: screen.query_one(OptionList).option_count == 50)
        assert screen.matching is None
        await pilot.press("escape")
        await until(pilot, lambda: bool(app.chosen))
    assert app.chosen == [None]


async def test_escape_clears_a_filter_before_it_closes_the_list() -> None:
    """Escape in the filter closed the whole list: a new user lost it while filtering by a tag."""
    app = Holder(made(5))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, NotesList) and app.screen.is_mounted)
        screen = await listed(app)
        await pilot.press("slash", *"zzz")
        await until(pilot, lambda: filtered(screen, "zzz"))
        await pilot.press("escape")
        await until(pilot, lambda: screen.query_one(OptionList).option_count == 5)
        assert app.screen is screen
        assert screen.query_one("#notes-filter", Input).value == ""
        await pilot.press("escape")
        await until(pilot, lambda: bool(app.chosen))
    assert app.chosen == [None]


async def test_the_key_line_says_every_key_of_the_list() -> None:
    app = Holder(made(3))
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, NotesList) and app.screen.is_mounted)
        screen = await listed(app)
        shown = str(screen.query_one("#notes-keys", Static).render())
        assert shown == key_line(NotesList.BINDINGS)
        for said in (
            "enter g: go to the note",
            "escape: clear the filter or close",
            "q A: close",
            "a: edit",
            "d: delete",
            "u: undo delete",
            "/: filter (#tag: that tag)",
            "j ↓: next",
            "k ↑: previous",
        ):
            assert said in shown


@pytest.mark.parametrize("text", ["[@click=app.quit]x[/]", "[bold]b", "␛]52;c;"])
async def test_note_text_in_the_list_and_the_filter_is_never_markup(text: str) -> None:
    placed = [Placed(Annotation(KEY, Anchor("s", text, 0, 1), note=text, tags=(text,), id="x"), None)]
    app = Holder(placed)
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, NotesList) and app.screen.is_mounted)
        screen = await listed(app)
        screen.query_one("#notes-filter", Input).value = text  # as pasted: "␛" is no key to press
        await until(pilot, lambda: filtered(screen, text))
        (shown,) = prompts(screen)
        assert f"“{text}”" in shown
        assert f"#{text}" in shown


async def test_in_the_reader_a_filtered_note_past_the_first_entries_is_gone_to_with_enter(tmp_path: Path) -> None:
    """Notes on every sentence, round and round: the filter finds one tagged far down; enter moves there."""
    store = tmp_path / STORE_FILE
    brief_path = tmp_path / "brief.md"
    shutil.copy(BUNDLED_BRIEF, brief_path)
    brief, _ = load_brief(brief_path)
    sentences = [(section, sentence) for section in brief.all_sections for sentence in section.sentences]
    notes = []
    for number in range(LISTED + 300):
        section, sentence = sentences[number % len(sentences)]
        far = number == LISTED + 250
        notes.append(
            Annotation(
                KEY,
                anchor_for(section, sentence.start, sentence.end),
                note=f"note {number}",
                tags=("Needle",) if far else (),
                created=f"2026-01-01T00:00:00.{number:06d}+00:00",
            )
        )
    target = notes[LISTED + 250].anchor
    with Store(store) as opened:
        opened.merge(notes)
    app = BriefingApp(open_brief(brief_path), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("A")
        await until(pilot, lambda: isinstance(app.screen, NotesList) and app.screen.is_mounted)
        screen = app.screen
        assert isinstance(screen, NotesList)
        assert screen.query_one(OptionList).option_count == LISTED + 1
        await pilot.press("slash", *"needle")
        await until(pilot, lambda: filtered(screen, "needle"))
        assert len(screen.shown) == 1
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, NotesList))
        await pilot.pause()
        view = view_of(app)
        assert view.section.id == target.section
        assert view.current is not None
        assert view.current.start <= target.start < view.current.end


async def test_enter_in_the_filter_waits_for_its_search_never_going_to_an_older_filters_note(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tui.screens import notes_list

    release = threading.Event()

    def held(*args: Any, **kwargs: Any) -> Any:
        release.wait(PATIENCE)
        return first_matches(*args, **kwargs)

    monkeypatch.setattr(notes_list, "first_matches", held)
    app = Holder(made(50))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, NotesList) and app.screen.is_mounted)
        screen = await listed(app)
        await pilot.press("slash", *"note 7", "enter")  # the list still shows every note, note 0 first
        await pilot.pause()
        assert app.screen is screen
        release.set()
        await until(pilot, lambda: filtered(screen, "note 7"))
        await pilot.press("enter")
        await until(pilot, lambda: bool(app.chosen))
    assert app.chosen[0] is not None
    assert app.chosen[0].annotation.id == "n7"


async def test_a_before_the_notes_are_read_says_so_rather_than_no_notes(tmp_path: Path) -> None:
    """With 100,000 notes still being read, A said "No notes yet": a user could think them gone."""
    from .test_loading import HeldLoader

    store = tmp_path / STORE_FILE
    loader = HeldLoader(Path(BUNDLED_BRIEF).read_text(encoding="utf-8"), str(BUNDLED_BRIEF))
    app = BriefingApp(loader, store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await pilot.press("A")
        await pilot.pause()
        assert not isinstance(app.screen, NotesList)
        assert any("still being read" in str(n.message) for n in app._notifications)
        loader.go = True
        await app.workers.wait_for_complete()
        await until(pilot, lambda: app.screen.reading.notes.read)  # type: ignore[attr-defined]
        await pilot.press("A")
        await until(pilot, lambda: isinstance(app.screen, NotesList))


def test_a_hash_word_in_the_filter_asks_for_that_tag_exactly_and_the_rest_for_text() -> None:
    placed = made(30, every=10, tags=("Zebra",))
    placed[5] = Placed(Annotation(KEY, Anchor("s", "q", 0, 1), note="note 5", tags=("zebras",), id="z"), None)
    placed[7] = Placed(Annotation(KEY, Anchor("s", "q", 0, 1), note="about #zebra", id="h"), None)
    exact = first_matches(placed, "#ZEBRA", 10)
    assert exact is not None
    assert exact.first == [0, 10, 20]  # not "zebras", not a note that only says "#zebra"
    both = first_matches(placed, "#zebra note 2", 10)
    assert both is not None
    assert both.first == [20]
    loose = first_matches(placed, "zebra", 10)
    assert loose is not None
    assert loose.first == [0, 5, 7, 10, 20]
    lone = first_matches(placed, "#", 10)  # a lone # is text
    assert lone is not None
    assert lone.first == [7]


def stored_notes(store: Path) -> list[Annotation]:
    with Store(store) as opened:
        return opened.annotations(KEY)


async def reader_with_notes(tmp_path: Path, count: int) -> tuple[Path, list[Annotation]]:
    """A store with `count` notes ("note N") on the first sentences of the bundled brief."""
    store = tmp_path / STORE_FILE
    brief, _ = load_brief(BUNDLED_BRIEF)
    sentences = [(section, sentence) for section in brief.all_sections for sentence in section.sentences]
    notes = [
        Annotation(
            KEY,
            anchor_for(section, sentence.start, sentence.end),
            note=f"note {number}",
            tags=("keep",) if number % 2 else (),
            created=f"2026-01-01T00:00:00.{number:06d}+00:00",
        )
        for number, (section, sentence) in enumerate(sentences[:count])
    ]
    with Store(store) as opened:
        opened.merge(notes)
    return store, notes


async def open_list(app: BriefingApp, pilot: Any) -> NotesList:
    await pilot.pause()
    await settle(app)
    await pilot.press("A")
    await until(pilot, lambda: isinstance(app.screen, NotesList) and app.screen.is_mounted)
    screen = app.screen
    assert isinstance(screen, NotesList)
    return screen


async def test_a_in_the_list_edits_the_note_and_the_list_shows_the_new_text(tmp_path: Path) -> None:
    from textual.widgets import TextArea

    from tui.screens.note_editor import NoteEditor

    from .test_reader_notes import typed

    store, notes = await reader_with_notes(tmp_path, 3)
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        screen = await open_list(app, pilot)
        await pilot.press("j", "a")  # the second note
        await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert editor.query_one("#editor-note", TextArea).text == "note 1"
        await pilot.press("end", *typed(" rewritten"), "ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        await until(pilot, lambda: any("note 1 rewritten" in prompt for prompt in prompts(screen)))
        assert screen.query_one(OptionList).highlighted == 1  # still on the note edited
        assert "Note saved." in [str(n.message) for n in app._notifications]
    assert {note.id: note.note for note in stored_notes(store)}[notes[1].id] == "note 1 rewritten"


async def test_g_in_the_list_goes_to_the_notes_sentence_and_closes_the_list(tmp_path: Path) -> None:
    store, notes = await reader_with_notes(tmp_path, 3)
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await open_list(app, pilot)
        await pilot.press("j", "j", "g")
        await until(pilot, lambda: not isinstance(app.screen, NotesList))
        await pilot.pause()
        view = view_of(app)
        target = notes[2].anchor
        assert view.section.id == target.section
        assert view.current is not None
        assert view.current.start <= target.start < view.current.end


async def test_d_in_the_list_deletes_u_there_brings_it_back_and_the_readers_u_after(tmp_path: Path) -> None:
    store, notes = await reader_with_notes(tmp_path, 3)
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        screen = await open_list(app, pilot)
        await pilot.press("j", "d")  # note 1 goes at once; the highlight moves to the next one
        assert [screen.entries[place].annotation.note for place in screen.shown] == ["note 0", "note 2"]
        await settle(app)
        await until(pilot, lambda: len(prompts(screen)) == 2)
        assert screen.query_one(OptionList).highlighted == 1
        assert [note.id for note in stored_notes(store)] == [notes[0].id, notes[2].id]
        said = [str(n.message) for n in app._notifications]
        assert "Note deleted: u brings it back, here or in the reader." in said
        await pilot.press("u")  # in the list: back, at its place
        await settle(app)
        await until(pilot, lambda: len(prompts(screen)) == 3)
        assert "note 1" in prompts(screen)[1]
        assert len(stored_notes(store)) == 3
        await pilot.press("d")  # deleted again, then the list closed: the reader's u brings it back
        await settle(app)
        assert len(stored_notes(store)) == 2
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, NotesList))
        await settle(app)
        reader = app.screen
        assert all(p.annotation.id != notes[1].id for p in reader.reading.notes.placed)  # type: ignore[attr-defined]
        await pilot.press("u")
        await settle(app)
        await pilot.pause()
        assert len(stored_notes(store)) == 3
        assert any(p.annotation.id == notes[1].id for p in reader.reading.notes.placed)  # type: ignore[attr-defined]


async def test_a_delete_the_store_refuses_keeps_the_note_in_the_list_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core.notes.access import Notes
    from tui.core.notes.store_errors import StoreError

    def refused(self: Notes, annotation_id: str) -> bool:
        raise StoreError("the disk is full")

    store, notes = await reader_with_notes(tmp_path, 3)
    monkeypatch.setattr(Notes, "delete", refused)
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        screen = await open_list(app, pilot)
        await pilot.press("j", "d")
        await settle(app)
        await until(pilot, lambda: len(prompts(screen)) == 3)
        assert "note 1" in prompts(screen)[1]
        assert screen.query_one(OptionList).highlighted == 1
        said = [str(n.message) for n in app._notifications]
        assert "Not deleted: the disk is full. The note is kept." in said
        reader = app.screen_stack[-2]
        assert any(p.annotation.id == notes[1].id for p in reader.reading.notes.placed)  # type: ignore[attr-defined]
        await pilot.press("u")
        assert "Nothing deleted here to undo." in [str(n.message) for n in app._notifications]
    assert len(stored_notes(store)) == 3


async def test_a_tag_filter_typed_in_the_reader_list_shows_only_that_tags_notes(tmp_path: Path) -> None:
    store, _ = await reader_with_notes(tmp_path, 6)
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        screen = await open_list(app, pilot)
        await pilot.press("slash", "number_sign", *"keep")
        await until(pilot, lambda: filtered(screen, "#keep"))
        assert [screen.entries[place].annotation.note for place in screen.shown] == ["note 1", "note 3", "note 5"]
