"""Killing the app itself (SIGKILL, as a crash or a power cut would) right after a highlight: it is there."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from tui.core.notes.annotation import brief_key
from tui.core.notes.store import STORE_FILE, Store

from .conftest import BUNDLED_BRIEF, REPO
from .helpers.terminal import Terminal


def test_a_highlight_survives_the_app_being_killed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "TERM": "xterm-256color", "BRIEFING_DATA_DIR": str(data), "HOME": str(tmp_path)}
    app = Terminal([sys.executable, "-m", "tui", str(BUNDLED_BRIEF)], env=env, cwd=REPO, size=(140, 40))
    store = data / STORE_FILE
    key = brief_key("north-korean-troops-in-russia", BUNDLED_BRIEF)
    try:
        deadline = time.monotonic() + 60
        while b"Key judgements" not in app.shown and time.monotonic() < deadline:
            time.sleep(0.05)
        assert b"Key judgements" in app.shown, "the reader never showed the brief"
        time.sleep(0.5)  # the rest of the brief loads
        app.send(b"j")
        time.sleep(0.2)
        app.send(b"m")
        while time.monotonic() < deadline:  # the save is done when it is in the store
            if store.exists():
                with Store(store) as opened:
                    if opened.annotations(key):
                        break
            time.sleep(0.05)
        app.process.send_signal(signal.SIGKILL)
    finally:
        app.close(timeout=30)
    with Store(store) as opened:
        assert opened.integrity() == "ok"
        (note,) = opened.annotations(key)
    assert note.anchor.section == "key-judgements"
    assert note.anchor.quote.startswith("We hold this with moderate confidence, because all three")
