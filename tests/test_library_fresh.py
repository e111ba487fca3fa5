"""The library stays true to the files and the notes: back from the reader an entry shows its new
notes and place at once, a file changed, added or removed in the folder is listed anew, and `r`
keeps the highlighted brief highlighted."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from textual.widgets import OptionList

from tui.app import BriefingApp
from tui.core.library import entry, shown_path
from tui.core.notes.store import STORE_FILE
from tui.screens import library as library_screen
from tui.screens.library import LibraryScreen, entry_prompt, stamps_of
from tui.screens.reader import ReaderScreen

from .conftest import BUNDLED_BRIEF
from .helpers.waiting import until

OTHER = "---\nid: other\ntitle: Other brief\n---\n\n# Other brief\n\nTop.\n\n## One\n\nText.\n"


def library_of(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    shutil.copy(BUNDLED_BRIEF, folder / "troops.md")
    (folder / "other.md").write_text(OTHER, encoding="utf-8")
    return folder


async def listed(app: BriefingApp, pilot) -> LibraryScreen:  # type: ignore[no-untyped-def]
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    await until(pilot, lambda: len(screen.entries) == 2 and screen.scanned)
    return screen


def highlighted(screen: LibraryScreen) -> str:
    index = screen.query_one("#library-list", OptionList).highlighted
    assert index is not None
    return screen.shown[index].path.name


async def test_back_from_the_reader_the_entry_shows_its_new_notes_and_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library_screen, "WATCH_EVERY", 10_000.0)  # coming back does it, not the timer
    folder = library_of(tmp_path / "briefs")
    app = BriefingApp(library=[folder], store=tmp_path / STORE_FILE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await listed(app, pilot)
        troops = next(n for n, item in enumerate(screen.shown) if item.path.name == "troops.md")
        screen.query_one("#library-list", OptionList).highlighted = troops
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.brief is not None)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await pilot.press("j", "m", "l", "j")  # a highlight in the first column, then on to the second
        await until(pilot, lambda: len(reader.placed) == 1)
        await app.workers.wait_for_complete()
        at = reader.query_one("#view-1").section.title  # type: ignore[attr-defined]
        await pilot.press("q")
        assert app.screen is screen
        entry = lambda: next(item for item in screen.shown if item.path.name == "troops.md")  # noqa: E731
        # The place is saved as the reader is unmounted, after the library is back: it waits for that.
        await until(pilot, lambda: (entry().notes, entry().at) == (1, at))
        option = screen.query_one("#library-list", OptionList).get_option_at_index(troops)
        assert f"1 note · at {at}" in str(option.prompt)
        assert highlighted(screen) == "troops.md"


async def test_a_file_changed_added_or_removed_in_the_folder_is_listed_anew(tmp_path: Path) -> None:
    folder = library_of(tmp_path)
    app = BriefingApp(library=[folder], store=tmp_path / "store" / STORE_FILE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await listed(app, pilot)
        (folder / "other.md").write_text(OTHER.replace("Other brief", "Renamed brief, longer"), encoding="utf-8")
        await until(pilot, lambda: any(item.title == "Renamed brief, longer" for item in screen.shown))
        (folder / "new.md").write_text(OTHER.replace("id: other", "id: new"), encoding="utf-8")
        await until(pilot, lambda: len(screen.shown) == 3 and screen.scanned)
        (folder / "new.md").unlink()
        await until(pilot, lambda: len(screen.shown) == 2 and screen.scanned)


async def test_r_keeps_the_highlighted_brief_highlighted(tmp_path: Path) -> None:
    folder = library_of(tmp_path)
    app = BriefingApp(library=[folder], store=tmp_path / STORE_FILE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await listed(app, pilot)
        await pilot.press("j")
        assert highlighted(screen) == "troops.md"  # listed in file order: other.md, troops.md
        await pilot.press("r")
        await until(pilot, lambda: screen.scanned and len(screen.shown) == 2)
        await pilot.pause()
        assert highlighted(screen) == "troops.md"


def test_rows_show_paths_relative_to_the_library_folder_or_with_a_tilde(tmp_path: Path) -> None:
    folder = library_of(tmp_path / "briefs")
    (folder / "sub").mkdir()
    shutil.move(folder / "other.md", folder / "sub" / "other.md")
    item = entry(folder / "sub" / "other.md")
    shown = str(entry_prompt(item, [folder]))
    assert shown.split("\n")[1].startswith("sub/other.md · ")
    assert str(tmp_path) not in shown
    home = Path.home()
    assert shown_path(home / "x" / "b.md", [folder], home=home) == "~/x/b.md"


def test_a_look_at_the_files_of_a_large_library_is_cheap(tmp_path: Path) -> None:
    """The cost of a look (every WATCH_EVERY seconds, in a thread): a stat per file, no read (printed with -s)."""
    for number in range(2_000):
        (tmp_path / f"{number:05}.md").write_text("x", encoding="utf-8")
    paths = sorted(tmp_path.iterdir())
    started = time.process_time()
    found = stamps_of(paths)
    spent = time.process_time() - started
    assert len(found) == 2_000
    print(f"a look at 2,000 files: {spent * 1000:.1f} ms of processor time")
