"""A process that saves, edits, deletes and restores notes as fast as it can, each with a unique word.

    python -m tests.helpers.index_writer STORE BRIEF SEED

Used by the index kill tests, which SIGKILL it at random moments and then check that the
search index matches the notes. It prints each word it writes before the write (`word W`):
the test looks for every one of them afterwards, found or not as the store now says.
"""

from __future__ import annotations

import os
import random
import sys
from dataclasses import replace
from pathlib import Path

from tui.core.notes.annotation import Anchor, Annotation
from tui.core.notes.store import open_store
from tui.core.notes.store_errors import StoreError


def main() -> None:
    path, brief, seed = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    rng = random.Random(seed * 100_003 + os.getpid())
    store = open_store(path).store
    store._db.execute("PRAGMA wal_autocheckpoint = 8")  # kills land in checkpoints too
    notes = store.annotations(brief, deleted=True)
    pid = os.getpid()
    for number in range(100_000):
        word = f"w{pid}x{number:06d}"
        choice = rng.random()
        try:
            if choice < 0.5 or not notes:
                print(f"word {word}", flush=True)
                note = Annotation(brief, Anchor("s", f"quote {word} of the brief", 0, 9), note=f"note {word} here")
                notes.append(store.save(note, undelete=True))
            elif choice < 0.75:
                print(f"word {word}", flush=True)
                index = rng.randrange(len(notes))
                notes[index] = store.save(replace(notes[index], note=f"edited {word}"), undelete=True)
            elif choice < 0.92:
                store.delete(rng.choice(notes).id)
            else:
                store.restore(rng.choice(notes).id)
        except StoreError as exc:
            print(f"error {exc}", flush=True)
    store.close()


if __name__ == "__main__":
    main()
