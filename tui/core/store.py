"""The annotation store: one SQLite database that never loses a note, even to a crash or a second app.

Every change is one short `BEGIN IMMEDIATE` transaction in WAL mode with
`synchronous=FULL`: once `save` returns, the note is on disk. A second instance
on the same file waits up to `BUSY_TIMEOUT` for the lock, then gets a
`StoreError` to show, never a silent loss. Deleting writes a tombstone, so undo
(and later merges) work. A file that is not a readable store is moved aside,
never deleted; a store from a newer version is refused and left untouched.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

STORE_FILE = "annotations.sqlite3"
SCHEMA_VERSION = 1
BUSY_TIMEOUT = 5.0  # seconds a save waits for another instance's transaction before it fails
COLOURS = ("yellow", "green", "blue", "pink", "purple")

# Each entry brings the schema from version N to N + 1; the store's version is PRAGMA user_version.
MIGRATIONS = (
    """
    CREATE TABLE annotation (
        id TEXT PRIMARY KEY,
        brief TEXT NOT NULL,
        section TEXT NOT NULL,
        quote TEXT NOT NULL,
        prefix TEXT NOT NULL DEFAULT '',
        suffix TEXT NOT NULL DEFAULT '',
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        colour TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        deleted TEXT
    );
    CREATE INDEX annotation_brief ON annotation (brief, deleted);
    CREATE TABLE reading_state (
        brief TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    """,
)


class StoreError(Exception):
    """Notes cannot be read or saved; the message says why, for the user."""


class NewerStoreError(StoreError):
    """The store was written by a newer version of the app: it is left as it is."""


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a note sits: the quoted text in its section, a little text around it, and its offsets.

    The offsets say where the quote was; the quote and its context find it again
    after the brief is edited.
    """

    section: str
    quote: str
    start: int
    end: int
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class Annotation:
    """A highlight, with or without a note; `deleted` is set (a time) once it is deleted."""

    brief: str
    anchor: Anchor
    colour: str = COLOURS[0]
    note: str = ""
    tags: tuple[str, ...] = ()
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    created: str = ""
    updated: str = ""
    deleted: str | None = None


def brief_key(brief_id: str | None, path: str | os.PathLike[str]) -> str:
    """What a brief's notes are filed under: its id, so moving or renaming the file keeps them;
    a file without an id (plain markdown) by its resolved path."""
    if brief_id:
        return f"id:{brief_id}"
    return path_key(os.fsencode(Path(path).resolve()))


def path_key(path: bytes) -> str:
    """The key of a file without an id, from its path's bytes.

    Bytes that are not UTF-8 (a file name can hold any) are kept as `\\xff`
    escapes: the key is then text SQLite and JSON can hold, and one name gives one key.
    """
    return "path:" + path.decode("utf-8", "backslashreplace")


def now() -> str:
    """The current time, UTC, to the microsecond, in ISO 8601 (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def move_aside(path: Path) -> Path:
    """Rename a store file (and its -wal and -shm files) out of the way; return its new name."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.unreadable-{stamp}")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}.unreadable-{stamp}-{number}")
    for suffix in ("-wal", "-shm"):
        companion = Path(f"{path}{suffix}")
        if companion.exists():
            companion.rename(Path(f"{target}{suffix}"))
    path.rename(target)
    return target


