"""A store someone else wrote to: a second instance deleting, an import without times, a read-only disk,
terminal escapes, rows of the wrong type, and a schema that is not the app's own."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.cli.export import export
from tui.core.export.compose import gather
from tui.core.library import read_library
from tui.core.notes.access import Notes
from tui.core.notes.annotation import Anchor, Annotation, brief_key
from tui.core.notes.store import SCHEMA_VERSION, STORE_FILE, Store, open_store
from tui.core.notes.store_errors import StoreError
from tui.core.notes.store_rows import annotation_of
from tui.core.outside.visible import pictured

from .conftest import BUNDLED_BRIEF
from .export_fixtures import bundled, fixed_notes
from .helpers.dump import dump_and_restore

ANCHOR = Anchor("motives", "Three motives stand out.", 120, 144, prefix="on the world stage. ", suffix=" Military")
COLUMNS = "id, brief, section, quote, prefix, suffix, start, end, colour, note, tags, created, updated, deleted"
KEY = brief_key(bundled().id, BUNDLED_BRIEF)
ESCAPES = "\x1b]52;c;cm0gLXJmIH4=\x07\x1b]0;owned\x07\x1b[2J\x9b"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / STORE_FILE


def note(brief: str = "id:b", **changes: object) -> Annotation:
    return Annotation(brief, ANCHOR, note="Check this.", tags=("follow-up",), **changes)  # type: ignore[arg-type]


def insert(path: Path, *rows: tuple[object, ...]) -> None:
    """Write rows straight into the table, as another program (or an attacker) could."""
    with Store(path):
        pass  # the app's own schema
    db = sqlite3.connect(path)
    with db:
        db.executemany(f"INSERT INTO annotation ({COLUMNS}) VALUES ({', '.join('?' * 14)})", rows)
    db.close()


def row(number: int, **changes: object) -> tuple[object, ...]:
    """A sound row of a note on the bundled brief's first sentence, with `changes`."""
    brief = bundled()
    section = brief.sections[0]
    quote = section.text[: section.sentences[0].end].rstrip()
    stamp = f"2026-01-01T00:00:0{number}.000000+00:00"
    values: dict[str, object] = {
        "id": f"note-{number}", "brief": KEY, "section": section.id, "quote": quote, "prefix": "", "suffix": "",
        "start": 0, "end": len(quote), "colour": "green", "note": f"note {number}", "tags": "[]",
        "created": stamp, "updated": stamp, "deleted": None,
    }  # fmt: skip
    values.update(changes)
    return tuple(values[name] for name in COLUMNS.split(", "))


# 3. An edit saved into a note another instance deleted


def test_an_edit_of_a_note_deleted_elsewhere_brings_it_back_and_says_so(path: Path) -> None:
    first, second = Notes(path), Notes(path)
    try:
        saved = first.save(note())
        assert second.delete(saved.id)
        edited = first.save(Annotation(saved.brief, saved.anchor, note="edited", id=saved.id, created=saved.created))
        assert edited.deleted is None
        assert first.restored_elsewhere(saved.id)
        assert not first.restored_elsewhere(saved.id)  # said once
    finally:
        first.close()
        second.close()
    with Store(path) as store:  # after a restart: there, with the edit
        (kept,) = store.annotations("id:b")
        assert (kept.id, kept.note, kept.created) == (saved.id, "edited", saved.created)


def test_the_store_never_saves_into_a_tombstone_without_being_told_to(path: Path) -> None:
    with Store(path) as store:
        saved = store.save(note())
        store.delete(saved.id)
        with pytest.raises(StoreError, match="deleted"):
            store.save(Annotation(saved.brief, saved.anchor, note="edited elsewhere", id=saved.id))
        assert store.get(saved.id).note == "Check this."  # type: ignore[union-attr]  # nothing written
        back = store.save(Annotation(saved.brief, saved.anchor, note="edited", id=saved.id), undelete=True)
        assert back.deleted is None
        assert [found.note for found in store.annotations("id:b")] == ["edited"]


# 4. An import without times


