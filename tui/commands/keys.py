"""Palette commands for every action of the current screen, generated from its key bindings."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tui.screens.help import BoundAction, bound_actions


class KeyCommands(Provider):
    """Each bound action ("Next sentence", "Filter by status"...) with its keys, runnable from the palette."""

    def _actions(self) -> Iterator[tuple[str, BoundAction]]:
        app = self.app
        active = self.screen.active_bindings
        for entry in bound_actions(active):
            if entry.action == "command_palette":
                continue
            keys = ", ".join(app.get_key_display(active[key].binding) for key in entry.keys)
            yield f"{entry.description} ({keys})", entry

    def _run(self, entry: BoundAction) -> Callable[[], Awaitable[bool]]:
        """Run the action where its binding is declared, as its key would."""
        return partial(self.app.run_action, entry.action, entry.node)

    async def discover(self) -> Hits:
        for text, entry in self._actions():
            yield DiscoveryHit(Content(text), self._run(entry), text=text)

    async def search(self, query: str) -> Hits:
        words = query.lower().split()
        for text, entry in self._actions():
            lowered = text.lower()
            if words and all(word in lowered for word in words):
                yield Hit(min(1.0, len(query) / len(text)), Content(text), self._run(entry), text=text)
