"""Snapshot tests of the main screens (pytest-textual-snapshot; `--snapshot-update` redraws them)."""

from __future__ import annotations

from typing import Any

from tui.app import BriefingApp
from tui.core.brief import load_brief

from .conftest import BUNDLED_BRIEF


def reader() -> BriefingApp:
    return BriefingApp(load_brief(BUNDLED_BRIEF)[0])


def test_reader_at_100_columns(snap_compare: Any) -> None:
    """You should see the title, date and source, two lines of the bottom line, the Motives and
    China's role columns with the cursor on Motives' third sentence, numbered claim markers, and
    the claim sidebar with claim 28 marked and its detail below."""
    assert snap_compare(reader(), terminal_size=(100, 30), press=["j", "j"])


def test_reader_search(snap_compare: Any) -> None:
    """You should see every "NATO" in the Regional risks column highlighted and "/ nato" with
    a match counter at the bottom."""
    assert snap_compare(reader(), terminal_size=(160, 40), press=["slash", "n", "a", "t", "o"])


def test_help(snap_compare: Any) -> None:
    """You should see the help box over the reader, listing its keys, "j / ↓" for the next sentence first."""
    assert snap_compare(reader(), terminal_size=(100, 40), press=["question_mark"])
