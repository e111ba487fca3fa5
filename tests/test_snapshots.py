"""Snapshot tests of the main screens (pytest-textual-snapshot; `--snapshot-update` redraws them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tui.app import BriefingApp
from tui.core.brief.loader import open_brief
from tui.widgets.claim_sidebar import ClaimSidebar
from tui.widgets.section_view import SectionView

from .conftest import BUNDLED_BRIEF
from .helpers.waiting import until


def reader() -> BriefingApp:
    loader = open_brief(BUNDLED_BRIEF)
    loader.finish()  # loaded before the first frame, so every snapshot shows the claims
    return BriefingApp(loader)


def test_reader_at_100_columns(snap_compare: Any) -> None:
    """You should see the title, date and source, two lines of the bottom line, the Key judgements and
    Situation columns with the cursor on Key judgements' third sentence, numbered claim markers, and
    the claim sidebar with claim 3 marked and its detail below."""

    async def two_sentences_down(pilot: Pilot[None]) -> None:
        await pilot.press("j", "j")
        view, sidebar = pilot.app.focused, pilot.app.screen.query_one(ClaimSidebar)
        assert isinstance(view, SectionView)
        assert view.current is not None
        await until(pilot, lambda: sidebar.cited == view.current.claim_ids)  # it follows once the cursor rests

    assert snap_compare(reader(), terminal_size=(100, 30), run_before=two_sentences_down)


def test_reader_search(snap_compare: Any) -> None:
    """You should see every "NATO" in the Regional risks column (section 5, shown in the first column)
    highlighted and "/ nato" with a match counter at the bottom."""
    assert snap_compare(reader(), terminal_size=(160, 40), press=["5", "slash", "n", "a", "t", "o"])


def test_help(snap_compare: Any) -> None:
    """You should see the help box over the reader, listing its keys, "j / ↓" for the next sentence first,
    and the help's own key, "esc Close help", at the bottom instead of the reader's."""
    assert snap_compare(reader(), terminal_size=(100, 40), press=["question_mark"])


def test_a_highlight_beside_the_cursor_at_80_columns(snap_compare: Any, tmp_path: Path) -> None:
    """You should see What to watch at 80x24: the Kursk item highlighted yellow with a blank
    gutter, the cursor a grey with '▌' in the gutter on the Verification item below it, and
    claims cited together told apart ('⁹˒¹¹', '¹²˒¹³'), never run together as one number; at the
    bottom, the keys that fit, whole, and '? Help' at the right."""

    async def highlight_then_move_on(pilot: Pilot[None]) -> None:
        await pilot.press("5", "j", "j", "j", "m")
        view = pilot.app.focused
        assert isinstance(view, SectionView)
        await until(pilot, lambda: bool(view.notes))  # the highlight is saved in a thread, then drawn
        pilot.app.clear_notifications()  # "Highlighted: ..." lasts 2 s: the picture is the same whenever taken
        await pilot.press("j", "j")

    loader = open_brief(BUNDLED_BRIEF)
    loader.finish()
    app = BriefingApp(loader, store=tmp_path / "notes.sqlite3")
    assert snap_compare(app, terminal_size=(80, 24), run_before=highlight_then_move_on)
