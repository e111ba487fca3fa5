"""The search index of a store's life: made by the upgrade from version 2, read where the store cannot be
written, found out of step (vacuumed, damaged, dropped, written without it) and rebuilt, shared by two instances."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.core.notes import search_index
from tui.core.notes.annotation import Anchor, Annotation
from tui.core.notes.note_query import parse
from tui.core.notes.store import STORE_FILE, Store, open_store
from tui.core.notes.store_rows import COLUMNS

from .helpers.old_store import version_2_store

BRIEF = "id:old"
HOSTILE = '[bold red]markup[/] \x1b[31mred\x1b[0m \u202eevil\u202c NEAR(a b) "quoted" note: -x ^start * AND OR'


def word(number: int) -> str:
    return f"uniq{number:03d}z"


def notes(count: int = 50) -> list[Annotation]:
    made = []
    for number in range(count):
        text = f"{HOSTILE} {word(number)}" if number % 7 == 0 else f"a note holding {word(number)}"
        stamp = f"2026-06-{1 + number % 28:02d}T12:00:00.{number:06d}+00:00"
        anchor = Anchor("s", f"the quoted text {number}", number, number + 10)
        made.append(Annotation(BRIEF, anchor, note=text, tags=("t",), created=stamp, updated=stamp))
    return made


def version_2(path: Path, kept: list[Annotation], *, deleted: Annotation, bad: bool = True) -> None:
    """A store as version 2 wrote it: its rows written directly, one deleted, one written badly by another program."""
    more = [f"UPDATE annotation SET deleted = '2026-07-01T00:00:00+00:00' WHERE id = '{deleted.id}'"]
    if bad:  # a colour the app never writes, offsets that are text: not a note, yet holding a word
        more.append(
            f"INSERT INTO annotation ({COLUMNS}) VALUES ('bad', '{BRIEF}', 's', 'q', '', '', 'one', 'two', 'mauve', "
            "'badrowword', '[]', '2026-01-01', '2026-01-01', NULL)"
        )
    version_2_store(path, [*kept, deleted], more=more)


def found(store: Store, typed: str) -> set[str]:
    return {hit.note.id for hit in store.search(parse(typed).query, limit=500).hits}


def all_found(store: Store, kept: list[Annotation]) -> None:
    for note in kept:
        assert found(store, word(int(note.anchor.quote.split()[-1]))) == {note.id}


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / STORE_FILE


def test_a_version_2_store_upgrades_with_every_note_searchable_and_the_deleted_one_not(path: Path) -> None:
    kept = notes()
    gone = Annotation(BRIEF, Anchor("s", "gone", 0, 4), note="deletedword here")
    version_2(path, kept, deleted=gone)
    opened = open_store(path)
    assert opened.moved_aside is None
    with opened.store as store:
        assert store.version == 3
        assert store.indexed
        assert store.check_index() is None  # made whole by the upgrade
        assert {note.id for note in store.annotations(BRIEF)} == {note.id for note in kept}  # text pictured
        all_found(store, kept)
        assert found(store, "deletedword") == set()
        assert found(store, "markup") == {note.id for note in kept if HOSTILE in note.note}
        page = store.search(parse("badrowword").query)
        assert page.hits == []
        assert page.skipped.count == 1  # the bad row is found, and skipped as unreadable, not shown
        for hit in store.search(parse("markup").query).hits:
            shown = "".join(text for text, _ in hit.snippet.pieces)
            assert "\x1b" not in shown
            assert "\u202e" not in shown


@pytest.mark.system  # runs another process (mount)
def test_a_version_2_store_on_a_read_only_disk_is_read_as_2_and_searched_by_a_scan(
    mounted: tuple[Path, Callable[[], None]],
) -> None:
    folder, lock = mounted
    path = folder / STORE_FILE
    kept = notes(10)
    version_2(path, kept, deleted=Annotation(BRIEF, Anchor("s", "gone", 0, 4), note="deletedword"), bad=False)
    lock()  # type: ignore[operator]
    before = path.read_bytes()
    with open_store(path).store as store:
        assert store.read_only
        assert store.version == 2
        assert not store.indexed
        page = store.search(parse(word(3)).query)
        assert [hit.note.id for hit in page.hits] == [kept[3].id]
        assert "plain scan" in page.notice
        assert found(store, "deletedword") == set()
        said = store.check_index()
        assert said is not None
        assert said.endswith("the store is read-only, so notes are searched by a plain scan")
        assert [hit.note.id for hit in store.search(parse(word(4)).query).hits] == [kept[4].id]
    assert path.read_bytes() == before


def v3(path: Path, count: int = 50) -> list[Annotation]:
    kept = notes(count)
    with Store(path) as store:
        store.merge(kept)
    return kept


def test_a_vacuumed_store_still_searches_right(path: Path) -> None:
    """VACUUM after rows were deleted: the index is found in step (if rowids stayed) or rebuilt (if they moved)."""
    kept = v3(path)
    removed = {note.id for note in kept[:25:2]}
    with Store(path) as store:
        for note_id in removed:
            store.delete(note_id)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.executemany("DELETE FROM annotation WHERE id = ?", [(note_id,) for note_id in removed])  # purged
        db.execute("VACUUM")
        moved = search_index.problem(db) is not None
    finally:
        db.close()
    with Store(path) as store:
        said = store.check_index()
        assert (said is not None) == moved
        all_found(store, [note for note in kept if note.id not in removed])
        for note in kept:
            if note.id in removed:
                assert found(store, word(int(note.anchor.quote.split()[-1]))) == set()


def test_a_store_whose_rowids_moved_is_found_out_of_step_and_rebuilt(path: Path) -> None:
    """Rows written again in another order (a dump restored, a copy made by another program): every rowid moved."""
    kept = v3(path)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        before = dict(db.execute("SELECT id, rowid FROM annotation"))
        db.execute("BEGIN")
        db.execute("CREATE TEMP TABLE copied AS SELECT * FROM annotation ORDER BY id")
        db.execute("DELETE FROM annotation")
        db.execute("INSERT INTO annotation SELECT * FROM temp.copied")
        db.execute("COMMIT")
        assert dict(db.execute("SELECT id, rowid FROM annotation")) != before
        assert search_index.problem(db) is not None
    finally:
        db.close()
    with Store(path) as store:
        said = store.check_index()
        assert said is not None
        assert said.endswith("it was rebuilt from the notes")
        all_found(store, kept)


def test_a_search_before_any_check_finds_a_moved_index_out_of_step_itself(path: Path) -> None:
    """The first text search of a session runs the check: never a note found under another's rowid."""
    kept = v3(path)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("BEGIN")
        db.execute("CREATE TEMP TABLE copied AS SELECT * FROM annotation ORDER BY id")
        db.execute("DELETE FROM annotation")
        db.execute("INSERT INTO annotation SELECT * FROM temp.copied")
        db.execute("COMMIT")
    finally:
        db.close()
    with Store(path) as store:
        all_found(store, kept)
        assert store.index_checked


