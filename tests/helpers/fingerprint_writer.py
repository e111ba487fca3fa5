"""A process that saves a brief's fingerprint and a note in turn, printing each once its save has returned.

    python -m tests.helpers.fingerprint_writer STORE BRIEF SIZE

Fingerprint number N is SIZE bytes, N as 8 bytes over and over (so a torn one shows). The test
kills it mid-save and checks every note it printed (and every note saved before) is in the store.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tui.core.notes.annotation import Anchor, Annotation
from tui.core.notes.store import open_store


def fingerprint(number: int, size: int) -> bytes:
    """Fingerprint number `number`: recognisable whole, and only whole."""
    return (number.to_bytes(8, "big") * (size // 8 + 1))[:size]


def main() -> None:
    path, brief, size = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    store = open_store(path).store
    start = store.fingerprint(brief)
    first = 1 + (int.from_bytes(start[0][:8], "big") if start else 0)  # numbers keep rising across kills
    for number in range(first, first + 100_000):  # killed long before
        store.save_fingerprint(brief, fingerprint(number, size))
        print(f"fingerprint {number}", flush=True)
        saved = store.save(Annotation(brief, Anchor("s", f"quote {number}", 0, 7), note=f"note {number}"))
        print(f"saved {saved.id}", flush=True)


if __name__ == "__main__":
    main()
