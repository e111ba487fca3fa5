"""Killing the app itself (SIGKILL, as a crash or a power cut would) right after a highlight: it is there."""

from __future__ import annotations

import signal
import time
from pathlib import Path

from tui.core.notes.annotation import brief_key
from tui.core.notes.store import STORE_FILE, Store

from .conftest import BUNDLED_BRIEF
from .helpers.reader_process import STARTED, highlight_second_sentence, reader_process, wait_for_brief


def test_a_highlight_survives_the_app_being_killed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = reader_process(BUNDLED_BRIEF, tmp_path, data)
    store = data / STORE_FILE
    key = brief_key("north-korean-troops-in-russia", BUNDLED_BRIEF)
    try:
        deadline = time.monotonic() + STARTED
        wait_for_brief(app, deadline)
        highlight_second_sentence(app, store, key, deadline)
        app.process.send_signal(signal.SIGKILL)
    finally:
        app.close(timeout=30)
    with Store(store) as opened:
        assert opened.integrity() == "ok"
        (note,) = opened.annotations(key)
    assert note.anchor.section == "key-judgements"
    assert note.anchor.quote.startswith("We hold this with moderate confidence, because all three")
