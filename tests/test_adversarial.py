"""Untrusted briefs: markup, action links and escape sequences in a brief never act, never vanish and
never reach the terminal. Each check also runs on a deliberately naive variant, to show it can fail."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from rich.segment import Segment
from textual import events
from textual.content import Content
from textual.geometry import Region
from textual.widget import Widget

from tui.app import BriefingApp
from tui.commands.brief import prompt as palette_prompt
from tui.core.brief.loader import open_brief
from tui.core.brief.model import Claim, ClaimStatus
from tui.core.brief.parse import parse_brief
from tui.core.notes.access import Placed
from tui.core.notes.anchoring import Found, How
from tui.core.notes.annotation import Anchor, Annotation
from tui.core.outside.visible import pictured
from tui.screens.notes_list import note_prompt
from tui.screens.reader import ReaderScreen
from tui.widgets.claim_sidebar import claim_detail, claim_prompt

from .adversarial import CONTROL, PAYLOADS, RAW_IN_OUTPUT, hostile_brief, strings, violations
from .conftest import BUNDLED_BRIEF, REPO
from .helpers.terminal import Terminal
from .helpers.waiting import until
from .test_library import wait_for_entries

FUZZ = 2000


def segments_of(content: Content) -> list[Segment]:
    return list(content.render_segments())


def shown(segments: list[Segment]) -> str:
    return "".join(segment.text for segment in segments)


# 1. The rendering helpers, on 2,000 generated strings.


def test_the_rendering_helpers_show_every_hostile_string_as_written_and_inert() -> None:
    found: list[str] = []
    for text in strings(FUZZ):
        safe = pictured(text)  # what the core gives the screens: the brief's text, pictured once
        for content in (
            Content(safe),
            claim_prompt(3, Claim("c", safe, 1, claimant=safe, status=ClaimStatus.REPORTED), cited=True),
            claim_detail(Claim("c", safe, 1, claimant=safe, reported_by=safe, status=ClaimStatus.DENIED)),
            note_prompt(Placed(Annotation("k", Anchor("s", safe, 0, 1), note=safe), Found("s", 0, 1, How.EXACT)), safe),
            palette_prompt(safe, safe),
        ):
            segments = segments_of(content)
            found += violations(segments)
        if shown(segments_of(Content(safe))) != safe:
            found.append(f"not shown as written: {text!r}")
    assert found == []


def test_the_parser_cleans_every_hostile_string_even_as_entities() -> None:
    """Through the real parse path: what markdown-it decodes (entities) is cleaned as well."""
    found = []
    for number, text in enumerate(strings(400, seed=11)):
        line = " ".join(text.replace("\x00", "").split()) or "x"
        source = f"# {line}\n\n## {line}\n\n{line}.[^c]\n\n| a |\n|---|\n| {line.replace('|', '/')} |\n\n"
        source += f"[^c]: {line}\n    - claimant: {line}\n    - status: reported\n    - reported by: {line}\n"
        brief, _ = parse_brief("---\nid: h\ntitle: t\n---\n\n" + source, f"b{number}.md")
        texts = [section.text for section in brief.all_sections] + [section.title for section in brief.sections]
        texts += [value for claim in brief.claims for value in (claim.statement, claim.claimant, claim.reported_by)]
        found += [f"{text!r}: {value!r}" for value in texts if CONTROL.search(value)]
    assert found == []


def test_the_same_check_catches_the_naive_ways_of_showing_text() -> None:
    """Markup parsing (what Static(text) does by default) and unpictured text both fail the check."""
    markup_found, raw_found, lost = 0, 0, 0
    for text in strings(FUZZ):
        try:
            parsed = Content.from_markup(text)
        except Exception:  # a crash is a failure too: "see [/docs]"
            lost += 1
            continue
        segments = segments_of(parsed)
        markup_found += bool(violations(segments))
        lost += shown(segments) != text
        raw_found += bool(violations(segments_of(Content(text))))
    assert markup_found > 0  # an @click or a link the brief's author wrote
    assert lost > 0  # "[citation needed]" gone, "[/docs]" a crash
    assert raw_found > 0  # control characters and escape sequences, straight through


# 2. Every screen of the app, on a brief made of payloads.


def every_segment(app: BriefingApp) -> list[Segment]:
    """What each widget on the screen paints now."""
    found: list[Segment] = []
    for widget in app.screen.query("*"):
        if not isinstance(widget, Widget) or not widget.display or not widget.size.area:
            continue
        for strip in widget.render_lines(Region(0, 0, widget.size.width, widget.size.height)):
            found.extend(strip)
    return found


def move_and_click(app: BriefingApp, x: int, y: int) -> None:
    """What a terminal's driver posts for a pointer moved to (x, y) and clicked there: the app makes the Click."""
    for event, button in ((events.MouseMove, 0), (events.MouseDown, 1), (events.MouseUp, 1)):
        app.post_message(event(None, x, y, 0, 0, button, False, False, False, screen_x=x, screen_y=y))


