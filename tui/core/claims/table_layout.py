"""The claims table's columns at a width: what fits, their widths, the statement taking the rest."""

from __future__ import annotations

from collections.abc import Sequence

from tui.core.claims.table import (
    CITED,
    CLAIMANT,
    COLUMNS,
    DATE,
    GRADE,
    ID,
    REPORTED_BY,
    STATEMENT,
    Column,
    Row,
)

GAP = 1  # cells between two columns
WIDE = 120  # cells from which two cells part the columns: a right-aligned count no longer runs into the statement


def gap_for(width: int) -> int:
    """The cells between two columns of a table `width` cells wide."""
    return GAP + (width >= WIDE)


INDICATOR = 2  # " ▲" after a sorted column's title: kept free in every title, so sorting never moves a column
MIN_STATEMENT = 24  # cells the statement keeps before columns are left out
STATEMENT_SHARE = 3  # and at least a third of the width when it can
# Columns that shrink to fit: (least, comfortable, most) cells; the others keep their widest cell. Columns
# are left out before these go below comfortable, so that an id or a claimant stays readable at 80 columns.
SHRINKING = {ID.key: (10, 18, 28), CLAIMANT.key: (10, 16, 30), REPORTED_BY.key: (11, 14, 24)}
LEFT_OUT_FIRST = (REPORTED_BY, CITED, DATE, GRADE)  # at narrow widths, in this order


def natural_widths(rows: Sequence[Row]) -> dict[str, int]:
    """Each column's width to show its widest cell and its title with the sort indicator (the statement's: 0)."""
    widths = {column.key: len(column.title) + INDICATOR for column in COLUMNS}
    for row in rows:
        for key, text in row.cells.items():
            widths[key] = max(widths[key], len(text))
    for key, (_, _, most) in SHRINKING.items():
        widths[key] = min(widths[key], most)
    widths[STATEMENT.key] = 0
    return widths


def _fitted(
    natural: dict[str, int], width: int, size: int, shown: Sequence[Column]
) -> tuple[list[Column], dict[str, int]] | None:
    """The columns that fit `width` with the shrinking ones at their `size` (0: least, 1: comfortable), the
    statement keeping MIN_STATEMENT; None if they do not fit even with every optional column left out."""
    for left_out in range(len(LEFT_OUT_FIRST) + 1):
        columns = [column for column in shown if column not in LEFT_OUT_FIRST[:left_out]]
        widths = {
            column.key: min(natural[column.key], SHRINKING[column.key][size])
            if column.key in SHRINKING
            else natural[column.key]
            for column in columns
            if column is not STATEMENT
        }
        if sum(widths.values()) + gap_for(width) * (len(columns) - 1) + MIN_STATEMENT <= width:
            return columns, widths
    return None


def layout(natural: dict[str, int], width: int, without: Column | None = None) -> list[tuple[Column, int]]:
    """The columns shown in `width` cells and the width of each, the statement last, taking what is left;
    `without` a column (the one the rows are grouped by, which each group's heading names).

    The least needed columns are left out before the id, the claimant and the outlet shrink below
    a comfortable width; then these shrink to their least.
    """
    shown = [column for column in COLUMNS if column != without]
    fitted = _fitted(natural, width, 1, shown) or _fitted(natural, width, 0, shown)
    if fitted is None:  # narrower than anything readable: every optional column out, the least widths
        columns = [column for column in shown if column not in LEFT_OUT_FIRST]
        widths = {
            column.key: min(natural[column.key], SHRINKING.get(column.key, (natural[column.key],))[0])
            for column in columns
            if column is not STATEMENT
        }
    else:
        columns, widths = fitted
    gaps = gap_for(width) * (len(columns) - 1)
    # What is left goes to the shrinking columns, up to their widest, while the statement keeps its
    # share; a cell at a time round them, so that they grow alike.
    spare = width - sum(widths.values()) - gaps - max(MIN_STATEMENT, width // STATEMENT_SHARE)
    growing = [key for key in SHRINKING if key in widths]
    while spare > 0:
        grown = False
        for key in growing:
            if spare > 0 and widths[key] < natural[key]:
                widths[key] += 1
                spare -= 1
                grown = True
        if not grown:
            break
    widths[STATEMENT.key] = max(0, width - sum(widths.values()) - gaps)
    return [(column, widths[column.key]) for column in columns]
