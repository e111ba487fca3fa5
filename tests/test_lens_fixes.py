"""The evidence lens under attack (issue 16): a huge section, a sentence citing thousands of claims, a
small terminal, a highlight over a tint, and L pressed twice."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from rich.color import Color
from textual.content import Content
from textual.widgets import Static

from tui.app import BriefingApp
from tui.core.brief.loader import open_brief
from tui.core.display import wrap
from tui.core.notes.annotation import COLOURS
from tui.core.reading import lens as lens_module
from tui.core.tradecraft.review import review_steps
from tui.widgets import section_view
from tui.widgets.section_view import SectionView

from .helpers.growth import seconds
from .helpers.waiting import until
from .test_lens import LENS_BRIEF
from .test_reader_lens import lens_app, lens_on, reader, reviewed, started


def counting_wraps(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each `wrap_section` call of the columns, by the name of the thread it ran in."""
    calls: list[str] = []

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(threading.current_thread().name)
        return wrap.wrap_section(*args, **kwargs)

    monkeypatch.setattr(section_view, "wrap_section", counted)
    return calls


async def test_the_reviewed_lens_reaches_the_columns_without_wrapping_them_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = lens_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.pause()
        views = [view for view in reader(app).query(SectionView) if view.lines]
        calls = counting_wraps(monkeypatch)
        await pilot.press("L")
        await reviewed(app, pilot)
        assert all(view.lens is reader(app).lens for view in views)
        assert len(calls) == len(views)  # once each, for the gutter; not again when the review is done
        before = len(calls)
        await pilot.press("L")
        await pilot.pause()
        await pilot.press("L")
        await pilot.pause()
        assert len(calls) == before + 2 * len(views)  # off and on: the gutter's width changed twice


async def test_a_long_section_is_wrapped_for_the_lens_in_a_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(section_view, "WRAP_IN_THREAD", 0)  # every section counts as long
    app = lens_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.pause()
        calls = counting_wraps(monkeypatch)
        view = reader(app).views[0]
        await pilot.press("L")
        await reviewed(app, pilot)
        await until(pilot, lambda: view.lens is not None)
        assert view.lens is reader(app).lens
        assert calls
        assert threading.main_thread().name not in calls
        assert view._laid_out_width == view.scrollable_content_region.width - view.gutter_width
        # Off and on again before the first wrap is done: the lens ends on, wrapped for it.
        await pilot.press("L", "L")
        await until(pilot, lambda: view.lens is not None and view.lens is view.lens_wanted)
        await pilot.pause(0.2)
        assert view.lens is reader(app).lens
        assert view._laid_out_width == view.scrollable_content_region.width - view.gutter_width


def one_section(path: Path, sentences: int) -> SectionView:
    path.write_text(
        "# Brief\n\n## Facts\n\n" + " ".join(f"Sentence {n} says a thing." for n in range(sentences)) + "\n",
        encoding="utf-8",
    )
    loader = open_brief(path)
    loader.finish()
    assert loader.brief is not None
    section = max(loader.brief.all_sections, key=lambda section: len(section.sentences))
    view = SectionView(section, {})
    view.lines = wrap.wrap_section(section, 70, {})
    return view


def test_finding_a_lines_sentences_does_not_grow_with_the_section(tmp_path: Path) -> None:
    small, large = one_section(tmp_path / "small.md", 500), one_section(tmp_path / "large.md", 50_000)
    assert len(large.sentences) >= 50_000
    line = large.lines[1]
    # A copy of the rest of the sentences for each line drawn grew a hundredfold here.
    ratio = seconds(lambda: large._on_line(line)) / seconds(lambda: small._on_line(small.lines[1]))
    assert ratio < 10


async def test_l_twice_quickly_takes_down_the_lens_off_notice() -> None:
    app = lens_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await lens_on(app, pilot)
        await pilot.press("L", "L")  # off, then on again at once
        await pilot.pause()
        await pilot.pause()
        assert reader(app).lens_on
        assert "Evidence lens off" not in [notice.message for notice in app._notifications]
        await pilot.press("L")  # off again: said
        await pilot.pause()
        assert "Evidence lens off" in [notice.message for notice in app._notifications]


def overstated(tmp_path: Path, claims: int = 0) -> Path:
    """The lens's brief with "The rebels certainly took the airbase." (T101 unhedged, T201 off the scale),
    and with `claims` undated claims (T401 each) cited by "Monitors counted forty trucks in it."."""
    text = LENS_BRIEF.read_text(encoding="utf-8")
    text = text.replace(
        "The rebels took the airbase.[^airbase-taken] The convoy",
        "The rebels certainly took the airbase.[^airbase-taken] The convoy",
    )
    if claims:
        cited = "".join(f"[^u{number}]" for number in range(claims))
        text = text.replace(
            "Monitors counted forty trucks in it.[^trucks-counted]",
            f"Monitors counted forty trucks in it.[^trucks-counted]{cited}",
        )
        text += "".join(
            f"\n[^u{number}]: Undated claim {number}.\n    - status: reported\n" for number in range(claims)
        )
    path = tmp_path / "overstated.md"
    path.write_text(text, encoding="utf-8")
    return path


