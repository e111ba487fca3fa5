"""Fuzzing the notes store with tampered files: no crash, no raw control read back, no good note lost.

Each store holds valid notes (saved by the app) and rows anyone who can write the
file could add: wrong types, unknown colours, BLOB quotes, impossible offsets, NULLs,
escape sequences in any text, and triggers, views and tables of its own. A store
whose schema is not the app's own may be refused or moved aside, with the reason;
bad rows alone never cost a good note.
"""

from __future__ import annotations

import asyncio
import io
import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from hypothesis import Phase, given, settings

from tui.app import BriefingApp
from tui.cli.export import export
from tui.core.brief.loader import open_brief
from tui.core.brief.parse import load_brief
from tui.core.export.compose import Format
from tui.core.library import Entry
from tui.core.notes.access import Notes
from tui.core.notes.anchoring import anchor_for
from tui.core.notes.annotation import COLOURS, Annotation, brief_key
from tui.core.notes.store import Store, open_store
from tui.core.notes.store_errors import StoreError
from tui.screens.reader import ReaderScreen

from .conftest import BUNDLED_BRIEF
from .fuzz_grammars import FUZZ, RAW, StoreSpec, build_store, raw_ids, store_spec
from .test_fuzz_briefs import DRAWN_RAW, drawn
from .test_library import wait_for_entries

BRIEF = load_brief(BUNDLED_BRIEF)[0]
KEY = brief_key(BRIEF.id, BRIEF.path)
stores = store_spec(BRIEF, KEY)


def strings_in(value: object) -> Iterator[str]:
    """Every string inside a value read back (a reading state is JSON: lists and dicts)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(key)
            yield from strings_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings_in(item)


def malformed(note: Annotation) -> list[str]:
    """What is wrong with a note as read back: every field of its type, known, and free of raw controls."""
    anchor = note.anchor
    found = []
    texts = {
        "id": note.id,
        "brief": note.brief,
        "section": anchor.section,
        "quote": anchor.quote,
        "prefix": anchor.prefix,
        "suffix": anchor.suffix,
        "colour": note.colour,
        "note": note.note,
        "created": note.created,
        "updated": note.updated,
    }
    for name, value in texts.items():
        if not isinstance(value, str):
            found.append(f"{name} is {value!r}, not text")
        elif RAW.search(value):
            found.append(f"{name} holds a raw control: {value!r}")
    if note.deleted is not None and not isinstance(note.deleted, str):
        found.append(f"deleted is {note.deleted!r}")
    for name, offset in (("start", anchor.start), ("end", anchor.end)):
        if type(offset) is not int:
            found.append(f"{name} is {offset!r}, not an integer")
    if type(anchor.start) is int and type(anchor.end) is int and not 0 <= anchor.start <= anchor.end:
        found.append(f"offsets {anchor.start}..{anchor.end}")
    if note.colour not in COLOURS:
        found.append(f"unknown colour {note.colour!r}")
    if not isinstance(note.tags, tuple) or not all(isinstance(tag, str) and not RAW.search(tag) for tag in note.tags):
        found.append(f"tags {note.tags!r}")
    return [f"note {note.id!r}: {problem}" for problem in found]


def same_when_clean(read: Annotation, good: Annotation) -> list[str]:
    """A good note read back: its place and colour as saved, and its text too where it held no control."""
    differences = []
    for name, was, now in (
        ("section", good.anchor.section, read.anchor.section),
        ("start", good.anchor.start, read.anchor.start),
        ("end", good.anchor.end, read.anchor.end),
        ("colour", good.colour, read.colour),
        ("quote", good.anchor.quote, read.anchor.quote),
        ("note", good.note, read.note),
        ("tags", good.tags, read.tags),
        ("created", good.created, read.created),
    ):
        clean = not any(RAW.search(text) for text in strings_in(was))
        if (clean or not isinstance(was, str | tuple)) and was != now:
            differences.append(f"note {good.id}: {name} was {was!r}, read back as {now!r}")
    return differences


def refused_honestly(spec: StoreSpec, path: Path, reason: str) -> None:
    """A store refused (or moved aside): only for a schema not the app's own, and the notes still in the file."""
    assert spec.schema_tampered, f"a store whose only fault is bad rows was refused: {reason}"
    assert {note.id for note in spec.good} <= raw_ids(path), "the refused store lost notes"


def new_note() -> Annotation:
    section = BRIEF.all_sections[1]
    sentence = section.sentences[0]
    return Annotation(KEY, anchor_for(section, sentence.start, sentence.end), note="new")


@settings(FUZZ, max_examples=40)
@given(stores)
def test_a_tampered_store_opens_and_every_good_note_is_read_back_clean(spec: StoreSpec) -> None:
    good = {note.id: note for note in spec.good}
    with tempfile.TemporaryDirectory() as folder_name:
        path = Path(folder_name, "annotations.sqlite3")
        build_store(path, spec)
        assert set(good) <= raw_ids(path)
        try:
            opened = open_store(path)
        except StoreError as exc:
            refused_honestly(spec, path, str(exc))
            return
        if opened.moved_aside is not None:
            opened.store.close()
            refused_honestly(spec, opened.moved_aside, "moved aside")
            return
        with opened.store as store:
            read = store.annotations(KEY)
            problems = [problem for note in read for problem in malformed(note)]
            by_id = {note.id: note for note in read}
            assert set(good) - set(by_id) == set(), "good notes not read back"
            problems += [difference for note in good.values() for difference in same_when_clean(by_id[note.id], note)]
            for note_id in good:
                fetched = store.get(note_id)
                assert fetched is not None
                problems += malformed(fetched)
            problems += [problem for note in store.annotations(KEY, deleted=True) for problem in malformed(note)]
            assert store.counts().get(KEY, 0) == len(read)  # the library counts what the reader shows
            problems += [
                f"reading state: {text!r}" for text in strings_in(store.reading_state(KEY)) if RAW.search(text)
            ]
            assert problems == []
            try:
                saved = store.save(new_note())  # `m` in the reader: a new note, then every note still there
            except StoreError as exc:
                refused_honestly(spec, path, str(exc))
                return
        with Store(path) as store:
            kept = {note.id for note in store.annotations(KEY)}
        assert set(good) | {saved.id} <= kept, "saving a note lost notes"


