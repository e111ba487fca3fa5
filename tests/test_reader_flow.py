"""Reading flow, driven by keys with Pilot: straight through the sections, J and K, the outline (t),
and columns that never show one section twice after a restore or a resize."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from tui.app import BriefingApp
from tui.core.brief.loader import BriefLoader, open_brief
from tui.core.notes.annotation import brief_key
from tui.core.notes.store import STORE_FILE, Store
from tui.screens.reader import ReaderScreen

from .bench.pathological import SHAPES
from .conftest import BUNDLED_BRIEF
from .helpers.waiting import until
from .test_loading import HeldLoader
from .test_reader import focused_view, reader
from .test_reader_notes import notices

KEY = brief_key("north-korean-troops-in-russia", BUNDLED_BRIEF)


def shown(screen: ReaderScreen) -> list[str]:
    """The sections of the columns on screen, left to right."""
    return [view.section.id for view in screen.views]


# Straight through


async def test_j_past_the_last_sentence_says_where_and_j_again_goes_on_in_the_same_column(loader: BriefLoader) -> None:
    """j stopped dead at a section's last sentence."""
    app = BriefingApp(loader)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = focused_view(app)
        assert view.section.id == "key-judgements"
        await pilot.press("G", "j")
        assert view.section.id == "key-judgements"
        assert notices(app)[-1] == "End of “Key judgements” (1 of 6). j again: “Situation” (2 of 6)"
        await pilot.press("j")
        assert focused_view(app) is view
        assert (view.section.id, view.cursor) == ("situation", 0)
        await pilot.press("j", "k", "k")  # a move in between: the next k at the edge only says where
        assert (view.section.id, view.cursor) == ("situation", 0)
        assert notices(app)[-1].startswith("Start of “Situation” (2 of 6). k again: “Key judgements”")
        await pilot.press("k")
        assert (view.section.id, view.cursor) == ("key-judgements", len(view.section.sentences) - 1)
        assert view.scroll_offset.y > 0  # the last sentence in view


async def test_space_at_the_bottom_goes_on_and_b_at_the_top_comes_back(loader: BriefLoader) -> None:
    """space stopped dead at a section's bottom (and put the cursor back up at the top line's sentence)."""
    app = BriefingApp(loader)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = focused_view(app)
        await pilot.press("2")
        assert view.section.id == "situation"
        for _ in range(30):
            await pilot.press("space")
            if notices(app) and "space again" in notices(app)[-1]:
                break
        assert view.section.id == "situation"
        assert view.cursor == len(view.section.sentences) - 1
        assert notices(app)[-1].startswith("End of “Situation” (2 of 6). space again: “Motives”")
        await pilot.press("space")
        assert (view.section.id, view.cursor) == ("motives", 0)
        await pilot.press("b")
        assert notices(app)[-1].startswith("Start of “Motives” (3 of 6). b again: “Situation”")
        await pilot.press("b")
        assert (view.section.id, view.cursor) == ("situation", len(view.section.sentences) - 1)


async def test_past_the_last_section_j_says_it_is_the_end_of_the_brief(loader: BriefLoader) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = focused_view(app)
        await pilot.press("6", "G", "j", "j")
        assert view.section.id == "what-to-watch"
        assert notices(app)[-2:] == ["End of the brief: “What to watch” is its last section."] * 2


async def test_a_selection_stays_within_its_section(loader: BriefLoader) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = focused_view(app)
        await pilot.press("G", "v", "j", "j")
        assert view.section.id == "key-judgements"
        assert view.selection() is not None


# J and K


async def test_J_and_K_show_the_next_and_previous_section_in_the_focused_column(loader: BriefLoader) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        screen = reader(app)
        await pilot.press("l")  # the middle column, on Situation
        view = focused_view(app)
        await pilot.press("j", "J")
        assert (view.section.id, view.cursor) == ("motives", 0)
        assert shown(screen)[0] == "key-judgements"  # the other columns stay
        assert notices(app)[-1] == "“Motives” (3 of 6)"
        await pilot.press("K")
        assert view.section.id == "situation"
        await pilot.press("K")
        assert view.section.id == "key-judgements"
        await pilot.press("K")
        assert view.section.id == "summary"
        await pilot.press("K")
        assert view.section.id == "summary"
        assert notices(app)[-1].startswith("Start of the brief")


async def test_J_while_a_long_brief_loads_goes_through_the_sections_read_so_far(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tui.core.brief import outline

    monkeypatch.setattr(outline, "PROGRESSIVE_ABOVE", 1_000)
    monkeypatch.setattr(outline, "FIRST_PART", 2_000)
    monkeypatch.setattr(outline, "LINES_AT_ONCE", 50)
    held = HeldLoader(SHAPES["sections"](40_000), "long.md")
    app = BriefingApp(held)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = focused_view(app)
        known = held.section_count
        assert not held.outline.complete
        await pilot.press("J")
        assert view.section.id == "h1"
        assert notices(app)[-1] == f"“H1” (2 of {known} so far)"
        reader(app).show_in(view, held.section(known - 1))
        await pilot.press("J")
        assert view.section.id == f"h{known - 1}"
        assert notices(app)[-1].startswith("Still loading the brief")
        held.go = True
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("J")
        assert view.section.id == f"h{known}"


# The outline


async def test_t_lists_every_section_and_enter_shows_one_in_the_focused_column_at_80x24(loader: BriefLoader) -> None:
    from tui.screens.outline import OutlineScreen
    from tui.widgets.contents_list import ContentsList

    app = BriefingApp(loader)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = focused_view(app)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, OutlineScreen))
        listed = app.screen.query_one(ContentsList)
        assert len(listed.contents) == 7  # the bottom line up front, then the six sections
        assert listed.size.height == 7  # the box as tall as its rows, not the screen
        assert listed.selected == 1  # where the cursor is: Key judgements
        rows = [listed.render_line(y).text for y in range(7)]
        assert rows[0].strip() == "8        Bottom line up front"
        assert rows[1].startswith("▶ 1      18        Key judgements")
        await pilot.press("j", "j", "enter")
        assert isinstance(app.screen, ReaderScreen)
        assert (focused_view(app), view.section.id, view.cursor) == (view, "motives", 0)
        for close in ("escape", "q", "t"):
            await pilot.press("t")
            await until(pilot, lambda: isinstance(app.screen, OutlineScreen))
            await pilot.press(close)
            await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert view.section.id == "motives"
        await pilot.press("t", "g", "enter")
        assert view.section.id == "summary"  # the bottom line up front shows in a column too


