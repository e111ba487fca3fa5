"""The library screen: lists briefs (marking errors, and why one cannot be read), filters, opens, goes back, rescans."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from textual.widgets import OptionList

from tui.app import BriefingApp
from tui.core.library import read_library
from tui.core.notes.annotation import brief_key
from tui.core.notes.store import STORE_FILE, Store
from tui.paths import library_paths
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
    assert entries["troops.md"].claims == 35
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


def brief(folder: Path, name: str, title: str, date: str) -> Path:
    path = folder / name
    path.write_text(f"---\ntitle: {title}\ndate: {date}\n---\n\n# {title}\n\nText.\n", encoding="utf-8")
    return path


def highlighted(screen: LibraryScreen) -> str:
    options = screen.query_one("#library-list", OptionList)
    assert options.highlighted is not None
    return screen.shown[options.highlighted].path.name


async def test_o_sorts_by_title_date_and_last_read_keeping_the_highlight_and_the_choice(tmp_path: Path) -> None:
    folder = tmp_path / "briefs"
    folder.mkdir()
    brief(folder, "a.md", "Zulu", "2023-01")
    brief(folder, "b.md", "alpha", "2025-05")
    brief(folder, "c.md", "Mike", "2024-02")
    store = tmp_path / STORE_FILE
    with Store(store) as opened:
        opened.save_reading_state(brief_key(None, folder / "a.md"), {"at": "Zulu"})
    settings = tmp_path / "settings.json"
    app = BriefingApp(library=[folder], store=store, settings=settings)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await until(pilot, lambda: len(screen.entries) == 3 and screen.scanned)
        names = lambda: [item.path.name for item in screen.shown]  # noqa: E731
        assert names() == ["a.md", "b.md", "c.md"]
        assert "sorted by file" in str(screen.query_one("#library-title").render())
        await pilot.press("j", "j")
        assert highlighted(screen) == "c.md"
        await pilot.press("o")
        assert names() == ["b.md", "c.md", "a.md"]
        assert highlighted(screen) == "c.md"  # the same brief, at its new place
        assert "sorted by title (o: another order)" in str(screen.query_one("#library-title").render())
        await pilot.press("o")
        assert names() == ["b.md", "c.md", "a.md"]  # newest first
        await pilot.press("o")
        assert names()[0] == "a.md"  # the one read
        assert highlighted(screen) == "c.md"
        await until(pilot, lambda: settings.exists() and "last read" in settings.read_text(encoding="utf-8"))
        # Separators between briefs, and two lines for each.
        options = screen.query_one(OptionList)
        assert all(options.get_option_at_index(n)._divider for n in range(options.option_count))
    assert json.loads(settings.read_text(encoding="utf-8"))["library-sort"] == "last read"
    again = BriefingApp(library=[folder], store=store, settings=settings)
    async with again.run_test(size=(120, 40)) as pilot:
        screen = again.screen
        assert isinstance(screen, LibraryScreen)
        await until(pilot, lambda: screen.scanned and screen.sort == "last read")
        await until(pilot, lambda: [item.path.name for item in screen.shown][:1] == ["a.md"])


async def test_the_o_key_is_in_the_footer(tmp_path: Path) -> None:
    shutil.copy(BUNDLED_BRIEF, tmp_path / "troops.md")
    app = BriefingApp(library=[tmp_path])
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        keys = {binding.key for _, binding, enabled, _ in app.active_bindings.values() if binding.show}
        assert "o" in keys


async def test_the_bundled_briefs_row_is_two_lines_with_its_tags_and_no_path_of_the_machine() -> None:
    """The row a screenshot of the default library shows: the file by its name, never the folder it is in."""
    app = BriefingApp(library=library_paths())
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await wait_for_entries(app, pilot)
        options = screen.query_one("#library-list", OptionList)
        bundled = next(n for n, item in enumerate(screen.shown) if item.path.name == BUNDLED_BRIEF.name)
        shown = str(options.get_option_at_index(bundled).prompt)
    assert shown.split("\n") == [
        "North Korean troops in Russia   2024-10",
        "north-korean-troops-in-russia.md · 35 claims · #north-korea #russia #ukraine #nato #china #indo-pacific"
        " #sanctions",
    ]
    for machine in ("/root", "/tmp", "/work", "/home", "site-packages", str(BUNDLED_BRIEF.parent)):
        assert machine not in shown
