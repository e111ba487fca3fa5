"""Every note of a brief in reading order, then those that lost their place; a filter; enter goes to one."""

from __future__ import annotations

import re
from collections.abc import Callable
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
from tui.core.notes.access import Placed
from tui.core.notes.anchoring import How
from tui.core.notes.finding import Matches, first_matches, folded
from tui.core.outside.visible import visible
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
    through all of them, off the event loop, and shows its first LISTED matches.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,A", "dismiss(None)", "close", id="notes.close"),
        Binding("slash", "filter", "filter by text, quote or tag", id="notes.filter"),
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
    ) -> None:
        """`order` sorts placed notes in reading order; `titles` names sections by id; `unreadable` says
        which notes of the store could not be read (and so are not listed), if any."""
        super().__init__()
        self.unreadable = unreadable
        found = sorted((p for p in placed if p.found is not None), key=order)
        lost = sorted((p for p in placed if p.found is None), key=lambda p: p.annotation.created)
        self.entries = found + lost
        self.titles = titles
        self.lost = len(lost)
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
            yield Input(placeholder="/ filters by text, quote or tag", id="notes-filter")
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
        return Content.styled(title, "bold $accent")

    def options(self, matches: Matches, typed: str) -> list[Option]:
        """The entries of `matches` as options, and a last line saying how many more there are.

        No widget is touched: the filter's worker builds them off the event loop.
        """
        made = [Option(self.prompt(self.entries[place]), id=str(place)) for place in matches.first]
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

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        if not self.shown:
            return
        current = options.highlighted if options.highlighted is not None else -step
        options.highlighted = min(max(current + step, 0), len(self.shown) - 1)

    @on(Input.Changed, "#notes-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.look_for(event.value)

    @on(Input.Submitted, "#notes-filter")
    def filter_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter goes to the note highlighted in the list, as enter in the list does."""
        event.stop()
        if folded(event.value) != self.listed_for:
            return  # its search is still on its way: the list shows an older filter's notes
        options = self.query_one(OptionList)
        if options.highlighted is not None and options.highlighted < len(self.shown):
            self.dismiss(self.entries[self.shown[options.highlighted]])

    @work(thread=True, exclusive=True, group="notes-filter", exit_on_error=False)
    def look_for(self, typed: str) -> None:
        """Find the notes `typed` lets through, and build their entries, off the event loop.

        Each key typed starts a new search and the one before stops where it is (exclusive).
        """
        worker = get_current_worker()
        matches = first_matches(self.entries, typed, LISTED, lambda: worker.is_cancelled)
        if matches is None:
            return
        options = self.options(matches, typed)
        if not worker.is_cancelled:
            self.app.call_from_thread(self.show_matches, typed, matches, options)

    def show_matches(self, typed: str, matches: Matches, options: list[Option]) -> None:
        if not self.is_attached or self.query_one("#notes-filter", Input).value != typed:
            return  # closed meanwhile, or a key typed since: its own search is on its way
        self.shown = matches.first
        self.listed_for = folded(typed)
        self.matching = matches.total if folded(typed) else None
        listed = self.query_one(OptionList)
        listed.clear_options()
        listed.add_options(options)
        listed.highlighted = 0 if self.shown else None
        self.query_one("#notes-title", Static).update(self.title_line())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(self.entries[int(event.option.id)])


def key_line(bindings: list[BindingType]) -> str:
    """The modal's keys, from its bindings, and enter, which the list and the filter answer."""
    said = ["enter: go to the note"]
    for binding in bindings:
        if isinstance(binding, Binding):
            keys = " ".join(_KEY_SHOWN.get(key.strip(), key.strip()) for key in binding.key.split(","))
            said.append(f"{keys}: {binding.description}")
    return "   ".join(said)


_KEY_SHOWN = {"slash": "/", "down": "↓", "up": "↑"}
