"""A quick run of the benchmarks on a 100 KB brief, so that they cannot rot (the real run: tests/bench/RESULTS.md)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tui.core.brief.parse import parse_brief
from tui.core.notes.annotation import Anchor, Annotation
from tui.core.notes.store import Store
from tui.core.outside.problems import Severity

from .bench.changes import changes_table, measure_changes
from .bench.generate import generate, parse_size
from .bench.notes import measure_notes, notes_table
from .bench.notes_search import browser_open, measure_search, search_table
from .bench.pathological import table as pathological_table
from .bench.run import measure, table, targets


def test_generated_briefs_are_valid_and_the_size_asked_for() -> None:
    for size in (parse_size("40KB"), parse_size("100KB")):
        text = generate(size)
        assert abs(len(text.encode()) - size) < size * 0.1
        brief, problems = parse_brief(text, "generated.md")
        assert not [p for p in problems if p.severity is Severity.ERROR]
        assert len(brief.claims) >= size // 2000
        assert all(claim.references for claim in brief.claims)
        assert [s.id for s in brief.focus_sections] == ["section-2", "section-3", "section-4"]


@pytest.mark.system  # runs the app in a pseudo-terminal
def test_the_suite_runs_and_prints_its_table() -> None:
    rows = measure(["100KB"], rounds=1, markdown_up_to=0, log=io.StringIO())
    assert [row["app"] for row in rows] == ["floor", "ours"]
    ours = rows[1]
    assert 0 < ours["first_frame_s"] < 30
    assert ours["loaded_s"] >= ours["first_frame_s"]
    assert ours["peak_rss_mb"] > 10
    for key in ("j", "pagedown", "G", "n", "section"):
        assert f"key {key} ms" in ours
    printed = table(rows)
    assert "| 100KB (" in printed
    assert "first frame" in printed.splitlines()[0]
    assert any(line.startswith("GC, 100KB: longest pause") for line in targets(rows))


def test_the_notes_benchmarks_run_and_print_their_table() -> None:
    result = measure_notes(stored=3000, brief_notes=500, rounds=1)
    assert result["stored"] == 3000
    assert result["found"] == result["brief_notes"] == 500
    assert 0 < result["save_median"] <= result["save_p99"] <= result["save_max"]
    printed = notes_table(result)
    assert "| with 3,000 notes stored |" in printed
    assert "markdown export of 500 notes" in printed
    assert "import of that JSON into an empty store (500 notes)" in printed
    assert result["import_json"] > 0


def test_the_changes_benchmark_runs_and_prints_its_table() -> None:
    (row,) = measure_changes(["100KB"], rounds=1)
    assert row["sentences"] > 0
    assert row["paragraphs_changed"] > 0  # 1% of the paragraphs edited, and found
    assert "| 100KB |" in changes_table([row])


@pytest.mark.system  # runs other processes
def test_the_pathological_table_runs_each_shape_in_a_fresh_process_and_prints_it() -> None:
    printed = pathological_table([4000], ["list items", "'[' runs"], log=io.StringIO())
    lines = printed.splitlines()
    assert lines[0].startswith("| shape | size | first text | parse and check |")
    assert [line.split(" | ")[0] for line in lines[2:]] == ["| list items", "| '[' runs"]


def test_the_notes_search_benchmark_runs_and_prints_its_table() -> None:
    result = measure_search(count=2000, briefs=50, rounds=1, saves=20, log=io.StringIO())
    assert result["notes"] == 2000
    assert result["found"]["brief:brief-0042"] == 40  # one note in 50 on each brief
    assert result["found"][""] == 2000 + 20  # the saves timed are in the store too
    assert all(len(times) == 1 for times in result["page"].values())
    assert result["migrate"]
    assert result["check_index"]
    assert len(result["save_plain"]) == 20
    printed = search_table(result)
    assert "| 2,000 notes, 50 briefs |" in printed
    assert "first page of the slowest query" in printed


def test_the_browser_opening_is_timed_until_its_first_page_shows(tmp_path: Path) -> None:
    store = tmp_path / "notes.sqlite3"
    with Store(store) as opened:
        opened.save(Annotation("id:b", Anchor("s", "quoted", 0, 6), note="a note"))
    times = browser_open(store, rounds=2)
    assert times is not None
    assert len(times) == 2
    assert all(0 < took < 30 for took in times)
