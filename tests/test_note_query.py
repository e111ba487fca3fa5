"""The query typed to search every note: words, phrases and filters read leniently, and the snippet shown."""

from __future__ import annotations

from datetime import date

import pytest

from tui.core.notes.annotation import Anchor, Annotation
from tui.core.notes.note_query import MAX_TERMS, NoteQuery, parse
from tui.core.notes.search_sql import fts_match
from tui.core.notes.snippet import MAX_SCANNED, flat, fold, snippet_of

TODAY = date(2026, 12, 3)


def test_words_phrases_and_filters_are_told_apart() -> None:
    parsed = parse('troops "North Korean" #ROK tag:kursk colour:Green brief:nk-troops section:motives', TODAY)
    query = parsed.query
    assert query.words == ("troops",)
    assert query.phrases == ("North Korean",)
    assert query.tags == ("ROK", "kursk")
    assert query.colours == ("green",)
    assert query.briefs == ("id:nk-troops",)
    assert query.sections == ("motives",)
    assert parsed.problems == ()


def test_a_colon_that_is_no_filter_is_part_of_a_word() -> None:
    query = parse("see http://example.org and ratio:3", TODAY).query
    assert query.words == ("see", "http://example.org", "and", "ratio:3")


@pytest.mark.parametrize(
    ("typed", "since", "until"),
    [
        ("since:2026-11-01 until:2026-11-30", "2026-11-01", "2026-11-30"),
        ("since:2026-02 until:2026-02", "2026-02-01", "2026-02-28"),
        ("since:2024-02 until:2024-02", "2024-02-01", "2024-02-29"),
        ("until:2026-12", "", "2026-12-31"),
        ("since:today", "2026-12-03", ""),
        ("since:yesterday", "2026-12-02", ""),
        ("since:7d", "2026-11-26", ""),
        ("since:2w", "2026-11-19", ""),
    ],
)
def test_dates_are_days_months_or_days_ago(typed: str, since: str, until: str) -> None:
    parsed = parse(typed, TODAY)
    assert (parsed.query.since, parsed.query.until, parsed.problems) == (since, until, ())


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("since:last-week", "since:last-week is not a date"),
        ("until:2026-13-01", "until:2026-13-01 is not a date"),
        ("since:99999999d", "is not a date"),
        ("colour:red", "colour:red is not one of yellow"),
        ("is:starred", "is:starred is not a filter"),
    ],
)
def test_what_cannot_be_read_is_said_and_left_out(typed: str, said: str) -> None:
    parsed = parse(typed, TODAY)
    assert parsed.query == NoteQuery()
    assert any(said in problem for problem in parsed.problems)


def test_orphans_and_punctuation() -> None:
    query = parse("is:orphan -- ... kursk", TODAY).query
    assert query.orphans
    assert query.words == ("kursk",)  # punctuation alone is no word


def test_a_pasted_paragraph_is_bounded() -> None:
    parsed = parse(" ".join(f"word{number}" for number in range(500)), TODAY)
    assert len(parsed.query.words) == MAX_TERMS
    assert parsed.problems


def test_what_is_typed_never_becomes_fts5_syntax() -> None:
    """Every word is an FTS5 string: AND, NEAR, column filters and stars are words, quotes doubled."""
    query = parse('AND NEAR( note:x troop* a"b -y ^z', TODAY).query
    match = fts_match(query)
    assert match.startswith("{note quote tags} : (")
    assert '"AND"*' in match
    assert '"NEAR("*' in match
    assert '"a""b"*' in match


def test_a_query_typed_again_is_the_same_query() -> None:
    typed = 'kursk "North Korean" #rok colour:pink brief:x section:s since:2026-11-01 until:2026-11-30 is:orphan'
    query = parse(typed, TODAY).query
    assert parse(query.typed(), TODAY).query == query


def note(text: str = "", quote: str = "quoted text", tags: tuple[str, ...] = ()) -> Annotation:
    return Annotation("id:b", Anchor("s", quote, 0, len(quote)), note=text, tags=tags)


def test_the_snippet_marks_prefixes_across_case_and_accents() -> None:
    snippet = snippet_of(note("Troops near KÝIV and troopships"), ("troop", "kyiv"))
    assert snippet.field == "note"
    assert snippet.marked == ("Troops", "KÝIV", "troopships")
    assert snippet.plain == "Troops near KÝIV and troopships"
    assert fold("Kýiv") == "kyiv"


def test_the_snippet_comes_from_the_quote_or_tags_when_the_note_has_no_match() -> None:
    assert snippet_of(note("nothing here", quote="troops moved"), ("troops",)).field == "quote"
    tagged = snippet_of(note("nothing", tags=("kursk-front",)), ("kursk",))
    assert (tagged.field, tagged.plain, tagged.marked) == ("tags", "nothing", ())  # the row shows the tags already


def test_a_phrase_marks_its_words_whole() -> None:
    assert snippet_of(note("north korean troops in the north"), ("north korean",)).marked == (
        "north",
        "korean",
        "north",
    )


def test_a_long_note_is_cut_around_the_match_at_word_ends() -> None:
    text = " ".join(["filler"] * 200) + " kursk " + " ".join(["after"] * 200)
    snippet = snippet_of(note(text), ("kursk",), width=80)
    assert snippet.pieces[0] == ("…", False)
    assert snippet.pieces[-1] == ("…", False)
    assert "kursk" in snippet.marked
    assert len(snippet.plain) <= 80 + 2
    assert not snippet.plain.strip("…").startswith("iller")  # cut at a word's end, not inside it


def test_hostile_text_is_pictured_on_one_line_and_no_marker_can_be_forged() -> None:
    hostile = "\x1b[31mred\x1b[0m [bold]kursk[/bold]\nline two \u202eevil \x02kursk\x03"
    snippet = snippet_of(note(hostile), ("kursk",))
    joined = snippet.plain
    assert "\x1b" not in joined
    assert "\n" not in joined
    assert "\u202e" not in joined
    assert "\x02" not in joined
    assert "␛[31mred" in joined
    assert snippet.marked == ("kursk", "kursk")
    assert flat("a\r\n\tb") == "a␍ b"


def test_a_huge_note_is_looked_through_only_so_far() -> None:
    snippet = snippet_of(note("x" * (MAX_SCANNED + 10) + " kursk"), ("kursk",))
    assert snippet.marked == ()  # found by the index, shown from its start
    assert len(snippet.plain) < 200


def test_a_word_after_a_dash_is_left_out() -> None:
    query = parse("kursk -figures -- -", TODAY).query
    assert (query.words, query.excluded) == (("kursk",), ("figures",))
    assert parse(query.typed(), TODAY).query == query


@pytest.mark.parametrize(
    ("typed", "tags", "sections"),
    [
        ('#"a tag"', ("a tag",), ()),
        ('#"say ""hi"""', ('say "hi"',), ()),
        ('#"""quoted"""', ('"quoted"',), ()),
        ('section:"Key judgements"', (), ("Key judgements",)),
    ],
)
def test_a_filter_takes_a_quoted_value_with_spaces_and_doubled_quotes(
    typed: str, tags: tuple[str, ...], sections: tuple[str, ...]
) -> None:
    """A re-attack could not type a section title of two words, nor find a tag holding a quote."""
    query = parse(typed, TODAY).query
    assert (query.tags, query.sections, query.words) == (tags, sections, ())
    assert parse(query.typed(), TODAY).query == query


def test_the_last_month_there_is_is_a_date() -> None:
    assert parse("until:9999-12", TODAY).query.until == "9999-12-31"
