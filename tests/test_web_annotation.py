"""The JSON export (W3C Web Annotations) and `import`: the model's shape, idempotent imports, refusals, round trips."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.cli.import_notes import import_notes, said
from tui.core.brief.parse import load_brief
from tui.core.export.compose import Format, gather, render
from tui.core.export.web_annotation import CONTEXT, ImportProblem, read_web_annotations
from tui.core.notes.anchoring import anchor_for
from tui.core.notes.annotation import COLOURS, Anchor, Annotation, brief_key
from tui.core.notes.store import Merged, Store

from .export_fixtures import EPOCH, bundled, fixed_notes, store_with_fixed_notes
from .test_export_markdown import golden

BRIEF = bundled()


@pytest.fixture(autouse=True)
def fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def export(store: Path, format: Format = Format.JSON, brief: Path | None = None) -> str:
    return render(gather(brief or Path(BRIEF.path), store), format)


@pytest.fixture
def exported(tmp_path: Path) -> str:
    return export(store_with_fixed_notes(tmp_path / "a.sqlite3", BRIEF))


def test_the_bundled_brief_exports_as_its_golden_file(exported: str) -> None:
    assert exported == golden("notes-export.json", exported)


def test_each_note_is_a_web_annotation_with_its_bodies_and_a_target_refined_by_section(exported: str) -> None:
    data = json.loads(exported)
    assert data["@context"] == CONTEXT
    assert data["type"] == "AnnotationCollection"
    assert data["total"] == 6
    items = data["first"]["items"]
    first = items[0]
    assert first["id"] == "urn:uuid:00000000-0000-4000-8000-000000000001"
    assert first["type"] == "Annotation"
    assert first["motivation"] == "commenting"
    assert first["body"] == [
        {"type": "TextualBody", "purpose": "commenting", "format": "text/markdown",
         "value": "Two services, **one** figure:\n\n- NIS: 12,000\n- DIU: agrees"},
        {"type": "TextualBody", "purpose": "tagging", "value": "numbers"},
        {"type": "TextualBody", "purpose": "tagging", "value": "nis"},
    ]  # fmt: skip
    target = first["target"]
    assert target["source"] == "urn:briefing-reader:brief:north-korean-troops-in-russia"
    assert target["styleClass"] == "yellow"
    quote, position = target["selector"]
    assert quote["type"] == position["type"] == "FragmentSelector"
    assert quote["value"] == position["value"] == "summary"
    assert quote["refinedBy"]["type"] == "TextQuoteSelector"
    assert quote["refinedBy"]["exact"].startswith("Seoul's intelligence service says North Korea")
    assert quote["refinedBy"]["prefix"] == ""
    summary = BRIEF.section("summary").text  # type: ignore[union-attr]
    exact = quote["refinedBy"]["exact"]
    assert quote["refinedBy"]["suffix"] == summary[len(exact) : len(exact) + 40]  # the text as read, no markup
    assert position["refinedBy"] == {
        "type": "TextPositionSelector",
        "start": 0,
        "end": len(quote["refinedBy"]["exact"]),
    }
    highlight_only = next(item for item in items if item["target"]["styleClass"] == "blue")
    assert highlight_only["motivation"] == "highlighting"
    assert "body" not in highlight_only


def test_importing_adds_the_notes_and_importing_again_adds_nothing(tmp_path: Path, exported: str) -> None:
    file = tmp_path / "notes.json"
    file.write_text(exported)
    store = tmp_path / "b.sqlite3"
    assert import_notes(file, store=store) == 0
    with Store(store) as kept:
        first = kept.annotations(brief_key(BRIEF.id, BRIEF.path))
    assert sorted(note.id for note in first) == sorted(note.id for note in fixed_notes(BRIEF))
    assert import_notes(file, store=store) == 0
    with Store(store) as kept:
        assert kept.annotations(brief_key(BRIEF.id, BRIEF.path)) == first
        assert kept.count() == 6


def test_an_import_says_what_it_did(tmp_path: Path, exported: str, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "notes.json"
    file.write_text(exported)
    import_notes(file, store=tmp_path / "b.sqlite3")
    import_notes(file, store=tmp_path / "b.sqlite3")
    said = capsys.readouterr().out.splitlines()
    assert said == [
        f"{file}: 6 added, 0 updated, 0 already in the store",
        f"{file}: 0 added, 0 updated, 6 already in the store",
    ]


def test_an_import_says_a_note_whose_id_is_another_briefs_is_kept_where_it_is(
    tmp_path: Path, exported: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, such a note was said to be "already in the store", which it was not: another brief's note is."""
    file = tmp_path / "notes.json"
    file.write_text(exported)
    store = tmp_path / "b.sqlite3"
    theirs = read_web_annotations(exported)
    with Store(store) as kept:
        kept.merge([replace(theirs[0], brief="id:another-brief"), replace(theirs[1], brief="id:another-brief")])
        before = kept.annotations("id:another-brief")
    assert import_notes(file, store=store) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{file}: 4 added, 0 updated, 0 already in the store, "
        "2 kept as they are: their ids belong to notes of another brief"
    ]
    with Store(store) as kept:
        assert kept.annotations("id:another-brief") == before  # never moved, never changed
        assert len(kept.annotations(brief_key(BRIEF.id, BRIEF.path))) == 4
    # One of them: said in the singular.
    assert said(Merged(0, 0, 0, 1)) == "0 added, 0 updated, 0 already in the store, " + (
        "1 kept as it is: its id belongs to a note of another brief"
    )


