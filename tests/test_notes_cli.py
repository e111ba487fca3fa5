"""`briefing notes`: every note of every brief searched from the command line; flags, formats, statuses, notices."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from tui.__main__ import main
from tui.cli.found import Found, as_text
from tui.cli.notes import emit
from tui.core.notes.annotation import Anchor, Annotation, brief_key
from tui.core.notes.snippet import Snippet
from tui.core.notes.store import Store

from .conftest import BUNDLED_BRIEF, REPO
from .export_fixtures import bundled, fixed_notes, store_with_fixed_notes
from .helpers.old_store import version_2_store

KEY = "id:north-korean-troops-in-russia"
HOSTILE = "\x1b[31mred\x1b[0m \u202eevil [bold]loud[/bold] \x1b]52;c;cHduZWQ=\x07 kursk"


@pytest.fixture
def store(private_dirs: Path) -> Path:
    return store_with_fixed_notes(private_dirs / "briefing-data" / "annotations.sqlite3", bundled())


def run(args: list[str], capsysbinary: pytest.CaptureFixture[bytes]) -> tuple[int, str, str]:
    status = main(["notes", *args])
    captured = capsysbinary.readouterr()
    return status, captured.out.decode("utf-8"), captured.err.decode("utf-8")


def test_without_a_query_every_note_is_a_line_newest_first(
    store: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    status, out, err = run([], capsysbinary)
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == 6
    assert lines[0] == (
        "North Korean troops in Russia · regional-risks · 2026-11-26 · #orphan: Kept though its text is gone."
    )
    assert lines[-1].startswith("North Korean troops in Russia · summary · 2026-11-21 · #numbers #nis: Two services")
    assert err == "6 of 6 notes match\n"


def test_words_find_notes_by_prefix_and_a_quote_is_shown_in_quotes(
    store: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    status, out, err = run(["servic"], capsysbinary)
    assert (status, err) == (0, "1 of 6 notes match\n")
    assert "summary" in out
    assert "Two services" in out
    _, out, _ = run(["sanctions"], capsysbinary)  # only in the quote of a highlight without a note
    assert out.count("\n") == 1
    assert ": “" in out
    assert out.rstrip().endswith("”")


@pytest.mark.parametrize(
    ("args", "sections"),
    [
        (["--tag", "nis"], ["summary"]),
        (["--tag", "OPEN QUESTION"], ["situation"]),  # a tag with a space, letter case aside
        (["#numbers", "--tag", "nis"], ["summary"]),  # every tag given
        (["--colour", "green"], ["situation"]),
        (["--color", "purple", "--colour", "blue"], ["chinas-role", "motives"]),
        (["--section", "motives"], ["motives"]),
        (["--since", "2026-11-25"], ["regional-risks", "chinas-role"]),
        (["--until", "2026-11-21"], ["summary"]),
        (["since:2026-11-23", "until:2026-11-24"], ["situation", "motives"]),
        (["--orphans"], ["regional-risks"]),
        (["is:orphan", "kept"], ["regional-risks"]),
        (["--brief", "north-korean-troops-in-russia", "--tag", "nis"], ["summary"]),
        (["--brief", str(BUNDLED_BRIEF), "--colour", "blue"], ["motives"]),
        (["brief:another-brief"], []),
        (["--order", "brief", "--limit", "2"], ["summary", "situation"]),
    ],
)
def test_each_flag_narrows_the_search(
    store: Path, capsysbinary: pytest.CaptureFixture[bytes], args: list[str], sections: list[str]
) -> None:
    status, out, _ = run([*args, "--format", "json"], capsysbinary)
    assert status == 0
    assert [item["section"] for item in json.loads(out)] == sections


def test_a_limit_says_how_many_matched_in_all(store: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    status, out, err = run(["--limit", "2", "--order", "newest"], capsysbinary)
    assert status == 0
    assert out.count("\n") == 2
    assert err == "6 of 6 notes match; the first 2 shown (--limit)\n"


def test_no_match_still_exits_0_and_says_so(store: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert run(["kursk"], capsysbinary) == (0, "", "0 of 6 notes match\n")
    assert run(["kursk", "--format", "json"], capsysbinary) == (0, "[]\n", "0 of 6 notes match\n")


def test_json_has_stable_keys_and_the_marks_of_the_snippet(
    store: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    _, out, _ = run(["figure", "--format", "json"], capsysbinary)
    assert out.isascii()
    [item] = json.loads(out)
    assert list(item) == [
        "id", "brief", "brief_title", "brief_path", "section", "quote", "note", "tags",
        "colour", "created", "updated", "rank", "snippet",
    ]  # fmt: skip
    assert item["brief"] == KEY
    assert item["brief_title"] == "North Korean troops in Russia"
    assert item["brief_path"] == str(BUNDLED_BRIEF)
    assert item["tags"] == ["numbers", "nis"]
    assert item["rank"] < 0  # bm25: ranked
    snippet = item["snippet"]
    assert [snippet["text"][start:end] for start, end in snippet["marks"]] == ["figure"]


def test_markdown_is_a_document_grouped_by_brief(store: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    status, out, _ = run(["--format", "markdown", "--tag", "nis"], capsysbinary)
    assert status == 0
    assert out.startswith('---\ntitle: "Notes matching #nis"\n')
    assert "\n# Notes matching \\#nis\n" in out
    assert "\n## North Korean troops in Russia\n" in out
    assert "  - NIS: 12,000\n" in out  # the note's own markdown, inside its list item


def test_a_brief_not_in_the_library_is_named_by_its_key(
    store: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    with Store(store) as kept:
        kept.save(Annotation("id:gone-brief", Anchor("s", "quoted", 0, 6), note="lonely kursk note"))
    status, out, _ = run(["lonely"], capsysbinary)
    assert status == 0
    assert out.startswith("id:gone-brief · s · ")
    _, out, _ = run(["lonely", "--format", "json"], capsysbinary)
    assert json.loads(out)[0]["brief_title"] is None
    status, out, err = run(["--orphans"], capsysbinary)  # no brief to find it in: an orphan, as in the browser
    assert "1 note of 1 brief not in the library (or unreadable) has no place to be found in, and counts as" in err
    assert "counts as orphans: id:gone-brief" in err
    assert "lonely kursk note" in out


@pytest.mark.parametrize("format", ["text", "markdown", "json"])
def test_hostile_note_text_never_reaches_standard_output_raw(
    store: Path, capsysbinary: pytest.CaptureFixture[bytes], format: str
) -> None:
    """A note's escape sequences (colour, OSC 52 to the clipboard), bidi override and markup are shown, not run."""
    note = replace(fixed_notes(bundled())[0], id="hostile", note=HOSTILE, tags=("t\x1b[2Jag",))
    with Store(store) as kept:
        kept.save(note)
    status, out, err = run(["kursk", "--format", format], capsysbinary)
    assert status == 0
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in out
        assert raw not in err
    if format != "json":
        assert "␛[31mred" in out
        assert "[bold]loud[/bold]" in out
    else:
        assert json.loads(out)[0]["note"].startswith("␛[31mred")


