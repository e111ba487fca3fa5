"""The library: every brief with its title, date, source and claims; a brief that fails shows why."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.library import Entry, read_library
from tui.core.loader import BriefLoader, open_brief
from tui.core.notes import Notes
from tui.core.problems import BriefError
from tui.core.store import StoreError
from tui.core.visible import one_line
from tui.screens.reader import ReaderScreen


def entry_prompt(entry: Entry) -> Content:
    """Two lines per brief; file text only ever as plain Content."""
    if entry.error:
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

    def __init__(self, paths: list[Path], notes: Notes | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.notes = notes or Notes(None)
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

    @work(thread=True, exclusive=True, group="scan", exit_on_error=False)
    def rescan(self) -> None:
        """Read every brief off the event loop; the list fills in when done."""
        entries = read_library(self.paths)
        # Without a store the library still lists the briefs; the reader says why notes cannot be kept.
        with contextlib.suppress(StoreError):
            entries = self.notes.with_notes(entries)
        self.app.call_from_thread(self.show_entries, entries)

    def show_entries(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.refill()

    def refill(self) -> None:
        query = self.query_one("#library-filter", Input).value
        options = self.query_one("#library-list", OptionList)
        options.clear_options()
        shown = [e for e in self.entries if e.matches(query)]
        options.add_options([Option(entry_prompt(e), id=str(index)) for index, e in enumerate(shown)])
        self.shown = shown
        if shown:
            options.highlighted = 0
        total = len(self.entries)
        count = f"{len(shown)} of {total}" if query else str(total)
        title = f"Library: {count} brief{'s' * (total != 1)}"
        self.query_one("#library-title", Static).update(Content.styled(title, "bold $accent"))

    def action_rescan(self) -> None:
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
