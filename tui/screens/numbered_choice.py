"""A dialog of numbered choices (links, related claims): 1-9 or enter picks one, and it closes with its value."""

from __future__ import annotations

from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

NUMBERED = 9  # choices with a number key


def more_option(more: int) -> Option:
    """The line that counts the choices not listed."""
    return Option(Content.styled(f"and {more:,} more", "italic $text-muted"), disabled=True)


class NumberedChoice(ModalScreen[str | None]):
    """Moving and picking in the dialog's OptionList; a subclass lists `choices`, each (what is shown, the value)."""

    choices: list[tuple[str, str]]

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        current = options.highlighted or 0
        options.highlighted = min(max(current + step, 0), len(self.choices) - 1)

    def action_pick(self, number: int) -> None:
        if number <= len(self.choices):
            self.dismiss(self.choices[number - 1][1])
        else:
            self.app.bell()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.choices):
            self.dismiss(self.choices[event.option_index][1])