def test_marks_are_bold_on_a_terminal_only() -> None:
    note = fixed_notes(bundled())[0]
    found = Found(note, Snippet((("Two ", False), ("services", True)), "note"))
    assert as_text([found]).endswith(": Two services\n")
    assert as_text([found], bold=True).endswith(": Two \x1b[1mservices\x1b[22m\n")


def test_without_a_store_nothing_matches_and_none_is_made(
    private_dirs: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    status, out, err = run(["anything", "--format", "json"], capsysbinary)
    assert (status, out) == (0, "[]\n")
    assert "no notes are kept yet" in err
    assert not (private_dirs / "briefing-data").exists()


def test_an_unreadable_store_fails_and_is_left_where_it_is(
    private_dirs: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    store = private_dirs / "briefing-data" / "annotations.sqlite3"
    store.parent.mkdir(parents=True)
    store.write_bytes(b"not a database " * 400)
    status, out, err = run(["x"], capsysbinary)
    assert (status, out) == (1, "")
    assert err.startswith("briefing notes: the notes store")
    assert "Traceback" not in err
    assert store.read_bytes() == b"not a database " * 400


def test_a_version_2_store_is_upgraded_and_searched_ranked(
    private_dirs: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    store = private_dirs / "briefing-data" / "annotations.sqlite3"
    version_2_store(store, fixed_notes(bundled()))
    status, out, err = run(["figure", "--format", "json"], capsysbinary)
    assert status == 0
    assert err == "1 of 6 notes match\n"  # no scan notice: its notes were indexed as it was upgraded
    assert json.loads(out)[0]["rank"] < 0
    db = sqlite3.connect(store)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 3
    finally:
        db.close()


def test_without_fts5_words_are_scanned_and_said(
    store: Path, capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_FTS5", "off")
    status, out, err = run(["figure"], capsysbinary)
    assert status == 0
    assert out.count("\n") == 1
    assert err == (
        "briefing notes: Words are looked for by a plain scan (unranked, inside words, letter case and accents "
        "counting beyond ASCII): "
        "this SQLite has no full-text search (FTS5)\n1 of 6 notes match\n"
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--since", "bogus"], "since:bogus is not a date"),
        (["colour:bleu"], "colour:bleu is not one of yellow"),
        (["--colour", "bleu"], "invalid choice: 'bleu'"),
        (["--limit", "0"], "'0' is not a number of notes"),
        (["--since", "2026 11"], "--since '2026 11' is not a date"),
        (["--brief", "no-such-brief"], "no such file, folder or brief id: 'no-such-brief'"),
        (["--brief", "/"], "/ is a folder: --brief takes a brief's file or id"),
        (["--format", "pdf"], "invalid choice: 'pdf'"),
    ],
)
def test_usage_mistakes_exit_2_and_say_why(
    store: Path, capsysbinary: pytest.CaptureFixture[bytes], args: list[str], said: str
) -> None:
    status, out, err = run(args, capsysbinary)
    assert (status, out) == (2, "")
    assert said in err
    assert "Traceback" not in err


def test_help_says_the_query_language_and_the_exit_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["notes", "--help"]) == 0
    out = capsys.readouterr().out
    assert "is:orphan" in out
    assert "Exit 0 when the search ran, whether or not a note matched" in out


def test_a_closed_pipe_ends_the_output_quietly(monkeypatch: pytest.MonkeyPatch) -> None:
    """`briefing notes | head -1`: the rest is not wanted; no traceback now, nor when Python flushes at exit."""
    read, write = os.pipe()
    os.close(read)  # the reader is gone: every write now fails with EPIPE
    stream = io.TextIOWrapper(io.BufferedWriter(io.FileIO(write, "w")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", stream)
    emit("first line\n" * 10_000)
    stream.write("later output\n")
    stream.flush()  # standard output goes nowhere from now on, without an error
    stream.close()


@pytest.mark.system
def test_the_command_loads_no_ui_library() -> None:
    """`briefing notes` is for scripts: neither textual nor rich is imported for it."""
    code = "import sys, tui.cli.notes, tui.cli.export_many; print(sorted({'textual', 'rich'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert done.stdout == "[]\n"


def test_a_plain_markdown_brief_is_named_by_its_path(
    private_dirs: Path, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    plain = tmp_path / "plain notes.md"
    plain.write_text("# Plain\n\n## Part\n\nOne sentence.\n")
    with Store(private_dirs / "briefing-data" / "annotations.sqlite3") as kept:
        kept.save(Annotation(brief_key(None, plain), Anchor("part", "One sentence.", 0, 13), note="on a plain file"))
        kept.save(Annotation("id:other", Anchor("part", "One sentence.", 0, 13), note="on another"))
    status, out, _ = run(["--brief", str(plain)], capsysbinary)
    assert status == 0
    assert out.startswith("Plain · part · ")  # titled from its heading, though it is not in the library
    assert out.endswith(": on a plain file\n")