LONG_TITLES = "# Many sections\n\n" + "".join(
    f"## Section {n} [bold]not markup[/bold] with a title far too long to fit a line of the outline\n\nText {n}.\n\n"
    for n in range(1, 41)
)


async def test_the_outline_of_many_long_titles_cuts_rows_and_scrolls_to_the_selected_one(tmp_path: Path) -> None:
    from tui.screens.outline import OutlineScreen
    from tui.widgets.contents_list import ContentsList

    path = tmp_path / "many.md"
    path.write_text(LONG_TITLES, encoding="utf-8")
    app = BriefingApp(open_brief(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, OutlineScreen))
        listed = app.screen.query_one(ContentsList)
        assert len(listed.contents) == 40
        height = listed.scrollable_content_region.height
        assert 5 <= height < 20
        keys = app.screen.query_one("#outline-keys")
        assert keys.region.height == 1
        assert keys.region.bottom <= 24  # under the list, not pushed off the screen
        row = listed.render_line(0).text
        assert row.rstrip().endswith("…")
        assert "[bold]not markup[/bold]" in row
        assert len(row) <= listed.size.width
        await pilot.press("G")
        assert listed.selected == 39
        top = listed.scroll_offset.y
        assert top <= 39 < top + height  # the selected row is in view
        assert listed.render_line(39 - top).text.startswith("  40 ")
        await pilot.press("enter")
        assert focused_view(app).section.title.startswith("Section 40 ")


async def test_the_outline_of_a_file_with_no_sections_counts_the_one_it_lists(tmp_path: Path) -> None:
    """It said "Outline: 0 sections" over a list of one: the file's text, shown as a section."""
    from tui.screens.outline import OutlineScreen
    from tui.widgets.contents_list import ContentsList

    path = tmp_path / "README.md"
    path.write_text("# A tool\n\nIt does one thing.\n\n### Install\n\nRun it.\n", encoding="utf-8")
    app = BriefingApp(open_brief(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, OutlineScreen))
        assert len(app.screen.query_one(ContentsList).contents) == 1
        assert str(app.screen.query_one("#outline-title", Static).render()) == "Outline: 1 section"


# Columns never show one section twice


def save_state(store: Path, state: dict[str, object]) -> None:
    with Store(store) as kept:
        kept.save_reading_state(KEY, state)


async def test_a_saved_section_gone_since_leaves_no_column_showing_another_twice(tmp_path: Path) -> None:
    """The second column kept its first section, China's role, and the third was put back on it too."""
    store = tmp_path / STORE_FILE
    save_state(store, {"columns": ["situation", "renamed-since", "chinas-role"], "cursors": [2, 0, 1], "focus": 2})
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        screen = reader(app)
        await until(pilot, lambda: screen.reading.position.restored)
        await pilot.pause()
        assert shown(screen) == ["situation", "key-judgements", "chinas-role"]
        assert [view.cursor for view in screen.views] == [2, 0, 1]
        assert focused_view(app) is screen.views[2]


async def test_a_position_left_in_a_narrow_window_opens_in_a_wide_one_without_a_section_twice(tmp_path: Path) -> None:
    """At 80 columns l showed the second section in the one column shown; the hidden second one showed it too."""
    store = tmp_path / STORE_FILE
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = reader(app)
        await until(pilot, lambda: screen.reading.position.restored)
        await pilot.press("l", "j")
        assert shown(screen) == ["situation"]
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        screen = reader(app)
        await until(pilot, lambda: screen.reading.position.restored)
        await pilot.pause()
        assert shown(screen)[0] == "situation"
        assert focused_view(app).cursor == 1
        assert len(set(shown(screen))) == 3


async def test_widening_the_window_never_shows_a_section_in_two_columns(loader: BriefLoader) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = reader(app)
        await pilot.pause()
        await pilot.press("l", "l")  # the one column: Key judgements, then Situation, then Motives
        assert shown(screen) == ["motives"]
        await pilot.resize_terminal(180, 50)
        await until(pilot, lambda: len(screen.views) == 3)
        await pilot.pause()
        assert shown(screen)[0] == "motives"
        assert len(set(shown(screen))) == 3
        assert shown(screen)[1] == "situation"  # a column that shows another section keeps it
        assert shown(screen)[2] == "key-judgements"
        await pilot.press("z", "4", "z")  # focus mode: China's role in the column alone, then all again
        assert shown(screen)[0] == "chinas-role"
        assert len(set(shown(screen))) == 3
