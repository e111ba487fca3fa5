"""The reader's state driven without a screen: notes placed, the undo stack, notes made while loading,
the reading position and when it is saved, the search."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tui.core.brief.loader import BriefLoader
from tui.core.display.search import Search
from tui.core.notes.access import Loaded, Placed
from tui.core.notes.anchoring import Found, How, anchor_for
from tui.core.notes.annotation import Anchor, Annotation
from tui.core.notes.store_rows import Skipped
from tui.core.reading.placed_notes import PlacedNotes
from tui.core.reading.state import Column, Reading, saved_position

TEXT = """# Troops

## Alpha

Troops moved north. More troops came later. Nothing else moved.

## Beta

The troops stayed. A quiet day.

## Gamma

No troops here at all.
"""


@pytest.fixture
def reading() -> Reading:
    loader = BriefLoader(TEXT, "brief.md")
    loader.finish()
    return Reading(loader)


def note(reading: Reading, section: str, sentence: int, created: str) -> Placed:
    """A note on a sentence of a section, placed where it is."""
    found = reading.loader.section_by_id(section)
    assert found is not None
    s = found.sentences[sentence]
    annotation = Annotation(reading.brief_key, anchor_for(found, s.start, s.end), created=created)
    return Placed(annotation, Found(section, s.start, s.end, How.EXACT))


# Notes placed


def test_a_note_placed_is_drawn_in_its_section_only(reading: Reading) -> None:
    placed = note(reading, "alpha", 1, "2026-01-01")
    reading.notes.add(placed)
    found = placed.found
    assert found is not None
    assert reading.notes.highlights("alpha") == [(found.start, found.end, placed.annotation.colour, False)]
    assert reading.notes.highlights("beta") == []


@pytest.mark.parametrize(("written", "noted"), [("", False), ("  \n", False), ("Check this.", True)])
def test_a_highlight_says_whether_a_note_is_written_on_it(reading: Reading, written: str, noted: bool) -> None:
    placed = note(reading, "alpha", 1, "2026-01-01")
    reading.notes.add(replace(placed, annotation=replace(placed.annotation, note=written)))
    assert [drawn[3] for drawn in reading.notes.highlights("alpha")] == [noted]


def test_notes_on_a_sentence_are_those_that_overlap_it(reading: Reading) -> None:
    first, second = note(reading, "alpha", 0, "1"), note(reading, "alpha", 1, "2")
    reading.notes.add(first)
    reading.notes.add(second)
    section = reading.loader.section_by_id("alpha")
    assert section is not None
    s = section.sentences[1]
    assert reading.notes.on("alpha", s.start, s.end) == [second]
    assert reading.notes.on("beta", s.start, s.end) == []
    assert reading.notes.highlighted("alpha", s.start, s.end)
    assert not reading.notes.highlighted("alpha", s.start, s.end - 1)


def test_a_note_saved_from_the_editor_keeps_its_place_and_a_new_one_takes_its_anchor(reading: Reading) -> None:
    old = note(reading, "alpha", 0, "1")
    moved = Placed(old.annotation, Found("alpha", 0, 3, How.FUZZY))  # found again elsewhere since
    reading.notes.add(moved)
    edited = Annotation(old.annotation.brief, old.annotation.anchor, note="edited", id=old.annotation.id, created="1")
    reading.notes.saved(edited)
    assert [(p.annotation.note, p.found) for p in reading.notes.placed] == [("edited", moved.found)]
    new = note(reading, "beta", 0, "2").annotation
    reading.notes.saved(new)
    assert reading.notes.placed[-1] == Placed(new, Found("beta", new.anchor.start, new.anchor.end, How.EXACT))


# The undo stack


def test_delete_takes_the_newest_note_and_undo_brings_back_the_last_deleted_first(reading: Reading) -> None:
    notes = reading.notes
    older, newer, other = note(reading, "alpha", 0, "1"), note(reading, "alpha", 0, "2"), note(reading, "beta", 0, "3")
    for placed in (older, newer, other):
        notes.add(placed)
    first = notes.take_newest(notes.on("alpha", 0, 1))
    assert first == newer
    assert newer not in notes.placed
    notes.deleted(first)
    second = notes.take_newest(notes.on("alpha", 0, 1))
    notes.deleted(second)
    third = notes.take_newest(notes.on("beta", 0, 1))
    notes.deleted(third)
    assert notes.placed == []
    assert [notes.next_undo(), notes.next_undo(), notes.next_undo()] == [
        other.annotation.id,
        older.annotation.id,
        newer.annotation.id,
    ]
    assert notes.next_undo() is None


def test_a_delete_the_store_refused_puts_the_note_back_and_leaves_nothing_to_undo(reading: Reading) -> None:
    notes = reading.notes
    placed = note(reading, "alpha", 0, "1")
    notes.add(placed)
    taken = notes.take_newest([placed])
    notes.not_deleted(taken)
    assert notes.placed == [placed]
    assert notes.next_undo() is None


def test_undo_after_restore_then_another_delete_undoes_the_newest_delete(reading: Reading) -> None:
    notes = reading.notes
    one, two = note(reading, "alpha", 0, "1"), note(reading, "beta", 0, "2")
    notes.add(one)
    notes.add(two)
    notes.deleted(notes.take_newest([one]))
    restored = notes.next_undo()
    assert restored == one.annotation.id
    notes.add(one)  # the store brought it back
    notes.deleted(notes.take_newest([two]))
    assert notes.next_undo() == two.annotation.id
    assert notes.next_undo() is None
    assert notes.placed == [one]


def test_an_orphan_attached_replaces_the_note_listed(reading: Reading) -> None:
    orphan = Placed(note(reading, "alpha", 0, "1").annotation, None)
    reading.notes.add(orphan)
    attached = note(reading, "gamma", 0, "1")
    reading.notes.reattached(orphan, attached)
    assert reading.notes.placed == [attached]
    reading.notes.reattached(orphan, attached)  # the old one gone already: the new one added again
    assert reading.notes.placed == [attached, attached]


# Notes made while the brief's notes load


def test_notes_made_while_loading_are_kept_and_others_not_read_are_gone() -> None:
    notes = PlacedNotes()
    stored = Placed(Annotation("b", anchor_for_text(), id="stored", created="2026-01-01T00:00:01"), None)
    made_before = Placed(Annotation("b", anchor_for_text(), id="gone", created="2026-01-01T00:00:02"), None)
    made_since = Placed(Annotation("b", anchor_for_text(), id="new", created="2026-01-01T00:00:09"), None)
    also_read = Placed(Annotation("b", anchor_for_text(), id="stored", created="2026-01-01T00:00:09"), None)
    notes.placed = [made_before, made_since, also_read]
    skipped = Skipped(2, ("bad row", "worse row"))
    notes.merge_loaded(Loaded([stored], skipped), since="2026-01-01T00:00:05")
    assert [p.annotation.id for p in notes.placed] == ["stored", "new"]
    assert notes.placed[0] is stored  # the store's copy, not the one held
    assert notes.unreadable == "2 notes could not be read: bad row; worse row"


def anchor_for_text() -> Anchor:
    loader = BriefLoader(TEXT, "brief.md")
    section = loader.section(0)
    return anchor_for(section, 0, section.sentences[0].end)


# The reading position


def test_the_snapshot_keeps_the_columns_cursors_and_focus_and_a_wanted_cursor_past_a_first_part(
    reading: Reading,
) -> None:
    position = reading.position
    position.wanted[1] = 500
    columns = [Column("alpha", 2), Column("beta", 7, partial=True), Column("gamma", 1, partial=False)]
    assert position.snapshot(columns, 1, "Beta") == {
        "columns": ["alpha", "beta", "gamma"],
        "cursors": [2, 500, 1],
        "focus": 1,
        "at": "Beta",
    }
    position.wanted[2] = 99  # only a column showing a first part waits for its cursor
    assert position.snapshot(columns, 0, "Alpha")["cursors"] == [2, 500, 1]


def test_a_save_is_due_only_once_the_saved_state_was_read(reading: Reading) -> None:
    position = reading.position
    state = position.snapshot([Column("alpha", 1)], 0, "Alpha")
    assert not position.moved(state)  # never written over before it was read
    assert position.take_unsaved() is None
    position.restored = True
    assert position.moved(state)
    newer = position.snapshot([Column("alpha", 2)], 0, "Alpha")
    assert position.moved(newer)  # moves while the cursor has not rested: the last one is saved
    assert position.take_unsaved() == newer
    assert position.take_unsaved() is None  # saved once


def test_a_link_to_a_section_means_no_saved_state_is_waited_for() -> None:
    loader = BriefLoader(TEXT, "brief.md")
    assert Reading(loader, start_at="beta").position.restored
    assert not Reading(loader).position.restored


def test_a_saved_state_is_read_for_what_it_holds() -> None:
    saved = saved_position({"columns": ["alpha", 3, "beta"], "cursors": [4, 5, "x"], "focus": 2})
    assert saved is not None
    assert [(c.section_id, c.cursor) for c in saved.columns] == [("alpha", 4), (None, 5), ("beta", None)]
    assert saved.focus == 2
    assert saved_position({"columns": ["alpha"], "cursors": [1], "focus": "2"}).focus is None  # type: ignore[union-attr]
    assert saved_position({}) is None
    assert saved_position({"columns": "alpha", "cursors": [1]}) is None


def test_loading_progress_is_shown_only_when_the_figure_changes(reading: Reading) -> None:
    loading = Reading(BriefLoader(TEXT, "brief.md"))
    assert loading.progress(1, 3) == 33
    assert loading.progress(1, 3) is None
    assert loading.progress(2, 3) == 66
    assert reading.progress(1, 3) is None  # loaded: nothing to show


# Search


def test_a_search_starts_at_the_cursor_and_goes_round(reading: Reading) -> None:
    assert [s.id for s in reading.sections_from("beta")] == ["beta", "gamma", "alpha"]
    assert [s.id for s in reading.sections_from(None)] == ["alpha", "beta", "gamma"]


def run(reading: Reading, query: str, *, complete: bool, here: tuple[int, int] | None = None) -> None:
    job = Search(reading.sections_from("beta") if not complete else reading.brief.all_sections, query)  # type: ignore[union-attr]
    assert job.run(float("inf"))
    reading.search.query_text = query
    reading.search.done(job, complete=complete, here=here)


def test_matches_are_kept_in_reading_order_and_the_first_from_the_cursor_is_current(reading: Reading) -> None:
    search = reading.search
    run(reading, "troops", complete=False, here=reading.here("beta", 0))
    assert [m.section_id for m in search.matches] == ["alpha", "alpha", "beta", "gamma"]
    assert search.ready
    assert search.complete
    assert search.current.section_id == "beta"
    assert search.step(1).section_id == "gamma"
    assert search.step(1).section_id == "alpha"  # round the end
    assert search.step(-1).section_id == "gamma"


def test_the_complete_search_after_enter_stays_on_the_current_match(reading: Reading) -> None:
    search = reading.search
    run(reading, "troops", complete=False, here=reading.here("alpha", 0))
    search.step(1)
    was = search.current
    run(reading, "troops", complete=True, here=reading.here("alpha", 0))
    assert search.current == was


def test_matches_in_a_section_and_clearing_the_search(reading: Reading) -> None:
    search = reading.search
    run(reading, "troops", complete=True)
    beta = reading.loader.section_by_id("beta")
    assert beta is not None
    ((start, end),) = search.found_in(beta)
    assert beta.text[start:end].lower() == "troops"
    search.query_text = "troopsx"
    assert not search.ready
    search.clear()
    assert (search.matches, search.match_index, search.query_text, search.searched, search.complete) == (
        [],
        -1,
        "",
        None,
        False,
    )


def test_no_match_leaves_no_current_match(reading: Reading) -> None:
    run(reading, "zebra", complete=True, here=reading.here("alpha", 0))
    assert reading.search.matches == []
    assert reading.search.match_index == -1


def test_the_newest_note_is_edited_and_the_panel_shows_written_notes_oldest_first(reading: Reading) -> None:
    bare, later, tagged = note(reading, "alpha", 0, "3"), note(reading, "alpha", 0, "2"), note(reading, "alpha", 0, "1")
    later = Placed(replace(later.annotation, note="words"), later.found)
    tagged = Placed(replace(tagged.annotation, tags=("kursk",)), tagged.found)
    on = [bare, later, tagged]
    assert PlacedNotes.newest(on) == bare
    assert PlacedNotes.written(on) == [tagged.annotation, later.annotation]  # a bare highlight says nothing


def test_notes_are_listed_in_reading_order_under_their_section_titles(reading: Reading) -> None:
    beta, alpha = note(reading, "beta", 0, "1"), note(reading, "alpha", 1, "1")
    orphan = Placed(alpha.annotation, None)
    assert sorted([beta, alpha, orphan], key=reading.note_order) == [orphan, alpha, beta]
    assert reading.section_titles() == {"alpha": "Alpha", "beta": "Beta", "gamma": "Gamma"}


def hidden_notice(text: str) -> str | None:
    loader = BriefLoader(text, "brief.md")
    loader.finish()
    assert loader.brief is not None
    return Reading(loader).hidden_notice(loader.brief)


DEEP = "> " * 25 + "too deep\n"  # past markdown's 20 levels: the parser drops it


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("## A\n\nShown.\n\n" + DEEP, "Part of section “A” cannot be shown (line 5)."),
        ("## A\n\n" + DEEP, "Nothing of section “A” can be shown (line 3): it is empty here."),
        ("## A\n\n" + "".join("  " * level + "- item\n" for level in range(25)), "Part of section “A” cannot"),
        ("## A\n\n" + DEEP + "\n## B\n\nShown.\n\n" + DEEP, "sections “A” and “B” cannot be shown (2 lines, from"),
        ("## A\n\n" + DEEP + "\n## B\n\nShown.\n\n" + DEEP, "; “A” shows nothing."),
        ("".join(f"## S{n}\n\n{DEEP}\n" for n in range(5)), "“S0”, “S1”, “S2” and 2 more cannot be shown"),
        ("".join(f"## S{n}\n\n{DEEP}\n" for n in range(5)), "; 5 of them show nothing."),
        ("## " + "x" * 100 + "\n\n" + DEEP, "“" + "x" * 40 + " … 60 more characters”"),  # a title cut short
    ],
)
def test_the_hidden_notice_names_the_sections_and_those_that_show_nothing(body: str, said: str) -> None:
    notice = hidden_notice(body)
    assert notice is not None
    assert said in notice
    assert notice.endswith("`briefing check` says why.")


def test_a_brief_that_hides_nothing_has_no_hidden_notice() -> None:
    assert hidden_notice("## A\n\n> > quoted twice, shown.\n") is None
