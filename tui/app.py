"""BriefingApp: picks the first screen; everything else lives in the screens."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from tui.core.model import Brief
from tui.screens.help import HelpScreen, key_table
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen


class BriefingApp(App[None]):
    """Read structured briefings with the keyboard."""

    CSS_PATH = "app.tcss"
    TITLE = "Briefing Reader"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("q", "go_back", "Back / quit", id="app.back"),
    ]

    def __init__(self, brief: Brief | None = None, library: list[Path] | None = None) -> None:
        """Open `brief` in the reader, or else the library of the briefs in `library`."""
        super().__init__()
        self.brief = brief
        self.library = library or []

    def on_mount(self) -> None:
        self.push_screen(ReaderScreen(self.brief) if self.brief else LibraryScreen(self.library))

    def action_go_back(self) -> None:
        """Back to the screen underneath (the library), or quit from the first screen."""
        if len(self.screen_stack) > 2:
            self.pop_screen()
        else:
            self.exit()

    def action_help(self) -> None:
        """Show every key of the current screen."""
        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        active = screen.active_bindings
        display = {key: self.get_key_display(item.binding) for key, item in active.items()}
        title = screen.__class__.__name__.removesuffix("Screen").lower()
        self.push_screen(HelpScreen(title, key_table(active, display)))
