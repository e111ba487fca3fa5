"""The whole bottom line up front, in a dialog that scrolls: what the banner above the columns cuts."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.core.brief.model import Section
from tui.widgets.key_bar import KeyBar
from tui.widgets.section_view import SectionView


class SummaryScreen(ModalScreen[None]):
    """The bottom line up front whole, read like a column (j, k, space), its highlights drawn.

    A dialog rather than a taller banner: a bottom line can be pages long, and a banner
    grown to hold it would push the columns off a 24-line terminal; Escape comes back to
    the columns as they were.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,B", "dismiss", "Close", id="summary.close"),
    ]

    def __init__(self, section: Section, markers: dict[int, str], notes: list[tuple[int, int, str, bool]]) -> None:
        super().__init__()
        self.section = section
        self.markers = markers
        self.notes = notes

    def compose(self) -> ComposeResult:
        with Vertical(id="summary-box"):
            yield Static(self.section.title, classes="column-title", markup=False)
            yield SectionView(self.section, self.markers, id="summary-view")
        yield KeyBar()  # its own keys, over the reader's

    def on_mount(self) -> None:
        view = self.query_one(SectionView)
        view.show_notes(self.notes)
        view.focus()

    async def action_dismiss(self, result: None = None) -> None:  # noqa: ARG002
        self.dismiss()
