"""The key bar: whole keys at any width, the help key always at the right, a modal's own keys over the screen below."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from rich.console import Console
from textual import events
from textual.widgets import Input, TextArea

from tui.app import BriefingApp
from tui.core.brief.loader import open_brief
from tui.core.notes.store import STORE_FILE
from tui.screens.confirm import ConfirmScreen
from tui.screens.export_prompt import ExportPrompt
from tui.screens.guides import GuidesList
from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen
from tui.screens.note_editor import NoteEditor
from tui.screens.notes_list import NotesList
from tui.screens.outline import OutlineScreen
from tui.screens.reader import ReaderScreen
from tui.screens.summary import SummaryScreen
from tui.widgets.key_bar import fitting

from .conftest import BUNDLED_BRIEF
from .helpers.waiting import until


def screen_lines(app: BriefingApp) -> list[str]:
    """The screen as a person sees it, modals over what is below, one string a row (as a screenshot is made)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, record=True)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text().splitlines()


def bottom(app: BriefingApp) -> str:
    return screen_lines(app)[app.size.height - 1]


def shown_keys(line: str) -> list[str]:
    """The entries of a key bar line ("j Next sentence", "? Help"): runs of text two spaces apart."""
    return [part.strip() for part in line.split("  ") if part.strip()]


def described(app: BriefingApp) -> set[str]:
    """Every "key description" the current screen could show, whole."""
    active = app.screen.active_bindings
    whole = {f"{app.get_key_display(binding)} {binding.description}" for _, binding, _, _ in active.values()}
    return whole | {"? Help", "f1 Help"}


def reader_app(store: Path | None = None) -> BriefingApp:
    loader = open_brief(BUNDLED_BRIEF)
    loader.finish()
    return BriefingApp(loader, store=store)


def test_fitting_takes_whole_entries_from_the_start() -> None:
    assert fitting([5, 5, 5], 12) == 2  # 5 + 2 + 5
    assert fitting([5, 5, 5], 11) == 1
    assert fitting([5, 20, 1], 12) == 1  # the order is the priority: no smaller one after a gap
    assert fitting([], 3) == 0


@pytest.mark.parametrize("width", [80, 100, 180])
async def test_the_reader_shows_whole_keys_and_the_help_key_at_the_right_at_any_width(width: int) -> None:
    """Textual's footer cut the last key mid-word ("h Previous col") and had no help key at 80 columns."""
    app = reader_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        line = bottom(app)
        assert len(line.rstrip()) <= width
        assert line.rstrip().endswith("? Help")
        entries = shown_keys(line)
        assert len(entries) >= 3  # the most useful keys are there, not only help
        assert entries[:2] == ["j Next sentence", "k Previous sentence"]  # in their declared order
        assert set(entries) <= described(app), entries  # each one whole


async def test_in_the_search_field_the_bar_offers_f1_for_help_as_question_mark_is_typed() -> None:
    app = reader_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("slash", "question_mark")
        assert app.screen.query_one("#search-input", Input).value == "?"
        await pilot.pause()
        assert bottom(app).rstrip().endswith("f1 Help")
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))


async def test_the_library_shows_its_own_keys_and_help(tmp_path: Path) -> None:
    shutil.copy(BUNDLED_BRIEF, tmp_path / "troops.md")
    app = BriefingApp(library=[tmp_path])
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.pause()
        line = bottom(app)
        assert shown_keys(line)[:3] == ["/ Filter", "r Rescan", "g Guides"]
        assert line.rstrip().endswith("? Help")


MODAL_KEYS = {
    NotesList: "esc clear the filter or close",
    NoteEditor: "^s Save",
    ExportPrompt: "esc Cancel",
    ConfirmScreen: "y Yes",
    HelpScreen: "esc Close help",
    OutlineScreen: "esc Close",
    SummaryScreen: "esc Close",
}


