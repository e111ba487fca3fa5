"""Run a stepwise computation on the event loop a slice at a time, so that keys get through between slices."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Generator
from typing import TypeVar

T = TypeVar("T")
SLICE = 0.008  # seconds of work between two turns of the event loop

# Not in a thread: pure Python there holds the interpreter's lock, and keys still waited a second and more.


async def in_slices(steps: Generator[None, None, T], slice_seconds: float = SLICE) -> T:
    """Take `steps` to its end, giving the event loop a turn every `slice_seconds`; what it returns."""
    started = time.perf_counter()
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
        if time.perf_counter() - started > slice_seconds:
            await asyncio.sleep(0)
            started = time.perf_counter()
