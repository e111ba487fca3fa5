"""The reading cursor never looks like a highlight: in truecolor, in 256 colours and under NO_COLOR."""

from __future__ import annotations

from itertools import combinations

import pytest
from rich.color import Color, ColorSystem
from rich.segment import Segment
from rich.style import Style
from textual.filter import LineFilter, Monochrome, NoColor

from tui.app import BriefingApp
from tui.core.brief.loader import BriefLoader
from tui.core.display.paint import BLURRED_CURSOR_MARK, CURSOR_MARK, gutter
from tui.core.notes.annotation import COLOURS
from tui.screens.reader import ReaderScreen
from tui.widgets.section_view import SectionView

from .helpers.waiting import until

# Two backgrounds closer than this in RGB read as one colour: the issue measured the yellow
# highlight at (84,74,10) and an unfocused cursor at (88,62,25), 19.6 apart.
APART = 30.0


def background(style: Style) -> tuple[int, int, int]:
    assert style.bgcolor is not None
    triplet = style.bgcolor.get_truecolor()
    return triplet.red, triplet.green, triplet.blue


def in_256_colours(style: Style) -> int | None:
    assert style.bgcolor is not None
    return style.bgcolor.downgrade(ColorSystem.EIGHT_BIT).number


def distance(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    return float(sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5)


async def columns(app: BriefingApp) -> tuple[SectionView, SectionView]:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    views = screen.views
    assert len(views) >= 2
    return views[0], views[1]


def test_the_gutter_marks_the_cursor_in_each_state_and_nothing_else() -> None:
    assert {gutter(False, True), gutter(False, False)} == {" "}
    assert gutter(True, True) == CURSOR_MARK
    assert gutter(True, False) == BLURRED_CURSOR_MARK
    assert len({" ", CURSOR_MARK, BLURRED_CURSOR_MARK}) == 3


async def test_each_highlight_and_cursor_state_differ_in_every_theme_in_truecolor_and_256_colours(
    loader: BriefLoader,
) -> None:
    # Issue 14, point 10: in textual-dark the yellow highlight and an unfocused column's cursor both came out as 58.
    app = BriefingApp(loader)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and len(app.screen.views) >= 2)
        focused, blurred = await columns(app)
        focused.focus()
        await pilot.pause()
        themes = sorted(name for name in app.available_themes if not name.startswith("ansi"))
        assert "textual-dark" in themes
        for theme in themes:
            app.theme = theme
            await pilot.pause()
            base = focused.style_of("")
            styles = {
                "plain": base,
                "cursor, focused": base + focused.style_of("section-view--cursor"),
                "cursor, unfocused": base + blurred.style_of("section-view--cursor"),
            }
            styles |= {colour: base + blurred.style_of(f"section-view--note-{colour}") for colour in COLOURS}
            for (one, a), (other, b) in combinations(styles.items(), 2):
                assert in_256_colours(a) != in_256_colours(b), (theme, one, other, "256 colours")
                if (one in COLOURS) != (other in COLOURS) and "plain" not in (one, other):  # a highlight, a cursor
                    assert distance(background(a), background(b)) >= APART, (theme, one, other)


def drawn(view: SectionView) -> list[list[Segment]]:
    return [list(view.render_line(y)) for y in range(view.size.height)]


def gutter_and_text(line: list[Segment], no_colour: LineFilter) -> tuple[str, tuple[Style | None, ...]]:
    """A drawn line as a terminal without colour shows it: its gutter cell and its text's styles."""
    shown = no_colour.apply(line, Color.default())  # type: ignore[arg-type]
    return shown[0].text, tuple(segment.style for segment in shown[1:] if segment.text.strip())


@pytest.mark.parametrize("no_colour", [Monochrome(), NoColor()], ids=["monochrome", "no-color"])
async def test_under_no_color_the_cursor_has_a_gutter_mark_no_highlight_has(
    loader: BriefLoader, monkeypatch: pytest.MonkeyPatch, no_colour: LineFilter
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = BriefingApp(loader)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and len(app.screen.views) >= 2)
        assert app.no_color
        focused, blurred = await columns(app)
        focused.focus()
        await pilot.pause()
        for view, mark in ((focused, CURSOR_MARK), (blurred, BLURRED_CURSOR_MARK)):
            for colour in COLOURS:
                second = view.sentences[1]
                view.show_notes([(second.start, second.end, colour)])
                await pilot.pause()
                lines = drawn(view)
                cursor_top, cursor_bottom = view.lines_of(view.sentences[0])
                note_top, note_bottom = view.lines_of(second)
                cursor_line = gutter_and_text(lines[cursor_top - view.scroll_offset.y], no_colour)
                assert cursor_line[0] == mark, (colour, cursor_line)
                for index in range(note_top, note_bottom + 1):
                    if not cursor_top <= index <= cursor_bottom:  # a line the cursor's sentence shares shows its mark
                        note_line = gutter_and_text(lines[index - view.scroll_offset.y], no_colour)
                        assert note_line[0] == " ", (colour, note_line)
