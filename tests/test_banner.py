"""The bottom line up front in its banner: cut to a few lines with a word that says there is more."""

from __future__ import annotations

import pytest

from tui.core.brief.model import Section
from tui.core.brief.parse import parse_brief
from tui.core.display.banner import MORE, SHORT_MORE, banner_lines
from tui.core.display.wrap import Line, cell_width

LONG = (
    "Washington says it has evidence that North Korean soldiers are in Russia, and South Korean intelligence "
    "counts 12,000 of them in four brigades. Moscow denies that any are there. Ukraine's military intelligence "
    "chief expects the troops to be ready for combat by November 1, with a first group bound for Kursk."
)


def summary(text: str) -> Section:
    brief, _ = parse_brief(f"# Title\n\n{text}\n\n## Next\n\nMore.\n", "b.md")
    assert brief.summary is not None
    return brief.summary


def drawn(section: Section, lines: list[Line], tail: str) -> list[str]:
    rows = [line.prefix + (line.fill or section.text[line.start : line.end]) for line in lines]
    if tail:
        rows[-1] += tail
    return rows


@pytest.mark.parametrize(("width", "most"), [(76, 2), (96, 2), (176, 1), (30, 3), (21, 2)])
def test_a_long_bottom_line_is_cut_at_a_word_and_says_so_within_the_width(width: int, most: int) -> None:
    section = summary(LONG)
    lines, tail = banner_lines(section, width, most)
    rows = drawn(section, lines, tail)
    assert len(rows) == most
    assert tail == MORE
    assert all(cell_width(row) <= width for row in rows), rows
    shown = " ".join(section.text[line.start : line.end] for line in lines).split()
    assert shown == LONG.split()[: len(shown)]  # whole words, in order: the last one before the cut too
    assert rows[-1].endswith("(B: read it all)")


def test_a_bottom_line_that_fits_has_no_ellipsis() -> None:
    section = summary("Short and sweet.")
    lines, tail = banner_lines(section, 76, 2)
    assert tail == ""
    assert drawn(section, lines, tail) == ["Short and sweet."]


def test_two_paragraphs_that_fill_the_lines_exactly_are_not_cut() -> None:
    section = summary("One.\n\nTwo.")
    lines, tail = banner_lines(section, 76, 3)
    assert (drawn(section, lines, tail), tail) == (["One.", "", "Two."], "")
    lines, tail = banner_lines(section, 76, 2)
    assert tail == MORE
    assert drawn(section, lines, tail) == ["One.", MORE]  # the second paragraph is more


def test_too_narrow_for_the_words_it_still_says_there_is_more() -> None:
    section = summary(LONG)
    lines, tail = banner_lines(section, 12, 1)
    assert tail == SHORT_MORE
    assert all(cell_width(row) <= 12 for row in drawn(section, lines, tail))


def test_a_huge_bottom_line_costs_a_banner_not_a_megabyte() -> None:
    section = summary("word " * 400_000)
    lines, tail = banner_lines(section, 80, 2)
    assert len(lines) == 2
    assert tail == MORE
