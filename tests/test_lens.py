"""The evidence lens's logic, without Textual: what each sentence rests on, its estimative words, its warnings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.bench.generate import generate
from tui.core.brief.loader import open_brief
from tui.core.brief.model import Brief, Section
from tui.core.reading.lens import MARKS, ORDER, WARNING_MARK, Footing, Lens, weakest
from tui.core.tradecraft.review import review, review_steps

LENS_BRIEF = Path(__file__).parent / "lens_brief.md"


def parsed(path: Path) -> Brief:
    loader = open_brief(path)
    loader.finish()
    assert loader.brief is not None
    return loader.brief


@pytest.fixture(scope="module")
def crafted() -> Brief:
    return parsed(LENS_BRIEF)


def section(brief: Brief, section_id: str) -> Section:
    found = next((s for s in brief.all_sections if s.id == section_id), None)
    assert found is not None, section_id
    return found


def by_start(section: Section) -> dict[str, int]:
    """Each sentence's index, by its first words."""
    return {section.sentence_text(s)[:20]: s.index for s in section.sentences}


def test_each_sentence_rests_on_the_weakest_status_it_cites(crafted: Brief) -> None:
    facts = section(crafted, "facts")
    lens = Lens(crafted)
    footings = {
        section_text[:20]: lens.footing(facts, facts.sentences[i]) for section_text, i in by_start(facts).items()
    }
    assert footings == {
        "The convoy crossed t": Footing.CONFIRMED,
        "Monitors counted for": Footing.REPORTED,
        "The rebels took the ": Footing.CLAIMED,
        "The convoy carried g": Footing.UNVERIFIED,  # confirmed and unverified: the weaker
        "This is a sentence o": Footing.ANALYSIS,  # cites nothing: the author's own
        "It is likely that th": Footing.ANALYSIS,
    }


def test_a_quotation_or_a_heading_citing_nothing_is_not_the_authors_analysis(crafted: Brief) -> None:
    judgements = section(crafted, "judgements")
    lens = Lens(crafted)
    quoted = next(s for s in judgements.sentences if judgements.sentence_text(s).startswith("The envoy"))
    assert lens.footing(judgements, quoted) is Footing.NONE
    assert MARKS[Footing.NONE] == " "


def test_a_sentence_citing_only_claims_without_a_status_is_marked_unknown(write: Callable[..., Path]) -> None:
    brief = parsed(
        write(
            "---\ntitle: T\n---\n\n# T\n\n## A\n\nIt happened.[^x] It did not.[^nowhere]\n\n"
            "[^x]: It happened.\n    - claimant: someone\n"
        )
    )
    lens = Lens(brief)
    part = section(brief, "a")
    assert [lens.footing(part, s) for s in part.sentences] == [Footing.UNKNOWN, Footing.UNKNOWN]
    assert lens.said(part, part.sentences[0]) == "rests on claims without a status, or not defined"


def test_estimative_words_are_found_as_offsets_into_the_section(crafted: Brief) -> None:
    judgements, facts = section(crafted, "judgements"), section(crafted, "facts")
    lens = Lens(crafted)
    words = [judgements.text[a:b] for s in judgements.sentences for a, b in lens.estimative(judgements, s)]
    assert words == ["almost certain", "high confidence", "possibly", "may"]  # not "could" in the quotation
    assert [facts.text[a:b] for s in facts.sentences for a, b in lens.estimative(facts, s)] == ["likely"]


def test_warnings_are_on_their_sentences_with_their_codes(crafted: Brief) -> None:
    lens = Lens(crafted, review(crafted))
    judgements, facts = section(crafted, "judgements"), section(crafted, "facts")
    warned = {
        (part.id, part.sentence_text(s)[:20]): [w.code for w in lens.warnings(part, s)]
        for part in (facts, judgements)
        for s in part.sentences
        if lens.warned(part, s)
    }
    assert warned == {
        ("facts", "The rebels took the "): ["T101"],
        ("judgements", "We judge it almost c"): ["T202"],
        ("judgements", "The rebels will poss"): ["T201"],
    }
    rebels = facts.sentences[by_start(facts)["The rebels took the "]]
    (warning,) = lens.warnings(facts, rebels)
    assert warning.rule == "unhedged"
    assert "airbase-taken (claimed)" in warning.message


def test_no_warning_is_known_before_the_review(crafted: Brief) -> None:
    lens = Lens(crafted)
    assert not lens.reviewed
    facts = section(crafted, "facts")
    assert not any(lens.warned(facts, s) for s in facts.sentences)
    assert Lens(crafted, []).reviewed


def test_a_claims_warning_is_listed_on_each_sentence_citing_it_not_marked(write: Callable[..., Path]) -> None:
    brief = parsed(
        write(
            "---\ntitle: T\n---\n\n# T\n\n## A\n\nThe convoy crossed.[^x] Nothing else. It crossed again.[^x]\n\n"
            "[^x]: The convoy crossed.\n    - claimant: someone\n    - reported by: a report\n"
            "    - status: confirmed\n    - grade: C3\n"
        )
    )
    lens = Lens(brief, review(brief))
    part = section(brief, "a")
    assert [[w.code for w in lens.warnings(part, s)] for s in part.sentences] == [["T301"], [], ["T301"]]
    assert [w.claim_id for w in lens.warnings(part, part.sentences[0])] == ["x"]
    # Listed under the text, not marked: the claim's, not the sentence's (an undated claim is cited everywhere).
    assert not any(lens.warned(part, s) for s in part.sentences)


