"""A yes/no question in a modal; it returns the answer, the caller acts on it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.core.display.excerpt import shortened
from tui.widgets.key_bar import KeyBar


class ConfirmScreen(ModalScreen[bool]):
    """Ask before doing something that leaves the app (opening a browser)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str) -> None:
        super().__init__()
        self.question = question
        self.detail = shortened(detail)  # a quote or a link can be megabytes long

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(Content.styled(self.question, "bold"), markup=False)
            yield Static(Content(self.detail), id="confirm-detail", markup=False)
        yield KeyBar()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
