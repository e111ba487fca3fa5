"""Every note of a brief in reading order, then those that lost their place; a filter; enter goes to one,
`a` edits it, `d` deletes it, `u` brings it back."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tui.core.display.excerpt import TAGS_SHOWN, excerpt, more_characters
from tui.core.notes.access import Notes, Placed
from tui.core.notes.anchoring import How
from tui.core.notes.annotation import Annotation
from tui.core.notes.finding import Matches, first_matches, folded
from tui.core.notes.store_errors import NotRestored, StoreError
from tui.core.outside.visible import visible
from tui.core.reading.placed_notes import PlacedNotes
from tui.screens.store_calls import in_store
from tui.widgets.key_bar import KeyBar

SNIPPET = 60  # characters of a quote or a note shown in the list
# Entries built at most, the rest reached by the filter: 300,000 notes built as options took 13-14 s
# to show (80 s under a test's Pilot); 500 take about 0.1 s, more than a page of them scrolls past.
LISTED = 500
_WORD = re.compile(r"\S+")


def snippet(text: str) -> str:
    """The start of a text on one line, cut with an ellipsis."""
    head = _head(text)
    flat = " ".join(visible(head).split())
    return flat if len(flat) <= SNIPPET and head is text else flat[: SNIPPET - 1] + "…"


def _head(text: str) -> str:
    """As much of `text` as the snippet can show, taken before any other work on it (a note may be 30 MB).

    Runs of spaces count as one, as the snippet shows them; escaping a character only lengthens it.
    """
    shown = 0
    for word in _WORD.finditer(text):
        shown += len(word.group()) + (shown > 0)
        if shown > SNIPPET:
            end = min(word.end(), word.end() - (shown - SNIPPET) + 1)
            return text if end >= len(text) else text[:end]
    return text


def note_prompt(placed: Placed, section_title: str) -> Content:
    """One entry: where, the colour (as a word), the quote, and the note's first words."""
    note = placed.annotation
    where = section_title if placed.found else "lost its place"
    parts: list[str | Content | tuple[str, str]] = [(where, "bold $text-secondary"), " · ", (note.colour, "italic")]
    if placed.found is not None and placed.found.how is How.FUZZY:
        parts.append((" · the text changed since: check it", "bold $text-warning"))
    parts += [
        "\n",
        Content(f"“{snippet(note.anchor.quote)}”"),
    ]
    if note.note:
        parts += ["\n", (snippet(note.note), "$text-muted")]
    if note.tags:
        tags, more = excerpt(" ".join(f"#{tag}" for tag in note.tags), TAGS_SHOWN)
        parts += ["  ", (tags, "$text-accent"), (more_characters(more), "$text-muted") if more else ""]
    return Content.assemble(*parts)