def test_a_newer_import_of_another_briefs_note_leaves_it_as_it_is(
    tmp_path: Path, exported: str, capsys: pytest.CaptureFixture[str]
) -> None:
    theirs = read_web_annotations(exported)
    store = tmp_path / "b.sqlite3"
    with Store(store) as kept:
        kept.merge([replace(theirs[0], brief="id:another-brief", note="older", updated="2000-01-01T00:00:00+00:00")])
    file = tmp_path / "notes.json"
    file.write_text(exported)
    assert import_notes(file, store=store) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{file}: 5 added, 0 updated, 0 already in the store, "
        "1 kept as it is: its id belongs to a note of another brief"
    ]
    with Store(store) as kept:
        (left,) = kept.annotations("id:another-brief")
        assert (left.id, left.note) == (theirs[0].id, "older")


def test_a_newer_copy_updates_a_note_but_a_note_deleted_here_stays_deleted(tmp_path: Path) -> None:
    notes = fixed_notes(BRIEF)
    with Store(tmp_path / "s.sqlite3") as store:
        store.merge(notes)
        store.delete(notes[1].id)
        newer = replace(notes[0], note="edited elsewhere", updated="2027-01-01T00:00:00+00:00")
        resurrected = replace(notes[1], note="edited elsewhere too", updated="2027-01-01T00:00:00+00:00")
        older = replace(notes[2], note="an old copy", updated="2020-01-01T00:00:00+00:00")
        merged = store.merge([newer, resurrected, older])
        assert (merged.added, merged.updated, merged.unchanged, merged.deleted_here) == (0, 1, 1, 1)
        assert store.get(notes[0].id).note == "edited elsewhere"  # type: ignore[union-attr]
        assert store.get(notes[1].id).deleted is not None  # type: ignore[union-attr]
        assert store.get(notes[2].id).note == ""  # type: ignore[union-attr]


# A time to come is refused on import (it would win over every later edit made here).
past_times = st.datetimes(max_value=datetime(2025, 1, 1), timezones=st.just(UTC)).map(
    lambda moment: moment.isoformat(timespec="microseconds")
)


