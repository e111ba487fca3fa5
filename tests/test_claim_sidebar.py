"""The claim sidebar says something (issue 15): rows with number, status, grade, claimant and statement; a
detail with the claim's one identity, every field, its citations and its relations both ways, each a jump;
walking citations in the list with a counter; the palette finding a claim by number or id."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import pytest
from textual.widgets import OptionList

from tui.app import BriefingApp
from tui.commands.brief import SHOWN, BriefCommands
from tui.core.brief.loader import BriefLoader, open_brief
from tui.core.brief.model import Brief, Claim, ClaimStatus, Reference
from tui.core.claims.describe import cited_summary, claim_label, cut, one_line, short_claimant
from tui.core.display.statuses import WIDEST
from tui.screens.reader import ReaderScreen
from tui.screens.related_claims import RelatedClaims
from tui.widgets.claim_list import ClaimList
from tui.widgets.claim_sidebar import ClaimSidebar, claim_detail, claim_prompt
from tui.widgets.claim_words import CONTRADICTION
from tui.widgets.section_view import SectionView

from .conftest import BUNDLED_BRIEF
from .helpers.waiting import until


def number_of(brief: Brief, claim_id: str) -> int:
    return next(n for n, claim in enumerate(brief.claims, 1) if claim.id == claim_id)


def claim(brief: Brief, claim_id: str) -> Claim:
    found = brief.claim(claim_id)
    assert found is not None
    return found


# The pieces, without a screen


@pytest.mark.parametrize(
    ("claimant", "cells", "short"),
    [
        ("Lt. Gen. Kyrylo Budanov, head of Ukraine's Defense Intelligence Directorate", 14, "Budanov"),
        ("Lloyd Austin, U.S. Defense Secretary", 14, "Lloyd Austin"),
        ("Lloyd Austin, U.S. Defense Secretary", 8, "Austin"),
        ("South Korea's National Intelligence Service (NIS)", 12, "NIS"),
        ("the Kremlin", 14, "the Kremlin"),
        ("the source report", 12, "source…"),
        ("pro-Kremlin Telegram channels", 14, "pro-Kremlin…"),
        ("NATO", 14, "NATO"),
        # An organisation is not a person: no "surname" (new-user trial: "Watch", "Herald").
        ("Orbital Watch", 10, "Orbital…"),
        ("Coastal Herald", 10, "Coastal…"),
        ("Dr. Jane Smith", 10, "Smith"),
        ("x" * 1_000_000, 12, "x" * 11 + "…"),
    ],
)
def test_a_claimant_is_cut_to_the_part_that_names_them(claimant: str, cells: int, short: str) -> None:
    assert short_claimant(claimant, cells) == short
    assert len(short_claimant(claimant, cells)) <= cells


def test_a_claim_is_named_by_its_marker_and_id_and_where_it_is_cited() -> None:
    assert claim_label(12, "kim-lifeline") == "¹² kim-lifeline"
    assert claim_label(None, "port-count") == "port-count"
    assert one_line("a\n\tb  c" + " d" * 1_000_000, 7) == "a b c d"
    assert cut("one two three", 9) == "one two…"
    refs = tuple(Reference("c", section, 0, 0, 1, 1) for section in ("s1", "s2", "s2"))
    walked = Claim("c", "x", 1, references=refs)
    titles = {"s1": "Motives", "s2": "China's role"}
    assert cited_summary(walked, titles.__getitem__) == "cited 3 times: Motives, China's role (2)"
    assert cited_summary(Claim("c", "x", 1), titles.__getitem__) == "never cited"


def test_a_row_shows_number_padded_status_grade_and_the_statements_start(brief: Brief) -> None:
    # Issue 15: rows read "assessed the source report B3", no statement; the statuses unpadded.
    rows = []
    for number, listed in enumerate(brief.claims, 1):
        rows.append(claim_prompt(number, listed, False, 38, number_cells=2).plain)
    kim = rows[number_of(brief, "kim-lifeline") - 1]
    assert kim.startswith(" ²⁸   assessed   B3 Deeper ties with")
    # Columns line up: the status word (padded to the widest), the grade, the statement's start.
    grade_at = 1 + 2 + 3 + WIDEST + 1
    for row, listed in zip(rows, brief.claims, strict=True):
        assert row[6 : 6 + WIDEST].rstrip() == (listed.status.value if listed.status else "no status")
        assert row[grade_at : grade_at + 3] == str(listed.grade or "").ljust(2) + " "
        assert row[grade_at + 3 :] == listed.statement[: len(row) - grade_at - 3]
    # Wide, the claimant too, cut to its name.
    budanov = claim_prompt(number_of(brief, "budanov-kursk"), claim(brief, "budanov-kursk"), True, 60, number_cells=2)
    assert re.match(r"▶ ⁹   claimed    B3 Budanov +The first North Korean", budanov.plain)


def test_a_claim_in_a_contradiction_is_marked_in_its_row(brief: Brief) -> None:
    sidebar = ClaimSidebar(brief)
    denial = claim(brief, "kremlin-denial")
    assert CONTRADICTION in sidebar.row(1, denial, False, 40).plain
    alone = claim(brief, "kim-lifeline")
    assert CONTRADICTION not in sidebar.row(1, alone, False, 40).plain


def test_the_detail_is_bounded_for_a_huge_statement() -> None:
    huge = Claim("c", "word " * 200_000, 1, claimant="x" * 1_000_000, status=ClaimStatus.CLAIMED)
    shown = claim_detail(huge, 3).plain
    assert len(shown) < 5_000
    assert "more characters" in shown
    assert shown.startswith("³ c")


# In the reader


async def detail_text(app: BriefingApp) -> str:
    return str(app.screen.query_one("#claim-detail").render())


@pytest.mark.parametrize("size", [(180, 50), (100, 30), (80, 24)])
async def test_rows_and_detail_say_something_at_every_size(
    loader: BriefLoader, brief: Brief, size: tuple[int, int]
) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        claims = app.screen.query_one(ClaimList)
        rows = [claims.render_line(y).text for y in range(claims.size.height)]
        first = brief.claims[0]
        assert "reported" in rows[0]
        assert first.statement[:12] in rows[0], rows[0]  # the statement's start, at every width
        if size[0] >= 180:
            assert "Austin" in rows[0]  # room for the claimant, cut to the name
        detail = await detail_text(app)
        assert detail.startswith(f"¹ {first.id}")  # one identity: number and id together
        assert first.statement in detail


async def test_the_detail_shows_every_field_citations_and_relations_both_ways(
    loader: BriefLoader, brief: Brief
) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        sidebar = app.screen.query_one(ClaimSidebar)
        sidebar.highlight_claim("budanov-kursk")
        await pilot.pause()
        detail = await detail_text(app)
        denial = number_of(brief, "kremlin-denial")
        brigades = number_of(brief, "nis-brigades")
        assert detail.startswith("⁹ budanov-kursk")
        assert "Claimant: Lt. Gen. Kyrylo Budanov" in detail
        assert "Reported by: the source report" in detail
        assert "Status: claimed" in detail
        assert "Grade: B3" in detail
        assert "Cited 4 times: Bottom line up front, Key judgements, Situation, What to watch" in detail
        # The brief writes only "kremlin-denial contradicts budanov-kursk": the detail says it from this side too.
        assert f"≠ Contradicted by: {claim_label(denial, 'kremlin-denial')}" in detail
        assert f"Supports: {claim_label(brigades, 'nis-brigades')}" in detail


async def test_r_goes_to_a_related_claim_or_offers_a_choice(loader: BriefLoader, brief: Brief) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        sidebar = app.screen.query_one(ClaimSidebar)
        claims = sidebar.claim_list
        sidebar.highlight_claim("budanov-kursk")  # contradicted by the denial, supports the brigades: two
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, RelatedClaims))
        listed = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert "contradicted by" in listed
        assert "kremlin-denial" in listed
        await pilot.press("1")
        await until(pilot, lambda: not isinstance(app.screen, RelatedClaims))
        assert claims.claim is claim(brief, "kremlin-denial")
        assert app.focused is claims
        assert (await detail_text(app)).startswith(claim_label(number_of(brief, "kremlin-denial"), "kremlin-denial"))
        # One related claim: straight there, and back (the brief writes the relation on one side only).
        sidebar.highlight_claim("june-agreement")
        await pilot.press("r")
        assert claims.claim is claim(brief, "kim-military-tech")
        await pilot.press("r")
        assert claims.claim is claim(brief, "june-agreement")


async def test_r_reaches_a_claim_the_status_filter_hides(loader: BriefLoader, brief: Brief) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        sidebar = app.screen.query_one(ClaimSidebar)
        source, target = claim(brief, "june-agreement"), claim(brief, "kim-military-tech")
        assert source.status is not target.status
        while sidebar.status_filter is not source.status:
            await pilot.press("f")
        sidebar.highlight_claim(source.id)
        await pilot.press("r")
        assert sidebar.claim_list.claim is target
        assert sidebar.status_filter is None


async def test_brackets_walk_citations_in_the_list_with_a_counter(loader: BriefLoader, brief: Brief) -> None:
    # Issue 15: `]` left the list for the text (`c ] c ] …`) and said nothing of where it was.
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        sidebar = screen.query_one(ClaimSidebar)
        claims = sidebar.claim_list
        walked = claim(brief, "budanov-kursk")
        sidebar.highlight_claim(walked.id)
        for step, (key, expected) in enumerate([("]", 0), ("]", 1), ("]", 2), ("]", 3), ("]", 0), ("[", 3)]):
            await pilot.press(key)
            await pilot.pause()
            assert app.focused is claims, step
            reference = walked.references[expected]
            shown = [view for view in screen.views if view.section.id == reference.section_id]
            assert shown
            assert shown[0].cursor == reference.sentence
            assert f"Citation {expected + 1}/4" in await detail_text(app)
        # The text's cursor rests on a sentence citing it (and maybe others first): the list keeps the claim.
        await until(pilot, lambda: walked.id in sidebar.cited)
        assert claims.claim is walked
        # enter: the first citation, the counter at 1/4, the text focused.
        await pilot.press("enter")
        await pilot.pause()
        view = app.focused
        assert isinstance(view, SectionView)
        assert (view.section.id, view.cursor) == (walked.references[0].section_id, walked.references[0].sentence)
        assert "Citation 1/4" in await detail_text(app)
        # That sentence cites budanov-training first: the list kept the claim walked, and its counter.
        await until(pilot, lambda: walked.id in sidebar.cited)
        assert sidebar.cited[0] != walked.id
        assert claims.claim is walked
        assert "Citation 1/4" in await detail_text(app)


@pytest.mark.parametrize("query", ["12", "claim 12", "¹²", "Go to claim 12"])
async def test_the_palette_finds_a_claim_by_its_number(loader: BriefLoader, brief: Brief, query: str) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        hits = [hit async for hit in BriefCommands(app.screen).search(query)]
        best = max(hits, key=lambda hit: hit.score)
        twelve = brief.claims[11]
        assert str(best.text).startswith(f"Go to claim 12: {twelve.id} · ")
        assert sum(hit.score == best.score for hit in hits) == 1


async def test_the_palette_finds_a_claim_by_its_id_and_goes_there(loader: BriefLoader, brief: Brief) -> None:
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        hits = [hit async for hit in BriefCommands(app.screen).search("kim-lifeline")]
        best = max(hits, key=lambda hit: hit.score)
        assert str(best.text).startswith(f"Go to claim {number_of(brief, 'kim-lifeline')}: kim-lifeline · ")
        best.command()
        await pilot.pause()
        sidebar = app.screen.query_one(ClaimSidebar)
        assert sidebar.claim_list.claim is claim(brief, "kim-lifeline")
        view = app.focused
        first = claim(brief, "kim-lifeline").references[0]
        assert isinstance(view, SectionView)
        assert (view.section.id, view.cursor) == (first.section_id, first.sentence)


async def test_the_palette_finds_claims_by_their_claimant(loader: BriefLoader, brief: Brief) -> None:
    """ "kremlin" found only the claim whose statement says Kremlin, not what Peskov or the channels said."""
    app = BriefingApp(loader)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        hits = [str(hit.text) async for hit in BriefCommands(app.screen).search("kremlin")]
        by_kremlin = [c for c in brief.claims if "kremlin" in c.claimant.lower()]
        assert len(by_kremlin) >= 3
        for found in by_kremlin:
            assert any(text.startswith(f"Go to claim {number_of(brief, found.id)}: {found.id}") for text in hits)


def test_hostile_ids_and_text_in_the_detail_and_the_chooser_stay_text() -> None:
    from tui.core.claims.relations import Relations
    from tui.core.outside.visible import pictured
    from tui.screens.related_claims import related_prompt

    from .adversarial import PAYLOADS, violations

    found: list[str] = []
    for payload in PAYLOADS:
        safe = pictured(payload)
        claims = (
            Claim(safe, safe, 1, claimant=safe, reported_by=safe, date=safe, contradicts=("b", safe)),
            Claim("b", safe, 2, supports=(safe,)),
        )
        hostile = Brief(path="h.md", title="h", is_brief=True, claims=claims)
        numbers = {safe: 1, "b": 2}
        for content in (
            claim_detail(claims[0], 1, linked=Relations.of(claims).of_claim(safe), numbers=numbers, at=0),
            claim_prompt(1, claims[0], True, 60, contradiction=True),
            related_prompt(1, "contradicts", safe, hostile, numbers),
        ):
            segments = list(content.render_segments())
            found += violations(segments)
            shown = " ".join("".join(segment.text for segment in segments).split())
            assert " ".join(safe.split())[:10] in shown  # shown as written (white space made single spaces)
    assert found == []


def related_claims(count: int) -> Brief:
    """`count` claims, each contradicting the next and supporting the first: relations everywhere."""
    made = tuple(
        Claim(
            f"c{n}",
            f"Claim {n} " + "word " * 50,
            n,
            claimant=f"Source {n}, a long title",
            status=list(ClaimStatus)[n % len(ClaimStatus)],
            contradicts=(f"c{n + 1}",),
            supports=("c0",),
        )
        for n in range(count)
    )
    return Brief(path="many.md", title="Many", is_brief=True, claims=made)


def show(sidebar: ClaimSidebar, claim_id: str) -> None:
    """Highlight a claim, and draw the rows on screen afresh."""
    sidebar.highlight_claim(claim_id)
    listed = sidebar.claim_list
    for y in range(listed.size.height):
        listed._strips.clear()
        listed.render_line(y)


async def test_with_many_related_claims_rows_and_details_cost_what_one_row_does() -> None:
    from .helpers.growth import seconds
    from .test_display_scale import Host

    sidebar = ClaimSidebar(None)
    async with Host(sidebar).run_test(size=(60, 30)) as pilot:
        costs = []
        for count in (2_500, 10_000):
            sidebar.load(related_claims(count))
            await pilot.pause()
            first = sidebar.brief.claims[0]  # supported by every other claim
            costs.append((seconds(partial(show, sidebar, f"c{count // 2}")), seconds(partial(sidebar.detail, first))))
        detail = str(sidebar.query_one("#claim-detail").render())
        assert "more" in sidebar.detail(sidebar.brief.claims[0]).plain  # the 9,999 supporters counted, not named
        assert detail
    # 4x the claims: the same work (linear would be 4x), for the rows and for the detail.
    for small, large in zip(*costs, strict=True):
        assert large < 3 * small, costs


async def test_a_detail_longer_than_its_panel_scrolls_with_ctrl_d_and_ctrl_u() -> None:
    """At 80x24 the detail of claim 1 was cut after its claimant: reported by, citations and relations unseen."""
    app = BriefingApp(open_brief(BUNDLED_BRIEF))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await until(pilot, lambda: screen.brief is not None)
        await pilot.press("c", "g")
        await pilot.pause()
        box = screen.query_one("#claim-detail-box")
        assert box.max_scroll_y > 0  # longer than its panel
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert box.scroll_y > 0
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert box.scroll_y == 0
        await pilot.press("ctrl+d", "j")  # another claim's detail starts at its top
        await pilot.pause()
        assert box.scroll_y == 0


def many_claims_brief(tmp_path: Path, count: int) -> Path:
    body = " ".join(f"Point {n}.[^c{n}]" for n in range(count))
    claims = "\n".join(
        f"[^c{n}]: Claim number {n} says something.\n    - claimant: Actor {n % 7}\n    - status: reported"
        for n in range(count)
    )
    path = tmp_path / "many.md"
    path.write_text(f"---\nid: many\ntitle: Many\n---\n\n# Many\n\n## Part\n\n{body}\n\n{claims}\n", encoding="utf-8")
    return path


async def test_the_palette_builds_a_briefs_commands_once_and_gives_the_best_hits_only(tmp_path: Path) -> None:
    """With 10,000 claims every key rebuilt 10,000 commands and drew them all: 2 s a key (attack round)."""
    loader = open_brief(many_claims_brief(tmp_path, 3_000))
    loader.finish()
    app = BriefingApp(loader)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.brief is not None)
        provider = BriefCommands(app.screen)
        first = provider._commands()
        assert len(first) > 3_000
        hits = [hit async for hit in provider.search("claim")]
        assert provider._commands() is first  # not built again for the next key
        assert len(hits) == SHOWN  # the 3,000 that match are not all drawn
        assert hits[0].score >= hits[-1].score
        exact = [hit async for hit in BriefCommands(app.screen).search("c2999")]
        assert str(exact[0].text).startswith("Go to claim 3000: c2999")


async def test_a_briefs_relations_are_read_once_in_slices_and_shared_by_the_sidebar_and_the_table(
    tmp_path: Path,
) -> None:
    """2,000 claims each contradicting 500 held the screen 0.77 s as the brief finished loading, and again
    at each `C` (attack round): read once, in slices, after the brief; the table takes them from the sidebar."""
    from tui.screens.claims_table import ClaimsTableScreen

    app = BriefingApp(open_brief(many_claims_brief(tmp_path, 3_000)))  # loaded by the reader, in its worker
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await until(pilot, lambda: screen.brief is not None)
        sidebar = screen.query_one(ClaimSidebar)
        assert screen.relations is not None
        assert sidebar.relations is screen.relations
        await pilot.press("C")
        await until(pilot, lambda: isinstance(app.screen, ClaimsTableScreen))
        table = app.screen
        assert isinstance(table, ClaimsTableScreen)
        assert table.relations is sidebar.relations


async def test_a_second_definition_of_an_id_is_numbered_in_its_detail_as_its_row(tmp_path: Path) -> None:
    """The row said ²¹ and its detail "¹ c1" (attack round): the detail names the row's own number."""
    path = tmp_path / "twice.md"
    path.write_text(
        "---\nid: twice\ntitle: Twice\n---\n\n# Twice\n\n## Part\n\nOne.[^c1] Two.[^c2]\n\n"
        "[^c1]: First.\n    - claimant: A\n    - status: reported\n\n"
        "[^c2]: Second.\n    - claimant: B\n    - status: reported\n\n"
        "[^c1]: Again.\n    - claimant: C\n    - status: claimed\n",
        encoding="utf-8",
    )
    loader = open_brief(path)
    loader.finish()
    app = BriefingApp(loader)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.brief is not None)
        await pilot.press("c", "G")
        await pilot.pause()
        detail = str(app.screen.query_one("#claim-detail").render())
        assert detail.startswith("³ c1"), detail[:40]
