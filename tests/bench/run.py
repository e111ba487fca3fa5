"""The benchmark suite: time to first frame, to fully loaded, key latency and memory, beside the floor;
then the notes: saving, loading and anchoring, exporting; then the fingerprints of changes since last read;
then searching every note of a store of 100,000 (`tests/bench/notes_search.py`).

    python -m tests.bench.run [--sizes bundled,100KB,1MB,5MB] [--rounds 5] [--markdown 100KB] [--no-notes]
    python -m tests.bench.run --pathological [--pathological-sizes 1MB,4MB]

Each round runs every app once per brief, one after the other, each in a fresh
process in a pseudo-terminal at 160x50: ours (`briefing BRIEF`), the floor (a
minimal Textual app with one scrolling Static) and, for briefs up to --markdown
in size, Textual's MarkdownViewer. The table gives medians over the rounds, and
ratios against the floor of the same rounds; then each target of issue 6, met or not.
The notes benchmarks (`tests/bench/notes.py`) run last, in this process.

With --pathological it prints instead the table of `tests/bench/pathological.py`: each
pathological shape of brief (a construct repeated, nested or left open), its first
text, its parse and check, and its peak memory, at each size, in a fresh process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.bench.changes import changes_table, measure_changes
from tests.bench.generate import generate, parse_size
from tests.bench.notes import measure_notes, notes_table
from tests.bench.notes_search import measure_search, search_table
from tests.bench.pathological import table as pathological_table
from tests.helpers.terminal import Terminal

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "briefs" / "north-korean-troops-in-russia.md"
COLUMNS, ROWS = 160, 50
RUN_TIMEOUT = 600.0
LATENCY_KEYS = ("j", "pagedown", "G", "n", "section")
# Not passed on: COLUMNS and LINES (a shell does not export them, and Textual starts slower
# with them set), and PYTHONDONTWRITEBYTECODE (an installed package has its bytecode).
UNSET = ("PYTHONDONTWRITEBYTECODE", "COLUMNS", "LINES")


def run_once(kind: str, brief: Path, out: Path, home: Path) -> dict[str, Any]:
    """Run one app on one brief in a pseudo-terminal and return what it measured."""
    out.unlink(missing_ok=True)
    env = {
        **{name: value for name, value in os.environ.items() if name not in UNSET},
        "TERM": "xterm-256color",  # the size comes from the pseudo-terminal, as in a real one
        "BENCH_KIND": kind,
        "BENCH_BRIEF": str(brief),
        "BENCH_OUT": str(out),
        "HOME": str(home),  # the app's settings and data go to a scratch folder
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "BRIEFING_DATA_DIR": str(home / "briefing"),
        "BENCH_T0": repr(time.time()),
    }
    terminal = Terminal([sys.executable, "-m", "tests.bench.child"], env=env, cwd=REPO, size=(COLUMNS, ROWS), keep=4000)
    returncode = terminal.close(timeout=RUN_TIMEOUT)
    if not out.exists():
        text = terminal.shown.decode("utf-8", "replace")
        raise RuntimeError(f"{kind} on {brief.name} measured nothing (exit {returncode}); it printed:\n{text}")
    result: dict[str, Any] = json.loads(out.read_text())
    return result


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[round(share * (len(ordered) - 1))] if ordered else float("nan")


def briefs_for(sizes: list[str], folder: Path) -> list[tuple[str, Path]]:
    briefs = []
    for size in sizes:
        if size == "bundled":
            briefs.append(("bundled", BUNDLED))
            continue
        path = folder / f"generated-{size}.md"
        path.write_text(generate(parse_size(size)), encoding="utf-8")
        briefs.append((size, path))
    return briefs


def measure(sizes: list[str], rounds: int, markdown_up_to: int, log: Any = sys.stderr) -> list[dict[str, Any]]:
    """Every (brief, app) pair `rounds` times, interleaved; one summary row per brief and app."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as scratch:
        folder = Path(scratch)
        for label, brief in briefs_for(sizes, folder):
            kinds = ["floor", "ours"]
            if brief.stat().st_size <= markdown_up_to:
                kinds.append("markdown")
            runs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in kinds}
            for number in range(rounds):
                for kind in kinds:
                    print(f"  {label}: {kind}, round {number + 1}/{rounds}", file=log, flush=True)
                    runs[kind].append(run_once(kind, brief, folder / "result.json", folder / "home"))
            floor_first = median([r["first_frame"] for r in runs["floor"]])
            floor_rss = median([r["peak_rss_mb"] for r in runs["floor"]])
            for kind in kinds:
                row = summarize(label, brief, kind, runs[kind], floor_first)
                row["rss_over_floor_mb"] = row["peak_rss_mb"] - floor_rss
                rows.append(row)
    return rows


