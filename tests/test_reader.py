"""The reader screen, driven by keys with Pilot: columns, cursor, sections, sidebar."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from textual import events
from textual.command import Provider
from textual.widgets import Input

from tui.app import BriefingApp
from tui.core.brief.links import is_openable
from tui.core.brief.loader import BriefLoader, open_brief
from tui.core.brief.model import Brief
from tui.screens.confirm import ConfirmScreen
from tui.screens.help import HelpScreen
from tui.screens.reader import FOLLOW_DELAY, ReaderScreen, columns_for
from tui.widgets.claim_list import ClaimList
from tui.widgets.claim_sidebar import ClaimSidebar
from tui.widgets.key_bar import KeyBar
from tui.widgets.search_bar import SearchBar
from tui.widgets.section_view import SectionView

from .helpers.waiting import palette_settled, until


def finished(text: str, path: str) -> BriefLoader:
    loaded = BriefLoader(text, path)
    loaded.finish()
    return loaded


def reader(app: BriefingApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def keys_for(text: str) -> list[str]:
    """The key names that type `text`."""
    return ["space" if ch == " " else ch for ch in text]


def at(app: BriefingApp) -> tuple[str, int] | None:
    """Where the cursor is: the focused section and sentence (None when no section has the focus)."""
    view = app.focused
    return (view.section.id, view.cursor) if isinstance(view, SectionView) else None


def focused_view(app: BriefingApp) -> SectionView:
    view = app.focused
    assert isinstance(view, SectionView)
    return view


@pytest.mark.parametrize(("width", "columns", "sidebar"), [(180, 3, True), (120, 2, True), (80, 1, False)])
async def test_columns_and_sidebar_follow_the_width(
    loader: BriefLoader, width: int, columns: int, sidebar: bool
) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(width, 40)) as pilot:
        await pilot.pause()
        screen = reader(app)
        assert [view.section.title for view in screen.views] == ["Key judgements", "Situation", "Motives"][:columns]
        assert screen.query_one(ClaimSidebar).display is sidebar
        assert columns_for(width) == columns


async def test_j_k_g_G_move_the_cursor(loader: BriefLoader) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        view = focused_view(app)
        assert view.section.title == "Key judgements"
        assert view.cursor == 0
        await pilot.press("j", "j", "down")
        assert view.cursor == 3
        await pilot.press("k")
        assert view.cursor == 2
        await pilot.press("G")
        assert view.cursor == len(view.section.sentences) - 1
        assert view.scroll_offset.y > 0  # the last sentence was scrolled into view
        await pilot.press("g")
        assert view.cursor == 0
        assert view.scroll_offset.y == 0
        await pilot.press("k")
        assert view.cursor == 0


async def test_paragraph_and_page_keys(loader: BriefLoader) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = focused_view(app)
        sentences = view.section.sentences
        await pilot.press("}")
        assert sentences[view.cursor].block > sentences[0].block
        first_of_next = view.cursor
        await pilot.press("j", "{")
        assert view.cursor == first_of_next
        await pilot.press("{")
        assert view.cursor < first_of_next
        await pilot.press("g", "pagedown")
        assert view.scroll_offset.y > 0
        top_line = view.lines[view.scroll_offset.y]
        assert sentences[view.cursor].end > top_line.start
        await pilot.press("pageup")
        assert view.scroll_offset.y == 0


async def test_h_l_move_between_columns_and_digits_show_sections(loader: BriefLoader) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        assert focused_view(app).section.title == "Situation"
        await pilot.press("l", "l")
        assert focused_view(app).section.title == "Key judgements"  # wraps round
        await pilot.press("h")
        assert focused_view(app).section.title == "Motives"
        await pilot.press("4")  # section 4, China's role, shown in no column yet
        view = focused_view(app)
        assert view.section.title == "China's role"
        assert view.cursor == 0
        titles = [str(title.render()) for title in app.screen.query(".column-title")]
        assert titles[2] == "China's role"
        await pilot.press("9")
        assert view.section.title == "China's role"  # no section 9: nothing changes


async def test_sidebar_follows_the_cursor_and_toggles(loader: BriefLoader) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        view = focused_view(app)
        sidebar = app.screen.query_one(ClaimSidebar)
        # a cited sentence away from the cursor's first place, so the cursor has to move to it
        cited = next(s for s in view.section.sentences if s.claim_ids and s.index != view.cursor)
        view.move_to(cited.index)
        await until(pilot, lambda: sidebar.cited == cited.claim_ids)  # it follows once the cursor rests
        await pilot.press("s")
        assert sidebar.display is False
        await pilot.press("c")
        assert sidebar.display is True
        assert app.focused is not None
        assert app.focused.id == "claim-list"


async def test_focus_mode_shows_one_column(loader: BriefLoader) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await pilot.press("l", "z")
        screen = reader(app)
        assert [view.section.title for view in screen.views] == ["Situation"]
        assert screen.query_one(ClaimSidebar).display is False
        await pilot.press("z")
        assert len(screen.views) == 3


HOSTILE = """---
id: hostile
title: "[bold]Title[/bold] [@click=app.quit]x[/] see [/docs] \x1b]52;c;aGk=\x07"
---

