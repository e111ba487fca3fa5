"""Help: every key of the screen it was opened from, generated from that screen's active bindings."""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static


class BoundAction(NamedTuple):
    """One action of a screen and every key that runs it."""

    keys: list[str]
    description: str
    node: DOMNode  # where the binding is declared: the action runs there
    action: str


def bound_actions(active: dict[str, ActiveBinding]) -> list[BoundAction]:
    """The described actions of a screen's active bindings; keys for the same action on the same widget share one."""
    found: dict[tuple[int, str], BoundAction] = {}
    for key, (node, binding, _enabled, _tooltip) in active.items():
        if binding.description:
            fresh = BoundAction([], binding.description, node, binding.action)
            found.setdefault((id(node), binding.action), fresh).keys.append(key)
    return list(found.values())


def key_table(active: dict[str, ActiveBinding], display: dict[str, str]) -> list[tuple[str, str]]:
    """(keys, description) rows, one per action; `display` maps a key to how it is shown ("question_mark" as "?")."""
    # A letter before the named keys it doubles ("j / ↓", not "↓ / j").
    return [
        (" / ".join(display.get(key, key) for key in sorted(entry.keys, key=lambda k: len(k) > 1)), entry.description)
        for entry in bound_actions(active)
    ]


class HelpScreen(ModalScreen[None]):
    """Every key of the screen underneath, with what it does."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help.close"),
    ]

    def __init__(self, title: str, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.heading = title
        self.rows = rows

    def compose(self) -> ComposeResult:
        width = max((len(keys) for keys, _ in self.rows), default=0) + 2
        lines: list[str | Content | tuple[str, str]] = [(f"Keys: {self.heading}\n\n", "bold $accent")]
        for keys, description in self.rows:
            lines += [(keys.ljust(width), "bold $accent"), Content(description), "\n"]
        lines.append(("\nescape closes this help", "$text-muted"))
        with VerticalScroll(id="help-box"):
            yield Static(Content.assemble(*lines), markup=False)