def test_an_import_without_times_changes_nothing_already_stored(path: Path) -> None:
    with Store(path) as store:
        kept = store.save(note("id:first"))
        merged = store.merge([Annotation("id:other", ANCHOR, note="from a file without times", id=kept.id)])
        # Kept as it is, and said so: its id is that of a note of another brief.
        assert (merged.added, merged.updated, merged.unchanged, merged.other_brief) == (0, 0, 0, 1)
        assert store.get(kept.id) == kept


def test_an_import_never_changes_a_note_of_another_brief(path: Path) -> None:
    """A crafted import that knew a note's id rewrote its text, if it said it was newer."""
    with Store(path) as store:
        kept = store.save(note("id:first"))
        newer = Annotation(
            "id:other", ANCHOR, note="newer", id=kept.id, created="2000-01-01T00:00:00.000000+00:00",
            updated="2999-01-01T00:00:00.000000+00:00",
        )  # fmt: skip
        merged = store.merge([newer])
        assert (merged.updated, merged.other_brief) == (0, 1)
        assert store.get(kept.id) == kept


def test_an_import_with_only_a_creation_time_is_as_old_as_that(path: Path) -> None:
    with Store(path) as store:
        kept = store.save(note())
        old = Annotation("id:b", ANCHOR, note="old", id=kept.id, created="2000-01-01T00:00:00.000000+00:00")
        assert store.merge([old]).unchanged == 1
        assert store.get(kept.id) == kept


# 5. A read-only store


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A folder on a file system mounted read-only once the test has filled it (call the yielded path's `lock`)."""
    folder = tmp_path / "mounted"
    folder.mkdir()
    try:
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(folder)], check=True, capture_output=True
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot mount a file system here: {exc}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False, capture_output=True)


def lock(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, capture_output=True)


def store_of_fixed_notes(path: Path) -> None:
    with Store(path) as store:
        store.merge(fixed_notes(bundled()))


@pytest.mark.system  # runs another process
def test_a_store_on_a_read_only_disk_is_read_and_says_why_it_cannot_save(read_only: Path) -> None:
    path = read_only / STORE_FILE
    store_of_fixed_notes(path)
    assert sorted(item.name for item in read_only.iterdir()) == [STORE_FILE]  # closed: no -wal, no -shm
    lock(read_only)
    opened = open_store(path)
    with opened.store as store:
        assert store.read_only
        assert len(store.annotations(KEY)) == 6
        with pytest.raises(StoreError, match="read-only"):
            store.save(note())
        with pytest.raises(StoreError, match="read-only"):
            store.delete(fixed_notes(bundled())[0].id)
    assert opened.moved_aside is None


@pytest.mark.system  # runs another process
def test_a_read_only_store_with_its_wal_reads_what_the_wal_holds(read_only: Path, tmp_path: Path) -> None:
    live = tmp_path / "live" / STORE_FILE
    writer = Store(live)
    try:
        writer._db.execute("PRAGMA wal_autocheckpoint = 0")  # the notes stay in the WAL
        writer.merge(fixed_notes(bundled()))
        for suffix in ("", "-wal", "-shm"):
            shutil.copyfile(f"{live}{suffix}", read_only / f"{STORE_FILE}{suffix}")
    finally:
        writer.close()
    lock(read_only)
    with open_store(read_only / STORE_FILE).store as store:
        assert store.read_only
        assert len(store.annotations(KEY)) == 6


@pytest.mark.system  # runs another process
def test_export_of_a_read_only_store_says_so_and_exports(read_only: Path, tmp_path: Path) -> None:
    path = read_only / STORE_FILE
    store_of_fixed_notes(path)
    lock(read_only)
    err = io.StringIO()
    target = tmp_path / "notes.md"
    assert export(BUNDLED_BRIEF, target, None, store=path, journal=tmp_path / "journal", err=err) == 0
    said = err.getvalue()
    assert "read-only" in said
    assert "Wrote 6 notes" in said
    assert "Traceback" not in said