def summarize(label: str, brief: Path, kind: str, runs: list[dict[str, Any]], floor_first: float) -> dict[str, Any]:
    first = median([r["first_frame"] for r in runs])
    loaded = median([r.get("loaded", r["first_frame"]) for r in runs])
    row: dict[str, Any] = {
        "brief": label,
        "bytes": brief.stat().st_size,
        "app": kind,
        "first_frame_s": first,
        "first_frame_ratio": first / floor_first,
        "loaded_s": loaded,
        "peak_rss_mb": median([r["peak_rss_mb"] for r in runs]),
        "gc_max_pause_ms": 1000 * max(r["gc_max_pause"] for r in runs),
    }
    names = {name for r in runs for name in r.get("keys", {})}
    for name in sorted(names):
        times = [t for r in runs for t in r.get("keys", {}).get(name, [])]
        row[f"key {name} ms"] = (1000 * median(times), 1000 * percentile(times, 0.9), 1000 * max(times))
    return row


def table(rows: list[dict[str, Any]]) -> str:
    """The results as a markdown table: one row per brief and app."""
    key_names = sorted({name for row in rows for name in row if name.startswith("key ")}, key=_key_order)
    head = ["brief", "app", "first frame", "vs floor", "loaded", "s per MB", "peak MB", "MB over floor per MB"]
    head += ["max GC ms"]
    head += [name.removeprefix("key ").removesuffix(" ms") + " ms (med/p90/max)" for name in key_names]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        megabytes = row["bytes"] / 1_048_576
        cells = [
            f"{row['brief']} ({row['bytes'] / 1024:,.0f} KB)",
            row["app"],
            f"{row['first_frame_s']:.3f} s",
            f"{row['first_frame_ratio']:.2f}x",
            f"{row['loaded_s']:.2f} s",
            f"{row['loaded_s'] / megabytes:.2f}" if megabytes >= 0.09 else "",
            f"{row['peak_rss_mb']:.0f}",
            f"{row['rss_over_floor_mb'] / megabytes:.1f}" if megabytes >= 0.09 and row["app"] != "floor" else "",
            f"{row['gc_max_pause_ms']:.0f}",
        ]
        for name in key_names:
            value = row.get(name)
            cells.append("/".join(f"{v:.1f}" for v in value) if value else "")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


# Issue 6's targets: first frame against the floor, by brief; fully loaded, in seconds.
FIRST_FRAME_TARGETS = {"bundled": 1.3, "1MB": 1.25, "5MB": 1.5}
LOADED_TARGETS = {"1MB": 2.0, "5MB": 10.0}
KEYS_LOADED_MS = (16.0, 33.0)  # median, 90th percentile, at 5 MB
KEYS_LOADING_MS = (50.0, 100.0)  # median, slowest
GC_MS = 100.0
MB_PER_MB = 25.0


