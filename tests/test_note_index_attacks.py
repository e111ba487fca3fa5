"""What an attack on the search index found: each way it was left wrong, or the store set aside, now mended."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tui.core.notes import search_index
from tui.core.notes.annotation import Anchor, Annotation
from tui.core.notes.browsing import Listing, with_tag
from tui.core.notes.note_query import MAX_TERMS, parse
from tui.core.notes.store import STORE_FILE, SearchCancelled, Store, open_store

BRIEF = "id:attacked"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / STORE_FILE


def stored(path: Path, count: int = 30) -> list[Annotation]:
    with Store(path) as store:
        return [
            store.save(Annotation(BRIEF, Anchor("s", f"quoted {number}", 0, 8), note=f"note word{number:03d}x"))
            for number in range(count)
        ]


def raw(path: Path, *statements: str) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            db.execute(statement)
    finally:
        db.close()


def found(store: Store, typed: str) -> set[str]:
    return {hit.note.id for hit in store.search(parse(typed).query, limit=500).hits}


def every_note_found(path: Path, notes: list[Annotation]) -> Iterator[Store]:
    opened = open_store(path)
    assert opened.moved_aside is None
    with opened.store as store:
        for number, note in enumerate(notes):
            assert found(store, f"word{number:03d}x") == {note.id}
        yield store


def test_a_note_edited_behind_the_apps_back_is_found_by_its_new_text(path: Path) -> None:
    notes = stored(path)
    raw(path, f"UPDATE annotation SET note = 'walrus changed behind' WHERE id = '{notes[3].id}'")
    with Store(path) as store:
        said = store.check_index()
        assert said is not None
        assert "rebuilt" in said
        assert found(store, "walrus") == {notes[3].id}


def test_an_index_emptied_by_hand_is_found_by_looking_notes_up(path: Path) -> None:
    """FTS5's own check passes with its term table emptied, and every count matches: a few notes are
    then looked for by a word they hold."""
    notes = stored(path)
    raw(path, "DELETE FROM note_search_idx")
    with Store(path) as store:
        assert found(store, "word005x") == {notes[5].id}


@pytest.mark.parametrize(
    "damage",
    [
        "DROP TABLE note_search_data",
        "DELETE FROM note_search_data",
        "DELETE FROM note_search_config",
        "UPDATE note_search_config SET v = 99 WHERE k = 'version'",
    ],
)
def test_an_index_that_cannot_even_be_dropped_is_removed_and_rebuilt(path: Path, damage: str) -> None:
    notes = stored(path)
    raw(path, damage)
    with Store(path) as store:
        said = store.check_index()
        assert said is not None
        assert "rebuilt from the notes" in said
        assert store.index_trouble is None
        assert found(store, "word007x") == {notes[7].id}
        assert store.check_index() is None


@pytest.mark.parametrize(
    "change",
    [
        ["ALTER TABLE note_search_content ADD COLUMN evil"],
        ["DROP TABLE note_search", "CREATE TABLE note_search (id, note)"],
        ["DROP TABLE note_search", "CREATE VIRTUAL TABLE note_search USING fts4(note)"],
        ["CREATE INDEX on_a_shadow ON note_search_content (c0)"],
        ["DROP INDEX annotation_updated"],
    ],
)
def test_an_index_altered_by_hand_is_rebuilt_and_the_store_kept(path: Path, change: list[str]) -> None:
    """The search index and the app's own indexes are data: never a reason to set the store aside."""
    notes = stored(path)
    raw(path, *change)
    for _store in every_note_found(path, notes):
        pass
    assert not list(path.parent.glob("*unreadable*"))
    with Store(path) as store:
        assert store.check_index() is None


def test_a_trigger_on_the_index_is_still_foreign(path: Path) -> None:
    """Code is never the index's: a trigger on one of its tables sets the store aside as before."""
    stored(path, 2)
    raw(path, "CREATE TRIGGER evil AFTER INSERT ON note_search_content BEGIN SELECT 1; END")
    opened = open_store(path)
    opened.store.close()
    assert opened.moved_aside is not None


