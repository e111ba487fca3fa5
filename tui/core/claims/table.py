"""The claims table without a screen: a row per claim, sorted by any column, filtered, grouped by actor."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from tui.core.brief.model import Claim, ClaimStatus
from tui.core.claims.describe import actor_key, one_line
from tui.core.display.statuses import NO_STATUS, status_name

CELL_CHARACTERS = 200  # of a statement (or a claimant, an id...) kept for its cell: a 1 MB statement costs a line
SEARCHED_CHARACTERS = 1_000  # of a statement the filter's words look through
NO_ACTOR = "(none named)"


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the table: its key (as a filter or the code names it), its title, its alignment."""

    key: str
    title: str
    right: bool = False  # numbers are aligned right


NUMBER = Column("number", "#", right=True)
ID = Column("id", "Id")
STATUS = Column("status", "Status")
GRADE = Column("grade", "Grade")
CLAIMANT = Column("claimant", "Claimant")
REPORTED_BY = Column("reported by", "Reported by")
DATE = Column("date", "Date")
CITED = Column("cited", "Cited", right=True)
STATEMENT = Column("statement", "Statement")
COLUMNS = (NUMBER, ID, STATUS, GRADE, CLAIMANT, REPORTED_BY, DATE, CITED, STATEMENT)

# From established to rejected, as the vocabulary lists them: confirmed first, false last.
STATUS_ORDER = {status: place for place, status in enumerate(ClaimStatus)}


@dataclass(frozen=True, slots=True)
class Row:
    """A claim as the table shows it: each cell's text, on one line and bounded."""

    number: int
    claim: Claim
    cells: dict[str, str]
    haystack: str  # every text cell, the statement's first SEARCHED_CHARACTERS, case-folded: what words match

    def text(self, column: Column) -> str:
        return self.cells[column.key]


def row_of(number: int, claim: Claim) -> Row:
    """The row of the claim numbered `number` (its place among the brief's definitions)."""
    cells = {
        NUMBER.key: str(number),
        ID.key: one_line(claim.id, CELL_CHARACTERS),
        STATUS.key: status_name(claim.status),
        GRADE.key: str(claim.grade) if claim.grade else "",
        CLAIMANT.key: one_line(claim.claimant, CELL_CHARACTERS),
        REPORTED_BY.key: one_line(claim.reported_by, CELL_CHARACTERS),
        DATE.key: claim.date or "",
        CITED.key: str(len(claim.references)),
        STATEMENT.key: one_line(claim.statement, CELL_CHARACTERS),
    }
    searched = [cells[key] for key in (ID.key, STATUS.key, GRADE.key, CLAIMANT.key, REPORTED_BY.key, DATE.key)]
    searched.append(one_line(claim.statement, SEARCHED_CHARACTERS))
    return Row(number, claim, cells, "\n".join(searched).casefold())


# Sorting: each column's value as it sorts, None where the claim has none (listed last either way).

SortValue = int | str | tuple[int, ...] | tuple[str, int]


def _date(row: Row) -> tuple[int, ...] | None:
    # A brief's dates are checked (YYYY, YYYY-MM or YYYY-MM-DD): a year sorts before its months.
    text = row.claim.date
    return tuple(int(part) for part in text.split("-")) if text else None


def _text(key: str) -> Callable[[Row], str | None]:
    return lambda row: row.cells[key].casefold() or None


SORT_VALUES: dict[str, Callable[[Row], SortValue | None]] = {
    NUMBER.key: lambda row: row.number,
    ID.key: _text(ID.key),
    STATUS.key: lambda row: STATUS_ORDER[row.claim.status] if row.claim.status else None,
    # Reliability A (best) to F, then credibility 1 (best) to 6.
    GRADE.key: lambda row: (row.claim.grade.reliability, row.claim.grade.credibility) if row.claim.grade else None,
    CLAIMANT.key: _text(CLAIMANT.key),
    REPORTED_BY.key: _text(REPORTED_BY.key),
    DATE.key: _date,
    CITED.key: lambda row: len(row.claim.references),
    STATEMENT.key: _text(STATEMENT.key),
}


