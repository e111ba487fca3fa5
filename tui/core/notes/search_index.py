"""The store's full-text index of its notes (SQLite FTS5): made, kept in step with every write, checked, rebuilt.

The index is a copy of each live note's text, quote and tags, under the note's rowid,
with its id and `updated` time beside them: written in the very transaction that
writes the note (`reindex`), so a note on disk is a note found. It is not made by
triggers: FTS5 is not an "innocuous" module, and the store runs with
`trusted_schema` off, where a trigger may not write it.

The index is the store's, yet optional: a store made where SQLite lacks FTS5 has
none (and is then searched by a plain scan), and one made elsewhere is read where
FTS5 is missing, the index then left as it is and rebuilt when next checked where
FTS5 exists. Rowids move when a file is vacuumed or restored from a dump; the check
(`problem`) finds an index out of step by counting and matching ids and times, and
`rebuild` makes it again from the notes.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Iterable

TABLE = "note_search"
# The columns searched, in order, after the two kept only to match a row with its note.
SEARCHED = ("note", "quote", "tags")
CREATE = (
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5(id UNINDEXED, updated UNINDEXED, note, quote, tags, "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
)
# The tables FTS5 makes for it ("shadow tables"), as SQLite 3.40 makes them; a newer SQLite may spell
# them otherwise, and what the running SQLite makes is accepted too (`_made_here`).
SHADOWS = {
    f"{TABLE}_data": f"CREATE TABLE '{TABLE}_data'(id INTEGER PRIMARY KEY, block BLOB)",
    f"{TABLE}_idx": f"CREATE TABLE '{TABLE}_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID",
    f"{TABLE}_content": f"CREATE TABLE '{TABLE}_content'(id INTEGER PRIMARY KEY, c0, c1, c2, c3, c4)",
    f"{TABLE}_docsize": f"CREATE TABLE '{TABLE}_docsize'(id INTEGER PRIMARY KEY, sz BLOB)",
    f"{TABLE}_config": f"CREATE TABLE '{TABLE}_config'(k PRIMARY KEY, v) WITHOUT ROWID",
}
_FILL = f"""
    INSERT INTO {TABLE} (rowid, id, updated, note, quote, tags)
    SELECT rowid, id, updated, note, quote, tags FROM annotation NOT INDEXED WHERE deleted IS NULL
"""
# NOT INDEXED: through the partial index on `updated` the notes came in time order, written to FTS5 and its
# content table in random rowid order: 10.0 s for 100,000 notes against 2.9 s in rowid order.
# Environment variable that makes the app behave as where SQLite has no FTS5 (`=off`): to try the
# plain scan, or to work round an FTS5 that misbehaves.
FTS5_SWITCH = "BRIEFING_FTS5"

Entry = tuple[str, str, str, str | None]  # type, name, table, SQL (as store_schema.schema_of gives them)


@functools.cache
def _fts5_in_sqlite() -> bool:
    db = sqlite3.connect(":memory:")
    try:
        db.execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
    except sqlite3.OperationalError:  # "no such module: fts5"
        return False
    finally:
        db.close()
    return True


def available() -> bool:
    """Whether this SQLite can search with FTS5 (and it is not switched off)."""
    return os.environ.get(FTS5_SWITCH, "").lower() != "off" and _fts5_in_sqlite()


@functools.cache
def _made_here() -> dict[str, str]:
    """The index's entries as this SQLite makes them (by name: SQL, one space between words); {} without FTS5."""
    if not _fts5_in_sqlite():
        return {}
    db = sqlite3.connect(":memory:")
    try:
        db.execute(CREATE)
        rows = db.execute("SELECT name, sql FROM sqlite_master").fetchall()
        return {str(name): " ".join(str(sql).split()) for name, sql in rows}
    finally:
        db.close()


