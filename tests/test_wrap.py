"""Laying sections out in lines: word wrap, and tables with their columns lined up."""

from __future__ import annotations

from tui.core.brief.model import BlockKind, Section
from tui.core.brief.parse import parse_brief
from tui.core.display.wrap import CELL_GAP, Line, cell_width, wrap_section

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


def test_a_table_too_wide_for_the_column_is_cut_like_code_and_loses_nothing() -> None:
    section = figures()
    (table,) = [block for block in section.blocks if block.kind is BlockKind.TABLE]
    lines = wrap_section(section, 20)
    assert all(cell_width(shown(line, section.text)) <= 20 for line in lines)
    assert not any(line.tabs for line in lines)
    covered = "".join(section.text[line.start : line.end] for line in lines if line.block == 0)
    assert covered == table.text.replace("\n", "")


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
