"""Killing the app itself (SIGKILL, as a crash or a power cut would) right after a highlight: it is there."""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

from tui.core.store import STORE_FILE, Store, brief_key

from .conftest import BUNDLED_BRIEF, REPO


def test_a_highlight_survives_the_app_being_killed(tmp_path: Path) -> None:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 140, 0, 0))
    data = tmp_path / "data"
    env = {**os.environ, "TERM": "xterm-256color", "BRIEFING_DATA_DIR": str(data), "HOME": str(tmp_path)}
    app = subprocess.Popen(
        [sys.executable, "-m", "tui", str(BUNDLED_BRIEF)], stdin=slave, stdout=slave, stderr=slave, env=env, cwd=REPO
    )
    os.close(slave)
    shown = bytearray()

    def drain() -> None:  # read what the app paints, as a terminal would
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    store = data / STORE_FILE
    key = brief_key("north-korean-troops-in-russia", BUNDLED_BRIEF)
    try:
        deadline = time.monotonic() + 60
        while b"Motives" not in shown and time.monotonic() < deadline:
            time.sleep(0.05)
        assert b"Motives" in shown, "the reader never showed the brief"
        time.sleep(0.5)  # the rest of the brief loads
        os.write(master, b"j")
        time.sleep(0.2)
        os.write(master, b"m")
        while time.monotonic() < deadline:  # the save is done when it is in the store
            if store.exists():
                with Store(store) as opened:
                    if opened.annotations(key):
                        break
            time.sleep(0.05)
        app.send_signal(signal.SIGKILL)
        app.wait(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
        os.close(master)
    with Store(store) as opened:
        assert opened.integrity() == "ok"
        (note,) = opened.annotations(key)
    assert note.anchor.section == "motives"
    assert note.anchor.quote.startswith("The report sees real strategic gains")
