"""The fingerprint the store keeps of the version of a brief last read: kept, bounded, untrusted, and
the schema upgrade that made its table (version 2), which loses no note."""

from __future__ import annotations

import _sqlite3
import ctypes
import os
import random
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.core.brief.parse import load_brief
from tui.core.changes.fingerprint import decode, encode, fingerprint_of
from tui.core.notes import store as store_module
from tui.core.notes.access import Notes
from tui.core.notes.annotation import Anchor, Annotation
from tui.core.notes.store import MAX_FINGERPRINT_BYTES, SCHEMA_VERSION, STORE_FILE, Store, open_store
from tui.core.notes.store_errors import NewerStoreError, StoreError
from tui.core.notes.store_rows import COLUMNS, row_of
from tui.core.notes.store_schema import (
    MIGRATIONS,
    expected_schema,
    schema_of,
    statements,
    stored_version,
    without_index,
)

from .conftest import BUNDLED_BRIEF, REPO
from .helpers.dump import dump_and_restore
from .helpers.fingerprint_writer import fingerprint as numbered
from .helpers.forked import Rounds

KEY = "id:b"
PRINT = bytes(range(256)) * 40  # any bytes: NULs, invalid UTF-8


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / STORE_FILE


def note(number: int, brief: str = KEY) -> Annotation:
    stamp = f"2026-01-0{1 + number % 9}T00:00:00.000000+00:00"
    anchor = Anchor("motives", f"Quote {number}.", number, number + 9, "before ", " after")
    return Annotation(brief, anchor, "yellow", f"note {number}", ("tag",), f"note-{number}", stamp, stamp)


def version_1_store(path: Path, notes: list[Annotation]) -> None:
    """A store as version 1 of the app made it: its one migration, WAL, notes and a reading state."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        for statement in statements(MIGRATIONS[0]):
            db.execute(statement)
        db.execute("PRAGMA user_version = 1")
        marks = ", ".join(f":{name}" for name in COLUMNS.split(", "))
        db.executemany(f"INSERT INTO annotation ({COLUMNS}) VALUES ({marks})", [row_of(item) for item in notes])
        db.execute("INSERT INTO reading_state VALUES (?, ?, ?)", (KEY, '{"at": "motives"}', "2026-01-01"))
    finally:
        db.close()


def raw(path: Path, sql: str, *parameters: object) -> None:
    """Write to the file as another program could."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute(sql, parameters)
    finally:
        db.close()


def user_version(path: Path) -> int:
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(db.execute("PRAGMA user_version").fetchone()[0])
    finally:
        db.close()


# Kept


def test_a_fingerprint_comes_back_as_saved_and_a_new_one_replaces_it(path: Path) -> None:
    with Store(path) as store:
        assert store.fingerprint(KEY) is None
        store.save_fingerprint(KEY, PRINT)
        data, updated = store.fingerprint(KEY) or (b"", "")
        assert data == PRINT
        assert updated.startswith("20")
        store.save_fingerprint("id:other", b"")
    with Store(path) as store:  # another connection, as after a restart
        assert store.fingerprint(KEY) == (PRINT, updated)
        assert store.fingerprint("id:other") == (b"", store.fingerprint("id:other")[1])  # type: ignore[index]
        store.save_fingerprint(KEY, b"second")
        assert store.fingerprint(KEY)[0] == b"second"  # type: ignore[index]
        assert store.forget_fingerprint(KEY)
        assert not store.forget_fingerprint(KEY)
        assert store.fingerprint(KEY) is None
        assert store.fingerprint("id:other") is not None


def test_notes_reads_and_saves_fingerprints_and_says_why_it_cannot(path: Path) -> None:
    notes = Notes(path)
    try:
        assert notes.read_fingerprint(KEY) is None
        notes.save_fingerprint(KEY, PRINT)
        assert notes.read_fingerprint(KEY)[0] == PRINT  # type: ignore[index]
    finally:
        notes.close()
    with pytest.raises(StoreError, match="no notes store"):
        Notes(None).read_fingerprint(KEY)
    with pytest.raises(StoreError, match="no notes store"):
        Notes(None).save_fingerprint(KEY, PRINT)


