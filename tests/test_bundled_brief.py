"""The first brief: clean under check, complete claims, and a sentence splitter that gets it right."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest

from tui.core.brief.model import Brief, ClaimStatus, Sentence
from tui.core.brief.parse import load_brief
from tui.core.tradecraft import words
from tui.core.tradecraft.claim_rules import proof_verb
from tui.core.tradecraft.review import review

from .conftest import BUNDLED_BRIEF, REPO

SOURCE_OVERLAP = REPO.parent / "shared" / "tools" / "source_overlap.py"


@pytest.fixture(scope="module")
def parsed() -> tuple[Brief, list[str]]:
    brief, problems = load_brief(BUNDLED_BRIEF)
    return brief, [p.format(BUNDLED_BRIEF.name) for p in problems]


@pytest.fixture(scope="module")
def brief(parsed: tuple[Brief, list[str]]) -> Brief:
    return parsed[0]


def sentences_of(brief: Brief) -> list[str]:
    return [section.sentence_text(s) for section in brief.all_sections for s in section.sentences]


def test_no_problem_at_all(parsed: tuple[Brief, list[str]]) -> None:
    assert parsed[1] == []


def test_metadata_and_sections(brief: Brief) -> None:
    assert brief.id == "north-korean-troops-in-russia"
    assert brief.date == "2024-10"
    assert brief.sources
    assert brief.summary is not None
    assert [s.id for s in brief.sections] == [
        "key-judgements",
        "situation",
        "motives",
        "chinas-role",
        "regional-risks",
        "what-to-watch",
    ]
    assert [s.title for s in brief.focus_sections] == ["Key judgements", "Situation", "Motives"]


def test_claims_are_complete(brief: Brief) -> None:
    assert len(brief.claims) >= 15
    for claim in brief.claims:
        assert claim.statement
        assert claim.claimant
        assert claim.reported_by
        assert claim.status is not None
        assert claim.grade is not None
        assert claim.references, f"{claim.id} is never cited"


def claim_status(brief: Brief, claim_id: str) -> ClaimStatus | None:
    claim = brief.claim(claim_id)
    assert claim is not None, claim_id
    return claim.status


def test_statuses_match_the_source(brief: Brief) -> None:
    assert claim_status(brief, "nis-brigades") is ClaimStatus.REPORTED
    assert claim_status(brief, "nis-special-forces") is ClaimStatus.REPORTED
    assert claim_status(brief, "austin-evidence") is ClaimStatus.REPORTED
    assert claim_status(brief, "kremlin-denial") is ClaimStatus.DENIED
    assert claim_status(brief, "peskov-fake-news") is ClaimStatus.DENIED
    assert claim_status(brief, "telegram-footage") is ClaimStatus.UNVERIFIED
    assert claim_status(brief, "rutte-escalation") is ClaimStatus.ASSESSED
    # Issue 16: events on the public record are confirmed; Austin's words are reported, the outlet's reading assessed.
    assert claim_status(brief, "kursk-incursion") is ClaimStatus.CONFIRMED
    assert claim_status(brief, "june-agreement") is ClaimStatus.CONFIRMED
    assert claim_status(brief, "austin-mission-unclear") is ClaimStatus.REPORTED
    assert claim_status(brief, "us-weighing-motives") is ClaimStatus.ASSESSED


def test_claimants_match_the_source(brief: Brief) -> None:
    claimants = {claim.id: claim.claimant for claim in brief.claims}
    assert "National Intelligence Service" in claimants["nis-brigades"]
    assert "Lloyd Austin" in claimants["austin-evidence"]
    assert "Budanov" in claimants["budanov-training"]
    assert "Budanov" in claimants["budanov-kursk"]
    assert "Peskov" in claimants["peskov-fake-news"]
    assert "Telegram" in claimants["telegram-footage"]
    assert "Rutte" in claimants["rutte-escalation"]


def test_the_tradecraft_rules_find_nothing_and_no_pragma_silences_them(brief: Brief) -> None:
    assert review(brief) == []
    assert "briefing:" not in BUNDLED_BRIEF.read_text(encoding="utf-8")


def test_every_claim_is_dated_and_none_says_it_shows_what_it_only_purports(brief: Brief) -> None:
    assert all(claim.date for claim in brief.claims)
    footage = brief.claim("telegram-footage")
    assert footage is not None
    assert "purports to show" in footage.statement
    assert proof_verb(footage) is None
    overstated = replace(footage, statement=footage.statement.replace("purports to show", "shows"))
    assert proof_verb(overstated) is not None  # the rule would see it


def test_the_bottom_line_says_the_deployment_has_begun_and_is_unconfirmed(brief: Brief) -> None:
    assert brief.summary is not None
    bottom_line = brief.summary.text
    assert "has begun deploying four brigades" in bottom_line
    assert "reportedly there already" in bottom_line
    assert "The deployment is unconfirmed" in bottom_line
    assert "counts 12,000" not in bottom_line


def test_each_key_judgement_gives_a_likelihood_then_its_confidence_apart(brief: Brief) -> None:
    judgements = brief.section("key-judgements")
    assert judgements is not None
    items: dict[int, list[Sentence]] = {}
    for sentence in judgements.sentences:
        items.setdefault(sentence.block, []).append(sentence)
    assert 3 <= len(items) <= 5
    for said in items.values():
        assert len(said) == 2, [judgements.sentence_text(s) for s in said]
        judgement, confidence = (judgements.sentence_text(s) for s in said)
        assert said[0].claim_ids, judgement  # the claims it rests on
        assert words.found(words.LIKELIHOOD, judgement)
        assert not words.found(words.CONFIDENCE, judgement)
        assert words.found(words.CONFIDENCE, confidence)
        assert not words.found(words.LIKELIHOOD, confidence)


def test_munitions_sought_no_longer_support_the_technology_gained(brief: Brief) -> None:
    munitions = brief.claim("russia-seeks-munitions")
    assert munitions is not None
    assert "kim-military-tech" not in munitions.supports


def test_the_denials_contradict_the_deployment_claims(brief: Brief) -> None:
    denial = brief.claim("kremlin-denial")
    assert denial is not None
    assert {"austin-evidence", "nis-brigades", "nis-special-forces", "budanov-training", "budanov-kursk"} <= set(
        denial.contradicts
    )
    fake_news = brief.claim("peskov-fake-news")
    assert fake_news is not None
    assert "telegram-footage" in fake_news.contradicts


@pytest.mark.parametrize(
    "figure", ["12,000", "four brigades", "1,500", "2,600", "November 1", "June 2024", "Kursk", "late summer"]
)
def test_figures_and_dates_as_in_the_source(brief: Brief, figure: str) -> None:
    assert any(figure in section.text for section in brief.all_sections)


def test_sentences_of_the_brief(brief: Brief) -> None:
    found = sentences_of(brief)
    # "U.S." and a quotation inside one sentence
    assert (
        "At a Pentagon briefing on Wednesday, U.S. Defense Secretary Lloyd Austin said Washington has "
        '"evidence" of North Korean forces being present in Russia.'
    ) in found
    # "Lt. Gen." and "November 1" inside a list item's one sentence
    assert (
        "Lt. Gen. Kyrylo Budanov, who heads Ukraine's Defense Intelligence Directorate, says the North Koreans "
        "are in training on Russian soil and will be ready for combat by November 1."
    ) in found
    # "12,000" does not split, and list items are their own sentences
    assert (
        "South Korea's National Intelligence Service (NIS) says North Korea has started sending four brigades "
        "to Russia, 12,000 troops in all."
    ) in found
    # two sentences in one list item stay two
    assert "Budanov also says a first contingent of 2,600 will go to Kursk." in found
    assert (
        "That is the strategic Russian region that Ukrainian troops entered in a surprise incursion in late summer."
        in found
    )
    assert 'Kremlin spokesperson Dmitry Peskov called the videos "fake news".' in found
    for sentence in found:
        assert sentence[0].isupper() or sentence[0] in "\"'(" or sentence[0].isdigit(), sentence


def test_citations_are_tied_to_their_sentences(brief: Brief) -> None:
    situation = brief.section("situation")
    assert situation is not None
    cited = {situation.sentence_text(s): s.claim_ids for s in situation.sentences}
    assert cited["Budanov also says a first contingent of 2,600 will go to Kursk."] == ("budanov-kursk",)


@pytest.mark.system  # runs another process
@pytest.mark.skipif(not SOURCE_OVERLAP.exists(), reason="shared/tools is not beside this checkout")
def test_written_in_our_own_words() -> None:
    result = subprocess.run([sys.executable, str(SOURCE_OVERLAP), str(BUNDLED_BRIEF)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
