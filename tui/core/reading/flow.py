"""Reading straight through: the section before or after another in the brief's order, and what to say."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from tui.core.brief.loader import BriefLoader
from tui.core.brief.model import Section
from tui.core.brief.outline import SUMMARY_ID
from tui.core.display.excerpt import shortened
from tui.core.outside.visible import one_line

TITLE_SHOWN = 40  # characters of a section's title in a notice


@dataclass(frozen=True, slots=True)
class Move:
    """Where a move to the next or previous section leads: its place in reading order (0: the bottom
    line up front, n: section n), or None where there is none (then `said` says why)."""

    to: int | None
    said: str = ""


def order_of(loader: BriefLoader, section: Section) -> int:
    """Where `section` comes in reading order: 0 for the bottom line up front, n for section n.

    Found by its heading's line, not only its id: where two headings share an id, the second
    is still after the first (by id alone, J from it went back to the first, round and round).
    """
    headings = loader.outline.headings
    index = bisect_left(headings, section.line, key=lambda heading: heading.line)
    if index < len(headings) and headings[index].line == section.line:
        return index + 1
    if section.id == SUMMARY_ID and loader.summary is not None:
        return 0
    return loader.reading_order(section.id)


def first_order(loader: BriefLoader) -> int:
    """The place of the first thing to read: the bottom line up front if there is one, else section 1."""
    return 0 if loader.summary is not None else 1


def section_at(loader: BriefLoader, order: int) -> Section | None:
    """The section at a place in reading order (the bottom line up front at 0), as the loader has it now."""
    if order == 0:
        return loader.summary
    return loader.section(order - 1) if 1 <= order <= loader.section_count else None


def title_in_notice(title: str) -> str:
    """A title as a notice names it: on one line, cut, in quotes."""
    return f"“{shortened(one_line(title), TITLE_SHOWN)}”"


def place(loader: BriefLoader, order: int) -> str:
    """A section's place, as notices say it: "3 of 8" (the bottom line up front has no number)."""
    so_far = "" if loader.outline.complete else " so far"
    return f"{order} of {loader.section_count:,}{so_far}"


def named(loader: BriefLoader, order: int) -> str:
    """A section named with its place: “Motives” (3 of 8); the bottom line up front by its title alone."""
    if order == 0:
        return title_in_notice(loader.summary.title if loader.summary is not None else "")
    return f"{title_in_notice(loader.section_title(order - 1))} ({place(loader, order)})"


def neighbour(loader: BriefLoader, section: Section, step: int) -> Move:
    """The section `step` (1 or -1) after `section` in reading order, or why there is none."""
    here = order_of(loader, section)
    to = here + step
    if to < first_order(loader):
        return Move(None, f"Start of the brief: {title_in_notice(section.title)} is its first section.")
    if to > loader.section_count:
        if not loader.outline.complete:
            return Move(None, "Still loading the brief: the sections after this one are not read yet.")
        return Move(None, f"End of the brief: {title_in_notice(section.title)} is its last section.")
    return Move(to)


def at_edge(loader: BriefLoader, section: Section, step: int, *, page: bool) -> str:
    """What the first move past a section's last (or first) sentence says: where the reader is, and
    that the same key again (a sentence's, or a `page`'s) goes on to the next (or previous) section,
    naming it; or why it cannot."""
    move = neighbour(loader, section, step)
    if move.to is None:
        return move.said
    key = ("space" if step > 0 else "b") if page else ("j" if step > 0 else "k")
    edge = "End" if step > 0 else "Start"
    here = named(loader, order_of(loader, section))
    return f"{edge} of {here}. {key} again: {named(loader, move.to)}"


def distinct(
    loader: BriefLoader, orders: Sequence[int], movable: Sequence[int], elsewhere: Collection[int] = ()
) -> dict[int, int]:
    """Columns to switch so that no two show the same section, and to what: {column: place in reading order}.

    `orders` are the places of the sections the columns show; of two showing the same, the one
    that comes first in `movable` is switched (columns not in it never are) to the first section
    in reading order that no column shows, nor, if it can be, `elsewhere` (the hidden columns).
    """
    shown = list(orders)
    switched: dict[int, int] = {}
    for column in movable:
        if shown.count(shown[column]) < 2:
            continue
        choice = next((order for order in _reading(loader) if order not in shown and order not in elsewhere), None)
        if choice is None:
            choice = next((order for order in _reading(loader) if order not in shown), None)
        if choice is not None:  # else fewer sections than columns: nothing else to show
            shown[column] = switched[column] = choice
    return switched


def _reading(loader: BriefLoader) -> Iterator[int]:
    """The places of the sections, then of the bottom line up front (as the columns are first filled)."""
    yield from range(1, loader.section_count + 1)
    if loader.summary is not None:
        yield 0
