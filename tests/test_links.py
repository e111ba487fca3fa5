"""Links between briefs: a relative link to a brief in the same folder opens in the reader; nothing else does."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.app import BriefingApp
from tui.core.brief.links import BriefLink, Refused, brief_link
from tui.core.brief.loader import open_brief
from tui.screens.reader import ReaderScreen
from tui.widgets.section_view import SectionView

FIRST = """---
id: first
title: First brief
---

Summary of the first.

## Context

See [the second brief](second.md#details) for the numbers. And [outside](../outside.md). Plain sentence.
"""

SECOND = """---
id: second
title: Second brief
---

Summary of the second.

## Overview

Nothing much.

## Details

The numbers are here.
"""


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    (folder / "sub").mkdir(parents=True)
    (folder / "first.md").write_text(FIRST, encoding="utf-8")
    (folder / "second.md").write_text(SECOND, encoding="utf-8")
    (folder / "sub" / "third.md").write_text(SECOND, encoding="utf-8")
    (folder / "notes.txt").write_text("not a brief", encoding="utf-8")
    (tmp_path / "outside.md").write_text(SECOND, encoding="utf-8")
    (folder / "escape.md").symlink_to(tmp_path / "outside.md")
    return folder


@pytest.mark.parametrize(
    ("url", "section"),
    [("second.md", ""), ("second.md#details", "details"), ("./sub/third.md", ""), ("sub/../second.md", "")],
)
def test_a_relative_link_to_a_brief_in_the_folder_is_followed(library: Path, url: str, section: str) -> None:
    target = brief_link(url, str(library / "first.md"))
    assert isinstance(target, BriefLink)
    assert target.path.parent in (library, library / "sub")
    assert target.section == section


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("../outside.md", "out of this brief's folder"),
        ("%2e%2e/outside.md", "out of this brief's folder"),
        ("escape.md", "out of this brief's folder"),  # a symbolic link pointing out
        ("/etc/passwd", "absolute path"),
        ("missing.md", "no brief at"),
        ("notes.txt", "not a brief"),
        ("file:///etc/passwd", "only http(s)"),
        ("javascript:alert(1)", "only http(s)"),
        ("data:text/html,x", "only http(s)"),
        ("smb://host/share/x.md", "only http(s)"),
        ("#context", "place in this brief"),
    ],
)
def test_anything_else_is_refused_with_the_reason(library: Path, url: str, why: str) -> None:
    target = brief_link(url, str(library / "first.md"))
    assert isinstance(target, Refused)
    assert why in target.reason


async def test_o_on_a_link_to_another_brief_opens_it_at_its_section_and_q_comes_back(library: Path) -> None:
    app = BriefingApp(open_brief(library / "first.md"))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        first = app.screen
        assert isinstance(first, ReaderScreen)
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        second = app.screen
        assert isinstance(second, ReaderScreen)
        assert second is not first
        assert second.loader.title == "Second brief"
        view = app.focused
        assert isinstance(view, SectionView)
        assert view.section.id == "details"
        await pilot.press("q")
        assert app.screen is first
        # The next sentence links out of the folder: refused, with the reason, and nothing opens.
        await pilot.press("j", "o")
        await pilot.pause()
        assert app.screen is first
        assert any("out of this brief's folder" in str(n.message) for n in app._notifications)
