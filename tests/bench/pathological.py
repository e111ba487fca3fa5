"""Pathological briefs: each block and inline construct repeated, nested or left open, at any size.

`SHAPES` maps a name to a generator of a brief of about `size` bytes. `measure` parses
and checks one (what `briefing check` does) and returns the seconds it took;
`first_text` times what the reader needs before its first frame. Both count the
processor time of this process, not the wall clock: on a shared machine the wall
clock mostly measures the others. `python -m
tests.bench.pathological [--sizes 1MB,4MB] [--shapes a,b]` prints a table of time and
peak memory per shape and size, each run in a fresh process (see `table`), and is
what `python -m tests.bench.run --pathological` runs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
HEAD = "---\nid: pathological\ntitle: Pathological\n---\n\n# Pathological\n\nThe lead.[^c]\n\n"
CLAIM = "[^c]: A claim.\n    - claimant: someone\n    - reported by: a report\n    - status: reported\n"
SECTION = "## Body\n\n"

Generator = Callable[[int], str]


def _repeat(unit: str, size: int) -> str:
    """`unit` repeated to about `size` characters."""
    return unit * max(1, size // len(unit))


def _body(body: str) -> str:
    """A valid brief with one section holding `body`."""
    return HEAD + SECTION + body + "\n\n" + CLAIM


def _lines(unit: str, width: int, size: int) -> str:
    """`unit` repeated to about `size` characters, in lines of about `width` (one paragraph)."""
    line = _repeat(unit, width)
    return _repeat(line + "\n", size)


def _open_run(unit: str) -> Generator:
    """One paragraph of lines of `unit` repeated (emphasis, brackets, backticks left open)."""
    return lambda size: _body(_lines(unit, 80, size))


def _one_line(unit: str) -> Generator:
    """One line of `unit` repeated: nothing on it closes before its end."""
    return lambda size: _body(_repeat(unit, size))


def _blocks(unit: str) -> Generator:
    """`unit` (a whole block or line, with its newlines) repeated in one section."""
    return lambda size: _body(_repeat(unit, size))


def _sections(size: int) -> str:
    return HEAD + "".join(f"## H{n}\n\nText.\n\n" for n in range(max(1, size // 16))) + CLAIM


def _setext_sections(size: int) -> str:
    return HEAD + "".join(f"H{n}\n--\n\nText.\n\n" for n in range(max(1, size // 16))) + CLAIM


def _claims(size: int) -> str:
    count = max(1, size // 110)
    cites = "".join(f"Said.[^c{n}] " for n in range(count))
    definitions = "".join(
        f"[^c{n}]: Claim {n}.\n    - claimant: someone\n    - reported by: a report\n    - status: reported\n"
        for n in range(count)
    )
    return HEAD + SECTION + cites + "\n\n" + CLAIM + definitions


def _citations(size: int) -> str:
    return _body(_repeat("word[^c] ", size))


def _nested_lists(size: int) -> str:
    """Lists nested up to 12 deep and back, again and again."""
    saw = list(range(12)) + list(range(12, 0, -1))
    return _body(_repeat("".join("  " * depth + "- item\n" for depth in saw), size))


def _wide_table(size: int) -> str:
    columns = max(1, size // 12)
    return _body(
        "|" + "|".join(f"c{n}" for n in range(columns)) + "|\n" + "|---" * columns + "|\n" + "| x " * columns + "|\n"
    )


def _front_matter(size: int) -> str:
    keys = "".join(f"key{n}: value {n}\n" for n in range(max(1, size // 18)))
    return "---\nid: pathological\ntitle: Pathological\n" + keys + "---\n\n# P\n\nThe lead.[^c]\n\n" + CLAIM


def _link_definitions(size: int) -> str:
    count = max(1, size // 32)
    return _body("".join(f"[l{n}]: https://example.org/{n}\n" for n in range(count)) + "\nSee [l0] and [l1].")


def _footnote_definitions(size: int) -> str:
    """Claim definitions without fields or citations: every one a problem to report."""
    return _body("Text.") + "".join(f"[^f{n}]: Statement {n}.\n\n" for n in range(max(1, size // 24)))


SHAPES: dict[str, Generator] = {
    "sentence punctuation runs": lambda size: _body("Word" + _repeat(".!?…", size) + "x"),
    "punctuation without spaces": _one_line("a.b"),
    "list items": _blocks("- x\n"),
    "ordered list items": _blocks("1. x\n"),
    "nested lists": _nested_lists,
    "lists nested deep": lambda size: _body("".join("  " * n + "- i\n" for n in range(int((size / 2) ** 0.5)))),
    "table rows": lambda size: _body("| a | b |\n|---|---|\n" + _repeat("| 1 | 2 |\n", size)),
    "wide table": _wide_table,
    "entities": _open_run("&amp; "),
    "entities left open": _open_run("&#"),
    "sections": _sections,
    "setext sections": _setext_sections,
    "headings": _blocks("### H\n"),
    "paragraphs": _blocks("Text.\n\n"),
    "claims": _claims,
    "citations": _citations,
    "'[^' runs": _one_line("x[^"),
    "'[' runs": _open_run("["),
    "'[a' runs": _open_run("[a "),
    "'](' runs": _open_run("]("),
    "'![' runs": _open_run("!["),
    "'*' runs": _one_line("*"),
    "'*a' left open": _open_run("*a "),
    "'_a' left open": _open_run("_a "),
    "'**a' left open": _open_run("**a "),
    "'~~a' left open": _open_run("~~a "),
    "emphasis nested": _one_line("*a **b "),
    "'`' runs": _one_line("`"),
    "backtick runs of every length": lambda size: _body(
        " ".join("`" * (n % 50 + 1) + "a" for n in range(max(1, size // 27)))
    ),
    "'<' runs": _open_run("<a "),
    "autolinks left open": _open_run("<http:"),
    "inline html": _open_run("<span>"),
    "links": _open_run("[a](b) "),
    "escapes": _open_run("\\*"),
    "html blocks": _blocks("<div>\nx\n</div>\n\n"),
    "html block left open": lambda size: _body("<div>\n" + _repeat("x\n", size)),
    "fences": _blocks("```\nx\n```\n"),
    "fence left open": lambda size: _body("```\n" + _repeat("x\n", size)),
    "blockquotes nested": _one_line(">"),
    "blockquote lines": _blocks("> > > x\n"),
    "long word": _one_line("x"),
    "long line": _one_line("word "),
    "hard breaks": _blocks("a  \n"),
    "front matter keys": _front_matter,
    "link definitions": _link_definitions,
    "footnote definitions": _footnote_definitions,
}


def check(text: str, name: str = "pathological.md") -> int:
    """Parse and check a brief, as `briefing check` does; the number of problems found."""
    from tui.core.brief.parse import parse_brief

    return len(parse_brief(text, name)[1])


def measure(shape: str, size: int) -> float:
    """Seconds to parse and check a brief of `shape` at `size` bytes (the generation not counted)."""
    text = SHAPES[shape](size)
    started = time.process_time()
    check(text, f"{shape}.md")
    return time.process_time() - started


def first_text(shape: str, size: int) -> float:
    """Seconds until the reader has what its first frame shows: the outline and the first sections
    (of a long section not parsed yet, its first part: see `BriefLoader.preview`)."""
    from tui.core.brief.loader import BriefLoader

    text = SHAPES[shape](size)
    started = time.process_time()
    BriefLoader(text, f"{shape}.md").first_sections(3, preview=True)
    return time.process_time() - started


def _child(shape: str, size: int, whole: bool = True) -> dict[str, Any]:
    """One measurement in this (fresh) process: first text, then the whole parse (0 if not `whole`), and peak memory."""
    text = SHAPES[shape](size)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    first = first_text(shape, size)
    whole_s = measure(shape, size) if whole else 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"bytes": len(text.encode()), "first_s": first, "whole_s": whole_s, "peak_mb": (peak - baseline) / 1024}


def run_child(shape: str, size: int, timeout: float, whole: bool = True) -> dict[str, Any]:
    """`_child` in a fresh process, so that memory is this brief's alone; `timeout` seconds at most."""
    command = [sys.executable, "-m", "tests.bench.pathological", "--child", shape, str(size)]
    command += [] if whole else ["--first-only"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=REPO, env=env)
    except subprocess.TimeoutExpired:
        return {"bytes": len(SHAPES[shape](size).encode()), "timeout": timeout}
    if done.returncode != 0:
        raise RuntimeError(f"{shape} at {size} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def table(
    sizes: list[int], shapes: list[str] | None = None, timeout: float = 180.0, log: Any = sys.stderr, whole: bool = True
) -> str:
    """A markdown table: per shape and size, first text, parse and check (unless not `whole`), and peak memory."""
    head = "| shape | size | first text | parse and check | s per MB | peak MB over start |"
    lines = [head, "|---|---|---|---|---|---|"]
    for shape in shapes or list(SHAPES):
        for size in sizes:
            print(f"  {shape} at {size:,} bytes", file=log, flush=True)
            row = run_child(shape, size, timeout, whole)
            megabytes = row["bytes"] / 1_048_576
            if "timeout" in row:
                cells = [f"over {row['timeout']:.0f} s", f"over {row['timeout']:.0f} s", "", ""]
            else:
                cells = [
                    f"{row['first_s']:.2f} s",
                    f"{row['whole_s']:.2f} s",
                    f"{row['whole_s'] / megabytes:.2f}",
                    f"{row['peak_mb']:.0f}",
                ]
            lines.append(f"| {shape} | {row['bytes'] / 1024:,.0f} KB | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from tests.bench.generate import parse_size

    parser = argparse.ArgumentParser(prog="python -m tests.bench.pathological", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1MB,4MB", help="comma-separated sizes: 100KB, 1MB...")
    parser.add_argument("--shapes", help="comma-separated shape names (default: all)")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds allowed for one shape at one size")
    parser.add_argument("--first-only", action="store_true", help="time the first text only, not the whole parse")
    parser.add_argument("--child", nargs=2, metavar=("SHAPE", "SIZE"), help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child:
        print(json.dumps(_child(options.child[0], int(options.child[1]), not options.first_only)))
        return 0
    sizes = [parse_size(size) for size in options.sizes.split(",")]
    shapes = options.shapes.split(",") if options.shapes else None
    print(table(sizes, shapes, options.timeout, whole=not options.first_only))
    return 0


if __name__ == "__main__":
    sys.exit(main())
