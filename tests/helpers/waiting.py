"""Wait for a condition in a Pilot test instead of pausing a fixed time: fast when idle, patient when loaded."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

PATIENCE = 20.0  # seconds: a guard against a hang, far beyond what a busy shared machine needs
STEP = 0.01  # seconds between two looks: short, so a test waits little more than the app does


async def until(pilot: Pilot[Any], condition: Callable[[], object], timeout: float = PATIENCE) -> None:
    """Let the app run until `condition()` is true; fail (naming the condition) after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout} s: {getattr(condition, '__name__', condition)}")
        await pilot.pause(STEP)


def palette_settled(app: App[Any]) -> Callable[[], bool]:
    """A condition: the command palette is open, done searching what was typed, and a hit is highlighted."""

    def palette_settled() -> bool:
        palette = app.screen
        if not isinstance(palette, CommandPalette):
            return False
        searching = [worker for worker in app.workers if worker.node is palette and not worker.is_finished]
        return not searching and palette.query_one(CommandList).highlighted is not None

    return palette_settled
