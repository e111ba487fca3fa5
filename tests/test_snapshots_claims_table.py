"""Snapshot tests of the claims table (pytest-textual-snapshot; `--snapshot-update` redraws them)."""

from __future__ import annotations

from typing import Any

from tui.app import BriefingApp
from tui.core.brief.loader import open_brief

from .conftest import BUNDLED_BRIEF


def reader() -> BriefingApp:
    loader = open_brief(BUNDLED_BRIEF)
    loader.finish()
    return BriefingApp(loader)


def test_claims_table_at_80x24(snap_compare: Any) -> None:
    """You should see "Claims: 35 claims · sorted by number ▲", a header on a band ("# ▲ Id Status Claimant
    Statement"), claims 1 to 17 with their status words in colour, the cursor a band on claim 1, its
    whole statement below the rule, and the table's keys at the bottom with "? Help" at the right."""
    assert snap_compare(reader(), terminal_size=(80, 24), press=["C"])


def test_claims_table_by_claimant_at_180x50(snap_compare: Any) -> None:
    """You should see every column but the claimant, "Status ▲" in the accent colour, and the claims
    grouped by claimant under headings such as "the source report · 19 claims: 2 reported, 17 assessed",
    the largest group first, each group's claims from confirmed to false."""
    assert snap_compare(reader(), terminal_size=(180, 50), press=["W", "3"])
