"""The app run as a process in a pseudo-terminal on one brief, as kill and editor tests need it."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from tui.core.notes.store import Store

from ..conftest import REPO
from .terminal import Terminal

STARTED = 60.0  # seconds the app may take to show the brief on a loaded machine (a hang guard)


def reader_process(brief: Path, home: Path, data: Path, **extra: str) -> Terminal:
    """`briefing BRIEF` in a 140x40 pseudo-terminal, its home and data dir in the test's folders."""
    env = {**os.environ, "TERM": "xterm-256color", "BRIEFING_DATA_DIR": str(data), "HOME": str(home), **extra}
    return Terminal([sys.executable, "-m", "tui", str(brief)], env=env, cwd=REPO, size=(140, 40))


def wait_for_brief(app: Terminal, deadline: float) -> None:
    """Until the reader shows the bundled brief's first column, and the rest of it has had time to load."""
    while b"Key judgements" not in app.shown and time.monotonic() < deadline:
        time.sleep(0.05)
    assert b"Key judgements" in app.shown, "the reader never showed the brief"
    time.sleep(0.5)  # the rest of the brief loads


def highlight_second_sentence(app: Terminal, store: Path, key: str, deadline: float) -> None:
    """`j` then `m`, and wait until the highlight is in the store (the save is done then)."""
    app.send(b"j")
    time.sleep(0.2)
    app.send(b"m")
    while time.monotonic() < deadline:
        if store.exists():
            with Store(store) as opened:
                if opened.annotations(key):
                    return
        time.sleep(0.05)
