"""The notes browser (`F`): every note of every brief, searched as typed, a page at a time; hostile notes
shown inert; enter opens the brief at the note (from the library, and from the reader)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.events import Key
from textual.geometry import Region
from textual.widgets import Input, OptionList

from tui.app import BriefingApp
from tui.core.brief.parse import load_brief
from tui.core.notes.anchoring import anchor_for
from tui.core.notes.annotation import Anchor, Annotation, brief_key
from tui.core.notes.note_query import Order
from tui.core.notes.store import STORE_FILE, Store
from tui.screens.library import LibraryScreen
from tui.screens.notes_browser import NotesBrowser
from tui.screens.reader import ReaderScreen
from tui.widgets.note_rows import MARKED, NoteRows

from .conftest import BUNDLED_BRIEF
from .helpers.waiting import until
from .test_reader_notes import notices, view_of

KEY = brief_key("north-korean-troops-in-russia", BUNDLED_BRIEF)


def library(tmp_path: Path) -> tuple[Path, Path]:
    """A library folder with the bundled brief, and where its notes store goes."""
    folder = tmp_path / "library"
    folder.mkdir()
    shutil.copy(BUNDLED_BRIEF, folder / "troops.md")
    return folder, tmp_path / STORE_FILE


def on_sentence(number: int, note: str, **more: object) -> Annotation:
    """A note on the `number`th sentence of the bundled brief's second section."""
    brief, _ = load_brief(BUNDLED_BRIEF)
    section = [s for s in brief.all_sections if s.sentences][1]
    sentence = section.sentences[number]
    return Annotation(KEY, anchor_for(section, sentence.start, sentence.end), note=note, **more)  # type: ignore[arg-type]


def save(store: Path, *notes: Annotation) -> None:
    with Store(store) as opened:
        for note in notes:
            opened.save(note)


async def browse(app: BriefingApp, pilot) -> NotesBrowser:  # type: ignore[no-untyped-def]
    """From the library: wait for it to be read, press F, wait for the first page."""
    library_screen = app.screen
    assert isinstance(library_screen, LibraryScreen)
    await until(pilot, lambda: library_screen.entries and library_screen.scanned)
    await pilot.press("F")
    await until(pilot, lambda: isinstance(app.screen, NotesBrowser))
    browser = app.screen
    assert isinstance(browser, NotesBrowser)
    await until(pilot, lambda: browser.listing.done or browser.listing.hits)
    return browser


async def search(pilot, browser: NotesBrowser, typed: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("slash", *typed)
    await until(pilot, lambda: browser.listing.typed == typed and not browser.listing.asking)
    await pilot.press("enter")


def lines_of(widget: NoteRows) -> list[str]:
    return [strip.text for strip in widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))]


