"""A process that replaces one file again and again, as fast as it can, for the kill tests.

    python -m tests.helpers.atomic_writer TARGET JOURNAL SIZE

It writes "A" * SIZE and "B" * SIZE (each ending in a newline) in turn, through
`write_atomically`, and prints a line after each write. The tests kill it at
random moments and check that TARGET is always one of the two, whole.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tui.core.outside.atomic import write_atomically


def main() -> None:
    target, journal, size = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    texts = ("A" * size + "\n", "B" * size + "\n")
    number = 0
    while True:
        write_atomically(target, texts[number % 2], journal=journal)
        print(f"wrote {number}", flush=True)
        number += 1


if __name__ == "__main__":
    main()
