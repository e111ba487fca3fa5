"""A look with a hierarchy: a section's title, its `###` and its `####` headings drawn apart, and the column
the reader is in marked, its cursor louder than the other columns'."""

from __future__ import annotations

from pathlib import Path

from rich.style import Style
from textual.widgets import Static

from tui.app import BriefingApp
from tui.core.brief.loader import open_brief
from tui.core.brief.model import BlockKind
from tui.screens.reader import ReaderScreen
from tui.widgets.section_view import SectionView

from .helpers.waiting import until

HEADINGS = """---
id: headings
title: Headings
date: 2024-11
sources: [A source]
---

# Headings

## The section

A first sentence.

### A third-level heading

A second sentence.

#### A fourth-level heading

A third sentence.

## Another section

A sentence of the other section.
"""


def heading_styles(view: SectionView) -> dict[int, Style]:
    """The style of each heading's text, by its level, as the column draws it."""
    styles: dict[int, Style] = {}
    for index, line in enumerate(view.lines):
        if line.block < 0:
            continue
        block = view.section.blocks[line.block]
        if block.kind is BlockKind.HEADING:
            segment = next(s for s in view.render_line(index - view.scroll_offset.y) if s.text.strip())
            assert segment.style is not None
            styles[block.level] = segment.style
    return styles


def title_of(view: SectionView) -> Static:
    assert view.parent is not None
    return view.parent.query_one(".column-title", Static)


async def test_a_section_title_its_third_and_fourth_level_headings_are_drawn_apart(tmp_path: Path) -> None:
    brief = tmp_path / "headings.md"
    brief.write_text(HEADINGS, encoding="utf-8")
    loader = open_brief(brief)
    loader.finish()
    app = BriefingApp(loader)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and bool(app.screen.views))
        view = app.screen.query_one("#view-0", SectionView)
        assert view.section.title == "The section"
        styles = heading_styles(view)
        assert set(styles) == {3, 4}
        third, fourth = styles[3], styles[4]
        assert third.bold
        assert not third.italic
        assert fourth.bold
        assert fourth.italic
        assert third.color != fourth.color
        title = title_of(view)
        assert title.styles.text_style.bold
        assert title.styles.border_bottom[0] in {"heavy", "solid"}  # the section's title alone has a rule


async def test_the_focused_column_is_marked_and_the_mark_follows_the_focus() -> None:
    loader = open_brief(Path(__file__).resolve().parent.parent / "briefs" / "north-korean-troops-in-russia.md")
    loader.finish()
    app = BriefingApp(loader)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and len(app.screen.views) >= 2)
        first, second = app.screen.views[:2]
        first.focus()
        await pilot.pause()

        def marks() -> tuple[tuple[str, str], tuple[str, str]]:
            one, other = title_of(first), title_of(second)
            return (
                (one.styles.border_bottom[0], str(one.rich_style.color)),
                (other.styles.border_bottom[0], str(other.rich_style.color)),
            )

        focused, blurred = marks()
        assert focused[0] == "heavy"
        assert blurred[0] == "solid"
        assert focused[1] != blurred[1]
        await pilot.press("l")
        await until(pilot, lambda: second.has_focus)
        await pilot.pause()
        assert marks() == (blurred, focused)
        await pilot.press("h")
        await until(pilot, lambda: first.has_focus)
        await pilot.pause()
        assert marks() == (focused, blurred)


async def test_an_unfocused_columns_cursor_is_quieter_than_the_focused_ones() -> None:
    loader = open_brief(Path(__file__).resolve().parent.parent / "briefs" / "north-korean-troops-in-russia.md")
    loader.finish()
    app = BriefingApp(loader)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and len(app.screen.views) >= 2)
        first, second = app.screen.views[:2]
        first.focus()
        await pilot.pause()
        for theme in ("textual-dark", "textual-light"):
            app.theme = theme
            await pilot.pause()
            base = first.style_of("").bgcolor
            assert base is not None
            assert base.triplet is not None
            apart = []
            for view in (first, second):
                cursor = (first.style_of("") + view.style_of("section-view--cursor")).bgcolor
                assert cursor is not None
                assert cursor.triplet is not None
                apart.append(sum(abs(a - b) for a, b in zip(cursor.triplet, base.triplet, strict=True)))
            # The focused cursor stands out from the page well over twice as far as an unfocused one (it was twice).
            assert apart[0] >= 2.5 * apart[1] > 0, (theme, apart)
