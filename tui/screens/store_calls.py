"""One way to call the notes store from a screen: in a thread worker, a StoreError reported on the event loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.dom import DOMNode
from textual.worker import Worker

from tui.core.notes.store_errors import StoreError

T = TypeVar("T")


def in_store(
    node: DOMNode,
    call: Callable[[], T],
    then: Callable[[T], None],
    failed: Callable[[StoreError], None],
    *,
    group: str,
    exclusive: bool = False,
) -> Worker[None]:
    """Run `call` (it may block on the disk) in a thread worker; then `then(result)` on the event
    loop, or `failed(error)` if it raised a StoreError. Any other exception is a bug: the worker
    fails (exit_on_error=False) and the app goes on."""

    def run() -> None:
        try:
            result = call()
        except StoreError as exc:
            node.app.call_from_thread(failed, exc)
            return
        node.app.call_from_thread(then, result)

    return node.run_worker(run, group=group, exclusive=exclusive, thread=True, exit_on_error=False)
