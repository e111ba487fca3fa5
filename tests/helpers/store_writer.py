"""A process that saves annotations as fast as it can, printing each id once `save` has returned.

    python -m tests.helpers.store_writer STORE BRIEF COUNT [CHECKPOINT_PAGES]

Used by the store tests, which kill it or run two at once and then check that
every id it printed is in the store.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tui.core.notes.annotation import Anchor, Annotation
from tui.core.notes.store import open_store
from tui.core.notes.store_errors import StoreError


def main() -> None:
    path, brief, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    store = open_store(path).store
    if len(sys.argv) > 4:  # checkpoint often, so that kills land in the middle of checkpoints too
        store._db.execute(f"PRAGMA wal_autocheckpoint = {int(sys.argv[4])}")
    for number in range(count):
        annotation = Annotation(brief, Anchor("s", f"quote {number}", number, number + 7), note=f"note {number}")
        try:
            saved = store.save(annotation)
        except StoreError as exc:  # shown to the user in the app; here, reported
            print(f"error {exc}", flush=True)
            continue
        print(f"saved {saved.id}", flush=True)
    store.close()


if __name__ == "__main__":
    main()
