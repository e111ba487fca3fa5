"""Hostile file names (an escape sequence, a newline, a byte that is not UTF-8, a bidi override) show
safely in the library and the reader, and their notes are stored and exported without loss."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from tui.app import BriefingApp
from tui.core.brief.loader import open_brief
from tui.core.export.compose import Format, gather, render
from tui.core.export.web_annotation import read_web_annotations
from tui.core.notes.annotation import brief_key
from tui.core.notes.store import STORE_FILE, Store
from tui.screens.reader import ReaderScreen

from .test_library import wait_for_entries
from .test_reader_notes import settle

NAME = "news\x1b[31m\nline \udcff\u202eevil.md"  # \udcff: the byte 0xff, as Python keeps it
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def hostile_brief(folder: Path) -> Path:
    path = folder / NAME
    path.write_text("Some text. No title here.\n\n## Part\n\nMore text, to annotate.\n")
    assert os.fsencode(path).count(b"\xff") == 1  # a real byte that is not UTF-8 in the name
    return path


def painted(app: BriefingApp) -> str:
    return app.export_screenshot()


async def test_the_library_and_the_reader_show_a_hostile_name_safely(tmp_path: Path) -> None:
    hostile_brief(tmp_path)
    app = BriefingApp(library=[tmp_path], store=tmp_path / STORE_FILE)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for_entries(app, pilot)
        shown = painted(app)
        assert not UNSAFE.search(shown)
        assert "news␛[31m␤line" in shown  # the title: pictured, one symbol for each character
        await pilot.press("enter")
        await settle(app)
        assert isinstance(app.screen, ReaderScreen)
        assert not UNSAFE.search(painted(app))


async def test_notes_on_a_hostile_name_are_kept_and_exported_without_loss(tmp_path: Path) -> None:
    path = hostile_brief(tmp_path)
    store = tmp_path / STORE_FILE
    app = BriefingApp(open_brief(path), store=store)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app)
        await pilot.press("l", "m")
        await settle(app)
    key = brief_key(None, path)
    with Store(store) as kept:
        notes = kept.annotations(key)
    assert [note.anchor.quote for note in notes] == ["More text, to annotate."]
    markdown = render(gather(path, store), Format.MARKDOWN)
    assert not UNSAFE.search(markdown)
    exported = render(gather(path, store), Format.JSON)
    source = json.loads(exported)["first"]["items"][0]["target"]["source"]
    assert source == path.resolve().as_uri()  # the bytes of the name, percent-encoded
    assert read_web_annotations(exported)[0].brief == key  # and back to the same brief


async def test_a_hostile_name_that_cannot_be_read_is_listed_safely(tmp_path: Path) -> None:
    (tmp_path / "bad\x1b]52;c;aGk=\x07 \udcff \u202e.md").write_bytes(b"# T\n\n\xff not UTF-8\n")
    app = BriefingApp(library=[tmp_path], store=tmp_path / STORE_FILE)
    async with app.run_test(size=(120, 30)) as pilot:
        entries = (await wait_for_entries(app, pilot)).entries
        shown = painted(app)
    assert [entry.error for entry in entries] == ["line 3: not UTF-8: invalid byte 0xff at byte offset 5"]
    assert not UNSAFE.search(entries[0].title)
    assert not UNSAFE.search(shown)
