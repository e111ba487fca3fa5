"""A long brief's outline read a first part first, then a step at a time, comes out as the outline read whole.

The first frame of a 20 MB brief of sections, link definitions, fences or claims waited
4.5-9 s for its whole outline; now it waits for the first part's.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.bench.pathological import SHAPES
from tests.helpers.growth import seconds
from tui.core.brief import outline as outline_module
from tui.core.brief import scan as scan_module
from tui.core.brief.loader import BriefLoader
from tui.core.brief.outline import Outline, OutlineReader, read_outline
from tui.core.brief.parse import parse_brief

from .fuzz_grammars import FUZZ, brief_text

pytestmark = pytest.mark.unit

# The shapes whose outline was the first frame's cost: each a construct the outline pass finds.
OUTLINE_SHAPES = ["sections", "setext sections", "link definitions", "fences", "footnote definitions", "html blocks"]


def same_outline(made: Outline, whole: Outline) -> None:
    assert made.complete
    assert whole.complete
    assert made.headings == whole.headings
    assert made.layout == whole.layout
    assert made.problems == whole.problems
    assert (made.title, made.metadata, made.is_brief) == (whole.title, whole.metadata, whole.is_brief)
    assert {label: made.links.get(label) for label in made.links} == {
        label: whole.links.get(label) for label in whole.links
    }


def read_in_steps(text: str, first_part: int) -> OutlineReader:
    reader = OutlineReader(text, "steps.md", first_part=first_part)
    for _ in reader.steps():
        pass
    return reader


@pytest.fixture
def small_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    """Steps of a few lines and runs skipped a few characters at a time, so small texts take many."""
    monkeypatch.setattr(outline_module, "LINES_AT_ONCE", 3)
    monkeypatch.setattr(outline_module, "SECTIONS_AT_ONCE", 2)
    monkeypatch.setattr(scan_module, "RUN_CHARS", 20)


@settings(FUZZ, max_examples=150)
@given(brief_text(), st.integers(0, 400))
def test_an_outline_read_in_steps_is_the_outline_read_whole(text: str, first_part: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(outline_module, "LINES_AT_ONCE", 3)
        patch.setattr(outline_module, "SECTIONS_AT_ONCE", 2)
        patch.setattr(scan_module, "RUN_CHARS", 20)
        reader = read_in_steps(text, first_part)
    same_outline(reader.outline, read_outline(text, "steps.md"))


@pytest.mark.parametrize("shape", [*OUTLINE_SHAPES, "list items", "paragraphs", "front matter keys", "fence left open"])
def test_each_shape_read_in_steps_is_read_whole(shape: str, small_steps: None) -> None:
    text = SHAPES[shape](20_000)
    for first_part in (0, 500, 5_000):
        same_outline(read_in_steps(text, first_part).outline, read_outline(text, "steps.md"))


def test_the_first_part_is_a_prefix_of_the_whole(small_steps: None) -> None:
    text = SHAPES["sections"](40_000)
    reader = OutlineReader(text, "steps.md", first_part=2_000)
    first = reader.outline
    assert not first.complete
    assert 0 < len(first.headings) < 200
    for _ in reader.steps():
        pass
    whole = reader.outline
    # Every section the first part found but its last is the whole's (the last may go on).
    assert first.headings[:-1] == whole.headings[: len(first.headings) - 1]
    assert first.headings[-1].id == whole.headings[len(first.headings) - 1].id
    assert first.layout.claims == whole.layout.claims[: len(first.layout.claims)]


def test_a_step_reads_a_bounded_number_of_lines_even_in_one_long_run() -> None:
    """20 MB of one list was a single match over the whole run: one step of more than a second."""
    text = SHAPES["list items"](2_000_000)  # lines of 4 characters
    reader = OutlineReader(text, "steps.md", first_part=1_000)
    before = reader.scanner.index
    assert before * 4 < 1_000 + 2 * scan_module.RUN_CHARS
    next(reader.steps())
    assert (reader.scanner.index - before) * 4 < outline_module.LINES_AT_ONCE * 4 + 2 * scan_module.RUN_CHARS
    assert not reader.scanner.done


@pytest.mark.parametrize("shape", OUTLINE_SHAPES)
def test_the_loader_of_a_long_brief_makes_the_brief_a_whole_parse_makes(
    shape: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(outline_module, "PROGRESSIVE_ABOVE", 1_000)
    monkeypatch.setattr(outline_module, "FIRST_PART", 3_000)
    monkeypatch.setattr(outline_module, "LINES_AT_ONCE", 50)
    text = SHAPES[shape](60_000)
    loader = BriefLoader(text, "long.md")
    assert not loader.outline.complete
    shown = loader.first_sections(3, preview=True)
    assert shown
    assert all(section.partial for section in shown)
    brief, problems = loader.finish()
    assert loader.outline.complete
    whole, whole_problems = parse_brief(text, "long.md")
    assert brief == whole
    assert problems == whole_problems
    # Each first part shown finds its whole section (a reader swaps it in).
    for section in shown:
        found = loader.whole_of(section)
        assert found is not None
        assert found.id == section.id
        assert not found.partial


def test_a_lead_of_a_megabyte_is_shown_by_its_first_part() -> None:
    """A brief without sections and a lead of 1 MB of '![' parsed it whole before its first frame: 13 s."""
    text = "---\nid: lead\ntitle: Lead\n---\n\n" + ("![" * 40 + "\n") * 3_000
    loader = BriefLoader(text, "lead.md")
    assert loader.summary is not None
    assert loader.summary.partial
    assert len(loader.summary.text) < 40_000
    part = loader.summary
    brief, _ = loader.finish()
    assert loader.summary is brief.summary is loader.whole_of(part)
    assert brief.summary is not None
    assert not brief.summary.partial
    assert brief.summary.text.startswith(part.text[:1_000])


@pytest.mark.parametrize("shape", ["sections", "link definitions", "footnote definitions", "fences"])
def test_the_first_frame_costs_little_more_for_a_brief_eight_times_as_long(shape: str) -> None:
    """Above PROGRESSIVE_ABOVE, what the first frame needs grows little with the brief (the whole outline did)."""
    small, large = SHAPES[shape](1_500_000), SHAPES[shape](12_000_000)

    def first_frame(text: str) -> None:
        BriefLoader(text, f"{shape}.md").first_sections(3, preview=True)

    # What is left grows with the text (its lines split and pictured), a few milliseconds a megabyte: 3.2-4.0x
    # alone, 5.1-5.2x on a loaded machine (twice in CI). Reading the whole outline first, as before, is 8x and more.
    ratio = seconds(lambda: first_frame(large), rounds=5) / seconds(lambda: first_frame(small), rounds=5)
    assert ratio < 6.5, f"{shape}: first frame at 8x the size took {ratio:.1f}x as long"


def test_a_front_matter_of_many_lines_is_read_to_a_bound() -> None:
    text = SHAPES["front matter keys"](400_000)
    outline = read_outline(text, "keys.md")
    cut = [p for p in outline.problems if "front matter of" in p.message]
    assert len(cut) == 1
    assert "only its first 10,000 are read" in cut[0].message
    assert cut[0].line == 2 + outline_module.MAX_FRONT_MATTER
    assert sum("unknown front matter key" in p.message for p in outline.problems) <= outline_module.MAX_FRONT_MATTER


@settings(FUZZ, max_examples=100)
@given(brief_text())
def test_the_checks_made_a_batch_at_a_time_find_what_they_find_at_once(text: str) -> None:
    from tui.core.brief import parse as parse_module

    whole = parse_brief(text, "batches.md")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parse_module, "AT_ONCE", 2)
        assert parse_brief(text, "batches.md") == whole


def test_the_checks_across_a_long_brief_pause_between_batches() -> None:
    """Done at once, the checks across a brief of 877,000 claims held the reader 2-7 s after it loaded."""
    from tui.core.brief import parse as parse_module
    from tui.core.brief.outline import parse_section, parse_summary

    text = SHAPES["footnote definitions"](2_000_000)  # some 83,000 claims, none cited
    outline = read_outline(text, "long.md")
    sections = [parse_section(outline, index) for index in range(len(outline.headings))]
    steps = parse_module.assemble_steps(outline, parse_summary(outline), sections)
    pauses = 0
    while True:
        try:
            next(steps)
        except StopIteration as done:
            brief, problems = done.value
            break
        pauses += 1
    assert len(brief.claims) > 80_000
    assert pauses >= 6 * len(brief.claims) // parse_module.AT_ONCE  # each pass over the claims pauses
    assert problems == sorted(problems, key=lambda p: (p.line, p.column, p.severity.value == "warning"))
