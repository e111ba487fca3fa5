"""The claim map (issue 15, `M` in the reader): claims grouped by claimant with their relations under each,
followed with the keys, at 80x24 and 180x50, bounded for 10,000 claims."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest
from textual.pilot import Pilot

from tui.app import BriefingApp
from tui.core.brief.loader import BriefLoader, open_brief
from tui.core.brief.model import Brief, Claim, ClaimStatus, Grade
from tui.core.claims.graph import ClaimMap, ClaimRow, EdgeRow, Heading, MoreRow
from tui.screens.claim_map import LAID_OUT_AT_ONCE, ClaimMapScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.claim_list import ClaimList
from tui.widgets.claim_map import ClaimMapView
from tui.widgets.section_view import SectionView

from .helpers.waiting import until


def claims(*specs: tuple[str, str, tuple[str, ...], tuple[str, ...]]) -> tuple[Claim, ...]:
    """Claims from (id, claimant, supports, contradicts)."""
    return tuple(
        Claim(claim_id, f"Statement of {claim_id}", n, claimant=who, supports=supports, contradicts=contradicts)
        for n, (claim_id, who, supports, contradicts) in enumerate(specs, 1)
    )


def texts(claim_map: ClaimMap) -> list[str]:
    """Each row in short: `# who`, `claim-id`, `  kind target`, `  +N`."""
    shown = []
    for row in claim_map.rows:
        if isinstance(row, Heading):
            shown.append(f"# {row.claimant} {row.claims}" + (f" -{row.hidden}" if row.hidden else ""))
        elif isinstance(row, ClaimRow):
            shown.append(row.claim.id)
        elif isinstance(row, EdgeRow):
            shown.append(f"  {row.kind} {row.target}{' .' if row.last else ''}")
        else:
            shown.append(f"  +{row.more}")
    return shown


# The layout, without a screen


def test_claims_are_grouped_by_claimant_with_their_relations_both_ways_under_each() -> None:
    made = claims(
        ("a", "the Kremlin", (), ("b",)),
        ("b", "NATO", ("c",), ()),
        ("c", "The Kremlin", (), ()),  # the same claimant, whatever the case
        ("d", "", (), ()),
    )
    claim_map = ClaimMap.of(made)
    assert texts(claim_map) == [
        "# the Kremlin 2",
        "a",
        "  contradicts b .",
        "c",
        "  supported by b .",
        "# NATO 1",
        "b",
        "  contradicted by a",
        "  supports c .",
        "# No claimant given 1",
        "d",
    ]
    assert (claim_map.claims, claim_map.related, claim_map.relations, claim_map.contradictions) == (4, 3, 2, 1)
    edge = claim_map.rows[2]
    assert isinstance(edge, EdgeRow)
    assert (edge.number, edge.arrow, edge.contradiction) == (2, "→", True)
    assert claim_map.target_row(2) == claim_map.claim_rows["b"] == 6
    assert claim_map.claim_at(7) is made[1]  # an edge's row is under its claim


def test_a_cycle_of_supports_is_laid_out_once_and_a_claim_is_never_its_own_relation() -> None:
    made = claims(
        ("a", "x", ("b", "a"), ()),
        ("b", "x", ("c",), ()),
        ("c", "x", ("a",), ()),
    )
    assert texts(ClaimMap.of(made)) == [
        "# x 3",
        "a",
        "  supports b",
        "  supported by c .",
        "b",
        "  supports c",
        "  supported by a .",
        "c",
        "  supports a",
        "  supported by b .",
    ]
    # The title counts the relations drawn: "a supports a" is not one (it said 4 relations for 3).
    assert ClaimMap.of(made).relations == 3


async def test_shrinking_the_terminal_keeps_the_highlighted_row_on_screen(loader: BriefLoader) -> None:
    """G at 80x24 then 40x10: the cursor's row was left below the map (attack round)."""
    app = BriefingApp(loader)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_map(pilot)
        await pilot.press("G")
        await pilot.pause()
        await pilot.resize_terminal(40, 10)
        await pilot.pause()
        await pilot.pause()
        view = screen.view
        assert view.highlighted is not None
        top = view.scroll_offset.y
        assert top <= view.highlighted < top + view.scrollable_content_region.height


