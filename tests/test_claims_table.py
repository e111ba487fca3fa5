"""The claims table without a screen: rows, sorting by any column, filters, grouping by actor, column widths."""

from __future__ import annotations

import pytest

from tui.core.brief.model import Claim, ClaimStatus, Grade, Reference
from tui.core.claims.table import (
    CELL_CHARACTERS,
    CITED,
    CLAIMANT,
    COLUMNS,
    DATE,
    GRADE,
    ID,
    NUMBER,
    REPORTED_BY,
    STATEMENT,
    STATUS,
    ClaimsTable,
    Filter,
    Group,
    Grouping,
    Row,
    actor_key,
    grouped,
    sorted_rows,
)
from tui.core.claims.table_layout import gap_for, layout, natural_widths

from .helpers.growth import seconds


def claim(claim_id: str, **fields: object) -> Claim:
    cited = int(fields.pop("cited", 0))  # type: ignore[call-overload]
    references = tuple(Reference(claim_id, "s", n, 0, 1, 1) for n in range(cited))
    statement = str(fields.pop("statement", f"Statement of {claim_id}."))
    return Claim(claim_id, statement, 1, references=references, **fields)  # type: ignore[arg-type]


def ids(lines: list[Row | Group]) -> list[str]:
    return [line.claim.id for line in lines if isinstance(line, Row)]


def table(*claims: Claim) -> ClaimsTable:
    return ClaimsTable.of(claims)


# Rows


def test_a_row_numbers_the_claim_as_the_list_does_and_keeps_its_cells_on_one_bounded_line() -> None:
    long = claim("long", statement="A\nmultiline\t statement " + "x" * 1_000_000, claimant="  the   Kremlin ")
    rows = table(claim("first"), long).rows
    assert [row.number for row in rows] == [1, 2]
    cells = rows[1].cells
    assert cells["statement"].startswith("A multiline statement xxx")
    assert len(cells["statement"]) == CELL_CHARACTERS
    assert cells["claimant"] == "the Kremlin"
    assert cells["status"] == "no status"
    assert cells["cited"] == "0"


def test_brackets_stay_text_in_the_cells() -> None:
    (row,) = table(claim("x", statement="[bold]x[/] [link=https://e.test]y[/link]")).rows
    assert row.cells["statement"] == "[bold]x[/] [link=https://e.test]y[/link]"


# Sorting


def test_statuses_sort_from_confirmed_to_false_and_claims_without_one_come_last_either_way() -> None:
    claims = [
        claim("none"),
        claim("false", status=ClaimStatus.FALSE),
        claim("claimed", status=ClaimStatus.CLAIMED),
        claim("confirmed", status=ClaimStatus.CONFIRMED),
        claim("denied", status=ClaimStatus.DENIED),
    ]
    rows = table(*claims).rows
    assert ids(list(sorted_rows(rows, STATUS))) == ["confirmed", "claimed", "denied", "false", "none"]
    assert ids(list(sorted_rows(rows, STATUS, descending=True))) == ["false", "denied", "claimed", "confirmed", "none"]


def test_grades_sort_by_reliability_then_credibility() -> None:
    claims = [
        claim("c1", grade=Grade("C", 1)),
        claim("none"),
        claim("b3", grade=Grade("B", 3)),
        claim("a6", grade=Grade("A", 6)),
        claim("b2", grade=Grade("B", 2)),
    ]
    assert ids(list(sorted_rows(table(*claims).rows, GRADE))) == ["a6", "b2", "b3", "c1", "none"]


def test_dates_sort_as_dates_a_year_before_its_months_missing_last() -> None:
    claims = [
        claim("oct-5", date="2024-10-05"),
        claim("none"),
        claim("2024", date="2024"),
        claim("dec", date="2023-12"),
    ]
    assert ids(list(sorted_rows(table(*claims).rows, DATE))) == ["dec", "2024", "oct-5", "none"]
    assert ids(list(sorted_rows(table(*claims).rows, DATE, descending=True))) == ["oct-5", "2024", "dec", "none"]


def test_numbers_sort_as_numbers_not_as_text() -> None:
    claims = [claim(f"c{n}", cited=n) for n in (2, 10, 9)]
    rows = table(*claims).rows
    assert ids(list(sorted_rows(rows, CITED))) == ["c2", "c9", "c10"]
    many = table(*(claim(f"c{n}") for n in range(12))).rows
    assert [row.number for row in sorted_rows(many, NUMBER, descending=True)][:3] == [12, 11, 10]


