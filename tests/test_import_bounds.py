"""Importing stays linear and bounded: time grows with the file, not faster; what a note may hold has
limits, each refused with the file, the annotation and its line; every time is in range; and a huge
note already in the store is shown, listed and exported without freezing anything.

Speed is checked as growth (the time at 4x the size against the time at 1x, with generous guards),
never against an absolute limit.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import TextArea

from tui.app import BriefingApp
from tui.cli.import_notes import import_notes
from tui.core.brief.dates import utc_time
from tui.core.brief.loader import open_brief
from tui.core.brief.parse import parse_brief
from tui.core.display.excerpt import NOTE_SHOWN, TAGS_SHOWN
from tui.core.export.markdown import PARSED_NOTE, escape_text, note_lines
from tui.core.export.provenance import ExportedBrief
from tui.core.export.web_annotation import (
    MAX_ANNOTATIONS,
    MAX_CONTEXT,
    MAX_ID,
    MAX_IRI,
    MAX_NOTE,
    MAX_QUOTE,
    MAX_TAG,
    MAX_TAGS,
    ImportProblem,
    json_export,
    read_web_annotations,
)
from tui.core.notes.access import Placed
from tui.core.notes.anchoring import anchor_for, reanchor_all
from tui.core.notes.annotation import Anchor, Annotation, brief_key
from tui.core.notes.store import STORE_FILE, Store
from tui.core.outside.visible import printable, visible
from tui.screens.note_editor import NoteEditor
from tui.screens.notes_list import SNIPPET, note_prompt, snippet

from .bench.generate import generate, parse_size
from .bench.notes import notes_on
from .conftest import BUNDLED_BRIEF
from .export_fixtures import bundled
from .test_reader_notes import settle, view_of
from .test_web_annotation import annotation

BRIEF = bundled()
KEY = brief_key(BRIEF.id, BRIEF.path)


def growth(small: Callable[[], object], large: Callable[[], object], rounds: int = 3) -> float:
    """How many times longer `large` takes than `small` in processor time: the fastest of a few runs of each, taken in
    turns, so that whatever else the machine does disturbs both alike."""
    times: dict[Callable[[], object], float] = {small: float("inf"), large: float("inf")}
    for _ in range(rounds):
        for action in (small, large):
            started = time.process_time()
            action()
            times[action] = min(times[action], time.process_time() - started)
    return times[large] / times[small]


def exported(count: int) -> str:
    """`count` notes on the bundled brief, as `briefing export --format json` writes them."""
    return json_export(ExportedBrief(BRIEF, KEY, "2026-01-01T00:00:00Z"), notes_on(BRIEF, KEY, count))


# Growth


def test_importing_four_times_the_notes_takes_less_than_twelve_times_as_long() -> None:
    """Each annotation's line was found by scanning from the file's start: 1,000 then 4,000 notes took
    0.6 and 11.8 s (x19); now 0.06 and 0.4 s."""
    small, large = exported(1000), exported(4000)
    assert len(read_web_annotations(large)) == 4000
    assert growth(lambda: read_web_annotations(small), lambda: read_web_annotations(large)) < 12


def test_the_last_of_many_annotations_refused_is_named_at_its_line_in_time_linear_in_the_file() -> None:
    def spoiled(count: int) -> tuple[str, int]:
        data = json.loads(exported(count))
        items = data["first"]["items"]
        items[-1]["target"] = None
        text = json_export(ExportedBrief(BRIEF, KEY, "2026-01-01T00:00:00Z"), [])  # the same head
        text = text.replace('"items": []', '"items": [\n' + ",\n".join(json.dumps(item) for item in items) + "\n]")
        return text, text[: text.rindex(items[-1]["id"])].count("\n") + 1

    def refused(text: str) -> ImportProblem:
        with pytest.raises(ImportProblem) as caught:
            read_web_annotations(text)
        return caught.value

    small, large = spoiled(1000), spoiled(4000)
    problem = refused(large[0])
    assert problem.problem.line == large[1]
    assert problem.problem.message.startswith("annotation 4000 (urn:uuid:")
    assert growth(lambda: refused(small[0]), lambda: refused(large[0])) < 12


def test_the_line_of_an_id_is_found_after_the_annotations_before_it_even_when_written_out() -> None:
    """An id given raw (not escaped as exports write it), and mentioned earlier in another note."""
    first = annotation(id="urn:uuid:first", body=[{"type": "TextualBody", "value": "see «second»"}])
    second = annotation(id="«second»", target=None)
    text = "[\n" + json.dumps(first, ensure_ascii=False) + ",\n\n" + json.dumps(second, ensure_ascii=False) + "\n]"
    with pytest.raises(ImportProblem) as caught:
        read_web_annotations(text)
    assert caught.value.problem.line == 4


def test_ids_written_another_way_cost_a_few_reads_of_the_file_not_one_each() -> None:
    """`\\/` for `/` is valid JSON (PHP writes it): such ids are not found as written, and each
    miss reads the rest of the file; the line is given up after a few."""

    def escaped(count: int) -> str:
        items = [annotation(id=f"https://example.org/notes/{number}") for number in range(count)]
        items[-1]["target"] = None
        return "[\n" + ",\n".join(json.dumps(item).replace("/", "\\/") for item in items) + "\n]"

    def refused(text: str) -> ImportProblem:
        with pytest.raises(ImportProblem) as caught:
            read_web_annotations(text)
        return caught.value

    small, large = escaped(1000), escaped(4000)
    problem = refused(large)
    assert problem.problem.line == 1
    assert problem.problem.message.startswith("annotation 4000 (https://example.org/notes/3999)")
    assert growth(lambda: refused(small), lambda: refused(large)) < 12


def test_finding_notes_with_surroundings_250_times_longer_takes_less_than_four_times_as_long(
    tmp_path: Path,
) -> None:
    """Notes from an older version (or a crafted store) may carry 1 MB of surroundings; only 40
    characters are compared. An export of 20 such notes on a 1 MB brief took 22 s, now 1 s (most
    of it reading them from the store)."""
    brief, _ = parse_brief(generate(parse_size("100KB")), str(tmp_path / "brief.md"))
    words = ["troops", "border", "supply", "sanctions", "envoy"] * 4  # each many times in the brief, elsewhere

    def finding(length: int) -> Callable[[], object]:
        anchors = [Anchor("gone", word, 0, len(word), "y" * length, "z" * length) for word in words]
        return lambda: reanchor_all(anchors, brief.all_sections)

    assert growth(finding(1_000), finding(250_000)) < 4


# Limits: each refused with the file, the annotation and its line; the limit itself is accepted.


def quoted(**refined: Any) -> dict[str, Any]:
    target = annotation()["target"]
    target["selector"][0]["refinedBy"].update(refined)
    return target


LIMITS: dict[str, tuple[Callable[[int], dict[str, Any]], int, str]] = {
    "a note": (lambda n: annotation(body=[{"type": "TextualBody", "value": "n" * n}]), MAX_NOTE,
               "a TextualBody's value is {n} characters long; at most {limit} can be imported"),
    "a note of two bodies": (
        lambda n: annotation(body=[{"type": "TextualBody", "value": "n" * (n - n // 2 - 2)},
                                   {"type": "TextualBody", "value": "n" * (n // 2)}]),
        MAX_NOTE, "its note is {n} characters long; at most {limit} can be imported"),
    "a quote": (lambda n: annotation(target=quoted(exact="q" * n)), MAX_QUOTE,
                "the TextQuoteSelector's exact text is {n} characters long"),
    "a prefix": (lambda n: annotation(target=quoted(prefix="p" * n)), MAX_CONTEXT,
                 "the TextQuoteSelector's prefix is {n} characters long"),
    "a suffix": (lambda n: annotation(target=quoted(suffix="s" * n)), MAX_CONTEXT,
                 "the TextQuoteSelector's suffix is {n} characters long"),
    "a tag": (lambda n: annotation(body=[{"type": "TextualBody", "purpose": "tagging", "value": "t" * n}]),
              MAX_TAG, "a tag is {n} characters long"),
    "tags": (lambda n: annotation(body=[{"type": "TextualBody", "purpose": "tagging", "value": f"t{number}"}
                                        for number in range(n)]), MAX_TAGS, "it has more than {limit} tags"),
    "an id": (lambda n: annotation(id="i" * n), MAX_ID, "its id is {n} characters long"),
    "a section id": (lambda n: annotation(target={**annotation()["target"], "selector": {
        "type": "FragmentSelector", "value": "s" * n, "refinedBy": {"type": "TextQuoteSelector", "exact": "x"}}}),
        MAX_ID, "a FragmentSelector's value is {n} characters long"),
    "a brief's IRI": (lambda n: annotation(target={**annotation()["target"], "source": "urn:briefing-reader:brief:"
                                                   + "b" * (n - len("urn:briefing-reader:brief:"))}),
                      MAX_IRI, "its target's source is {n} characters long"),
}  # fmt: skip


def import_of(tmp_path: Path, bad: dict[str, Any]) -> tuple[int, Path, int]:
    """Import a good annotation, then `bad`, each on its own lines: the exit code, the file, and the
    line of `bad`'s id."""
    good = annotation(id="urn:uuid:00000000-0000-4000-8000-0000000000bb")
    text = json.dumps([good, bad], indent=2)
    file = tmp_path / "notes.json"
    file.write_text(text)
    code = import_notes(file, store=tmp_path / STORE_FILE)
    return code, file, text[: text.index(json.dumps(bad["id"]))].count("\n") + 1


