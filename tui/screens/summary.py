"""The whole bottom line up front, in a dialog that scrolls: what the banner above the columns cuts."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.core.brief.model import Section
from tui.core.reading.lens import Lens
from tui.widgets.key_bar import KeyBar
from tui.widgets.lens_panel import here_lines, legend
from tui.widgets.section_view import SectionView

SUMMARY_LENS_ROWS = 4  # of #summary-lens (max-height 6): its rule and the legend above them


class SummaryScreen(ModalScreen[None]):
    """The bottom line up front whole, read like a column (j, k, space), its highlights drawn.

    A dialog rather than a taller banner: a bottom line can be pages long, and a banner
    grown to hold it would push the columns off a 24-line terminal; Escape comes back to
    the columns as they were.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,B", "dismiss", "Close", id="summary.close"),
    ]

    def __init__(
        self,
        section: Section,
        markers: dict[int, str],
        notes: list[tuple[int, int, str, bool]],
        lens: Lens | None = None,
    ) -> None:
        """`lens`: the evidence lens, when it is on in the reader: the bottom line's marks, and under it
        what the sentence under the cursor rests on, with its warnings."""
        super().__init__()
        self.section = section
        self.markers = markers
        self.notes = notes
        self.lens = lens

    def compose(self) -> ComposeResult:
        with Vertical(id="summary-box"):
            yield Static(self.section.title, classes="column-title", markup=False)
            yield SectionView(self.section, self.markers, id="summary-view")
            yield Static(id="summary-lens", markup=False)
        yield KeyBar()  # its own keys, over the reader's

    def on_mount(self) -> None:
        view = self.query_one(SectionView)
        view.show_notes(self.notes)
        view.set_lens(self.lens)
        view.focus()
        self.show_lens_here()
        self.call_after_refresh(self.show_lens_here)  # laid out: the legend's form for the panel's width

    @on(SectionView.CursorMoved)
    def show_lens_here(self) -> None:
        """Under the text, with the lens on: its legend, what the sentence under the cursor rests on, its warnings."""
        panel = self.query_one("#summary-lens", Static)
        view = self.query_one(SectionView)
        panel.display = self.lens is not None
        if self.lens is None:
            return
        sentence = view.current
        here = self.lens.footing(view.section, sentence) if sentence is not None else None
        room = panel.content_region.width or self.size.width - 4
        parts = [legend(self.lens, here, room)]
        if sentence is not None:  # the panel's lines under its rule and the legend: it does not scroll
            parts += [Content("\n"), here_lines(self.lens, view.section, sentence, room, SUMMARY_LENS_ROWS)]
        panel.update(Content.assemble(*parts))

    async def action_dismiss(self, result: None = None) -> None:  # noqa: ARG002
        self.dismiss()
