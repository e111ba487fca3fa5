"""The store's schema: its migrations, the check that a file holds nothing else, and reading one read-only."""

from __future__ import annotations

import functools
import os
import sqlite3
import stat
from pathlib import Path

from tui.core.notes import search_index
from tui.core.outside.atomic import kind_of
from tui.core.outside.visible import one_line

SCHEMA_VERSION = 3
# The version since which the notes' own tables (annotation, reading_state) are as they are now: a store
# of that version or later that cannot be upgraded (on a read-only disk) is read as it is, without the
# tables of later versions. A migration that changes those tables raises it.
NOTES_SINCE = 1
FINGERPRINTS_SINCE = 2  # the version that made the fingerprint table (what changed since a brief was read)
# The version since which the store may hold a full-text index of its notes (`search_index`): not made
# by the migrations (SQLite may lack FTS5), but by the store when it opens, and optional in a schema.
SEARCH_SINCE = 3

# Each entry brings the schema from version N to N + 1; the store's version is PRAGMA user_version.
# A released entry is never edited: opening a store compares its schema with what these make.
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
    """
    CREATE TABLE fingerprint (brief TEXT PRIMARY KEY, data BLOB NOT NULL, updated TEXT NOT NULL);
    """,
    # The notes newest first, a page at a time, for the notes browser; the search index comes beside it.
    """
    CREATE INDEX annotation_updated ON annotation (updated) WHERE deleted IS NULL;
    """,
)

# Tables SQLite itself makes (ANALYZE): statistics it reads, never code; a store holding them is still ours.
_SQLITE_OWN = frozenset({"sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4"})

SchemaEntry = tuple[str, str, str, str | None]  # type, name, table, SQL (whitespace made single spaces)


def statements(step: str) -> list[str]:
    """The statements of one migration, in order."""
    return [statement for statement in step.split(";") if statement.strip()]


def migrate(db: sqlite3.Connection, current: int) -> None:
    """Run the migrations from version `current` up to SCHEMA_VERSION (in the caller's transaction)."""
    for step in MIGRATIONS[current:]:
        for statement in statements(step):
            db.execute(statement)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def stored_version(db: sqlite3.Connection) -> int:
    """The schema version of a store: its user_version, or for 0 the version whose schema it holds exactly.

    A backup restored with `sqlite3 .dump` keeps every table but not the user_version:
    it is the app's store, not a foreign one (it was moved aside and its notes hidden).
    """
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version == 0 and (found := schema_of(db)):
        own = without_index(found)
        for candidate in range(SCHEMA_VERSION, 0, -1):
            if own == expected_schema(candidate) and (candidate >= SEARCH_SINCE or own == found):
                return candidate
    return version


def version_and_problem(db: sqlite3.Connection) -> tuple[int, str | None]:
    """The store's schema version and `schema_problem` at that version (None for a newer one), read
    in one snapshot (the caller holds no transaction).

    Read apart, another instance upgrading the store in between showed an old version's
    number with the new version's tables: a store of this app taken for a foreign one,
    and moved aside (two instances started at once on a store of the version before).
    """
    db.execute("BEGIN")  # deferred: a read transaction, one snapshot for every read below
    try:
        version = stored_version(db)
        return version, schema_problem(db, version) if version <= SCHEMA_VERSION else None
    finally:
        if db.in_transaction:  # SQLite may have ended it itself after an error
            db.execute("ROLLBACK")  # nothing was written


def schema_of(db: sqlite3.Connection) -> frozenset[SchemaEntry]:
    """What a database holds: every table, index, view and trigger."""
    rows = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return frozenset(
        (str(kind), str(name), str(table), " ".join(sql.split()) if isinstance(sql, str) else None)
        for kind, name, table, sql in rows
        if name not in _SQLITE_OWN
    )


def without_index(entries: frozenset[SchemaEntry]) -> frozenset[SchemaEntry]:
    """A schema's entries but the search index's (optional, and made by FTS5: see `search_index`)."""
    return frozenset(entry for entry in entries if not search_index.is_index_entry(entry))


@functools.cache
def expected_schema(version: int) -> frozenset[SchemaEntry]:
    """What the app's migrations up to `version` make, read back from a database in memory."""
    db = sqlite3.connect(":memory:")
    try:
        for step in MIGRATIONS[:version]:
            for statement in statements(step):
                db.execute(statement)
        return schema_of(db)
    finally:
        db.close()


def schema_problem(db: sqlite3.Connection, version: int) -> str | None:
    """Why the database is not a store this app made at `version` (an unknown trigger...), or None.

    A trigger, a view or a changed table runs or shapes what the app reads and writes:
    a store holding anything the app did not make is not trusted with notes. The search
    index and the app's own indexes are no such reason: rebuilt, or made again, on opening.
    sqlite3.DatabaseError if the schema itself cannot be read.
    """
    found, expected = schema_of(db), expected_schema(version)
    if version >= SEARCH_SINCE:
        # The search index, whole, in part, damaged or not at all: data, which the store rebuilds.
        found = without_index(found)
    # An index of the app's missing (dropped by hand) is made again on opening (`missing_indexes`).
    expected -= missing_indexes(found, version)
    if found == expected:
        return None
    for kind, name, _, _ in sorted(found - expected):
        if any(entry[:2] == (kind, name) for entry in expected):
            return f"its {kind} {_named(name)} is not as this app makes it"
        return f"it holds a {kind} {_named(name)} this app never makes"
    kind, name, _, _ = min(expected - found)
    return f"its {kind} {_named(name)} is missing"


