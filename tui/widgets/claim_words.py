"""A claim's status as a word in its colour, the same in the sidebar, the table, the map and the palette."""

from __future__ import annotations

from textual.content import Content

from tui.core.brief.model import Claim
from tui.core.display.statuses import NO_STATUS, WIDEST, style

CONTRADICTION = "≠"  # beside a claim that contradicts another or is contradicted: reads without colour


def status_word(claim: Claim, *, padded: bool = False) -> Content:
    """The claim's status as a coloured word (or "no status"); `padded` to the widest, so columns line up."""
    if claim.status is None:
        word = Content.styled(NO_STATUS, "italic")
    else:
        word = Content.styled(claim.status.value, style(claim.status))
    return word.pad_right(WIDEST - len(word.plain)) if padded else word
