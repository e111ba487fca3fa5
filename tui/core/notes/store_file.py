"""The store's SQLite file: opened safely (read-only when it must be), its schema checked, its changes
made in one short transaction each; what is kept in it is `store.py`'s."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from tui.core.notes import search_index
from tui.core.notes.store_errors import ForeignStoreError, NewerStoreError, StoreError, failure
from tui.core.notes.store_rows import register_checks
from tui.core.notes.store_schema import (
    NOTES_SINCE,
    SCHEMA_VERSION,
    can_write,
    connect_read_only,
    migrate,
    missing_indexes,
    not_a_file,
    schema_of,
    stored_version,
    version_and_problem,
    why_read_only,
)

BUSY_TIMEOUT = 5.0  # seconds a save waits for another instance's transaction before it fails


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


@contextlib.contextmanager
def _stopping(db: sqlite3.Connection, stop: Callable[[], bool] | None) -> Iterator[None]:
    """A progress handler asking `stop` every 10,000 of SQLite's steps while the block runs."""
    if stop is None:
        yield
        return
    db.set_progress_handler(lambda: int(stop()), 10_000)
    try:
        yield
    finally:
        db.set_progress_handler(None, 0)


def lenient(value: bytes) -> str:
    """Text stored as bytes that are not UTF-8, read with a replacement character for each bad byte."""
    return value.decode("utf-8", "replace")


