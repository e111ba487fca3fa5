"""`o` on a sentence with several links: a numbered list of them, 1-9 or j/k and enter opens one, escape none."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from tui.app import BriefingApp
from tui.core.brief.links import labelled_links, links_in
from tui.core.brief.loader import open_brief
from tui.screens.confirm import ConfirmScreen
from tui.screens.link_choice import LINE, LinkChoice, link_prompt
from tui.screens.reader import ReaderScreen
from tui.widgets.section_view import SectionView

from .helpers.waiting import until

LONG = "https://example.org/" + "a-very-long-path/" * 10 + "report.html"
FIRST = f"""---
id: first
title: First brief
---

Summary of the first.

## Context

Compare [the second brief](second.md#details), [the agency's report]({LONG})
and [a \\[b\\]bracket\\[/b\\] @click=app.quit \x1b](https://example.com/x). One link: [second](second.md).
"""

SECOND = """---
id: second
title: Second brief
---

Summary of the second.

## Details

The numbers are here.
"""


@pytest.fixture
def library(tmp_path: Path) -> Path:
    (tmp_path / "first.md").write_text(FIRST, encoding="utf-8")
    (tmp_path / "second.md").write_text(SECOND, encoding="utf-8")
    return tmp_path / "first.md"


def test_each_link_comes_with_its_text_in_the_order_of_the_sentence(library: Path) -> None:
    loader = open_brief(library)
    loader.finish()
    section = loader.section_by_id("context")
    assert section is not None
    sentence = section.sentences[0]
    labelled = labelled_links(section, sentence)
    assert [url for _, url in labelled] == links_in(section, sentence)
    assert labelled[:2] == [("the second brief", "second.md#details"), ("the agency's report", LONG)]
    assert labelled[2][0] == "a [b]bracket[/b] @click=app.quit ␛"  # the brief pictured it as read


def test_a_link_is_pictured_and_cut_to_fit_80_columns() -> None:
    prompt = link_prompt(3, "red \x1b[31m [b]bold[/b]\nnext", LONG)
    first, second = prompt.plain.split("\n")
    assert first == "3  red ␛[31m [b]bold[/b]␤next"  # no escape reaches the terminal, no markup read
    assert "\x1b" not in prompt.plain
    assert second.endswith("…")
    assert max(len(first), len(second)) <= LINE
    assert link_prompt(10, "", "x").plain.startswith("   (a link with no text)")  # no number key past 9


async def test_o_lists_the_links_and_a_number_follows_one(library: Path) -> None:
    """`o` offered only the first link of a sentence: the others could not be opened."""
    app = BriefingApp(open_brief(library))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first = app.screen
        assert isinstance(first, ReaderScreen)
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, LinkChoice))
        choice = app.screen
        assert isinstance(choice, LinkChoice)
        assert [url for _, url in choice.links] == ["second.md#details", LONG, "https://example.com/x"]
        assert choice.query_one(OptionList).option_count == 3
        # 2: the web link, after asking; n asks no more and nothing opens.
        await pilot.press("2")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert confirm.detail == LONG
        await pilot.press("n")
        await until(pilot, lambda: app.screen is first)
        # j and enter: the same as 2; escape: nothing.
        await pilot.press("o", "j", "enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is first)
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, LinkChoice))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is first)
        assert not app._notifications
        # 1: the brief beside this one, at its section, as a single link opens it.
        await pilot.press("o", "1")
        await app.workers.wait_for_complete()
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen is not first)
        view = app.focused
        assert isinstance(view, SectionView)
        assert view.section.id == "details"


async def test_a_sentence_with_one_link_opens_it_without_a_list(library: Path) -> None:
    app = BriefingApp(open_brief(library))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first = app.screen
        await pilot.press("j", "o")
        await app.workers.wait_for_complete()
        await until(pilot, lambda: app.screen is not first)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.loader.title == "Second brief"


async def test_a_number_with_no_link_does_nothing(library: Path) -> None:
    app = BriefingApp(open_brief(library))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, LinkChoice))
        await pilot.press("7")
        await pilot.pause()
        assert isinstance(app.screen, LinkChoice)