def test_tags_beyond_ascii_are_found_by_their_words_and_filtered_letter_case_aside(path: Path) -> None:
    with Store(path) as store:
        note = store.save(Annotation(BRIEF, Anchor("s", "q", 0, 1), tags=("Zürich", "東京", "naïve-idea")))
        for typed in ("zurich", "Zürich", "東京", "naive", "#ZÜRICH", "#zürich", "#東京"):
            assert found(store, typed) == {note.id}, typed
        assert sorted(store.tag_counts()) == [("Zürich", 1), ("naïve-idea", 1), ("東京", 1)]


def test_tags_beyond_ascii_are_found_by_a_plain_scan_too(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(search_index.FTS5_SWITCH, "off")
    with Store(path) as store:
        note = store.save(Annotation(BRIEF, Anchor("s", "q", 0, 1), tags=("Zürich",)))
        page = store.search(parse("Zür").query)
        assert page.notice
        assert [hit.note.id for hit in page.hits] == [note.id]


@pytest.mark.parametrize("typed", ["since:0001-01-01", "until:9999-12-31", "since:0001-01 until:9999-12"])
def test_the_first_and_last_days_there_are_search_without_failing(path: Path, typed: str) -> None:
    notes = stored(path, 3)
    with Store(path) as store:
        assert found(store, typed) == {note.id for note in notes}


def test_thousands_of_tags_are_bounded_not_an_unreadable_store(path: Path) -> None:
    stored(path, 3)
    parsed = parse(" ".join(["#a"] * 2000))
    assert len(parsed.query.tags) == MAX_TERMS
    assert parsed.problems
    with Store(path) as store:
        assert found(store, " ".join(["#a"] * 2000)) == set()


def test_a_query_of_no_letters_says_so(path: Path) -> None:
    parsed = parse('🚀 !!! "..." kursk')
    assert parsed.query.words == ("kursk",)
    assert len(parsed.problems) == 3


def test_a_held_write_lock_is_not_taken_for_a_damaged_index(path: Path) -> None:
    notes = stored(path, 3)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Store(path, timeout=0.2) as store:
            said = store.check_index()  # FTS5's own check is an INSERT: it waits for the lock
            assert said is not None
            assert "busy" in said
            assert store.index_trouble is None
            assert found(store, "word001x") == {notes[1].id}
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.parametrize("fts5", ["on", "off"])
def test_words_after_a_dash_leave_their_notes_out(path: Path, monkeypatch: pytest.MonkeyPatch, fts5: str) -> None:
    """A trial typed `kursk -figures` and got the one note that had #figures."""
    monkeypatch.setenv(search_index.FTS5_SWITCH, fts5)
    with Store(path) as store:
        kept = store.save(Annotation(BRIEF, Anchor("s", "q", 0, 1), note="kursk losses"))
        store.save(Annotation(BRIEF, Anchor("s", "q", 0, 1), note="kursk numbers", tags=("figures",)))
        other = store.save(Annotation(BRIEF, Anchor("s", "q", 0, 1), note="nothing here"))
        assert found(store, "kursk -figures") == {kept.id}
        assert found(store, "-kursk") == {other.id}
        assert store.count_found(parse("-kursk").query) == 1


def test_a_section_is_found_by_its_title_as_shown(path: Path) -> None:
    with Store(path) as store:
        note = store.save(Annotation(BRIEF, Anchor("chinas-role", "q", 0, 1), note="x"))
        assert found(store, "section:chinas-role") == {note.id}
        assert found(store, "section:Chinas-Role") == {note.id}  # a trial typed the title shown: "Causes"


@pytest.mark.system  # runs another process (mount)
def test_a_damaged_index_on_a_read_only_disk_is_scanned_round(mounted: tuple[Path, Callable[[], None]]) -> None:
    """An attack damaged the index of a store it then made read-only: every word search failed."""
    folder, lock = mounted
    path = folder / STORE_FILE
    notes = stored(path, 5)
    raw(path, "DELETE FROM note_search_data WHERE id > 1", "PRAGMA wal_checkpoint(TRUNCATE)")
    lock()
    with Store(path) as store:
        assert store.read_only is not None
        page = store.search(parse("word003x").query)
        assert [hit.note.id for hit in page.hits] == [notes[3].id]
        assert "plain scan" in page.notice
        assert store.count_found(parse("word003x").query) == 1


def test_a_search_typed_over_stops_and_the_next_runs(path: Path) -> None:
    with Store(path) as store:
        store.merge(
            Annotation(BRIEF, Anchor("s", f"quoted {n}", 0, 8), note=f"common words here {n}") for n in range(3000)
        )
        with pytest.raises(SearchCancelled):
            store.search(parse("common").query, cancelled=lambda: True)
        with pytest.raises(SearchCancelled):
            store.count_found(parse("-common").query, cancelled=lambda: True)
        assert len(store.search(parse("common").query, cancelled=lambda: False).hits) == 50
        assert store.index_trouble is None


@pytest.mark.parametrize("tag", ["with space", "tab\there", "new\nline", "esc\x1b[1mtag", "\u202etag"])
def test_a_tag_chosen_from_the_tag_list_finds_its_notes(path: Path, tag: str) -> None:
    """An attack's tags of spaces and control characters were listed with a count, and found nothing."""
    with Store(path) as store:
        note = store.save(Annotation(BRIEF, Anchor("s", "q", 0, 1), tags=(tag,)))
        ((listed, count),) = store.tag_counts()
        assert count == 1
        typed = with_tag("", listed)
        assert found(store, typed) == {note.id}, typed


def test_a_page_moved_down_by_a_note_added_elsewhere_lists_no_note_twice() -> None:
    listing: Listing[str] = Listing()
    version = listing.start("")
    assert listing.next_page(3) == (0, 3)
    listing.take(version, 0, ["c", "b", "a"], asked=3, rows=3, key=str)
    assert listing.next_page(3) == (3, 3)
    listing.take(version, 3, ["a", "z"], asked=3, rows=2, key=str)  # "a" moved down a row: a new note above
    assert listing.hits == ["c", "b", "a", "z"]
    assert listing.done


def test_a_tag_that_is_not_utf8_leaves_the_tag_filter_and_list_working(path: Path) -> None:
    """A re-attack's tag of bytes that are not UTF-8 failed every tag filter and emptied the tag list."""
    with Store(path) as store:
        kept = store.save(Annotation(BRIEF, Anchor("s", "q", 0, 1), tags=("t",)))
        other = store.save(Annotation(BRIEF, Anchor("s", "q", 0, 1), tags=("t",)))
    raw(path, f"UPDATE annotation SET tags = CAST(x'5b2274ff225d' AS TEXT) WHERE id = '{other.id}'")
    with Store(path) as store:
        assert kept.id in found(store, "#t")
        assert ("t", 1) in store.tag_counts()


@pytest.mark.parametrize("tag", ['a "b" c', '"quoted"', "Key judgements"])
def test_a_tag_with_quotes_or_spaces_chosen_from_the_list_finds_its_note(path: Path, tag: str) -> None:
    with Store(path) as store:
        note = store.save(Annotation(BRIEF, Anchor("s", "q", 0, 1), tags=(tag,)))
        assert found(store, with_tag("", store.tag_counts()[0][0])) == {note.id}


def test_a_section_title_of_two_words_is_found(path: Path) -> None:
    with Store(path) as store:
        note = store.save(Annotation(BRIEF, Anchor("key-judgements", "q", 0, 1)))
        assert found(store, 'section:"Key judgements"') == {note.id}
