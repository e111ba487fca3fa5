"""The bottom line up front's banner: it says when it is cut, B shows it whole, its highlights show, and
plain markdown without sections shows its text once."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from tui.app import BriefingApp
from tui.core.brief.loader import open_brief
from tui.core.display.paint import NOTE_MARK
from tui.core.display.wrap import cell_width
from tui.screens.reader import ReaderScreen
from tui.screens.summary import SummaryScreen
from tui.widgets.section_view import SectionView
from tui.widgets.summary_banner import HIGHLIGHT_MARK, SummaryBanner

from .conftest import BUNDLED_BRIEF
from .helpers.waiting import until
from .test_reader_notes import settle


def banner_rows(app: BriefingApp) -> list[str]:
    banner = app.screen.query_one("#brief-summary", SummaryBanner)
    return str(banner.render()).split("\n")


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_a_cut_bottom_line_says_so_and_b_shows_it_whole(size: tuple[int, int]) -> None:
    """Cut to two lines, the banner gave no sign that there was more."""
    app = BriefingApp(open_brief(BUNDLED_BRIEF))
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.views)
        await pilot.pause()
        banner = app.screen.query_one("#brief-summary", SummaryBanner)
        rows = banner_rows(app)
        assert len(rows) == 2
        assert banner.region.height == 2
        assert rows[-1].endswith("… (B: read it all)")
        assert all(cell_width(row) <= banner.content_size.width for row in rows)
        await pilot.press("B")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        whole = app.screen.query_one(SectionView)
        assert whole.section.text == banner.section.text
        assert whole.has_focus
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))


async def test_a_bottom_line_that_fits_has_no_ellipsis() -> None:
    app = BriefingApp(open_brief(BUNDLED_BRIEF))
    async with app.run_test(size=(180, 50)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.views)
        await pilot.pause()
        assert len(banner_rows(app)) == 3
        assert "read it all" not in "".join(banner_rows(app))


@pytest.mark.parametrize("no_color", [False, True])
async def test_a_highlight_made_in_the_bottom_line_shows_in_the_banner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_color: bool
) -> None:
    """Issue 14, point 9: a highlight made in the bottom line (shown in a column) never showed in the banner."""
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=tmp_path / "notes.db")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.views)
        await settle(app)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert not any(HIGHLIGHT_MARK in row or NOTE_MARK in row for row in banner_rows(app))
        view = screen.views[0]
        await pilot.press("h", "h", "h")  # one column: back through the sections to the bottom line up front
        await until(pilot, lambda: view.section.id == "summary")
        await pilot.press("g", "m")
        await until(pilot, lambda: bool(view.notes))
        await pilot.press("l")
        rows = banner_rows(app)
        assert rows[0].startswith(HIGHLIGHT_MARK)  # a mark, not a colour alone
        banner = screen.query_one(SummaryBanner)
        start, end, colour, _ = banner.notes[0]
        banner.show_notes([(start, end, colour, True)])  # a note written on it
        assert banner_rows(app)[0].startswith(NOTE_MARK)
        underlined = [span for span in banner.render().spans if "underline" in str(span.style)]
        assert underlined  # the highlighted words are underlined as well as coloured


@pytest.mark.parametrize(
    "text",
    [
        "# Widget\n\nWidget reads things. It is quick.\n\nIt is small.\n",
        "# Widget\n\n### Usage\n\nWidget reads things. It is quick.\n\n### Install\n\nIt is small.\n",
        "Widget reads things. It is quick.\n\nIt is small.\n",
    ],
    ids=["title-only", "level-3-only", "no-heading"],
)
async def test_plain_markdown_without_sections_shows_its_text_once(tmp_path: Path, text: str) -> None:
    """A README without `##` showed its text twice: in the banner and again in the column."""
    readme = tmp_path / "README.md"
    readme.write_text(text, encoding="utf-8")
    app = BriefingApp(open_brief(readme))  # as `briefing README.md` makes it
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.views)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert not screen.query("#brief-summary")
        (view,) = screen.views
        assert "It is quick." in view.section.text
        header = "\n".join(str(part.render()) for part in screen.query_one("#brief-header").query(Static))
        assert "It is quick." not in header  # the column alone shows it
        await pilot.press("B")  # nothing more to show: said, no dialog
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
