"""One slow brief does not blank the library: each is read within a budget, a slow one listed as still being read."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from textual.widgets import OptionList

from tui.app import BriefingApp
from tui.core.library import Entry, entry, read_each
from tui.screens.library import LibraryScreen, entry_prompt
from tui.screens.reader import ReaderScreen

from .conftest import BUNDLED_BRIEF
from .helpers.waiting import until

TINY = "---\nid: tiny\ntitle: Tiny\n---\n\n## Part\n\nTroops moved.\n"


def folder_of_briefs(folder: Path, *, tiny: bool = False) -> Path:
    """Four briefs, `b-slow.md` second; `tiny`: small ones, read in a few milliseconds even on a busy machine."""
    for name in ("a.md", "b-slow.md", "c.md", "d.md"):
        if tiny:
            (folder / name).write_text(TINY, encoding="utf-8")
        else:
            shutil.copy(BUNDLED_BRIEF, folder / name)
    return folder


def slow_reader(release: threading.Event) -> Callable[[Path], Entry]:
    """The library's own reader, except that `b-slow.md` takes until `release` is set (10 s at most)."""

    def read(path: Path) -> Entry:
        if path.name == "b-slow.md":
            release.wait(10)
        return entry(path)

    return read


def test_a_slow_brief_is_yielded_as_still_being_read_and_the_ones_after_it_are_read_meanwhile(tmp_path: Path) -> None:
    """Read one after another (the old way), the briefs after the slow one waited for it."""
    release = threading.Event()
    paths = sorted(folder_of_briefs(tmp_path, tiny=True).iterdir())
    seen: list[tuple[str, bool]] = []
    for index, item in read_each(paths, budget=1.0, read=slow_reader(release)):
        assert item.path == paths[index]
        seen.append((item.path.name, item.reading))
        if len(seen) == 4:  # every quick brief is in: only now may the slow one finish
            release.set()
    assert seen == [("a.md", False), ("b-slow.md", True), ("c.md", False), ("d.md", False), ("b-slow.md", False)]


def test_a_reader_that_fails_gives_an_entry_with_an_error_not_a_hang(tmp_path: Path) -> None:
    def broken(path: Path) -> Entry:
        raise RecursionError(path.name)

    [(index, item)] = list(read_each([tmp_path / "x.md"], read=broken))
    assert index == 0
    assert item.error == "could not be read: RecursionError"


def test_reading_stops_when_cancelled(tmp_path: Path) -> None:
    stop = threading.Event()
    seen = []
    for _, item in read_each(sorted(folder_of_briefs(tmp_path, tiny=True).iterdir()), cancelled=stop.is_set):
        seen.append(item.path.name)
        stop.set()
    assert seen == ["a.md"]


async def test_the_library_lists_the_others_and_opens_one_while_a_slow_brief_is_read(tmp_path: Path) -> None:
    release = threading.Event()
    app = BriefingApp(library=[tmp_path / "none"])
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = LibraryScreen([folder_of_briefs(tmp_path)], read=slow_reader(release), budget=1.0)
            await app.push_screen(screen)
            await until(pilot, lambda: len(screen.entries) == 4 and sum(not e.reading for e in screen.entries) == 3)
            names = {e.path.name: e for e in screen.entries}
            assert names["b-slow.md"].reading
            assert not screen.scanned
            assert "still being read…" in str(entry_prompt(names["b-slow.md"]))
            assert [e.claims for n, e in names.items() if n != "b-slow.md"] == [35, 35, 35]
            assert "(1 still being read)" in str(screen.query_one("#library-title").render())
            options = screen.query_one("#library-list", OptionList)
            # The slow one cannot be opened yet, and says so.
            options.highlighted = 1
            await pilot.press("enter")
            await until(pilot, lambda: any("is still being read" in str(n.message) for n in app._notifications))
            assert app.screen is screen
            # Another one opens meanwhile.
            options.highlighted = 2
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
            assert isinstance(app.screen, ReaderScreen)
            assert app.screen.loader.path == str(tmp_path / "c.md")
            await pilot.press("q")
            assert app.screen is screen
            # The slow one is updated when it is done, and the highlight stays where it was.
            release.set()
            await until(pilot, lambda: not any(e.reading for e in screen.entries))
            slow = next(e for e in screen.entries if e.path.name == "b-slow.md")
            assert (slow.reading, slow.claims) == (False, 35)
            assert screen.scanned
            assert options.highlighted == 2
            assert "still being read" not in str(screen.query_one("#library-title").render())
    finally:
        release.set()
