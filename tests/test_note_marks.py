"""A sentence with a note written looks unlike one only highlighted, without colour too: a mark in the gutter."""

from __future__ import annotations

import pytest
from rich.color import Color
from textual.filter import LineFilter, Monochrome, NoColor

from tui.app import BriefingApp
from tui.core.brief.loader import BriefLoader
from tui.core.display.paint import CURSOR_MARK, NOTE_MARK, gutter
from tui.screens.reader import ReaderScreen

from .helpers.waiting import until
from .test_cursor_styles import drawn


def test_the_note_mark_shows_where_the_cursor_is_not() -> None:
    assert gutter(False, True, noted=True) == NOTE_MARK
    assert gutter(False, False, noted=True) == NOTE_MARK
    assert gutter(True, True, noted=True) == CURSOR_MARK  # the cursor's sentence: the note panel says it
    assert gutter(False, True, noted=False) == " "
    assert NOTE_MARK not in {CURSOR_MARK, " "}


@pytest.mark.parametrize("no_colour", [None, Monochrome(), NoColor()], ids=["colour", "monochrome", "no-color"])
async def test_a_noted_sentence_is_drawn_unlike_a_highlighted_one(
    loader: BriefLoader, monkeypatch: pytest.MonkeyPatch, no_colour: LineFilter | None
) -> None:
    """A note and a bare highlight of one colour came out alike: the same background, nothing else."""
    if no_colour is not None:
        monkeypatch.setenv("NO_COLOR", "1")
    app = BriefingApp(loader)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.views)
        view = app.screen.views[0]  # type: ignore[attr-defined]
        await pilot.press("2")  # Situation, whose short first sentences all fit on the screen
        assert view.section.id == "situation"
        highlighted, noted = view.sentences[1], view.sentences[2]
        bare, written = (highlighted.start, highlighted.end, "yellow", False), (noted.start, noted.end, "yellow", True)
        view.show_notes([bare, written])
        await pilot.pause()
        lines = drawn(view)
        if no_colour is not None:
            lines = [no_colour.apply(line, Color.default()) for line in lines]  # type: ignore[arg-type]

        def shown(index: int) -> tuple[str, str]:
            """The gutter of line `index` and its text without the gutter."""
            line = lines[index - view.scroll_offset.y]
            return line[0].text, "".join(segment.text for segment in line[1:])

        _, cursor_bottom = view.lines_of(view.sentences[0])
        top, bottom = view.lines_of(highlighted)
        noted_top = view.lines_of(noted)[0]  # a line the two sentences share carries the note's mark
        assert max(top, cursor_bottom + 1) < noted_top
        for index in range(max(top, cursor_bottom + 1), min(bottom, noted_top - 1) + 1):
            assert shown(index)[0] == " "
        top, bottom = view.lines_of(noted)
        highlighted_last = view.lines_of(highlighted)[1]
        for index in range(max(top, highlighted_last + 1), bottom + 1):
            assert shown(index)[0] == NOTE_MARK
        # Styled alike, the two sentences' lines differ by the mark alone.
        first_noted = max(top, highlighted_last + 1)
        assert lines[first_noted - view.scroll_offset.y] != lines[highlighted_last - view.scroll_offset.y]
