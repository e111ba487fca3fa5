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
import re
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


# A note's tags as the index holds them: the words of its JSON list, one space apart. The JSON itself
# spells every letter beyond ASCII as `\\u00fc` (json.dumps): "Zürich" indexed so was never found.
def tags_text(column: str = "tags") -> str:
    """SQL for a note's tags (its `column`) as text: the words of its JSON list, one space apart ("" for
    none, or a value that is no list). The JSON spells letters beyond ASCII as `\\u00fc` (json.dumps):
    "Zürich" indexed or scanned so was never found."""
    listed = f"CASE WHEN json_valid({column}) AND json_type({column}) = 'array' THEN {column} ELSE '[]' END"
    return f"(SELECT coalesce(group_concat(value, ' '), '') FROM json_each({listed}) WHERE typeof(value) = 'text')"


TAGS = tags_text()
_ROWS = f"SELECT rowid, id, updated, note, quote, {TAGS} FROM annotation"
# NOT INDEXED: through the partial index on `updated` the notes came in time order, written to FTS5 and its
# content table in random rowid order: 10.0 s for 100,000 notes against 2.9 s in rowid order.
_FILL = f"INSERT INTO {TABLE} (rowid, id, updated, note, quote, tags) {_ROWS} NOT INDEXED WHERE deleted IS NULL"
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
    """Whether a schema entry belongs to the index by its table's name: the index's table, one of its
    shadows (or a table named as one: an FTS4 table's), or an index on one of them. Triggers are
    never the index's: they are code."""
    kind, _, table, _ = entry
    return kind in ("table", "index") and (table == TABLE or table.startswith(f"{TABLE}_"))


def malformed(entries: Iterable[Entry]) -> str | None:
    """Why the index's entries of a schema are not as FTS5 makes them (a column more, a plain table of its
    name, an index on a shadow), or None; missing ones are no matter. Either way the index is data, not
    code: such an index is rebuilt, never a reason to set the store aside."""
    known = {TABLE: " ".join(CREATE.split()), **SHADOWS}
    here = _made_here()
    for kind, name, _, sql in sorted(entries):
        if kind != "table" or name not in known or (sql != known[name] and sql != here.get(name)):
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
    """Remove the index, whatever state it is in (in the caller's write transaction).

    DROP TABLE of an FTS5 table whose shadows are damaged can fail ("vtable constructor
    failed"): its row is then taken out of the schema by hand (`writable_schema`, the
    schema's version raised so the connection reads it again), and its shadows, and any
    table named as one (an FTS4 table's), dropped as plain tables.
    """
    db.execute("SAVEPOINT drop_index")
    try:
        db.execute(f"DROP TABLE IF EXISTS {TABLE}")
    except sqlite3.DatabaseError:
        db.execute("ROLLBACK TO drop_index")
        version = int(db.execute("PRAGMA schema_version").fetchone()[0])
        db.execute("PRAGMA writable_schema = ON")
        try:
            db.execute("DELETE FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,))
            db.execute(f"PRAGMA schema_version = {version + 1}")
        finally:
            db.execute("PRAGMA writable_schema = OFF")
    db.execute("RELEASE drop_index")
    left = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB ?", (f"{TABLE}_*",))
    for (name,) in left.fetchall():
        db.execute(f'DROP TABLE IF EXISTS "{str(name).replace(chr(34), chr(34) * 2)}"')


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
            sql = f"INSERT OR REPLACE INTO {TABLE} (rowid, id, updated, note, quote, tags) {_ROWS} WHERE rowid = ?"
            db.execute(sql, (rowid,))
        else:
            db.execute(f"DELETE FROM {TABLE} WHERE rowid = ?", (rowid,))


def problem(db: sqlite3.Connection, *, structure: bool = False) -> str | None:
    """Why the index is not in step with the notes (missing, damaged, behind), or None when it is.

    The notes against the rows: as many, each under its note's rowid with its id, time and
    text (a note edited by another program keeps its time); then a few notes looked for by a
    word they hold (an index emptied by hand passes every other check); with `structure`,
    FTS5's own check of its structure first (1.2 s for 100,000 notes, against about 0.3 s
    for the rest: run when a search fails or the browser opens, not at every first search).
    sqlite3.Error when the index cannot even be read (damaged).
    """
    if not present(db):
        return "there is no search index"
    if (wrong := malformed(entry for entry in _schema(db) if is_index_entry(entry))) is not None:
        return wrong
    if structure:  # an INSERT, though it writes nothing: a read-only store cannot be checked so
        try:
            db.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as exc:
            if getattr(exc, "sqlite_errorcode", 0) & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                raise
            return f"the search index is damaged ({exc})"
    notes = db.execute("SELECT count(*) FROM annotation WHERE deleted IS NULL").fetchone()[0]
    rows = db.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0]
    matched = db.execute(
        f"""SELECT count(*) FROM {TABLE} AS s JOIN annotation AS a ON a.rowid = s.rowid
        WHERE a.deleted IS NULL AND a.id IS s.id AND a.updated IS s.updated
        AND a.note IS s.note AND a.quote IS s.quote AND {tags_text("a.tags")} IS s.tags"""
    ).fetchone()[0]
    if not notes == rows == matched:
        return f"the search index holds {rows:,} notes, {matched:,} of them as they are, of {notes:,}"
    for rowid, text in _samples(db):
        word = next(iter(_WORD.findall(text)), "")
        if not word:
            continue
        found = db.execute(
            f"SELECT count(*) FROM {TABLE} WHERE {TABLE} MATCH ? AND rowid = ?", (f'"{word}"', rowid)
        ).fetchone()[0]
        if not found:
            return f"the search index does not find a note by a word it holds ({word!r})"
    return None


_WORD = re.compile(r"\w+")


def _samples(db: sqlite3.Connection) -> list[tuple[int, str]]:
    """A few live notes (the first, the last and one between), and a text of each to look for them by."""
    ends = db.execute("SELECT min(rowid), max(rowid) FROM annotation WHERE deleted IS NULL").fetchone()
    if ends[0] is None:
        return []
    rows = []
    for rowid in dict.fromkeys((ends[0], (ends[0] + ends[1]) // 2, ends[1])):
        # As bytes, decoded here: text another program wrote that is not UTF-8 cannot fail the check.
        row = db.execute(
            """SELECT rowid, CAST(substr(note, 1, 10000) || ' ' || substr(quote, 1, 10000) AS BLOB) FROM annotation
            WHERE rowid >= ? AND deleted IS NULL AND typeof(note) = 'text' AND typeof(quote) = 'text'
            ORDER BY rowid LIMIT 1""",
            (rowid,),
        ).fetchone()
        if row is not None:
            rows.append((int(row[0]), bytes(row[1]).decode("utf-8", "replace")))
    return rows


def _schema(db: sqlite3.Connection) -> list[Entry]:
    rows = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return [
        (str(kind), str(name), str(table), " ".join(sql.split()) if isinstance(sql, str) else None)
        for kind, name, table, sql in rows
    ]
