"""The claims table (`C`) and the actors (`W`) in the reader, driven by keys with Pilot."""

from __future__ import annotations

import time
from pathlib import Path

from textual.widgets import Input

from tui.app import BriefingApp
from tui.core.brief.loader import BriefLoader, open_brief
from tui.core.brief.model import Brief, Claim, ClaimStatus
from tui.core.claims.table import Group, Grouping, Row
from tui.screens.claims_table import ClaimsTableScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.claims_grid import ClaimsGrid
from tui.widgets.key_bar import KeyBar
from tui.widgets.section_view import SectionView

from .helpers.waiting import until


def finished(text: str, path: str) -> BriefLoader:
    loaded = BriefLoader(text, path)
    loaded.finish()
    return loaded


def table_screen(app: BriefingApp) -> ClaimsTableScreen:
    screen = app.screen
    assert isinstance(screen, ClaimsTableScreen)
    return screen


def painted(grid: ClaimsGrid) -> list[str]:
    """The grid's lines as drawn, the header first."""
    return ["".join(segment.text for segment in grid.render_line(y)) for y in range(grid.size.height)]


def title(app: BriefingApp) -> str:
    return str(table_screen(app).query_one("#claims-table-title").render())


async def opened(pilot: object, app: BriefingApp, key: str = "C") -> ClaimsGrid:
    await pilot.press(key)  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, ClaimsTableScreen))  # type: ignore[arg-type]
    await pilot.pause()  # type: ignore[attr-defined]
    return table_screen(app).grid


async def test_c_opens_the_table_at_80x24_with_id_statement_and_keys_that_fit(loader: BriefLoader) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        grid = await opened(pilot, app)
        lines = painted(grid)
        header = lines[0]
        assert header.split() == ["#", "▲", "Id", "Status", "Claimant", "Statement"]
        assert "austin-evidence" in lines[1]
        assert "reported" in lines[1]
        assert "The United States holds" in lines[1]
        assert all(len(line) == grid.scrollable_content_region.width for line in lines)
        assert "35 claims · sorted by number ▲" in title(app)
        bar = str(table_screen(app).query_one(KeyBar).render())
        for key in ("Go to it", "Sort", "Reverse", "Group", "Filter", "Close", "Help"):
            assert key in bar
        # The claim under the cursor is shown whole below the table.
        detail = str(table_screen(app).query_one("#claims-table-detail").render())
        assert "The United States holds evidence that North Korean soldiers are in Russia." in detail
        await pilot.press("q")
        assert isinstance(app.screen, ReaderScreen)
        await opened(pilot, app)
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_at_180x50_every_column_shows(loader: BriefLoader) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        grid = await opened(pilot, app)
        header = painted(grid)[0]
        for column in ("#", "Id", "Status", "Grade", "Claimant", "Reported by", "Date", "Cited", "Statement"):
            assert column in header
        assert "B2" in painted(grid)[1]


async def test_s_cycles_the_sort_column_and_S_reverses_it_shown_in_the_header(loader: BriefLoader) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        grid = await opened(pilot, app)
        await pilot.press("s")
        assert "Id ▲" in painted(grid)[0]
        assert "sorted by id ▲" in title(app)
        assert grid.lines[0].claim.id == "austin-co-belligerent"  # type: ignore[union-attr]  # a to z
        await pilot.press("S")
        assert "Id ▼" in painted(grid)[0]
        await pilot.press("s")
        assert "Status ▲" in painted(grid)[0]
        statuses = [row.claim.status for row in grid.lines if isinstance(row, Row)]
        order = list(ClaimStatus)
        assert statuses == sorted(statuses, key=lambda status: order.index(status) if status else len(order))
        await pilot.press("8", "8")  # column 8: times cited, then the other way round
        assert "Cited ▼" in painted(grid)[0]
        cited = [len(row.claim.references) for row in grid.lines if isinstance(row, Row)]
        assert cited == sorted(cited, reverse=True)