def sorted_rows(rows: Sequence[Row], column: Column, descending: bool = False) -> list[Row]:
    """The rows by `column`, those without a value last whichever way; equal ones in the brief's order."""
    value = SORT_VALUES[column.key]
    valued = [(value(row), row) for row in rows]
    present = [(key, row) for key, row in valued if key is not None]
    # Sorting keeps equal rows in their order, reversed or not: ties stay in the brief's order.
    present.sort(key=lambda pair: pair[0], reverse=descending)
    return [row for _, row in present] + [row for key, row in valued if key is None]


# Filtering: words matched against every text column, and qualifiers for one column.

# A qualifier's names, and the column it looks at.
QUALIFIERS = {
    "status": STATUS,
    "grade": GRADE,
    "claimant": CLAIMANT,
    "by": REPORTED_BY,
    "reported": REPORTED_BY,
    "outlet": REPORTED_BY,
    "id": ID,
    "date": DATE,
}
# Status and grade are matched from their start (`status:con`, `grade:C` for C1 to C6); the others anywhere.
FROM_THE_START = {STATUS.key, GRADE.key}
_TOKEN = re.compile(r'(?:(?P<name>[A-Za-z]+):)?(?:"(?P<quoted>[^"]*)"?|(?P<plain>\S*))')


@dataclass(frozen=True, slots=True)
class Filter:
    """What a filter field's text asks for: every word somewhere in the row, and for each qualifier
    (`status:claimed,denied`, `claimant:"the kremlin"`) one of its values in its column."""

    text: str = ""
    words: tuple[str, ...] = ()
    qualifiers: tuple[tuple[Column, tuple[str, ...]], ...] = ()

    @classmethod
    def parse(cls, text: str) -> Filter:
        """Read a filter: words, `"quoted words"`, `name:value` or `name:"quoted value"`, any case.

        A qualifier given twice takes either value; one with no value yet (`status:` while typing)
        asks nothing; an unknown name (`http:`) is a word like any other.
        """
        words: list[str] = []
        wanted: dict[str, tuple[Column, list[str]]] = {}
        at = 0
        while at < len(text):
            if text[at].isspace():
                at += 1
                continue
            match = _TOKEN.match(text, at)
            assert match is not None  # the pattern matches the empty string
            at = max(match.end(), at + 1)
            name, quoted, plain = match.group("name"), match.group("quoted"), match.group("plain")
            value = (quoted if quoted is not None else plain or "").casefold()
            column = QUALIFIERS.get(name.casefold()) if name else None
            if column is None:
                word = f"{name.casefold()}:{value}" if name else value
                if word.strip():
                    words.append(" ".join(word.split()))
                continue
            values = [part.strip() for part in value.split(",") if part.strip()]
            if values:
                wanted.setdefault(column.key, (column, []))[1].extend(values)
        qualifiers = tuple((column, tuple(values)) for column, values in wanted.values())
        return cls(text.strip(), tuple(words), qualifiers)

    def __bool__(self) -> bool:
        return bool(self.words or self.qualifiers)

    def matches(self, row: Row) -> bool:
        for column, values in self.qualifiers:
            cell = row.cells[column.key].casefold()
            if column.key in FROM_THE_START:
                found = any(cell.startswith(value) for value in values)
            else:
                found = any(value in cell for value in values)
            if not found:
                return False
        return all(word in row.haystack for word in self.words)


# Grouping by actor: the claimant, or the outlet that reported it.


class Grouping(Enum):
    """How the rows are grouped: not at all, by claimant, or by reporting outlet."""

    NONE = "none"
    CLAIMANT = "claimant"
    OUTLET = "reporting outlet"

    @property
    def column(self) -> Column | None:
        return {Grouping.CLAIMANT: CLAIMANT, Grouping.OUTLET: REPORTED_BY}.get(self)

    def next(self) -> Grouping:
        order = list(Grouping)
        return order[(order.index(self) + 1) % len(order)]


@dataclass(frozen=True, slots=True)
class Group:
    """One actor's claims: the name as first written, the rows, how many of each status."""

    name: str
    rows: tuple[Row, ...]
    by_status: tuple[tuple[str, int], ...] = field(default=())  # (status word, count), statuses in order

    @property
    def named(self) -> bool:
        return self.name != NO_ACTOR


