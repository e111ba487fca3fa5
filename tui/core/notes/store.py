"""The annotation store: one SQLite database that never loses a note, even to a crash or a second app.

Every change is one short `BEGIN IMMEDIATE` transaction in WAL mode with
`synchronous=FULL`: once `save` returns, the note is on disk. A second instance
on the same file waits up to `BUSY_TIMEOUT` for the lock, then gets a
`StoreError` to show, never a silent loss. Deleting writes a tombstone, so undo
(and later merges) work; saving into a tombstone is refused (`DeletedElsewhere`)
unless asked for. An edit saved with the version it was made on is refused
(`ChangedElsewhere`) if another instance or an import changed the note since, so
a stale editor never overwrites a newer note unseen, nor brings back a note changed
and then deleted elsewhere with its stale text (`ChangedThenDeleted`). Deleting and
restoring change no `updated` time: a delete and undo elsewhere is not a change,
and an undo undoes only its own deletion (`NotRestored` otherwise). A full disk is
said as such (`DiskFull`), and nothing stored is lost. A file that is not a
readable store, or whose schema is not the app's own (a trigger, a view...), is
moved aside, never deleted; a store from a newer version is refused and left
untouched. A store that cannot be written (a read-only disk) is read as usual,
and every write refused with the reason; one of an older version that therefore
cannot be upgraded is read as that version (it has no fingerprints).

Beside the notes, the store keeps one fingerprint per brief (opaque bytes, encoded
elsewhere): what the version last read looked like. It is read only if it is a BLOB
of at most MAX_FINGERPRINT_BYTES, its length checked in SQL before it is loaded;
anything else reads as none.

The file is data, not code (`trusted_schema` off), and every row read is checked
and its text pictured (`store_rows`): a bad row is skipped and counted.
Opening the file, its checks and transactions are `store_file`'s; the failures and
what they say, `store_errors`'.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tui.core.notes import search_index
from tui.core.notes.annotation import COLOURS, Anchor, Annotation, brief_key, now, path_key
from tui.core.notes.note_query import NoteQuery
from tui.core.notes.search_sql import count_sql, page_sql, tags_sql
from tui.core.notes.snippet import Snippet, flat, snippet_of
from tui.core.notes.store_errors import (
    ChangedElsewhere,
    ChangedThenDeleted,
    DeletedElsewhere,
    DiskFull,
    ForeignStoreError,
    NewerStoreError,
    NotRestored,
    StoreError,
    TooBig,
    failure,
)
from tui.core.notes.store_file import BUSY_TIMEOUT, StoreFile, lenient, move_aside
from tui.core.notes.store_rows import (
    COLUMNS,
    READABLE,
    BadRow,
    Read,
    Skipped,
    annotation_of,
    picture_state,
    read_rows,
    row_of,
)
from tui.core.notes.store_schema import (
    FINGERPRINTS_SINCE,
    SCHEMA_VERSION,
    inspect,
    not_a_file,
)
from tui.core.outside.visible import pictured

__all__ = [
    "COLOURS",
    "MAX_FINGERPRINT_BYTES",
    "SCHEMA_VERSION",
    "STORE_FILE",
    "Anchor",
    "Annotation",
    "ChangedElsewhere",
    "ChangedThenDeleted",
    "DeletedElsewhere",
    "DiskFull",
    "ForeignStoreError",
    "Hit",
    "Merged",
    "NewerStoreError",
    "NotRestored",
    "Opened",
    "Read",
    "SearchCancelled",
    "SearchPage",
    "Skipped",
    "Store",
    "StoreError",
    "TooBig",
    "brief_key",
    "now",
    "open_store",
    "path_key",
]

STORE_FILE = "annotations.sqlite3"
# Bytes of one brief's fingerprint: a 5 MB brief's is a few MB (about 64 bytes a sentence); a longer
# value (another program wrote it) is not read into memory, and reads as no fingerprint.
MAX_FINGERPRINT_BYTES = 32 << 20


class Store(StoreFile):
    """One open annotation store; threads may share it (a lock keeps one operation at a time)."""

    # Annotations

    def save(self, annotation: Annotation, *, undelete: bool = False, based_on: str | None = None) -> Annotation:
        """Add or update an annotation (by id); return it as stored, its times set. On disk when this returns.

        A note deleted meanwhile (by another screen or instance) is not saved into its
        tombstone, where the edit would never show: DeletedElsewhere, nothing written,
        unless `undelete`, which saves it and brings it back in the same transaction.
        `based_on` is the `updated` time of the version the edit was made on ("" for a
        new note): if the stored note's is another, it changed meanwhile, and the save is
        ChangedElsewhere, nothing written; ChangedThenDeleted if it was then deleted too
        (bringing it back with this edit would lose that change unseen). None saves over
        whatever is there. Deleting and restoring leave `updated` as it was: they change no text.
        """
        stamp = now()
        saved = replace(annotation, created=annotation.created or stamp, updated=stamp, deleted=None)
        try:
            with self._transaction() as db:
                # Checked inside the write lock: no other instance can change the row between check and write.
                found = _leniently(db, "SELECT deleted, updated FROM annotation WHERE id = ?", saved.id)
                if found is not None and not undelete:
                    deleted, updated = found
                    if based_on is not None and updated != based_on:
                        stored = _readable(_leniently(db, f"SELECT {COLUMNS} FROM annotation WHERE id = ?", saved.id))
                        if deleted is not None:
                            said = "the note was changed and then deleted elsewhere since it was opened"
                            raise ChangedThenDeleted(said, stored)
                        raise ChangedElsewhere("the note was changed elsewhere since it was opened", stored)
                    if deleted is not None:
                        raise DeletedElsewhere("the note had been deleted elsewhere (another window or instance)")
                db.execute(_UPSERT_UNDELETING if undelete else _UPSERT, row_of(saved))
                self._index(db, (saved.id,))
        except sqlite3.Error as exc:
            raise failure(self.path, exc, "the note could not be saved") from exc
        return self.get(saved.id) or saved

    def merge(self, annotations: Iterable[Annotation]) -> Merged:
        """Bring in notes from elsewhere (an import), all in one transaction: all of them or none.

        A note whose id is new is added as it comes, its times kept (now, if it has none).
        One already here is updated only if it changed later there than here (a missing
        time is older than any), and keeps its brief and creation time; one deleted here
        stays deleted. So merging the same notes twice changes nothing the second time.

        A note whose id is that of a note of another brief is left as it is, and counted apart
        (`other_brief`): an import for one brief never changes another's notes (a crafted file
        that knew a note's id rewrote its text).
        """
        added = updated = unchanged = other_brief = deleted_here = 0
        written: list[str] = []  # the ids of the notes added or changed, indexed at the end
        stamp = now()
        try:
            with self._transaction() as db:
                for annotation in annotations:
                    row = db.execute(f"SELECT {COLUMNS} FROM annotation WHERE id = ?", (annotation.id,)).fetchone()
                    changed = annotation.updated or annotation.created  # "" (older than any) when neither is known
                    if row is None:
                        created = annotation.created or stamp
                        kept = replace(annotation, created=created, updated=changed or created, deleted=None)
                        db.execute(_INSERT, row_of(kept))
                        written.append(annotation.id)
                        added += 1
                        continue
                    if str(row[1]) != annotation.brief:  # COLUMNS: id, brief, ...
                        other_brief += 1
                    elif row[-1] is not None:  # deleted here: it stays deleted, and is said so
                        deleted_here += 1
                    elif row[-1] is None and changed > str(row[-2]) and _differs(row, annotation):
                        db.execute(_UPDATE, row_of(replace(annotation, updated=changed)))
                        written.append(annotation.id)
                        updated += 1
                    else:
                        unchanged += 1
                self._index(db, written)
        except sqlite3.Error as exc:
            raise failure(self.path, exc, "the notes could not be imported") from exc
        return Merged(added, updated, unchanged, other_brief, deleted_here)

    def delete(self, annotation_id: str) -> str | None:
        """Mark an annotation deleted (a tombstone: `restore` brings it back); return the time of the
        deletion (what `undo_delete` undoes), None if there is no such note, or it is deleted already.

        `updated` is left as it was: an editor open elsewhere on the note is then told it was
        deleted, not changed, and a restore gives back the very version it was made on.
        """
        stamp = now()
        sql = "UPDATE annotation SET deleted = ? WHERE id = ? AND deleted IS NULL"
        return stamp if self._write_note(annotation_id, sql, (stamp, annotation_id)) else None

    def restore(self, annotation_id: str) -> bool:
        """Undo a deletion, whoever made it; False if the annotation is not deleted."""
        sql = "UPDATE annotation SET deleted = NULL WHERE id = ? AND deleted IS NOT NULL"
        return self._write_note(annotation_id, sql, (annotation_id,))

    def _write_note(self, annotation_id: str, sql: str, parameters: tuple[object, ...]) -> bool:
        """Change one note by `sql` and its search index row with it, in one transaction; whether it changed."""
        try:
            with self._transaction() as db:
                changed = db.execute(sql, parameters).rowcount > 0
                if changed:
                    self._index(db, (annotation_id,))
                return changed
        except sqlite3.Error as exc:
            raise failure(self.path, exc, "the note could not be saved") from exc

    def _index(self, db: sqlite3.Connection, note_ids: Iterable[str]) -> None:
        """Write these notes' search index rows, in the transaction that wrote the notes.

        A damaged index never stops a note being saved: its part is rolled back, the note
        kept, and the index marked for the next check to rebuild (`index_trouble`). A full
        disk or a lock is the whole save's failure, said as such.
        """
        if not self.indexed:
            return
        db.execute("SAVEPOINT search_index")
        try:
            search_index.reindex(db, note_ids)
        except sqlite3.Error as exc:
            if getattr(exc, "sqlite_errorcode", 0) & 0xFF in _FAILS_THE_SAVE:
                raise
            db.execute("ROLLBACK TO search_index")
            self.index_trouble = f"the search index could not be written ({exc})"
        db.execute("RELEASE search_index")

    def undo_delete(self, annotation_id: str, deleted: str) -> Annotation:
        """Undo the deletion made at `deleted` (as `delete` returned it), and return the note brought back.

        NotRestored, nothing written, when another instance made the undo moot: it restored
        the note already (and may have edited it since), or restored and deleted it again
        (its latest word is a deletion, not this one's), or the note is gone.
        """
        try:
            with self._transaction() as db:
                found = db.execute("SELECT deleted FROM annotation WHERE id = ?", (annotation_id,)).fetchone()
                if found is None:
                    raise NotRestored("the note is no longer in the store")
                if found[0] is None:
                    raise NotRestored("it was already restored elsewhere (another window or instance)")
                if found[0] != deleted:
                    raise NotRestored("it was restored and deleted again elsewhere (another window or instance)")
                db.execute("UPDATE annotation SET deleted = NULL WHERE id = ?", (annotation_id,))
                self._index(db, (annotation_id,))
        except sqlite3.Error as exc:
            raise failure(self.path, exc, "the note could not be restored") from exc
        restored = self.get(annotation_id)
        if restored is None:
            raise NotRestored("it was restored, but its row cannot be read")
        return restored

    def get(self, annotation_id: str) -> Annotation | None:
        """One annotation by id, deleted or not (None if there is none, or its row cannot be read)."""
        found = read_rows(self._read(f"SELECT {COLUMNS} FROM annotation WHERE id = ?", (annotation_id,)))
        return found.annotations[0] if found.annotations else None

    def read(self, brief: str, *, deleted: bool = False) -> Read:
        """A brief's annotations in the order they were made (with the deleted ones if `deleted`),
        and the rows that could not be read as notes (skipped, counted)."""
        sql = f"SELECT {COLUMNS} FROM annotation WHERE brief = ?"
        if not deleted:
            sql += " AND deleted IS NULL"
        return read_rows(self._read(sql + " ORDER BY created, id", (brief,)))

    def annotations(self, brief: str, *, deleted: bool = False) -> list[Annotation]:
        """A brief's annotations that can be read (see `read` for the rows that cannot)."""
        return self.read(brief, deleted=deleted).annotations

    def counts(self) -> dict[str, int]:
        """How many notes each brief has that can be read (deleted ones and bad rows left out), by brief key."""
        sql = f"SELECT brief, count(*) FROM annotation WHERE deleted IS NULL AND {READABLE} GROUP BY brief"
        rows = self._read(sql, ())
        return {str(row[0]): int(row[1]) for row in rows}

    def count(self) -> int:
        """How many annotations the store holds, deleted ones included."""
        return int(self._read("SELECT count(*) FROM annotation", ())[0][0])

    # Searching every note

    def search(
        self, query: NoteQuery, *, offset: int = 0, limit: int = 50, cancelled: Callable[[], bool] | None = None
    ) -> SearchPage:
        """One page of the notes that match `query`, best first (see `note_query`), each with a snippet.

        Ranked by FTS5's bm25 when the store is indexed and there are words; otherwise (no
        FTS5 here, or the index found out of step and not yet rebuilt) the words are looked
        for by a plain scan, newest first, and `SearchPage.notice` says so. `cancelled` is
        asked as SQLite works: once true, the search stops (`SearchCancelled`), so a search
        typed over does not hold the store for the next one.
        """
        rows, indexed = self._searched(query, page_sql, {"limit": max(0, limit), "offset": max(0, offset)}, cancelled)
        read = read_rows(row[:-1] for row in rows)
        ranks = {row[0]: float(row[-1] or 0.0) for row in rows}
        hits = [Hit(note, snippet_of(note, query.terms), ranks.get(note.id, 0.0)) for note in read.annotations]
        notice = ""
        if (query.has_text or query.excluded) and not indexed:
            why = self.index_trouble if search_index.available() else "this SQLite has no full-text search (FTS5)"
            how = "unranked, inside words, letter case and accents counting beyond ASCII"
            notice = f"Words are looked for by a plain scan ({how}): {why or 'no search index'}"
        return SearchPage(hits, read.skipped, notice, rows=len(rows))

    def count_found(self, query: NoteQuery, *, cancelled: Callable[[], bool] | None = None) -> int:
        """How many notes match `query`, every page together (rows that cannot be read included)."""
        rows, _ = self._searched(query, count_sql, {}, cancelled)
        return int(rows[0][0])

    def _searched(
        self,
        query: NoteQuery,
        sql_of: Callable[..., tuple[str, dict[str, object]]],
        more: Mapping[str, object],
        cancelled: Callable[[], bool] | None,
    ) -> tuple[list[tuple[Any, ...]], bool]:
        """The rows of a search, and whether the index answered it.

        The index is checked first, once a session. A search that fails in the index has it
        checked whole (FTS5's own check too) and rebuilt, and runs again; where it cannot be
        rebuilt (a read-only store) or still fails, the words are scanned for instead.
        """
        uses_index = bool(query.has_text or query.excluded)
        if uses_index and self.indexed and not self.index_checked:
            # Without FTS5's own check (1.2 s at 100,000 notes): a search it would have saved fails,
            # and then has it run (below).
            self.check_index(structure=False)
        indexed = self.indexed and self.index_trouble is None
        sql, parameters = sql_of(query, indexed=indexed)
        try:
            return self._cancellable(sql, {**parameters, **more}, cancelled), indexed
        except SearchCancelled:
            raise
        except StoreError as exc:
            cause = exc.__cause__
            if not (uses_index and indexed) or not isinstance(cause, sqlite3.DatabaseError) or _is_busy(cause):
                raise
            self.check_index(structure=True)
            if self.index_trouble is None:
                try:
                    return self._cancellable(sql, {**parameters, **more}, cancelled), True
                except StoreError:
                    pass
            self.index_trouble = self.index_trouble or f"the search index cannot be read ({cause})"
            sql, parameters = sql_of(query, indexed=False)
            return self._cancellable(sql, {**parameters, **more}, cancelled), False

    def _cancellable(
        self, sql: str, parameters: Mapping[str, object], cancelled: Callable[[], bool] | None
    ) -> list[tuple[Any, ...]]:
        """`_read`, stopped (SearchCancelled) once `cancelled()` turns true: SQLite asks every few thousand steps."""
        try:
            return self._read(sql, parameters, cancelled)
        except StoreError as exc:
            if cancelled is not None and cancelled() and "interrupted" in str(exc):
                raise SearchCancelled("the search was typed over") from exc
            raise

    def tag_counts(self) -> list[tuple[str, int]]:
        """Every tag of the live notes and how many notes have it, most used first (each pictured on one line)."""
        return [(flat(str(tag)), int(count)) for tag, count in self._read(tags_sql(), ())]

    def check_index(self, *, structure: bool = True) -> str | None:
        """Check the search index against the notes, and rebuild it if it is out of step (missing, damaged,
        behind after a vacuum or another program's writes); what was found and done, or None when sound.

        Reads the whole index (0.1 s for 100,000 notes; with `structure`, FTS5's own check too: 1.2 s
        more): run it in a worker, once a session. Where it cannot be rebuilt (a read-only store, no FTS5),
        searches scan instead.
        """
        self.index_checked = True
        if not search_index.available():
            return None
        try:
            with self._lock:
                problem = self.index_trouble or search_index.problem(
                    self._db, structure=structure and not self.read_only
                )
        except sqlite3.Error as exc:
            if _is_busy(exc):  # another instance holds the store: nothing known against the index
                return f"the search index was not checked: the notes store is busy ({exc})"
            problem = f"the search index cannot be read ({exc})"
        if problem is None:
            return None
        if self.read_only is not None:
            self.index_trouble = problem  # searched by a scan from now on
            return f"{problem}; the store is read-only, so notes are searched by a plain scan"
        try:
            with self._transaction() as db:
                search_index.rebuild(db)
        except sqlite3.Error as exc:
            self.index_trouble = problem
            when = "it is rebuilt when next checked" if _is_busy(exc) else "notes are searched by a plain scan"
            return f"{problem}, and it could not be rebuilt ({exc}); {when}; until then words are scanned for"
        self.indexed, self.index_trouble = True, None
        return f"{problem}; it was rebuilt from the notes"

    # Reading state

    def reading_state(self, brief: str) -> dict[str, object]:
        """What was saved about reading a brief (columns, cursor...), its text pictured; or nothing."""
        rows = self._read("SELECT state FROM reading_state WHERE brief = ?", (brief,))
        return _state_of(rows[0][0]) if rows else {}

    def reading_states(self) -> dict[str, dict[str, object]]:
        """Every brief's reading state, by brief key, in one query (the library asks once per scan)."""
        rows = self._read("SELECT brief, state FROM reading_state", ())
        return {str(brief): state for brief, text in rows if (state := _state_of(text))}

    def read_times(self) -> dict[str, str]:
        """When each brief's reading place was last saved (ISO times), by brief key: when it was last read."""
        rows = self._read("SELECT brief, updated FROM reading_state", ())
        return {str(brief): updated[:40] for brief, updated in rows if isinstance(updated, str)}

    def save_reading_state(self, brief: str, state: Mapping[str, object]) -> None:
        self._write(
            """
            INSERT INTO reading_state (brief, state, updated) VALUES (?, ?, ?)
            ON CONFLICT (brief) DO UPDATE SET state = excluded.state, updated = excluded.updated
            """,
            (brief, json.dumps(dict(state), sort_keys=True), now()),
        )

    # Fingerprints: what the version of a brief last read looked like

    def fingerprint(self, brief: str) -> tuple[bytes, str] | None:
        """The fingerprint kept for a brief and when it was saved (its time pictured); None if there is
        none. A row that is not one the app writes (not a BLOB, too long) gives empty data, which no
        fingerprint is: the reader then says it could not be read back, rather than take the brief for
        one never read (an attack's TEXT row was silently a "first reading"); a time that is not text,
        "an unknown time".

        A read-only store too old to have fingerprints has none. The value's type and length
        are checked in SQL, so an oversized one is never read into memory.
        """
        if self.version < FINGERPRINTS_SINCE:
            return None
        rows = self._read(_FINGERPRINT, (MAX_FINGERPRINT_BYTES, brief))
        if not rows:
            return None
        data, updated = rows[0]
        return (data if isinstance(data, bytes) else b""), (pictured(updated) if isinstance(updated, str) else "")

    def save_fingerprint(self, brief: str, data: bytes) -> None:
        """Keep `data` as the brief's fingerprint, in place of any before; on disk when this returns.

        StoreError, nothing written, if it is longer than MAX_FINGERPRINT_BYTES (it would read as
        none) or the store cannot be written (read-only: the reason said).
        """
        if len(data) > MAX_FINGERPRINT_BYTES:
            raise StoreError(
                f"the fingerprint is {len(data):,} bytes long; the store keeps at most {MAX_FINGERPRINT_BYTES:,}"
            )
        self._write(
            """
            INSERT INTO fingerprint (brief, data, updated) VALUES (?, ?, ?)
            ON CONFLICT (brief) DO UPDATE SET data = excluded.data, updated = excluded.updated
            """,
            (brief, data, now()),
            "the fingerprint could not be saved",
        )

    def forget_fingerprint(self, brief: str) -> bool:
        """Drop the brief's fingerprint (its next opening then shows no changes); False if it had none."""
        sql = "DELETE FROM fingerprint WHERE brief = ?"
        return self._write(sql, (brief,), "the fingerprint could not be removed") > 0


# The value only if it is a BLOB within the bound: typeof() and length() read a BLOB's header, not its
# bytes (a 400 MB value checked in 13 MB of memory). The time is cut in SQL too: it is shown, never parsed.
_FINGERPRINT = """
    SELECT CASE WHEN typeof(data) = 'blob' AND length(data) <= ? THEN data END,
           CASE WHEN typeof(updated) = 'text' THEN substr(updated, 1, 40) END
    FROM fingerprint WHERE brief = ?
"""
# Errors met writing the index that are the save's own (the disk, the lock, the file), not the index's.
_FAILS_THE_SAVE = frozenset(
    {sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_READONLY}
)
_VALUES = ", ".join(f":{name}" for name in COLUMNS.split(", "))
_INSERT = f"INSERT INTO annotation ({COLUMNS}) VALUES ({_VALUES})"
_CHANGED = """
    section = :section, quote = :quote, prefix = :prefix, suffix = :suffix,
    start = :start, end = :end, colour = :colour, note = :note, tags = :tags, updated = :updated
"""
# Saving and merging never change a note's brief, nor its creation time; only `delete`,
# `restore` and a save told to undelete touch `deleted`.
_UPSERT = f"{_INSERT} ON CONFLICT (id) DO UPDATE SET {_CHANGED}"
_UPSERT_UNDELETING = f"{_UPSERT}, deleted = NULL"
_UPDATE = f"UPDATE annotation SET {_CHANGED} WHERE id = :id"


def _leniently(db: sqlite3.Connection, sql: str, annotation_id: str) -> tuple[Any, ...] | None:
    """One row, its text read even if it is not UTF-8 (another program may have written it so)."""
    db.text_factory = lenient
    try:
        row: tuple[Any, ...] | None = db.execute(sql, (annotation_id,)).fetchone()
        return row
    finally:
        db.text_factory = str


def _is_busy(exc: sqlite3.Error) -> bool:
    """Whether an error says the store is locked by another instance (nothing against the index)."""
    return getattr(exc, "sqlite_errorcode", 0) & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _readable(row: tuple[Any, ...] | None) -> Annotation | None:
    """The annotation of a row, or None if there is none or it is not one (to show, not to keep)."""
    if row is None:
        return None
    try:
        return annotation_of(row)
    except BadRow:
        return None


def _state_of(text: object) -> dict[str, object]:
    """A stored reading state, its text pictured; a state that is not a JSON object reads as none."""
    if not isinstance(text, str):
        return {}
    try:
        # Another program may have written anything: JSON nested deeper than Python recurses
        # raises RecursionError, not ValueError, and must not stop the library or the reader.
        state = json.loads(text)
        return picture_state(state) if isinstance(state, dict) else {}  # type: ignore[return-value]
    except (ValueError, RecursionError):
        return {}


def _differs(row: tuple[Any, ...], incoming: Annotation) -> bool:
    """Whether an import says something else than the stored row (times and brief aside)."""
    try:
        stored = annotation_of(row)
    except BadRow:
        return True  # the import mends it
    keep = {"brief": "", "updated": "", "created": ""}
    return replace(stored, **keep) != replace(incoming, **keep)  # type: ignore[arg-type]


class SearchCancelled(StoreError):
    """A search stopped because what it was for was typed over (see `Store.search`)."""


@dataclass(frozen=True, slots=True)
class Hit:
    """A note a search found, what to show of it, and its rank (bm25: lower is better; 0.0 unranked)."""

    note: Annotation
    snippet: Snippet
    rank: float = 0.0


@dataclass(frozen=True, slots=True)
class SearchPage:
    """A page of a search: the notes found, the rows that could not be read, and, when the words were looked
    for by a plain scan (no full-text index: unranked, matched inside words), a notice saying so and why."""

    hits: list[Hit]
    skipped: Skipped = Skipped()  # noqa: RUF009 (frozen: one shared value is safe)
    notice: str = ""
    rows: int = 0  # rows read, those skipped too: fewer than asked is the last page, fewer hits is not


@dataclass(frozen=True, slots=True)
class Merged:
    """What a merge did: notes added, notes updated, notes left as they were, and notes left as they
    were because their id is that of a note of another brief (which no import moves)."""

    added: int
    updated: int
    unchanged: int
    other_brief: int = 0  # left as they were: the id is a note's of another brief, not `unchanged`
    deleted_here: int = 0  # left deleted: deleted here, which an import does not undo (not `unchanged`)


@dataclass(frozen=True, slots=True)
class Opened:
    """The store, and where an unreadable file found in its place was moved (to tell the user)."""

    store: Store
    moved_aside: Path | None = None


def open_store(path: Path, *, timeout: float = BUSY_TIMEOUT, set_aside: bool = True, only_read: bool = False) -> Opened:
    """Open the store at `path`; a file there that is not a sound store is moved aside and a fresh one made.

    Nothing is ever deleted. StoreError when notes cannot be kept at all (it says why);
    NewerStoreError for a newer version's store, which is not touched. Without
    `set_aside` (an export), a file that is not a sound store is a StoreError, left where it is.
    """
    moved = None
    if (problem := not_a_file(path)) is not None:
        raise StoreError(f"the notes store cannot be opened: {problem}")
    try:
        version = inspect(path, timeout) if path.is_file() else 0
    except sqlite3.OperationalError as exc:
        if not set_aside:
            raise StoreError(f"the notes store {path} cannot be read: {exc}") from exc
        version = 0  # busy or locked: no verdict; the open below waits for the lock, or says why
    if path.is_file():
        if version is not None and version > SCHEMA_VERSION:
            raise NewerStoreError(
                f"the notes store {path} was written by a newer version of Briefing Reader "
                f"(schema {version}, this one knows {SCHEMA_VERSION}); it was left as it is"
            )
        if version is None and not set_aside:
            raise StoreError(f"the notes store {path} is damaged or not a notes store; open the app to set it aside")
        if version is None:
            try:
                moved = move_aside(path)
            except OSError as exc:
                raise StoreError(f"the notes store {path} is unreadable and could not be moved aside: {exc}") from exc
    try:
        return Opened(Store(path, timeout=timeout, only_read=only_read), moved)
    except sqlite3.DatabaseError as exc:  # damaged in a way the check above could not see (its WAL)
        raise StoreError(f"the notes store {path} cannot be read: {exc}") from exc
