"""One rule for a brief with errors, in the library and the reader: it opens with what can be shown, says
how many errors and the first ones with their lines, and `briefing check FILE` for all; only a file that
cannot be read at all is refused. A citation of an undefined claim stays visible, marked as broken."""

from __future__ import annotations

from pathlib import Path

from rich.segment import Segment
from textual.widgets import OptionList

from tui.app import BriefingApp
from tui.core.brief.loader import open_brief
from tui.core.display.markers import broken_marker, marker_parts
from tui.core.library import entry
from tui.core.notes.store import STORE_FILE
from tui.core.outside.problems import error
from tui.core.reading.problems import errors_notice
from tui.screens.library import LibraryScreen, entry_prompt
from tui.screens.reader import ReaderScreen
from tui.widgets.section_view import SectionView

from .helpers.waiting import until

# Five errors: an undefined citation (line 12), two claims without a claimant, a relation to a
# claim that is not defined, an unknown status.
WITH_ERRORS = """---
id: small
title: Small [b]brief[/b]
---

# Small brief

Top line.[^a]

## One

First sentence.[^a][^ghost] Second sentence.[^b]

[^a]: A claim.
    - status: reported
    - contradicts: missing

[^b]: Another.
    - status: bogus
"""

# Its only error: a relation naming a claim that is not defined (the library said "cannot be read").
ONE_ERROR = """---
id: almost
title: Almost right
---

# Almost right

Top line.

## One

A sentence.[^a]

[^a]: A claim.
    - claimant: someone
    - reported by: a report
    - status: reported
    - contradicts: missing
"""


def notices(app: BriefingApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


def painted(view: SectionView) -> list[list[Segment]]:
    return [list(view.render_line(y)) for y in range(view.size.height)]


def test_a_brief_whose_only_error_is_a_relation_is_listed_as_openable_with_its_error(tmp_path: Path) -> None:
    path = tmp_path / "almost.md"
    path.write_text(ONE_ERROR, encoding="utf-8")
    listed = entry(path)
    assert not listed.refused
    assert listed.errors == 1
    assert listed.error == "line 18: claim 'a' contradicts undefined claim 'missing'"
    shown = str(entry_prompt(listed, [tmp_path]))
    assert shown.startswith("Almost right   1 error \n")
    assert "first error: line 18: claim 'a' contradicts undefined claim 'missing'" in shown
    assert "cannot be read" not in shown


def test_only_a_file_that_cannot_be_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "binary.md"
    path.write_bytes(b"\x00\x01")
    listed = entry(path)
    assert listed.refused
    assert "cannot be read: line 1: binary file" in str(entry_prompt(listed))


def test_the_notice_counts_the_errors_names_the_first_three_and_the_check_command(tmp_path: Path) -> None:
    problems = [error(n, 1, f"wrong [bold]{n}[/bold]\x1b") for n in (3, 7, 9, 12, 15)]
    said = errors_notice(problems, str(tmp_path / "my briefs" / "b.md"), home=tmp_path)
    assert said == (
        "This brief has 5 errors; it shows what it can.\n"
        "line 3: wrong [bold]3[/bold]\\x1b\n"
        "line 7: wrong [bold]7[/bold]\\x1b\n"
        "line 9: wrong [bold]9[/bold]\\x1b\n"
        "and 2 more.\n"
        "All of them: briefing check ~/'my briefs/b.md'"
    )
    assert errors_notice([], "b.md") is None


def test_a_broken_marker_shows_the_id_pictured_and_is_told_apart() -> None:
    assert broken_marker("ghost") == "[?ghost]"
    assert broken_marker("a\x1bb") == "[?a␛b]"
    assert len(broken_marker("x" * 200)) == 2 + 24 + 1
    assert marker_parts("¹[?ghost]²") == [("¹", False), ("[?ghost]", True), ("²", False)]


async def test_the_reader_opens_a_brief_with_errors_says_so_and_marks_a_broken_citation(tmp_path: Path) -> None:
    path = tmp_path / "small.md"
    path.write_text(WITH_ERRORS, encoding="utf-8")
    app = BriefingApp(open_brief(path), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await until(pilot, lambda: screen.brief is not None and notices(app))
        (said,) = [text for text in notices(app) if text.startswith("This brief has")]
        assert said.splitlines() == [
            "This brief has 5 errors; it shows what it can.",
            "line 12: citation of undefined claim 'ghost'",
            "line 14: claim 'a' has no claimant",
            "line 16: claim 'a' contradicts undefined claim 'missing'",
            "and 2 more.",
            f"All of them: briefing check ~/{path.relative_to(Path.home())}"
            if path.is_relative_to(Path.home())
            else f"All of them: briefing check {path}",
        ]
        view = next(view for view in screen.query(SectionView) if view.section.id == "one")
        segments = [segment for line in painted(view) for segment in line]
        text = "".join(segment.text for segment in segments)
        assert "First sentence.¹[?ghost] Second sentence.²" in text
        (broken,) = [segment for segment in segments if segment.text == "[?ghost]"]
        (good,) = [segment for segment in segments if segment.text == "¹"]
        assert broken.style is not None
        assert good.style is not None
        assert broken.style.underline
        assert broken.style.color != good.style.color


async def test_the_library_lists_and_opens_a_brief_with_errors_and_refuses_an_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "almost.md").write_text(ONE_ERROR, encoding="utf-8")
    (tmp_path / "small.md").write_text(WITH_ERRORS, encoding="utf-8")
    (tmp_path / "binary.md").write_bytes(b"\x00\x01")
    app = BriefingApp(library=[tmp_path], store=tmp_path / STORE_FILE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await until(pilot, lambda: screen.scanned and len(screen.entries) == 3)
        options = screen.query_one("#library-list", OptionList)
        marks = {item.path.name: (item.errors, item.refused) for item in screen.shown}
        assert marks == {"almost.md": (1, False), "small.md": (5, False), "binary.md": (0, True)}
        options.highlighted = next(n for n, item in enumerate(screen.shown) if item.path.name == "binary.md")
        await pilot.press("enter")
        await until(pilot, lambda: any("cannot be read" in text for text in notices(app)))
        assert app.screen is screen
        options.highlighted = next(n for n, item in enumerate(screen.shown) if item.path.name == "small.md")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await until(pilot, lambda: any(text.startswith("This brief has 5 errors") for text in notices(app)))
