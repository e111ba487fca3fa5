"""Time to the first text, and to fully loaded, for briefs of many claims or many citations in one paragraph.

    python -m tests.bench.display_shapes [claims:5000 claims:20000 cites:30000 ...]

Each brief runs in a headless app (Textual's `run_test`, 180x50) in this process; the
figures are seconds from creating the app. Issue 12 measured, before the display was
made linear: 5k, 10k, 20k claims after 3.1, 12.8, 54.8 s, 100k never; 30,000 citations
in one paragraph 51 s.
"""

from __future__ import annotations

import asyncio
import sys
import time

DEFAULT = ("claims:5000", "claims:10000", "claims:20000", "cites:10000", "cites:30000")
FRONT = "---\nid: shape\ntitle: Shape\n---\n\n"


def many_claims(count: int) -> str:
    """`count` claims, each cited once, ten citations to a paragraph, all in one section."""
    parts = [FRONT + "# Many claims\n\nIntro.\n\n## Section one {#s1}\n"]
    for first in range(1, count + 1, 10):
        last = min(count, first + 9)
        parts.append(" ".join(f"Sentence number {n} says a thing.[^c{n}]" for n in range(first, last + 1)) + "\n")
    parts += [
        f"[^c{n}]: Claim {n} statement.\n    - claimant: someone {n}\n    - status: reported\n    - grade: B2\n"
        for n in range(1, count + 1)
    ]
    return "\n".join(parts)


def many_citations(count: int, claims: int = 50) -> str:
    """One paragraph of `count` words, each cited (of `claims` claims)."""
    cites = " ".join(f"word{n}[^c{n % claims}]" for n in range(count))
    defs = "\n\n".join(f"[^c{n}]: Claim {n}.\n    - claimant: someone\n    - status: reported" for n in range(claims))
    return f"{FRONT}# Citations\n\n## Paragraph {{#p}}\n\n{cites}\n\n{defs}\n"


async def first_text(text: str, limit: float = 600.0) -> tuple[float | None, float | None]:
    """Seconds to the first laid-out text of the first column, and to the whole brief loaded."""
    from tui.app import BriefingApp
    from tui.core.brief.loader import BriefLoader
    from tui.screens.reader import ReaderScreen
    from tui.widgets.section_view import SectionView

    start = time.perf_counter()
    app = BriefingApp(BriefLoader(text, "shape.md"))
    shown = loaded = None
    async with app.run_test(size=(180, 50)) as pilot:
        while time.perf_counter() - start < limit:
            await asyncio.sleep(0.01)
            screen = app.screen
            if not isinstance(screen, ReaderScreen):
                continue
            if shown is None and any(view.lines for view in screen.query(SectionView)):
                shown = time.perf_counter() - start
            if screen.brief is not None:
                await pilot.pause()
                loaded = time.perf_counter() - start
                break
    return shown, loaded


def measure(shapes: list[str]) -> list[tuple[str, float | None, float | None]]:
    """(shape, first text s, loaded s) for shapes like 'claims:20000' or 'cites:30000'."""
    rows = []
    for shape in shapes:
        kind, _, size = shape.partition(":")
        text = many_claims(int(size)) if kind == "claims" else many_citations(int(size))
        rows.append((shape, *asyncio.run(first_text(text))))
    return rows


def table(rows: list[tuple[str, float | None, float | None]]) -> str:
    lines = ["| shape | first text (s) | loaded (s) |", "|---|---:|---:|"]
    for shape, shown, loaded in rows:
        figures = ("never" if value is None else f"{value:.2f}" for value in (shown, loaded))
        lines.append(f"| {shape} | {' | '.join(figures)} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(measure(sys.argv[1:] or list(DEFAULT))))
