"""Timing that compares growth, not absolute speed: how much longer 4x the input takes than 1x.

Processor time of this process, not the wall clock: other processes on a busy machine
stretch the wall clock of one run and not of the next.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def seconds(run: Callable[[], object], *, rounds: int = 3, at_least: float = 0.02) -> float:
    """The median time of one call of `run`, calls repeated until a round lasts `at_least` seconds.

    Repeating fast calls keeps the clock's resolution and one-off stalls out of the ratio.
    """
    times = []
    for _ in range(rounds):
        calls, started = 0, time.process_time()
        while True:
            run()
            calls += 1
            took = time.process_time() - started
            if took >= at_least:
                break
        times.append(took / calls)
    return statistics.median(times)
