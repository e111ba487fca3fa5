"""The sentence splitter: abbreviations, initials, numbers, quotations."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tui.core.brief.sentences import split_sentences

from .helpers.growth import seconds


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two.", ["One.", "Two."]),
        ("The U.S. Defense Secretary spoke. He left.", ["The U.S. Defense Secretary spoke.", "He left."]),
        ("Lt. Gen. Kyrylo Budanov said so. Others agreed.", ["Lt. Gen. Kyrylo Budanov said so.", "Others agreed."]),
        ("It sent 12,000 troops. Then more.", ["It sent 12,000 troops.", "Then more."]),
        ("Growth was 1.5 percent. It fell.", ["Growth was 1.5 percent.", "It fell."]),
        ("Prices rose 3.2% in Q1. Costs fell.", ["Prices rose 3.2% in Q1.", "Costs fell."]),
        ('He called it "fake news." The U.S. disagreed.', ['He called it "fake news."', "The U.S. disagreed."]),
        ("He called it \u201cfake news.\u201d Then left.", ["He called it \u201cfake news.\u201d", "Then left."]),
        ('"Is it real?" he asked. No answer.', ['"Is it real?" he asked.', "No answer."]),
        ('It said: "Stop. Now." Then it stopped.', ['It said: "Stop.', 'Now."', "Then it stopped."]),
        ("See e.g. the annex. Then go.", ["See e.g. the annex.", "Then go."]),
        ("Kim J. Un met Mr. Smith. They talked.", ["Kim J. Un met Mr. Smith.", "They talked."]),
        ("Wait... what? Yes! 2,600 went. (Later.) Done", ["Wait... what?", "Yes!", "2,600 went.", "(Later.)", "Done"]),
        ("Ready by Nov. 1 at the latest. Maybe.", ["Ready by Nov. 1 at the latest.", "Maybe."]),
        ("no capital. after this", ["no capital. after this"]),
        ("Russia said no. Ukraine disagreed.", ["Russia said no.", "Ukraine disagreed."]),
        ("See No. 5 and p. 12 today. Done.", ["See No. 5 and p. 12 today.", "Done."]),
        ("It began at 6 a.m. Ships were diverted.", ["It began at 6 a.m.", "Ships were diverted."]),
        ("We chose option A. It failed.", ["We chose option A.", "It failed."]),
        ("J. R. Smith wrote it. Kim J. Un read it.", ["J. R. Smith wrote it.", "Kim J. Un read it."]),
        ("He arrived on 3 Nov. Then he left.", ["He arrived on 3 Nov.", "Then he left."]),
        ("Smith et al. The study agreed.", ["Smith et al.", "The study agreed."]),
        (
            "It said so. 평양은 부인했다. 그러나 영상이 있다.",
            ["It said so.", "평양은 부인했다.", "그러나 영상이 있다."],
        ),
        ("Vs. the rest, cf. the annex. Fine.", ["Vs. the rest, cf. the annex.", "Fine."]),
        # Known limit: a capital after a capitalised word reads as an initial ("Plan B. Then").
        ("It was Plan B. Then it failed.", ["It was Plan B. Then it failed."]),
        ("  Leading and trailing space.  ", ["Leading and trailing space."]),
        ("", []),
        ("   ", []),
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_offsets_cover_the_text_in_order() -> None:
    text = "First one. Second one!  Third one? Fourth."
    bounds = split_sentences(text)
    assert [text[a:b] for a, b in bounds] == ["First one.", "Second one!", "Third one?", "Fourth."]
    assert all(bounds[i][1] <= bounds[i + 1][0] for i in range(len(bounds) - 1))


def test_a_long_run_of_sentence_punctuation_splits_in_linear_time() -> None:
    # Each try of the old pattern from inside a run backtracked through the rest of it:
    # 3,000 characters took about 0.2 s and 12,000 about 3 s (16 times as long for 4 times the text).
    def run_of(count: int) -> Callable[[], object]:
        text = "Word" + ".!?…" * count + "x. Next one."
        return lambda: split_sentences(text)

    small, large = seconds(run_of(750)), seconds(run_of(3000))
    assert large < 8 * small
    assert sentences("Word" + "." * 5000 + "x. Next one.") == ["Word" + "." * 5000 + "x.", "Next one."]
