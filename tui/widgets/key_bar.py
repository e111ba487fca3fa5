"""The key bar: the screen's keys that fit on one line, whole, in their declared order, and always the help key.

Textual's Footer cut the last key mid-word at 80 columns (or scrolled it away) and never
said how to see the others; here a key that does not fit is left out whole, and the help
key is kept at the right, so that every key can be found at any width.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, NamedTuple

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.keys import key_to_character
from textual.screen import Screen
from textual.widget import Widget

# The help key, bound by the app; the bar finds it in any screen, a modal's too (whose own bindings
# stop at itself). Priority: it works in modals; a text field still gets `?` as a character
# (Textual leaves out the keys a focused field takes), f1 works everywhere.
HELP = Binding("question_mark,f1", "help", "Help", id="app.help", priority=True)
GAP = 2  # spaces between two keys
KEY_STYLE = "bold $foreground"
DESCRIPTION_STYLE = "$foreground-muted"


class Shown(NamedTuple):
    """One key as the bar shows it."""

    key: str  # the key pressed when it is clicked
    label: Content
    enabled: bool


def fitting(widths: list[int], room: int, gap: int = GAP) -> int:
    """How many of the first entries of `widths` fit in `room` cells, `gap` between two, none cut."""
    used = 0
    for count, width in enumerate(widths):
        used += width + (gap if count else 0)
        if used > room:
            return count
    return len(widths)


class KeyBar(Widget, can_focus=False):
    """One line at the bottom of a screen: its shown keys, the help key at the right."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.spans: list[tuple[int, int, str]] = []  # (start, end, key) of each key drawn, for clicks

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def label(self, key: str, description: str, enabled: bool = True) -> Content:
        # The key bright and bold, its description quieter: no hue, as every hue on screen is a
        # claim status's or a highlight's (the keys were the theme's orange, as "claimed" was).
        style = KEY_STYLE if enabled else "bold $text-disabled"
        return Content.assemble(
            (key, style), " ", Content.styled(description, DESCRIPTION_STYLE if enabled else "$text-disabled")
        )

    def entries(self) -> list[Shown]:
        """The screen's shown keys, one per action, in the order of its active bindings (the focused
        widget's first, then its parents', the screen's, the app's); the help key left out."""
        shown: list[Shown] = []
        seen: set[tuple[int, str]] = set()
        for key, (node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if not binding.show or binding.action == HELP.action:
                continue
            if (id(node), binding.action) in seen:  # "h,left": one entry, the first key
                continue
            seen.add((id(node), binding.action))
            label = self.label(self.app.get_key_display(binding), binding.description, enabled)
            shown.append(Shown(key, label, enabled))
        return shown

    def help_entry(self) -> Shown | None:
        """The help key that works here (`f1` in a text field, where `?` is typed), or None in the help itself."""
        if not self.app.check_action("help", ()):
            return None
        focused = self.screen.focused
        for key in HELP.key.split(","):
            if focused is None or not focused.check_consume_key(key, key_to_character(key)):
                display = self.app.get_key_display(replace(HELP, key=key))
                return Shown(key, self.label(display, HELP.description), True)
        return None

    def render(self) -> Content:
        width = self.size.width
        help_entry = self.help_entry()
        entries = self.entries()
        right = help_entry.label.cell_length + 2 if help_entry else 1  # a space either side of help
        room = width - 1 - right - (GAP if help_entry else 0)  # a space at the left
        count = fitting([entry.label.cell_length for entry in entries], room)
        parts: list[Content | str] = [" "]
        self.spans = []
        at = 1
        for number, entry in enumerate(entries[:count]):
            if number:
                parts.append(" " * GAP)
                at += GAP
            parts.append(entry.label)
            self.spans.append((at, at + entry.label.cell_length, entry.key))
            at += entry.label.cell_length
        if help_entry is not None:
            start = max(at, width - right + 1)
            parts.append(" " * (start - at))
            parts.append(help_entry.label)
            self.spans.append((start, start + help_entry.label.cell_length, help_entry.key))
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it, as Textual's footer did."""
        for start, end, key in self.spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