def annotation(**changes: Any) -> dict[str, Any]:
    """A valid Web Annotation as the export writes it, with `changes` applied (None removes a key)."""
    item: dict[str, Any] = {
        "id": "urn:uuid:00000000-0000-4000-8000-0000000000aa",
        "type": "Annotation",
        "body": [{"type": "TextualBody", "value": "a note"}],
        "target": {
            "source": "urn:briefing-reader:brief:north-korean-troops-in-russia",
            "selector": [{"type": "FragmentSelector", "value": "situation",
                          "refinedBy": {"type": "TextQuoteSelector", "exact": "Austin"}}],
        },
    }  # fmt: skip
    for key, value in changes.items():
        if value is None:
            item.pop(key)
        else:
            item[key] = value
    return item


def selector(refined: dict[str, Any]) -> dict[str, Any]:
    return {
        "source": "urn:briefing-reader:brief:b",
        "selector": {"type": "FragmentSelector", "value": "s", "refinedBy": refined},
    }


QUOTE = {"type": "TextQuoteSelector", "exact": "x"}
NO_SECTION = {"source": "urn:briefing-reader:brief:b", "selector": QUOTE}
BAD_POSITION = {
    "source": "urn:briefing-reader:brief:b",
    "selector": [
        {"type": "FragmentSelector", "value": "s", "refinedBy": QUOTE},
        {
            "type": "FragmentSelector",
            "value": "s",
            "refinedBy": {"type": "TextPositionSelector", "start": -1, "end": 2},
        },
    ],
}
MALFORMED = {
    "not JSON": ('{"type": "Annotation",\n  "id": oops}', "2:9", "not valid JSON"),
    "cut short": ('[{"id": "x"', "1:12", "not valid JSON"),
    "a markdown export": ("# Notes on a brief\n", "1:1", "a markdown export cannot be imported"),
    "a number": ("42", "1:1", "neither annotations nor a collection"),
    # `{}` was "annotation 1: it is not an Annotation object", a file of one annotation that is not.
    "an empty object": ("{}", "1:1", "the file holds no Web Annotations"),
    "some other JSON object": ('{"name": "x"}', "1:1", "what `briefing export --format json` writes"),
    "not an annotation": ([{"id": "x", "type": "Note"}], "1:1", "not an Annotation"),
    "no id": ([annotation(id=None)], "1:1", "has no id"),
    "no target": ([annotation(target=None)], "1:1", "exactly one target"),
    "a web page": ([annotation(target={"source": "https://example.org/page"})], "1:1", "is not a brief"),
    "no section": ([annotation(target=NO_SECTION)], "1:1", "no section"),
    "empty quote": ([annotation(target=selector({**QUOTE, "exact": ""}))], "1:1", "quotes nothing"),
    "quote not text": ([annotation(target=selector({**QUOTE, "exact": 3}))], "1:1", "must be a string"),
    "negative start": ([annotation(target=BAD_POSITION)], "1:1", "from 0 to"),
    "a body by reference": ([annotation(body="https://example.org/body")], "1:1", "only TextualBody"),
    "a bad time": ([annotation(created="last Tuesday")], "1:1", "not an ISO 8601 date and time"),
    "a paged collection": ({"type": "AnnotationCollection", "first": "https://example.org/p1"}, "1:1", "by reference"),
    "a first page that is not one": ({"type": "AnnotationCollection", "first": 5}, "1:1", "not an AnnotationPage"),
    "NaN": ('[{"id": NaN}]', "1:1", "NaN is not a JSON number"),
    "a key twice": ('[{"id": "a", "id": "b"}]', "1:1", "given twice"),
    "a number too long": ('[{"id": ' + "9" * 5001 + "}]", "1:1", "not valid JSON"),
    "an offset too large": ([annotation(target={**BAD_POSITION, "selector": [
        BAD_POSITION["selector"][0],
        {"type": "FragmentSelector", "value": "s", "refinedBy": {"type": "TextPositionSelector", "start": 0,
                                                                 "end": 2**63}}]})], "1:1", "from 0 to"),
    "a relative file": ([annotation(target={**NO_SECTION, "source": "file:relative/x.md"})], "1:1", "not a brief"),
    "an empty section": ([annotation(target={"source": "urn:briefing-reader:brief:b", "selector": {
        "type": "FragmentSelector", "value": "", "refinedBy": QUOTE}})], "1:1", "names no section"),
    "a week date": ([annotation(modified="2026-W01")], "1:1", "not an ISO 8601 date"),
    "an empty uuid": ([annotation(id="urn:uuid:")], "1:1", "has no id"),
    "a time before the year 1 in UTC": ([annotation(created="0001-01-01T00:00:00+14:00")], "1:1",
                                        "outside the times that can be kept"),
    "a time past the year 9999 in UTC": ([annotation(modified="9999-12-31T23:00:00-14:00")], "1:1",
                                         "outside the times that can be kept"),
    # Re-importing such a file undid every edit made here since, each time.
    "a time to come": ([annotation(modified="9999-01-01T00:00:00Z")], "1:1", "is in the future"),
    "a note too long": ([annotation(body=[{"type": "TextualBody", "value": "n" * 1_000_001}])], "1:1",
                        "is 1,000,001 characters long; at most 1,000,000 can be imported"),
}  # fmt: skip


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_a_malformed_file_is_refused_whole_with_its_place_and_nothing_changes(
    tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    content, place, reason = MALFORMED[case]
    good = annotation(id="urn:uuid:00000000-0000-4000-8000-0000000000bb")
    if isinstance(content, list):
        content = [good, *content]  # the good one before it must not be imported either
    if not isinstance(content, str):
        content = json.dumps(content)
    file = tmp_path / "bad.json"
    file.write_text(content)
    store = store_with_fixed_notes(tmp_path / "s.sqlite3", BRIEF)
    before = store.read_bytes()
    assert import_notes(file, store=store) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{file}:{place}: error: ")
    assert reason in err
    assert "nothing was imported" in err
    assert store.read_bytes() == before
    with Store(store) as kept:
        assert kept.count() == 6


def test_a_copy_changed_earlier_elsewhere_does_not_overwrite_a_later_edit(tmp_path: Path) -> None:
    """Times compare as instants: 10:00 at +09:00 is 01:00 UTC, before a 05:45 UTC edit."""
    note = fixed_notes(BRIEF)[0]
    with Store(tmp_path / "s.sqlite3") as store:
        store.merge([replace(note, note="edited here", updated="2026-11-27T05:45:00.000000+00:00")])
    item = annotation(id=f"urn:uuid:{note.id}", modified="2026-11-27T10:00:00+09:00")
    item["target"]["selector"][0]["value"] = "summary"
    (tmp_path / "old.json").write_text(json.dumps([item]))
    assert import_notes(tmp_path / "old.json", store=tmp_path / "s.sqlite3") == 0
    with Store(tmp_path / "s.sqlite3") as store:
        assert store.get(note.id).note == "edited here"  # type: ignore[union-attr]


def test_tags_with_a_list_of_purposes_stay_tags() -> None:
    item = annotation(body=[{"type": "TextualBody", "purpose": ["tagging"], "value": "t"}])
    assert read_web_annotations(json.dumps([item]))[0].tags == ("t",)


def test_an_id_used_twice_differently_is_pointed_at_where_it_comes_again() -> None:
    first = annotation()
    second = annotation(body=[{"type": "TextualBody", "value": "another note"}])
    text = json.dumps([first, second], indent=2)
    with pytest.raises(ImportProblem) as caught:
        read_web_annotations(text)
    assert caught.value.problem.line == text[: text.rindex("0000000000aa")].count("\n") + 1


def test_the_line_of_a_bad_annotation_is_given(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = annotation(id="urn:uuid:00000000-0000-4000-8000-0000000000bb")
    bad = annotation(id="urn:uuid:00000000-0000-4000-8000-0000000000cc", target=None)
    file = tmp_path / "bad.json"
    text = json.dumps([good, bad], indent=2)
    file.write_text(text)
    assert import_notes(file, store=tmp_path / "s.sqlite3") == 1
    line = text[: text.index("0000000000cc")].count("\n") + 1
    assert capsys.readouterr().err.startswith(f"{file}:{line}:1: error: annotation 2 (urn:uuid:")


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty file"), (b"\xff\xfe{\x00}\x00", "UTF-16"), (b'{"a": "\xe9"}', "not UTF-8")],
)
def test_an_unreadable_file_is_refused_with_the_reason(
    tmp_path: Path, content: bytes, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "bad.json"
    file.write_bytes(content)
    assert import_notes(file, store=tmp_path / "s.sqlite3") == 1
    assert reason in capsys.readouterr().err
    assert not (tmp_path / "s.sqlite3").exists()


def test_a_missing_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert import_notes(tmp_path / "nowhere.json", store=tmp_path / "s.sqlite3") == 1
    assert capsys.readouterr().err.startswith(f"{tmp_path / 'nowhere.json'}:1:1: error: cannot read")


def test_control_characters_and_lone_surrogates_in_an_import_never_reach_the_store(tmp_path: Path) -> None:
    hostile = annotation(body=[{"type": "TextualBody", "value": "bell\x07 esc\x1b[2J \ud800 rtl\u202e"}])
    notes = read_web_annotations(json.dumps([hostile]))
    assert notes[0].note == "bell␇ esc␛[2J \ufffd rtl\ufffd"


def test_a_plain_markdown_file_with_a_hostile_name_round_trips_by_its_path(tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    name = "news\x1b[31m\nline \udcff.md"  # an escape, a newline and a byte that is not UTF-8
    path = folder / name
    path.write_text("# Plain\n\n## Part\n\nSome text here. More text.\n")
    brief, _ = load_brief(path)
    key = brief_key(None, path)
    section = brief.sections[0]
    note = Annotation(
        key, anchor_for(section, 0, 15), note="on a plain file", created="2026-01-01T00:00:00.000000+00:00"
    )
    with Store(tmp_path / "a.sqlite3") as store:
        store.merge([note])
    first = export(tmp_path / "a.sqlite3", brief=path)
    assert "\x1b" not in first
    imported = read_web_annotations(first)
    assert imported[0].brief == key  # the same file, byte for byte
    with Store(tmp_path / "b.sqlite3") as store:
        store.merge(imported)
    assert export(tmp_path / "b.sqlite3", brief=path) == first


# The property: export, import into an empty store, export again: the same.

text = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]) | st.sampled_from("\x00\x1b\r\n\u202e#>`[]"), max_size=40
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    notes=st.lists(
        st.tuples(text, st.lists(text, max_size=3), st.sampled_from(COLOURS), st.integers(0, 70), st.booleans(),
                  past_times),
        min_size=1, max_size=6,
    ),
)  # fmt: skip
def test_export_import_export_gives_the_same_files(tmp_path_factory: pytest.TempPathFactory, notes: list[Any]) -> None:
    folder = tmp_path_factory.mktemp("round")
    key = brief_key(BRIEF.id, BRIEF.path)
    sentences = [(section, sentence) for section in BRIEF.all_sections for sentence in section.sentences]
    made = []
    for number, (note, tags, colour, spot, orphan, created) in enumerate(notes):
        section, sentence = sentences[spot % len(sentences)]
        anchor = anchor_for(section, sentence.start, sentence.end)
        if orphan:
            anchor = Anchor("gone", f"a quote no longer there {number}", 0, 30)
        made.append(Annotation(key, anchor, colour, note, tuple(tags), created=created, updated=created))
    with Store(folder / "a.sqlite3") as store:
        store.merge(made)
    first_json, first_md = export(folder / "a.sqlite3"), export(folder / "a.sqlite3", Format.MARKDOWN)
    (folder / "notes.json").write_text(first_json)
    assert import_notes(folder / "notes.json", store=folder / "b.sqlite3") == 0
    assert export(folder / "b.sqlite3") == first_json
    assert export(folder / "b.sqlite3", Format.MARKDOWN) == first_md


def test_a_problem_carries_its_line() -> None:
    with pytest.raises(ImportProblem) as caught:
        read_web_annotations('{\n\n  "x": }')
    assert (caught.value.problem.line, caught.value.problem.column) == (3, 8)
