"""Fuzzing briefs built from the format's grammar: no crash, no raw control byte shown, no note lost."""

from __future__ import annotations

import asyncio
import io
import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

from hypothesis import Phase, assume, given, settings
from hypothesis import strategies as st
from rich.segment import Segment
from textual.geometry import Region
from textual.widget import Widget

from tui.app import BriefingApp
from tui.cli.check import check
from tui.cli.import_notes import import_notes
from tui.core.brief.loader import BriefLoader, open_brief
from tui.core.brief.model import Brief
from tui.core.brief.parse import load_brief, parse_brief
from tui.core.export.compose import Format, gather, render
from tui.core.notes.anchoring import anchor_for
from tui.core.notes.annotation import COLOURS, Annotation, brief_key
from tui.core.notes.store import Store
from tui.core.outside.problems import BriefError

from .fuzz_grammars import FUZZ, RAW, brief_sentences, brief_text, iso_time, note_text, tag_text, without_nul
from .test_properties import check_invariants, within


def model_texts(brief: Brief) -> Iterator[tuple[str, str]]:
    """Every text of the model the reader shows, with where it is."""
    yield "title", brief.title
    for name, values in (
        ("id", (brief.id or "",)),
        ("date", (brief.date or "",)),
        ("authors", brief.authors),
        ("sources", brief.sources),
        ("tags", brief.tags),
        ("focus", brief.focus),
    ):
        for value in values:
            yield name, value
    for section in brief.all_sections:
        yield f"section {section.id!r} id", section.id
        yield f"section {section.id!r} title", section.title
        yield f"section {section.id!r} text", section.text
        for block in section.blocks:
            yield f"section {section.id!r} marker", block.marker
            yield f"section {section.id!r} info", block.info
            for span in block.spans:
                yield f"section {section.id!r} link", span.href or ""
        for reference in section.references:
            yield f"section {section.id!r} citation", reference.claim_id
    for claim in brief.claims:
        for name, value in (
            ("id", claim.id),
            ("statement", claim.statement),
            ("claimant", claim.claimant),
            ("reported by", claim.reported_by),
            ("date", claim.date or ""),
        ):
            yield f"claim {claim.id!r} {name}", value
        for target in claim.contradicts + claim.supports:
            yield f"claim {claim.id!r} relation", target


def raw_in_model(brief: Brief) -> list[str]:
    return [f"{where}: {text!r}" for where, text in model_texts(brief) if RAW.search(text)]


@settings(FUZZ, max_examples=60)
@given(brief_text())
def test_any_brief_of_the_grammar_parses_and_its_model_holds_no_raw_control(text: str) -> None:
    with within(10):
        brief, problems = parse_brief(text, "fuzz.md")
    check_invariants(brief, problems)
    assert raw_in_model(brief) == []


