"""Reading straight through, without a screen: the section before and after, what the reader is told,
the outline's rows, and columns made distinct."""

from __future__ import annotations

import pytest

from tui.core.brief.loader import BriefLoader, open_brief
from tui.core.notes.access import Placed
from tui.core.notes.anchoring import Found, How, anchor_for
from tui.core.notes.annotation import Annotation
from tui.core.reading.contents import Contents, columns, cut
from tui.core.reading.flow import at_edge, distinct, named, neighbour, order_of, section_at

from .bench.pathological import SHAPES
from .conftest import BUNDLED_BRIEF

TEXT = """# Troops

The bottom line, before any section.

## Alpha

Troops moved north. More troops came later.

## Beta

The troops stayed.

## Alpha

A second section of the same title, so of the same id.

## Gamma

No troops here at all.
"""


@pytest.fixture(scope="module")
def bundled() -> BriefLoader:
    loader = open_brief(BUNDLED_BRIEF)
    loader.finish()
    return loader


def loaded(text: str = TEXT) -> BriefLoader:
    loader = BriefLoader(text, "brief.md")
    loader.finish()
    return loader


def section(loader: BriefLoader, order: int):  # type: ignore[no-untyped-def]
    found = section_at(loader, order)
    assert found is not None
    return found


def test_sections_come_in_reading_order_the_lead_first() -> None:
    loader = loaded()
    orders = [0]
    while (move := neighbour(loader, section(loader, orders[-1]), 1)).to is not None:
        orders.append(move.to)
    assert orders == [0, 1, 2, 3, 4]
    assert [section(loader, order).title for order in orders] == ["Introduction", "Alpha", "Beta", "Alpha", "Gamma"]


def test_a_section_whose_id_repeats_is_still_found_by_its_place() -> None:
    """By id alone, the second "Alpha" was the first, and J from it went back to "Beta", round and round."""
    loader = loaded()
    second = section(loader, 3)
    assert second.id == section(loader, 1).id
    assert order_of(loader, second) == 3
    assert neighbour(loader, second, 1).to == 4
    assert neighbour(loader, second, -1).to == 2


def test_past_the_last_section_is_the_end_of_the_brief_and_before_the_first_its_start() -> None:
    loader = loaded()
    end = neighbour(loader, section(loader, 4), 1)
    assert end.to is None
    assert end.said.startswith("End of the brief")
    start = neighbour(loader, section(loader, 0), -1)
    assert start.to is None
    assert start.said.startswith("Start of the brief")
    assert "first section" in start.said


def test_without_a_bottom_line_the_first_section_comes_first() -> None:
    loader = loaded(TEXT.replace("The bottom line, before any section.\n", ""))
    assert loader.summary is None
    assert neighbour(loader, section(loader, 1), -1).to is None


def test_the_first_move_past_the_edge_names_where_the_reader_is_and_what_comes(bundled: BriefLoader) -> None:
    motives = section(bundled, 3)
    said = at_edge(bundled, motives, 1, page=False)
    assert said == "End of “Motives” (3 of 6). j again: “China's role” (4 of 6)"
    assert at_edge(bundled, motives, 1, page=True).startswith("End of “Motives” (3 of 6). space again: ")
    assert at_edge(bundled, motives, -1, page=False) == "Start of “Motives” (3 of 6). k again: “Situation” (2 of 6)"
    assert at_edge(bundled, section(bundled, 1), -1, page=True).endswith("b again: “Bottom line up front”")
    assert at_edge(bundled, section(bundled, 6), 1, page=False).startswith("End of the brief")


def test_a_title_in_a_notice_is_on_one_line_and_cut() -> None:
    loader = loaded(TEXT.replace("## Beta", "## Beta " + "very long " * 20))
    said = named(loader, 2)
    assert said.startswith("“Beta very long")
    assert "…" in said
    assert len(said) < 80