async def test_the_filter_counts_what_it_lets_through_and_escape_clears_it_then_closes(loader: BriefLoader) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        grid = await opened(pilot, app)
        await pilot.press("slash", *"status:denied")  # typed at once: the field takes every key
        field = table_screen(app).filter_field
        assert field.value == "status:denied"
        assert "2 of 35 claims" in title(app)
        assert "filter status:denied" in title(app)
        assert [row.claim.id for row in grid.lines if isinstance(row, Row)] == ["kremlin-denial", "peskov-fake-news"]
        await pilot.press("enter")  # back to the table, the filter kept
        assert app.focused is grid
        assert "2 of 35 claims" in title(app)
        await pilot.pause()
        assert "esc Clear filter" in str(table_screen(app).query_one(KeyBar).render())
        await pilot.press("f", *"KREMLIN", "space", *"claimant:peskov")
        assert field.value == "status:deniedKREMLIN claimant:peskov"  # f reopens the field where it was
        await pilot.press("escape")  # clears the filter, the table stays
        assert isinstance(app.screen, ClaimsTableScreen)
        assert "35 claims" in title(app)
        assert "filter" not in title(app)
        assert not isinstance(app.focused, Input)
        await pilot.pause()
        assert "Clear filter" not in str(table_screen(app).query_one(KeyBar).render())
        await pilot.press("slash", *"nothing-matches-this")
        assert "No claim matches" in str(table_screen(app).query_one("#claims-table-empty").render())
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_enter_goes_to_the_claims_first_citation(loader: BriefLoader) -> None:
    brief = loader.brief
    assert brief is not None
    claim = brief.claim("kremlin-denial")
    assert claim is not None
    app = BriefingApp(loader)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        grid = await opened(pilot, app)
        await pilot.press("slash", *"id:kremlin-denial", "enter", "enter")
        assert isinstance(app.screen, ReaderScreen)
        await until(pilot, lambda: isinstance(app.focused, SectionView))
        view = app.focused
        assert isinstance(view, SectionView)
        first = claim.references[0]
        assert (view.section.id, view.cursor) == (first.section_id, first.sentence)
        assert grid.row is not None


NEVER_CITED = """---
id: t
title: T
---

# T

## One

A sentence.[^cited]

[^cited]: Cited once.
    - claimant: the Kremlin
    - status: denied

[^uncited]: Never cited.
    - claimant: Dmitry Peskov, Kremlin spokesman
    - status: claimed
"""


async def test_enter_on_a_claim_never_cited_says_so(tmp_path: Path) -> None:
    app = BriefingApp(finished(NEVER_CITED, str(tmp_path / "t.md")))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await opened(pilot, app)
        await pilot.press("j", "enter")
        assert isinstance(app.screen, ReaderScreen)
        await until(pilot, lambda: any("never cited" in str(n.message) for n in app._notifications))


async def test_W_shows_the_claims_by_claimant_with_each_actors_count_by_status(loader: BriefLoader) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        grid = await opened(pilot, app, "W")
        table = table_screen(app).table
        assert table.grouping is Grouping.CLAIMANT
        assert "Claimant" not in painted(grid)[0]  # each heading names it
        groups = {line.name: line for line in grid.lines if isinstance(line, Group)}
        assert groups["the Kremlin"].by_status == (("denied", 1),)
        peskov = groups["Dmitry Peskov, Kremlin spokesperson"]  # not merged with the Kremlin: no guessing
        assert [row.claim.id for row in peskov.rows] == ["peskov-fake-news", "peskov-contradictory"]
        sizes = [len(group.rows) for group in groups.values()]
        assert sizes == sorted(sizes, reverse=True)
        await pilot.press("g")  # the first claim, its group's heading brought in with it
        first_heading = painted(grid)[1]
        assert first_heading.startswith(" the source report · 20 claims: 2 confirmed, 18 assessed") or (
            "the source report · 20 claims: 2 confirmed, 18 assessed" in first_heading
        )
        assert grid.row is not None  # the cursor is on a claim, never on a heading
        await pilot.press("slash", *"kremlin", "enter")
        assert any(
            "Dmitry Peskov, Kremlin spokesperson · 2 claims: 1 claimed, 1 denied" in line for line in painted(grid)
        )
        await pilot.press("w")
        assert table.grouping is Grouping.OUTLET
        assert "grouped by reporting outlet" in title(app)
        await pilot.press("w")
        assert table.grouping is Grouping.NONE
        assert not any(isinstance(line, Group) for line in grid.lines)


