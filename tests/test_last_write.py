"""The reading position's writes land in order: a thread's write started before the reader closed
never lands over the closing one, and a position handed to a thread is written at close."""

from __future__ import annotations

import threading

from tui.core.reading.last_write import LastWriteWins
from tui.core.reading.state import State


def recorder() -> tuple[list[State], LastWriteWins]:
    written: list[State] = []
    return written, LastWriteWins(written.append)


def test_a_thread_write_that_runs_after_the_closing_one_stands_down() -> None:
    written, writes = recorder()
    late = writes.start({"at": "older"})
    writes.finish({"at": "newer"})
    late()  # the thread got its turn only after the close
    assert written == [{"at": "newer"}]


def test_a_position_handed_to_a_thread_not_yet_run_is_written_at_close() -> None:
    written, writes = recorder()
    late = writes.start({"at": "moved"})
    writes.finish(None)  # nothing new since: the close writes what the thread was to write
    late()
    assert written == [{"at": "moved"}]


def test_a_thread_write_already_done_is_not_repeated_at_close() -> None:
    written, writes = recorder()
    writes.start({"at": "moved"})()
    writes.finish(None)
    assert written == [{"at": "moved"}]


def test_of_two_thread_writes_only_the_newer_lands() -> None:
    written, writes = recorder()
    first, second = writes.start({"at": "one"}), writes.start({"at": "two"})
    second()
    first()
    assert written == [{"at": "two"}]


def test_the_close_waits_for_a_write_under_way_then_writes_over_it() -> None:
    written: list[State] = []
    entered, release = threading.Event(), threading.Event()

    def slow(state: State) -> None:
        if state == {"at": "older"}:
            entered.set()
            release.wait(10)
        written.append(state)

    writes = LastWriteWins(slow)
    thread = threading.Thread(target=writes.start({"at": "older"}))
    thread.start()
    entered.wait(10)
    closing = threading.Thread(target=writes.finish, args=({"at": "newer"},))
    closing.start()
    release.set()
    thread.join(10)
    closing.join(10)
    assert written == [{"at": "older"}, {"at": "newer"}]
