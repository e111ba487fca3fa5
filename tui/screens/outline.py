"""The outline (`t`): every section of the brief in order, with its claims and notes; enter shows one."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.core.reading.contents import Contents, columns
from tui.widgets.contents_list import ContentsList
from tui.widgets.key_bar import KeyBar

# The box's lines besides the list's rows: its border (2), the title, the legend, the space and the heading
# above the list, the keys below.
AROUND_THE_LIST = 7
TALLEST = 0.9  # of the screen's height, at most


class OutlineScreen(ModalScreen[int | None]):
    """Choose a section: it closes with its place in reading order (0: the bottom line up front), or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,t", "dismiss(None)", "Close", id="outline.close"),
        Binding("enter", "choose", "Show it in the column", id="outline.choose"),
        Binding("j,down", "move(1)", "Next section", show=False, id="outline.next"),
        Binding("k,up", "move(-1)", "Previous section", show=False, id="outline.previous"),
        Binding("g,home", "first", "First section", show=False, id="outline.first"),
        Binding("G,end", "last", "Last section", show=False, id="outline.last"),
        Binding("space,pagedown", "page(1)", "Page down", show=False, id="outline.page.down"),
        Binding("b,pageup", "page(-1)", "Page up", show=False, id="outline.page.up"),
    ]

    def __init__(self, contents: Contents) -> None:
        super().__init__()
        self.contents = contents

    def compose(self) -> ComposeResult:
        contents = self.contents
        # A file with no `##` is one section, its text, which the outline lists: not "0 sections".
        sections = contents.loader.section_count or len(contents)
        loading = "" if contents.loader.outline.complete else " so far (the brief is still loading)"
        title = f"Outline: {sections:,} section{'s' * (sections != 1)}{loading}"
        with Vertical(id="outline-box"):
            yield Static(Content.styled(title, "bold $foreground"), id="outline-title", markup=False)
            legend = "▶ the cursor is in it  • shown in a column  … not known yet"
            yield Static(Content.styled(legend, "$text-muted"), id="outline-legend", markup=False)
            heading = columns(None, contents.digits) + "Section"
            yield Static(Content.styled(heading, "bold"), id="outline-heading", markup=False)
            yield ContentsList(contents, id="outline-list")
            keys = "j/k move · enter shows it in the column · escape closes"
            yield Static(Content.styled(keys, "$text-muted"), id="outline-keys", markup=False)
        yield KeyBar()  # its own keys, over the reader's

    def on_mount(self) -> None:
        listed = self.query_one(ContentsList)
        here = self.contents.here
        listed.selected = self.contents.row_of(here) if here is not None else 0
        listed.focus()
        self.call_after_refresh(listed.show_selected)  # laid out: the row is brought into view

    def on_resize(self, event: events.Resize) -> None:
        # As tall as its rows, at most most of the screen, the list scrolling in it: in CSS, a list of
        # height auto overflowed the box at 80x24 (its last rows and the keys cut off), and one of 1fr
        # made a box of five sections fill the screen.
        tallest = max(AROUND_THE_LIST + 1, int(event.size.height * TALLEST))
        self.query_one("#outline-box").styles.height = min(len(self.contents) + AROUND_THE_LIST, tallest)

    def action_move(self, step: int) -> None:
        self.query_one(ContentsList).move(step)

    def action_first(self) -> None:
        self.query_one(ContentsList).move(-len(self.contents))

    def action_last(self) -> None:
        self.query_one(ContentsList).move(len(self.contents))

    def action_page(self, step: int) -> None:
        self.query_one(ContentsList).page(step)

    def action_choose(self) -> None:
        listed = self.query_one(ContentsList)
        if len(self.contents):
            self.dismiss(self.contents.order(listed.selected))

    @on(ContentsList.Chosen)
    def chosen(self, event: ContentsList.Chosen) -> None:
        self.dismiss(event.order)