def test_claims_without_relations_can_be_left_out_and_are_counted() -> None:
    made = claims(("a", "x", ("b",), ()), ("b", "y", (), ()), ("c", "x", (), ()), ("d", "z", (), ()))
    assert texts(ClaimMap.of(made, related_only=True)) == [
        "# x 2 -1",
        "a",
        "  supports b .",
        "# y 1",
        "b",
        "  supported by a .",
    ]  # z has nothing related: no heading


def test_a_relation_to_a_claim_not_defined_is_shown_and_leads_nowhere() -> None:
    claim_map = ClaimMap.of(claims(("a", "x", ("ghost",), ())))
    edge = claim_map.rows[2]
    assert isinstance(edge, EdgeRow)
    assert edge.number is None
    assert claim_map.target_row(2) is None


def test_a_claim_related_to_thousands_lists_some_and_counts_the_rest() -> None:
    hub = Claim("hub", "x", 1, supports=tuple(f"c{n}" for n in range(5_000)))
    others = tuple(Claim(f"c{n}", "y", n + 2) for n in range(5_000))
    claim_map = ClaimMap.of((hub, *others), edges_listed=50)
    assert isinstance(claim_map.rows[52], MoreRow)
    assert claim_map.rows[52].more == 4_950
    last = claim_map.rows[51]
    assert isinstance(last, EdgeRow)
    assert not last.last  # the count below it closes the tree
    assert len(claim_map.rows) == 2 + 50 + 1 + 5_000 * 2  # each other: its row and its "supported by"


def test_steps_go_over_claims_and_relations_never_headings() -> None:
    claim_map = ClaimMap.of(claims(("a", "x", ("b",), ()), ("b", "y", (), ())))
    # rows: 0 # x, 1 a, 2 supports b, 3 # y, 4 b, 5 supported by a
    assert claim_map.step(None, 1) == 1
    assert claim_map.step(1, 1) == 2
    assert claim_map.step(2, 1) == 4  # over the heading
    assert claim_map.step(5, 1) == 5  # the end: it stays
    assert claim_map.step(1, -1) == 1
    assert claim_map.step(1, 10) == 5
    assert claim_map.step(1, 1, claims_only=True) == 4
    assert claim_map.step(None, -1) == 5
    assert claim_map.step(0, 0) == 1  # a heading: the nearest stop
    assert ClaimMap.of(()).step(None, 1) is None


def test_layout_grows_linearly_with_the_claims() -> None:
    from .helpers.growth import seconds

    def many(count: int) -> tuple[Claim, ...]:
        return tuple(
            Claim(f"c{n}", "word " * 1000, n, claimant=f"who {n % 50}", supports=(f"c{(n + 1) % count}",))
            for n in range(count)
        )

    small, large = many(1_000), many(8_000)
    costs = [seconds(partial(ClaimMap.of, small)), seconds(partial(ClaimMap.of, large))]
    assert costs[1] < 24 * costs[0], costs  # 8x the claims: about 8x (a quadratic layout would be 64x)


# On screen


async def open_map(pilot: Pilot[Any]) -> ClaimMapScreen:
    await pilot.pause()
    await pilot.press("M")
    await until(pilot, lambda: isinstance(pilot.app.screen, ClaimMapScreen))
    screen = pilot.app.screen
    assert isinstance(screen, ClaimMapScreen)
    await pilot.pause()
    return screen


def visible_rows(view: ClaimMapView) -> list[str]:
    return [view.render_line(y).text for y in range(view.size.height)]


