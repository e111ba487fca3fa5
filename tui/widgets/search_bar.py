"""The search bar: a query typed at the bottom of the reader, and the match counter beside it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static


class SearchBar(Horizontal):
    """Incremental search: every keystroke searches; enter goes to the match, escape clears.

    After enter the bar stays, showing the query and "3/17", as vim and less keep it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Clear the search", id="search.cancel"),
    ]

    class Changed(Message):
        """The query changed."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class Submitted(Message):
        """Enter: go to the current match."""

    class Cancelled(Message):
        """Escape: clear the search."""

    def compose(self) -> ComposeResult:
        yield Static("/", id="search-prompt", markup=False)
        yield Input(id="search-input", placeholder="search the brief (a capital makes it case-sensitive)")
        yield Static(id="search-count", markup=False)

    def open(self) -> None:
        """Show the bar with the query selected, ready to type over."""
        self.display = True
        field = self.query_one(Input)
        # At once, not after the keys already queued (as focus() would): with the priority
        # binding of `/`, "/nato" typed or pasted in one go reaches the field.
        self.screen.set_focus(field)
        field.select_all()

    def count(self, current: int, total: int) -> None:
        """Show "3/17", or that nothing matched."""
        label = f"{current}/{total}" if total else "no match"
        self.query_one("#search-count", Static).update(
            Content.styled(label, "bold" if total else "bold $error"), layout=False
        )

    def more_than(self, limit: int) -> None:
        """Say that there are more than `limit` matches (while typing: enter counts them all)."""
        self.query_one("#search-count", Static).update(Content.styled(f"{limit}+ matches", "bold"), layout=False)

    def searching(self) -> None:
        """Say that the search is still running."""
        self.query_one("#search-count", Static).update(Content.styled("searching…", "italic $text-muted"), layout=False)

    def waiting(self) -> None:
        """Say that the search runs once the brief is loaded."""
        self.query_one("#search-count", Static).update(Content.styled("loading…", "italic $text-warning"), layout=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted())

    def action_cancel(self) -> None:
        self.query_one(Input).value = ""
        self.display = False
        self.post_message(self.Cancelled())