def targets(rows: list[dict[str, Any]]) -> list[str]:
    """Each target of issue 6 that these rows can say something about, met or missed, with the numbers."""
    said = []

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    for row in (r for r in rows if r["app"] == "ours"):
        brief = row["brief"]
        if brief in FIRST_FRAME_TARGETS:
            limit = FIRST_FRAME_TARGETS[brief]
            ratio = row["first_frame_ratio"]
            said.append(f"first frame, {brief}: {ratio:.2f}x the floor (target {limit}x): {verdict(ratio <= limit)}")
        if brief in LOADED_TARGETS:
            limit = LOADED_TARGETS[brief]
            loaded = row["loaded_s"]
            said.append(f"fully loaded, {brief}: {loaded:.2f} s (target {limit:g} s): {verdict(loaded <= limit)}")
        megabytes = row["bytes"] / 1_048_576
        if megabytes >= 0.9:
            over = row["rss_over_floor_mb"]
            allowed = MB_PER_MB * megabytes
            said.append(f"memory, {brief}: floor + {over:.0f} MB (target + {allowed:.0f}): {verdict(over <= allowed)}")
        pause = row["gc_max_pause_ms"]
        said.append(f"GC, {brief}: longest pause {pause:.0f} ms (target {GC_MS:g}): {verdict(pause <= GC_MS)}")
        for name in sorted(n for n in row if n.startswith("key ")):
            median_ms, p90_ms, max_ms = row[name]
            key = name.removeprefix("key ").removesuffix(" ms")
            if "(loading)" in key:
                ok = median_ms <= KEYS_LOADING_MS[0] and max_ms <= KEYS_LOADING_MS[1]
                numbers = f"{median_ms:.0f} ms median, slowest {max_ms:.0f}"
                said.append(f"{key}, {brief}: {numbers} (target {KEYS_LOADING_MS[0]:g}, at most 100): {verdict(ok)}")
            elif brief == "5MB":
                ok = median_ms <= KEYS_LOADED_MS[0] and p90_ms <= KEYS_LOADED_MS[1]
                numbers = f"{median_ms:.0f} ms median, {p90_ms:.0f} at p90"
                said.append(f"{key} loaded, {brief}: {numbers} (target 16 / 33): {verdict(ok)}")
    return said


def _key_order(name: str) -> tuple[int, str]:
    base = name.removeprefix("key ").split(" ")[0]
    return (LATENCY_KEYS.index(base) if base in LATENCY_KEYS else len(LATENCY_KEYS), name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="bundled,100KB,1MB,5MB", help="comma-separated: bundled, 100KB, 1MB...")
    parser.add_argument("--rounds", type=int, default=5, help="runs of each app per brief (medians are taken)")
    parser.add_argument(
        "--markdown", default="100KB", help="also run Textual's MarkdownViewer on briefs up to this size (0: never)"
    )
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    parser.add_argument("--no-notes", action="store_true", help="skip the notes and changes benchmarks")
    parser.add_argument("--pathological", action="store_true", help="only the table of pathological briefs")
    parser.add_argument("--pathological-sizes", default="1MB,4MB", help="their sizes, comma-separated")
    options = parser.parse_args(argv)
    started = time.monotonic()
    if options.pathological:
        sizes = [parse_size(size) for size in options.pathological_sizes.split(",")]
        print(pathological_table(sizes))
        print(f"\nProcessor time of each run (not the wall clock); took {time.monotonic() - started:.0f} s.")
        return 0
    rows = measure(options.sizes.split(","), options.rounds, parse_size(options.markdown))
    print(table(rows))
    print(f"\n{options.rounds} rounds, {COLUMNS}x{ROWS}, medians; took {time.monotonic() - started:.0f} s.\n")
    print("\n".join(f"- {line}" for line in targets(rows)))
    notes: dict[str, Any] = {}
    if not options.no_notes:
        print("\nNotes (100,000 stored; a generated 1 MB brief with 10,000 of them):\n", file=sys.stderr)
        notes = measure_notes(rounds=options.rounds)
        print()
        print(notes_table(notes))
        print("\nChanges since last read (generated briefs, in this process):\n")
        print(changes_table(measure_changes(["1MB", "5MB"], options.rounds)))
        print("\nSearching every note (issue 18: 100,000 notes of the report's words, 1,000 briefs):\n")
        print(search_table(measure_search(rounds=options.rounds)))
    if options.json:
        options.json.write_text(json.dumps({"apps": rows, "notes": notes}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
