"""Bounded loading: a file that is not a brief, or a brief built to exhaust the parser, opens or is
refused with a clear message, quickly: never a hang, never a traceback.

Each case is parsed under a 10 s alarm (a hang guard, not a speed target: these take about half
a second), then opened in the reader, whose first frame and full load must come too.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tui.app import BriefingApp
from tui.core.brief.loader import open_brief
from tui.core.outside.files import MAX_BRIEF_BYTES
from tui.core.outside.problems import BriefError
from tui.screens.reader import ReaderScreen

from .test_reader_notes import notices

LIMIT = 10  # seconds: a hang guard, 25x the slowest case (0.4 s): the suite runs in parallel on shared cores


@contextmanager
def within(seconds: int) -> Iterator[None]:
    def expired(*_: object) -> None:
        raise TimeoutError(f"not done within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def fifo(folder: Path) -> Path:
    os.mkfifo(folder / "pipe.md")
    return folder / "pipe.md"


def loop(folder: Path) -> Path:
    (folder / "loop.md").symlink_to(folder / "loop.md")
    return folder / "loop.md"


def directory(folder: Path) -> Path:
    (folder / "folder.md").mkdir()
    return folder / "folder.md"


def written(name: str, content: str | bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        return path

    return make


def large(folder: Path) -> Path:
    path = folder / "large.md"
    with path.open("wb") as file:
        file.truncate(50 * 1024 * 1024)  # 50 MB (sparse: the size is what counts)
    return path


LONG_FIELD = "---\nid: f\ntitle: T\n---\n\n# T\n\nS.[^c]\n\n## A\n\nx.[^c]\n\n[^c]: s\n    - a" + " " * 20000
LONG_FIELD += "\n    - claimant: x\n    - status: reported\n"
DEEP_LIST = "# T\n\n## S\n\n" + "".join("  " * n + "- item\n" for n in range(1000))
WIDE_TABLE = "# T\n\n## S\n\n|" + "|".join(f"c{n}" for n in range(5000)) + "|\n|" + "---|" * 5000 + "\n"
REFUSED = {
    "a FIFO": (fifo, "not a regular file"),
    "/dev/zero": (lambda _: Path("/dev/zero"), "not a regular file"),
    "a device": (lambda _: Path("/dev/null"), "not a regular file"),
    "a symlink loop": (loop, "Too many levels of symbolic links"),
    "a folder named .md": (directory, "is a folder"),
    "50 MB": (large, f"larger than {MAX_BRIEF_BYTES:,} bytes"),
    "UTF-16": (written("u16.md", "# T\n\nhello\n".encode("utf-16")), "UTF-16"),
    "invalid UTF-8": (written("bad.md", b"# T\n\n\xff\xfe bad\n"), "not UTF-8"),
}
OPENED = {
    "a 5,000-column table": written("wide.md", WIDE_TABLE + "|" + "x|" * 5000 + "\n"),
    "lists nested 1,000 deep": written("deep.md", DEEP_LIST),
    "quotes nested 1,000 deep": written("quotes.md", "# T\n\n## S\n\n" + ">" * 1000 + " deep\n"),
    "'[^' 10,000 times on a line": written("cite.md", "# T\n\n## S\n\n" + "x[^" * 10000 + "\n"),
    "a claim field of 20,000 spaces": written("field.md", LONG_FIELD),
    "10,000 headings": written("heads.md", "# T\n\n" + "".join(f"## H{n}\n\ntext {n}.\n\n" for n in range(10000))),
}  # fmt: skip


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_what_is_not_a_brief_is_refused_at_once_with_the_reason(tmp_path: Path, case: str) -> None:
    make, reason = REFUSED[case]
    path = make(tmp_path)
    with within(LIMIT), pytest.raises(BriefError) as refused:
        open_brief(path)
    message = refused.value.problem.format(str(path))
    assert message.startswith(f"{path}:")  # FILE:LINE:COL (line 3 for the bad byte, else 1:1)
    assert ": error: " in message
    assert reason in message


def test_an_unreadable_file_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = written("secret.md", "# T\n")(tmp_path)

    def denied(*_: object, **__: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", denied)  # as root every file is readable: the refusal is simulated
    with pytest.raises(BriefError, match="cannot read: Permission denied"):
        open_brief(path)


@pytest.mark.parametrize("case", OPENED, ids=list(OPENED))
async def test_a_brief_built_to_exhaust_the_parser_opens_and_loads(tmp_path: Path, case: str) -> None:
    path = OPENED[case](tmp_path)
    with within(LIMIT):
        loader = open_brief(path)
        loader.finish()
    app = BriefingApp(open_brief(path))
    with within(10 * LIMIT):  # the reader too: its first frame, the load, a few keys
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.press("j", "G", "pagedown", "l", "2")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            assert screen.brief is not None
            assert app.is_running


NESTED = "# T\n\n## S\n\nShown.\n\n" + ">" * 30 + " too deep to show\n"


def test_check_flags_text_nested_too_deep_to_show_and_html(write) -> None:  # type: ignore[no-untyped-def]
    from tui.cli.check import problems_of

    path = write(NESTED + "\n<!-- a comment other viewers hide -->\n")
    found = [problem.format("x") for problem in problems_of(path)]
    assert "x:7:1: warning: nested too deep to be shown (line 7): markdown stops at 20 levels; flatten it" in found
    assert any(line.startswith("x:9:1: warning: HTML is shown here as its source") for line in found)


async def test_the_reader_says_when_part_of_the_brief_is_not_shown(write) -> None:  # type: ignore[no-untyped-def]
    app = BriefingApp(open_brief(write(NESTED)))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Part of section “S” cannot be shown (line 7). `briefing check` says why." in notices(app)


async def test_the_reader_names_a_section_whose_whole_text_cannot_be_shown(write) -> None:  # type: ignore[no-untyped-def]
    # Its column is empty: a notice of "part of this brief" left the reader to guess it was this one.
    app = BriefingApp(open_brief(write("# T\n\n## Deep\n\n" + "> " * 25 + "too deep to show\n")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = "Nothing of section “Deep” can be shown (line 5): it is empty here. `briefing check` says why."
        assert said in notices(app)


async def test_a_brief_that_hides_nothing_says_nothing(write) -> None:  # type: ignore[no-untyped-def]
    app = BriefingApp(open_brief(write("# T\n\n## S\n\n> > quoted twice, shown.\n")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not [message for message in notices(app) if "cannot be shown" in message]


def test_check_flags_table_cells_beyond_the_header(write) -> None:  # type: ignore[no-untyped-def]
    from tui.cli.check import problems_of

    path = write("# T\n\n## S\n\n| a | b |\n|---|---|\n| 1 | 2 | SECRET |\n| 3 \\| 4 | 5 |\n")
    found = [problem.format("x") for problem in problems_of(path)]
    assert "x:7:1: warning: this row has more cells than the table's header: markdown drops the extra ones" in found
    assert not [line for line in found if line.startswith("x:8:")]  # an escaped pipe is not a border


async def test_the_header_shows_the_start_of_a_huge_title_and_counts_the_sources_it_leaves_out(write) -> None:  # type: ignore[no-untyped-def]
    # A 15 MB title took 6-10 s to lay out before the first frame and filled the screen.
    from textual.widgets import Static

    sources = "".join(f"  - source {number}\n" for number in range(5_000))
    front = f"---\nid: huge\ntitle: {'T' * 200_000}\ndate: 2024-10\nsources:\n{sources}---\n"
    text = front + "\n# H\n\nThe lead.\n\n## S\n\nText.\n"
    app = BriefingApp(open_brief(write(text)))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        title = str(app.screen.query_one("#brief-title", Static).render())
        facts = str(app.screen.query_one("#brief-facts", Static).render())
    assert title.startswith("TTTT")
    assert title.endswith(f"… {200_000 - 500:,} more characters")
    assert "source 0; source 1" in facts
    assert facts.endswith(f"and {5_000 - 10:,} more")


def test_a_huge_heading_is_read_only_up_to_its_first_thousand_characters() -> None:
    from tui.core.brief.outline import MAX_HEADING, read_outline
    from tui.core.brief.parse import parse_brief

    heading = "*a " * 200_000
    text = f"---\nid: h\ntitle: H\n---\n\n# H\n\nLead.\n\n## {heading}\n\nText.\n"
    outline = read_outline(text)
    (section,) = outline.headings
    assert section.title.endswith("…")
    assert len(section.title) <= MAX_HEADING + 1
    _, problems = parse_brief(text, "h.md")
    assert any(f"a heading of {len(heading.strip()):,} characters" in problem.message for problem in problems)
