"""Searching every note: what ranks first, prefixes, phrases, accents, each filter with its exact notes,
and FTS5 syntax typed by a user, which never raises."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from tui.core.notes.annotation import Anchor, Annotation
from tui.core.notes.note_query import NoteQuery, Order, parse
from tui.core.notes.store import STORE_FILE, Store

TODAY = date(2026, 12, 3)


def note(
    name: str,
    text: str = "",
    quote: str = "a quoted sentence",
    *,
    brief: str = "id:a",
    tags: tuple[str, ...] = (),
    colour: str = "yellow",
    section: str = "s1",
    updated: str = "2026-11-15T12:00:00.000000+00:00",
) -> Annotation:
    anchor = Anchor(section, quote, 0, len(quote))
    return Annotation(brief, anchor, colour=colour, note=text, tags=tags, id=name, created=updated, updated=updated)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "data" / STORE_FILE)


def ids(store: Store, typed: str | NoteQuery) -> list[str]:
    query = parse(typed, TODAY).query if isinstance(typed, str) else typed
    return [hit.note.id for hit in store.search(query, limit=100).hits]


def test_a_word_in_the_note_ranks_above_the_word_only_in_the_quote(store: Store) -> None:
    store.merge([note("quoted", "nothing here", "troops crossed"), note("noted", "troops crossed", "nothing here")])
    assert ids(store, "troops") == ["noted", "quoted"]


def test_more_occurrences_rank_higher(store: Store) -> None:
    store.merge(
        [
            note("once", "artillery one two three four five"),
            note("thrice", "artillery artillery artillery four five six"),
            note("twice", "artillery artillery two three four five"),
        ]
    )
    assert ids(store, "artillery") == ["thrice", "twice", "once"]
    ranks = [hit.rank for hit in store.search(parse("artillery").query).hits]
    assert ranks == sorted(ranks)  # bm25: lower is better
    assert all(rank < 0 for rank in ranks)


def test_a_word_is_matched_as_a_prefix(store: Store) -> None:
    store.merge([note("a", "the troops moved"), note("b", "a troop moved"), note("c", "a trolley")])
    assert set(ids(store, "troo")) == {"a", "b"}
    assert set(ids(store, "troops")) == {"a"}


def test_a_phrase_keeps_its_order(store: Store) -> None:
    store.merge([note("in-order", "north korean troops"), note("reversed", "troops korean north")])
    assert ids(store, '"korean troops"') == ["in-order"]
    assert set(ids(store, "korean troops")) == {"in-order", "reversed"}  # words alone: any order


def test_accents_and_letter_case_are_folded(store: Store) -> None:
    store.merge([note("accented", "seen in Kýiv"), note("plain", "seen in kyiv"), note("other", "seen in Kursk")])
    assert set(ids(store, "kyiv")) == {"accented", "plain"}
    assert set(ids(store, "Kýiv")) == {"accented", "plain"}
    assert set(ids(store, "KYIV")) == {"accented", "plain"}


@pytest.fixture
def filtered(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """Notes whose every field a filter picks; the local time zone five hours behind UTC."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    store.merge(
        [
            note(
                "a1",
                "alpha",
                brief="id:a",
                tags=("Follow-Up",),
                colour="green",
                section="s1",
                updated="2026-11-30T03:00:00.000000+00:00",
            ),  # 29 November, 22:00, New York
            note(
                "a2",
                "alpha beta",
                brief="id:a",
                tags=("follow-up", "check"),
                colour="pink",
                section="s2",
                updated="2026-11-30T06:00:00.000000+00:00",
            ),  # 30 November, 01:00
            note(
                "b1",
                "beta",
                brief="id:b",
                tags=("check",),
                colour="green",
                section="s1",
                updated="2026-11-01T12:00:00.000000+00:00",
            ),
            note("b2", "gamma", brief="id:b", colour="blue", section="s3", updated="2026-10-31T12:00:00.000000+00:00"),
            note(
                "p1",
                "alpha",
                brief="path:/briefs/x.md",
                colour="yellow",
                section="s1",
                updated="2026-12-02T12:00:00.000000+00:00",
            ),
        ]
    )
    store.delete("p1")
    store.merge(
        [note("p2", "delta", brief="path:/briefs/x.md", section="s9", updated="2026-12-03T12:00:00.000000+00:00")]
    )
    yield store
    store.close()
    monkeypatch.delenv("TZ")
    time.tzset()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("brief:a", {"a1", "a2"}),
        ("brief:id:b", {"b1", "b2"}),
        ("brief:path:/briefs/x.md", {"p2"}),  # the deleted p1 never
        ("brief:a brief:b", {"a1", "a2", "b1", "b2"}),
        ("#follow-up", {"a1", "a2"}),  # letter case aside
        ("#FOLLOW-UP #check", {"a2"}),  # every tag given
        ("tag:check", {"a2", "b1"}),
        ("colour:green", {"a1", "b1"}),
        ("color:GREEN colour:blue", {"a1", "b1", "b2"}),
        ("section:s1", {"a1", "b1"}),
        ("section:s1 section:s3", {"a1", "b1", "b2"}),
        ("since:2026-11-30", {"a2", "p2"}),  # a1 is on the 29th, local time
        ("until:2026-11-29", {"a1", "b1", "b2"}),
        ("since:2026-11 until:2026-11", {"a1", "a2", "b1"}),
        ("until:2026-10", {"b2"}),
        ("since:today", {"p2"}),
        ("since:7d", {"a1", "a2", "p2"}),
        ("alpha brief:a colour:pink", {"a2"}),
        ("alpha", {"a1", "a2"}),
        ("", {"a1", "a2", "b1", "b2", "p2"}),
    ],
)
def test_each_filter_finds_exactly_its_notes(filtered: Store, typed: str, expected: set[str]) -> None:
    assert set(ids(filtered, typed)) == expected
    assert filtered.count_found(parse(typed, TODAY).query) == len(expected)


