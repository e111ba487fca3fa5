"""The display keeps up with size: laying out, drawing and the claim list grow no faster than what they show.

No absolute times: each test times the same work at two sizes (best of a few rounds) and
checks the ratio, with generous guards. Sections are built from the model directly, so
that what is timed is the display and never the parser.
"""

from __future__ import annotations

import gc
import re
import time
from collections.abc import Callable
from functools import partial

from hypothesis import given
from hypothesis import strategies as st
from textual.app import App, ComposeResult

from tui.core.brief.model import Block, BlockKind, Brief, Claim, ClaimStatus, Section, Sentence, Span, SpanStyle
from tui.core.display.overlap import SpanIndex
from tui.core.display.wrap import cell_width, wrap_section
from tui.widgets.claim_list import STRIP_CACHE, ClaimList
from tui.widgets.claim_sidebar import ClaimSidebar, claim_prompt
from tui.widgets.section_view import SectionView

from .bench.display_shapes import measure, table

# At 4x the size, under 12x the time: linear work takes about 4x (up to 9 seen on a busy machine),
# quadratic 16x.
LINEAR = 12
FLAT = 4  # at 16x the size, under 4x the time: work that should not depend on the size at all


def best_time(run: Callable[[], object], budget: float = 0.5) -> float:
    """The shortest of several runs: at least three, more while they fit in `budget` seconds (a busy
    machine makes single runs of a few milliseconds noisy), fewer once a run takes long. CPU time, not
    wall time: the other tests running in parallel take turns on the cores."""
    best, spent, rounds = float("inf"), 0.0, 0
    gc.collect()
    gc.disable()  # as timeit does: a collection falling in one run and not in another is noise
    try:
        while rounds < 3 or (spent < budget and rounds < 50):
            start = time.process_time()
            run()
            took = time.process_time() - start
            best, spent, rounds = min(best, took), spent + took, rounds + 1
            if took > 1.0:
                break
    finally:
        gc.enable()
    return best


def section(paragraphs: list[str], spans: list[list[Span]] | None = None, sentence_words: int = 10) -> Section:
    """A section of these paragraphs, each cut into sentences of `sentence_words` words."""
    blocks, sentences, start = [], [], 0
    for number, text in enumerate(paragraphs):
        words = [match.span() for match in re.finditer(r"\S+", text)]
        own = []
        for first in range(0, len(words), sentence_words):
            last = min(len(words), first + sentence_words) - 1
            end = words[last + 1][0] if last + 1 < len(words) else len(text)
            own.append(Sentence(len(sentences) + len(own), start + words[first][0], start + end, number))
        sentences += own
        block_spans = tuple(spans[number]) if spans else ()
        blocks.append(Block(BlockKind.PARAGRAPH, text, start, number + 1, spans=block_spans, sentences=tuple(own)))
        start += len(text) + 1
    return Section("s", "S", 1, "\n".join(paragraphs), tuple(blocks))


def words(count: int, offset: int = 0) -> str:
    return " ".join(f"word{offset + n}" for n in range(count))


def cited(text: str, base: int = 0) -> dict[int, int]:
    """A two-cell citation marker after every word of `text` (placed at `base` in its section)."""
    return {base + match.end(): 2 for match in re.finditer(r"\S+", text)}


# Wrapping


def test_wrapping_a_paragraph_of_citations_grows_linearly() -> None:
    # Issue 12, point 11: 30,000 citations in one paragraph took 51 s to show; every word summed every marker.
    def run(count: int) -> Callable[[], object]:
        text = words(count)
        shown, markers = section([text]), cited(text)
        return lambda: wrap_section(shown, 60, markers)

    small, large = best_time(run(4_000)), best_time(run(16_000))
    assert large < LINEAR * small, (small, large)


def test_wrapping_many_cited_paragraphs_grows_linearly() -> None:
    # Issue 12, point 12: with many claims, each paragraph looked at every marker of the section.
    def run(count: int) -> Callable[[], object]:
        paragraphs = [words(10, 10 * n) for n in range(count)]
        shown = section(paragraphs)
        markers = {at: cells for block in shown.blocks for at, cells in cited(block.text, block.start).items()}
        return lambda: wrap_section(shown, 60, markers)

    small, large = best_time(run(400)), best_time(run(1_600))
    assert large < LINEAR * small, (small, large)