@settings(FUZZ, max_examples=40)
@given(brief_text())
def test_any_brief_file_checks_and_loads_as_the_reader_loads_it(text: str) -> None:
    """`briefing check` ends with a verdict (a clear error is fine) and prints no raw control;
    the reader's step-by-step loader sees the same brief as the whole parse."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "fuzz \x1b[31m.md")
        path.write_bytes(text.encode("utf-8"))
        out, err = io.StringIO(), io.StringIO()
        with within(10):
            status = check([path], out, err)
        assert status in (0, 1)
        printed = out.getvalue() + err.getvalue()
        assert RAW.search(printed) is None, printed
        assert "Traceback" not in printed
        try:
            brief, _ = load_brief(path)
        except BriefError as exc:
            assert status == 1
            assert exc.problem.severity.value == "error"
            return
        loader = open_brief(path)
    assert [RAW.search(loader.section_title(index)) for index in range(loader.section_count)] == [None] * len(
        loader.outline.headings
    )
    assert RAW.search(loader.title) is None
    first = loader.first_sections(3)
    assert all(section in brief.all_sections for section in first)
    loaded, _ = loader.finish()
    assert loaded == brief
    assert raw_in_model(loaded) == []


@settings(FUZZ, max_examples=15)
@given(
    brief_text().map(without_nul),
    st.lists(
        st.tuples(st.integers(0, 10_000), st.sampled_from(COLOURS), note_text, st.lists(tag_text, max_size=2)),
        min_size=1,
        max_size=4,
    ),
    iso_time,
)
def test_notes_on_any_brief_come_back_found_and_survive_export_and_import(
    text: str, wanted: list[tuple[int, str, str, list[str]]], created: str
) -> None:
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        path = folder / "brief.md"
        path.write_bytes(text.encode("utf-8"))
        try:
            brief, _ = load_brief(path)
        except BriefError:
            assume(False)
            return
        sentences = brief_sentences(brief)
        assume(sentences)
        key = brief_key(brief.id, brief.path)
        notes = []
        for number, (spot, colour, note, tags) in enumerate(wanted):
            section_number, start, end = sentences[spot % len(sentences)]
            anchor = anchor_for(brief.all_sections[section_number], start, end)
            made = Annotation(key, anchor, colour, note, tuple(tags), id=f"00000000-0000-4000-8000-{number:012d}")
            notes.append(made)
        with Store(folder / "a.sqlite3") as store:
            for note in notes:
                store.save(note)
        gathered = gather(path, folder / "a.sqlite3")
        placed = {item.annotation.id: item.found for item in gathered.placed}
        assert set(placed) == {note.id for note in notes}, "a note was not read back"
        for note in notes:  # the brief did not change: each note is found where it was made
            found = placed[note.id]
            assert found is not None, f"{note.anchor!r} lost its place in an unchanged brief"
            assert (found.section, found.start, found.end) == (note.anchor.section, note.anchor.start, note.anchor.end)
        exported_json = render(gathered, Format.JSON)
        exported_markdown = render(gathered, Format.MARKDOWN)
        assert RAW.search(exported_markdown) is None
        ids = {item["id"] for item in json.loads(exported_json)["first"]["items"]}
        assert ids == {f"urn:uuid:{note.id}" for note in notes}
        (folder / "notes.json").write_text(exported_json, encoding="utf-8")
        err = io.StringIO()
        assert import_notes(folder / "notes.json", store=folder / "b.sqlite3", out=io.StringIO(), err=err) == 0, (
            err.getvalue()
        )
        again = gather(path, folder / "b.sqlite3")
        assert render(again, Format.JSON).replace(again.exported.exported_at, "") == exported_json.replace(
            gathered.exported.exported_at, ""
        )


# The reader, headless: what is drawn carries no control character.

DRAWN_RAW = RAW.pattern[:-1] + "\t\n]"  # tab and newline too: drawn raw they move the cursor


def drawn(app: BriefingApp) -> list[Segment]:
    """The segments every visible widget of the screen draws now."""
    found: list[Segment] = []
    for widget in app.screen.query("*"):
        if not isinstance(widget, Widget) or not widget.display or not widget.size.area:
            continue
        for strip in widget.render_lines(Region(0, 0, widget.size.width, widget.size.height)):
            found.extend(strip)
    return found


async def read_in_the_reader(path: Path, store: Path) -> list[str]:
    """Open the brief, walk its screens, and return every raw control character drawn (with its segment)."""
    raw = re.compile(DRAWN_RAW)
    seen: list[str] = []
    app = BriefingApp(open_brief(path), store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for keys in ([], ["j", "m", "l", "j"], ["c", "enter"], ["A"]):  # the text, the claims, the notes
            await pilot.press(*keys)
            for _ in range(3):
                await app.workers.wait_for_complete()
            await pilot.pause()
            seen += [f"{keys}: {segment.text!r}" for segment in drawn(app) if raw.search(segment.text)]
            assert app.is_running
    return seen


@settings(FUZZ, max_examples=4, phases=[Phase.explicit, Phase.generate])  # not shrunk: each try runs the app
@given(brief_text().map(without_nul))
def test_the_reader_draws_no_raw_control_for_any_brief(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        path = folder / "brief.md"
        path.write_bytes(text.encode("utf-8"))
        try:
            BriefLoader(text, str(path))
            load_brief(path)
        except BriefError:
            assume(False)
        assert asyncio.run(read_in_the_reader(path, folder / "notes.sqlite3")) == []
