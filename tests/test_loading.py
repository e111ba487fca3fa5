"""Opening a brief before it is parsed: the first screen from the outline, the rest in a worker."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

from tui.app import BriefingApp
from tui.core.brief.loader import BriefLoader, open_brief
from tui.core.brief.parse import parse_brief
from tui.screens.reader import ReaderScreen
from tui.widgets.claim_sidebar import ClaimSidebar
from tui.widgets.section_view import SectionView

from .bench.generate import generate
from .conftest import BUNDLED_BRIEF
from .helpers.waiting import until

BIG = generate(60_000, seed=3)


class HeldLoader(BriefLoader):
    """A loader that makes no progress until the test lets it go, so 'still loading' can be looked at."""

    def __init__(self, text: str, path: str) -> None:
        super().__init__(text, path)
        self.go = False

    def steps(self) -> Iterator[tuple[int, int]]:
        while not self.go:
            # Asleep, not spinning: longer than a long step (slices.LONG_STEP), so the reader then leaves the event
            # loop alone as long, and Pilot, which waits for it to be idle after each key, need not time out.
            time.sleep(0.02)
            yield 0, 1
        yield from super().steps()


def test_the_loader_makes_the_same_brief_as_a_whole_parse() -> None:
    whole, problems = parse_brief(BIG, "big.md")
    loader = BriefLoader(BIG, "big.md")
    shown = loader.first_sections(3)
    assert [s.id for s in shown] == ["section-2", "section-3", "section-4"]
    assert loader.section(7) is loader.section(7)  # parsed once
    seen: list[tuple[int, int]] = []
    brief, found = loader.finish(lambda done, total: seen.append((done, total)))
    assert brief == whole
    assert found == problems
    # A step for the bottom line up front, one per section and one per claim.
    steps = 1 + loader.section_count + len(brief.claims)
    assert seen[-1] == (steps, steps)
    assert len(seen) > steps  # and the checks across the brief, a few steps more
    # The sections the reader showed early are the very objects the brief holds.
    assert all(any(s is section for s in brief.sections) for section in shown)
    assert loader.finish()[0] is brief  # finishing twice parses nothing again


def test_claim_numbers_are_known_before_the_claims_are_parsed() -> None:
    loader = open_brief(BUNDLED_BRIEF)
    numbers = dict(loader.claim_numbers)
    brief, _ = loader.finish()
    assert numbers == {claim.id: number for number, claim in enumerate(brief.claims, 1)}


def test_first_sections_fall_back_to_the_first_three_then_the_summary() -> None:
    plain = BriefLoader("# T\n\nIntro text.\n\n## A\n\nOne.\n\n## B\n\nTwo.\n", "plain.md")
    assert [s.title for s in plain.first_sections(3)] == ["A", "B"]
    lone = BriefLoader("# T\n\nOnly an introduction.\n", "lone.md")
    assert [s.id for s in lone.first_sections(3)] == ["summary"]


async def test_the_reader_is_usable_while_the_brief_loads() -> None:
    loader = HeldLoader(BIG, "big.md")
    app = BriefingApp(loader)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.brief is None
        assert "Loading the brief" in str(screen.query_one("#brief-progress").render())
        assert "loading" in str(screen.query_one("#claim-filter").render())
        assert [view.section.id for view in screen.views] == ["section-2", "section-3", "section-4"]
        # Reading works: the cursor moves, another section is shown (parsed on demand).
        await pilot.press("j", "j", "9")
        view = app.focused
        assert isinstance(view, SectionView)
        assert view.section.id == "section-9"
        assert view.cursor == 0
        await pilot.press("j")
        assert view.cursor == 1
        # A search typed now waits for the brief, and says so.
        await pilot.press("slash", *"troops")
        assert "loading" in str(screen.query_one("#search-count").render())
        assert screen.matches == []
        loader.go = True
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.brief is not None
        assert screen.query_one("#brief-progress").display is False
        sidebar = screen.query_one(ClaimSidebar)

        assert sidebar.claim_list.count == len(screen.brief.claims) > 0
        # The search typed while loading has run on the whole brief.
        assert len(screen.matches) > 10
        assert str(screen.query_one("#search-count").render()).endswith(f"/{len(screen.matches)}")
        # The claims the sentence under the cursor cites are marked, now that they are known.
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.focused, SectionView) and app.focused.current is not None)
        await until(pilot, lambda: sidebar.cited == app.focused.current.claim_ids)  # type: ignore[union-attr]
        current = app.focused
        assert isinstance(current, SectionView)
        assert current.current is not None
        assert sidebar.cited == current.current.claim_ids


class SlowLoader(BriefLoader):
    """A loader whose every step holds the event loop 60 ms, as a piece of a pathological paragraph does."""

    def __init__(self, text: str, path: str) -> None:
        super().__init__(text, path)
        self.taken = 0
        self.go = False

    def steps(self) -> Iterator[tuple[int, int]]:
        while not self.go:
            time.sleep(0.06)  # asleep, not spinning: the loop is held all the same
            self.taken += 1
            yield 0, 1
        yield from super().steps()


async def test_a_key_goes_through_within_two_long_steps_of_loading() -> None:
    """20 MiB of '[' loaded in steps of 0.3 s and a key waited a step at each hop of the event loop: q took 14 s."""
    loader = SlowLoader(Path(BUNDLED_BRIEF).read_text(encoding="utf-8"), str(BUNDLED_BRIEF))
    app = BriefingApp(loader)
    async with app.run_test(size=(160, 50)) as pilot:
        await until(pilot, lambda: loader.taken > 3)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.query_one(SectionView)
        before = loader.taken
        await pilot.press("j")
        await until(pilot, lambda: view.cursor == 1)
        assert loader.taken - before <= 3, f"the key waited {loader.taken - before} steps"
        loader.go = True
