"""Snapshot tests of the evidence lens (L) on a crafted brief (`--snapshot-update` redraws them)."""

from __future__ import annotations

from typing import Any

from tui.app import BriefingApp
from tui.core.brief.loader import open_brief

from .test_lens import LENS_BRIEF


def reader() -> BriefingApp:
    loader = open_brief(LENS_BRIEF)
    loader.finish()
    return BriefingApp(loader)


def test_lens_on_a_warned_sentence_at_120x32(snap_compare: Any) -> None:
    """You should see two columns, "Facts" and "Judgements". Left of each line two cells of marks: `✓` in
    green beside "The convoy crossed the border on Monday.", `R` in blue for the monitors' count, `C!` on the
    lines of "The rebels took the airbase." (claimed, and warned), `?` for "The convoy carried grain." and
    `∴` beside the paragraph citing nothing, "likely" underlined. Each cited sentence's text is tinted by its
    status. The cursor (a grey band, `▌`) is on "The rebels took the airbase."; under the text, the legend
    ("Lens ✓ confirmed R reported C claimed ? unverified ∴ analysis ! warning estimative", "C claimed"
    reversed), then "Here: rests on claimed · ! T101 unhedged: ..." with the warning's message."""
    assert snap_compare(reader(), terminal_size=(120, 32), press=["L", "j", "j", "wait:300"])


def test_lens_at_80x24_in_the_light_theme(snap_compare: Any) -> None:
    """You should see one column ("Facts") at 80x24 in textual-light, its lines marked `✓`, `R`, `C!`, `?` and
    `∴` in the gutter, the text tinted in darker status colours that read on white, "likely" underlined,
    and the legend on one line under the text above "Here: rests on confirmed"."""

    async def light(pilot: Any) -> None:
        pilot.app.theme = "textual-light"
        await pilot.press("L")
        await pilot.pause(0.3)

    assert snap_compare(reader(), terminal_size=(80, 24), run_before=light)