def test_cutting_a_long_word_or_code_line_grows_linearly() -> None:
    # Each piece cut off a long word measured the whole rest of it again.
    def run(length: int, kind: BlockKind) -> Callable[[], object]:
        text = "x" * length
        shown = Section("s", "S", 1, text, (Block(kind, text, 0, 1),))
        return lambda: wrap_section(shown, 60)

    for kind in (BlockKind.PARAGRAPH, BlockKind.CODE):
        # (Each copy of the rest is fast, so the square only shows from about a megabyte.)
        small, large = best_time(run(800_000, kind)), best_time(run(3_200_000, kind))
        assert large < LINEAR * small, (kind, small, large)


def definition(text: str, width: int, markers: dict[int, int]) -> list[tuple[int, int]]:
    """Greedy word wrap as first written: every marker looked at for every word, a long word cut by cells.

    A word's markers count where they are drawn, in the pieces of a long word too, so that a
    group of markers is never cut off at the edge (issue 14, point 1).
    """

    def drawn(start: int, end: int) -> int:
        return cell_width(text[start:end]) + sum(cells for at, cells in markers.items() if start < at <= end)

    lines: list[tuple[int, int]] = []
    line: tuple[int, int] | None = None
    used = 0
    for match in re.finditer(r"\S+", text):
        start, end = match.span()
        size = drawn(start, end)
        if line is not None and used + 1 + size <= width:
            line, used = (line[0], end), used + 1 + size
            continue
        if line is not None:
            lines.append(line)
        marked = size != cell_width(text[start:end])
        while size > width:
            fit = 0
            while start + fit < end and drawn(start, start + fit + 1) <= width:
                fit += 1
            lines.append((start, start + max(1, fit)))
            start += max(1, fit)
            size = drawn(start, end)
        if marked and start == end:
            line = None
            continue
        line, used = (start, end), size
    if line is not None:
        lines.append(line)
    return lines or [(0, 0)]


@given(
    st.text(alphabet="ab 漢é\u0301x", max_size=120),
    st.integers(min_value=1, max_value=30),
    st.dictionaries(st.integers(min_value=0, max_value=120), st.integers(min_value=1, max_value=4), max_size=15),
)
def test_fast_wrapping_lays_out_as_the_definition_does(text: str, width: int, markers: dict[int, int]) -> None:
    text = text.strip() or "x"
    found = wrap_section(section([text]), width, markers)
    assert [(line.start, line.end) for line in found] == definition(text, width, markers)


# Finding the spans under a line


@st.composite
def nested_spans(draw: st.DrawFn) -> list[Span]:
    """Spans that nest or stand apart, as inline markdown makes them."""
    spans: list[Span] = []

    def fill(start: int, end: int, depth: int) -> None:
        at = start
        while at < end and depth < 4 and draw(st.booleans()):
            first = draw(st.integers(min_value=at, max_value=end))
            last = draw(st.integers(min_value=first, max_value=end))
            spans.append(Span(first, last, SpanStyle.EMPHASIS))
            fill(first, last, depth + 1)
            at = last + 1

    fill(0, 60, 0)
    return spans


crossing_spans = st.lists(
    st.tuples(st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=30)).map(
        lambda pair: Span(pair[0], pair[0] + pair[1], SpanStyle.STRONG)
    ),
    max_size=12,
)


@given(st.one_of(nested_spans(), crossing_spans), st.integers(min_value=0, max_value=62), st.integers(0, 20))
def test_the_spans_under_a_line_are_those_that_overlap_it(spans: list[Span], start: int, length: int) -> None:
    end = start + length
    ordered = sorted(spans, key=lambda span: (span.start, -span.end))
    assert SpanIndex(spans).over(start, end) == [s for s in ordered if s.start < end and s.end > start]


