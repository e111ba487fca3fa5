"""One helper runs a store call in a thread worker: its result, or its StoreError, comes back on the event loop."""

from __future__ import annotations

import threading

import pytest
from textual.app import App
from textual.worker import WorkerFailed

from tui.core.notes.store_errors import StoreError, TooBig
from tui.screens.store_calls import in_store


async def test_the_result_and_a_store_error_come_back_on_the_event_loop() -> None:
    app: App[None] = App()
    got: list[tuple[str, object, bool]] = []
    threads: list[bool] = []

    def succeed() -> int:
        threads.append(threading.current_thread() is threading.main_thread())
        return 7

    def fail() -> int:
        raise TooBig("too big")

    def then(result: int) -> None:
        got.append(("then", result, threading.current_thread() is threading.main_thread()))

    def failed(error: StoreError) -> None:
        got.append(("failed", type(error).__name__, threading.current_thread() is threading.main_thread()))

    async with app.run_test() as pilot:
        in_store(app.screen, succeed, then, failed, group="test")
        await app.workers.wait_for_complete()
        await pilot.pause()
        in_store(app.screen, fail, then, failed, group="test")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert threads == [False]  # the call ran off the event loop
    assert got == [("then", 7, True), ("failed", "TooBig", True)]


async def test_an_exception_that_is_not_a_store_error_fails_the_worker_not_the_app() -> None:
    app: App[None] = App()
    called: list[object] = []

    def broken() -> None:
        raise ValueError("a bug")

    async with app.run_test() as pilot:
        worker = in_store(app.screen, broken, called.append, called.append, group="test")
        with pytest.raises(WorkerFailed):
            await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
    assert called == []
    assert isinstance(worker.error, ValueError)