@pytest.mark.parametrize(
    "damage",
    [
        "DROP TABLE note_search_docsize",
        "UPDATE note_search_data SET block = randomblob(length(block)) WHERE id > 10",
        "DELETE FROM note_search_data WHERE id > 10",
    ],
)
def test_a_damaged_index_is_found_and_rebuilt(path: Path, damage: str) -> None:
    kept = v3(path)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute(damage)
    finally:
        db.close()
    with Store(path) as store:
        said = store.check_index()
        assert said is not None
        assert "rebuilt" in said
        all_found(store, kept)
        assert store.check_index() is None


def test_an_index_dropped_by_hand_is_made_again_on_reopening(path: Path) -> None:
    kept = v3(path)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("DROP TABLE note_search")
        assert not search_index.present(db)
    finally:
        db.close()
    with Store(path) as store:
        assert store.indexed
        assert store.check_index() is None
        all_found(store, kept)


def test_saves_made_without_fts5_leave_the_index_behind_and_the_next_check_rebuilds_it(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = v3(path, 10)
    monkeypatch.setenv(search_index.FTS5_SWITCH, "off")
    later = [Annotation(BRIEF, Anchor("s", f"later {n}", 0, 5), note=f"laterword{n}") for n in range(5)]
    with Store(path) as store:
        assert not store.indexed
        for note in later:
            store.save(note)
        store.delete(kept[0].id)
        assert store.check_index() is None  # nothing to check without FTS5
        page = store.search(parse("laterword3").query)
        assert [hit.note.id for hit in page.hits] == [later[3].id]
        assert "plain scan" in page.notice
    db = sqlite3.connect(path)
    try:
        assert db.execute("SELECT count(*) FROM note_search").fetchone()[0] == 10  # untouched
    finally:
        db.close()
    monkeypatch.delenv(search_index.FTS5_SWITCH)
    with Store(path) as store:
        said = store.check_index()
        assert said is not None
        assert "rebuilt" in said
        assert found(store, "laterword3") == {later[3].id}
        assert found(store, word(0)) == set()
        all_found(store, kept[1:])


def test_a_second_instance_saves_while_another_searches(path: Path) -> None:
    v3(path, 20)
    errors: list[BaseException] = []
    saved: list[str] = []

    def save() -> None:
        try:
            with Store(path) as writer:
                for number in range(150):
                    saved.append(writer.save(Annotation(BRIEF, Anchor("s", "q", 0, 1), note=f"both{number:04d}")).id)
        except BaseException as exc:  # reported below
            errors.append(exc)

    with Store(path) as reader:
        thread = threading.Thread(target=save)
        thread.start()
        while thread.is_alive():
            page = reader.search(parse("both").query, limit=20)
            assert page.notice == ""
            assert reader.count_found(parse("both").query) >= len(page.hits)
        thread.join()
        assert errors == []
        assert reader.count_found(parse("both").query) == 150
        assert found(reader, "both0149") == {saved[-1]}
        assert reader.check_index() is None


def test_a_count_asked_before_any_search_agrees_with_the_page(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    v3(path, 10)
    monkeypatch.setenv(search_index.FTS5_SWITCH, "off")
    with Store(path) as store:
        store.save(Annotation(BRIEF, Anchor("s", "later", 0, 5), note="laterword"))
    monkeypatch.delenv(search_index.FTS5_SWITCH)
    with Store(path) as store:
        counted = store.count_found(parse("laterword").query)
        assert counted == len(store.search(parse("laterword").query).hits) == 1


def test_tag_counts_count_as_the_tag_filter_finds(path: Path) -> None:
    with Store(path) as store:
        store.merge(
            [
                Annotation(BRIEF, Anchor("s", "q", 0, 1), tags=("Follow-Up",)),
                Annotation(BRIEF, Anchor("s", "q", 0, 1), tags=("follow-up",)),
            ]
        )
        for tag, count in store.tag_counts():
            assert store.count_found(parse(f"#{tag}").query) == count


def test_the_index_is_filled_from_the_notes_in_rowid_order(path: Path) -> None:
    v3(path, 5)
    db = sqlite3.connect(path)
    try:
        fill = search_index._FILL.strip()
        plan = db.execute("EXPLAIN QUERY PLAN " + fill[fill.index("SELECT") :]).fetchall()
    finally:
        db.close()
    assert [row[-1] for row in plan if row[1] == 0] == ["SCAN annotation", "CORRELATED SCALAR SUBQUERY 1"]


@pytest.mark.parametrize(
    "damage",
    [
        "DROP TABLE note_search_docsize",
        "UPDATE note_search_data SET block = randomblob(length(block)) WHERE id > 10",
        "DELETE FROM note_search_data WHERE id > 10",
    ],
)
def test_a_search_on_a_damaged_index_before_any_check_finds_every_note(path: Path, damage: str) -> None:
    """The session's first search checks the index without FTS5's own (slow) check: a search the damage
    makes fail has the whole check run, the index rebuilt, and is run again."""
    kept = v3(path)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute(damage)
    finally:
        db.close()
    with Store(path) as store:
        all_found(store, kept)
        assert store.index_trouble is None