async def walk(path: Path, tmp_path: Path, *, click_all: bool = True) -> tuple[list[str], str, set[str]]:
    """Drive the app over `path` through every screen; the violations seen, the text shown, the clicks."""
    app = BriefingApp(open_brief(path), store=tmp_path / "notes.sqlite3")
    seen: list[str] = []
    clicks: set[str] = set()
    text: list[str] = []

    def look() -> None:
        segments = every_segment(app)
        for segment in segments:
            click = (segment.style.meta or {}).get("@click") if segment.style else None
            if click is not None:
                clicks.add(str(click))
        seen.extend(violations(segments, allowed_clicks=ALLOWED_CLICKS))
        seen.extend(f"a tab drawn raw in {segment.text!r}" for segment in segments if "\t" in segment.text)
        text.append(shown(segments))

    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        steps = [
            ["j", "j"], ["l", "j"], ["2"], ["c", "j", "enter"], ["c", "f"], ["escape"],
            ["m"], ["a", *"[@click=app.quit]note[/]", "ctrl+s"], ["A"], ["escape"], ["e"], ["escape"],
            ["question_mark"], ["escape"], ["slash", *"click", "enter"], ["o"], ["y"],
            ["ctrl+p"], [*"go"], ["escape"], ["ctrl+p"], [*"link"], ["escape"],
            # The claims' own screens: the table, grouped by actor, the map, the related-claim choice.
            ["C"], ["w"], ["slash", *"[b", "enter"], ["escape", "escape"], ["W"], ["escape"],
            ["M"], ["j", "j"], ["r"], ["escape"], ["c", "r"], ["escape"], ["escape"],
        ]  # fmt: skip
        for keys in steps:
            await pilot.press(*keys)
            await app.workers.wait_for_complete()
            await pilot.pause()
            look()
            assert app.is_running
        for y in range(1, 50, 7) if click_all else ():  # hover and click all over: nothing written may act
            for x in range(3, 160, 19):
                move_and_click(app, x, y)
                await pilot.pause()  # one wait a point, not Pilot's seven (hover, then click)
            if not isinstance(app.screen, ReaderScreen):
                await pilot.press("escape")
        look()
        assert app.is_running
    return seen, "\n".join(text), clicks


ALLOWED_CLICKS: set[str] = set()  # filled from a benign brief: what the app itself makes clickable


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    name = "brief [@click=app.quit]x \x1b]52;c;aGk=\x07 \u202eevil.md"  # no "/": a file name cannot hold one
    path = tmp_path / name
    path.write_text(hostile_brief(), encoding="utf-8")
    return path


