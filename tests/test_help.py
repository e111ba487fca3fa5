"""The help (`?`) of each screen: its own keys first, Textual's after, none that does nothing there."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tui.app import BriefingApp
from tui.screens.help import HelpScreen, screen_title
from tui.screens.library import LibraryScreen
from tui.screens.note_editor import NoteEditor

from .conftest import BUNDLED_BRIEF
from .helpers.waiting import until


async def test_the_library_help_leaves_out_sideways_scrolling_and_lists_its_keys_first(tmp_path: Path) -> None:
    """It opened with Scroll Left, Scroll Right, Page Left and Page Right, which do nothing in the library."""
    shutil.copy(BUNDLED_BRIEF, tmp_path / "troops.md")
    app = BriefingApp(library=[tmp_path])
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert help_screen.heading == "library"
        descriptions = [description for _, description in help_screen.rows]
        assert not {"Scroll Left", "Scroll Right", "Page Left", "Page Right"} & set(descriptions)
        assert descriptions[:3] == ["Filter", "Rescan", "Guides"]
        assert descriptions.index("Next brief") < descriptions.index("Up")
        assert "Command palette" in descriptions


def test_a_screen_is_titled_in_words() -> None:
    assert screen_title(NoteEditor.__new__(NoteEditor)) == "note editor"
    assert screen_title(LibraryScreen.__new__(LibraryScreen)) == "library"


async def test_the_palette_screenshot_makes_its_folder_or_falls_back_and_says_where_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It said "Saved screenshot to [$text-success]'…'" (markup shown raw), and failed with no downloads folder."""
    from tui.core.brief.loader import open_brief

    downloads, data = tmp_path / "home" / "Downloads", tmp_path / "data" / "screenshots"
    monkeypatch.setattr("tui.app.screenshot_dirs", lambda: [downloads, data])
    app = BriefingApp(open_brief(BUNDLED_BRIEF))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.action_screenshot()
        await pilot.pause()
        (saved,) = downloads.glob("*.svg")
        said = [str(n.message) for n in app._notifications]
        assert f"Screenshot saved to {saved}" in said
        assert not any("[$" in message for message in said)
        shutil.rmtree(tmp_path / "home")
        (tmp_path / "home").write_text("a file where the folder would go")
        app.action_screenshot()
        assert len(list(data.glob("*.svg"))) == 1