async def test_every_modal_at_80x24_shows_its_own_keys_not_the_readers(tmp_path: Path) -> None:
    """The reader's footer (j Next sentence...) showed below every modal, whose keys were nowhere."""
    app = reader_app(tmp_path / STORE_FILE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        seen = []
        # The notes list, its help (`?` works there), the editor, its "Discard?" question, the export prompt.
        for keys, modal in (
            (["A"], NotesList),
            (["question_mark"], HelpScreen),
            (["escape", "escape", "a", "x"], NoteEditor),
            (["escape"], ConfirmScreen),
            (["y", "e"], ExportPrompt),
            (["escape", "t"], OutlineScreen),  # the outline and the whole bottom line came with this round
            (["escape", "B"], SummaryScreen),
        ):
            await pilot.press(*keys)
            await until(pilot, lambda modal=modal: isinstance(app.screen, modal))  # type: ignore[misc]
            await pilot.pause()
            line = bottom(app)
            if modal is not SummaryScreen:  # the whole bottom line is read as a column is: j, k, v are its own
                assert "Next sentence" not in line, (modal, line)
            assert MODAL_KEYS[modal] in shown_keys(line), (modal, line)
            if modal is not HelpScreen:
                assert line.rstrip().endswith(("? Help", "f1 Help")), (modal, line)
            seen.append(modal)
        assert len(seen) == 7


async def test_the_guides_list_shows_its_own_keys(tmp_path: Path) -> None:
    shutil.copy(BUNDLED_BRIEF, tmp_path / "troops.md")
    app = BriefingApp(library=[tmp_path])
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, GuidesList))
        await pilot.pause()
        line = bottom(app)
        assert shown_keys(line)[0] == "esc Close"
        assert "Rescan" not in line
        assert line.rstrip().endswith("? Help")
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))


async def test_help_opens_from_modals_but_question_mark_is_typed_in_the_editor(tmp_path: Path) -> None:
    """`?` and f1 were the app's keys, which Textual does not look at over a modal: they did nothing there."""
    app = reader_app(tmp_path / STORE_FILE)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("A", "question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert help_screen.heading == "notes list"
        await pilot.press("question_mark")  # closes the help, as before
        await until(pilot, lambda: isinstance(app.screen, NotesList))
        await pilot.press("escape", "a", "question_mark")
        await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.pause()
        assert app.screen.query_one("#editor-note", TextArea).text == "?"
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, NoteEditor))


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_the_whole_note_editor_fits_with_a_long_quote_and_an_error(tmp_path: Path, size: tuple[int, int]) -> None:
    """At 80x24 the tags, the colour and the key line were below the editor's box, cut off."""
    app = reader_app(tmp_path / STORE_FILE)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("j", "v", "j", "j", "j", "j", "a")  # a quote of five sentences
        await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        editor.show_error("the disk is full " * 12)
        await pilot.pause()
        box = editor.query_one("#editor-box").region
        assert box.y >= 0
        assert box.bottom <= size[1] - 1  # above the key bar
        for part in ("#editor-quote", "#editor-note", "#editor-tags", "#editor-colour", "#editor-error"):
            region = editor.query_one(part).region
            assert box.contains_region(region), (part, region, box)
        assert editor.query_one("#editor-note").region.height >= 4  # room to type: two lines at least
        assert "^s Save" in shown_keys(bottom(app))


async def test_tab_right_after_a_moves_to_the_tags(tmp_path: Path) -> None:
    """Tab pressed with `a` (in one go, as a quick hand or tmux sends them) was lost: the editor's
    focus on the note, set a moment after it opened, took it back from the tags."""
    app = reader_app(tmp_path / STORE_FILE)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        for key, character in (("a", "a"), ("tab", "\t")):
            event = events.Key(key, character)
            event.set_sender(app)
            app._driver.send_message(event)  # both queued at once  # type: ignore[union-attr]
        await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.pause(0.2)
        assert isinstance(app.focused, Input)
        assert app.focused.id == "editor-tags"
        await pilot.press("n", "k")
        assert app.screen.query_one("#editor-tags", Input).value == "nk"
        await pilot.press("shift+tab")  # back to the note
        assert isinstance(app.focused, TextArea)
        await pilot.press("tab")
        assert isinstance(app.focused, Input)


async def test_the_reader_still_opens_with_its_bar_after_a_note_is_saved(tmp_path: Path) -> None:
    app = reader_app(tmp_path / STORE_FILE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("a", "x", "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.pause()
        assert bottom(app).rstrip().endswith("? Help")
