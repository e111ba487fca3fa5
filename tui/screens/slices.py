"""Run a stepwise computation on the event loop a slice at a time, so that keys get through between slices."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Generator, Iterator
from typing import TypeVar

T = TypeVar("T")
SLICE = 0.008  # seconds of work between two turns of the event loop
LONG_STEP = 0.01  # seconds: a slice longer than this is followed by a rest of the event loop's own
REST = 0.05  # seconds of that rest, at most (as long as the slice, if shorter)

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


async def sliced(steps: Iterator[T], slice_seconds: float) -> AsyncIterator[T | None]:
    """Take `steps` to their end `slice_seconds` at a time (a brief's parse: see `BriefLoader.steps`),
    yielding after each slice the last step taken, None after the last slice, for the caller's work.

    A key travels through several tasks of the event loop, each waiting a slice. After a long
    step (a piece of a pathological paragraph takes 0.3 s) the loop is left alone a while, so
    that a key goes all the way in that time: `q` took 14 s at one hop a step.
    """
    finished = False
    while not finished:
        started = time.perf_counter()
        deadline = started + slice_seconds
        last: T | None = None
        finished = True
        for step in steps:
            if time.perf_counter() >= deadline:
                finished, last = False, step
                break
        yield last
        held = time.perf_counter() - started
        await asyncio.sleep(min(REST, held) if held > LONG_STEP else 0)
