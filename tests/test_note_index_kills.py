"""The search index after SIGKILLs: a process saving, editing, deleting and restoring notes is killed at
random moments, and after each kill the index matches the notes, structure and contents."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from tui.core.notes import search_index
from tui.core.notes.note_query import parse
from tui.core.notes.store import STORE_FILE, Store

from .conftest import REPO
from .helpers.forked import Rounds

KILLS = 30
BRIEF = "id:killed"


def check(path: Path, words: set[str]) -> None:
    """The index sound on a fresh connection, and each word found in exactly the live notes holding it."""
    db = sqlite3.connect(path)
    try:
        assert search_index.problem(db) is None
    finally:
        db.close()
    with Store(path) as store:
        assert store.check_index() is None  # nothing to rebuild: the searches below see the index as it was
        notes = store.annotations(BRIEF, deleted=True)
        for word in sorted(words):
            found = {hit.note.id for hit in store.search(parse(f'"{word}"').query, limit=500).hits}
            expected = {
                note.id for note in notes if note.deleted is None and word in f"{note.note} {note.anchor.quote}".split()
            }
            assert found == expected, word
        live = [note for note in notes if note.deleted is None]
        assert store.count_found(parse("edited").query) == sum("edited" in note.note.split() for note in live)


@pytest.mark.system  # runs another process
def test_the_index_matches_the_notes_after_every_kill(tmp_path: Path) -> None:
    path = tmp_path / "data" / STORE_FILE
    rng = random.Random(20261203)
    every: set[str] = set()
    writers = Rounds("tests.helpers.index_writer", str(path), BRIEF, "18", cwd=REPO)
    try:
        for _ in range(KILLS):
            printed = writers.kill_after(rng.uniform(0, 0.04))
            words = {line.split()[1] for line in printed if line.startswith("word ")}
            assert not [line for line in printed if line.startswith(("error", "Traceback"))], printed
            every |= words
            # This round's words, and a sample of the earlier ones (whose notes this round may have edited).
            check(path, words | set(rng.sample(sorted(every), min(40, len(every)))))
    finally:
        writers.close()
    check(path, every)
    assert not list(path.parent.glob("*unreadable*"))
