"""Citation markers: claims cited at one place are told apart, at every width, and numbered as the claim list does."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.app import BriefingApp
from tui.core.brief.loader import BriefLoader
from tui.core.brief.numbering import claim_numbers
from tui.core.display.markers import (
    SEPARATOR,
    fit_group,
    marker,
    marker_group,
    read_marker_group,
    section_markers,
)
from tui.core.display.paint import Overlays, PieceKind, line_pieces
from tui.core.display.wrap import cell_width, wrap_section
from tui.screens.reader import ReaderScreen
from tui.widgets.claim_list import ClaimList

from .helpers.waiting import until

SUPERSCRIPT_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹˒]+")


def test_two_claims_cited_together_do_not_read_as_a_third() -> None:
    # Issue 14, point 1: `brigades.[^austin-evidence][^nis-brigades]` showed `¹⁶`, claim 16's marker.
    assert marker_group([1, 6]) == f"¹{SEPARATOR}⁶"
    assert marker_group([1, 6]) != marker(16)
    assert marker_group([16]) == marker(16) == "¹⁶"


@given(st.lists(st.lists(st.integers(1, 10_000), min_size=1, max_size=6), min_size=2, max_size=2))
def test_a_group_reads_back_as_the_claims_it_shows_and_no_other_group_looks_the_same(groups: list[list[int]]) -> None:
    first, second = groups
    assert read_marker_group(marker_group(first)) == first
    assert (marker_group(first) == marker_group(second)) == (first == second)


def test_the_first_definition_of_a_repeated_id_gives_its_number() -> None:
    # `Brief.claim` and the claim list's first row for an id are its first definition; the markers said the last.
    assert claim_numbers(["a", "b", "a", "c"]) == {"a": 1, "b": 2, "c": 4}


def test_the_bundled_briefs_groups_name_the_claims_cited_there_in_order(loader: BriefLoader) -> None:
    assert loader.brief is not None
    numbers = {claim.id: number for number, claim in reversed(list(enumerate(loader.brief.claims, 1)))}
    assert numbers == loader.claim_numbers  # the claim list's numbers (its rows) are the markers' numbers
    seen = set()
    for section in loader.brief.all_sections:
        groups = section_markers(loader.claim_numbers, section)
        for offset, group in groups.items():
            cited = [numbers[ref.claim_id] for ref in section.references if ref.offset == offset]
            assert read_marker_group(group) == cited
            seen.add(group)
    # Groups that would read as other numbers merged (the issue saw `¹⁶`, `⁸⁹`, `⁵¹⁹`, `⁹¹¹`, `¹²¹³`).
    assert {"¹˒¹³", "⁸˒⁹", "⁵˒¹⁹", "⁹˒¹¹", "¹²˒¹³"} <= seen


def drawn_lines(loader: BriefLoader, width: int) -> list[tuple[str, int]]:
    """Each display line of every section at `width` cells: its text as drawn, and the cells the widest group
    on it needs (0 for none): the group, the indent before it and the character it follows, which it is drawn with."""
    assert loader.brief is not None
    found = []
    for section in loader.brief.all_sections:
        markers = section_markers(loader.claim_numbers, section)
        cells = {offset: cell_width(group) for offset, group in markers.items()}
        for line in wrap_section(section, width, cells):
            if line.block < 0 or line.fill:
                continue
            over = Overlays(markers={at: group for at, group in markers.items() if line.start < at <= line.end})
            pieces = line_pieces(section.text, line, over)
            widest = max((cell_width(p.text) for p in pieces if p.kind is PieceKind.MARKER), default=0)
            needs = widest + cell_width(line.prefix) + 1 if widest else 0
            found.append((line.prefix + "".join(piece.text for piece in pieces), needs))
    return found


@pytest.mark.parametrize("width", range(10, 61))
def test_every_group_is_drawn_whole_inside_the_column_at_every_width(loader: BriefLoader, width: int) -> None:
    # At 10 cells `brigades.¹˒⁶` took 12, and the column cut it to `brigades.¹˒`: a group cut at
    # the edge names other claims. A group now shares a line only with what leaves it room.
    # A group that cannot fit even alone on a list item's line (`  .¹˒⁷˒⁸˒¹³` at 10 cells) is left out.
    for text, needs in drawn_lines(loader, width):
        if needs <= width:
            assert cell_width(text) <= width, (width, text)
        for run in SUPERSCRIPT_RUN.findall(text):
            assert not run.startswith(SEPARATOR), (width, text)
            assert not run.endswith(SEPARATOR), (width, text)
            read_marker_group(run)  # each run is a whole group


@pytest.mark.parametrize(("size", "no_color"), [((80, 24), True), ((100, 30), False), ((180, 50), False)])
async def test_the_reader_shows_claims_cited_together_apart(
    loader: BriefLoader, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int], no_color: bool
) -> None:
    # The separator is a character, not a colour, so it shows under NO_COLOR too.
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    app = BriefingApp(loader)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.first_view is not None)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.first_view
        assert view is not None
        view.focus()
        assert loader.brief is not None
        await pilot.press(str(1 + [section.id for section in loader.brief.sections].index("what-to-watch")))
        await until(pilot, lambda: view.section.id == "what-to-watch")
        await pilot.pause()
        shown = "\n".join(view.render_line(y).text for y in range(view.size.height))
        assert "¹²˒¹³" in shown
        assert "⁹˒¹¹" in shown
        assert "¹²¹³" not in shown
        assert "⁹¹¹" not in shown
        # The claim list numbers the same claims the same way.
        rows = {claim.id: number for number, claim in screen.query_one(ClaimList).rows}
        assert rows["kim-military-tech"] == loader.claim_numbers["kim-military-tech"]


@pytest.mark.parametrize(
    ("cells", "shown"),
    [(20, "¹²˒¹³˒¹⁴˒¹⁵"), (11, "¹²˒¹³˒¹⁴˒¹⁵"), (10, "¹²˒¹³˒¹⁴˒…"), (8, "¹²˒¹³˒…"), (4, "¹²˒…"), (3, "…"), (0, "")],
)
def test_a_group_wider_than_its_room_is_cut_between_two_numbers(cells: int, shown: str) -> None:
    assert fit_group(marker_group([12, 13, 14, 15]), cells) == shown


WIDE_GROUP = """---
id: wide
title: Wide
---

