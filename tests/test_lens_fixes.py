"""The evidence lens under attack (issue 16): a huge section, a sentence citing thousands of claims, a
small terminal, a highlight over a tint, and L pressed twice."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tui.core.brief.loader import open_brief
from tui.core.display import wrap
from tui.widgets import section_view
from tui.widgets.section_view import SectionView

from .helpers.growth import seconds
from .helpers.waiting import until
from .test_reader_lens import lens_app, reader, reviewed, started


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
        await started(app, pilot)
        await pilot.press("L")
        await reviewed(app, pilot)
        await pilot.press("L", "L")  # off, then on again at once
        await pilot.pause()
        await pilot.pause()
        assert reader(app).lens_on
        assert "Evidence lens off" not in [notice.message for notice in app._notifications]
        await pilot.press("L")  # off again: said
        await pilot.pause()
        assert "Evidence lens off" in [notice.message for notice in app._notifications]