def test_finding_the_spans_under_a_line_does_not_grow_with_the_block() -> None:
    def run(count: int) -> Callable[[], object]:
        # A strong span over a whole paragraph of emphasised words: the worst for a naive search.
        spans = [Span(0, 10 * count, SpanStyle.STRONG)] + [
            Span(10 * n, 10 * n + 5, SpanStyle.EMPHASIS) for n in range(count)
        ]
        index = SpanIndex(spans)
        return lambda: [index.over(at, at + 60) for at in range(0, 10 * count, 10 * count // 200)]

    small, large = best_time(run(2_000)), best_time(run(32_000))
    assert large < FLAT * small, (small, large)


# The section view and the claim list, in an app


class Host(App[None]):
    """Just the widget under test."""

    def __init__(self, widget: SectionView | ClaimList | ClaimSidebar) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


async def test_keys_and_drawing_in_a_large_section_do_not_grow_with_it() -> None:
    view = SectionView(section([words(10)]), {})
    async with Host(view).run_test(size=(100, 40)):

        def run(count: int) -> tuple[Callable[[], object], Callable[[], object]]:
            shown = section([words(20, 20 * n) for n in range(count)])
            view.show(shown, {})
            view.mark(frozenset(range(len(shown.sentences))))  # a claim cited by every sentence
            view.move_to(len(shown.sentences) // 2)

            def keys() -> None:
                for _ in range(25):
                    view.action_paragraph(1)
                    view.action_paragraph(-1)
                    view.action_page(1)
                    view.action_page(-1)

            return keys, lambda: [view.render_line(y) for y in range(40)]

        small_keys, small_lines = run(1_000)
        small = best_time(small_keys), best_time(small_lines)
        large_keys, large_lines = run(16_000)
        large = best_time(large_keys), best_time(large_lines)
    assert large[0] < FLAT * small[0], ("keys", small, large)
    assert large[1] < FLAT * small[1], ("lines", small, large)


async def test_drawing_a_paragraph_of_many_spans_does_not_grow_with_them() -> None:
    view = SectionView(section([words(10)]), {})
    async with Host(view).run_test(size=(100, 40)) as pilot:

        def run(count: int) -> Callable[[], object]:
            text = words(count)
            emphasised = [Span(match.start(), match.end(), SpanStyle.EMPHASIS) for match in re.finditer(r"\S+", text)]
            view.show(section([text], [[Span(0, len(text), SpanStyle.STRONG), *emphasised]]), {})
            view.scroll_to(y=len(view.lines) // 2, animate=False, immediate=True)
            return lambda: [view.render_line(y) for y in range(40)]

        await pilot.pause()
        small, large = best_time(run(1_000)), best_time(run(16_000))
    assert large < FLAT * small, (small, large)


def claims(count: int) -> Brief:
    statuses = list(ClaimStatus)
    made = tuple(
        Claim(f"c{n}", f"Claim {n} [x].", n, claimant=f"source {n}", status=statuses[n % len(statuses)])
        for n in range(count)
    )
    return Brief(path="many.md", title="Many", is_brief=True, claims=made)


async def test_the_claim_list_is_drawn_on_demand_and_keeps_a_bounded_number_of_rows() -> None:
    listed = ClaimList(claim_prompt)
    async with Host(listed).run_test(size=(60, 30)) as pilot:
        listed.show([(n, claim) for n, claim in enumerate(claims(5_000).claims, 1)])
        await pilot.pause()  # laid out: it can scroll
        height = listed.scrollable_content_region.height
        drawn = set()
        for top in range(0, listed.count, height):
            listed.scroll_to(y=top, animate=False, immediate=True)
            for y in range(height):
                listed.render_line(y)
                drawn.add(listed.scroll_offset.y + y)
        assert len(drawn) >= 5_000 > STRIP_CACHE  # every row drawn once
        assert len(listed._strips) <= STRIP_CACHE


async def test_the_sidebar_fills_with_many_claims_in_linear_time() -> None:
    sidebar = ClaimSidebar(None)
    async with Host(sidebar).run_test(size=(60, 30)) as pilot:
        times = []
        for count in (5_000, 20_000):
            # Filled, then filtered by a status (each filter lists an eighth of the claims).
            times.append(best_time(partial(sidebar.load, claims(count))) + best_time(sidebar.action_filter))
            await pilot.pause()
        assert sidebar.claim_list.count > 0
    small, large = times
    assert large < LINEAR * small, (small, large)


def test_the_display_benchmark_runs_and_prints_its_table() -> None:
    rows = measure(["claims:30", "cites:50"])
    assert all(shown is not None and loaded is not None and shown <= loaded for _, shown, loaded in rows)
    assert "| claims:30 |" in table(rows)