def status_counts(rows: Sequence[Row]) -> tuple[tuple[str, int], ...]:
    """How many rows have each status, the statuses in their order, "no status" last; none left out is 0."""
    counts: dict[ClaimStatus | None, int] = {}
    for row in rows:
        counts[row.claim.status] = counts.get(row.claim.status, 0) + 1
    ordered = [(status.value, counts[status]) for status in ClaimStatus if status in counts]
    if None in counts:
        ordered.append((NO_STATUS, counts[None]))
    return tuple(ordered)


def grouped(rows: Sequence[Row], column: Column) -> list[Group]:
    """The rows by actor in `column`, each group in the rows' order; the largest groups first (equal
    ones by name), claims naming no one last."""
    groups: dict[str, tuple[str, list[Row]]] = {}
    for row in rows:
        name = row.cells[column.key]
        groups.setdefault(actor_key(name), (name.strip() or NO_ACTOR, []))[1].append(row)
    made = [Group(name, tuple(members), status_counts(members)) for name, members in groups.values()]
    made.sort(key=lambda group: (not group.named, -len(group.rows), group.name.casefold()))
    return made


Line = Row | Group  # a line of the table: a claim, or an actor's heading


@dataclass(slots=True)
class ClaimsTable:
    """The claims of a brief as a table: its sort, filter and grouping, and the lines they give."""

    rows: list[Row]
    sort_column: Column = NUMBER
    descending: bool = False
    filter: Filter = field(default_factory=Filter)
    grouping: Grouping = Grouping.NONE
    _lines: list[Line] | None = None
    _shown: int = 0

    @classmethod
    def of(cls, claims: Sequence[Claim], grouping: Grouping = Grouping.NONE) -> ClaimsTable:
        """The table of these claims, numbered as the claim list numbers them (their place, from 1)."""
        return cls([row_of(number, claim) for number, claim in enumerate(claims, 1)], grouping=grouping)

    def lines(self) -> list[Line]:
        """The rows shown, sorted; grouped, each group's heading before its rows."""
        if self._lines is None:
            shown = [row for row in self.rows if self.filter.matches(row)] if self.filter else self.rows
            ordered = sorted_rows(shown, self.sort_column, self.descending)
            self._shown = len(ordered)
            column = self.grouping.column
            if column is None:
                self._lines = list(ordered)
            else:
                self._lines = []
                for group in grouped(ordered, column):
                    self._lines.append(group)
                    self._lines.extend(group.rows)
        return self._lines

    @property
    def shown(self) -> int:
        """How many claims the filter lets through."""
        self.lines()
        return self._shown

    def sort_by(self, column: Column) -> None:
        """Sort by `column`; by the column sorted already, the other way round."""
        if column == self.sort_column:
            self.descending = not self.descending
        else:
            self.sort_column, self.descending = column, False
        self._lines = None

    def next_sort(self, step: int = 1, among: Sequence[Column] = COLUMNS) -> None:
        """Sort by the column `step` places on (back, if negative) among `among` (those shown), ascending."""
        among = list(among) or list(COLUMNS)
        chosen = self.sort_column
        for _ in range(abs(step)):
            # From where the column stands in the whole table, so a hidden one still has a next.
            place = COLUMNS.index(chosen)
            if step > 0:
                chosen = next((c for c in among if COLUMNS.index(c) > place), among[0])
            else:
                chosen = next((c for c in reversed(among) if COLUMNS.index(c) < place), among[-1])
        self.sort_column, self.descending = chosen, False
        self._lines = None

    def reverse(self) -> None:
        self.descending = not self.descending
        self._lines = None

    def set_filter(self, text: str) -> None:
        self.filter = Filter.parse(text)
        self._lines = None

    def group_by(self, grouping: Grouping) -> None:
        self.grouping = grouping
        self._lines = None

    def sort_arrow(self) -> str:
        return "▼" if self.descending else "▲"

    def summary(self) -> str:
        """What the table shows, in words: "12 of 34 claims · sorted by status ▲ · grouped by claimant"."""
        total = len(self.rows)
        count = f"{self.shown:,} of {total:,} claims" if self.filter else f"{total:,} claim{'s' * (total != 1)}"
        parts = [count, f"sorted by {self.sort_column.key} {self.sort_arrow()}"]
        if self.grouping is not Grouping.NONE:
            parts.append(f"grouped by {self.grouping.value}")
        return " · ".join(parts)
