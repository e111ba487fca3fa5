"""The notes benchmarks: saving with 100,000 notes stored, a brief's 10,000 notes loaded and anchored,
exported, and imported back.

    python -m tests.bench.notes [--stored 100000] [--brief-notes 10000] [--rounds 5]

Run by `tests.bench.run` too, after the app runs. The notes sit on a generated
1 MB brief (thousands of sentences), spread over its sentences, with short notes
and tags; the other briefs' notes only fill the store. Every time is a median (and
the 99th percentile for saves) over the rounds, measured in this process.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.bench.generate import generate, parse_size
from tui.core.brief.model import Brief
from tui.core.brief.parse import load_brief
from tui.core.export.compose import Format, gather_notes, render
from tui.core.export.web_annotation import read_web_annotations
from tui.core.notes.access import Notes
from tui.core.notes.anchoring import anchor_for
from tui.core.notes.annotation import COLOURS, Anchor, Annotation, brief_key
from tui.core.notes.store import Store

SAVES = 1000  # saves timed, one at a time, each its own transaction as in the app
TARGETS = {  # the targets of issue 6, in seconds
    "save_median": 0.001,
    "save_p99": 0.010,
    "load_and_anchor": 0.200,
    "export_markdown": 1.0,
}


def notes_on(brief: Brief, key: str, count: int, start: int = 0) -> list[Annotation]:
    """`count` notes spread over the brief's sentences, one per sentence and round again."""
    sentences = [(section, sentence) for section in brief.all_sections for sentence in section.sentences]
    made = []
    for number in range(start, start + count):
        section, sentence = sentences[number * 7 % len(sentences)]
        stamp = f"2026-01-01T00:00:00.{number:06d}+00:00"
        made.append(
            Annotation(
                key,
                anchor_for(section, sentence.start, sentence.end),
                colour=COLOURS[number % len(COLOURS)],
                note=f"Note {number}: compare with the *earlier* figures." if number % 3 else "",
                tags=("check",) if number % 5 == 0 else (),
                created=stamp,
                updated=stamp,
            )
        )
    return made


def filler(count: int) -> list[Annotation]:
    """Notes on other briefs: they are only there to make the store big."""
    anchor = Anchor("s", "a quoted sentence of ordinary length, for the filler notes.", 0, 58)
    return [
        Annotation(f"id:other-{number % 50}", anchor, note="filler", created="2026-01-01T00:00:00.000000+00:00")
        for number in range(count)
    ]


def timed(action: Callable[[], object], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def import_into(exported: str, folder: Path) -> None:
    """Read a JSON export and merge it into a new, empty store (as `briefing import` does)."""
    store_path = folder / "imported.sqlite3"
    for stale in folder.glob("imported.sqlite3*"):
        stale.unlink()
    with Store(store_path) as store:
        store.merge(read_web_annotations(exported))


def measure_notes(stored: int = 100_000, brief_notes: int = 10_000, rounds: int = 5) -> dict[str, Any]:
    """Every notes measurement, in seconds."""
    with tempfile.TemporaryDirectory(prefix="briefing-bench-notes-") as scratch:
        folder = Path(scratch)
        path = folder / "brief.md"
        path.write_text(generate(parse_size("1MB")), encoding="utf-8")
        brief, _ = load_brief(path)
        key = brief_key(brief.id, path)
        store_path = folder / "annotations.sqlite3"
        with Store(store_path) as store:
            store.merge(notes_on(brief, key, brief_notes))
            store.merge(filler(max(0, stored - brief_notes - SAVES)))
            extra = notes_on(brief, "id:saved-elsewhere", SAVES)
            saves = []
            for note in extra:
                started = time.perf_counter()
                store.save(note)
                saves.append(time.perf_counter() - started)
            total = store.count()
        notes = Notes(store_path)
        try:
            placed = notes.placed(key, brief.all_sections)  # opens the store, warms the page cache
            found = sum(1 for item in placed if item.found is not None)
            load = timed(lambda: notes.placed(key, brief.all_sections), rounds)
            read = timed(lambda: notes.store().annotations(key), rounds)
            exports = timed(lambda: render(gather_notes(brief, notes), Format.MARKDOWN), rounds)
            json_exports = timed(lambda: render(gather_notes(brief, notes), Format.JSON), rounds)
            exported = render(gather_notes(brief, notes), Format.JSON)
        finally:
            notes.close()
        imports = timed(lambda: import_into(exported, folder), rounds)
    ordered = sorted(saves)
    return {
        "stored": total,
        "brief_notes": len(placed),
        "found": found,
        "save_median": statistics.median(saves),
        "save_p99": ordered[round(0.99 * (len(ordered) - 1))],
        "save_max": ordered[-1],
        "read": statistics.median(read),
        "load_and_anchor": statistics.median(load),
        "export_markdown": statistics.median(exports),
        "export_json": statistics.median(json_exports),
        "import_json": statistics.median(imports),
    }


def notes_table(result: dict[str, Any]) -> str:
    """The notes results as a markdown table, each beside its target."""
    rows = [
        ("save one note (median)", "save_median"),
        ("save one note (99th percentile)", "save_p99"),
        ("save one note (slowest)", "save_max"),
        (f"read a brief's {result['brief_notes']:,} notes from the store", "read"),
        (f"read and anchor a brief's {result['brief_notes']:,} notes", "load_and_anchor"),
        (f"markdown export of {result['brief_notes']:,} notes", "export_markdown"),
        (f"JSON export of {result['brief_notes']:,} notes", "export_json"),
        (f"import of that JSON into an empty store ({result['brief_notes']:,} notes)", "import_json"),
    ]
    lines = [f"| with {result['stored']:,} notes stored | time | target | met |", "|---|---|---|---|"]
    for label, name in rows:
        target = TARGETS.get(name)
        met = "" if target is None else ("yes" if result[name] <= target else "NO")
        shown = f"{1000 * target:g} ms" if target is not None else ""
        lines.append(f"| {label} | {1000 * result[name]:.2f} ms | {shown} | {met} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.notes", description=__doc__.split("\n\n")[0])
    parser.add_argument("--stored", type=int, default=100_000, help="notes in the store")
    parser.add_argument("--brief-notes", type=int, default=10_000, help="notes on the brief loaded and exported")
    parser.add_argument("--rounds", type=int, default=5, help="runs of each timing (medians are taken)")
    options = parser.parse_args(argv)
    result = measure_notes(options.stored, options.brief_notes, options.rounds)
    print(notes_table(result))
    print(f"\n{result['found']:,} of {result['brief_notes']:,} notes found in the brief; medians of {options.rounds}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