async def test_every_screen_shows_a_hostile_brief_as_written_and_inert(
    hostile_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *_, **__: opened.append(url))
    _, problems = parse_brief(hostile_brief(), "hostile.md")
    assert not [p for p in problems if p.severity.value == "error"], problems

    _, _, benign_clicks = await walk(BUNDLED_BRIEF, tmp_path / "benign", click_all=False)
    ALLOWED_CLICKS.update(benign_clicks)
    before = set(os.listdir(tmp_path))
    seen, text, _ = await walk(hostile_file, tmp_path)
    assert seen == []
    assert set(os.listdir(tmp_path)) <= before | {"notes.sqlite3", "notes.sqlite3-wal", "notes.sqlite3-shm"}
    for written in (Path("/tmp/x"), Path("/tmp/x.svg")):  # where the brief's screenshot action would write
        assert not written.is_file() or written.stat().st_mtime < time.time() - 300  # a folder there is not it
    assert opened == []  # the link was refused (not http), so nothing was opened
    # The payloads are shown as written, pictured where they are controls.
    assert "[citation needed]" in text
    assert "[@click=app.screenshot('x','/tmp')]click me[/]" in text
    assert "␛]52;c;aGk=␇" in text


# 3. A real terminal: the bytes the app writes.


def run_in_terminal(args: list[str], tmp_path: Path, keys: list[bytes]) -> bytes:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(TERM="xterm-256color", BRIEFING_DATA_DIR=str(tmp_path / "data"), HOME=str(tmp_path))
    terminal = Terminal([sys.executable, *args], env=env, cwd=REPO, size=(140, 40))
    try:
        deadline = time.monotonic() + 60
        while b"hostile" not in terminal.shown and b"x" not in terminal.shown and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.0)
        for key in keys:
            terminal.send(key)
            time.sleep(0.3)
    finally:
        terminal.send(b"\x11")  # ctrl+q
        terminal.close(timeout=20)
    return bytes(terminal.shown)


def raw_payloads(output: bytes) -> list[bytes]:
    return [payload for payload in RAW_IN_OUTPUT if payload in output]


@pytest.mark.system  # runs another process
def test_no_payload_reaches_the_terminal(hostile_file: Path, tmp_path: Path) -> None:
    keys = [b"j", b"l", b"2", b"c", b"j", b"\r", b"?", b"\x1b", b"A", b"\x1b", b"/", b"click", b"\r"]
    output = run_in_terminal(["-m", "tui", str(hostile_file)], tmp_path, keys)
    assert len(output) > 10_000  # it did paint
    assert raw_payloads(output) == []


NAIVE_APP = """
import sys
from textual.app import App
from textual.content import Content
from textual.widgets import Static
text = open(sys.argv[1], encoding="utf-8").read()
class Naive(App):
    def compose(self):
        yield Static(Content(text))  # markup off, but the text not pictured: a naive reader
Naive().run()
"""


@pytest.mark.system  # runs another process
def test_a_naive_reader_fails_the_same_terminal_check(hostile_file: Path, tmp_path: Path) -> None:
    script = tmp_path / "naive.py"
    script.write_text(NAIVE_APP)
    output = run_in_terminal([str(script), str(hostile_file)], tmp_path, [])
    assert raw_payloads(output) != []


def test_payloads_cover_what_the_issue_names() -> None:
    joined = "".join(PAYLOADS)
    for needle in ("@click", "[/docs]", "[citation needed]", "\x1b]52", "\x1b]8", "\x9b", "\u202e", "[ @click"):
        assert needle in joined


async def test_the_library_shows_a_hostile_brief_as_written_and_inert(hostile_file: Path) -> None:
    app = BriefingApp(library=[hostile_file.parent], store=hostile_file.parent / "notes.sqlite3")
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for_entries(app, pilot)
        found = violations(every_segment(app))
        await pilot.press("slash", *"click", "escape", "r")  # filter by title, source or tag; rescan
        await until(pilot, lambda: app.screen.scanned)  # type: ignore[attr-defined]
        await pilot.pause()
        found += violations(every_segment(app))
        painted = shown(every_segment(app))
        assert app.is_running
    assert found == []
    assert "[@click=app.screenshot('x','/tmp')]click me[/]" in painted
