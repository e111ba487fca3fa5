"""Help: every key of the screen it was opened from, generated from that screen's active bindings."""

from __future__ import annotations

import re
from typing import ClassVar, NamedTuple

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.widgets.key_bar import KeyBar

# Textual's own bindings that do nothing on our screens: nothing scrolls sideways there.
_IDLE_ACTIONS = {"scroll_left", "scroll_right", "page_left", "page_right"}
_SECTION_KEY = re.compile(r"Show section \d")
_DESCRIPTIONS = {"command_palette": "Command palette"}  # Textual's own, said as ours are


class BoundAction(NamedTuple):
    """One action of a screen and every key that runs it."""

    keys: list[str]
    description: str
    node: DOMNode  # where the binding is declared: the action runs there
    action: str
    ours: bool  # declared by this app (with an id), not by Textual


def bound_actions(active: dict[str, ActiveBinding]) -> list[BoundAction]:
    """The described actions of a screen's active bindings, ours first; keys for the same action on the
    same widget share one; Textual's that do nothing here are left out."""
    found: dict[tuple[int, str], BoundAction] = {}
    for key, (node, binding, _enabled, _tooltip) in active.items():
        if not binding.description or binding.action in _IDLE_ACTIONS:
            continue
        description = _DESCRIPTIONS.get(binding.action, binding.description)
        fresh = BoundAction([], description, node, binding.action, binding.id is not None)
        found.setdefault((id(node), binding.action), fresh).keys.append(key)
    return sorted(found.values(), key=lambda entry: not entry.ours)  # stable: each kind in its order


def key_table(active: dict[str, ActiveBinding], display: dict[str, str]) -> list[tuple[str, str]]:
    """(keys, description) rows, one per action; `display` maps a key to how it is shown ("question_mark" as "?").

    The nine keys that show a section are one row ("1-9"), not nine.
    """
    rows: list[tuple[str, str]] = []
    for entry in bound_actions(active):
        # A letter before the named keys it doubles ("j / ↓", not "↓ / j").
        keys = " / ".join(display.get(key, key) for key in sorted(entry.keys, key=lambda k: len(k) > 1))
        if _SECTION_KEY.fullmatch(entry.description):
            if rows and rows[-1][1] == "Show section N":
                rows[-1] = (f"1-{keys}", "Show section N")
                continue
            rows.append((keys, "Show section N"))
            continue
        rows.append((keys, entry.description))
    return rows


def screen_title(screen: DOMNode) -> str:
    """A screen's name as its help heads its keys: "NoteEditor" as "note editor", "ReaderScreen" as "reader"."""
    name = type(screen).__name__.removesuffix("Screen")
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()


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
        lines: list[str | Content | tuple[str, str]] = [(f"Keys: {self.heading}\n\n", "bold $foreground")]
        for keys, description in self.rows:
            lines += [(keys.ljust(width), "bold $foreground"), Content(description), "\n"]
        lines.append(("\nescape closes this help", "$text-muted"))
        with VerticalScroll(id="help-box"):
            yield Static(Content.assemble(*lines), markup=False)
        yield KeyBar()