@pytest.mark.parametrize("size", [(80, 24), (180, 50)])
async def test_m_draws_the_map_that_can_be_followed_with_the_keys(loader: BriefLoader, size: tuple[int, int]) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=size) as pilot:
        screen = await open_map(pilot)
        view = screen.view
        rows = visible_rows(view)
        assert rows[0].startswith("▌Lloyd Austin, U.S. Defense Secretary")
        assert rows[1].split()[:6] == ["▶", "¹", "≠", "reported", "B2", "austin-evidence"]  # the cursor on it
        assert "The United States holds" in rows[1]
        assert rows[2].split()[:7] == ["├─", "≠", "contradicted", "by", "←", "¹³", "kremlin-denial"]
        assert rows[7].split()[:6] == ["└─", "supported", "by", "←", "⁸", "budanov-training"]
        assert all(len(row) == view.scrollable_content_region.width for row in rows)  # none wraps or overflows
        assert view.highlighted == 1
        assert "35 claims, 19 relations (9 contradictions)" in str(screen.query_one("#map-title").render())
        detail = str(screen.query_one("#map-detail").render())
        assert "¹ austin-evidence" in detail
        assert "The United States holds evidence" in detail
        await pilot.press("j")  # the first relation: the kremlin's denial
        assert view.highlighted == 2
        assert "enter goes to" in str(screen.query_one("#map-detail").render())
        await pilot.press("enter")  # follows it to the denial's own row
        denial = screen.claim_map.claim_rows["kremlin-denial"]
        assert view.highlighted == denial
        assert view.scroll_offset.y <= denial < view.scroll_offset.y + view.size.height  # brought into view
        assert "kremlin-denial" in view.render_line(denial - view.scroll_offset.y).text
        await pilot.press("backspace")  # back to the claim the relation was followed from
        assert view.highlighted == 1
        await pilot.press("J")  # the next claim, over its relations
        assert view.highlighted == screen.claim_map.claim_rows["austin-mission-unclear"]
        await pilot.press("k")
        assert view.highlighted == 7


async def test_contradictions_are_red_and_said_in_words(loader: BriefLoader) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_map(pilot)
        view = screen.view
        await pilot.press("G")  # the last line, and back to the first: row 2 is drawn without the cursor
        assert view.highlighted == len(screen.claim_map.rows) - 1
        await pilot.press("g")
        assert (view.highlighted, view.scroll_offset.y) == (1, 0)
        contradiction, support = view.render_line(2), view.render_line(4)
        word = next(segment for segment in contradiction if "contradicted by" in segment.text)
        assert word.style is not None
        assert word.style.color is not None
        assert "≠" in contradiction.text
        red, green, blue = word.style.color.get_truecolor()
        assert red > max(green, blue) + 50  # a red: the theme's error colour for text, as the claim list's ≠
        other = next(segment for segment in support if "supported by" in segment.text)
        assert other.style is None or other.style.color != word.style.color


async def test_enter_on_a_claim_goes_to_its_first_citation_in_the_reader(loader: BriefLoader, brief: Brief) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_map(pilot)
        screen.view.highlighted = screen.claim_map.claim_rows["kremlin-denial"]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        listed = app.screen.query_one(ClaimList)
        assert listed.claim is brief.claim("kremlin-denial")
        denial = brief.claim("kremlin-denial")
        assert denial is not None
        first = denial.references[0]

        def at_first_citation() -> bool:
            return any(
                view.section.id == first.section_id and view.cursor == first.sentence
                for view in app.screen.query(SectionView)
            )

        await until(pilot, at_first_citation)


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_escape_or_q_closes_the_map(loader: BriefLoader, key: str) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_map(pilot)
        await pilot.press(key)
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))


async def test_r_shows_only_the_claims_with_relations_and_keeps_the_claim(loader: BriefLoader) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_map(pilot)
        screen.view.highlighted = screen.claim_map.claim_rows["austin-co-belligerent"]
        await pilot.press("r")
        assert screen.claim_map.related_only
        assert "austin-mission-unclear" not in screen.claim_map.claim_rows
        assert screen.view.highlighted == screen.claim_map.claim_rows["austin-co-belligerent"]
        assert "3 claims, 1 without relations not shown" in screen.view.render_line(0).text
        assert "r: all" in str(screen.query_one("#map-title").render())
        await pilot.press("r")
        assert "austin-mission-unclear" in screen.claim_map.claim_rows