class NotesList(ModalScreen[Placed | None]):
    """The brief's notes: the placed ones in reading order, then the orphans, kept and listed.

    At most LISTED of them are built as entries, however many there are; the filter looks
    through all of them, off the event loop, and shows its first LISTED matches. `a` edits the
    note highlighted, `d` deletes it and `u` brings it back, each store call in a worker.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "escape", "clear the filter or close", id="notes.escape"),
        Binding("q,A", "dismiss(None)", "close", id="notes.close"),
        Binding("g", "go", "go to the note", id="notes.go"),
        Binding("a", "edit", "edit", id="notes.edit"),
        Binding("d", "delete", "delete", id="notes.delete"),
        Binding("u", "undo", "undo delete", id="notes.undo"),
        Binding("slash", "filter", "filter (#tag: that tag)", id="notes.filter"),
        # Down and up too: from the filter, they move through the list it shows.
        Binding("j,down", "cursor(1)", "next", id="notes.next"),
        Binding("k,up", "cursor(-1)", "previous", id="notes.previous"),
    ]

    def __init__(
        self,
        placed: list[Placed],
        order: Callable[[Placed], tuple[int, int]],
        titles: dict[str, str],
        unreadable: str = "",
        *,
        notes: Notes | None = None,
        held: PlacedNotes | None = None,
        changed: Callable[[], None] = lambda: None,
    ) -> None:
        """`order` sorts placed notes in reading order; `titles` names sections by id; `unreadable` says
        which notes of the store could not be read (and so are not listed), if any. Edits and deletions
        are written to `notes` and told to `held` (the reader's notes, whose `u` can undo them), then
        `changed()` is called (the reader draws them)."""
        super().__init__()
        self.unreadable = unreadable
        found = sorted((p for p in placed if p.found is not None), key=order)
        lost = sorted((p for p in placed if p.found is None), key=lambda p: p.annotation.created)
        self.entries = found + lost
        self.titles = titles
        self.lost = len(lost)
        self.notes = notes or Notes(None)
        self.held = held or PlacedNotes()
        self.changed = changed
        self.undo: list[tuple[Placed, int]] = []  # the notes deleted here and their places in `entries`, last last
        self.version = 0  # counts the changes to `entries`: a filter's search begun before one is dropped
        self.keep: tuple[str, int] | None = None  # after a change: the note (by id), else the row, to highlight
        self.shown: list[int] = []  # the places in `entries` of the options listed, in their order
        self.matching: int | None = None  # how many notes the filter lets through; None: no filter
        self.listed_for = ""  # the filter (folded) whose notes the list shows

    def compose(self) -> ComposeResult:
        with Vertical(id="notes-box"):
            yield Static(self.title_line(), id="notes-title", markup=False)
            if self.unreadable:
                yield Static(Content.styled(self.unreadable, "$text-warning"), id="notes-unreadable", markup=False)
            if not self.entries:
                yield Static(Content.styled("No notes yet: m highlights a sentence, a writes a note.", "$text-muted"))
            yield Input(placeholder="/ filters by text, quote or tag; #tag: notes with that tag", id="notes-filter")
            first = Matches(list(range(min(LISTED, len(self.entries)))), len(self.entries))
            self.shown = first.first
            yield OptionList(*self.options(first, ""), id="notes-list")
            yield Static(Content.styled(key_line(self.BINDINGS), "$text-muted"), id="notes-keys", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def title_line(self) -> Content:
        count = len(self.entries)
        title = f"Notes: {count:,}"
        if self.matching is not None:
            title = f"Notes: {self.matching:,} of {count:,} match the filter"
        elif self.lost:
            title += f", {self.lost:,} lost their place (enter attaches one to the cursor)"
        shown = self.matching if self.matching is not None else count
        if shown > LISTED:  # the list is cut: said at the top, not only after its last entry
            title += f" (the first {LISTED:,} listed; / filters them all)"
        return Content.styled(title, "bold $foreground")

    def options(self, matches: Matches, typed: str) -> list[Option]:
        """The entries of `matches` as options, and a last line saying how many more there are.

        No widget is touched: the filter's worker builds them off the event loop. Options carry
        no id: an option is its row, `shown` says which note it is.
        """
        made = [Option(self.prompt(self.entries[place])) for place in matches.first]
        more = matches.total - len(matches.first)
        filtering = bool(folded(typed))
        if more:
            how = "type more to narrow the filter" if filtering else "/ filters them all"
            made.append(Option(Content.styled(f"and {more:,} more: {how}", "italic $text-muted"), disabled=True))
        elif filtering and not matches.first:
            made.append(Option(Content.styled("No note holds that.", "italic $text-muted"), disabled=True))
        return made

    def prompt(self, placed: Placed) -> Content:
        return note_prompt(placed, self.titles.get(placed.found.section, "") if placed.found else "")

    def action_filter(self) -> None:
        self.query_one("#notes-filter", Input).focus()

    def action_escape(self) -> None:
        """A filter typed is cleared first, the list kept (a new user lost the list to escape); then it closes."""
        typed = self.query_one("#notes-filter", Input)
        if typed.value:
            typed.value = ""
            self.query_one(OptionList).focus()
        else:
            self.dismiss(None)

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        if not self.shown:
            return
        current = options.highlighted if options.highlighted is not None else -step
        options.highlighted = min(max(current + step, 0), len(self.shown) - 1)

    def highlighted(self) -> int | None:
        """The place in `entries` of the note highlighted, if one is."""
        row = self.query_one(OptionList).highlighted
        return self.shown[row] if row is not None and row < len(self.shown) else None

    def action_go(self) -> None:
        if (place := self.highlighted()) is not None:
            self.dismiss(self.entries[place])

    @on(Input.Changed, "#notes-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.look_for(event.value, self.version)

    @on(Input.Submitted, "#notes-filter")
    def filter_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter goes to the note highlighted in the list, as enter in the list does."""
        event.stop()
        if folded(event.value) != self.listed_for:
            return  # its search is still on its way: the list shows an older filter's notes
        self.action_go()

    @work(thread=True, exclusive=True, group="notes-filter", exit_on_error=False, description="filter the notes")
    def look_for(self, typed: str, version: int) -> None:
        """Find the notes `typed` lets through, and build their entries, off the event loop.

        Each key typed (or change made) starts a new search and the one before stops where it is (exclusive).
        """
        worker = get_current_worker()
        matches = first_matches(self.entries, typed, LISTED, lambda: worker.is_cancelled or self.version != version)
        if matches is None:
            return
        options = self.options(matches, typed)
        if not worker.is_cancelled:
            self.app.call_from_thread(self.show_matches, typed, matches, options, version)

    def show_matches(self, typed: str, matches: Matches, options: list[Option], version: int = 0) -> None:
        if not self.is_attached or self.query_one("#notes-filter", Input).value != typed or version != self.version:
            return  # closed meanwhile, or a key typed or a note changed since: its own search is on its way
        self.shown = matches.first
        self.listed_for = folded(typed)
        self.matching = matches.total if folded(typed) else None
        listed = self.query_one(OptionList)
        listed.clear_options()
        listed.add_options(options)
        listed.highlighted = self.row_to_keep() if self.shown else None
        self.keep = None
        self.query_one("#notes-title", Static).update(self.title_line())

    def row_to_keep(self) -> int:
        """After a change: the row of the note kept, else the row it was at (or the last); else the first."""
        if self.keep is None:
            return 0
        kept, row = self.keep
        found = next((n for n, place in enumerate(self.shown) if self.entries[place].annotation.id == kept), None)
        return found if found is not None else min(row, len(self.shown) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.shown):
            self.dismiss(self.entries[self.shown[event.option_index]])

    def entries_changed(self, keep: str, row: int) -> None:
        """`entries` changed (an edit, a deletion, an undo): list them again, the note `keep`
        (else the row `row`) highlighted; and the reader told."""
        self.version += 1
        self.lost = sum(1 for placed in self.entries if placed.found is None)
        self.changed()
        if self.is_attached:
            self.keep = (keep, row)
            self.look_for(self.query_one("#notes-filter", Input).value, self.version)

    def shift(self, place: int, by: int) -> None:
        """An entry taken out of `entries` at `place` (`by` -1) or put in there (1): the rows listed
        still name the notes they show until the list is built again (its row goes at once)."""
        if by < 0:
            if place in self.shown and self.is_attached:
                self.query_one(OptionList).remove_option_at_index(self.shown.index(place))
            self.shown = [p - (p > place) for p in self.shown if p != place]
        else:
            self.shown = [p + (p >= place) for p in self.shown]

    def action_edit(self) -> None:
        """Edit the note highlighted in the note editor (as `a` in the reader); the list shows it saved."""
        place = self.highlighted()
        if place is None:
            self.notify("No note highlighted.", severity="warning")
            return
        if (why := self.notes.unwritable) is not None:  # not an editor whose typing cannot be kept
            self.notify(f"Notes cannot be saved: {why}.", severity="warning", markup=False)
            return
        from tui.screens.note_editor import NoteEditor

        self.app.push_screen(NoteEditor(self.entries[place].annotation, self.notes), self.note_saved)

    def note_saved(self, saved: Annotation | None) -> None:
        if saved is None:
            return
        self.held.saved(saved)
        place = next((n for n, placed in enumerate(self.entries) if placed.annotation.id == saved.id), None)
        if place is not None:  # its place kept, as the reader keeps it
            self.entries[place] = Placed(saved, self.entries[place].found)
        row = self.query_one(OptionList).highlighted or 0
        self.entries_changed(saved.id, row)
        if self.notes.restored_elsewhere(saved.id):
            self.notify("Note restored: it had been deleted elsewhere.", severity="warning", timeout=6)
        else:
            self.notify("Note saved.", timeout=2)

    def action_delete(self) -> None:
        """Delete the note highlighted: gone from the list at once, back if the store cannot delete it."""
        place = self.highlighted()
        if place is None:
            self.notify("No note highlighted.", severity="warning")
            return
        row = self.query_one(OptionList).highlighted or 0
        placed = self.entries.pop(place)
        self.shift(place, -1)
        self.held.take(placed.annotation.id)
        self.entries_changed("", row)

        def failed(error: StoreError) -> None:
            self.entries.insert(min(place, len(self.entries)), placed)
            self.shift(place, 1)
            self.held.not_deleted(placed)
            self.entries_changed(placed.annotation.id, row)
            self.notify(f"Not deleted: {error}. The note is kept.", severity="error", markup=False)

        call = partial(self.notes.delete, placed.annotation.id)
        in_store(self, call, lambda _: self.deleted(placed, place), failed, group="notes-list")

    def deleted(self, placed: Placed, place: int) -> None:
        # Taken again: the reader may have read the notes meanwhile (the list closed before the store answered).
        self.held.take(placed.annotation.id)
        self.held.deleted(placed)  # the reader's `u` brings it back too, once the list is closed
        self.changed()
        self.undo.append((placed, place))
        what = "Note" if placed.annotation.note else "Highlight"
        self.notify(f"{what} deleted: u brings it back, here or in the reader.", timeout=4)

    def action_undo(self) -> None:
        """Bring back the note deleted here last (the reader's `u` brings back those deleted there)."""
        if not self.undo:
            self.notify("Nothing deleted here to undo.", severity="warning")
            return
        placed, place = self.undo.pop()
        self.held.undone_elsewhere(placed.annotation.id)

        def failed(error: StoreError) -> None:
            if isinstance(error, NotRestored):  # another instance had the later word: nothing to try again
                self.notify(f"Not undone: {error}.", severity="warning", markup=False)
                return
            self.undo.append((placed, place))
            self.held.deleted(placed)
            self.notify(f"Not undone: {error}. u tries again.", severity="error", markup=False)

        call = partial(self.notes.restore, placed.annotation.id)
        in_store(self, call, lambda back: self.restored(Placed(back, placed.found), place), failed, group="notes-list")

    def restored(self, placed: Placed, place: int) -> None:
        # Its place in the text as when it was deleted: the text has not changed while the list is open.
        self.entries.insert(min(place, len(self.entries)), placed)
        self.shift(place, 1)
        self.held.add(placed)
        self.entries_changed(placed.annotation.id, 0)
        self.notify("Note brought back.", timeout=3)


def key_line(bindings: list[BindingType]) -> str:
    """The modal's keys, from its bindings, and enter, which the list and the filter answer as g."""
    said = []
    for binding in bindings:
        if isinstance(binding, Binding):
            keys = " ".join(_KEY_SHOWN.get(key.strip(), key.strip()) for key in binding.key.split(","))
            if binding.id == "notes.go":
                keys = f"enter {keys}"
            said.append(f"{keys}: {binding.description}")
    return "   ".join(said)


_KEY_SHOWN = {"slash": "/", "down": "↓", "up": "↑"}