HOSTILE = """---
id: h
title: H
---

# H

## One

A sentence.[^x]

[^x]: [bold]x[/] and [link=https://evil.test]click[/link] and [@click=app.quit]q[/]
    - claimant: [red]Moscow[/red]
    - reported by: [i]outlet[/i]
    - status: claimed
"""


async def test_brief_text_shows_as_written_in_the_table(tmp_path: Path) -> None:
    app = BriefingApp(finished(HOSTILE, str(tmp_path / "h.md")))
    async with app.run_test(size=(200, 30)) as pilot:
        await pilot.pause()
        grid = await opened(pilot, app)
        row = painted(grid)[1]
        assert "[bold]x[/] and [link=https://evil.test]click[/link] and [@click=app.quit]q[/]" in row
        assert "[red]Moscow[/red]" in row
        assert "[i]outlet[/i]" in row
        detail = str(table_screen(app).query_one("#claims-table-detail").render())
        assert "[link=https://evil.test]click[/link]" in detail
        await pilot.press("w")
        assert "[red]Moscow[/red] · 1 claim: claimed" in painted(grid)[1]
        assert app.is_running


def many_claims(count: int) -> Brief:
    statement = "A long statement, " * 60_000  # a megabyte, on every hundredth claim
    claims = tuple(
        Claim(
            f"claim-{n}",
            statement if n % 100 == 0 else f"Claim number {n} says something.",
            n + 1,
            claimant=f"actor {n % 40}",
            status=list(ClaimStatus)[n % 8],
        )
        for n in range(count)
    )
    return Brief(path="many.md", title="Many", is_brief=True, claims=claims)


async def test_ten_thousand_claims_open_scroll_and_sort(loader: BriefLoader) -> None:
    brief = many_claims(10_000)
    app = BriefingApp(loader)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        started = time.process_time()
        app.push_screen(ClaimsTableScreen(brief))
        await until(pilot, lambda: isinstance(app.screen, ClaimsTableScreen) and app.screen.query(ClaimsGrid))
        grid = table_screen(app).grid
        await until(pilot, lambda: grid.lines)
        await pilot.pause()
        opened_in = time.process_time() - started
        lines = painted(grid)
        assert "claim-0" in lines[1]
        assert len(lines[1]) == grid.scrollable_content_region.width  # the megabyte cut to its cell
        await pilot.press("end")
        assert grid.row is not None
        assert grid.row.claim.id == "claim-9999"
        assert any("claim-9999" in line for line in painted(grid))
        await pilot.press("s", "s", "slash", *"status:false", "enter")
        assert "1,250 of 10,000 claims" in title(app)
        print(f"10,000 claims: the table open in {opened_in:.2f} s of processor time")


async def test_a_click_on_a_title_sorts_by_it_and_a_double_click_on_a_claim_goes_to_it(loader: BriefLoader) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        grid = await opened(pilot, app)
        status_at = painted(grid)[0].index("Status")
        await pilot.click(ClaimsGrid, offset=(status_at + 1 + 1, 0))  # the grid's padding, then the title
        assert table_screen(app).table.sort_column.key == "status"
        assert "Status ▲" in painted(grid)[0]
        row = grid.lines[1]
        assert isinstance(row, Row)
        await pilot.click(ClaimsGrid, offset=(5, 2), times=2)  # the second claim, twice
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        view = app.focused
        assert isinstance(view, SectionView)
        first = row.claim.references[0]
        assert (view.section.id, view.cursor) == (first.section_id, first.sentence)


def long_brief(count: int) -> str:
    """A brief of `count` claims, each cited once: it takes a while to load."""
    cited = " ".join(f"Sentence {n}.[^c{n}]" for n in range(count))
    claims = "\n\n".join(
        f"[^c{n}]: Claim {n}.\n    - claimant: actor {n % 7}\n    - status: claimed" for n in range(count)
    )
    return f"---\nid: long\ntitle: Long\n---\n\n# Long\n\n## One\n\n{cited}\n\n{claims}\n"


