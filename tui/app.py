"""BriefingApp: picks the first screen; everything else lives in the screens."""

from __future__ import annotations

from textual.app import App

from tui.core.model import Brief
from tui.screens.reader import ReaderScreen


class BriefingApp(App[None]):
    """Read structured briefings with the keyboard."""

    CSS_PATH = "app.tcss"
    TITLE = "Briefing Reader"

    def __init__(self, brief: Brief) -> None:
        super().__init__()
        self.brief = brief

    def on_mount(self) -> None:
        self.push_screen(ReaderScreen(self.brief))