def test_a_briefs_encoded_fingerprint_comes_back_through_notes_as_it_was(path: Path) -> None:
    brief = load_brief(BUNDLED_BRIEF)[0]
    kept = fingerprint_of(brief)
    notes = Notes(path)
    try:
        notes.save_fingerprint(KEY, encode(kept))
        data, _ = notes.read_fingerprint(KEY) or (b"", "")
    finally:
        notes.close()
    assert decode(data) == kept


def test_a_fingerprint_past_the_bound_is_refused_and_nothing_written(path: Path) -> None:
    with Store(path) as store:
        store.save_fingerprint(KEY, b"kept")
        with pytest.raises(StoreError, match="at most"):
            store.save_fingerprint(KEY, bytes(MAX_FINGERPRINT_BYTES + 1))
        assert store.fingerprint(KEY)[0] == b"kept"  # type: ignore[index]


def test_two_instances_on_one_file_see_each_others_fingerprints(path: Path) -> None:
    with Store(path) as first, Store(path) as second:
        first.save_fingerprint(KEY, b"from the first")
        assert second.fingerprint(KEY)[0] == b"from the first"  # type: ignore[index]
        second.save_fingerprint(KEY, b"from the second")
        assert first.fingerprint(KEY)[0] == b"from the second"  # type: ignore[index]


# The upgrade from version 1


def test_a_version_1_store_is_upgraded_in_place_with_every_note_and_state_kept(path: Path) -> None:
    notes = [note(number) for number in range(20)] + [note(99, brief="id:other")]
    version_1_store(path, notes)
    opened = open_store(path)
    assert opened.moved_aside is None
    with opened.store as store:
        assert store.version == SCHEMA_VERSION
        assert store.read(KEY).annotations == sorted(notes[:-1], key=lambda item: (item.created, item.id))
        assert store.annotations("id:other") == notes[-1:]
        assert store.reading_state(KEY) == {"at": "motives"}
        assert store.fingerprint(KEY) is None
        store.save_fingerprint(KEY, PRINT)
        assert store.integrity() == "ok"
    assert user_version(path) == SCHEMA_VERSION
    with Store(path) as store:
        assert store.fingerprint(KEY)[0] == PRINT  # type: ignore[index]
        assert store.count() == len(notes)
        db = sqlite3.connect(path)
        assert without_index(schema_of(db)) == expected_schema(SCHEMA_VERSION)
        db.close()
    assert not list(path.parent.glob("*unreadable*"))