async def test_C_while_the_brief_loads_says_so_and_opens_once_loaded(tmp_path: Path) -> None:
    path = tmp_path / "long.md"
    path.write_text(long_brief(3_000), encoding="utf-8")
    app = BriefingApp(open_brief(path))  # not finished: the reader loads it between keys
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.brief is None
        await pilot.press("C")
        assert isinstance(app.screen, ReaderScreen)
        assert any("Still loading the brief" in str(n.message) for n in app._notifications)
        await until(pilot, lambda: screen.brief is not None)
        await opened(pilot, app)
        assert "3,000 claims" in title(app)


async def test_the_table_opens_on_the_claim_the_sidebar_shows(loader: BriefLoader) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("c", "j", "j", "j", "escape")  # the sidebar on claim 4
        grid = await opened(pilot, app, "W")
        assert grid.row is not None
        assert grid.row.claim.id == "austin-co-belligerent"
        assert "If North Korea is a co-belligerent" in str(table_screen(app).query_one("#claims-table-detail").render())


async def test_the_status_under_the_cursor_is_the_word_in_the_cursors_colours(loader: BriefLoader) -> None:
    """ "reported" in its blue on the cursor's blue band could not be read; elsewhere each status has its colour."""
    app = BriefingApp(loader)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        grid = await opened(pilot, app)
        row = grid.row
        assert row is not None
        coloured = [str(span.style) for span in grid.row_content(row).spans]
        assert any("$status-reported" in style for style in coloured)
        under_cursor = [str(span.style) for span in grid.row_content(row, cursor=True).spans]
        assert not any("$status-" in style for style in under_cursor)
        assert "reported" in grid.row_content(row, cursor=True).plain


async def test_sort_keys_sort_by_the_columns_shown_never_a_hidden_one(loader: BriefLoader) -> None:
    """At 100 columns `6` sorted by "reported by" and `8` by "cited", neither of them shown (new-user trial)."""
    app = BriefingApp(loader)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        grid = await opened(pilot, app)
        shown = [column for column, _ in grid.columns()]
        assert len(shown) < 9  # the width hides some
        for _ in range(len(shown) + 2):  # s all the way round: only shown columns
            await pilot.press("s")
            assert grid.table.sort_column in shown
        await pilot.press(str(len(shown)))
        assert grid.table.sort_column == shown[-1]
        await pilot.press(str(len(shown) + 1))
        assert grid.table.sort_column == shown[-1]  # no such column shown: said, and the sort kept
        assert any("columns are shown" in str(n.message) for n in app._notifications)


async def test_claims_in_a_contradiction_are_marked_and_the_detail_says_how_they_stand(loader: BriefLoader) -> None:
    """The table and its detail left relations out: "what contradicts what" only showed in the sidebar."""
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        grid = await opened(pilot, app)
        lines = painted(grid)
        denial = next(line for line in lines if "kremlin-denial" in line)
        assert "≠ kremlin-denial" in denial
        await pilot.press("slash", *"id:kremlin-denial", "enter")
        await pilot.pause()
        detail = str(app.screen.query_one("#claims-table-detail").render())
        assert "contradicts" in detail or "contradicted by" in detail
        assert "≠" in detail


async def test_grouped_J_and_K_go_from_one_actor_to_the_next(loader: BriefLoader) -> None:
    """ "What did the Kremlin say?" took W then a typed filter: J now steps over the source report's 19 claims."""
    from tui.core.claims.table import Group

    app = BriefingApp(loader)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        grid = await opened(pilot, app, "W")
        headings = [n for n, line in enumerate(grid.lines) if isinstance(line, Group)]
        assert len(headings) > 3
        await pilot.press("g", "J")  # from the first claim (the table opens on the sidebar's)
        assert grid.cursor == headings[1] + 1
        assert grid.scroll_offset.y == headings[1]  # its heading on top
        await pilot.press("J", "J", "K")
        assert grid.cursor == headings[2] + 1
        await pilot.press("w", "w")  # not grouped: J says how to group
        await pilot.press("J")
        assert any("not grouped" in str(n.message) for n in app._notifications)
