"""A long first section shows its first part at once, then the whole section, the cursor kept."""

from __future__ import annotations

import pytest

from tui.app import BriefingApp
from tui.core.brief import parse_brief
from tui.core.chunks import CHUNK_CHARS, preview_end
from tui.core.loader import BriefLoader
from tui.core.model import Section
from tui.screens.reader import ReaderScreen
from tui.widgets.section_view import SectionView

from .bench.pathological import SHAPES
from .test_loading import HeldLoader

SIZE = 5 * CHUNK_CHARS  # several chunks, more than a preview looks at (4): long enough, and quick


def same_start(preview: Section, whole: Section) -> None:
    """The preview is a prefix of the whole section: text, blocks and sentences."""
    assert preview.partial
    assert not whole.partial
    assert whole.text.startswith(preview.text)
    assert len(preview.text) < len(whole.text)
    assert preview.blocks[:-1] == whole.blocks[: len(preview.blocks) - 1]
    assert whole.blocks[len(preview.blocks) - 1].text.startswith(preview.blocks[-1].text)
    assert [(s.start, s.end, s.block) for s in preview.sentences] == [
        (s.start, s.end, s.block) for s in whole.sentences[: len(preview.sentences)]
    ]


@pytest.mark.parametrize("shape", ["list items", "ordered list items", "table rows", "paragraphs"])
def test_a_preview_is_the_start_of_the_whole_section(shape: str) -> None:
    loader = BriefLoader(SHAPES[shape](SIZE), "long.md")
    preview = loader.preview(0)
    assert loader.parsed(0) is None  # the section itself is not parsed yet
    assert loader.preview(0) is preview
    assert len(preview.text) < 4 * CHUNK_CHARS
    same_start(preview, loader.section(0))
    assert loader.preview(0) is loader.section(0)  # once parsed, the whole section


@pytest.mark.parametrize("shape", ["entities", "fence left open", "long line"])
def test_a_section_that_cannot_be_cut_has_no_preview(shape: str) -> None:
    loader = BriefLoader(SHAPES[shape](SIZE), "long.md")
    assert loader.preview(0) is loader.parsed(0)
    assert not loader.preview(0).partial


def test_short_sections_and_tables_that_end_early_have_no_preview() -> None:
    assert preview_end(["- x"] * 100) is None
    table = ["| a | b |", "|---|---|", *["| 1 | 2 |"] * 10, "", *["text"] * 20_000]
    assert preview_end(table) is None  # the table ends before a chunk: no row to cut at
    assert preview_end(["| a |", "| b |", *["| 1 |"] * 20_000]) is None  # no delimiter row: no table


async def test_the_first_part_shows_before_the_section_is_parsed_then_the_whole() -> None:
    loader = HeldLoader(SHAPES["list items"](SIZE), "long.md")
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.query_one("#view-0", SectionView)
        # Shown at once: the first part, while the section itself is not parsed.
        assert view.section.partial
        assert loader.parsed(0) is None
        assert view.lines
        assert "loading the rest" in str(screen.query_one(".column-title").render())
        await pilot.press("j", "j", "j")
        assert view.cursor == 3
        before = view.current
        assert before is not None
        # No note on a first part: said, and nothing made.
        await pilot.press("m")
        assert any("still loading" in str(n.message) for n in app._notifications)
        assert screen.placed == []
        loader.go = True
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.brief is not None
        whole = loader.parsed(0)
        assert whole is not None
        assert view.section is whole
        assert not view.section.partial
        assert "loading the rest" not in str(screen.query_one(".column-title").render())
        assert view.cursor == 3
        assert view.current == before


def test_a_long_section_loads_a_part_at_a_time_as_it_parses_whole() -> None:
    text = SHAPES["list items"](SIZE)
    loader = BriefLoader(text, "long.md")
    pauses = 0
    for done, _ in loader.steps():
        if done == 0:  # a step inside the first section: it is not parsed yet
            assert loader.parsed(0) is None
            pauses += 1
    assert pauses >= 3  # a pause between parts of about CHUNK_CHARS each
    assert loader.brief == parse_brief(text, "long.md")[0]


async def test_a_saved_cursor_past_the_first_part_is_kept_for_the_whole_section() -> None:
    loader = HeldLoader(SHAPES["list items"](SIZE), "long.md")
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.query_one("#view-0", SectionView)
        shown = len(view.section.sentences)
        assert view.section.partial
        screen.restore_reading_state({"columns": ["body"], "cursors": [shown + 500], "focus": 0})
        assert view.cursor == shown - 1  # as far as the first part goes
        assert loader.parsed(0) is None  # and the section was not parsed whole to get there
        assert screen.reading_state()["cursors"] == [shown + 500]  # a quit now keeps the place, not the part's end
        loader.go = True
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert view.section is loader.parsed(0)
        assert view.cursor == shown + 500