def many_claims(count: int) -> Brief:
    """`count` claims with 1 MB-ish statements, each supporting the next (a cycle) and contradicting the first."""
    statement = "word " * 20_000
    made = tuple(
        Claim(
            f"c{n}",
            statement,
            n,
            claimant=f"Source {n % 100}",
            status=list(ClaimStatus)[n % len(ClaimStatus)],
            grade=Grade("B", 2),
            supports=(f"c{(n + 1) % count}",),
            contradicts=("c0",) if n else (),
        )
        for n in range(count)
    )
    return Brief(path="many.md", title="Many", is_brief=True, claims=made)


async def test_ten_thousand_claims_draw_only_the_lines_on_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[int] = []
    row_content = ClaimMapView.row_content

    def counted(view: ClaimMapView, index: int, width: int) -> Any:
        drawn.append(index)
        return row_content(view, index, width)

    monkeypatch.setattr(ClaimMapView, "row_content", counted)
    app = BriefingApp(library=[])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = ClaimMapScreen(many_claims(10_000))
        await app.push_screen(screen)
        await until(pilot, lambda: not screen.laying_out and screen.claim_map.claims > 0)  # in a thread, this size
        await pilot.pause()
        view, claim_map = screen.view, screen.claim_map
        assert 0 < len(set(drawn)) <= view.size.height
        drawn.clear()
        view.highlighted = claim_map.claim_rows["c9999"]
        await pilot.pause()
        assert len(set(drawn)) <= view.size.height
        assert max(drawn) >= claim_map.claim_rows["c9999"]
        # The hub, contradicted by 9,999: 50 listed, the rest counted.
        hub = claim_map.claim_rows["c0"]
        assert any(isinstance(row, MoreRow) and row.more > 9_000 for row in claim_map.rows[hub : hub + 60])


def test_claim_map_at_80_columns(snap_compare: Any, loader: BriefLoader) -> None:
    """You should see the claim map: Lloyd Austin's heading, claim ¹ austin-evidence with its relations as a
    tree (two "≠ contradicted by" in red, four "supported by"), the cursor on the second relation, the
    detail of peskov-contradictory below, and the map's keys."""

    async def two_down(pilot: Pilot[None]) -> None:
        await open_map(pilot)
        await pilot.press("j", "j")

    assert snap_compare(BriefingApp(loader), terminal_size=(80, 24), run_before=two_down)


async def test_m_on_a_brief_without_claims_says_so(tmp_path: Any) -> None:
    plain = tmp_path / "plain.md"
    plain.write_text("# Just text\n\nNo claims here.\n")
    loader = open_brief(plain)
    loader.finish()
    app = BriefingApp(loader)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert [notice.message for notice in app._notifications] == ["This brief has no claims"]


async def test_under_no_color_the_cursor_and_contradictions_are_still_told(
    loader: BriefLoader, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = BriefingApp(loader)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.no_color
        screen = await open_map(pilot)
        await pilot.press("j")
        rows = visible_rows(screen.view)
        assert [row[0] for row in rows[:4]] == ["▌", " ", "▶", " "]  # a heading, a claim, the cursor, a relation
        assert "≠ contradicted by ←" in rows[2]
        assert "≠ contradicted by ←" in rows[3]
        assert "  supported by    ←" in rows[4]


async def test_a_dense_map_is_laid_out_in_slices_and_the_screen_answers_meanwhile() -> None:
    """A million relations held the screen 4 s at M and again at r (attack round): now the map opens at
    once, says it is laid out, and escape closes it even then."""
    app = BriefingApp(library=[])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        brief = many_claims(LAID_OUT_AT_ONCE // 2)  # three lines a claim: past what is laid out at once
        screen = ClaimMapScreen(brief)
        await app.push_screen(screen)
        assert screen.laying_out
        await pilot.pause()
        assert "Laying out" in str(screen.query_one("#map-title").render()) or not screen.laying_out
        await until(pilot, lambda: not screen.laying_out)
        assert screen.claim_map.claims == len(brief.claims)
        assert screen.view.highlighted is not None
        await pilot.press("r")  # again in the thread, the same claim kept
        await until(pilot, lambda: not screen.laying_out and screen.claim_map.related_only)
        await app.push_screen(closing := ClaimMapScreen(brief))
        await pilot.press("escape")  # while it is laid out
        await until(pilot, lambda: app.screen is screen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not closing.is_attached