async def test_f_in_the_library_lists_every_note_and_a_word_typed_filters_and_marks(tmp_path: Path) -> None:
    folder, store = library(tmp_path)
    save(store, on_sentence(0, "Kursk offensive"), on_sentence(1, "logistics only"), on_sentence(2, "the kursk front"))
    app = BriefingApp(library=[folder], store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await browse(app, pilot)
        assert len(browser.listing.hits) == 3
        assert browser.active_bindings["enter"].binding.description == "Open at the note"  # key bar, help
        await until(pilot, lambda: browser.total == 3)
        assert "3 notes" in str(browser.query_one("#browser-title").render())
        await search(pilot, browser, "kurs")
        assert sorted(hit.note.note for hit in browser.listing.hits) == ["Kursk offensive", "the kursk front"]
        await until(pilot, lambda: browser.listing.found == 2)
        assert "2 of 3 match" in str(browser.query_one("#browser-title").render())
        rows = browser.query_one(NoteRows)
        prompt = rows.get_option_at_index(0).prompt
        marked = {str(prompt)[span.start : span.end] for span in prompt.spans if str(span.style) == MARKED}
        assert marked & {"Kursk", "kursk"}
        assert any("North Korean troops in Russia" in line for line in lines_of(rows))


async def test_a_hostile_note_is_shown_inert_in_its_row(tmp_path: Path) -> None:
    folder, store = library(tmp_path)
    hostile = "\x1b[31mred\x1b]52;c;aGk=\x07 [bold]loud[/bold] [@click=app.quit]x[/] \u202eevil " + "A" * 1_000_000
    save(store, on_sentence(0, hostile, tags=("[red]tag",)))
    app = BriefingApp(library=[folder], store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await browse(app, pilot)
        rows = browser.query_one(NoteRows)
        prompt = rows.get_option_at_index(0).prompt
        text = str(prompt)
        assert "\x1b" not in text
        assert "\u202e" not in text
        assert "[bold]loud[/bold]" in text  # the markup is text, not style
        assert "#[red]tag" in text
        assert len(text) < 1_000  # the snippet, not the megabyte
        loud = text.index("loud")
        assert not [span for span in prompt.spans if span.start <= loud < span.end and "bold" in str(span.style)]
        shown = "\n".join(lines_of(rows))
        assert "\x1b" not in shown
        assert "␛" in shown
        assert app.is_running  # the [@click=app.quit] did nothing


async def test_enter_opens_the_brief_at_the_note_from_the_library(tmp_path: Path) -> None:
    folder, store = library(tmp_path)
    note = on_sentence(3, "go here")
    save(store, note)
    app = BriefingApp(library=[folder], store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await browse(app, pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.reading.notes.read)
        await until(pilot, lambda: isinstance(app.focused, type(view_of(app))) and view_of(app).current is not None)
        view = view_of(app)
        await until(pilot, lambda: view_of(app).section.id == note.anchor.section)
        sentence = view_of(app).current
        assert sentence is not None
        assert sentence.start <= note.anchor.start < sentence.end
        del view


async def test_f_in_the_reader_jumps_to_a_note_of_the_same_brief(tmp_path: Path) -> None:
    folder, store = library(tmp_path)
    note = on_sentence(4, "jump to me")
    save(store, note)
    app = BriefingApp(library=[folder], store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        library_screen = app.screen
        assert isinstance(library_screen, LibraryScreen)
        await until(pilot, lambda: library_screen.entries and library_screen.scanned)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.reading.notes.read)
        reader = app.screen
        await pilot.press("F")
        await until(pilot, lambda: isinstance(app.screen, NotesBrowser) and app.screen.listing.hits)
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is reader)
        await until(pilot, lambda: view_of(app).section.id == note.anchor.section)
        sentence = view_of(app).current
        assert sentence is not None
        assert sentence.start <= note.anchor.start < sentence.end


async def test_a_note_whose_brief_is_not_in_the_library_is_said_and_not_opened(tmp_path: Path) -> None:
    folder, store = library(tmp_path)
    save(store, Annotation("id:gone", Anchor("s", "far", 0, 3), note="lonely"))
    app = BriefingApp(library=[folder], store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await browse(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is browser
        assert any("not in the library" in said for said in notices(app))


async def test_is_orphan_finds_a_note_whose_quote_was_removed(tmp_path: Path) -> None:
    folder, store = library(tmp_path)
    kept, lost = on_sentence(0, "still here"), on_sentence(1, "lost one")
    save(store, kept, lost)
    brief = folder / "troops.md"
    brief.write_text(brief.read_text(encoding="utf-8").replace(lost.anchor.quote, ""), encoding="utf-8")
    app = BriefingApp(library=[folder], store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await browse(app, pilot)
        await search(pilot, browser, "is:orphan")
        await until(pilot, lambda: browser.orphans is not None and browser.listing.done)
        assert [hit.note.note for hit in browser.listing.hits] == ["lost one"]


async def test_pages_are_fetched_as_needed_and_g_reaches_the_last_of_250(tmp_path: Path) -> None:
    folder, store = library(tmp_path)
    save(store, *(Annotation(KEY, Anchor("s", f"quote {n}", 0, 5), note=f"note {n:03}") for n in range(250)))
    app = BriefingApp(library=[folder], store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await browse(app, pilot)
        assert len(browser.listing.hits) == 100  # a page, not every note
        await pilot.press("G")
        rows = browser.query_one(NoteRows)
        await until(pilot, lambda: browser.listing.done and rows.highlighted == len(browser.rows) - 1)
        assert len(browser.listing.hits) == 250
        assert len({hit.note.id for hit in browser.listing.hits}) == 250


async def test_t_lists_the_tags_with_their_counts_and_enter_adds_one_to_the_query(tmp_path: Path) -> None:
    folder, store = library(tmp_path)
    save(store, on_sentence(0, "a", tags=("alpha",)), on_sentence(1, "b", tags=("alpha", "beta")), on_sentence(2, "c"))
    app = BriefingApp(library=[folder], store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await browse(app, pilot)
        await pilot.press("t")
        tags = browser.query_one("#browser-tags", OptionList)
        await until(pilot, lambda: browser.tag_names)
        assert [str(tags.get_option_at_index(n).prompt) for n in range(2)] == ["2 #alpha", "1 #beta"]
        await pilot.press("down", "enter")
        await until(pilot, lambda: browser.listing.typed == "#beta" and browser.listing.done)
        assert [hit.note.note for hit in browser.listing.hits] == ["b"]


async def test_without_full_text_search_a_plain_scan_is_said_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_FTS5", "off")
    folder, store = library(tmp_path)
    save(store, on_sentence(0, "Kursk offensive"), on_sentence(1, "logistics"))
    app = BriefingApp(library=[folder], store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await browse(app, pilot)
        await search(pilot, browser, "kursk")
        assert [hit.note.note for hit in browser.listing.hits] == ["Kursk offensive"]
        await search(pilot, browser, " off")
        assert sum("plain scan" in said for said in notices(app)) == 1


async def test_a_search_typed_at_once_after_the_slash_reaches_the_field(tmp_path: Path) -> None:
    folder, store = library(tmp_path)
    save(store, on_sentence(0, "kursk"), on_sentence(1, "other"))
    app = BriefingApp(library=[folder], store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await browse(app, pilot)
        app.post_message(Key("slash", "/"))
        for letter in "kursk/":
            app.post_message(Key(letter, letter))
        await until(pilot, lambda: browser.listing.typed == "kursk/")
        assert browser.listing.order is Order.BEST  # no `o`, `c` or `k` ran in the list


async def test_keys_typed_at_once_after_enter_in_the_field_act_on_the_list(tmp_path: Path) -> None:
    folder, store = library(tmp_path)
    save(store, on_sentence(0, "kursk"), on_sentence(1, "other"))
    app = BriefingApp(library=[folder], store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await browse(app, pilot)
        for key, character in [("slash", "/"), ("k", "k"), ("enter", "\r"), ("o", "o")]:
            app.post_message(Key(key, character))
        await until(pilot, lambda: browser.listing.order is Order.NEWEST)
        assert browser.query_one("#browser-field", Input).value == "k"


async def test_f_in_the_reader_opens_another_briefs_note_over_it(tmp_path: Path) -> None:
    folder, store = library(tmp_path)
    other = folder / "other.md"
    other.write_text("---\nid: other\ntitle: Other\n---\n\n# Other\n\n## Part\n\nOne. Two is here.\n", encoding="utf-8")
    section = load_brief(other)[0].all_sections[0]
    start = section.text.index("Two")
    save(store, Annotation("id:other", anchor_for(section, start, start + 12), note="elsewhere"))
    app = BriefingApp(library=[folder], store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        library_screen = app.screen
        assert isinstance(library_screen, LibraryScreen)
        await until(pilot, lambda: library_screen.entries and library_screen.scanned)
        await pilot.press("slash", *"troops", "enter", "enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.reading.notes.read)
        first = app.screen
        await pilot.press("F")
        await until(pilot, lambda: isinstance(app.screen, NotesBrowser) and app.screen.listing.hits)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen is not first)
        await until(pilot, lambda: app.screen.reading.notes.read and view_of(app).current is not None)
        await until(pilot, lambda: view_of(app).current.start == start)  # type: ignore[union-attr]
        await pilot.press("q")
        assert app.screen is first


async def test_the_browser_opens_again_with_the_search_and_order_it_was_closed_with(tmp_path: Path) -> None:
    """A trial opened a note, came back with `q`, and had to type its search again each time."""
    folder, store = library(tmp_path)
    save(store, on_sentence(0, "Kursk offensive"), on_sentence(1, "logistics only"))
    app = BriefingApp(library=[folder], store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await browse(app, pilot)
        assert "newest first" in str(browser.query_one("#browser-title").render())  # "best" means ranked
        await search(pilot, browser, "kurs")
        await pilot.press("o")
        await until(pilot, lambda: browser.listing.order is Order.NEWEST and not browser.listing.asking)
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        again = await browse(app, pilot)
        assert again is not browser
        assert again.query_one("#browser-field", Input).value == "kurs"
        assert again.listing.order is Order.NEWEST
        assert [hit.note.note for hit in again.listing.hits] == ["Kursk offensive"]


async def test_j_and_k_move_in_the_tag_list(tmp_path: Path) -> None:
    folder, store = library(tmp_path)
    save(store, on_sentence(0, "a", tags=("alpha",)), on_sentence(1, "b", tags=("beta",)))
    app = BriefingApp(library=[folder], store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await browse(app, pilot)
        await pilot.press("t")
        tags = browser.query_one("#browser-tags", OptionList)
        await until(pilot, lambda: tags.option_count == 2)
        await pilot.press("j", "enter")
        field = browser.query_one("#browser-field", Input)
        await until(pilot, lambda: field.value == "#beta")


async def test_editing_a_note_goes_on_from_its_end(tmp_path: Path) -> None:
    """A trial pressed `a` on a note and typed: the words went in front of the old note."""
    from textual.widgets import TextArea

    from tui.screens.note_editor import NoteEditor

    folder, store = library(tmp_path)
    save(store, on_sentence(0, "first words"))
    app = BriefingApp(library=[folder], store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await browse(app, pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.reading.notes.read)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.press("space", "x")
        await until(pilot, lambda: app.screen.query_one("#editor-note", TextArea).text == "first words x")


async def test_going_between_two_briefs_notes_goes_back_to_the_reader_already_open(tmp_path: Path) -> None:
    """An attack jumped six times between two briefs' notes and piled seven readers on the stack."""
    folder, store = library(tmp_path)
    other = folder / "other.md"
    other.write_text("---\nid: other\ntitle: Other\n---\n\n# Other\n\n## Part\n\nOne. Two is here.\n", encoding="utf-8")
    section = load_brief(other)[0].all_sections[0]
    start = section.text.index("Two")
    save(store, Annotation("id:other", anchor_for(section, start, start + 12), note="elsewhere"))
    save(store, on_sentence(0, "homeward"))
    app = BriefingApp(library=[folder], store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        library_screen = app.screen
        assert isinstance(library_screen, LibraryScreen)
        await until(pilot, lambda: library_screen.entries and library_screen.scanned)
        await pilot.press("slash", *"troops", "enter", "enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.reading.notes.read)
        first = app.screen
        depth = len(app.screen_stack)
        for _ in range(3):
            await pilot.press("F")
            await until(pilot, lambda: isinstance(app.screen, NotesBrowser) and not app.screen.listing.asking)
            browser = app.screen
            assert isinstance(browser, NotesBrowser)
            await search(pilot, browser, "elsewhere")
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen is not first)
            await until(pilot, lambda: app.screen.reading.notes.read)
            await pilot.press("F")
            await until(pilot, lambda: isinstance(app.screen, NotesBrowser) and not app.screen.listing.asking)
            browser = app.screen
            assert isinstance(browser, NotesBrowser)
            await search(pilot, browser, "homeward")
            await pilot.press("enter")
            await until(pilot, lambda: app.screen is first)
            assert len(app.screen_stack) == depth


async def test_an_unreadable_note_does_not_end_the_list(tmp_path: Path) -> None:
    """An attack's one note of a colour the app never writes hid every note listed after it."""
    import sqlite3

    folder, store = library(tmp_path)
    save(store, *(Annotation(KEY, Anchor("s", f"quote {n}", 0, 5), note=f"note {n:03}") for n in range(150)))
    with sqlite3.connect(store) as db:
        db.execute("UPDATE annotation SET colour = 'weird' WHERE note = 'note 120'")
    app = BriefingApp(library=[folder], store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await browse(app, pilot)
        await pilot.press("G")
        await until(pilot, lambda: browser.listing.done and not browser.listing.asking)
        assert len(browser.listing.hits) == 149


async def test_a_browser_opened_before_the_library_read_a_brief_opens_its_note(tmp_path: Path) -> None:
    """An attack pressed F before 1,000 briefs were listed: the brief stayed 'not in the library'."""
    folder, store = library(tmp_path)
    save(store, on_sentence(0, "early"))
    app = BriefingApp(library=[folder], store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        library_screen = app.screen
        assert isinstance(library_screen, LibraryScreen)
        await until(pilot, lambda: library_screen.entries and library_screen.scanned)
        browser = NotesBrowser(app.notes, {})  # as opened while no brief was listed yet
        app.push_screen(browser, library_screen.note_chosen)
        await until(pilot, lambda: browser.listing.hits)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