@pytest.mark.system  # runs another process
async def test_the_reader_shows_a_read_only_stores_notes_and_says_it_cannot_save(read_only: Path) -> None:
    from tui.app import BriefingApp
    from tui.core.brief.loader import open_brief
    from tui.widgets.section_view import SectionView

    from .test_reader_notes import notices, settle

    path = read_only / STORE_FILE
    store_of_fixed_notes(path)
    lock(read_only)
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=path)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.pause()
        assert any("read-only" in said and "not saved" in said for said in notices(app)), notices(app)
        assert sum(len(view.notes) for view in app.screen.query(SectionView)) >= 2  # the notes show
        await pilot.press("j", "m")
        await settle(app)
        assert any(said.startswith("Notes cannot be kept") and "read-only" in said for said in notices(app))
        await pilot.press("a")  # no editor whose typing could not be kept
        await pilot.pause()
        assert app.screen.query(SectionView)
        assert any(said.startswith("Notes cannot be saved") and "read-only" in said for said in notices(app))


# 6. Terminal escapes in the database


def test_text_read_from_the_store_is_pictured(path: Path) -> None:
    insert(path, row(1, note=f"a{ESCAPES}b", tags=f'["x{ESCAPES}"]', quote=f"q{ESCAPES}", prefix="\x1b", suffix="\x07",
                     section="s\x1b"))  # fmt: skip
    with Store(path) as store:
        (found,) = store.annotations(KEY)
        store.save_reading_state(KEY, {"at": f"Motives{ESCAPES}", "columns": ["c\x1b"]})
        state = store.reading_state(KEY)
    shown = [found.note, *found.tags, found.anchor.quote, found.anchor.prefix, found.anchor.suffix]
    shown += [found.anchor.section, str(state["at"]), *state["columns"]]  # type: ignore[misc]
    for text in shown:
        assert not any((ord(ch) < 0x20 and ch != "\n") or 0x7F <= ord(ch) <= 0x9F for ch in text), text
    assert found.note.startswith("a␛]52;c;")


def test_the_library_shows_a_crafted_reading_position_pictured(path: Path) -> None:
    with Store(path) as store:
        store.save_reading_state(KEY, {"at": f"Motives{ESCAPES}"})
    notes = Notes(path)
    try:
        (entry,) = notes.with_notes(read_library([BUNDLED_BRIEF.parent]))
    finally:
        notes.close()
    assert "\x1b" not in entry.at
    assert entry.at.startswith("Motives␛]52")


# Mostly ASCII, as most notes are, with every character `pictured` replaces in reach.
TRICKY = st.sampled_from([*"ab .\n\t", *map(chr, range(0x20)), "\x7f", "\x9b", "\u202e", "\u200f", "é"])


@given(st.text(alphabet=TRICKY), st.text(alphabet=TRICKY))
def test_every_text_read_is_pictured_as_a_briefs_text_is(note: str, quote: str) -> None:
    """The quick check that skips picturing (ASCII without controls) never lets one through."""
    found = annotation_of(row(1, note=note, quote=quote, end=len(quote), section="s", brief="id:b"))
    assert (found.note, found.anchor.quote) == (pictured(note), pictured(quote))


def test_each_character_pictured_is_caught_alone_in_ascii_or_not() -> None:
    hidden = [chr(code) for code in range(0x3000) if pictured(chr(code)) != chr(code)]
    assert len(hidden) > 70
    for character in hidden:
        for note in (f"plain {character} text", f"caf\u00e9 {character}"):
            found = annotation_of(row(1, note=note, section="s", quote="q", end=1, brief="id:b"))
            assert found.note == pictured(note), repr(character)


def test_text_that_is_not_utf8_is_read_with_replacement_characters(path: Path) -> None:
    insert(path, row(1))
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE annotation SET note = CAST(X'6e6f7465ff' AS TEXT)")
    db.close()
    with Store(path) as store:
        (found,) = store.annotations(KEY)
    assert found.note == "note\ufffd"


# 7. Rows that are not what the app writes

