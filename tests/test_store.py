"""The annotation store: saves that survive crashes and a second instance, and files it must not trust."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.core.notes.annotation import Anchor, Annotation, brief_key
from tui.core.notes.store import SCHEMA_VERSION, STORE_FILE, Store, open_store
from tui.core.notes.store_errors import DeletedElsewhere, NewerStoreError, StoreError

from .conftest import REPO
from .helpers.forked import Rounds

ANCHOR = Anchor("motives", "Three motives stand out.", 120, 144, prefix="on the world stage. ", suffix=" Military")


def note(brief: str = "id:b", **changes: object) -> Annotation:
    return Annotation(brief, ANCHOR, note="Check *this*.", tags=("follow-up",), **changes)  # type: ignore[arg-type]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / STORE_FILE


def test_a_saved_note_comes_back_as_it_was(path: Path) -> None:
    with Store(path) as store:
        saved = store.save(note(colour="green"))
        assert saved.created
        assert saved.updated == saved.created
    with Store(path) as store:  # another connection, as after a restart
        (found,) = store.annotations("id:b")
        assert found == saved
        assert found.anchor == ANCHOR
        assert found.tags == ("follow-up",)
        assert store.annotations("id:other") == []


def test_an_update_keeps_the_id_and_creation_time(path: Path) -> None:
    with Store(path) as store:
        first = store.save(note())
        time.sleep(0.001)
        second = store.save(Annotation(first.brief, first.anchor, note="Changed.", id=first.id, created=first.created))
        assert (second.id, second.created) == (first.id, first.created)
        assert second.updated > first.updated
        (found,) = store.annotations("id:b")
        assert found.note == "Changed."
        assert store.count() == 1


def test_delete_leaves_a_tombstone_that_restore_undoes(path: Path) -> None:
    with Store(path) as store:
        saved = store.save(note())
        assert store.delete(saved.id)
        assert store.annotations("id:b") == []
        (tombstone,) = store.annotations("id:b", deleted=True)
        assert tombstone.deleted is not None
        assert not store.delete(saved.id)  # already deleted
        assert store.restore(saved.id)
        (back,) = store.annotations("id:b")
        assert back.deleted is None
        assert back.note == saved.note


def test_reading_state_is_kept_per_brief(path: Path) -> None:
    with Store(path) as store:
        assert store.reading_state("id:b") == {}
        store.save_reading_state("id:b", {"columns": ["motives", "chinas-role"], "cursor": 3})
        store.save_reading_state("id:b", {"columns": ["situation"], "cursor": 5})
    with Store(path) as store:
        assert store.reading_state("id:b") == {"columns": ["situation"], "cursor": 5}


def test_a_brief_is_known_by_its_id_so_moving_it_keeps_its_notes(tmp_path: Path) -> None:
    assert brief_key("north-korea", tmp_path / "a.md") == brief_key("north-korea", tmp_path / "moved" / "b.md")
    assert brief_key(None, tmp_path / "a.md") == f"path:{(tmp_path / 'a.md').resolve()}"
    assert brief_key(None, tmp_path / "a.md") != brief_key(None, tmp_path / "b.md")


def test_the_store_is_in_wal_mode_with_full_sync_and_versioned(path: Path) -> None:
    with Store(path) as store:
        store.save(note())
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()


def test_a_store_from_a_newer_version_is_refused_and_left_alone(path: Path) -> None:
    with Store(path) as store:
        store.save(note())
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    before = path.read_bytes()
    with pytest.raises(NewerStoreError, match="newer version"):
        open_store(path)
    assert path.read_bytes() == before
    assert not list(path.parent.glob("*unreadable*"))


@pytest.mark.parametrize("damage", ["not-sqlite", "truncated", "garbage"])
def test_an_unreadable_store_is_moved_aside_and_a_fresh_one_started(path: Path, damage: str) -> None:
    with Store(path) as store:
        for _ in range(50):
            store.save(note())
    Path(f"{path}-wal").write_bytes(b"wal")  # its companions move with it
    if damage == "not-sqlite":
        path.write_text("these are my notes, not a database\n")
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:5000])
    else:
        data = bytearray(path.read_bytes())
        data[100:4000] = os.urandom(3900)
        path.write_bytes(bytes(data))
    damaged = path.read_bytes()
    opened = open_store(path)
    assert opened.moved_aside is not None
    assert opened.moved_aside.read_bytes() == damaged  # nothing deleted, nothing changed
    assert Path(f"{opened.moved_aside}-wal").read_bytes() == b"wal"
    assert opened.store.count() == 0
    opened.store.save(note())
    assert opened.store.count() == 1
    opened.store.close()


def test_a_store_locked_by_another_instance_is_waited_for_never_moved_aside(path: Path) -> None:
    with Store(path) as store:
        store.save(note())
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError):
            open_store(path, timeout=0.2)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not list(path.parent.glob("*unreadable*"))
    with open_store(path).store as store:
        assert store.count() == 1


def test_a_store_that_cannot_be_opened_says_why(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(StoreError, match="cannot open the notes store"):
        open_store(blocker / STORE_FILE)


def test_a_full_disk_fails_the_save_with_a_message_and_keeps_what_was_saved(path: Path) -> None:
    with Store(path) as store:
        kept = store.save(note())
        pages = store._db.execute("PRAGMA page_count").fetchone()[0]
        store._db.execute(f"PRAGMA max_page_count = {pages}")  # as if the disk were full
        with pytest.raises(StoreError, match=r"^the disk holding .*annotations\.sqlite3 is full$"):
            fill(store)  # said as a full disk (it was "cannot rollback - no transaction is active")
    with Store(path) as store:
        assert kept.id in {found.id for found in store.annotations("id:b")}
        assert store.integrity() == "ok"


def fill(store: Store) -> None:
    """Save large notes until the store refuses one."""
    for number in range(1000):
        store.save(Annotation("id:b", ANCHOR, note="x" * 4000 + str(number)))


def writer(path: Path, brief: str, count: int, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.store_writer", str(path), brief, str(count), *extra],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )


@pytest.mark.system  # runs another process
def test_two_processes_saving_at_once_lose_nothing(path: Path) -> None:
    Store(path).close()
    first, second = writer(path, "id:b", 300), writer(path, "id:b", 300)
    outputs = [process.communicate(timeout=120)[0] for process in (first, second)]
    saved = [line.split()[1] for output in outputs for line in output.splitlines() if line.startswith("saved ")]
    errors = [line for output in outputs for line in output.splitlines() if line.startswith("error ")]
    with Store(path) as store:
        stored = {annotation.id for annotation in store.annotations("id:b")}
        assert store.integrity() == "ok"
    assert set(saved) <= stored  # every save that returned is there
    assert len(saved) + len(errors) == 600  # and every other one said so
    assert len(stored) == len(saved)


KILLS = 200


@pytest.mark.system  # runs another process
def test_killing_a_saving_process_never_loses_a_returned_save(path: Path) -> None:
    """SIGKILL at random moments, KILLS times: every id printed after `save` returned is in the store."""
    rng = random.Random(20261127)
    confirmed: set[str] = set()
    # A forked writer per kill: a process of its own, without a Python start-up each time.
    writers = Rounds("tests.helpers.store_writer", str(path), "id:b", "100000", "4", cwd=REPO)  # checkpoint often
    try:
        for _ in range(KILLS):
            # Kill after the first save, at a random moment within the next few saves.
            printed = writers.kill_after(rng.uniform(0, 0.03))
            assert printed[0].startswith("saved ")
            confirmed.update(line.split()[1] for line in printed if line.startswith("saved "))
    finally:
        writers.close()
    with Store(path) as store:
        assert store.integrity() == "ok"
        stored = {annotation.id for annotation in store.annotations("id:b")}
    assert confirmed <= stored
    assert len(confirmed) >= KILLS
    assert not list(path.parent.glob("*unreadable*"))  # a killed store is recovered, not taken for damaged


def test_saving_an_old_copy_of_a_deleted_note_is_refused_not_saved_into_its_tombstone(path: Path) -> None:
    with Store(path) as store:
        saved = store.save(note())
        assert store.delete(saved.id)
        with pytest.raises(DeletedElsewhere):
            store.save(Annotation(saved.brief, saved.anchor, note="edited elsewhere", id=saved.id))
        assert store.annotations("id:b") == []
        (tombstone,) = store.annotations("id:b", deleted=True)
        assert tombstone.note == saved.note  # nothing written


def test_damage_found_while_running_is_a_store_error_not_a_crash(path: Path) -> None:
    with Store(path) as store:
        for number in range(200):
            store.save(Annotation("id:b", ANCHOR, note="n" * 300 + str(number)))
    with open(path, "r+b") as handle:  # a damaged page: a bad sector, a sync tool, another program
        handle.seek(4096 * 3)
        handle.write(b"\xff" * 4096)
    store = Store(path)  # opened as the app had it before the damage: no check at opening
    with pytest.raises(StoreError):
        store.annotations("id:b")
    with pytest.raises(StoreError):
        store.save(Annotation("id:b", ANCHOR, note="x" * 3000))
    store.close()