Summary with [citation needed] and [@click=app.quit]click[/].[^c1]

## Part [red]one[/red]

Text with [b]brackets[/b] and \x1b[31mescape\x1b[0m.[^c1]

[^c1]: Claim [@click=app.quit]quit[/].
    - claimant: [bold]Someone[/bold]
    - status: reported
    - reported by: x
"""


async def test_brief_text_is_never_markup() -> None:
    app = BriefingApp(finished(HOSTILE, "hostile.md"))
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        screen = reader(app)
        title = screen.query_one("#brief-title")
        assert str(title.render()) == "[bold]Title[/bold] [@click=app.quit]x[/] see [/docs] ␛]52;c;aGk=␇"
        assert "[citation needed]" in str(screen.query_one("#brief-summary").render())
        column_title = screen.query(".column-title").first()
        assert str(column_title.render()) == "Part [red]one[/red]"
        await pilot.press("j")
        assert app.is_running
        view = focused_view(app)
        painted = "".join(segment.text for y in range(view.size.height) for segment in view.render_line(y))
        assert "␛[31mescape␛[0m" in painted
        assert "\x1b" not in painted
        assert "[b]brackets[/b]" in painted


async def test_enter_on_a_claim_jumps_to_its_citations_and_brackets_walk_them(
    loader: BriefLoader, brief: Brief
) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        claims = app.screen.query_one(ClaimList)
        claim = brief.claim("austin-co-belligerent")
        assert claim is not None
        assert len(claim.references) >= 2
        # Walk down the list to it with j, as a reader would.
        await pilot.press(*["j"] * brief.claims.index(claim))
        assert claims.claim is claim
        assert claim.statement in str(app.screen.query_one("#claim-detail").render())
        await pilot.press("enter")
        first = claim.references[0]
        view = focused_view(app)
        assert view.section.id == first.section_id
        assert view.cursor == first.sentence
        assert first.sentence in view.marked
        # ] and [ walk them from the list, which keeps the focus (see test_claim_sidebar for the counter).
        await pilot.press("c", "]")
        second = claim.references[1]
        assert app.focused is claims
        view = reader(app).view_showing(reader(app).loader.section_by_id(second.section_id))  # type: ignore[arg-type]
        assert view is not None
        assert (view.section.id, view.cursor) == (second.section_id, second.sentence)
        await pilot.press("[")
        view = reader(app).view_showing(reader(app).loader.section_by_id(first.section_id))  # type: ignore[arg-type]
        assert view is not None
        assert (view.section.id, view.cursor) == (first.section_id, first.sentence)


async def test_the_claim_list_moves_with_vim_keys_and_the_mouse(loader: BriefLoader, brief: Brief) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        claims = app.screen.query_one(ClaimList)
        detail = app.screen.query_one("#claim-detail")
        assert claims.highlighted == 0
        await pilot.press("j", "j", "k")
        assert claims.highlighted == 1
        await pilot.press("G")
        assert claims.highlighted == len(brief.claims) - 1
        assert brief.claims[-1].statement in str(detail.render())
        await pilot.press("g", "pagedown")
        assert claims.highlighted == claims.scrollable_content_region.height
        # A click highlights a claim; a double click goes to its first citation.
        await pilot.press("g")
        await pilot.click(ClaimList, offset=(5, 3))
        assert claims.highlighted == 3
        target = brief.claims[3]
        await pilot.click(ClaimList, offset=(5, 3), times=2)
        view = focused_view(app)
        assert (view.section.id, view.cursor) == (target.references[0].section_id, target.references[0].sentence)


async def test_f_filters_claims_by_status_and_escape_goes_back(loader: BriefLoader, brief: Brief) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        sidebar = app.screen.query_one(ClaimSidebar)
        claims = sidebar.claim_list
        await pilot.press("f")
        assert sidebar.status_filter is not None
        shown = [claim for _, claim in claims.rows]
        assert shown
        assert all(claim.status is sidebar.status_filter for claim in shown)
        assert f"({len(shown)})" in str(sidebar.query_one("#claim-filter").render())
        for _ in range(10):
            if sidebar.status_filter is None:
                break
            await pilot.press("f")
        assert sidebar.status_filter is None
        assert claims.count == len(brief.claims)
        await pilot.press("escape")
        assert isinstance(app.focused, SectionView)


async def test_search_highlights_counts_and_moves_across_sections(loader: BriefLoader) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        screen = reader(app)
        await pilot.press("slash")
        await pilot.press(*"kursk")
        await pilot.pause()
        total = len(screen.matches)
        assert total >= 3
        assert str(screen.query_one("#search-count").render()) == f"{screen.match_index + 1}/{total}"
        await pilot.press("enter")
        match = screen.matches[screen.match_index]
        view = focused_view(app)
        assert view.section.id == match.section_id  # no column showed it: the focused one switched
        assert view.cursor == match.sentence
        assert (match.start, match.end) in view.found
        sections_seen = set()
        for _ in range(total):
            await pilot.press("n")
            current = screen.matches[screen.match_index]
            view = focused_view(app)
            assert (view.section.id, view.cursor) == (current.section_id, current.sentence)
            sections_seen.add(current.section_id)
            # The bar stays under the text with the counter, as in vim and less.
            assert screen.query_one(SearchBar).display
            assert str(screen.query_one("#search-count").render()) == f"{screen.match_index + 1}/{total}"
        assert len(sections_seen) >= 2
        before = screen.match_index
        await pilot.press("N")
        assert screen.match_index == (before - 1) % total
        await pilot.press("slash", "escape")
        assert screen.matches == []
        assert all(not v.found for v in screen.query(SectionView))
        assert not screen.query_one(SearchBar).display


async def test_escape_in_the_text_clears_the_search(loader: BriefLoader) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        screen = reader(app)
        await pilot.press("slash", *"nato", "enter")
        assert screen.matches
        assert isinstance(app.focused, SectionView)
        footer_keys = {binding.action for _, binding, enabled, _ in app.active_bindings.values() if enabled}
        assert "clear_search" in footer_keys
        await pilot.press("escape")
        assert screen.matches == []
        assert not screen.query_one(SearchBar).display
        assert isinstance(app.focused, SectionView)
        await pilot.pause()
        footer = str(app.screen.query_one(KeyBar).render())
        assert "Clear the search" not in footer  # it stayed offered after the search was gone


async def test_a_search_typed_faster_than_the_screen_repaints_goes_to_the_search_bar(loader: BriefLoader) -> None:
    """Keys that arrive together (a fast typist, a paste, tmux send-keys) must not race the focus change."""
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        screen = reader(app)
        for key in ("slash", "n", "a", "t", "o"):
            event = events.Key(key, "/" if key == "slash" else key)
            event.set_sender(app)
            app._driver.send_message(event)  # all queued at once, none waited for  # type: ignore[union-attr]
        await until(pilot, lambda: screen.matches)  # the search runs a few message hops after the last key
        assert screen.query_one("#search-input", Input).value == "nato"
        assert screen.matches
        assert not app._notifications
        # In the field, `c` and `/` are typed, not run.
        await pilot.press("backspace", "backspace", "backspace", "backspace", "c", "slash")
        assert screen.query_one("#search-input", Input).value == "c/"
        assert isinstance(app.focused, Input)


async def test_search_with_no_match_says_so(loader: BriefLoader) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"zzzq")
        await pilot.pause()
        assert str(app.screen.query_one("#search-count").render()) == "no match"
        await pilot.press("enter", "n")
        assert isinstance(app.focused, SectionView)


async def test_help_lists_every_key_of_the_reader_from_its_bindings(loader: BriefLoader) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        declared = {
            item.binding.description for item in app.screen.active_bindings.values() if item.binding.description
        }
        # The nine "Show section N" are one row, Textual's "palette" is said as ours are.
        renamed = {"palette": "Command palette", **{f"Show section {n}": "Show section N" for n in range(1, 10)}}
        expected = {renamed.get(description, description) for description in declared}
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        descriptions = [description for _, description in help_screen.rows]
        assert set(descriptions) == expected
        assert len(descriptions) == len(expected)
        assert {"Next sentence", "Search", "Next match", "Show section N", "Focus mode", "Help", "Quit"} <= expected
        keys = {description: keys for keys, description in help_screen.rows}
        assert keys["Show section N"] == "1-9"
        assert keys["Command palette"] == "^p"
        # The reader's own keys first, Textual's (focus, copy, quit, palette) after them.
        assert descriptions[0] == "Next sentence"
        assert descriptions.index("Back / quit") < descriptions.index("Focus Next")
        assert keys["Next sentence"] == "j / ↓"
        assert keys["Search"] == "/"
        assert keys["Previous column"] == "h / ←"
        assert "Scroll Left" not in descriptions
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_q_quits(loader: BriefLoader) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_palette_goes_to_sections_and_claims(loader: BriefLoader, brief: Brief) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *keys_for("go to section situation"))
        await until(pilot, palette_settled(app))
        await pilot.press("enter")
        await until(pilot, lambda: (at(app) or ("",))[0] == "situation")
        assert focused_view(app).section.id == "situation"
        denial = brief.claim("kremlin-denial")
        assert denial is not None
        first = denial.references[0]
        await pilot.press("ctrl+p", *keys_for("kremlin-denial"))  # by its id (words of it: tests/test_claim_sidebar.py)
        await until(pilot, palette_settled(app))
        await pilot.press("enter")
        await until(pilot, lambda: at(app) == (first.section_id, first.sentence))
        view = focused_view(app)
        assert (view.section.id, view.cursor) == (first.section_id, first.sentence)


async def test_palette_offers_every_action_of_the_screen_and_runs_it(loader: BriefLoader) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        screen = reader(app)
        from tui.commands.keys import KeyCommands
        from tui.screens.help import bound_actions

        provider = KeyCommands(screen)
        offered = [text async for text in _hit_texts(provider)]
        expected = {entry.description for entry in bound_actions(screen.active_bindings)} - {"Command palette"}
        assert expected <= {text.rsplit(" (", 1)[0] for text in offered}
        assert "Focus mode (z)" in offered
        assert any(text.startswith("Next sentence (j") for text in offered)
        # Run one from the palette, as a user would: focus mode leaves one column.
        await pilot.press("ctrl+p", *keys_for("focus mode"))
        await until(pilot, palette_settled(app))
        await pilot.press("enter")
        await until(pilot, lambda: screen.focus_mode)
        assert len(screen.views) == 1


async def _hit_texts(provider: Provider) -> AsyncIterator[str]:
    async for hit in provider.discover():
        yield str(hit.text)


LINKED = """---
id: linked
title: Links
---

Summary.

## Part

Read [the report](https://example.org/report) first. Then [a file](file:///etc/passwd). No link here.
"""


@pytest.mark.parametrize(
    ("url", "openable"),
    [
        ("https://example.org", True),
        ("HTTP://example.org/x", True),
        ("file:///etc/passwd", False),
        ("javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("smb://host/share", False),
        ("../secret.txt", False),
        ("https:///nohost", False),
    ],
)
def test_only_http_links_may_open(url: str, openable: bool) -> None:
    assert is_openable(url) is openable


async def test_o_opens_a_link_only_after_confirming(monkeypatch: pytest.MonkeyPatch) -> None:
    app = BriefingApp(finished(LINKED, "linked.md"))
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("o")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert opened == []
        await pilot.press("o", "y")
        assert opened == ["https://example.org/report"]
        await pilot.press("j", "o")  # a file: link is refused, nothing asked
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("j", "o")  # no link at all
        assert isinstance(app.screen, ReaderScreen)
        assert opened == ["https://example.org/report"]


async def test_plain_markdown_has_no_empty_claims_sidebar(tmp_path: Path) -> None:
    """A README at 180 columns lost 42 of them to "Claims: all (0)"; `s` still shows it if wanted."""
    readme = tmp_path / "README.md"
    readme.write_text("# Tool\n\nIntro.\n\n## Install\n\nRun it.\n\n## Use\n\nRead it.\n", encoding="utf-8")
    app = BriefingApp(open_brief(readme))
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await until(pilot, lambda: screen.brief is not None)
        assert screen.query_one(ClaimSidebar).display is False
        await pilot.press("s")
        assert screen.query_one(ClaimSidebar).display is True


async def test_h_and_l_with_one_column_show_the_section_before_and_after(loader: BriefLoader) -> None:
    """At 80 columns (one column) h and l did nothing."""
    app = BriefingApp(loader)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        (view,) = screen.views
        first = view.section.id
        await pilot.press("l")
        order = loader.reading_order(view.section.id)
        assert order == loader.reading_order(first) + 1
        await pilot.press("h")
        assert view.section.id == first
        for _ in range(loader.section_count + 2):
            await pilot.press("h")
        assert loader.reading_order(view.section.id) == 0  # the bottom line up front, and no further
        assert any("first section" in str(n.message) for n in app._notifications)


async def test_c_at_80x24_shows_the_highlighted_claim_in_the_list(loader: BriefLoader) -> None:
    """The sidebar is hidden at 80 columns: c showed a claim's detail beside rows that did not hold it."""
    from tui.widgets.claim_list import ClaimList

    app = BriefingApp(loader)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await until(pilot, lambda: screen.brief is not None)
        await pilot.pause(FOLLOW_DELAY * 5)  # the sidebar has followed the cursor (it would re-highlight after)
        claims = screen.query_one("#claim-list", ClaimList)
        assert claims.count > 20
        claims.highlighted = claims.count - 2  # chosen while hidden, as the cursor's citations choose it
        await pilot.press("c")
        await pilot.pause()
        top, height = claims.scroll_offset.y, claims.scrollable_content_region.height
        assert height > 0
        assert top <= claims.count - 2 < top + height


async def test_the_cursor_stays_in_view_when_the_terminal_shrinks(loader: BriefLoader) -> None:
    """180x50 to 100x30 left the cursor's sentence below the column."""
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.views[0]
        await pilot.press(*["j"] * 14)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        await pilot.pause()
        sentence = view.current
        assert sentence is not None
        top, bottom = view.lines_of(sentence)
        shown_from, rows = view.scroll_offset.y, view.scrollable_content_region.height
        assert shown_from <= top
        assert bottom < shown_from + rows


def test_a_quotation_names_its_brief_section_and_claims_on_one_line() -> None:
    from tui.core.reading.quoting import QUOTED, quotation

    said = quotation("Pyongyang sent\ntroops.", "Troops", "Motives", ("nis", "austin", "nis"), {"nis": 16, "austin": 1})
    assert said == "“Pyongyang sent troops.” (Troops, Motives; claims 16 nis, 1 austin)"
    assert quotation("A.", "T", "S", (), {}) == "“A.” (T, S)"
    assert len(quotation("x " * 1_000_000, "T", "S", (), {})) < QUOTED + 20


async def test_y_copies_the_sentence_with_its_citation(loader: BriefLoader) -> None:
    app = BriefingApp(loader)
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("j", "y")
        await pilot.pause()
        (text,) = copied
        view = screen.views[0]
        assert text.startswith("“")
        assert f"({loader.title}, {view.section.title}" in text
        assert any("Sentence copied" in str(n.message) for n in app._notifications)
