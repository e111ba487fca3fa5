"""A notes store as version 2 of the app made it (notes and fingerprints, no search index): rows written directly."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from tui.core.notes.annotation import Annotation
from tui.core.notes.store_rows import COLUMNS, row_of
from tui.core.notes.store_schema import MIGRATIONS, statements

INSERT = f"INSERT INTO annotation ({COLUMNS}) VALUES ({', '.join(f':{name}' for name in COLUMNS.split(', '))})"


def version_2_store(path: Path, notes: Iterable[Annotation], *, more: Iterable[str] = ()) -> None:
    """Make the store at `path` as version 2 did, holding `notes`, then run the statements `more` (one transaction)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("BEGIN")
        for step in MIGRATIONS[:2]:
            for statement in statements(step):
                db.execute(statement)
        db.execute("PRAGMA user_version = 2")
        db.executemany(INSERT, (row_of(note) for note in notes))
        for statement in more:
            db.execute(statement)
        db.execute("COMMIT")
    finally:
        db.close()