class StoreFile:
    """An open store file; threads may share it (a lock keeps one operation at a time)."""

    def __init__(self, path: Path, *, timeout: float = BUSY_TIMEOUT, only_read: bool = False) -> None:
        """Open (or create) the store at `path`; read-only (`read_only` says why) if it cannot be written.

        StoreError if it cannot be opened at all (a read-only folder without a store...),
        NewerStoreError if a newer version wrote it, ForeignStoreError if its schema is not
        the app's, sqlite3.DatabaseError if the file is not a usable store (see `open_store`,
        which moves such a file aside).
        """
        if (problem := not_a_file(path)) is not None:
            raise StoreError(f"the notes store cannot be opened: {problem}")
        self.path = path
        self.read_only: str | None = None  # why the store cannot be written, when it cannot
        # The schema version the store holds: SCHEMA_VERSION, or an older one when it is read-only
        # and could not be upgraded (the tables of later versions are then missing).
        self.version = SCHEMA_VERSION
        # Whether the store's full-text index is there and this SQLite can write it: every write of a
        # note then writes it too. Without, notes are searched by a plain scan (see `search_index`).
        self.indexed = False
        self.index_trouble: str | None = None  # why the index fell out of step with the notes, this session
        self.index_checked = False  # whether `check_index` ran this session (the first search runs it)
        self._lock = threading.Lock()
        self._db: sqlite3.Connection
        with contextlib.suppress(OSError):  # a folder that cannot be made: said by the open below
            path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file() and (only_read or not can_write(path)):
            # `only_read`: a command that reads (`briefing diff`) neither writes nor upgrades the store.
            self._open_read_only(timeout, "opened only to be read" if only_read and can_write(path) else None)
            return
        try:
            self._db = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA trusted_schema = OFF")
            register_checks(self._db)
        except (OSError, sqlite3.OperationalError) as exc:
            raise StoreError(f"cannot open the notes store {path}: {exc}") from exc
        try:
            self._prepare()
        except StoreError as exc:
            self._db.close()
            cause = exc.__cause__
            readonly = (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN)
            if isinstance(cause, sqlite3.OperationalError) and cause.sqlite_errorcode & 0xFF in readonly:
                self._open_read_only(timeout)  # writing refused though the file looked writable
                return
            raise
        except BaseException:
            self._db.close()
            raise

    def _open_read_only(self, timeout: float, why: str | None = None) -> None:
        try:
            self._db, immutable = connect_read_only(self.path, timeout)
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot open the notes store {self.path}: {exc}") from exc
        register_checks(self._db)
        self.read_only = why or why_read_only(self.path)
        if immutable and Path(f"{self.path}-wal").is_file():
            self.read_only += "; its last changes (in its -wal file) cannot be read"
        try:
            self.version = self._check_version_and_schema(writable=False)
            entries = [entry for entry in schema_of(self._db) if search_index.is_index_entry(entry)]
            whole = search_index.present(self._db) and search_index.malformed(entries) is None
            self.indexed = search_index.available() and whole
        except BaseException:
            self._db.close()
            raise

    def _version(self) -> int:
        return stored_version(self._db)

    def _check_version_and_schema(self, *, writable: bool) -> int:
        """The store's schema version, once checked: not newer, its schema the app's (StoreError if not)."""
        version, problem = version_and_problem(self._db)
        if version > SCHEMA_VERSION:
            raise NewerStoreError(
                f"the notes store {self.path} was written by a newer version of Briefing Reader "
                f"(schema {version}, this one knows {SCHEMA_VERSION}); it was left as it is"
            )
        if not writable and version < NOTES_SINCE:  # later: its notes are read as they are, unchanged
            raise StoreError(f"the notes store {self.path} cannot be upgraded: {self.read_only}")
        if problem is not None:
            raise ForeignStoreError(f"the notes store {self.path} is not a notes store as this app makes it: {problem}")
        return version

    def _prepare(self) -> None:
        db = self._db
        self._check_version_and_schema(writable=True)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            if int(db.execute("PRAGMA user_version").fetchone()[0]) < SCHEMA_VERSION:  # new, old or restored
                with self._transaction():
                    # Read again inside the lock: another instance may have migrated meanwhile.
                    current = self._version()
                    if current > SCHEMA_VERSION:
                        raise NewerStoreError(
                            f"the notes store {self.path} was just upgraded by a newer version of Briefing Reader "
                            f"(schema {current}); it was left as it is"
                        )
                    migrate(db, current)
                    if search_index.available() and not search_index.present(db):
                        search_index.rebuild(db)  # the notes kept so far searchable at once
            if self._to_mend():
                with self._transaction():  # each checked again inside the lock: another instance may have mended it
                    for _, _, _, sql in missing_indexes(schema_of(db), SCHEMA_VERSION):
                        db.execute(str(sql))  # an index of the app's, dropped by hand
                    if self._index_to_rebuild():
                        # Made where SQLite has no FTS5, dropped, or altered by hand: made here, from the notes.
                        search_index.rebuild(db)
        except sqlite3.OperationalError as exc:
            raise failure(self.path, exc, f"cannot write to the notes store {self.path}") from exc
        self.version = self._check_version_and_schema(writable=True)
        self.indexed = search_index.available() and search_index.present(db)

    def _to_mend(self) -> bool:
        """Whether the store, once upgraded, lacks an index of the app's or has a search index to rebuild."""
        return bool(missing_indexes(schema_of(self._db), SCHEMA_VERSION)) or self._index_to_rebuild()

    def _index_to_rebuild(self) -> bool:
        """Whether the search index is missing or not as FTS5 makes it (where FTS5 can make it)."""
        if not search_index.available():
            return False
        entries = [entry for entry in schema_of(self._db) if search_index.is_index_entry(entry)]
        return not search_index.present(self._db) or search_index.malformed(entries) is not None

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction, taken at once (BEGIN IMMEDIATE), committed or rolled back."""
        if self.read_only is not None:
            raise StoreError(f"the notes store {self.path} is read-only ({self.read_only}); nothing can be saved")
        db = self._db
        with self._lock:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                # SQLite rolls back by itself after some errors (a full disk): a second ROLLBACK
                # would fail, and its "no transaction is active" would hide the real reason.
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _write(
        self, sql: str, parameters: tuple[object, ...] | Mapping[str, object], what: str = "the note could not be saved"
    ) -> int:
        """Run one change in its own transaction; StoreError (for the user, saying `what`) if it cannot be saved."""
        try:
            with self._transaction() as db:
                return db.execute(sql, parameters).rowcount
        except sqlite3.Error as exc:  # locked, full, read-only, or damaged while running: always said
            raise failure(self.path, exc, what) from exc

    def close(self) -> None:
        with self._lock:  # after an operation running in another thread, not in the middle of it
            self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _read(
        self,
        sql: str,
        parameters: tuple[object, ...] | Mapping[str, object],
        stop: Callable[[], bool] | None = None,
    ) -> list[tuple[Any, ...]]:
        """The rows of a query; `stop`, asked as SQLite works (within the lock: no other thread's
        operation is stopped by it), ends it with "interrupted" once true."""
        try:
            with self._lock, _stopping(self._db, stop):
                try:
                    return self._db.execute(sql, parameters).fetchall()
                except sqlite3.OperationalError as exc:
                    if "decode to UTF-8" not in str(exc):
                        raise
                # Text that is not UTF-8 (written by another program): read again, leniently.
                self._db.text_factory = lenient
                try:
                    return self._db.execute(sql, parameters).fetchall()
                finally:
                    self._db.text_factory = str
        except sqlite3.Error as exc:
            raise StoreError(f"the notes could not be read: {exc}") from exc

    def integrity(self, *, quick: bool = False) -> str:
        """SQLite's own check of the whole file: "ok" when sound (`quick`: without the index checks)."""
        return str(self._read(f"PRAGMA {'quick_check' if quick else 'integrity_check'}", ())[0][0])
