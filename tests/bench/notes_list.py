"""The notes list (`A`) with many notes: the process time to build its entries, the time until it shows,
and the time from a key typed in its filter until the matches show.

    python -m tests.bench.notes_list [--notes 300000]

Measured in this process, in a headless app of 120x40; the notes are generated (short texts, a tag
on every fifth, one in 97 lost its place).
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Iterator

from textual.app import App

from tui.core.notes.access import Placed
from tui.core.notes.anchoring import Found, How
from tui.core.notes.annotation import COLOURS, Anchor, Annotation
from tui.screens.notes_list import NotesList

TITLES = {f"s{number}": f"Section {number}" for number in range(50)}


def generated(count: int) -> list[Placed]:
    made = []
    for number in range(count):
        section = f"s{number % 50}"
        note = Annotation(
            "id:bench",
            Anchor(section, f"quote number {number} of [the] brief", number, number + 5),
            colour=COLOURS[number % len(COLOURS)],
            note=f"note {number}: compare" if number % 3 else "",
            tags=("check",) if number % 5 == 0 else (),
            created=f"2026-01-01T{number:09d}",
        )
        made.append(Placed(note, Found(section, number, number + 5, How.EXACT) if number % 97 else None))
    return made


def order(placed: Placed) -> tuple[int, int]:
    return (int(placed.found.section[1:]), placed.found.start) if placed.found else (0, 0)


class Timed(NotesList):
    """The list, its construction and compose timed in process time."""

    built = 0.0

    def __init__(self, placed: list[Placed]) -> None:
        started = time.process_time()
        super().__init__(placed, order, TITLES)
        Timed.built = time.process_time() - started

    def compose(self) -> Iterator[object]:  # type: ignore[override]
        started = time.process_time()
        made = list(super().compose())
        Timed.built += time.process_time() - started
        return iter(made)


class Bench(App[None]):
    def __init__(self, placed: list[Placed]) -> None:
        super().__init__()
        self.placed = placed
        self.started = 0.0

    def on_mount(self) -> None:
        self.started = time.perf_counter()
        self.push_screen(Timed(self.placed))


async def measure(count: int) -> None:
    app = Bench(generated(count))
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, NotesList) or not app.screen.is_mounted:
            await pilot.pause(0.001)
        await pilot.pause()
        print(f"{count:,} notes: entries built in {Timed.built:.3f} s (process time)")
        print(f"{count:,} notes: shown after {time.perf_counter() - app.started:.3f} s")
        screen = app.screen
        await pilot.press("slash")
        for typed in ("1", "12", "123", "1234"):
            started = time.perf_counter()
            await pilot.press(typed[-1])
            while (
                screen.query_one("#notes-filter").value != typed  # type: ignore[attr-defined]
                or screen.matching is None
                or any(worker.node is screen and not worker.is_finished for worker in app.workers)
            ):
                await pilot.pause(0.002)
            took = time.perf_counter() - started
            print(f"{count:,} notes: filter {typed!r}, {screen.matching:,} matches shown after {took:.3f} s")


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--notes", type=int, default=300_000)
    asyncio.run(measure(options.parse_args().notes))


if __name__ == "__main__":
    main()