def test_text_sorts_without_case_and_equal_values_keep_the_brief_order_both_ways() -> None:
    claims = [
        claim("b", claimant="the Kremlin"),
        claim("a", claimant="NATO"),
        claim("c", claimant="nato"),
        claim("d"),
    ]
    rows = table(*claims).rows
    assert ids(list(sorted_rows(rows, CLAIMANT))) == ["a", "c", "b", "d"]
    assert ids(list(sorted_rows(rows, CLAIMANT, descending=True))) == ["b", "a", "c", "d"]


def test_every_column_sorts() -> None:
    rows = table(claim("b", statement="zz"), claim("a", statement="aa")).rows
    for column in COLUMNS:
        assert len(sorted_rows(rows, column)) == 2


def test_sorting_by_the_sorted_column_again_turns_it_round_and_s_cycles_the_columns() -> None:
    shown = table(claim("b"), claim("a"))
    shown.sort_by(ID)
    assert ids(shown.lines()) == ["a", "b"]
    shown.sort_by(ID)
    assert (shown.sort_column, shown.descending) == (ID, True)
    assert ids(shown.lines()) == ["b", "a"]
    shown.next_sort()
    assert (shown.sort_column, shown.descending) == (STATUS, False)
    shown.next_sort(-2)
    assert shown.sort_column == NUMBER
    shown.reverse()
    assert "sorted by number ▼" in shown.summary()


# Filtering

KREMLIN = [
    claim("denial", claimant="the Kremlin", status=ClaimStatus.DENIED, grade=Grade("D", 5), statement="No troops."),
    claim("fake", claimant="Dmitry Peskov, Kremlin spokesman", status=ClaimStatus.DENIED, statement="Fake news."),
    claim("contra", claimant="Dmitry Peskov, Kremlin spokesman", status=ClaimStatus.CLAIMED, grade=Grade("C", 3)),
    claim("austin", claimant="Lloyd Austin", reported_by="Reuters", status=ClaimStatus.REPORTED, date="2024-10"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ["denial", "fake", "contra", "austin"]),
        ("kremlin", ["denial", "fake", "contra"]),
        ("KREMLIN denied", ["denial", "fake"]),  # every word, anywhere in the row, any case
        ("status:claimed", ["contra"]),
        ("status:den", ["denial", "fake"]),  # a status from its start
        ("status:claimed,reported", ["contra", "austin"]),  # either value
        ("status:claimed status:reported", ["contra", "austin"]),  # a qualifier twice: either
        ("grade:C", ["contra"]),  # C1 to C6
        ("grade:d5", ["denial"]),
        ("claimant:kremlin", ["denial", "fake", "contra"]),
        ('claimant:"the kremlin"', ["denial"]),
        ("Claimant:Peskov status:denied", ["fake"]),  # every qualifier
        ("by:reuters", ["austin"]),
        ("outlet:REUTERS", ["austin"]),
        ("date:2024", ["austin"]),
        ("id:con", ["contra"]),
        ("status:no", []),  # "no status": none here
        ("status:", ["denial", "fake", "contra", "austin"]),  # no value yet: asks nothing
        ('"fake news"', ["fake"]),
        ("news:fake", []),  # not a qualifier: the words "news:fake"
        ("reuters 2024-10", ["austin"]),
    ],
)
def test_the_filter_takes_words_and_qualifiers(text: str, expected: list[str]) -> None:
    shown = table(*KREMLIN)
    shown.set_filter(text)
    assert ids(shown.lines()) == expected


def test_a_filter_says_how_many_claims_it_lets_through() -> None:
    shown = table(*KREMLIN)
    assert shown.summary() == "4 claims · sorted by number ▲"
    shown.set_filter("status:denied")
    assert shown.summary() == "2 of 4 claims · sorted by number ▲"
    assert shown.filter.text == "status:denied"
    shown.set_filter("   ")
    assert not shown.filter


def test_an_unknown_name_is_a_word_and_a_link_stays_whole() -> None:
    assert Filter.parse("https://e.test/x").words == ("https://e.test/x",)
    assert Filter.parse('kind:"a b"').words == ("kind:a b",)


# Grouping by actor