def panel_lines(app: BriefingApp) -> list[str]:
    """The panel's lines as they show (wrapped at its width), the ones below its edge too."""
    panel = reader(app).query_one("#lens-panel", Static)
    if not panel.display:
        return []
    width = panel.content_region.width
    return [row.plain for line in str(panel.render()).splitlines() for row in Content(line).wrap(width)]


async def to_sentence(app: BriefingApp, pilot, starting: str) -> SectionView:  # type: ignore[no-untyped-def]
    view = next(view for view in reader(app).views if view.section.id == "facts")
    index = next(s.index for s in view.sentences if view.section.sentence_text(s).startswith(starting))
    view.focus()
    view.move_to(index)
    await until(
        pilot, lambda: any(starting[:12] in line for line in panel_lines(app)) or "Here" in "".join(panel_lines(app))
    )
    await pilot.pause(0.2)
    return view


@pytest.mark.parametrize("size", [(80, 24), (100, 40)])
async def test_the_panel_shows_each_warning_cut_to_its_lines(tmp_path: Path, size: tuple[int, int]) -> None:
    app = lens_app(overstated(tmp_path))
    async with app.run_test(size=size) as pilot:
        await lens_on(app, pilot)
        await to_sentence(app, pilot, "The rebels certainly")
        panel = reader(app).query_one("#lens-panel", Static)
        lines = panel_lines(app)[: panel.content_region.height]  # what shows: the panel does not scroll
        shown = "\n".join(lines)
        assert "T101" in shown
        assert "T201" in shown  # at 80x24 the first warning's message took the panel and T201 never showed
        assert len(panel_lines(app)) <= panel.content_region.height  # none hidden below the panel's edge
        assert "more warning" not in shown
        assert all(len(line) <= panel.content_region.width for line in lines)
        cut = [line for line in lines if line.endswith("…")]
        assert cut  # the long T101 message is cut where it stops, and says so


@pytest.mark.parametrize("size", [(80, 24), (100, 40)])
async def test_the_panel_says_how_many_more_warnings_there_are(tmp_path: Path, size: tuple[int, int]) -> None:
    app = lens_app(overstated(tmp_path, claims=40))
    async with app.run_test(size=size) as pilot:
        await lens_on(app, pilot)
        view = await to_sentence(app, pilot, "Monitors counted")
        lines = panel_lines(app)
        panel = reader(app).query_one("#lens-panel", Static)
        assert len(lines) <= panel.content_region.height
        lens, sentence = reader(app).lens, view.current
        assert lens is not None
        assert sentence is not None
        count = lens.warning_count(view.section, sentence)
        assert count >= 40
        shown = sum("T401" in line for line in lines)
        assert lines[-1].startswith(f"+{count - shown} more warnings (! walks them; see briefing check)")


async def test_a_sentence_citing_thousands_of_claims_makes_only_the_warnings_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = lens_app(overstated(tmp_path, claims=2_000))
    weighed: list[object] = []  # `footing_of` weighs each cited claim against the others: 3 s for 10,000
    footing_of = lens_module.footing_of

    def weighing(brief, sentence):  # type: ignore[no-untyped-def]
        if len(sentence.claim_ids) > 100:
            weighed.append(sentence)
        return footing_of(brief, sentence)

    monkeypatch.setattr(lens_module, "footing_of", weighing)
    monkeypatch.setattr(lens_module, "rests_on", lambda *_: pytest.fail("weighed again: use the lens's"))
    async with app.run_test(size=(80, 24)) as pilot:
        await lens_on(app, pilot)
        lens = reader(app).lens
        assert lens is not None
        made: list[int] = []
        warnings = lens.warnings

        def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            found = warnings(*args, **kwargs)
            made.append(len(found))
            return found

        lens.warnings = counted  # type: ignore[method-assign]
        await to_sentence(app, pilot, "Monitors counted")
        assert made
        assert max(made) <= 6  # not the 2,000 warnings about the claims it cites
        assert "+" in panel_lines(app)[-1]
        await pilot.press("k", "j")  # away and back
        await pilot.pause(0.3)
        # Once for its mark and what it rests on, by both lenses (the one shown during the review, the
        # reviewed one): it was five times, then at each visit.
        assert len(weighed) == 1


