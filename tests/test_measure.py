"""The text's measure: a column holds at most `measure` cells of text (88 by default), centred."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.app import BriefingApp
from tui.core.brief.loader import open_brief
from tui.core.display.paint import GUTTER
from tui.core.outside.settings import DEFAULT_MEASURE, read_settings
from tui.screens.reader import ReaderScreen
from tui.widgets.section_view import SectionView

from .conftest import BUNDLED_BRIEF
from .helpers.waiting import until
from .test_reader_notes import notices


def widest_text(view: SectionView) -> int:
    """The most cells of text any of the view's lines may hold."""
    return view.scrollable_content_region.width - GUTTER


async def focused_alone(app: BriefingApp) -> SectionView:
    """The reader at 180x50 in focus mode (z): the focused column alone."""
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen.views[0]


@pytest.mark.parametrize(("settings", "measure"), [(None, DEFAULT_MEASURE), ('{"measure": 60}', 60)])
async def test_focus_mode_at_180_columns_keeps_the_measure_centred(
    tmp_path: Path, settings: str | None, measure: int
) -> None:
    """Focus mode at 180 columns ran lines to 170 characters."""
    path = tmp_path / "settings.json"
    if settings is not None:
        path.write_text(settings, encoding="utf-8")
    app = BriefingApp(open_brief(BUNDLED_BRIEF), settings=path)
    async with app.run_test(size=(180, 50)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.views)
        await pilot.press("z")
        view = await focused_alone(app)
        await until(pilot, lambda: app.screen.focus_mode)  # type: ignore[attr-defined]
        await pilot.pause()
        assert widest_text(view) == measure
        assert max(len(line.text.rstrip()) for line in (view.render_line(y) for y in range(40))) <= measure + GUTTER
        left, right = view.region.x, 180 - view.region.right
        assert abs(left - right) <= 2  # centred (focus mode hides the sidebar)


async def test_one_column_wider_than_the_measure_keeps_it_too(tmp_path: Path) -> None:
    brief = tmp_path / "one.md"
    brief.write_text("# One section\n\n## Only\n\n" + "A sentence of some length goes here. " * 60 + "\n")
    app = BriefingApp(open_brief(brief))
    async with app.run_test(size=(180, 50)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.views)
        await pilot.press("s")  # the sidebar hidden: the one column has the whole width
        await pilot.pause()
        view = app.screen.views[0]  # type: ignore[attr-defined]
        assert widest_text(view) == DEFAULT_MEASURE


@pytest.mark.parametrize("value", ["39", "401", '"wide"', "true", "[88]", "12.5"])
async def test_a_bad_measure_is_said_and_the_default_used(tmp_path: Path, value: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(f'{{"theme": "nord", "measure": {value}}}', encoding="utf-8")
    settings = read_settings(path)
    assert settings.measure == DEFAULT_MEASURE
    assert settings.problem is None
    assert settings.values["theme"] == "nord"  # the rest of the file is read
    app = BriefingApp(open_brief(BUNDLED_BRIEF), settings=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert any("The measure" in said and f"{DEFAULT_MEASURE} is used" in said for said in notices(app))
        assert app.theme == "nord"


@pytest.mark.parametrize(("value", "measure"), [("40", 40), ("400", 400), ('"120"', 120)])
def test_a_measure_in_range_is_read(tmp_path: Path, value: str, measure: int) -> None:
    path = tmp_path / "settings.json"
    path.write_text(f'{{"measure": {value}}}', encoding="utf-8")
    assert read_settings(path).measure == measure
    assert read_settings(path).warnings == ()