def test_only_limits_to_the_ids_given(filtered: Store) -> None:
    query = parse("alpha", TODAY).query
    assert set(ids(filtered, replace(query, only=frozenset({"a2", "b1", "p1"})))) == {"a2"}
    assert ids(filtered, replace(query, only=frozenset())) == []
    assert ids(filtered, replace(parse("", TODAY).query, only=frozenset({"b2"}))) == ["b2"]


def test_the_orders(filtered: Store) -> None:
    assert ids(filtered, NoteQuery(order=Order.NEWEST)) == ["p2", "a2", "a1", "b1", "b2"]
    assert ids(filtered, NoteQuery()) == ["p2", "a2", "a1", "b1", "b2"]  # best without words: newest
    assert ids(filtered, NoteQuery(order=Order.BRIEF)) == ["a1", "a2", "b2", "b1", "p2"]


TYPED = [
    "AND",
    "a AND b",
    "OR",
    "NOT",
    "NEAR(",
    "NEAR(a b, 2)",
    "*",
    "tro*",
    '"',
    '"unclosed',
    '""',
    '" "',
    "note:",
    "note:alpha",
    "quote:x",
    "{note quote}: x",
    "-x",
    "- alpha",
    "^",
    "^alpha",
    "alpha^",
    "(",
    ")",
    "a:b:c",
    "+",
    "'",
    "\\",
    "%_",
    "\x00",
    "\x1b[31m",
    "é" * 500,
    "w " * 200,
    "#",
    "#'",
    "brief:",
    'brief:"',
    "since:",
    "since:9999-99-99",
    "until:0000-01-01",
    "since:99999d",
    "colour:mauve",
    "section:*",
    "is:nothing",
]


@pytest.mark.parametrize("typed", TYPED)
def test_fts5_syntax_typed_by_a_user_never_raises(filtered: Store, typed: str) -> None:
    query = parse(typed, TODAY).query
    page = filtered.search(query)
    assert page.notice == ""
    assert filtered.count_found(query) >= len(page.hits)
    for order in Order:
        filtered.search(replace(query, order=order), offset=3, limit=2)


def test_what_looks_like_syntax_is_searched_as_words(filtered: Store) -> None:
    filtered.merge([note("syntax", "use AND or NEAR carefully, note: this")])
    assert ids(filtered, "AND") == ["syntax"]
    assert ids(filtered, "NEAR(") == ["syntax"]
    assert ids(filtered, "note:") == ["syntax"]
