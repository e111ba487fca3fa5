"""Search across a brief: smartcase, reading order, sentences; as you type in a big brief, keys before results."""

from __future__ import annotations

import asyncio

import pytest
from textual import events
from textual.widgets import Input

from tui.app import BriefingApp
from tui.core.brief.loader import BriefLoader
from tui.core.brief.model import Brief
from tui.core.brief.parse import load_brief
from tui.core.display.search import TYPING_LIMIT, Search, find, is_case_sensitive
from tui.screens.reader import ReaderScreen
from tui.widgets.section_view import SectionView

from .bench.generate import generate
from .conftest import BUNDLED_BRIEF


@pytest.fixture(scope="module")
def brief() -> Brief:
    return load_brief(BUNDLED_BRIEF)[0]


def test_smartcase() -> None:
    assert not is_case_sensitive("kursk")
    assert is_case_sensitive("Kursk")


def test_matches_in_reading_order_with_their_sentences(brief: Brief) -> None:
    matches = find(brief, "kursk")
    assert matches
    order = [s.id for s in brief.all_sections]
    assert [order.index(m.section_id) for m in matches] == sorted(order.index(m.section_id) for m in matches)
    for match in matches:
        section = brief.section(match.section_id)
        assert section is not None
        assert section.text[match.start : match.end].lower() == "kursk"
        sentence = section.sentences[match.sentence]
        assert sentence.start <= match.start < sentence.end


def test_a_capital_makes_it_case_sensitive(brief: Brief) -> None:
    assert len(find(brief, "nato")) >= len(find(brief, "NATO")) > 0
    assert find(brief, "Nato") == []


def test_empty_query_finds_nothing(brief: Brief) -> None:
    assert find(brief, "") == []


def test_a_search_with_a_limit_stops_there_and_says_there_are_more(brief: Brief) -> None:
    every = find(brief, "the")
    job = Search(brief.all_sections, "the", limit=10)
    assert job.run(float("inf"))
    assert job.found == every[:10]
    assert job.more
    whole = Search(brief.all_sections, "the", limit=len(every))
    assert whole.run(float("inf"))
    assert whole.found == every
    assert not whole.more


def test_a_search_run_a_slice_at_a_time_finds_what_find_finds(brief: Brief) -> None:
    job = Search(brief.all_sections, "e")
    slices = 1
    while not job.run(0.0):  # a deadline long past: one step at a time
        slices += 1
    assert slices > len(brief.all_sections)
    assert job.found == find(brief, "e")


@pytest.fixture(scope="module")
def big() -> BriefLoader:
    """A generated brief of 2 MB, loaded in full: a one-letter query has tens of thousands of matches."""
    loader = BriefLoader(generate(2_000_000), "big.md")
    loader.finish()
    return loader


def send(app: BriefingApp, *keys: str) -> None:
    """Queue keys as a terminal would, all at once, none waited for."""
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)  # type: ignore[union-attr]


async def until(pilot, done) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3000):
        if done():
            return
        await pilot.pause(0.01)
    raise AssertionError("waited 30 s")


async def turns(done) -> None:  # type: ignore[no-untyped-def]
    """Wait a turn of the event loop at a time (with slices of 0 s, a search moves one section a turn)."""
    for _ in range(100_000):
        if done():
            return
        await asyncio.sleep(0)
    raise AssertionError("waited 100,000 turns")


async def test_keys_typed_in_a_big_brief_are_handled_while_the_search_runs(big: BriefLoader) -> None:
    """The old search ran whole at every key: a key typed meanwhile waited for it (1.7 s a key at 5 MB)."""
    app = BriefingApp(big)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        screen.SEARCH_AT_ONCE = screen.SEARCH_SLICE = 0.0  # one section per turn of the event loop
        field = screen.query_one("#search-input", Input)
        finished: list[str] = []
        searched = screen._searched

        def record(job: Search, **how: bool) -> None:
            finished.append(job.query)
            searched(job, **how)

        screen._searched = record  # type: ignore[method-assign]
        await pilot.press("slash")
        send(app, "z")
        await turns(lambda: field.value == "z")
        send(app, "q")
        await until(pilot, lambda: screen.searched == "zq")
        assert field.value == "zq"
        # The second key was handled before the search for the first one reached the end of the
        # brief (it went on between keys, and the key cancelled it: it never finished).
        assert finished == ["zq"]
        assert str(screen.query_one("#search-count").render()) == "no match"


async def test_a_search_while_typing_counts_up_to_a_limit_and_enter_counts_them_all(big: BriefLoader) -> None:
    assert big.brief is not None
    every = find(big.brief, "tro")
    assert len(every) > TYPING_LIMIT
    app = BriefingApp(big)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        screen.SEARCH_AT_ONCE = screen.SEARCH_SLICE = 0.0
        await pilot.press("slash")
        send(app, "t", "r", "o")
        await until(pilot, lambda: screen.searched == "tro")
        assert screen.query_one("#search-input", Input).value == "tro"
        assert str(screen.query_one("#search-count").render()) == f"{TYPING_LIMIT}+ matches"
        assert all(view.found for view in screen.views)  # the columns shown are highlighted meanwhile
        current = screen.matches[screen.match_index]
        await pilot.press("enter")
        await until(pilot, lambda: screen.search_complete)
        assert screen.matches == every
        assert screen.matches[screen.match_index] == current  # counting them all stays on the match
        assert str(screen.query_one("#search-count").render()) == f"{screen.match_index + 1}/{len(every)}"
        view = app.focused
        assert isinstance(view, SectionView)
        assert (view.section.id, view.cursor) == (current.section_id, current.sentence)
        await pilot.press("n")
        assert screen.matches[screen.match_index] == every[(every.index(current) + 1) % len(every)]


async def test_enter_before_the_search_is_done_goes_to_the_match_when_it_is(big: BriefLoader) -> None:
    app = BriefingApp(big)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        screen.SEARCH_AT_ONCE = screen.SEARCH_SLICE = 0.0
        await pilot.press("slash")
        send(app, "t", "r", "o", "enter")
        await turns(lambda: isinstance(app.focused, SectionView))
        assert not screen.search_complete
        await pilot.press("n")  # before the search is done: told to wait
        assert "Still searching" in str(list(app._notifications)[-1].message)
        await until(pilot, lambda: screen.search_complete and screen.searched == "tro")
        assert screen.query_one("#search-input", Input).value == "tro"
        view = app.focused
        assert isinstance(view, SectionView)
        current = screen.matches[screen.match_index]
        assert (view.section.id, view.cursor) == (current.section_id, current.sentence)
