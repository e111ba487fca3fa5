"""The reader's state without its widgets: the brief open, the notes placed, the search, where the reader is."""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.core.brief.loader import BriefLoader
from tui.core.brief.model import Brief, Section
from tui.core.display.excerpt import shortened
from tui.core.notes.access import Placed
from tui.core.notes.annotation import brief_key
from tui.core.outside.visible import one_line
from tui.core.reading.placed_notes import PlacedNotes
from tui.core.reading.search import SearchState

State = dict[str, object]  # a reading state as the store keeps it (JSON)


@dataclass(frozen=True, slots=True)
class Column:
    """A section column as shown: its section, the cursor's sentence, whether only a first part is parsed."""

    section_id: str
    cursor: int
    partial: bool = False


@dataclass(frozen=True, slots=True)
class SavedColumn:
    """A column as a saved state left it; None where the state held something else (skipped)."""

    section_id: str | None
    cursor: int | None


@dataclass(frozen=True, slots=True)
class SavedPosition:
    """Where the reader left a brief: the columns left to right, and the focused one (None: not said)."""

    columns: list[SavedColumn]
    focus: int | None


def saved_position(state: State) -> SavedPosition | None:
    """What of a saved reading state can be put back (None: nothing; the state is not this shape)."""
    columns, cursors, focus = state.get("columns"), state.get("cursors"), state.get("focus")
    if not isinstance(columns, list) or not isinstance(cursors, list):
        return None
    saved = [
        SavedColumn(section if isinstance(section, str) else None, cursor if isinstance(cursor, int) else None)
        for section, cursor in zip(columns, cursors, strict=False)
    ]
    return SavedPosition(saved, focus if isinstance(focus, int) else None)


@dataclass(slots=True)
class Position:
    """The reading position and its saving: saved once the cursor rests, never before the saved one was read."""

    restored: bool = False  # whether the saved reading state was applied (or there was none)
    unsaved: State | None = None  # the position, until it is saved
    # Saved cursors past the end of a section's first part, by column number, kept for the whole section.
    wanted: dict[int, int] = field(default_factory=dict)

    def snapshot(self, columns: list[Column], focus: int, at: str) -> State:
        """The state to save: the sections in the columns, their cursors, the focused column, and `at`
        (the focused section's title, for the library)."""
        return {
            "columns": [column.section_id for column in columns],
            # A saved cursor past a first part still waits for the whole section: kept, not the part's end.
            "cursors": [
                self.wanted.get(number, column.cursor) if column.partial else column.cursor
                for number, column in enumerate(columns)
            ],
            "focus": focus,
            "at": at,
        }

    def moved(self, state: State) -> bool:
        """The cursor moved to `state`: True if a save is now due (once it rests), False before the
        saved state was read (never written over unread)."""
        if not self.restored:
            return False
        self.unsaved = state
        return True

    def take_unsaved(self) -> State | None:
        """The position not saved yet, if any, now to be saved."""
        state, self.unsaved = self.unsaved, None
        return state


class Reading:
    """One brief open in the reader: what is open, the notes placed, the search, the position.

    Driven by the reader screen and by tests alike; it never touches a widget or the store.
    More of the reader's state belongs here as it comes (a claims table's sort and filter, a brief
    read again when its file changes, notes by author and change): the screen only shows it.
    """

    def __init__(self, loader: BriefLoader, *, start_at: str = "") -> None:
        self.loader = loader
        self.brief_key = brief_key(loader.outline.metadata.id, loader.path)
        self.start_at = start_at  # a section to show first (a link's '#part')
        self.brief: Brief | None = loader.brief  # the whole brief: None until it is loaded
        self.notes = PlacedNotes()
        self.search = SearchState(loader.reading_order)
        # A link says where to start; otherwise the saved state says where the reader left off.
        self.position = Position(restored=bool(start_at))
        self.focus_mode = False
        self.sidebar_wanted: bool | None = None  # None: as the width decides
        self.percent_shown = -1  # the loading progress last shown

    def progress(self, done: int, total: int) -> int | None:
        """The loading progress to show, in percent; None while the figure shown is unchanged (or loaded)."""
        percent = done * 100 // max(1, total)
        if self.brief is not None or percent == self.percent_shown:
            return None
        self.percent_shown = percent
        return percent

    def hidden_notice(self, brief: Brief) -> str | None:
        """What to say of lines of the brief that cannot be shown, if any: never less than the file says unsaid.

        It names the sections they are in, and those that show nothing at all: a section whose
        whole text is nested too deep showed as an empty column, the notice naming no section.
        """
        hiding = [section for section in brief.all_sections if section.hidden or section.cut_cells]
        if not hiding:
            return None
        hidden = sorted(line for section in hiding for line in (*section.hidden, *section.cut_cells))
        lines = f"line {hidden[0]}" if len(hidden) == 1 else f"{len(hidden):,} lines, from line {hidden[0]}"
        empty = [section for section in hiding if not section.text or section.text.isspace()]
        if len(hiding) == 1 and empty:
            return f"Nothing of section {_titles(empty)} can be shown ({lines}): it is empty here. {_CHECK}"
        sections = "section" if len(hiding) == 1 else "sections"
        message = f"Part of {sections} {_titles(hiding)} cannot be shown ({lines})"
        if len(empty) == 1:
            message += f"; {_titles(empty)} shows nothing"
        elif empty:
            message += f"; {len(empty):,} of them show nothing"
        return f"{message}. {_CHECK}"

    def sections_from(self, section_id: str | None) -> list[Section]:
        """The brief's sections in reading order, from the one with `section_id`, round to the one before."""
        assert self.brief is not None
        sections = list(self.brief.all_sections)
        here = next((n for n, s in enumerate(sections) if section_id is not None and s.id == section_id), 0)
        return sections[here:] + sections[:here]

    def note_order(self, placed: Placed) -> tuple[int, int]:
        """Where a note comes when reading: (its section's reading order, its offset); an orphan first."""
        found = placed.found
        return (self.loader.reading_order(found.section), found.start) if found else (0, 0)

    def section_titles(self) -> dict[str, str]:
        """Each section's title by id, the bottom line up front's too (for the notes list)."""
        titles = {heading.id: heading.title for heading in self.loader.outline.headings}
        if self.loader.summary is not None:
            titles[self.loader.summary.id] = self.loader.summary.title
        return titles

    def here(self, section_id: str, offset: int) -> tuple[int, int]:
        """A place in the brief as search keys it: (the section's reading order, the offset)."""
        return (self.loader.reading_order(section_id), offset)


_CHECK = "`briefing check` says why."
NAMED_SECTIONS = 3  # sections named in a notice; the rest are counted
TITLE_SHOWN = 40  # characters of a section's title in a notice


def _titles(sections: list[Section]) -> str:
    """Sections named in a notice: “A”, “B” and “C”, or “A”, “B”, “C” and 4 more."""
    named = [f"“{shortened(one_line(section.title), TITLE_SHOWN)}”" for section in sections[:NAMED_SECTIONS]]
    more = len(sections) - len(named)
    if more:
        return f"{', '.join(named)} and {more:,} more"
    return named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