@settings(FUZZ, max_examples=25)
@given(stores)
def test_the_reader_and_library_core_place_every_good_note_of_a_tampered_store(spec: StoreSpec) -> None:
    with tempfile.TemporaryDirectory() as folder_name:
        path = Path(folder_name, "annotations.sqlite3")
        build_store(path, spec)
        notes = Notes(path)
        try:
            loaded = notes.load(KEY, BRIEF.all_sections)
            placed = loaded.placed
            entries = notes.with_notes([Entry(BUNDLED_BRIEF, BRIEF.title, key=KEY), Entry(path, "x", key="id:another")])
        except StoreError as exc:
            notes.close()
            refused_honestly(spec, path, str(exc))
            return
        notes.close()
        moved = [notice for notice in loaded.notices if "it was moved to" in notice]
        if moved:  # said once, by the load that found it (the app shows that notice)
            aside = Path(moved[0].split("it was moved to ", 1)[1].split(" and a new one started")[0])
            refused_honestly(spec, aside, "moved aside")
            return
        ids = {item.annotation.id for item in placed}
        assert {note.id for note in spec.good} <= ids, "good notes not placed"
        for item in placed:
            assert malformed(item.annotation) == []
            if item.found is not None:
                section = BRIEF.section(item.found.section)
                assert section is not None
                assert 0 <= item.found.start <= item.found.end <= len(section.text)
        assert entries[0].notes == len(placed)  # bad rows are not counted
        assert [entry.at for entry in entries if RAW.search(entry.at)] == []


def exported_ids(text: str) -> set[str]:
    return {item["id"].removeprefix("urn:uuid:") for item in json.loads(text)["first"]["items"]}


# Not shrunk: each try parses the brief and writes two files, and shrinking took over five minutes.
@settings(FUZZ, max_examples=20, phases=[Phase.explicit, Phase.generate])
@given(stores)
def test_exporting_a_tampered_store_writes_every_good_note_or_says_why(spec: StoreSpec) -> None:
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        path = folder / "annotations.sqlite3"
        build_store(path, spec)
        for format, name in ((Format.JSON, "notes.json"), (Format.MARKDOWN, "notes.md")):
            err = io.StringIO()
            status = export(BUNDLED_BRIEF, folder / name, format, store=path, journal=folder / "journal", err=err)
            said = err.getvalue()
            assert RAW.search(said) is None, said
            if status != 0:
                assert said.strip()
                assert "Traceback" not in said
                refused_honestly(spec, path, said)
                continue
            written = (folder / name).read_text(encoding="utf-8")
            if format is Format.JSON:
                assert {note.id for note in spec.good} <= exported_ids(written), "good notes not exported"
                decoded = json.loads(written)
                assert [text for text in strings_in(decoded) if RAW.search(text)] == []
            else:
                assert RAW.search(written) is None
                count = re.search(r"^note_count: (\d+)$", written, re.MULTILINE)
                assert count is not None
                assert int(count.group(1)) >= len(spec.good)


# The app, headless, on a tampered store: no crash, every good note shown, nothing raw drawn.


async def read_with_store(spec: StoreSpec, path: Path, library: Path) -> list[str]:
    raw = re.compile(DRAWN_RAW)
    seen: list[str] = []
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for keys in ([], ["j", "m"], ["A"]):
            await pilot.press(*keys)
            for _ in range(3):
                await app.workers.wait_for_complete()
            await pilot.pause()
            seen += [f"{keys}: {segment.text!r}" for segment in drawn(app) if raw.search(segment.text)]
            if keys == []:
                screen = app.screen
                assert isinstance(screen, ReaderScreen)
                if not spec.schema_tampered:
                    wanted = {note.id for note in spec.good}
                    for _ in range(1000):  # the brief loads between frames, then its notes in a worker
                        if wanted <= {item.annotation.id for item in screen.placed}:
                            break
                        await pilot.pause(0.02)
                    assert wanted <= {item.annotation.id for item in screen.placed}, "good notes not shown"
        assert app.is_running
    app = BriefingApp(library=[library], store=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_entries(app, pilot)
        for _ in range(3):
            await app.workers.wait_for_complete()
        await pilot.pause()
        seen += [f"library: {segment.text!r}" for segment in drawn(app) if raw.search(segment.text)]
        assert app.is_running
    return seen


@settings(FUZZ, max_examples=3, phases=[Phase.explicit, Phase.generate])  # not shrunk: each try runs the app twice
@given(stores)
def test_the_app_shows_a_tampered_store_without_crash_or_raw_control(spec: StoreSpec) -> None:
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        path = folder / "annotations.sqlite3"
        build_store(path, spec)
        (folder / "briefs").mkdir()
        shutil.copy(BUNDLED_BRIEF, folder / "briefs" / BUNDLED_BRIEF.name)
        assert asyncio.run(read_with_store(spec, path, folder / "briefs")) == []
