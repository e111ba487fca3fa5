"""The outline's rows (`t`): every section in reading order, the claims cited in it, the notes on it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from tui.core.brief.loader import BriefLoader
from tui.core.brief.model import Section
from tui.core.display.wrap import cell_width
from tui.core.notes.access import Placed
from tui.core.reading.flow import first_order, order_of


@dataclass(frozen=True, slots=True)
class Entry:
    """One row: the section's place in reading order (0: the bottom line up front), its number (None
    for the bottom line up front), title, claims cited and notes (None: not known yet), and marks."""

    order: int
    number: int | None
    title: str
    claims: int | None
    notes: int | None
    shown: bool  # in a column on screen
    here: bool  # where the cursor is


class Contents:
    """The rows of a brief's outline, each made when asked for: a brief may have 100,000 sections,
    and a list shows a screenful of them."""

    def __init__(
        self,
        loader: BriefLoader,
        placed: Iterable[Placed] | None,
        shown: Iterable[Section],
        here: Section | None,
    ) -> None:
        """`placed`: the notes, None until read; `shown`: the sections in columns on screen; `here`: the
        one the cursor is in. Claims are counted in the sections parsed whole (all, once loaded)."""
        self.loader = loader
        self.first = first_order(loader)
        self.notes: Counter[str] | None = None
        if placed is not None:
            self.notes = Counter(p.found.section for p in placed if p.found is not None)
        self.shown = {order_of(loader, section) for section in shown}
        self.here = order_of(loader, here) if here is not None else None

    def __len__(self) -> int:
        return self.loader.section_count + 1 - self.first

    @property
    def digits(self) -> int:
        """How wide the numbers' column is."""
        return len(str(self.loader.section_count))

    def order(self, row: int) -> int:
        """The place in reading order of row `row`."""
        return row + self.first

    def row_of(self, order: int) -> int:
        """The row of a place in reading order (the first row if it is not listed)."""
        return min(max(order - self.first, 0), max(len(self) - 1, 0))

    def entry(self, row: int) -> Entry:
        """Row `row`, made now."""
        order = self.order(row)
        loader = self.loader
        if order == 0:
            section = loader.summary
            assert section is not None
            title, section_id, number = section.title, section.id, None
        else:
            heading = loader.outline.headings[order - 1]
            section = loader.parsed(order - 1)
            title, section_id, number = heading.title, heading.id, order
        claims = None if section is None or section.partial else len({r.claim_id for r in section.references})
        notes = self.notes.get(section_id, 0) if self.notes is not None else None
        return Entry(order, number, title, claims, notes, order in self.shown, order == self.here)


CLAIMS, NOTES = "Claims", "Notes"  # the headings of the two counts, as wide as their columns


def columns(entry: Entry | None, digits: int) -> str:
    """The fixed part of a row, left of its title: the mark, the number (`digits` wide), the counts;
    the heading's for None."""
    if entry is None:
        return f"  {'#':>{digits}}  {CLAIMS} {NOTES}  "
    mark = "▶" if entry.here else "•" if entry.shown else " "
    number = "" if entry.number is None else str(entry.number)
    return f"{mark} {number:>{digits}}  {_count(entry.claims):>{len(CLAIMS)}} {_count(entry.notes):>{len(NOTES)}}  "


def _count(count: int | None) -> str:
    """A count as a row shows it: none left blank, not known yet as an ellipsis."""
    if count is None:
        return "…"
    return f"{count:,}" if count else ""


def cut(text: str, cells: int) -> str:
    """`text` in at most `cells` terminal cells, cut with an ellipsis; only as much of it is looked at
    (a title may be megabytes long)."""
    kept: list[str] = []
    used = 0
    for character in text:
        width = cell_width(character)
        if used + width > cells:
            while kept and used + 1 > cells:  # room for the ellipsis
                used -= cell_width(kept.pop())
            return "".join(kept) + "…" if cells > 0 else ""
        kept.append(character)
        used += width
    return text
