"""The changes since the last reading, without a screen: the look, what is said, the walk, marking read, the list."""

from __future__ import annotations

import pytest

from tui.core.brief.model import Brief
from tui.core.brief.parse import parse_brief
from tui.core.changes.compare import Mark
from tui.core.changes.fingerprint import encode, fingerprint_of
from tui.core.reading.change_list import LISTED, Target, entries
from tui.core.reading.since import FIRST_READING, Baseline, SinceRead, day_of, look

from .conftest import BUNDLED_BRIEF

NOW = "2026-12-03T18:00:00.000000+00:00"
THEN = "2026-12-01T09:30:00.000000+00:00"


def parsed(text: str) -> Brief:
    brief, _ = parse_brief(text, "brief.md")
    return brief


def since(old: str | None, new: str) -> SinceRead:
    state = SinceRead()
    stored = (encode(fingerprint_of(parsed(old))), THEN) if old is not None else None
    state.took(look(parsed(new), stored), NOW)
    return state


@pytest.fixture(scope="module")
def original() -> str:
    return BUNDLED_BRIEF.read_text(encoding="utf-8")


def edited(text: str) -> str:
    text = text.replace("status: reported", "status: confirmed", 1).replace("## China's role", "## Beijing's part")
    at = text.index("The detailed figures")
    return text[:at] + "A new paragraph. It has two sentences.\n\n" + text[at:]


def test_a_first_reading_marks_nothing_and_its_version_is_the_baseline(original: str) -> None:
    state = since(None, original)
    assert state.known
    assert state.first_reading
    assert state.changes is None
    assert state.summary() is None
    assert state.nothing_said() == FIRST_READING
    assert state.baseline is not None
    assert state.baseline.fingerprint == state.current
    assert state.step("situation", 0, 1) is None
    assert state.encoded == encode(fingerprint_of(parsed(original)))


def test_an_unchanged_brief_says_since_when(original: str) -> None:
    state = since(original, original)
    assert state.changes is None
    assert not state.first_reading
    assert state.nothing_said() == "No changes since you last read it on 2026-12-01"


def test_changes_are_said_counted_and_marked(original: str) -> None:
    state = since(original, edited(original))
    assert state.summary() == (
        "Changed since you last read it on 2026-12-01: 1 paragraph added, 1 claim now confirmed, "
        "1 section renamed. D lists them, ]c walks them, R marks them read"
    )
    assert set(state.marks_in("situation").values()) == {Mark.NEW}
    assert len(state.marks_in("situation")) == 2
    assert state.marks_in("motives") == {}


def test_the_walk_says_what_changed_where_it_stops_as_the_cursor_hides_the_gutter_mark() -> None:
    """A trial walked to a removed sentence's mark and saw nothing changed: the cursor's mark covers it."""
    old = "# T\n\n## A\n\nOne. Two. Three.\n"
    stop = since(old, old.replace(" Two.", "")).step("a", 0, 1)
    assert stop is not None
    assert stop.said == "Change 1/1 in the text: text removed before this sentence"


def test_the_walk_stops_once_a_run_and_comes_round_both_ways() -> None:
    old = "# T\n\n## A\n\nOne. Two.\n\nThree.\n\n## B\n\nFour.\n\nFive.\n"
    new = "# T\n\n## A\n\nOne. Two.\n\nNew one. New two.\n\nThree.\n\n## B\n\nFour.\n\nFive. Six.\n"
    state = since(old, new)
    assert state.stops == 2  # the two new sentences in A are one stop
    first = state.step("a", 0, 1)
    assert first is not None
    assert (first.section, first.sentence, first.said) == ("a", 2, "Change 1/2 in the text: new text")
    inside = state.step("a", 3, -1)  # from within the run, back to its start
    assert inside is not None
    assert (inside.section, inside.sentence) == ("a", 2)
    second = state.step("a", 3, 1)
    assert second is not None
    assert (second.section, second.sentence, second.said) == ("b", 2, "Change 2/2 in the text: new text")
    round_ = state.step("b", 2, 1)
    assert round_ is not None
    assert (round_.section, round_.sentence, round_.said) == ("a", 2, "Change 1/2 in the text (from the top): new text")
    back = state.step("a", 0, -1)
    assert back is not None
    assert (back.section, back.said) == ("b", "Change 2/2 in the text (from the bottom): new text")


def test_a_damaged_fingerprint_is_said_and_read_as_none(original: str) -> None:
    looked = look(parsed(original), (b"not a fingerprint", THEN))
    assert looked.damaged
    assert looked.baseline is None
    state = SinceRead()
    state.took(looked, NOW)
    assert state.first_reading
    # Not said as a first reading (a re-attack's `]c` said "First reading" right after the notice).
    assert state.nothing_said().startswith("The record of your last reading could not be read back")


def test_a_carried_baseline_is_used_as_it_is(original: str) -> None:
    baseline = Baseline(fingerprint_of(parsed(original)), THEN)
    state = SinceRead()
    state.took(look(parsed(edited(original)), baseline), NOW)
    assert state.baseline is baseline
    assert state.changes is not None


def test_marking_read_makes_this_version_the_baseline(original: str) -> None:
    state = SinceRead()
    assert not state.mark_read(NOW)  # nothing known yet
    state = since(original, edited(original))
    assert state.mark_read(NOW)
    assert state.changes is None
    assert state.marks_in("situation") == {}
    assert state.step("situation", 0, 1) is None
    assert state.baseline is not None
    assert state.baseline.fingerprint == state.current
    assert state.nothing_said() == "No changes since you last read it on 2026-12-03"


def test_the_list_puts_claims_first_each_with_where_it_goes(original: str) -> None:
    new = edited(original)
    state = since(original, new)
    assert state.changes is not None
    titles = {section.id: section.title for section in parsed(new).all_sections}
    listed, more = entries(state.changes, titles)
    assert more == 0
    assert [(e.sign, e.about, e.said) for e in listed[:2]] == [
        ("*", "austin-evidence", "reported → confirmed"),
        ("*", "Beijing's part", "renamed from China's role"),
    ]
    assert listed[0].target == Target(claim="austin-evidence")
    assert listed[2].said.startswith("paragraph added: “A new paragraph")
    assert listed[2].target is not None
    assert listed[2].target.section == "situation"


def test_the_list_is_bounded_and_pictures_hostile_text() -> None:
    old = "# T\n\n## A\n\n" + "\n\n".join(f"Paragraph {n}." for n in range(LISTED + 50)) + "\n"
    new = "# T\n\n## A\n\n" + "\n\n".join(f"Paragraph {n} \x1b[2J\u202e." for n in range(LISTED + 50)) + "\n"
    state = since(old, new)
    assert state.changes is not None
    listed, more = entries(state.changes, {"a": "A \x1b]0;x\x07"})
    assert len(listed) == LISTED
    assert more == 50
    text = "".join(entry.about + entry.said for entry in listed)
    assert "\x1b" not in text
    assert "\u202e" not in text
    assert "␛" in text


def test_the_day_is_taken_from_the_stores_time_else_pictured() -> None:
    assert day_of(THEN) == "2026-12-01"
    assert day_of("yesterday\x1b[2J") == "yesterday␛[2J"
    assert day_of("") == "an unknown day"