BAD_ROWS = [
    (row(2, colour="chartreuse"), "colour"),
    (row(3, start="twelve"), "offsets"),
    (row(4, quote=b"\x1b[2Jbytes"), "quote"),
    (row(5, end=2.5), "offsets"),
    (row(6, start=-4), "offsets"),
    (row(7, tags='{"not": "a list"}'), "tags"),
    (row(9, tags="[" * 5_000 + "]" * 5_000), "tags are nested too deeply"),  # a RecursionError hid every note
]


@pytest.mark.parametrize(("bad", "reason"), BAD_ROWS)
def test_a_bad_row_is_skipped_and_counted_and_the_good_ones_read(
    path: Path, bad: tuple[object, ...], reason: str
) -> None:
    insert(path, row(1), bad, row(8))
    with Store(path) as store:
        read = store.read(KEY)
        assert [found.id for found in read.annotations] == ["note-1", "note-8"]
        assert read.skipped.count == 1
        assert reason in read.skipped.notice()
        assert read.skipped.notice().startswith("1 note could not be read: ")
        assert [found.id for found in store.annotations(KEY)] == ["note-1", "note-8"]
        assert store.get(str(bad[0])) is None
        store.save(note())  # and the store still works


def test_many_bad_rows_are_counted_with_the_reasons_of_the_first(path: Path) -> None:
    insert(path, row(1), *(bad for bad, _ in BAD_ROWS))
    with Store(path) as store:
        read = store.read(KEY)
    assert [found.id for found in read.annotations] == ["note-1"]
    notice = read.skipped.notice()
    assert notice.startswith(f"{len(BAD_ROWS)} notes could not be read: ")
    assert "colour" in notice
    assert "\x1b" not in notice
    assert len(notice) < 400


def test_export_of_a_store_with_bad_rows_exports_the_good_ones_and_says_so(path: Path, tmp_path: Path) -> None:
    insert(path, row(1), row(2, colour="chartreuse"), row(3, quote=b"blob"))
    gathered = gather(BUNDLED_BRIEF, path)
    assert [placed.annotation.id for placed in gathered.placed] == ["note-1"]
    err = io.StringIO()
    target = tmp_path / "notes.md"
    assert export(BUNDLED_BRIEF, target, None, store=path, journal=tmp_path / "journal", err=err) == 0
    said = err.getvalue()
    assert "2 notes could not be read: " in said
    assert "Wrote 1 note " in said
    assert "Traceback" not in said


def test_a_bad_reading_state_is_read_as_none(path: Path) -> None:
    with Store(path):
        pass
    db = sqlite3.connect(path)
    with db:
        db.execute("INSERT INTO reading_state VALUES (?, ?, ?)", (KEY, 12, "now"))
        db.execute("INSERT INTO reading_state VALUES (?, ?, ?)", ("id:other", b'{"at": "x"}', "now"))
    db.close()
    with Store(path) as store:
        assert store.reading_state(KEY) == {}
        assert store.reading_state("id:other") == {}


# 8. A schema that is not the app's own

FOREIGN = {
    "trigger": "CREATE TRIGGER wipe AFTER INSERT ON annotation BEGIN DELETE FROM annotation; END",
    "view": "CREATE VIEW everything AS SELECT * FROM annotation",
    "table": "CREATE TABLE extra (x)",
    "index": "CREATE INDEX by_note ON annotation (note)",
    "changed table": None,
}


@pytest.mark.parametrize("kind", FOREIGN)
def test_a_store_whose_schema_is_not_the_apps_is_moved_aside(path: Path, kind: str) -> None:
    with Store(path) as store:
        for _ in range(3):
            store.save(note())
    db = sqlite3.connect(path, isolation_level=None)
    statement = FOREIGN[kind]
    if statement is None:  # the same name, another table: a column without its constraint
        db.execute("PRAGMA writable_schema = ON")
        db.execute(
            "UPDATE sqlite_master SET sql = replace(sql, 'colour TEXT NOT NULL', 'colour') WHERE name = 'annotation'"
        )
    else:
        db.execute(statement)
    db.close()
    opened = open_store(path)
    with opened.store as store:
        assert opened.moved_aside is not None
        for _ in range(3):
            store.save(note())
        assert store.count() == 3  # nothing deleted by what the file held
    kept = sqlite3.connect(opened.moved_aside)
    assert kept.execute("SELECT count(*) FROM annotation").fetchone()[0] == 3  # moved, not lost
    kept.close()


