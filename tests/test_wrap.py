"""Laying sections out in lines: word wrap, and tables with their columns lined up."""

from __future__ import annotations

from tui.core.brief.model import BlockKind, Section
from tui.core.brief.parse import parse_brief
from tui.core.display.wrap import CELL_GAP, CONTINUED, Line, cell_width, wrap_section

TABLE = """---
id: t
title: Tables
---

Summary.

## Figures

| Unit | Troops | Status |
|---|---:|:---:|
| Brigades | 12,000 | reported |
| Special forces | 1,500 | *claimed* |
| First contingent | 2,600 | unverified |
"""


def figures() -> Section:
    brief, _ = parse_brief(TABLE, "t.md")
    section = brief.section("figures")
    assert section is not None
    return section


def shown(line: Line, text: str) -> str:
    """A line as the reader paints it: prefix, then the text with each tab drawn as its gap."""
    body = text[line.start : line.end]
    for gap in line.tabs:
        body = body.replace("\t", gap, 1)
    return line.prefix + (line.fill * 3 if line.fill else body)


def test_a_table_that_fits_has_its_columns_lined_up() -> None:
    section = figures()
    lines = wrap_section(section, 80)
    rows = [shown(line, section.text) for line in lines]
    assert [row.rstrip() for row in rows] == [
        "Unit             │ Troops │   Status",
        "─────────────────┼────────┼───────────",
        "Brigades         │ 12,000 │  reported",
        "Special forces   │  1,500 │  claimed",
        "First contingent │  2,600 │ unverified",
    ]
    assert lines[1].block == -1  # the header rule shows no text: the cursor never lands on it


def test_a_table_too_wide_for_the_column_shows_each_row_as_a_record_and_loses_nothing() -> None:
    """Cut like code, a table too wide had its cells cut mid-word ("Spec" | "ial forces")."""
    section = figures()
    (table,) = [block for block in section.blocks if block.kind is BlockKind.TABLE]
    lines = wrap_section(section, 20)
    rows = [shown(line, section.text).rstrip() for line in lines]
    assert all(cell_width(row) <= 20 for row in rows)
    assert not any(line.tabs for line in lines)
    assert rows == [
        "Unit",
        "Troops",
        "Status",
        "───",  # the header's rule (`shown` draws a fill three times)
        "Unit:   Brigades",
        "Troops: 12,000",
        "Status: reported",
        "",
        "Unit:   Special",
        "        forces",
        "Troops: 1,500",
        "Status: claimed",
        "",
        "Unit:   First",
        "        contingent",
        "Troops: 2,600",
        "Status: unverified",
    ]
    covered = " ".join(section.text[line.start : line.end] for line in lines if line.block == 0)
    assert covered.split() == table.text.split()  # every word, whole, in order


def test_a_header_too_long_for_a_label_is_cut_with_an_ellipsis() -> None:
    brief, _ = parse_brief("## S\n\n| A very long header name indeed | B |\n|---|---|\n| one | two |\n", "t.md")
    section = brief.sections[0]
    rows = [shown(line, section.text).rstrip() for line in wrap_section(section, 24)]
    assert "A very …: one" in rows  # 8 cells of the header at most, at 24 columns
    assert "B:        two" in rows


def test_citation_markers_count_in_a_cell_width() -> None:
    section = figures()
    (table,) = [block for block in section.blocks if block.kind is BlockKind.TABLE]
    brigades = section.text.index("Brigades") + len("Brigades")
    lines = wrap_section(section, 80, {brigades: 2})
    header = shown(lines[0], section.text)
    row = shown(lines[2], section.text)
    # The reader draws the two-cell marker after "Brigades": the gap then lines up with the header's.
    assert row.index(CELL_GAP) + 2 == header.index(CELL_GAP)
    assert table.align == ("", "right", "center")


CODE = """## S

```
total = compute_the_total(first_argument, second_argument) + another_value
x = "a_string_far_longer_than_any_line_of_this_narrow_column"
```
"""


def test_a_code_line_too_long_is_cut_at_a_space_and_the_rest_marked() -> None:
    """Cut at the column's edge, a code line lost a word's end to the next line with no sign."""
    brief, _ = parse_brief(CODE, "t.md")
    section = brief.sections[0]
    rows = [shown(line, section.text).rstrip() for line in wrap_section(section, 40)]
    assert rows == [
        "  total =",
        f"  {CONTINUED}compute_the_total(first_argument,",
        f"  {CONTINUED}second_argument) + another_value",
        '  x = "a_string_far_longer_than_any_line',  # a word longer than a line: cut, the rest marked
        f'  {CONTINUED}_of_this_narrow_column"',
    ]
    assert all(cell_width(row) <= 40 for row in rows)
    covered = "".join(section.text[line.start : line.end] for line in wrap_section(section, 40) if line.block == 0)
    assert covered.replace(" ", "") == section.text.replace(" ", "").replace("\n", "")  # only spaces at cuts left out