def test_actors_are_one_only_when_their_names_are_the_same_trimmed_and_case_folded() -> None:
    assert actor_key("  The   Kremlin ") == actor_key("the kremlin")
    assert actor_key("the Kremlin") != actor_key("Dmitry Peskov, Kremlin spokesman")
    claims = [*KREMLIN, claim("again", claimant=" THE KREMLIN", status=ClaimStatus.CLAIMED), claim("anon")]
    groups = grouped(table(*claims).rows, CLAIMANT)
    assert [(group.name, ids(list(group.rows))) for group in groups] == [
        ("Dmitry Peskov, Kremlin spokesman", ["fake", "contra"]),  # largest first, equal sizes by name
        ("the Kremlin", ["denial", "again"]),  # named as first written
        ("Lloyd Austin", ["austin"]),
        ("(none named)", ["anon"]),  # no claimant: last, whatever its size
    ]
    assert groups[1].by_status == (("claimed", 1), ("denied", 1))  # in the statuses' order
    assert groups[-1].by_status == (("no status", 1),)


def test_grouped_lines_put_each_actors_heading_before_its_claims_in_the_table_order() -> None:
    shown = ClaimsTable.of(KREMLIN, Grouping.CLAIMANT)
    shown.sort_by(STATUS)
    lines = shown.lines()
    assert isinstance(lines[0], Group)
    assert lines[0].name == "Dmitry Peskov, Kremlin spokesman"
    assert ids(lines[1:3]) == ["contra", "fake"]  # claimed before denied
    assert "grouped by claimant" in shown.summary()
    shown.group_by(shown.grouping.next())
    assert shown.grouping is Grouping.OUTLET
    assert [line.name for line in shown.lines() if isinstance(line, Group)] == ["(none named)", "Reuters"][::-1]
    shown.group_by(shown.grouping.next())
    assert shown.grouping is Grouping.NONE
    assert not any(isinstance(line, Group) for line in shown.lines())


def test_a_filter_counts_claims_not_headings() -> None:
    shown = ClaimsTable.of(KREMLIN, Grouping.CLAIMANT)
    shown.set_filter("kremlin")
    assert shown.shown == 3
    assert len(shown.lines()) == 5


# Column widths


def widths(width: int, without: object = None) -> dict[str, int]:
    natural = natural_widths(table(*KREMLIN, claim("a-rather-long-claim-identifier-indeed")).rows)
    shown = layout(natural, width, without)  # type: ignore[arg-type]
    used = sum(w for _, w in shown) + gap_for(width) * (len(shown) - 1)
    assert used == width or (width < 60 and shown[-1] == (STATEMENT, 0))  # the whole width; narrower, cut at the right
    return {column.key: w for column, w in shown}


def test_at_80_columns_the_id_and_the_statement_show_and_less_needed_columns_are_left_out() -> None:
    shown = widths(78)
    assert shown["id"] >= 16
    assert shown["statement"] >= 24
    assert "reported by" not in shown
    assert list(shown)[:3] == ["number", "id", "status"]


def test_a_wide_table_shows_every_column() -> None:
    shown = widths(178)
    assert list(shown) == [column.key for column in COLUMNS]
    assert shown["statement"] >= 178 // 3


def test_the_column_grouped_by_is_left_out_as_its_headings_name_it() -> None:
    assert "claimant" not in widths(120, CLAIMANT)
    assert "reported by" not in widths(178, REPORTED_BY)


def test_even_a_very_narrow_table_keeps_its_number_id_and_status() -> None:
    shown = widths(30)
    assert list(shown)[:3] == ["number", "id", "status"]


def test_titles_and_their_sort_indicator_fit_their_column() -> None:
    natural = natural_widths([])
    for column in COLUMNS:
        if column is not STATEMENT:
            assert natural[column.key] >= len(column.title) + 2


# Scale


def test_ten_thousand_claims_cost_about_ten_times_a_thousand() -> None:
    """Rows, widths, a sort, a filter and the groups, each linear: 10,000 claims open at once."""

    def build(count: int) -> object:
        claims = [
            claim(f"c{n}", claimant=f"actor {n % 50}", status=list(ClaimStatus)[n % 8], statement="word " * 60)
            for n in range(count)
        ]

        def run() -> object:
            shown = ClaimsTable.of(claims, Grouping.CLAIMANT)
            natural_widths(shown.rows)
            shown.sort_by(STATUS)
            shown.lines()
            shown.set_filter("status:claimed actor")
            return shown.lines()

        return run

    small, large = build(1_000), build(10_000)
    assert seconds(large, rounds=3) / seconds(small, rounds=3) < 30  # linear is 10; quadratic would be 100