class Store:
    """One open annotation store; threads may share it (a lock keeps one operation at a time)."""

    def __init__(self, path: Path, *, timeout: float = BUSY_TIMEOUT) -> None:
        """Open (or create) the store at `path`.

        StoreError if it cannot be opened at all (a read-only folder...), NewerStoreError
        if a newer version wrote it, sqlite3.DatabaseError if the file is not a usable
        store (see `open_store`, which moves such a file aside).
        """
        self.path = path
        self._lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
        except (OSError, sqlite3.OperationalError) as exc:
            raise StoreError(f"cannot open the notes store {path}: {exc}") from exc
        try:
            self._prepare()
        except BaseException:
            self._db.close()
            raise

    def _prepare(self) -> None:
        db = self._db
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise NewerStoreError(
                f"the notes store {self.path} was written by a newer version of Briefing Reader "
                f"(schema {version}, this one knows {SCHEMA_VERSION}); it was left as it is"
            )
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            if version < SCHEMA_VERSION:
                with self._transaction():
                    # Read again inside the lock: another instance may have migrated meanwhile.
                    current = db.execute("PRAGMA user_version").fetchone()[0]
                    if current > SCHEMA_VERSION:
                        raise NewerStoreError(
                            f"the notes store {self.path} was just upgraded by a newer version of Briefing Reader "
                            f"(schema {current}); it was left as it is"
                        )
                    for step in MIGRATIONS[current:]:
                        for statement in step.split(";"):
                            if statement.strip():
                                db.execute(statement)
                    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot write to the notes store {self.path}: {exc}") from exc

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction, taken at once (BEGIN IMMEDIATE), committed or rolled back."""
        db = self._db
        with self._lock:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _write(self, sql: str, parameters: tuple[object, ...] | Mapping[str, object]) -> int:
        """Run one change in its own transaction; StoreError (for the user) if it cannot be saved."""
        try:
            with self._transaction() as db:
                return db.execute(sql, parameters).rowcount
        except sqlite3.Error as exc:  # locked, full, read-only, or damaged while running: always said
            raise StoreError(f"the note could not be saved: {exc}") from exc

    def close(self) -> None:
        with self._lock:  # after an operation running in another thread, not in the middle of it
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # Annotations

    def save(self, annotation: Annotation) -> Annotation:
        """Add or update an annotation (by id); return it as stored, its times set. On disk when this returns.

        Saving never undoes a deletion (only `restore` does): an old copy of a note saved
        after another screen or instance deleted it must not bring it back.
        """
        stamp = now()
        saved = replace(annotation, created=annotation.created or stamp, updated=stamp)
        self._write(_UPSERT, _row(saved))
        return self.get(saved.id) or saved  # as stored: a deleted note stays deleted

    def merge(self, annotations: Iterable[Annotation]) -> Merged:
        """Bring in notes from elsewhere (an import), all in one transaction: all of them or none.

        A note whose id is new is added as it comes, its times kept. One already here is
        updated only if it changed later there than here; one deleted here stays
        deleted. So merging the same notes twice changes nothing the second time.
        """
        added = updated = unchanged = 0
        stamp = now()
        try:
            with self._transaction() as db:
                for annotation in annotations:
                    row = db.execute(
                        "SELECT updated, deleted FROM annotation WHERE id = ?", (annotation.id,)
                    ).fetchone()
                    incoming = replace(
                        annotation,
                        created=annotation.created or stamp,
                        updated=annotation.updated or annotation.created or stamp,
                        deleted=None,
                    )
                    if row is None:
                        db.execute(_INSERT, _row(incoming))
                        added += 1
                    elif row[1] is None and incoming.updated > row[0] and self._differs(db, incoming):
                        db.execute(_UPDATE, _row(incoming))
                        updated += 1
                    else:
                        unchanged += 1
        except sqlite3.Error as exc:
            raise StoreError(f"the notes could not be imported: {exc}") from exc
        return Merged(added, updated, unchanged)

    @staticmethod
    def _differs(db: sqlite3.Connection, incoming: Annotation) -> bool:
        stored = _annotation(db.execute(f"SELECT {_COLUMNS} FROM annotation WHERE id = ?", (incoming.id,)).fetchone())
        return replace(stored, updated="", created="") != replace(incoming, updated="", created="")

    def delete(self, annotation_id: str) -> bool:
        """Mark an annotation deleted (a tombstone: `restore` brings it back); False if there is none."""
        stamp = now()
        changed = self._write(
            "UPDATE annotation SET deleted = ?, updated = ? WHERE id = ? AND deleted IS NULL",
            (stamp, stamp, annotation_id),
        )
        return changed > 0

    def restore(self, annotation_id: str) -> bool:
        """Undo a deletion; False if the annotation is not deleted."""
        changed = self._write(
            "UPDATE annotation SET deleted = NULL, updated = ? WHERE id = ? AND deleted IS NOT NULL",
            (now(), annotation_id),
        )
        return changed > 0

    def get(self, annotation_id: str) -> Annotation | None:
        """One annotation by id, deleted or not."""
        row = self._read(f"SELECT {_COLUMNS} FROM annotation WHERE id = ?", (annotation_id,))
        return _annotation(row[0]) if row else None

    def annotations(self, brief: str, *, deleted: bool = False) -> list[Annotation]:
        """A brief's annotations in the order they were made (with the deleted ones if `deleted`)."""
        sql = f"SELECT {_COLUMNS} FROM annotation WHERE brief = ?"
        if not deleted:
            sql += " AND deleted IS NULL"
        return [_annotation(row) for row in self._read(sql + " ORDER BY created, id", (brief,))]

    def counts(self) -> dict[str, int]:
        """How many notes each brief has (deleted ones left out), by brief key."""
        rows = self._read("SELECT brief, count(*) FROM annotation WHERE deleted IS NULL GROUP BY brief", ())
        return {str(row[0]): int(row[1]) for row in rows}

    def count(self) -> int:
        """How many annotations the store holds, deleted ones included."""
        return int(self._read("SELECT count(*) FROM annotation", ())[0][0])

    def _read(self, sql: str, parameters: tuple[object, ...]) -> list[tuple[Any, ...]]:
        try:
            with self._lock:
                return self._db.execute(sql, parameters).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"the notes could not be read: {exc}") from exc

    # Reading state

    def reading_state(self, brief: str) -> dict[str, object]:
        """What was saved about reading a brief (columns, cursor...), or nothing."""
        rows = self._read("SELECT state FROM reading_state WHERE brief = ?", (brief,))
        if not rows:
            return {}
        try:
            state = json.loads(rows[0][0])
        except ValueError:
            return {}
        return state if isinstance(state, dict) else {}

    def save_reading_state(self, brief: str, state: Mapping[str, object]) -> None:
        self._write(
            """
            INSERT INTO reading_state (brief, state, updated) VALUES (?, ?, ?)
            ON CONFLICT (brief) DO UPDATE SET state = excluded.state, updated = excluded.updated
            """,
            (brief, json.dumps(dict(state), sort_keys=True), now()),
        )

    def integrity(self, *, quick: bool = False) -> str:
        """SQLite's own check of the whole file: "ok" when sound (`quick`: without the index checks)."""
        return str(self._read(f"PRAGMA {'quick_check' if quick else 'integrity_check'}", ())[0][0])


