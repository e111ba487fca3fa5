"""Search in text whose case folding changes lengths (`İ`, `ß`, `ﬁ`): matches are spans of the original text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers.growth import seconds
from tui.core.brief.model import Section
from tui.core.display.search import find_in_section, fold

# Characters whose folding is longer than they are, their foldings, and ones folding to them.
TRICKY = "İßẞﬁﬀŉǰΐſKıiIsSfFΣσςẞ\u0307"
ALPHABET = TRICKY + "abc .Ä"


def plain(text: str) -> Section:
    return Section(id="s", title="S", line=1, text=text, blocks=())


def spans(text: str, query: str) -> list[str]:
    return [text[m.start : m.end] for m in find_in_section(plain(text), query)]


def naive(text: str, query: str) -> list[tuple[int, int]]:
    """Leftmost, non-overlapping spans of whole characters whose folding is the query's (quadratic, for checking)."""
    sensitive = any(ch.isupper() for ch in query)
    needle = query if sensitive else query.casefold()

    def folded(span: str) -> str:
        return span if sensitive else span.casefold()

    found, at = [], 0
    while at < len(text):
        end = next((j for j in range(at + 1, len(text) + 1) if folded(text[at:j]) == needle), None)
        if end is None:
            at += 1
        else:
            found.append((at, end))
            at = end
    return found


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        ("İstanbul and istanbul", "stanbul", ["stanbul", "stanbul"]),
        ("Die Straße, die STRASSE", "strasse", ["Straße", "STRASSE"]),
        ("Die Straße", "straße", ["Straße"]),
        ("ﬁnd and find", "find", ["ﬁnd", "find"]),
        ("ßß then ss", "ss", ["ß", "ß", "ss"]),
        ("ß", "s", []),  # half of `ß`'s `ss` is not a match of whole characters
        ("İİ x", "x", ["x"]),
    ],
)
def test_matches_are_spans_of_the_original_text(text: str, query: str, expected: list[str]) -> None:
    assert spans(text, query) == expected


def test_a_match_after_a_folded_character_is_not_shifted() -> None:
    """The old search took offsets in the lowered text for offsets in the original (off by one after `İ`)."""
    [match] = find_in_section(plain("İ nato"), "nato")
    assert (match.start, match.end) == (2, 6)


@given(st.text(alphabet=ALPHABET, max_size=40), st.text(alphabet=ALPHABET, min_size=1, max_size=4))
def test_every_match_folded_is_the_query_folded(text: str, query: str) -> None:
    for match in find_in_section(plain(text), query):
        assert text[match.start : match.end].casefold() == query.casefold()


@given(st.text(alphabet=ALPHABET, max_size=30), st.data())
def test_a_query_taken_from_the_text_finds_what_a_naive_search_finds(text: str, data: st.DataObject) -> None:
    if text:
        i = data.draw(st.integers(0, len(text) - 1))
        j = data.draw(st.integers(i + 1, min(len(text), i + 4)))
        query = text[i:j]
    else:
        query = data.draw(st.text(alphabet=ALPHABET, min_size=1, max_size=3))
    found = [(m.start, m.end) for m in find_in_section(plain(text), query)]
    assert found == naive(text, query)


@given(st.text(alphabet=ALPHABET, max_size=600))
def test_the_offset_map_sends_every_character_boundary_home(text: str) -> None:
    folded = fold(text)
    at = 0
    for index, char in enumerate(text):
        assert folded.original(at) == index
        width = len(char.casefold())
        assert all(folded.original(at + inner) is None for inner in range(1, width))
        at += width
    assert folded.original(at) == len(text)


def test_folding_grows_linearly() -> None:
    # Processor time, the median of rounds (tests/helpers/growth.py): the wall clock of one call
    # on a shared machine once made 4x the text look 15x slower.
    small_text, large_text = "Straße İstanbul ﬁnd " * 10_000, "Straße İstanbul ﬁnd " * 40_000
    small = seconds(lambda: fold(small_text))
    large = seconds(lambda: fold(large_text))
    assert large < 12 * small


def old_spans(text: str, query: str) -> list[tuple[int, int]]:
    """The search before the offset map: offsets in the lowered text taken for offsets in the original."""
    lowered, needle = text.lower(), query.lower()
    found, at = [], lowered.find(needle)
    while at >= 0:
        found.append((at, at + len(query)))
        at = lowered.find(needle, at + len(needle))
    return found


@pytest.mark.parametrize(("text", "query"), [("İ nato", "nato"), ("İİ x", "x")])
def test_the_property_catches_the_old_search(text: str, query: str) -> None:
    """A naive variant: the old search fails the property the tests above check."""
    assert any(text[start:end].casefold() != query.casefold() for start, end in old_spans(text, query))


alphabet = st.sampled_from(["a", "A", "s", "S", "ß", "ẞ", "İ", "i", "\u0307", "ﬁ", "f", " ", "σ", "ς", "Σ"])


@given(
    text=st.lists(alphabet, max_size=60).map("".join),
    query=st.lists(alphabet, min_size=1, max_size=4).map("".join),
    window=st.integers(1, 9),
)
def test_folding_a_window_at_a_time_finds_what_folding_it_whole_finds(text: str, query: str, window: int) -> None:
    from tui.core.display import search

    whole = [span for span in search._spans(text, query) if span is not None]
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(search, "FOLD_WINDOW", window)
        assert [span for span in search._spans(text, query) if span is not None] == whole


def test_a_search_in_a_huge_section_of_text_that_folds_longer_pauses_between_windows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A 3.75 MB section of `ß` was folded in one call: the key typed after took 3-5 s to show.
    from tui.core.display import search

    folded: list[int] = []
    fold = search.fold
    monkeypatch.setattr(search, "fold", lambda text: folded.append(len(text)) or fold(text))
    section = Section.__new__(Section)  # only its text, id and sentences are read
    object.__setattr__(section, "text", "ßßßßßßßß. Aßß. " * 40_000)
    object.__setattr__(section, "id", "s")
    object.__setattr__(section, "sentences", ())
    job = search.Search([section], "sq")
    assert not job.run(0.0)  # the clock is looked at after the first window
    assert folded == [search.FOLD_WINDOW + len("sq") + 1]
    while not job.run(float("inf")):
        pass
    assert max(folded) <= search.FOLD_WINDOW + 3
    assert len(folded) >= len(section.text) // search.FOLD_WINDOW