def test_a_line_is_marked_by_its_weakest_sentence_and_warned_if_one_is(crafted: Brief) -> None:
    facts = section(crafted, "facts")
    lens = Lens(crafted, review(crafted))
    at = by_start(facts)
    confirmed, reported, claimed = (
        facts.sentences[at[k]] for k in ("The convoy crossed t", "Monitors counted for", "The rebels took the ")
    )
    assert lens.line(facts, [confirmed]) == (Footing.CONFIRMED, False)
    assert lens.line(facts, [confirmed, reported]) == (Footing.REPORTED, False)
    assert lens.line(facts, [reported, claimed]) == (Footing.CLAIMED, True)
    assert lens.marks(facts, [confirmed, reported]) == MARKS[Footing.REPORTED] + " "
    assert lens.marks(facts, [reported, claimed]) == MARKS[Footing.CLAIMED] + WARNING_MARK
    analysis = facts.sentences[at["This is a sentence o"]]
    assert lens.line(facts, [confirmed, analysis]) == (Footing.ANALYSIS, False)  # a judgement, weaker than a fact
    assert lens.line(facts, []) == (Footing.NONE, False)


def test_marks_are_one_cell_each_and_distinct() -> None:
    shown = [MARKS[footing] for footing in Footing if footing is not Footing.NONE]
    assert len(set(shown)) == len(shown)
    assert all(len(mark) == 1 for mark in shown)
    assert WARNING_MARK not in shown
    assert weakest([]) is Footing.NONE
    assert set(ORDER) == set(Footing)


def test_the_legend_names_the_statuses_the_brief_uses_then_analysis(crafted: Brief) -> None:
    assert Lens(crafted).legend() == [
        Footing.CONFIRMED,
        Footing.REPORTED,
        Footing.CLAIMED,
        Footing.UNVERIFIED,
        Footing.ANALYSIS,
    ]


def test_said_tells_what_a_sentence_rests_on(crafted: Brief) -> None:
    facts = section(crafted, "facts")
    lens = Lens(crafted)
    at = by_start(facts)
    assert (
        lens.said(facts, facts.sentences[at["The convoy carried g"]]) == "rests on unverified (the weakest of 2 claims)"
    )
    assert lens.said(facts, facts.sentences[at["The convoy crossed t"]]) == "rests on confirmed"
    assert lens.said(facts, facts.sentences[at["This is a sentence o"]]) == "the author's analysis: cites no claim"


def shape(findings: list) -> list[tuple[object, ...]]:  # type: ignore[type-arg]
    return sorted((f.code, f.section_id, f.sentence, f.claim_id, f.message) for f in findings)


def run(steps) -> tuple[list, int]:  # type: ignore[no-untyped-def,type-arg]
    yields = 0
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value, yields
        yields += 1


def test_the_review_in_steps_finds_what_briefing_check_finds(crafted: Brief, tmp_path: Path) -> None:
    found, _ = run(review_steps(crafted))
    assert shape(found) == shape(review(crafted))
    big = tmp_path / "big.md"
    big.write_text(generate(200_000), encoding="utf-8")
    brief = parsed(big)
    found, yields = run(review_steps(brief))
    assert shape(found) == shape(review(brief))
    assert found
    assert yields >= 3  # a step at a time: the reader's keys get through between steps


def test_a_pragma_silences_the_lens_as_it_does_the_check(write: Callable[..., Path]) -> None:
    brief = parsed(
        write(
            "---\ntitle: T\n---\n\n# T\n\n## A\n\nThe rebels took it.[^x] <!-- briefing: ignore T101 -->\n\n"
            "[^x]: The rebels took it.\n    - claimant: rebels\n    - reported by: a report\n    - status: claimed\n"
        )
    )
    found, _ = run(review_steps(brief))
    assert found == [] == review(brief)


def test_plain_markdown_has_no_review(write: Callable[..., Path]) -> None:
    brief = parsed(write("# Notes\n\nJust text. It is likely.\n"))
    assert run(review_steps(brief))[0] == []


WEIGHED = """---
id: weighed
title: Weighed
---

Troops are very likely there: two governments say so and nothing backs the denial.[^seen][^said][^denial]
The denial stands alone.[^denial]

[^seen]: Troops are there.
    - claimant: Government A
    - status: reported
[^said]: Troops are training there.
    - claimant: Government B
    - status: claimed
[^denial]: No troops are there.
    - claimant: The host
    - status: denied
    - contradicts: seen, said
"""


def test_a_claim_set_against_firmer_ones_cited_with_it_is_weighed_not_rested_on(tmp_path: Path) -> None:
    path = tmp_path / "weighed.md"
    path.write_text(WEIGHED, encoding="utf-8")
    brief = parsed(path)
    assert brief.summary is not None
    judgement, alone = brief.summary.sentences
    lens = Lens(brief, [])
    assert lens.footing(brief.summary, judgement) is Footing.CLAIMED  # not DENIED: the denial is weighed
    assert lens.footing(brief.summary, alone) is Footing.DENIED  # alone, it is what the sentence rests on
    said = lens.said(brief.summary, judgement)
    assert said.startswith('judged "very likely", rests on claimed (the weakest of 2 claims)')
    assert said.endswith("weighed against them: denial (denied)")


def test_the_warning_under_the_cursor_does_not_quote_the_sentence_again(crafted: Brief) -> None:
    found = review(crafted)
    lens = Lens(crafted, found)
    warned = next(f for f in found if f.code == "T101")
    where = section(crafted, warned.section_id or "")
    said = lens.warnings(where, where.sentences[warned.sentence])[0].message
    assert said.startswith("states as fact what its claims do not establish")
    assert warned.message.startswith('"')
