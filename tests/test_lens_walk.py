"""The evidence lens beyond the columns: the bottom line lensed, a claim's own warnings, the walk from
warning to warning, and the legend on one line at 80 columns (issue 16, after a new user's trial)."""

from __future__ import annotations

from pathlib import Path

from textual.content import Content
from textual.style import Style
from textual.widgets import Static

from tui.app import BriefingApp
from tui.core.brief.loader import open_brief
from tui.core.brief.model import Brief
from tui.core.reading import legend as legend_words
from tui.core.reading.lens import MARKS, WARNING_MARK, Footing, Lens, Warning
from tui.core.tradecraft.review import review_steps
from tui.screens.reader import ReaderScreen
from tui.screens.summary import SummaryScreen
from tui.widgets.claim_details import claim_detail
from tui.widgets.claim_sidebar import ClaimSidebar
from tui.widgets.lens_panel import legend
from tui.widgets.section_view import SectionView
from tui.widgets.summary_banner import SummaryBanner

from .conftest import REPO
from .helpers.waiting import until
from .test_lens import LENS_BRIEF, parsed
from .test_reader_lens import lens_on, panel_text, reader, reviewed, started

BUNDLED = REPO / "briefs" / "north-korean-troops-in-russia.md"


def warned_brief(tmp_path: Path) -> Path:
    """The lens's crafted brief with an unhedged bottom line (T101 on its last sentence) and an undated claim
    (T401): warnings on the bottom line, in "Facts" (T101) and "Judgements" (T202, T201)."""
    text = LENS_BRIEF.read_text(encoding="utf-8")
    text = text.replace(
        "Rebel leaders say they took the airbase.[^airbase-taken]\n", "The rebels took the airbase.[^airbase-taken]\n"
    )
    text = text.replace("    - status: unverified\n    - date: 2025-03-03\n", "    - status: unverified\n")
    path = tmp_path / "warned.md"
    path.write_text(text, encoding="utf-8")
    return path


def reviewed_lens(brief: Brief) -> Lens:
    steps = review_steps(brief)
    try:
        while True:
            next(steps)
    except StopIteration as done:
        return Lens(brief, done.value)


def app_of(path: Path) -> BriefingApp:
    loader = open_brief(path)
    loader.finish()
    return BriefingApp(loader)


def notices(app: BriefingApp) -> list[str]:
    return [str(notice.message) for notice in app._notifications]


def noticed(app: BriefingApp, start: str) -> bool:
    """Whether a notice starts so (the walk says what it leaves to the claims' detail after the place)."""
    return any(said.startswith(start) for said in notices(app))


def banner_lines(banner: SummaryBanner) -> list[str]:
    return [line.plain for line in banner.render().split("\n")]


# 1. The bottom line up front