def missing_indexes(found: frozenset[SchemaEntry], version: int) -> frozenset[SchemaEntry]:
    """The app's indexes (of `version`) missing from a schema: each made again by its SQL on opening."""
    return frozenset(entry for entry in expected_schema(version) - found if entry[0] == "index" and entry[3])


def _named(name: str) -> str:
    """A name from the file, fit for a one-line message (pictured, and cut if long)."""
    shown = one_line(name)
    return repr(shown if len(shown) <= 40 else shown[:39] + "…")


def not_a_file(path: Path) -> str | None:
    """Why the store at `path` (or its -wal, -shm or -journal) cannot be opened as a file, or None.

    SQLite opens whatever is there: a FIFO would block it forever, a device never end.
    It writes its companions beside the store's real file (a link followed), and
    truncates them: one that is a link, or has another name, would destroy that file.
    """
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):  # none there: opening it says the rest
        return None
    except OSError as exc:  # a symbolic link loop, no permission
        return f"{one_line(str(path))} cannot be opened: {exc.strerror or exc}"
    if not stat.S_ISREG(mode):
        return f"{one_line(str(path))} is {kind_of(mode)}, not a regular file; it was left as it is"
    real = os.path.realpath(path)
    for name in (f"{real}{companion}" for companion in ("-wal", "-shm", "-journal")):
        try:
            info = os.lstat(name)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as exc:
            return f"{one_line(name)} cannot be opened: {exc.strerror or exc}"
        if stat.S_ISLNK(info.st_mode):
            return f"{one_line(name)} is a symbolic link, which SQLite would write through; it was left as it is"
        if not stat.S_ISREG(info.st_mode):
            return f"{one_line(name)} is {kind_of(info.st_mode)}, not a regular file; it was left as it is"
        if info.st_nlink > 1:
            return f"{one_line(name)} is a hard link to another file, which SQLite would overwrite; left as it is"
    return None


def can_write(path: Path) -> bool:
    """Whether the store at `path` (an existing file) and its folder (for its -wal and -shm) can be written."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def why_read_only(path: Path) -> str:
    """Why a store cannot be written, in a few words for the user."""
    try:
        on_read_only_disk = bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        on_read_only_disk = False
    return "it is on a read-only file system" if on_read_only_disk else "its file or folder cannot be written"


def connect_read_only(path: Path, timeout: float) -> tuple[sqlite3.Connection, bool]:
    """A connection that only reads the store at `path`; and whether it is immutable (its WAL unread).

    `mode=ro` honours the locks and the WAL, but needs the -shm file to exist or be
    made; on a read-only disk without one, only `immutable=1` can read the file,
    as it is (its -wal, if any, ignored: a store closed cleanly has none).
    sqlite3.OperationalError (locked, cannot open) is raised as it comes.
    """
    uri = path.resolve().as_uri()
    db = _connect(f"{uri}?mode=ro", timeout)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the file and its WAL index
    except sqlite3.OperationalError as exc:
        db.close()
        # CANTOPEN, or READONLY_DIRECTORY (a folder made read-only): the -shm file cannot be made.
        cannot = (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY)
        if exc.sqlite_errorcode & 0xFF not in cannot or os.access(path.parent, os.W_OK):
            raise
        return _connect(f"{uri}?immutable=1", timeout), True
    except BaseException:
        db.close()
        raise
    return db, False


def _connect(uri: str, timeout: float) -> sqlite3.Connection:
    db = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA trusted_schema = OFF")
    return db


def inspect(path: Path, timeout: float) -> int | None:
    """The schema version of the store at `path`, or None if it is not a sound store of this app's schema.

    Read through a read-only connection. It honours the locks and the WAL, so a store
    that another instance is writing, or one whose last saves are still in its WAL
    (after a crash), reads as sound; and it never checkpoints or deletes the WAL, so
    a damaged store is moved aside as it was found. (An immutable connection ignores
    the WAL: it took a store killed mid-checkpoint for a damaged one; it is used only
    where nothing else can read, on a read-only disk.)

    sqlite3.OperationalError (locked, busy, cannot open) is raised, not answered
    with None: it says nothing against the file, which must then not be moved.
    """
    try:
        db, _ = connect_read_only(path, timeout)
    except sqlite3.OperationalError:
        raise
    except sqlite3.DatabaseError:  # not a database
        return None
    try:
        if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            return None
        version, problem = version_and_problem(db)
        return None if problem is not None else version
    except sqlite3.OperationalError:
        raise
    except sqlite3.DatabaseError:  # not a database, or a damaged one
        return None
    finally:
        db.close()
