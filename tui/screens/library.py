"""The library: every brief with its title, date, source and claims; a brief that fails shows why."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tui.core.library import READ_BUDGET, Entry, entry, expand, read_each
from tui.core.loader import BriefLoader, open_brief
from tui.core.notes import Notes
from tui.core.problems import BriefError
from tui.core.store import StoreError
from tui.core.visible import one_line
from tui.screens.reader import ReaderScreen

SHOW_EVERY = 0.1  # seconds between two refills of the list while briefs are read


def entry_prompt(entry: Entry) -> Content:
    """Two lines per brief; file text only ever as plain Content."""
    if entry.reading:
        second = Content.styled("still being read…", "italic $text-warning")
    elif entry.error:
        second = Content.assemble(("cannot be read: ", "bold $error"), Content(entry.error))
    else:
        notes = f"{entry.notes} note{'s' * (entry.notes != 1)}" if entry.notes else ""
        at = f"at {entry.at}" if entry.at else ""
        parts = (entry.date, "; ".join(entry.sources), f"{entry.claims} claims", notes, at)
        facts = " · ".join(part for part in parts if part)
        second = Content.styled(facts, "$text-muted")
    return Content.assemble(
        (entry.title, "bold"), "\n", second, "\n", (one_line(str(entry.path)), "$text-muted italic")
    )


class LibraryScreen(Screen[None]):
    """Choose a brief to read."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="library.open", show=True),
        Binding("slash", "filter", "Filter", id="library.filter"),
        Binding("r", "rescan", "Rescan", id="library.rescan"),
        Binding("j", "cursor(1)", "Next brief", show=False, id="library.next"),
        Binding("k", "cursor(-1)", "Previous brief", show=False, id="library.previous"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="library.filter.clear"),
    ]

    def __init__(
        self,
        paths: list[Path],
        notes: Notes | None = None,
        *,
        read: Callable[[Path], Entry] = entry,
        budget: float = READ_BUDGET,
    ) -> None:
        """List the briefs in `paths`, each read with `read` and waited for `budget` seconds at most."""
        super().__init__()
        self.paths = paths
        self.notes = notes or Notes(None)
        self.read_entry = read
        self.budget = budget
        self.refilled_at = 0.0  # when the list was last refilled (time.monotonic())
        self.refill_timer: Timer | None = None
        self.scanned = False  # whether every brief has been read (the slow ones too)
        self.entries: list[Entry] = []
        self.shown: list[Entry] = []  # the entries the filter lets through, as listed

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("Library", "bold $accent"), id="library-title")
        yield Input(placeholder="filter by title, source or tag", id="library-filter")
        yield OptionList(id="library-list")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#library-filter", Input).display = False
        self.query_one("#library-list", OptionList).focus()
        self.rescan()

    class Read(Message):
        """From the scan's thread: the entries read so far, in the library's order; `done`: all of them."""

        def __init__(self, entries: list[Entry], done: bool = False) -> None:
            super().__init__()
            self.entries = entries
            self.done = done

    @work(thread=True, exclusive=True, group="scan", exit_on_error=False)
    def rescan(self) -> None:
        """Read every brief off the event loop; the list fills in as they are read (see read_each)."""
        worker = get_current_worker()
        paths = list(expand(self.paths))
        entries: list[Entry | None] = [None] * len(paths)
        reads = read_each(paths, budget=self.budget, read=self.read_entry, cancelled=lambda: worker.is_cancelled)
        for index, item in reads:
            entries[index] = item
            if not item.reading:
                # Without a store the library still lists the briefs; the reader says why notes cannot be kept.
                with contextlib.suppress(StoreError):
                    entries[index] = self.notes.with_notes([item])[0]
            if worker.is_cancelled:
                return
            self.post_message(self.Read([e for e in entries if e is not None]))  # thread-safe, and does not wait
        if not worker.is_cancelled:
            self.post_message(self.Read([e for e in entries if e is not None], done=True))

    @on(Read)
    def read_more(self, message: Read) -> None:
        """Keep what was read; the list is refilled at most every SHOW_EVERY seconds (at once the first time)."""
        self.entries = message.entries
        self.scanned = message.done
        if message.done:
            self.refill()
        elif self.refill_timer is None:
            wait = self.refilled_at + SHOW_EVERY - time.monotonic()
            if wait <= 0:
                self.refill()
            else:
                self.refill_timer = self.set_timer(wait, self.refill)

    def show_entries(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.refill()

    def refill(self) -> None:
        self.refilled_at = time.monotonic()
        if self.refill_timer is not None:
            self.refill_timer.stop()
            self.refill_timer = None
        query = self.query_one("#library-filter", Input).value
        options = self.query_one("#library-list", OptionList)
        # The list is refilled as briefs are read: the highlight stays on the brief it was on.
        was = self.shown[options.highlighted].path if options.highlighted is not None and self.shown else None
        options.clear_options()
        shown = [e for e in self.entries if e.matches(query)]
        options.add_options([Option(entry_prompt(e), id=str(index)) for index, e in enumerate(shown)])
        self.shown = shown
        if shown:
            options.highlighted = next((n for n, e in enumerate(shown) if e.path == was), 0)
        total = len(self.entries)
        count = f"{len(shown)} of {total}" if query else str(total)
        reading = sum(1 for e in self.entries if e.reading)
        still = f" ({reading} still being read)" if reading else ""
        title = f"Library: {count} brief{'s' * (total != 1)}{still}"
        self.query_one("#library-title", Static).update(Content.styled(title, "bold $accent"))

    def action_rescan(self) -> None:
        self.scanned = False
        self.rescan()
        self.notify("Rescanning the library...", timeout=1.5)

    def action_filter(self) -> None:
        field = self.query_one("#library-filter", Input)
        field.display = True
        field.focus()

    def action_clear_filter(self) -> None:
        field = self.query_one("#library-filter", Input)
        field.value = ""
        field.display = False
        self.query_one("#library-list", OptionList).focus()

    def action_cursor(self, step: int) -> None:
        options = self.query_one("#library-list", OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = min(max(current + step, 0), options.option_count - 1)

    @on(Input.Changed, "#library-filter")
    def filter_changed(self) -> None:
        self.refill()

    @on(Input.Submitted, "#library-filter")
    def filter_done(self) -> None:
        self.query_one("#library-list", OptionList).focus()

    @on(OptionList.OptionSelected, "#library-list")
    def selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        options = self.query_one("#library-list", OptionList)
        if options.highlighted is None or not self.shown:
            return
        chosen = self.shown[options.highlighted]
        if chosen.reading:
            self.notify(f"{chosen.title} is still being read: it can be opened once it is listed.", markup=False)
            return
        if chosen.error:
            self.notify(f"{chosen.title}: {chosen.error}", severity="error", markup=False)
            return
        self.open_brief(chosen.path)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def open_brief(self, path: Path) -> None:
        """Read the brief's outline off the event loop, then show it in the reader (which loads the rest)."""
        try:
            loader = open_brief(path)
        except BriefError as exc:
            self.app.call_from_thread(self.notify, exc.problem.message, severity="error", markup=False)
            return
        self.app.call_from_thread(self.read, loader)

    def read(self, loader: BriefLoader) -> None:
        """Show the brief in the reader (on the event loop: screens are made there)."""
        self.app.push_screen(ReaderScreen(loader, self.notes))