async def test_the_banner_marks_and_tints_the_bottom_line_with_the_lens_on(tmp_path: Path) -> None:
    app = app_of(warned_brief(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        banner = reader(app).query_one(SummaryBanner)
        height = banner.size.height
        assert not any(WARNING_MARK in line[:3] for line in banner_lines(banner))
        await pilot.press("L")
        await reviewed(app, pilot)
        lines = banner_lines(banner)
        # Confirmed, then claimed and warned (T101) on one line: the weakest marked, and `!`.
        assert lines[0].startswith(MARKS[Footing.CLAIMED] + WARNING_MARK)
        assert banner.size.height == height  # no taller than without the lens
        rendered = banner.render()
        assert isinstance(rendered, Content)
        text = rendered.plain
        coloured = {
            text[span.start : span.end]: span.style.foreground
            for span in rendered.spans
            if isinstance(span.style, Style) and span.style.foreground is not None
        }
        # Each sentence in its status's colour (mixed into the text's): the confirmed one and the claimed one apart.
        confirmed = next(colour for part, colour in coloured.items() if part.startswith("The ministry"))
        claimed = next(colour for part, colour in coloured.items() if "rebels" in part)
        assert confirmed != claimed
        await pilot.press("L")
        await pilot.pause()
        assert not any(WARNING_MARK in line[:3] for line in banner_lines(banner))


async def test_the_banner_keeps_its_height_and_its_cut_at_80x24_with_the_lens() -> None:
    app = app_of(BUNDLED)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(app, pilot)
        banner = reader(app).query_one(SummaryBanner)
        height = banner.size.height
        await pilot.press("L")
        await reviewed(app, pilot)
        lines = banner_lines(banner)
        assert banner.size.height == height == 2
        assert lines[-1].endswith("(B: read it all)")
        assert all(line[0] in MARKS.values() for line in lines)
        assert all(len(line) <= banner.content_size.width for line in lines)


async def test_the_whole_bottom_line_b_shows_its_marks_and_its_warnings(tmp_path: Path) -> None:
    app = app_of(warned_brief(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await lens_on(app, pilot)
        await pilot.press("B")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        dialog = app.screen
        view = dialog.query_one(SectionView)
        assert view.lens is not None
        panel = dialog.query_one("#summary-lens", Static)
        await pilot.press("j")  # "The rebels took the airbase.", unhedged
        await until(pilot, lambda: "T101" in str(panel.render()))
        assert "Here: rests on claimed" in str(panel.render())
        assert "! T101 unhedged:" in str(panel.render())
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("L")  # off: the dialog shows no lens
        await pilot.press("B")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        assert app.screen.query_one(SectionView).lens is None
        assert not app.screen.query_one("#summary-lens", Static).display


# 2. A claim's own warnings in its detail


def test_the_claim_detail_lists_the_claims_warnings_as_plain_text(tmp_path: Path) -> None:
    brief = parsed(warned_brief(tmp_path))
    claim = brief.claim("grain-cargo")
    assert claim is not None
    warnings = reviewed_lens(brief).claim_warnings("grain-cargo")
    assert [warning.code for warning in warnings] == ["T401"]
    shown = claim_detail(claim, 4, tradecraft=warnings).plain
    assert "Tradecraft: T401 undated: claim 'grain-cargo' has no date" in shown
    assert "Tradecraft" not in claim_detail(claim, 4).plain
    # Brief text in a message is never markup, and a long one is cut; past a few warnings they are counted.
    hostile = Warning("T501", "[bold red]twin[/] " + "x" * 5_000, "grain-cargo")
    shown = claim_detail(claim, 4, tradecraft=[hostile] * 9).plain
    assert "[bold red]twin[/]" in shown
    assert len(shown) < 5_000
    assert "3 more warnings" in shown


async def test_the_sidebar_shows_a_claims_warnings_while_the_lens_is_on(tmp_path: Path) -> None:
    app = app_of(warned_brief(tmp_path))
    async with app.run_test(size=(160, 45)) as pilot:
        await started(app, pilot)
        sidebar = reader(app).query_one(ClaimSidebar)
        await until(pilot, lambda: not sidebar.pending)
        detail = sidebar.query_one("#claim-detail", Static)
        sidebar.highlight_claim("grain-cargo")
        await pilot.pause()
        assert "Tradecraft" not in str(detail.render())
        await pilot.press("L")
        await reviewed(app, pilot)
        assert "Tradecraft: T401 undated" in str(detail.render())
        await pilot.press("L")
        await pilot.pause()
        assert "Tradecraft" not in str(detail.render())


# 3. The walk from warning to warning


def test_the_walk_goes_round_the_warned_sentences_in_reading_order(tmp_path: Path) -> None:
    brief = parsed(warned_brief(tmp_path))
    lens = reviewed_lens(brief)
    assert lens.warned_count == 4  # the bottom line, "Facts", and two sentences of "Judgements"
    first = lens.walk(None, -1, 1)
    assert first is not None
    assert (first.section_id, first.number, first.of) == (brief.all_sections[0].id, 0, 4)
    assert first.said == "Warning 1/4: T101 unhedged"
    places = [first]
    for _ in range(4):
        step = lens.walk(places[-1].section_id, places[-1].sentence, 1)
        assert step is not None
        places.append(step)
    assert [place.number for place in places] == [0, 1, 2, 3, 0]  # round to the first
    assert [place.section_id for place in places[:4]] == ["summary", "facts", "judgements", "judgements"]
    back = lens.walk(first.section_id, first.sentence, -1)
    assert back is not None
    assert back.number == 3  # before the first: the last
    assert "T202 mixed" in places[2].said
    assert Lens(brief, []).walk(None, -1, 1) is None


async def test_the_key_walks_the_warnings_across_sections_and_says_where(tmp_path: Path) -> None:
    app = app_of(warned_brief(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(app, pilot)
        screen = reader(app)
        await pilot.press("exclamation_mark")  # the lens comes on, the review runs, then the walk
        await until(pilot, lambda: any(said.startswith("Warning") for said in notices(app)))
        assert screen.lens_on
        view = screen.focused_view()
        assert view is not None
        assert noticed(app, "Warning 2/4: T101 unhedged")  # after the cursor, in "Facts"
        assert any("about claims, in each claim's detail (c)" in said for said in notices(app))  # T401: not walked
        assert view.section.id == "facts"
        assert view.section.sentence_text(view.current).startswith("The rebels took")  # type: ignore[arg-type]
        await until(pilot, lambda: "! T101 unhedged" in panel_text(app))
        await pilot.press("exclamation_mark")
        await pilot.pause()
        view = screen.focused_view()
        assert view is not None
        assert view.section.id == "judgements"  # the column went to its section
        assert noticed(app, "Warning 3/4: T202 mixed")
        await pilot.press("exclamation_mark", "exclamation_mark")  # round to the bottom line, in the column
        await pilot.pause()
        view = screen.focused_view()
        assert view is not None
        assert view.section.id == "summary"
        assert noticed(app, "Warning 1/4 (from the top): T101 unhedged")  # round, and said so
        assert len([said for said in notices(app) if said.startswith("Warning")]) == 1  # one walk notice at a time
        await until(pilot, lambda: "! T101 unhedged" in panel_text(app))  # its warning under the text
        screen.action_next_warning(-1)  # the palette's "Previous tradecraft warning"
        await pilot.pause()
        assert noticed(app, "Warning 4/4 (from the end): T201 off scale")


async def test_a_brief_without_warnings_says_so(tmp_path: Path) -> None:
    text = LENS_BRIEF.read_text(encoding="utf-8").split("## Judgements")[0]
    text = text.replace(" The rebels took the airbase.[^airbase-taken]", "")
    path = tmp_path / "clean.md"
    path.write_text(text, encoding="utf-8")
    app = app_of(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(app, pilot)
        await pilot.press("exclamation_mark")
        await until(pilot, lambda: noticed(app, "No tradecraft warnings"))


def test_the_walk_is_declared_once_with_an_id_and_the_palette_has_the_reverse() -> None:
    bindings = [
        binding
        for key in ("exclamation_mark", "!")
        for binding in ReaderScreen._merged_bindings.key_to_bindings.get(key, [])  # type: ignore[union-attr]
    ]
    assert [binding.id for binding in bindings] == ["lens.warning.next"]
    every = [
        binding.action
        for bindings in ReaderScreen._merged_bindings.key_to_bindings.values()  # type: ignore[union-attr]
        for binding in bindings
    ]
    assert every.count("next_warning(1)") == 1


async def test_the_palette_offers_the_previous_warning(tmp_path: Path) -> None:
    from tui.commands.brief import BriefCommands

    app = app_of(warned_brief(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(app, pilot)
        provider = BriefCommands(app.screen)
        texts = [command.text for command in provider._commands()]
        assert "Previous tradecraft warning" in texts


# 4. The legend on one line at 80 columns


def test_the_bundled_briefs_legend_fits_78_cells_naming_each_mark() -> None:
    lens = reviewed_lens(parsed(BUNDLED))
    shown = legend(lens, None, 78)
    assert "\n" not in shown.plain
    assert len(shown.plain) <= 78
    for word in ("confirmed", "Reported", "Assessed", "Claimed", "unver", "Denied", "analysis", "warning", "estim"):
        assert word in shown.plain
    assert legend_words.forms(lens.legend())[0][0].text == "✓ confirmed"  # the widest form first


async def test_at_80x24_the_bundled_briefs_legend_is_one_line() -> None:
    app = app_of(BUNDLED)
    async with app.run_test(size=(80, 24)) as pilot:
        await lens_on(app, pilot)
        panel = reader(app).query_one("#lens-panel", Static)
        first = str(panel.render()).splitlines()[0]
        assert len(first) <= panel.content_region.width
        assert "estim" in first
        assert panel.size.height <= 4