def test_a_foreign_schema_found_after_opening_is_refused(path: Path) -> None:
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute(FOREIGN["trigger"])  # type: ignore[arg-type]
    db.close()
    with pytest.raises(StoreError, match="not a notes store"):
        Store(path)


def test_the_store_trusts_nothing_in_its_schema(path: Path) -> None:
    with Store(path) as store:
        assert store._db.execute("PRAGMA trusted_schema").fetchone()[0] == 0


def test_a_store_of_this_version_opens_as_it_is(path: Path) -> None:
    with Store(path) as store:
        store.save(note())
        store.save_reading_state("id:b", {"at": "x"})
    opened = open_store(path)
    with opened.store as store:
        assert opened.moved_aside is None
        assert store.count() == 1


@pytest.mark.parametrize("companion", ["", "-wal", "-shm", "-journal"])
def test_a_store_that_is_a_fifo_is_refused_at_once_not_waited_on(path: Path, tmp_path: Path, companion: str) -> None:
    path.parent.mkdir(parents=True)
    if companion:
        Store(path).close()
    fifo = Path(f"{path}{companion}")
    fifo.unlink(missing_ok=True)
    os.mkfifo(fifo)
    with pytest.raises(StoreError, match="FIFO"):
        open_store(path)
    err = io.StringIO()
    assert export(BUNDLED_BRIEF, tmp_path / "out.md", None, store=path, journal=tmp_path / "journal", err=err) == 1
    assert "FIFO" in err.getvalue()
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # left as it was


@pytest.mark.parametrize("companion", ["-wal", "-shm", "-journal"])
@pytest.mark.parametrize("how", ["hard", "symbolic"])
def test_a_store_companion_that_is_another_file_is_refused_and_it_kept(path: Path, companion: str, how: str) -> None:
    """SQLite truncates its -wal and -shm: a brief hard-linked there was overwritten on the first save."""
    with Store(path) as store:
        store.save(Annotation("id:b", Anchor("s", "q", 0, 1, "", "")))
    brief = path.parent / "brief.md"
    brief.write_text("# precious\n")
    companion_file = Path(f"{path}{companion}")
    companion_file.unlink(missing_ok=True)
    if how == "hard":
        os.link(brief, companion_file)
    else:
        companion_file.symlink_to(brief)
    with pytest.raises(StoreError, match="link"):
        open_store(path)
    assert brief.read_text() == "# precious\n"


def test_the_companions_of_a_linked_store_are_checked_where_sqlite_puts_them(path: Path, tmp_path: Path) -> None:
    real = tmp_path / "elsewhere" / STORE_FILE
    real.parent.mkdir()
    Store(real).close()
    path.parent.mkdir(parents=True)
    path.symlink_to(real)
    os.mkfifo(f"{real}-wal")
    with pytest.raises(StoreError, match="FIFO"):
        open_store(path)
    assert stat.S_ISFIFO(os.stat(f"{real}-wal").st_mode)


def test_a_backup_restored_with_sqlite_dump_is_the_same_store(path: Path, tmp_path: Path) -> None:
    """`.dump` keeps every table but not the schema version: the restored store was moved aside, its notes hidden."""
    with Store(path) as store:
        kept = store.save(Annotation("id:b", Anchor("s", "q", 0, 1, "", ""), note="kept"))
    restored = tmp_path / "restored" / STORE_FILE
    dump_and_restore(path, restored)
    opened = open_store(restored)
    assert opened.moved_aside is None
    with opened.store as store:
        assert [note.note for note in store.annotations("id:b")] == [kept.note]
        store.save(Annotation("id:b", Anchor("s", "r", 1, 2, "", ""), note="after"))
    with sqlite3.connect(restored) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
