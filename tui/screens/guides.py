"""The guides shipped with the app, listed with their summaries; enter closes with the one to read."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.guides import Guide
from tui.widgets.key_bar import KeyBar


def guide_prompt(guide: Guide) -> Content:
    """The guide's title and its summary below (our own text, still never read as markup)."""
    return Content.assemble((guide.title, "bold"), "\n", Content.styled(guide.summary, "$text-muted"))


class GuidesList(ModalScreen[Path | None]):
    """Choose a guide: it closes with the guide's file, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,g", "dismiss(None)", "Close", id="guides.close"),
        Binding("j", "cursor(1)", "Next guide", show=False, id="guides.next"),
        Binding("k", "cursor(-1)", "Previous guide", show=False, id="guides.previous"),
    ]

    def __init__(self, guides: list[Guide]) -> None:
        super().__init__()
        self.guides = guides

    def compose(self) -> ComposeResult:
        with Vertical(id="guides-box"):
            yield Static(Content.styled("Guides: enter reads one in the reader", "bold $foreground"), markup=False)
            options = [Option(guide_prompt(guide), id=guide.name) for guide in self.guides]
            yield OptionList(*options, id="guides-list")
        yield KeyBar()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = min(max(current + step, 0), options.option_count - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.guides[event.option_index].path)
