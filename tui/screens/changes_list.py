"""The changes since the last reading (`D` in the reader): claims first, then sections and paragraphs; enter
goes to one, `R` marks everything read."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.reading.change_list import Entry, Target
from tui.screens.numbered_choice import more_option
from tui.widgets.key_bar import KeyBar

_SIGN_STYLES = {"+": "bold $text-success", "*": "bold $text-warning", "-": "bold $text-error", ">": "bold $text-accent"}


def entry_prompt(entry: Entry) -> Content:
    """One line: its sign, what it is about (brief text: never markup), what changed."""
    return Content.assemble(
        (entry.sign, _SIGN_STYLES.get(entry.sign, "bold")),
        " ",
        Content(entry.about).stylize("bold"),
        ": ",
        Content(entry.said),
        ("" if entry.target is not None else "  (gone)", "italic $text-muted"),
    )


class ChangesList(ModalScreen[Target | Literal["read"] | None]):
    """Every change since the last reading, or why there are none; it closes with where to go."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,D", "dismiss(None)", "Close", id="changes.close"),
        Binding("R", "mark_read", "Mark all read", id="changes.list.read"),
        Binding("j", "cursor(1)", "Next", show=False, id="changes.list.next"),
        Binding("k", "cursor(-1)", "Previous", show=False, id="changes.list.previous"),
    ]

    AUTO_FOCUS = "#changes-list"

    def __init__(self, listed: list[Entry], more: int, nothing: str, since: str) -> None:
        """`listed`: the lines, `more` not listed; `nothing`: why there are none, if none; `since`: the day
        of the version last read."""
        super().__init__()
        self.listed = listed
        self.more = more
        self.nothing = nothing
        self.since = since

    def compose(self) -> ComposeResult:
        with Vertical(id="changes-box"):
            if not self.listed:
                yield Static(Content(self.nothing), id="changes-title", markup=False)
            else:
                count = len(self.listed) + self.more
                heading = f"{count:,} change{'s' * (count != 1)} since you last read it on {self.since}"
                yield Static(Content.styled(heading + ": enter goes to one", "bold"), id="changes-title")
                options = [Option(entry_prompt(entry)) for entry in self.listed]
                if self.more:
                    options.append(more_option(self.more))
                yield OptionList(*options, id="changes-list")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.listed:
            self.query_one(OptionList).highlighted = 0

    def action_cursor(self, step: int) -> None:
        if not self.listed:
            return
        options = self.query_one(OptionList)
        options.highlighted = min(max((options.highlighted or 0) + step, 0), len(self.listed) - 1)

    def action_mark_read(self) -> None:
        self.dismiss("read")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index >= len(self.listed):
            return
        target = self.listed[event.option_index].target
        if target is None:
            self.notify("It is gone from this version: nothing to go to", timeout=3)
            return
        self.dismiss(target)
