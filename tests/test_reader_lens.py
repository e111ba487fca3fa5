"""The evidence lens in the reader (L): marks, tints, underlines and warnings, with colour and without, at 80x24."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import Color
from rich.segment import Segment
from textual.filter import NoColor
from textual.widgets import Static

from tui.app import BriefingApp
from tui.core.brief.loader import open_brief
from tui.core.display.paint import CURSOR_MARK, GUTTER, NOTE_MARK
from tui.core.reading.lens import LENS_GUTTER, MARKS, WARNING_MARK, Footing
from tui.screens.reader import ReaderScreen
from tui.widgets.section_view import SectionView

from .helpers.waiting import until
from .test_lens import LENS_BRIEF


def lens_app(path: Path = LENS_BRIEF) -> BriefingApp:
    """The app on a brief parsed whole (the crafted one by default)."""
    loader = open_brief(path)
    loader.finish()
    return BriefingApp(loader)


def reader(app: BriefingApp) -> ReaderScreen:
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


def view_of(app: BriefingApp, section_id: str) -> SectionView:
    return next(view for view in reader(app).views if view.section.id == section_id)


def panel_text(app: BriefingApp) -> str:
    panel = reader(app).query_one("#lens-panel", Static)
    return str(panel.render()) if panel.display else ""


def line_of(view: SectionView, starting: str) -> int:
    """The display line (on screen) where the sentence starting with these words starts."""
    sentence = next(s for s in view.sentences if view.section.sentence_text(s).startswith(starting))
    return view.lines_of(sentence)[0] - view.scroll_offset.y


def shown(view: SectionView, y: int, no_colour: bool = False) -> list[Segment]:
    line = list(view.render_line(y))
    return NoColor().apply(line, Color.default()) if no_colour else line  # type: ignore[arg-type,return-value]


def gutter_of(view: SectionView, y: int) -> str:
    """The gutter cells of line `y`: with the lens on, its two marks then the cursor's or a note's."""
    return "".join(segment.text for segment in shown(view, y))[: view.gutter_width]


async def started(app: BriefingApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and bool(reader(app).views))


async def reviewed(app: BriefingApp, pilot) -> None:  # type: ignore[no-untyped-def]
    screen = reader(app)
    await until(pilot, lambda: screen.lens is not None and screen.lens.reviewed)
    await pilot.pause()


async def lens_on(app: BriefingApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """The reader up, `L` pressed and the review done."""
    await started(app, pilot)
    await pilot.press("L")
    await reviewed(app, pilot)


async def test_l_turns_the_lens_on_and_off_in_every_column_and_it_stays_on_across_sections() -> None:
    app = lens_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        screen = reader(app)
        facts = view_of(app, "facts")
        assert facts.lens is None  # off by default
        assert facts.gutter_width == GUTTER
        assert panel_text(app) == ""
        await pilot.press("L")
        await reviewed(app, pilot)
        assert all(view.lens is screen.lens for view in screen.query(SectionView))
        assert facts.gutter_width == GUTTER + LENS_GUTTER
        assert "✓ confirmed" in panel_text(app)
        assert "∴ analysis" in panel_text(app)
        assert "! warning" in panel_text(app)
        # Another section in the column, and the next column: still on.
        await pilot.press("J")
        await pilot.pause()
        assert facts.lens is not None
        assert facts.section.id != "facts"
        await pilot.press("l")
        await pilot.pause()
        assert screen.focused_view() is not facts
        assert screen.focused_view().lens is not None  # type: ignore[union-attr]
        await pilot.press("L")
        await pilot.pause()
        assert all(view.lens is None for view in screen.query(SectionView))
        assert facts.gutter_width == GUTTER
        assert panel_text(app) == ""


async def test_a_warned_sentence_has_a_mark_and_its_message_shows_under_the_cursor() -> None:
    app = lens_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await lens_on(app, pilot)
        facts = view_of(app, "facts")
        facts.focus()
        y = line_of(facts, "The rebels took the airbase")
        assert gutter_of(facts, y)[:2] == MARKS[Footing.CLAIMED] + WARNING_MARK
        assert gutter_of(facts, line_of(facts, "This is a sentence"))[:2] == MARKS[Footing.ANALYSIS] + " "
        assert "T101" not in panel_text(app)  # the cursor is on the first sentence, confirmed
        assert "Here: rests on confirmed" in panel_text(app)
        rebels = next(s for s in facts.sentences if facts.section.sentence_text(s).startswith("The rebels"))
        facts.move_to(rebels.index)
        await until(pilot, lambda: "T101" in panel_text(app))
        text = panel_text(app)
        assert "Here: rests on claimed" in text
        assert "! T101 unhedged:" in text
        assert "airbase-taken (claimed)" in text
        assert CURSOR_MARK in gutter_of(facts, y)  # the cursor's own mark, beside the lens's
        facts.move_to(0)
        await until(pilot, lambda: "T101" not in panel_text(app))


async def test_the_lens_tints_a_sentence_in_its_status_colour_and_underlines_estimative_words() -> None:
    app = lens_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        facts = view_of(app, "facts")
        y = line_of(facts, "This is a sentence")
        before = {segment.text: segment.style for segment in shown(facts, y + 1) if segment.text.strip()}
        await pilot.press("L")
        await reviewed(app, pilot)
        judgements = view_of(app, "judgements")
        line = shown(judgements, line_of(judgements, "We judge"))
        words = [segment for segment in line if "almost" in segment.text]
        assert words
        assert all(segment.style is not None and segment.style.underline for segment in words)
        plain = [segment for segment in line if "judge" in segment.text]
        assert plain[0].style is not None
        assert not plain[0].style.underline
        # The tint: the confirmed sentence's text in another colour than an untinted sentence's.
        untinted = facts.style_of("").color
        assert plain[0].style.color != untinted
        likely = [
            segment for y2 in range(facts.size.height) for segment in shown(facts, y2) if segment.text == "likely"
        ]
        assert likely
        assert likely[0].style is not None
        assert likely[0].style.underline
        assert before  # drawn before the lens, without a mark
        assert gutter_of(facts, y) == MARKS[Footing.ANALYSIS] + "  "


async def test_under_no_color_the_marks_and_the_underline_remain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = lens_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        assert app.no_color
        await pilot.press("L")
        await reviewed(app, pilot)
        facts = view_of(app, "facts")
        drawn = [shown(facts, y, no_colour=True) for y in range(facts.size.height)]
        marks = ["".join(segment.text for segment in line)[:2] for line in drawn]
        assert MARKS[Footing.CONFIRMED] + " " in marks
        assert MARKS[Footing.CLAIMED] + WARNING_MARK in marks
        assert MARKS[Footing.UNVERIFIED] + " " in marks
        assert MARKS[Footing.ANALYSIS] + " " in marks
        likely = [segment for line in drawn for segment in line if segment.text == "likely"]
        assert likely
        assert likely[0].style is not None
        assert likely[0].style.underline
        assert "reverse" in str(reader(app).query_one("#lens-panel", Static).render().spans)  # the sentence's status


async def test_a_sentence_with_a_note_keeps_both_marks() -> None:
    """The lens's two cells come first, the note's mark (or the cursor's) in the cell after them."""
    app = lens_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await lens_on(app, pilot)
        facts = view_of(app, "facts")
        rebels = next(s for s in facts.sentences if facts.section.sentence_text(s).startswith("The rebels"))
        analysis = next(s for s in facts.sentences if facts.section.sentence_text(s).startswith("This is"))
        facts.show_notes([(rebels.start, rebels.end, "yellow", True), (analysis.start, analysis.end, "green", True)])
        await pilot.pause()
        assert gutter_of(facts, line_of(facts, "This is a sentence")) == MARKS[Footing.ANALYSIS] + " " + NOTE_MARK
        rebels_line = line_of(facts, "The rebels took")
        assert gutter_of(facts, rebels_line) == MARKS[Footing.CLAIMED] + WARNING_MARK + NOTE_MARK


async def test_at_80x24_the_lens_its_legend_and_the_text_all_fit() -> None:
    app = lens_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await lens_on(app, pilot)
        screen = reader(app)
        view = screen.views[0]
        assert view.lens is not None
        assert view.size.height >= 6  # the text keeps room to read
        panel = screen.query_one("#lens-panel", Static)
        assert panel.region.bottom <= 23  # above the key bar
        legend = str(panel.render()).splitlines()[0]
        assert "✓ confirmed" in legend
        assert "estimative" in legend  # on one line
        assert all(len("".join(s.text for s in view.render_line(y)).rstrip()) <= view.size.width for y in range(5))


async def test_before_the_brief_is_loaded_the_lens_waits_for_it(tmp_path: Path) -> None:
    loader = open_brief(LENS_BRIEF)  # not finished: the reader loads it
    app = BriefingApp(loader)
    async with app.run_test(size=(120, 40)) as pilot:
        await lens_on(app, pilot)
        assert view_of(app, "facts").lens is not None
        assert "Here:" in panel_text(app)


def test_the_key_is_declared_once_and_shown() -> None:
    bindings = list(ReaderScreen._merged_bindings.key_to_bindings.get("L", []))  # type: ignore[union-attr]
    assert [b.id for b in bindings] == ["lens.toggle"]
    assert bindings[0].show


async def test_the_review_worker_is_described_in_words_not_by_the_briefs_repr() -> None:
    """Textual's own description of a worker is the repr of its arguments: the whole brief, 0.26 s for 5 MB."""
    app = lens_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        screen = reader(app)
        assert screen.brief is not None
        worker = screen.review_for_lens(screen.brief)
        assert worker.description == "the evidence lens's review"
        await worker.wait()


async def test_plain_markdown_gets_no_lens_and_says_why(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Notes\n\n## One\n\nIt will rain. Or not.\n", encoding="utf-8")
    loader = open_brief(path)
    loader.finish()
    app = BriefingApp(loader)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(app, pilot)
        await pilot.press("L")
        await pilot.pause()
        assert not reader(app).lens_on
        assert all(view.lens is None for view in reader(app).views)
        assert any("plain markdown" in str(notice.message) for notice in app._notifications)