_COLUMNS = "id, brief, section, quote, prefix, suffix, start, end, colour, note, tags, created, updated, deleted"
_VALUES = ", ".join(f":{name}" for name in _COLUMNS.split(", "))
_INSERT = f"INSERT INTO annotation ({_COLUMNS}) VALUES ({_VALUES})"
_CHANGED = """
    brief = :brief, section = :section, quote = :quote, prefix = :prefix, suffix = :suffix,
    start = :start, end = :end, colour = :colour, note = :note, tags = :tags, updated = :updated
"""
# Saving never touches `deleted` (nor `created`): only `delete` and `restore` do.
_UPSERT = f"{_INSERT} ON CONFLICT (id) DO UPDATE SET {_CHANGED}"
_UPDATE = f"UPDATE annotation SET {_CHANGED}, created = :created WHERE id = :id"


def _row(annotation: Annotation) -> dict[str, object]:
    """An annotation as the parameters of the statements above."""
    anchor = annotation.anchor
    return {
        "id": annotation.id,
        "brief": annotation.brief,
        "section": anchor.section,
        "quote": anchor.quote,
        "prefix": anchor.prefix,
        "suffix": anchor.suffix,
        "start": anchor.start,
        "end": anchor.end,
        "colour": annotation.colour,
        "note": annotation.note,
        "tags": json.dumps(list(annotation.tags)),
        "created": annotation.created,
        "updated": annotation.updated,
        "deleted": annotation.deleted,
    }


def _annotation(row: tuple[Any, ...]) -> Annotation:
    """An annotation from a row of _COLUMNS, in their order."""
    note_id, brief, section, quote, prefix, suffix, start, end, colour, note, tags, created, updated, deleted = row
    if tags == "[]":  # most notes: no JSON to read
        kept: tuple[str, ...] = ()
    else:
        try:
            kept = tuple(str(tag) for tag in json.loads(tags))
        except (ValueError, TypeError):
            kept = ()
    anchor = Anchor(section, quote, start, end, prefix, suffix)
    return Annotation(brief, anchor, colour, note, kept, note_id, created, updated, deleted)


@dataclass(frozen=True, slots=True)
class Merged:
    """What a merge did: notes added, notes updated, notes left as they were."""

    added: int
    updated: int
    unchanged: int


@dataclass(frozen=True, slots=True)
class Opened:
    """The store, and where an unreadable file found in its place was moved (to tell the user)."""

    store: Store
    moved_aside: Path | None = None


def inspect(path: Path, timeout: float = BUSY_TIMEOUT) -> int | None:
    """The schema version of the store at `path`, or None if it is not a sound SQLite database.

    Read through a read-only connection. It honours the locks and the WAL, so a store
    that another instance is writing, or one whose last saves are still in its WAL
    (after a crash), reads as sound; and it never checkpoints or deletes the WAL, so
    a damaged store is moved aside as it was found. (An immutable connection ignores
    the WAL: it took a store killed mid-checkpoint for a damaged one.)

    sqlite3.OperationalError (locked, busy, cannot open) is raised, not answered
    with None: it says nothing against the file, which must then not be moved.
    """
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout)
    try:
        if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            return None
        return int(db.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.OperationalError:
        raise
    except sqlite3.DatabaseError:  # not a database, or a damaged one
        return None
    finally:
        db.close()


def open_store(path: Path, *, timeout: float = BUSY_TIMEOUT) -> Opened:
    """Open the store at `path`; a file there that is not a sound store is moved aside and a fresh one made.

    Nothing is ever deleted. StoreError when notes cannot be kept at all (it says why);
    NewerStoreError for a newer version's store, which is not touched.
    """
    moved = None
    try:
        version = inspect(path, timeout) if path.is_file() else 0
    except sqlite3.OperationalError:
        version = 0  # busy or locked: no verdict; the open below waits for the lock, or says why
    if path.is_file():
        if version is not None and version > SCHEMA_VERSION:
            raise NewerStoreError(
                f"the notes store {path} was written by a newer version of Briefing Reader "
                f"(schema {version}, this one knows {SCHEMA_VERSION}); it was left as it is"
            )
        if version is None:
            try:
                moved = move_aside(path)
            except OSError as exc:
                raise StoreError(f"the notes store {path} is unreadable and could not be moved aside: {exc}") from exc
    try:
        return Opened(Store(path, timeout=timeout), moved)
    except sqlite3.DatabaseError as exc:  # damaged in a way the check above could not see (its WAL)
        raise StoreError(f"the notes store {path} cannot be read: {exc}") from exc
