"""Writes of the reading position from threads and at close, kept in order: the newest one lands last."""

from __future__ import annotations

import threading
from collections.abc import Callable

from tui.core.reading.state import State


class LastWriteWins:
    """Hands each position to a writer; a write found older than one handed out since stands down.

    A save started in a thread a moment before the reader closed could land after the closing
    write (an older position over the newer), or after the next reader had read the store.
    """

    def __init__(self, write: Callable[[State], None]) -> None:
        self.write = write
        self.lock = threading.Lock()
        self.latest = 0  # the number of the last position handed out
        self.pending: State | None = None  # handed to a thread, not written yet

    def start(self, state: State) -> Callable[[], None]:
        """The write of `state`, for a thread: it writes only if no newer position was handed out."""
        self.latest += 1
        number, self.pending = self.latest, state

        def write() -> None:
            with self.lock:
                if number == self.latest:
                    self.write(state)
                    self.pending = None

        return write

    def finish(self, state: State | None) -> None:
        """At close, on the caller's thread: write `state`, or the one a thread has not written yet."""
        with self.lock:  # a write already running finishes first; one not started yet then stands down
            state = state if state is not None else self.pending
            self.latest += 1
            self.pending = None
            if state is not None:
                self.write(state)
