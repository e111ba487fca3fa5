"""What a reader carries over to a new version of its brief: each column's section and sentence, its modes."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from tui.core.brief.model import Section, Sentence
from tui.core.notes.access import Placed
from tui.core.notes.anchoring import anchor_for, reanchor
from tui.core.notes.annotation import Anchor


@dataclass(frozen=True, slots=True)
class CarriedColumn:
    """A column as it was: its section, that section's place among the brief's (`Brief.all_sections`, the
    bottom line up front first), and the anchor of the sentence under its cursor (None: it had none)."""

    section_id: str
    order: int
    anchor: Anchor | None
    row: int = 0  # the row of the column the cursor's sentence started on, kept there if it can be


@dataclass(frozen=True, slots=True)
class Carried:
    """The reader's state, carried from the version of a brief it showed to the next one."""

    columns: tuple[CarriedColumn, ...]
    focus: int  # the focused column
    lens_on: bool
    focus_mode: bool
    sidebar_wanted: bool | None
    search: str  # the search query, "" for none
    orphans: int  # the notes that had lost their place before: those lost now are counted beyond them
    say: Callable[[int], str]  # what to say once the notes are placed, given how many more lost their place
    typing: bool = False  # the search field had the keyboard: it keeps it (keys typed after ran the reader's)
    baseline: object | None = None  # the version last read, for the changes since (passed on as it is)
    note_places: Mapping[str, Anchor] = field(default_factory=dict)  # by note id: where each was found


def carried_column(section: Section, order: int, sentence: Sentence | None, row: int = 0) -> CarriedColumn:
    """A column showing `section`, at `order` among the brief's sections, its cursor on `sentence`
    (which starts on the column's `row`)."""
    anchor = anchor_for(section, sentence.start, sentence.end) if sentence is not None else None
    return CarriedColumn(section.id, order, anchor, row)


def note_places(placed: Iterable[Placed], sections: Sequence[Section]) -> dict[str, Anchor]:
    """Where each placed note is in the version shown, as an anchor there, by note id (a reload's hints)."""
    by_id = {section.id: section for section in sections}
    places = {}
    for note in placed:
        found = note.found
        section = by_id.get(found.section) if found is not None else None
        if found is not None and section is not None:
            places[note.annotation.id] = anchor_for(section, found.start, found.end)
    return places


def sentence_at(section: Section, offset: int) -> int:
    """The index of the sentence of `section` in which `offset` falls (the one before it, between two)."""
    starts = [sentence.start for sentence in section.sentences]
    return max(0, bisect_right(starts, offset) - 1)


def placed(column: CarriedColumn, sections: Sequence[Section]) -> tuple[Section, int] | None:
    """Where a carried column goes in the new version's `sections` (`all_sections`): its section and
    the index of its cursor's sentence; None if there are no sections.

    The cursor's sentence is found as a note's text is (the anchoring code, not the offset): in
    its own section if that is still there, and the column stays on it; a section gone (or
    renamed) is followed to wherever the sentence went; else the column shows the nearest
    section, at its old place among the sections.
    """
    if not sections:
        return None
    home = next((section for section in sections if section.id == column.section_id), None)
    anchor = column.anchor
    if home is not None:
        # Looked for in its own section only: the column keeps its section, and a sentence taken
        # away is not looked for across a whole brief (5 MB) on the event loop.
        found = reanchor(anchor, [home]) if anchor is not None else None
        return home, sentence_at(home, found.start if found is not None else (anchor.start if anchor else 0))
    found = reanchor(anchor, sections) if anchor is not None else None
    if found is not None:
        section = next(section for section in sections if section.id == found.section)
        return section, sentence_at(section, found.start)
    return sections[min(max(column.order, 0), len(sections) - 1)], 0