def is_index_entry(entry: Entry) -> bool:
    """Whether a schema entry is (by its name) a part of the index: the table or one of its shadows."""
    kind, name, table, _ = entry
    return kind == "table" and name == table and (name == TABLE or name in SHADOWS)


def entries_problem(entries: Iterable[Entry]) -> str | None:
    """Why parts of a file's schema named as the index's are not as FTS5 makes them, or None.

    Missing parts are no problem (the check rebuilds the index); a part defined otherwise
    (a column more, a CHECK) is: the file is then not trusted.
    """
    known = {TABLE: " ".join(CREATE.split()), **SHADOWS}
    here = _made_here()
    for _, name, _, sql in sorted(entries):
        if sql != known[name] and sql != here.get(name):
            return f"its search index table {name!r} is not as this app makes it"
    return None


def present(db: sqlite3.Connection) -> bool:
    """Whether the store holds the index's table (its parts may still be damaged: see `problem`)."""
    row = db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)).fetchone()
    return bool(row[0])


def create(db: sqlite3.Connection) -> None:
    """Make the index and fill it from the notes (in the caller's write transaction)."""
    db.execute(CREATE)
    db.execute(_FILL)


def rebuild(db: sqlite3.Connection) -> None:
    """Make the index again from the notes, whatever state it was in (in the caller's write transaction).

    Dropped and made anew rather than emptied: a damaged index may not even delete.
    DROP TABLE works with shadow tables missing; shadows left over without their
    table (another program dropped it) are dropped first, as `create` would refuse them.
    """
    drop(db)
    create(db)


def drop(db: sqlite3.Connection) -> None:
    """Remove the index (in the caller's write transaction)."""
    db.execute(f"DROP TABLE IF EXISTS {TABLE}")
    for name in SHADOWS:
        db.execute(f"DROP TABLE IF EXISTS {name}")


def reindex(db: sqlite3.Connection, note_ids: Iterable[str]) -> None:
    """Bring the index in step with the notes of these ids as they now are (in the caller's transaction):
    a live note indexed as it is, a deleted one taken out.

    By rowid: the note's index row is replaced (`OR REPLACE`: a rowid another note's row
    still holds after a vacuum is taken over; the check then finds the index out of step).
    """
    for note_id in note_ids:
        row = db.execute("SELECT rowid, deleted FROM annotation WHERE id = ?", (note_id,)).fetchone()
        if row is None:
            continue
        rowid, deleted = row
        if deleted is None:
            db.execute(
                f"""INSERT OR REPLACE INTO {TABLE} (rowid, id, updated, note, quote, tags)
                SELECT rowid, id, updated, note, quote, tags FROM annotation WHERE rowid = ?""",
                (rowid,),
            )
        else:
            db.execute(f"DELETE FROM {TABLE} WHERE rowid = ?", (rowid,))


def problem(db: sqlite3.Connection, *, structure: bool = False) -> str | None:
    """Why the index is not in step with the notes (missing, damaged, behind), or None when it is.

    The notes against the rows: as many, each under its note's rowid with its id and time;
    with `structure`, FTS5's own check of its structure first (1.2 s for 100,000 notes, against
    about 0.1 s for the rest: run when a search fails, not at each session's first search).
    """
    if not present(db):
        return "there is no search index"
    try:
        if structure:  # an INSERT, though it writes nothing: a read-only store cannot be checked so
            db.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as exc:
        return f"the search index is damaged ({exc})"
    notes = db.execute("SELECT count(*) FROM annotation WHERE deleted IS NULL").fetchone()[0]
    rows = db.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0]
    matched = db.execute(
        f"""SELECT count(*) FROM {TABLE} AS s JOIN annotation AS a ON a.rowid = s.rowid
        WHERE a.deleted IS NULL AND a.id IS s.id AND a.updated IS s.updated"""
    ).fetchone()[0]
    if notes == rows == matched:
        return None
    return f"the search index holds {rows:,} notes, {matched:,} of them as they are, of {notes:,}"