@pytest.mark.parametrize("size", [(20, 10), (30, 12), (40, 14)])
async def test_on_a_small_terminal_the_panel_gives_the_text_its_rows(size: tuple[int, int]) -> None:
    app = lens_app()
    async with app.run_test(size=size) as pilot:
        await lens_on(app, pilot)
        await pilot.pause(0.2)
        view = reader(app).views[0]
        panel = reader(app).query_one("#lens-panel", Static)
        assert view.size.height >= section_view_rows(size)  # 20x10 had none, 30x12 one
        if panel.display and panel.has_class("-tight"):
            assert len(panel_lines(app)) == 1
            assert panel_lines(app)[0].startswith(("Here:", "Lens", "✓"))


def section_view_rows(size: tuple[int, int]) -> int:
    return min(4, size[1] - 6)  # the header, the column's title and the key bar take the rest


async def test_at_80x24_the_panel_keeps_its_rule_legend_and_here_line() -> None:
    app = lens_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await lens_on(app, pilot)
        await pilot.pause(0.2)
        panel = reader(app).query_one("#lens-panel", Static)
        assert panel.display
        assert not panel.has_class("-tight")
        lines = panel_lines(app)
        assert lines[0].startswith("✓ confirmed")
        assert lines[1].startswith("Here:")
        assert reader(app).views[0].size.height >= 6


def luminance(colour: Color) -> float:
    def linear(value: int) -> float:
        value_ = value / 255
        return value_ / 12.92 if value_ <= 0.03928 else ((value_ + 0.055) / 1.055) ** 2.4

    assert colour.triplet is not None
    red, green, blue = colour.triplet
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def on_highlights(view: SectionView) -> list[tuple[Color, Color]]:
    """The (text, background) colours of the text painted on a highlight (any background but the view's)."""
    ground = view.style_of("").bgcolor
    found = []
    for y in range(view.size.height):
        for segment in view.render_line(y)[view.gutter_width :]:
            style = segment.style
            if segment.text.strip() and style is not None and style.bgcolor not in (None, ground):
                assert style.color is not None
                assert style.bgcolor is not None
                found.append((style.color, style.bgcolor))
    return found


def contrast(text: Color, ground: Color) -> float:
    """As WCAG reckons it; 21 for colours without a value (an ANSI theme's, the terminal's to choose)."""
    if text.triplet is None or ground.triplet is None:
        return 21.0
    light, dark = sorted((luminance(text), luminance(ground)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("theme", ["solarized-dark", "ansi-light"])
async def test_a_highlight_on_a_tinted_sentence_reads_as_well_as_without_the_lens(theme: str) -> None:
    app = lens_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        app.theme = theme
        view = next(view for view in reader(app).views if view.section.id == "facts")
        view.show_notes(
            [(s.start, view.text_end(s), colour) for s, colour in zip(view.sentences, COLOURS * 9, strict=False)]
        )
        view.move_to(len(view.sentences) - 1)  # the cursor off the highlights checked first
        await pilot.pause(0.1)
        without = on_highlights(view)
        await pilot.press("L")
        await reviewed(app, pilot)
        await pilot.pause(0.1)
        assert view.lens is not None
        lensed = on_highlights(view)
        assert lensed
        # The tint's colour on a highlight's background read at 1.56 (solarized-dark) and 1.11 (ansi-light):
        # there the text keeps its own colour.
        assert {text for text, _ in lensed} <= {text for text, _ in without}
        assert min(contrast(*pair) for pair in lensed) >= min(contrast(*pair) for pair in without) - 0.01


def test_the_lens_files_many_findings_a_step_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lens_module, "INDEX_STEP", 1_000)
    loader = open_brief(overstated(tmp_path, claims=3_000))
    loader.finish()
    assert loader.brief is not None
    brief = loader.brief
    findings = None
    steps = review_steps(brief)
    try:
        while True:
            next(steps)
    except StopIteration as done:
        findings = done.value
    assert findings is not None
    assert len(findings) > 2 * lens_module.INDEX_STEP
    made = lens_module.Lens.steps(brief, findings)
    yields = 0
    try:
        while True:
            next(made)
            yields += 1
    except StopIteration as done:
        stepped = done.value
    assert yields >= 2  # 190,000 findings (a 20 MB brief) were filed in one go: 0.44 s, every key waiting
    whole = lens_module.Lens(brief, findings)
    assert stepped.reviewed
    assert whole.reviewed
    assert stepped.warned_count == whole.warned_count
    assert stepped.walk(None, -1, 1) == whole.walk(None, -1, 1)
    facts = next(section for section in brief.all_sections if section.id == "facts")
    assert [stepped.warning_count(facts, s) for s in facts.sentences] == [
        whole.warning_count(facts, s) for s in facts.sentences
    ]
