"""Read, annotate and export with the network blocked: an audit hook fails every attempt to reach out.

    python -m tests.helpers.offline BRIEF WORKDIR

Run by `tests/test_offline.py` in its own process (an audit hook cannot be removed).
It prints one line per step done, and "network attempts: N" at the end.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

ATTEMPTS: list[str] = []
BLOCKED = {
    "socket.connect",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyaddr",
    "socket.sendto",
    "urllib.Request",
    "webbrowser.open",
    "http.client.connect",
}


def block_network(event: str, args: tuple[object, ...]) -> None:
    if event in BLOCKED:
        ATTEMPTS.append(f"{event} {args!r}")
        raise PermissionError(f"network blocked in this test: {event}")


async def read_and_annotate(brief: Path, store: Path, export: Path) -> None:
    from textual.widgets import Input

    from tui.app import BriefingApp
    from tui.core.brief.loader import open_brief

    app = BriefingApp(open_brief(brief), store=store)
    async with app.run_test(size=(160, 45)) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
        await pilot.press("j", "m", "j", "a", *"offline", "ctrl+s")
        for _ in range(3):
            await app.workers.wait_for_complete()
        await pilot.pause()
        print("annotated", flush=True)
        await pilot.press("slash", *"troops", "enter", "n", "c", "j", "enter", "question_mark", "escape")
        await pilot.pause()
        print("searched and used the claims", flush=True)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#export-path", Input).value = str(export)
        await pilot.press("enter")
        for _ in range(3):
            await app.workers.wait_for_complete()
        await pilot.pause()
    print("exported from the reader", flush=True)


def main() -> None:
    brief, work = Path(sys.argv[1]), Path(sys.argv[2])
    sys.addaudithook(block_network)
    store = work / "annotations.sqlite3"
    asyncio.run(read_and_annotate(brief, store, work / "notes.md"))
    from tui.cli.export import export
    from tui.cli.import_notes import import_notes
    from tui.core.export.compose import Format

    assert export(brief, work / "notes.json", Format.JSON, store=store, journal=work / "pending") == 0
    assert import_notes(work / "notes.json", store=work / "again.sqlite3") == 0
    print("exported and imported on the command line", flush=True)
    print(f"network attempts: {len(ATTEMPTS)}", flush=True)
    for attempt in ATTEMPTS:
        print(attempt, flush=True)


if __name__ == "__main__":
    main()