def open_together(path: Path, instances: int = 4) -> list[object]:
    """Open the store at `path` from `instances` threads at once: where each moved a file aside (None:
    nowhere), or the StoreError it met."""
    start = threading.Barrier(instances)
    results: list[object] = []

    def open_it() -> None:
        start.wait()
        try:
            opened = open_store(path)
        except StoreError as exc:
            results.append(exc)
            return
        results.append(opened.moved_aside)
        opened.store.close()

    threads = [threading.Thread(target=open_it) for _ in range(instances)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_instances_started_together_on_a_version_1_store_all_open_it_and_none_sets_it_aside(tmp_path: Path) -> None:
    """One upgrading while another read the version, then the schema: the old number with the new table
    looked like a foreign store, and was moved aside (about 1 start in 15, with 4 at once)."""
    for number in range(60):
        path = tmp_path / str(number) / STORE_FILE
        version_1_store(path, [note(1)])
        results = open_together(path)
        assert results == [None] * 4, f"start {number}: {results}"
        with Store(path) as store:
            assert [item.id for item in store.annotations(KEY)] == ["note-1"]


def test_instances_started_together_with_no_store_never_take_the_new_one_for_a_foreign_one(tmp_path: Path) -> None:
    """The same race when the first start makes the store (about 1 start in 20 on the code before).

    A fresh file is not yet in WAL mode: switching it can still say "database is locked" at
    once (SQLite waits for no lock there, about 1 start in 100): said, nothing lost, as before.
    """
    for number in range(100):
        path = tmp_path / str(number) / STORE_FILE
        results = open_together(path)
        wrong = [item for item in results if item is not None and "database is locked" not in str(item)]
        assert not wrong, f"start {number}: {results}"
        assert not list(path.parent.glob("*unreadable*"))


def test_a_dump_of_a_store_restored_without_its_version_is_that_version(path: Path, tmp_path: Path) -> None:
    with Store(path) as store:
        store.save(note(1))
        store.save_fingerprint(KEY, PRINT)
    restored = tmp_path / "restored" / STORE_FILE
    dump_and_restore(path, restored)
    with sqlite3.connect(restored) as target:
        assert stored_version(target) == SCHEMA_VERSION
    opened = open_store(restored)
    assert opened.moved_aside is None
    with opened.store as store:
        assert [item.id for item in store.annotations(KEY)] == ["note-1"]
        assert store.fingerprint(KEY)[0] == PRINT  # type: ignore[index]
    assert user_version(restored) == SCHEMA_VERSION


def test_a_dump_of_a_version_1_store_restored_without_its_version_is_upgraded(path: Path) -> None:
    version_1_store(path, [note(1)])
    raw(path, "PRAGMA user_version = 0")
    with open_store(path).store as store:
        assert [item.id for item in store.annotations(KEY)] == ["note-1"]
        store.save_fingerprint(KEY, PRINT)
    assert user_version(path) == SCHEMA_VERSION


def test_a_store_from_a_newer_version_is_refused_and_left_as_it_is(path: Path) -> None:
    with Store(path) as store:
        store.save(note(1))
        store.save_fingerprint(KEY, PRINT)
    raw(path, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw(path, "CREATE TABLE later (x)")  # what a newer version may add
    before = path.read_bytes()
    with pytest.raises(NewerStoreError, match="newer version"):
        open_store(path)
    notes = Notes(path)
    with pytest.raises(StoreError, match="newer version"):
        notes.read_fingerprint(KEY)
    with pytest.raises(StoreError, match="newer version"):
        notes.save_fingerprint(KEY, b"x")
    assert path.read_bytes() == before
    assert not list(path.parent.glob("*unreadable*"))


@pytest.mark.parametrize(
    "extra",
    [
        "CREATE TRIGGER wipe AFTER INSERT ON fingerprint BEGIN DELETE FROM annotation; END",
        "CREATE INDEX odd ON fingerprint (updated)",
        "CREATE VIEW prints AS SELECT * FROM fingerprint",
    ],
)
def test_a_fingerprint_table_the_app_did_not_make_is_refused(path: Path, extra: str) -> None:
    with Store(path) as store:
        store.save(note(1))
    raw(path, extra)
    with pytest.raises(StoreError, match="not a notes store as this app makes it"):
        Store(path)


def test_a_version_1_store_with_a_fingerprint_table_of_its_own_is_refused(path: Path) -> None:
    version_1_store(path, [note(1)])
    raw(path, "CREATE TABLE fingerprint (brief TEXT PRIMARY KEY, data BLOB NOT NULL, updated TEXT NOT NULL)")
    with pytest.raises(StoreError, match=r"fingerprint.* this app never makes"):
        Store(path)


# Untrusted rows


@pytest.mark.parametrize(
    ("data", "updated"),
    [
        ("text, not bytes", "2026-01-01"),
        (5, "2026-01-01"),
        (1.5, "2026-01-01"),
        (b"bytes", b"2026"),  # a time that is not text (a number in a TEXT column is made text: fine)
    ],
)
def test_a_row_the_app_does_not_write_reads_as_an_unreadable_fingerprint(
    path: Path, data: object, updated: object
) -> None:
    """Empty data (no fingerprint is), so the reader says it could not be read back: an attack's TEXT row was
    taken for a brief never read, silently."""
    Store(path).close()
    raw(path, "INSERT INTO fingerprint VALUES (?, ?, ?)", KEY, data, updated)
    with Store(path) as store:
        assert store.fingerprint(KEY) == (
            (data if isinstance(data, bytes) else b""),
            "" if updated == b"2026" else updated,
        )
        store.save_fingerprint(KEY, b"mended")  # and it can be written over
        assert store.fingerprint(KEY)[0] == b"mended"  # type: ignore[index]


def test_a_null_where_the_schema_forbids_one_reads_as_an_unreadable_fingerprint(path: Path) -> None:
    """Another program can write a NULL into a NOT NULL column: the schema's text edited, then restored."""
    Store(path).close()
    table = "CREATE TABLE fingerprint (brief TEXT PRIMARY KEY, data BLOB NOT NULL, updated TEXT NOT NULL)"
    loose = table.replace(" NOT NULL", "")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA writable_schema = ON")
    db.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'fingerprint'", (loose,))
    db.close()
    raw(path, "INSERT INTO fingerprint VALUES (?, NULL, NULL)", KEY)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA writable_schema = ON")
    db.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'fingerprint'", (table,))
    db.close()
    with Store(path) as store:
        assert store._read("SELECT typeof(data) FROM fingerprint", ()) == [("null",)]
        assert store.fingerprint(KEY) == (b"", "")


def test_the_time_is_pictured_and_cut(path: Path) -> None:
    Store(path).close()
    raw(path, "INSERT INTO fingerprint VALUES (?, ?, ?)", KEY, b"x", "2026\x1b]0;owned\x07" + "9" * 1000)
    with Store(path) as store:
        data, updated = store.fingerprint(KEY) or (b"", "")
    assert data == b"x"
    assert "\x1b" not in updated
    assert "\x07" not in updated
    assert len(updated) <= 40 * 2  # each of 40 characters pictured in at most two
    raw(path, "UPDATE fingerprint SET updated = CAST(x'ff32303236' AS TEXT)")  # not UTF-8
    with Store(path) as store:
        assert store.fingerprint(KEY) == (b"x", "\ufffd2026")


def test_a_value_at_the_bound_is_read_and_one_past_it_is_not(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "MAX_FINGERPRINT_BYTES", 1000)
    with Store(path) as store:
        store.save_fingerprint(KEY, bytes(1000))
        assert store.fingerprint(KEY)[0] == bytes(1000)  # type: ignore[index]
    raw(path, "UPDATE fingerprint SET data = zeroblob(1001)")
    with Store(path) as store:
        assert store.fingerprint(KEY)[0] == b""  # type: ignore[index]


def test_an_oversized_value_is_never_read_into_memory(path: Path) -> None:
    """SQLite's own count of the memory it holds: reading the value plainly takes it all; the check, none."""
    library = ctypes.CDLL(_sqlite3.__file__)  # the SQLite library the module is linked with
    highwater = library.sqlite3_memory_highwater
    highwater.restype, highwater.argtypes = ctypes.c_int64, [ctypes.c_int]
    Store(path).close()
    raw(path, f"INSERT INTO fingerprint VALUES (?, zeroblob({MAX_FINGERPRINT_BYTES + 1}), 'then')", KEY)
    with Store(path) as store:
        highwater(1)
        assert store._read("SELECT data FROM fingerprint", ())  # the measure works: the value read plainly
        plainly = highwater(1)
        assert store.fingerprint(KEY) == (b"", "then")
        checked = highwater(1)
    assert plainly > MAX_FINGERPRINT_BYTES
    assert checked < MAX_FINGERPRINT_BYTES // 8, f"{checked:,} bytes held to find the value too long"


# Read-only stores


@pytest.mark.system  # runs another process (mount)
def test_a_store_on_a_read_only_disk_reads_its_fingerprint_and_refuses_a_save(
    mounted: tuple[Path, Callable[[], None]],
) -> None:
    folder, lock = mounted
    path = folder / STORE_FILE
    with Store(path) as store:
        store.save(note(1))
        store.save_fingerprint(KEY, PRINT)
    lock()
    notes = Notes(path)
    try:
        assert notes.read_fingerprint(KEY)[0] == PRINT  # type: ignore[index]
        with pytest.raises(StoreError, match="read-only"):
            notes.save_fingerprint(KEY, b"new")
        assert notes.read_fingerprint(KEY)[0] == PRINT  # type: ignore[index]
    finally:
        notes.close()


@pytest.mark.system  # runs another process (mount)
def test_a_version_1_store_on_a_read_only_disk_shows_its_notes_and_has_no_fingerprint(
    mounted: tuple[Path, Callable[[], None]],
) -> None:
    """It cannot be upgraded: it is read as version 1, as before there were fingerprints."""
    folder, lock = mounted
    path = folder / STORE_FILE
    notes_kept = [note(number) for number in range(3)]
    version_1_store(path, notes_kept)
    lock()
    before = path.read_bytes()
    opened = open_store(path)
    assert opened.moved_aside is None
    with opened.store as store:
        assert store.read_only
        assert store.version == 1
        assert store.annotations(KEY) == notes_kept
        assert store.reading_state(KEY) == {"at": "motives"}
        assert store.fingerprint(KEY) is None
        with pytest.raises(StoreError, match="read-only"):
            store.save_fingerprint(KEY, PRINT)
        with pytest.raises(StoreError, match="read-only"):
            store.save(note(7))
    notes = Notes(path, set_aside=False)  # as an export opens it
    try:
        assert len(notes.load(KEY, []).placed) == 3
        assert notes.read_fingerprint(KEY) is None
        with pytest.raises(StoreError, match="read-only"):
            notes.save_fingerprint(KEY, PRINT)
    finally:
        notes.close()
    assert path.read_bytes() == before


def test_an_export_upgrades_a_writable_version_1_store_and_keeps_its_notes(path: Path) -> None:
    """Opened without setting aside (an export, the command line), a store that can be written is upgraded."""
    version_1_store(path, [note(1)])
    notes = Notes(path, set_aside=False)
    try:
        assert [item.annotation.id for item in notes.load(KEY, []).placed] == ["note-1"]
        assert notes.read_fingerprint(KEY) is None
        notes.save_fingerprint(KEY, PRINT)
    finally:
        notes.close()
    assert user_version(path) == SCHEMA_VERSION


# A kill


KILLS = 40
SIZE = 1 << 20  # a brief of some 16,000 sentences: each save writes a megabyte


@pytest.mark.system  # runs another process
def test_killing_a_process_saving_fingerprints_loses_no_note_and_tears_no_fingerprint(path: Path) -> None:
    """SIGKILL at random moments: every note saved before, and every one printed, is there; the
    fingerprint is one saved whole, the last printed or the one after it."""
    rng = random.Random(20261203)
    before = [note(number) for number in range(50)]
    version_1_store(path, before)  # the first child's open upgrades it
    confirmed: set[str] = {item.id for item in before}
    last = 0
    writers = Rounds("tests.helpers.fingerprint_writer", str(path), KEY, str(SIZE), cwd=REPO)
    try:
        for _ in range(KILLS):
            printed = writers.kill_after(rng.uniform(0, 0.05))
            assert printed[0].startswith("fingerprint "), printed
            confirmed.update(line.split()[1] for line in printed if line.startswith("saved "))
            numbers = [int(line.split()[1]) for line in printed if line.startswith("fingerprint ")]
            with Store(path) as store:
                data, _ = store.fingerprint(KEY) or (b"", "")
            stored = int.from_bytes(data[:8], "big")
            assert data == numbered(stored, SIZE), "a torn fingerprint"
            assert stored in (numbers[-1], numbers[-1] + 1)
            assert stored > last
            last = stored
    finally:
        writers.close()
    with Store(path) as store:
        assert store.integrity() == "ok"
        stored_ids = {item.id for item in store.annotations(KEY)}
    assert confirmed <= stored_ids
    assert not list(path.parent.glob("*unreadable*"))
    assert os.path.getsize(path) < 64 * SIZE  # one fingerprint a brief, not one a save