def test_while_the_outline_is_read_there_is_no_next_section_past_those_known(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.core.brief import outline

    monkeypatch.setattr(outline, "PROGRESSIVE_ABOVE", 1_000)
    monkeypatch.setattr(outline, "FIRST_PART", 2_000)
    loader = BriefLoader(SHAPES["sections"](40_000), "long.md")
    assert not loader.outline.complete
    known = loader.section_count
    last = section(loader, known)
    move = neighbour(loader, last, 1)
    assert move.to is None
    assert "loading" in move.said
    assert neighbour(loader, section(loader, known - 1), 1).to == known
    assert named(loader, 1).endswith(f"(1 of {known} so far)")


# Columns made distinct


def test_of_two_columns_on_one_section_the_first_movable_one_switches_to_a_section_none_shows() -> None:
    loader = loaded()
    assert distinct(loader, [2, 3, 2], [2, 1, 0]) == {2: 1}
    assert distinct(loader, [2, 3, 2], [0]) == {0: 1}
    assert distinct(loader, [2, 3, 2], [1]) == {}  # not in two columns
    assert distinct(loader, [1, 2, 3], [2, 1, 0]) == {}


def test_a_column_switched_prefers_a_section_no_hidden_column_holds() -> None:
    loader = loaded()
    assert distinct(loader, [2, 2], [1], elsewhere=[1, 3]) == {1: 4}
    assert distinct(loader, [1, 1], [1], elsewhere=[2, 3, 4, 0]) == {1: 2}  # all held: one not on screen


def test_with_fewer_sections_than_columns_nothing_is_switched() -> None:
    loader = loaded("# T\n\n## One\n\nText.\n")
    assert distinct(loader, [1, 1], [1]) == {}


# The outline's rows


def placed_note(loader: BriefLoader, order: int) -> Placed:
    found = section(loader, order)
    s = found.sentences[0]
    annotation = Annotation("brief", anchor_for(found, s.start, s.end))
    return Placed(annotation, Found(found.id, s.start, s.end, How.EXACT))


def test_the_outline_lists_every_section_with_its_claims_notes_and_marks(bundled: BriefLoader) -> None:
    notes = [placed_note(bundled, 3), placed_note(bundled, 3), placed_note(bundled, 0)]
    contents = Contents(bundled, notes, [section(bundled, 3), section(bundled, 4)], section(bundled, 3))
    rows = [contents.entry(row) for row in range(len(contents))]
    assert [(r.order, r.number, r.title) for r in rows] == [
        (0, None, "Bottom line up front"),
        (1, 1, "Key judgements"),
        (2, 2, "Situation"),
        (3, 3, "Motives"),
        (4, 4, "China's role"),
        (5, 5, "Regional risks"),
        (6, 6, "What to watch"),
    ]
    assert [r.claims for r in rows] == [8, 18, 18, 9, 3, 6, 10]
    assert [r.notes for r in rows] == [1, 0, 0, 2, 0, 0, 0]
    assert [(r.shown, r.here) for r in rows[3:5]] == [(True, True), (True, False)]
    assert contents.row_of(3) == 3
    assert columns(rows[3], contents.digits) == "▶ 3       9     2  "
    assert columns(rows[4], contents.digits) == "• 4       3        "
    assert columns(None, contents.digits) == "  #  Claims Notes  "


def test_counts_not_known_yet_are_said_so() -> None:
    loader = BriefLoader(TEXT, "brief.md")  # nothing parsed but what the first frame needs
    contents = Contents(loader, None, [], None)
    entry = contents.entry(contents.row_of(4))
    assert (entry.title, entry.claims, entry.notes) == ("Gamma", None, None)
    assert columns(entry, contents.digits).startswith("  4       …     …")


def test_without_a_bottom_line_the_outline_starts_at_section_1() -> None:
    loader = loaded(TEXT.replace("The bottom line, before any section.\n", ""))
    contents = Contents(loader, [], [], None)
    assert len(contents) == 4
    assert contents.entry(0).number == 1


@pytest.mark.parametrize(
    ("text", "cells", "shown"),
    [
        ("Regional risks", 20, "Regional risks"),
        ("Regional risks", 14, "Regional risks"),
        ("Regional risks", 8, "Regiona…"),
        ("日本語のテキスト", 5, "日本…"),
        ("日本語のテキスト", 6, "日本…"),
        ("Regional", 0, ""),
        ("x" * 10_000_000, 3, "xx…"),
    ],
)
def test_a_title_is_cut_to_its_cells_with_an_ellipsis(text: str, cells: int, shown: str) -> None:
    assert cut(text, cells) == shown