@pytest.mark.parametrize("case", LIMITS, ids=list(LIMITS))
def test_what_an_imported_note_may_hold_is_bounded_and_the_refusal_names_file_annotation_and_line(
    tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    make, limit, reason = LIMITS[case]
    code, file, line = import_of(tmp_path, make(limit + 1))
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith(f"{file}:{line}:1: error: annotation 2 (")
    assert reason.format(n=f"{limit + 1:,}", limit=f"{limit:,}") in err
    assert err.rstrip().endswith("nothing was imported")
    assert "Traceback" not in err
    assert not (tmp_path / STORE_FILE).exists()


@pytest.mark.parametrize("case", LIMITS, ids=list(LIMITS))
def test_a_note_at_each_limit_is_imported(tmp_path: Path, case: str) -> None:
    make, limit, _ = LIMITS[case]
    code, *_ = import_of(tmp_path, make(limit))
    assert code == 0
    with Store(tmp_path / STORE_FILE) as kept:
        assert kept.count() == 2


def test_a_file_of_more_annotations_than_the_limit_is_refused_before_any_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "many.json"
    file.write_text("[" + ",".join(["{}"] * (MAX_ANNOTATIONS + 1)) + "]")
    assert import_notes(file, store=tmp_path / STORE_FILE) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{file}:1:1: error: the file holds {MAX_ANNOTATIONS + 1:,} annotations; at most ")
    assert not (tmp_path / STORE_FILE).exists()


def test_an_id_as_long_as_the_file_is_cut_short_in_the_message(tmp_path: Path) -> None:
    with pytest.raises(ImportProblem) as caught:
        read_web_annotations(json.dumps([annotation(id="i" * 100_000)]))
    assert len(caught.value.problem.message) < 300


def test_a_note_stored_with_a_megabyte_of_surroundings_exports_what_an_import_takes(tmp_path: Path) -> None:
    """A store from an older version may hold more than an import reads: the export keeps the
    MAX_CONTEXT characters nearest the quote, so exporting and importing it back works."""
    note = notes_on(BRIEF, KEY, 1)[0]
    anchor = note.anchor
    long = replace(note, anchor=replace(anchor, prefix="p" * 1_000_000 + anchor.prefix, suffix=anchor.suffix * 30_000))
    text = json_export(ExportedBrief(BRIEF, KEY, "2026-01-01T00:00:00Z"), [long])
    (back,) = read_web_annotations(text)
    assert back.anchor.prefix == long.anchor.prefix[-MAX_CONTEXT:]
    assert back.anchor.suffix == long.anchor.suffix[:MAX_CONTEXT]


# Times


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "0001-01-01T00:30:00+00:31"]
)
@pytest.mark.parametrize("field", ["created", "modified"])
def test_a_time_outside_the_years_1_to_9999_in_utc_is_refused_with_a_clear_message(
    tmp_path: Path, moment: str, field: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, file, line = import_of(tmp_path, annotation(**{field: moment}))
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    assert "OverflowError" not in err
    assert err.startswith(f"{file}:{line}:1: error: annotation 2 (")
    assert f"{moment!r} is outside the times that can be kept (years 0001 to 9999, in UTC)" in err


@pytest.mark.parametrize(
    ("moment", "kept"),
    [
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000000+00:00"),
        ("0001-01-01T14:00:00+14:00", "0001-01-01T00:00:00.000000+00:00"),
        ("9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.999999+00:00"),
        ("9999-12-31T09:59:59-14:00", "9999-12-31T23:59:59.000000+00:00"),
        ("2026-11-27T10:00:00+09:00", "2026-11-27T01:00:00.000000+00:00"),
        ("2026-11-27", "2026-11-27T00:00:00.000000+00:00"),
    ],
)
def test_a_time_at_the_edges_of_the_range_is_kept_in_utc(moment: str, kept: str) -> None:
    assert utc_time(moment) == kept
    if kept.startswith("9999"):  # kept as a time, but a note from the future is not imported
        with pytest.raises(ImportProblem, match="is in the future"):
            read_web_annotations(json.dumps([annotation(created=moment)]))
        return
    (note,) = read_web_annotations(json.dumps([annotation(created=moment)]))
    assert note.created == kept


@pytest.mark.parametrize("text", ["", "yesterday", "2026-02-30T00:00:00", "2026-01-01T25:00:00", "2" * 10_000])
def test_what_is_not_a_time_is_said_to_be_none_and_shown_short(text: str) -> None:
    with pytest.raises(ValueError, match="is not an ISO 8601 date and time") as caught:
        utc_time(text)
    assert len(str(caught.value)) < 200


# Exporting long notes


def test_a_note_too_long_to_check_is_exported_verbatim_in_a_code_block() -> None:
    """Parsing it to see whether it is safe took up to 25 µs a character (a 1 MB note of brackets, 25 s)."""
    note = "[" * (PARSED_NOTE + 1)
    assert note_lines(note) == ["  ```text", "  " + note, "  ```"]
    assert note_lines("[" * PARSED_NOTE) == ["  " + "[" * PARSED_NOTE]  # short enough: parsed, plain text


def regex_escape(text: str) -> str:
    """The escaping as it was written before (a regex per character class): the reference."""
    text = re.sub(r"([\\`*_\[\]<>#~|&])", r"\\\1", printable(text))
    lines = (line.strip() for line in text.split("\n"))
    marker = re.compile(r"^([-+=])|^(\d{1,9})([.)])", re.MULTILINE)
    return "\n".join(
        marker.sub(lambda m: "\\" + m.group(1) if m.group(1) else f"{m.group(2)}\\{m.group(3)}", line) for line in lines
    )


@given(st.text(st.sampled_from("\\`*_[]<>#~|&-+=0123456789.) \t\n\rab\x1b")))
def test_escaping_in_one_pass_gives_what_the_regex_gave(text: str) -> None:
    assert escape_text(text) == regex_escape(text)


# Showing long notes


def old_snippet(text: str) -> str:
    flat = " ".join(visible(text).split())
    return flat if len(flat) <= SNIPPET else flat[: SNIPPET - 1] + "…"


@given(st.text(st.sampled_from("ab \n\t\r\x1b\u202e…é"), max_size=300))
def test_a_snippet_cut_before_escaping_is_what_the_whole_text_gave(text: str) -> None:
    assert snippet(text) == old_snippet(text)


def test_a_snippet_of_two_paragraphs_reads_as_one_line() -> None:
    """A quote over two paragraphs showed as 'services.\\n\\nSouth' in the notes list."""
    assert snippet("two services.\n\nSouth Korea") == "two services. South Korea"


def test_the_snippet_of_a_huge_note_is_its_start() -> None:
    assert snippet("word " * 6_000_000) == old_snippet("word " * 20)
    assert snippet(" " * 1_000_000 + "x" * 1_000_000) == "x" * (SNIPPET - 1) + "…"
    assert snippet("\x1b" * 1_000_000) == "\\x1b" * 14 + "\\x1…"


def test_a_note_with_the_most_tags_an_import_takes_is_listed_on_a_few_lines() -> None:
    tags = tuple(f"{n:04}" + "t" * (MAX_TAG - 4) for n in range(MAX_TAGS))
    note = replace(notes_on(BRIEF, KEY, 1)[0], note="n" * MAX_NOTE, tags=tags)
    shown = note_prompt(Placed(note, None), "").plain
    assert len(shown) < 2 * SNIPPET + TAGS_SHOWN + 100
    assert shown.endswith(f"… {len(' '.join('#' + tag for tag in note.tags)) - TAGS_SHOWN:,} more characters")


async def test_a_huge_note_shows_its_start_and_how_much_more_there_is(tmp_path: Path) -> None:
    """A 30 MB note froze the reader for 26 s whenever the cursor reached its sentence."""
    store = tmp_path / STORE_FILE
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        view = view_of(app)
        sentence = view.current
        assert sentence is not None
        section, start, end = view.section, sentence.start, sentence.end
    note = "start " + "n" * 3_000_000
    tags = tuple(f"tag{number}" for number in range(500))
    with Store(store) as kept:
        kept.save(Annotation(KEY, anchor_for(section, start, end), note=note, tags=tags))
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("j", "k")
        await pilot.pause()
        panel = app.screen.query_one("#note-panel")
        assert panel.display
        shown = str(panel.render())
        assert "start nnn" in shown
        assert f"… {len(note) - NOTE_SHOWN:,} more characters" in shown
        assert "more characters" in shown.partition("\n")[0]  # the tags, cut too
        assert len(shown) < NOTE_SHOWN + 500
        # The editor has all of it, unwrapped (wrapping 1 MB again at each resize cost seconds).
        await pilot.press("a")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        area = editor.query_one("#editor-note", TextArea)
        assert area.text == note
        assert not area.soft_wrap


async def test_a_huge_quote_shows_its_start_in_the_editor_and_in_a_question(tmp_path: Path) -> None:
    """An orphan's quote (in the store from an older version, or a wide `v` selection) can be megabytes."""
    quote = "quoted " + "q" * 1_000_000
    orphan = Annotation(KEY, Anchor("gone", quote, 0, len(quote), "", ""), note="kept")
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        editor = NoteEditor(orphan, app.screen.notes)  # type: ignore[attr-defined]
        await app.push_screen(editor)
        await pilot.pause()
        shown = str(editor.query_one("#editor-quote").render())
        assert shown.startswith("quoted qqq")
        assert f"… {len(quote) - NOTE_SHOWN:,} more characters" in shown
        app.screen.dismiss(None)
        await pilot.pause()
        reader = app.screen
        reader.offer_to_attach(Placed(orphan, None))  # type: ignore[attr-defined]
        await pilot.pause()
        detail = str(app.screen.query_one("#confirm-detail").render())
        assert detail.startswith("It quoted: quoted qqq")
        assert len(detail) < NOTE_SHOWN + 100


async def test_the_app_saves_no_note_an_export_could_not_bring_back(tmp_path: Path) -> None:
    """A 1,100,000-character note was saved, and then the whole JSON backup was refused on import."""
    store = tmp_path / STORE_FILE
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("j", "a")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        editor.query_one("#editor-note", TextArea).text = "n" * (MAX_NOTE + 1)
        await pilot.press("ctrl+s")
        await settle(app)
        await pilot.pause()
        assert app.screen is editor  # still open, with what was typed
        said = str(editor.query_one("#editor-error").render())
        assert said.startswith("Not saved: the note is")
        assert f"at most {MAX_NOTE:,}" in said
        editor.query_one("#editor-note", TextArea).text = "n" * MAX_NOTE
        await pilot.press("ctrl+s")
        await settle(app)
        await pilot.pause()
        assert app.screen is not editor
    with Store(store) as kept:
        (saved,) = kept.annotations(KEY)
    assert len(saved.note) == MAX_NOTE


def test_a_highlight_quoting_more_than_a_note_may_is_refused_as_too_big(tmp_path: Path) -> None:
    """`v` over a long section then `m` said "Notes cannot be kept", as if the store were broken."""
    from tui.core.notes.access import Notes
    from tui.core.notes.store_errors import TooBig

    section = BRIEF.all_sections[1]
    long_section = replace(section, text=section.text + " word" * (MAX_QUOTE // 5 + 10))
    notes = Notes(tmp_path / STORE_FILE)
    with pytest.raises(TooBig, match=f"at most {MAX_QUOTE:,}"):
        notes.highlight(KEY, long_section, 0, len(long_section.text), "yellow")
    assert notes.store().annotations(KEY) == []
    notes.close()


def test_an_import_asks_the_clock_once_not_once_per_note(monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import datetime

    import tui.core.export.web_annotation as web

    asked = []

    class Clock(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> Clock:
            asked.append(tz)
            return super().now(tz)

    monkeypatch.setattr(web, "datetime", Clock)
    stamp = "2026-01-01T00:00:00.000000+00:00"
    items = [
        annotation(id=f"urn:uuid:00000000-0000-4000-8000-{number:012x}", created=stamp, modified=stamp)
        for number in range(200)
    ]
    assert len(read_web_annotations(json.dumps(items))) == 200
    assert len(asked) == 1


def test_a_number_of_thousands_of_digits_is_refused_in_our_words() -> None:
    """It said Python's own hint: "use sys.set_int_max_str_digits() to increase the limit"."""
    text = '{"type": "Annotation", "id": "x", "target": {"selector": {"start": ' + "9" * 5_000 + "}}}"
    with pytest.raises(ImportProblem) as caught:
        read_web_annotations(text)
    assert "a number of 5,000 digits is too long" in str(caught.value)
    assert "sys." not in str(caught.value)