# Wide

## Cited

Cited.[^c12][^c13][^c14][^c15][^c16]

"""


async def test_a_group_wider_than_a_narrow_column_shows_whole_numbers_only(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # At 10 cells, `¹²˒¹³˒¹⁴˒¹⁵˒¹⁶` (14 cells) was cut by the column's edge to `¹²˒¹³˒¹⁴˒¹`: claim 1.
    claims = "".join(f"[^c{n}]: Claim {n}.\n" for n in range(1, 17))
    loaded = BriefLoader(WIDE_GROUP + claims, str(tmp_path / "wide.md"))
    loaded.finish()
    app = BriefingApp(loaded)
    async with app.run_test(size=(14, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.first_view is not None)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.first_view
        assert view is not None
        await pilot.pause()
        shown = [view.render_line(y).text for y in range(view.size.height)]
        runs = [run for line in shown for run in re.findall("[⁰¹²³⁴⁵⁶⁷⁸⁹˒…]+", line)]
        assert runs == ["¹²˒¹³˒…"], shown  # the numbers that fit, whole, and a sign that more are cited
        assert read_marker_group(runs[0].removesuffix(SEPARATOR + "…")) == [12, 13]


async def test_the_palette_finds_a_claim_by_the_number_its_marker_shows(loader: BriefLoader) -> None:
    # The palette listed claims as "Go to claim: <statement>", with no number to find them by.
    from tui.commands.brief import BriefCommands

    assert loader.brief is not None
    sixteen = loader.brief.claims[15]
    assert marker(loader.claim_numbers[sixteen.id]) == "¹⁶"
    app = BriefingApp(loader)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        provider = BriefCommands(app.screen)
        found = [str(hit.text) async for hit in provider.search("claim 16:")]
        assert found == [f"Go to claim 16: {sixteen.id} · {sixteen.statement}"]  # number and id: one identity
