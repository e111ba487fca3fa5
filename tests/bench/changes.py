"""The changes-since-last-read benchmark: a brief's fingerprint, its size, and the comparison, beside the parse.

    python -m tests.bench.changes [--sizes 1MB,5MB] [--rounds 5]

Run by `tests.bench.run` too, after the notes. For each generated brief: its parse
(the reference a reader already pays when it opens the brief), its fingerprint made
and encoded, decoded, compared with the brief unchanged and with 1% of its
paragraphs edited, its size per sentence (issue 17: about 64 bytes), and the peak
memory the fingerprint and the comparison add (tracemalloc). Medians over the rounds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from tests.bench.generate import generate, parse_size
from tui.core.brief.parse import parse_brief
from tui.core.changes.compare import compare
from tui.core.changes.fingerprint import decode, encode, fingerprint_of

BYTES_PER_SENTENCE = 64  # the target of issue 17


def timed(run: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def edited(text: str, share: float) -> str:
    """The brief with one paragraph in `1 / share` given a new word."""
    paragraphs = text.split("\n\n")
    step = max(1, round(1 / share))
    for index in range(1, len(paragraphs), step):
        if not paragraphs[index].startswith(("#", "[^", "---")):
            paragraphs[index] = "Zanzibar " + paragraphs[index]
    return "\n\n".join(paragraphs)


def measure_changes(sizes: list[str], rounds: int) -> list[dict[str, Any]]:
    return [measure_one(size, rounds) for size in sizes]


def measure_one(size: str, rounds: int) -> dict[str, Any]:
    """One generated brief's row: times, size, peak memory."""
    text = generate(parse_size(size))
    brief, _ = parse_brief(text, "bench.md")
    changed, _ = parse_brief(edited(text, 0.01), "bench.md")
    printed = fingerprint_of(brief)
    data = encode(printed)
    tracemalloc.start()
    compare(decode(encode(fingerprint_of(brief))), changed)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "size": size,
        "sentences": printed.sentence_count,
        "parse": timed(lambda: parse_brief(text, "bench.md"), max(1, rounds // 2)),
        "fingerprint": timed(lambda: encode(fingerprint_of(brief)), rounds),
        "decode": timed(lambda: decode(data), rounds),
        "compare_same": timed(lambda: compare(printed, brief), rounds),
        "compare_edited": timed(lambda: compare(printed, changed), rounds),
        "bytes": len(data),
        "peak_mb": peak / 1e6,
        "paragraphs_changed": len(compare(printed, changed).paragraphs),
    }


def changes_table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| brief | sentences | parse | fingerprint (made, encoded) | decoded | compared: same | compared: 1% edited "
        "| stored | per sentence | peak memory |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        per = row["bytes"] / max(1, row["sentences"])
        lines.append(
            f"| {row['size']} | {row['sentences']:,} | {row['parse']:.2f} s | {row['fingerprint'] * 1000:.0f} ms "
            f"({row['fingerprint'] / row['parse']:.2f}x the parse) | {row['decode'] * 1000:.0f} ms "
            f"| {row['compare_same'] * 1000:.0f} ms | {row['compare_edited'] * 1000:.0f} ms "
            f"({row['paragraphs_changed']:,} paragraphs) | {row['bytes'] / 1e3:,.0f} KB | {per:.1f} B "
            f"({'met' if per <= BYTES_PER_SENTENCE else 'MISSED'}: {BYTES_PER_SENTENCE}) | {row['peak_mb']:.0f} MB |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.changes", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1MB,5MB", help="comma-separated sizes of generated briefs")
    parser.add_argument("--rounds", type=int, default=5, help="runs of each step (medians are taken)")
    options = parser.parse_args(argv)
    print(changes_table(measure_changes(options.sizes.split(","), options.rounds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
