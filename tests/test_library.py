"""The library screen: lists briefs (marking errors, and why one cannot be read), filters, opens, goes back, rescans."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import OptionList

from tui.app import BriefingApp
from tui.core.library import read_library
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen

from .conftest import BUNDLED_BRIEF
from .helpers.waiting import until


def make_library(folder: Path) -> Path:
    shutil.copy(BUNDLED_BRIEF, folder / "troops.md")
    (folder / "broken.md").write_text(
        "---\nid: Bad Id\ntitle: Broken [bold]one[/bold]\n---\n\nText.\n", encoding="utf-8"
    )
    (folder / "binary.md").write_bytes(b"\x00\x01")
    return folder


def test_entries_say_why_a_brief_cannot_be_read(tmp_path: Path) -> None:
    entries = {e.path.name: e for e in read_library([make_library(tmp_path)])}
    assert entries["troops.md"].error == ""
    assert entries["troops.md"].claims == 34
    assert entries["broken.md"].title == "Broken [bold]one[/bold]"
    assert entries["broken.md"].error.startswith("line 2: id 'Bad Id' may use only")
    assert entries["binary.md"].error == "line 1: binary file: NUL byte at byte offset 0"


async def wait_for_entries(app: BriefingApp, pilot) -> LibraryScreen:  # type: ignore[no-untyped-def]
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    await until(pilot, lambda: screen.entries and screen.scanned)  # the list fills in as briefs are read: all of them
    return screen


async def test_lists_filters_opens_and_goes_back(tmp_path: Path) -> None:
    app = BriefingApp(library=[make_library(tmp_path)])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_entries(app, pilot)
        options = screen.query_one("#library-list", OptionList)
        assert options.option_count == 3
        await pilot.press("slash", *"troops")
        assert options.option_count == 1
        assert screen.shown[0].path.name == "troops.md"
        await pilot.press("enter", "enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.brief.title == "North Korean troops in Russia"
        await pilot.press("q")
        assert app.screen is screen
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_an_unreadable_file_is_listed_not_opened_and_a_brief_with_errors_opens(tmp_path: Path) -> None:
    app = BriefingApp(library=[make_library(tmp_path)])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_entries(app, pilot)
        binary = next(i for i, e in enumerate(screen.shown) if e.path.name == "binary.md")
        screen.query_one("#library-list", OptionList).highlighted = binary
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        broken = next(i for i, e in enumerate(screen.shown) if e.path.name == "broken.md")
        screen.query_one("#library-list", OptionList).highlighted = broken
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))


async def test_r_rescans(tmp_path: Path) -> None:
    folder = make_library(tmp_path)
    app = BriefingApp(library=[folder])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_entries(app, pilot)
        assert len(screen.entries) == 3
        (folder / "binary.md").unlink()
        await pilot.press("r")
        await until(pilot, lambda: len(screen.entries) == 2)
        assert len(screen.entries) == 2
