"""The tradecraft rules: each warns on a crafted brief and stays quiet on its near miss (hedged,
attributed, quoted), pragmas silence them, and they catch what the first bundled brief overstated."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tui.cli.check import check
from tui.core.brief.model import Brief, Sentence
from tui.core.brief.parse import parse_brief
from tui.core.tradecraft.evidence import footing_of, rests_on, weakest
from tui.core.tradecraft.findings import CODES, Finding
from tui.core.tradecraft.review import review
from tui.core.tradecraft.words import estimative_spans

from .conftest import BUNDLED_BRIEF
from .helpers.growth import seconds

FIRST_BRIEF = Path(__file__).parent / "fixtures" / "first-brief.md"

HEAD = """\
---
id: crafted
title: Crafted
date: 2026-03
---

"""
CLAIMS = """
[^claimed]: The army has 3,000 tanks.
    - claimant: The army
    - reported by: Gazette
    - status: claimed
    - grade: C3

[^assessed]: The strike will spread.
    - claimant: Gazette
    - reported by: Gazette
    - status: assessed
    - grade: C3

[^confirmed]: The port closed on Monday.
    - claimant: Port authority
    - reported by: Gazette
    - status: confirmed
    - grade: A1
"""


def findings(prose: str, claims: str = CLAIMS) -> list[Finding]:
    text = HEAD + prose + "\n" + claims
    brief, problems = parse_brief(text, "crafted.md")
    assert not [problem for problem in problems if problem.severity.value == "error"], problems
    return review(brief, text.split("\n"))


def codes(prose: str, claims: str = CLAIMS) -> list[str]:
    return [finding.code for finding in findings(prose, claims)]


# T101: a sentence resting only on claims that do not establish it, stated as fact.
@pytest.mark.parametrize(
    "sentence",
    [
        "The army has 3,000 tanks.[^claimed]",
        "The strike will spread to every port.[^assessed]",
        "The army has 3,000 tanks, and the strike will spread.[^claimed][^assessed]",
    ],
)
def test_an_unhedged_sentence_on_claims_that_establish_nothing_warns(sentence: str) -> None:
    found = findings(sentence + " Uncited.[^confirmed]")
    assert [finding.code for finding in found] == ["T101"]
    assert found[0].message.startswith(f'"{sentence.split("[^", maxsplit=1)[0]}"')
    assert found[0].section_id == "summary"
    assert found[0].sentence == 0
    assert set(found[0].claim_ids) <= {"claimed", "assessed"}
    assert found[0].claim_ids


@pytest.mark.parametrize(
    "sentence",
    [
        "The army says it has 3,000 tanks.[^claimed]",  # attributed
        "According to the army, it has 3,000 tanks.[^claimed]",
        "The army reportedly has 3,000 tanks.[^claimed]",  # hedged
        "The strike may spread to every port.[^assessed]",
        "The strike is likely to spread.[^assessed]",  # an ICD 203 likelihood
        'The army has "3,000 tanks".[^claimed]',  # quoted
        "The port closed on Monday, and the army has 3,000 tanks.[^confirmed][^claimed]",  # one claim establishes
        "Watch whether the army has 3,000 tanks.[^claimed]",  # a call to watch asserts nothing
        "Does the army have 3,000 tanks?[^claimed]",  # nor does a question
        "The army has 3,000 tanks.",  # no claim: the author's own
    ],
)
def test_a_hedged_attributed_or_quoted_sentence_does_not(sentence: str) -> None:
    assert "T101" not in codes(sentence + " More.[^confirmed]")


def test_a_sentence_in_a_block_quote_is_someone_elses_words() -> None:
    assert codes("> The army has 3,000 tanks.[^claimed]\n\nIt is confirmed.[^confirmed]\n") == []


def test_the_warning_points_at_the_start_of_the_sentence_in_the_file() -> None:
    found = findings("First sentence is fine.[^confirmed] The **army** has\n3,000 tanks.[^claimed]\n")
    assert (found[0].line, found[0].column) == (7, 37)  # "The", after "fine.[^confirmed] "


# T102: a claim not established whose statement says evidence shows it.
PROOF = """
[^footage]: Footage shows soldiers at the base.
    - claimant: Telegram channels
    - reported by: Gazette
    - status: unverified
    - grade: F3
"""


def test_a_proof_verb_in_an_unverified_claim_warns() -> None:
    found = findings("Channels say a video shows soldiers.[^footage]", PROOF)
    assert [finding.code for finding in found] == ["T102"]
    assert found[0].claim_id == "footage"
    assert found[0].line == 9


@pytest.mark.parametrize(
    "statement",
    [
        "Footage purports to show soldiers at the base.",  # hedged
        "Footage said to show soldiers at the base.",  # attributed
        'Footage "shows soldiers" at the base.',  # quoted
    ],
)
def test_a_claim_saying_what_footage_purports_to_show_does_not(statement: str) -> None:
    assert (
        codes(
            "Channels say a video shows soldiers.[^footage]",
            PROOF.replace("Footage shows soldiers at the base.", statement),
        )
        == []
    )


def test_a_confirmed_claim_may_say_what_evidence_shows() -> None:
    confirmed = PROOF.replace("unverified", "confirmed").replace("F3", "B1")
    assert codes("Channels say a video shows soldiers.[^footage]", confirmed) == []


# T201 and T202: estimative language.
@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("A wider war is a real possibility.", "a real possibility"),
        ("The strike will possibly spread.", "possibly"),
        ("The port will certainly reopen.", "certainly"),
        ("It is highly likely to spread.", "highly likely"),
    ],
)
def test_estimative_words_off_the_icd_203_scale_warn(sentence: str, word: str) -> None:
    found = findings(sentence)
    assert [finding.code for finding in found] == ["T201"]
    assert f'"{word}"' in found[0].message


@pytest.mark.parametrize(
    "sentence",
    [
        "A wider war is likely.",  # on the scale
        "A wider war is very unlikely.",
        "It is almost certain that the port reopens.",
        'The union called a wider war "a real possibility".',  # quoted
        "The union says a wider war is a real possibility.",  # attributed: the union's words
    ],
)
def test_estimative_words_on_the_scale_or_not_the_briefs_own_do_not(sentence: str) -> None:
    assert codes(sentence) == []


def test_a_likelihood_and_a_confidence_level_in_one_sentence_warn() -> None:
    found = findings("We judge with moderate confidence that the strike will likely spread.")
    assert [finding.code for finding in found] == ["T202"]
    assert '"likely"' in found[0].message
    assert '"moderate confidence"' in found[0].message


def test_a_confidence_level_in_a_sentence_of_its_own_does_not() -> None:
    assert codes("The strike will likely spread.[^assessed] We hold this with moderate confidence.") == []


# T301: status and grade.
@pytest.mark.parametrize(
    ("status", "grade", "warns"),
    [
        ("confirmed", "C2", True),
        ("confirmed", "B3", True),
        ("confirmed", "B2", False),
        ("confirmed", "A1", False),
        ("false", "B2", True),
        ("false", "A1", True),
        ("false", "B5", False),
        ("unverified", "F1", True),
        ("unverified", "F3", False),
        ("reported", "E5", False),
    ],
)
def test_a_status_and_a_grade_that_disagree_warn(status: str, grade: str, warns: bool) -> None:
    claims = f"""
[^one]: Something happened.
    - claimant: Someone
    - reported by: Gazette
    - status: {status}
    - grade: {grade}
"""
    found = codes("Someone says something happened.[^one]", claims)
    assert found == (["T301"] if warns else [])


# T401: dates.
DATED = CLAIMS.replace("    - grade: A1\n", "    - grade: A1\n    - date: 2026-03\n")


def test_an_undated_claim_in_a_brief_that_dates_others_warns() -> None:
    found = findings("The port closed.[^confirmed] The army says so.[^claimed][^assessed]", DATED)
    assert [(finding.code, finding.claim_id) for finding in found] == [("T401", "claimed"), ("T401", "assessed")]
    assert "1 of 3 claims" in found[0].message


def test_a_brief_that_dates_no_claim_is_not_asked_to() -> None:
    assert codes("The port closed.[^confirmed] The army says so.[^claimed][^assessed]") == []


# T501 and T502: relations.
def claims_with(*fields: tuple[str, str, str]) -> str:
    """Claims `a`, `b`, `c`: (statement, claimant, relation line or "")."""
    parts = []
    for name, (statement, claimant, relation) in zip("abc", fields, strict=False):
        parts.append(
            f"[^{name}]: {statement}\n    - claimant: {claimant}\n    - reported by: G\n    - status: reported"
        )
        if relation:
            parts[-1] += f"\n    - {relation}"
    return "\n" + "\n\n".join(parts) + "\n"


def test_a_relation_between_twins_warns_and_between_two_claimants_does_not() -> None:
    twins = claims_with(("Ten ships wait.", "Port", "supports: b"), ("ten ships  wait", "port", ""))
    found = findings("Ten ships wait, the port says.[^a][^b]", twins)
    assert [finding.code for finding in found] == ["T501"]
    assert found[0].claim_ids == ("a", "b")
    apart = claims_with(("Ten ships wait.", "Port", "contradicts: b"), ("Ten ships wait.", "Union", ""))
    assert codes("Ten ships wait, the port says.[^a][^b]", apart) == []


def test_a_circle_of_support_warns_once_and_a_chain_does_not() -> None:
    circle = claims_with(("A.", "X", "supports: b"), ("B.", "Y", "supports: c"), ("C.", "Z", "supports: a"))
    found = findings("X says A, Y says B, Z says C.[^a][^b][^c]", circle)
    assert [finding.code for finding in found] == ["T502"]
    assert "a → b → c → a" in found[0].message
    assert found[0].claim_id == "a"
    chain = claims_with(("A.", "X", "supports: b"), ("B.", "Y", "supports: c"), ("C.", "Z", ""))
    assert codes("X says A, Y says B, Z says C.[^a][^b][^c]", chain) == []


def test_cycles_are_found_in_a_long_chain_without_recursion() -> None:
    count = 5000
    claims = "\n".join(
        f"[^c{n}]: Claim {n}.\n    - claimant: S{n}\n    - reported by: G\n    - status: reported\n"
        f"    - supports: c{(n + 1) % count}\n"
        for n in range(count)
    )
    found = findings("S says all.[^c0]", claims)
    assert [finding.code for finding in found if finding.code == "T502"] == ["T502"]


# Pragmas and skipping.
def test_a_pragma_silences_the_rules_it_names_for_its_sentence_only() -> None:
    prose = "The army has 3,000 tanks.[^claimed] <!-- briefing: ignore T101 --> The strike will spread.[^assessed]"
    found = findings(prose)
    assert [(finding.code, finding.sentence) for finding in found] == [("T101", 1)]
    assert codes(prose.replace("T101", "T201")) == ["T101", "T101"]  # another rule's code silences nothing here
    assert codes(prose.replace(" T101", "")) == ["T101"]  # no code: every rule


def test_the_pragma_is_not_shown_in_the_text() -> None:
    brief, _ = parse_brief(HEAD + "Tanks.[^claimed] <!-- briefing: ignore --> Next.\n" + CLAIMS)
    assert brief.summary is not None
    assert brief.summary.text == "Tanks. Next."


def test_a_pragma_in_a_claims_statement_silences_rules_for_the_claim() -> None:
    silenced = PROOF.replace("the base.", "the base. <!-- briefing: ignore T102 -->")
    assert codes("Channels say a video shows soldiers.[^footage]", silenced) == []


def test_skip_leaves_out_the_codes_given() -> None:
    text = HEAD + "The army has 3,000 tanks.[^claimed] A war is a real possibility.\n" + CLAIMS
    brief, _ = parse_brief(text)
    assert [finding.code for finding in review(brief, skip={"T101"})] == ["T201"]
    assert review(brief, skip=set(CODES)) == []


def test_plain_markdown_is_not_held_to_a_briefs_standards() -> None:
    brief, _ = parse_brief("# Notes\n\nIt will certainly rain.\n")
    assert review(brief) == []


# The command line.
CITED = "The army has 3,000 tanks.[^claimed] A war is a real possibility. It closed.[^confirmed] It may.[^assessed]\n"


def test_check_prints_each_warning_with_its_code_and_the_flags_skip_them(tmp_path: Path) -> None:
    path = tmp_path / "b.md"
    path.write_text(HEAD + CITED + CLAIMS, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert check([path], out, err) == 0  # warnings do not fail the check
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f'{path}:7:1: warning[T101]: "The army has 3,000 tanks." states as fact')
    assert "claimed (claimed)" in lines[0]
    assert lines[1].startswith(f"{path}:7:37: warning[T201]: ")
    assert err.getvalue() == "1 file checked: 2 warnings\n"
    out = io.StringIO()
    check([path], out, io.StringIO(), skip={"T101"})
    assert [line.split(": ")[1] for line in out.getvalue().splitlines()] == ["warning[T201]"]


def test_the_command_takes_no_tradecraft_and_ignore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli.check import main

    path = tmp_path / "b.md"
    path.write_text(HEAD + CITED + CLAIMS, encoding="utf-8")
    assert main([str(path), "--no-tradecraft"]) == 0
    assert capsys.readouterr().out == ""
    assert main([str(path), "--ignore", "t101", "--ignore", "T301,T401"]) == 0
    assert "warning[T201]" in capsys.readouterr().out
    assert main([str(path), "--ignore", "T999"]) == 2
    assert "no rule has the code 'T999'" in capsys.readouterr().err


# The first bundled brief, and today's.
def test_the_first_brief_is_caught_overstating() -> None:
    text = FIRST_BRIEF.read_text(encoding="utf-8")
    brief, _ = parse_brief(text, str(FIRST_BRIEF))
    found = review(brief, text.split("\n"))
    summary = [finding for finding in found if finding.section_id == "summary"]
    assert [finding.code for finding in summary] == ["T101"]
    assert summary[0].message.startswith('"If Pyongyang joins the fighting, the war would spread')
    footage = [finding for finding in found if finding.claim_id == "telegram-footage" and finding.code == "T102"]
    assert footage
    assert '"Footage shows"' in footage[0].message
    assert sum(finding.code == "T401" for finding in found) == 28  # 28 of 34 claims undated
    assert any(finding.code == "T201" and "a real possibility" in finding.message for finding in found)


def test_the_bundled_brief_passes_every_rule() -> None:
    text = BUNDLED_BRIEF.read_text(encoding="utf-8")
    brief, _ = parse_brief(text, str(BUNDLED_BRIEF))
    assert [f"{finding.line}: {finding.message}" for finding in review(brief, text.split("\n"))] == []


# The words and the weakest status the lens shows.
def test_estimative_spans_cover_whole_phrases_outside_quotes() -> None:
    text = 'It is very likely, "almost certain" say some, and may spread with high confidence.'
    assert [text[start:end] for start, end in estimative_spans(text)] == ["very likely", "may", "high confidence"]


def test_a_sentence_rests_on_the_weakest_status_it_cites() -> None:
    brief, _ = parse_brief(HEAD + "Both.[^confirmed][^claimed] Alone.[^confirmed] None.\n" + CLAIMS)
    assert brief.summary is not None
    statuses = [rests_on(brief, sentence) for sentence in brief.summary.sentences]
    assert [status.value if status else None for status in statuses] == ["claimed", "confirmed", None]
    assert weakest([]) is None


# What an attack on the rules found (each failed before its fix).
FALSE_CLAIM = """
[^false-claim]: The army never fired.
    - claimant: The army
    - reported by: Gazette
    - status: false
    - grade: C5
"""


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The strike will almost certainly spread.[^assessed]", []),  # on the scale, "certainly" and all
        ("The army undoubtedly has 3,000 tanks.[^claimed]", ["T101", "T201"]),  # certainty is no hedge
        ("The ceasefire agreed in May 2024 has collapsed.[^claimed]", ["T101"]),  # a month, not a modal
        ("The army could not reach the port.[^claimed]", ["T101"]),  # a fact, not a possibility
        ("The army could not be verified to have 3,000 tanks.[^claimed]", []),
        ("The army shelled the remote region.[^claimed]", ["T101"]),  # a place, not ICD's "remote"
        ('The army shelled the "civilian" market.[^claimed]', ["T101"]),  # a scare quote is no attribution
        ('The army shelled what it called "a legitimate target".[^claimed]', []),
        ("Track records show the army has 3,000 tanks.[^claimed]", ["T101"]),  # not a call to watch
        ("Three Gulf states funded the army.[^claimed]", ["T101"]),  # "states" is not "states that"
        ("By the army's own account, it has 3,000 tanks.[^claimed]", []),
        ("The army's figures put its tanks at 3,000.[^claimed]", []),
        ("The ministry blamed the army for the blast.[^claimed]", []),
        ("We assess that the strike will spread.[^assessed]", []),
        ("There is no evidence that the army has 3,000 tanks.[^claimed]", []),
    ],
)
def test_rules_read_words_in_their_sense(sentence: str, expected: list[str]) -> None:
    assert codes(sentence + " It closed.[^confirmed]") == expected


def test_a_sentence_calling_a_false_claim_false_states_nothing_it_should_not() -> None:
    assert codes("The army's account is false.[^false-claim]", FALSE_CLAIM) == []
    assert codes("The army never fired.[^false-claim]", FALSE_CLAIM) == ["T101"]


@pytest.mark.parametrize(
    ("statement", "warns"),
    [
        ("Footage does not show soldiers at the base.", False),
        ("No evidence shows soldiers at the base.", False),
        ("The minister confirmed his resignation.", False),  # no evidence said to prove anything
        ("The footage, if authentic, shows soldiers at the base.", False),
        ("Satellite images reveal new trenches.", True),
    ],
)
def test_proof_verbs_are_read_after_a_word_for_evidence_and_not_when_negated(statement: str, warns: bool) -> None:
    found = codes(
        "Channels say a video shows soldiers.[^footage]",
        PROOF.replace("Footage shows soldiers at the base.", statement),
    )
    assert found == (["T102"] if warns else [])


@pytest.mark.parametrize(
    ("prose", "place"),
    [
        ("The army says it shelled A.[^claimed] The army shelled B.[^claimed]", (7, 39)),  # the second "The"
        ('He said "The army shelled." The army shelled B.[^claimed]', (7, 29)),  # not the quoted "The"
        ("`The` army said so. The army shelled B.[^claimed]", (7, 21)),
        ("Shelled the port.[^claimed] <!-- briefing: ignore --> Shelled B.[^claimed]", (7, 55)),
    ],
)
def test_a_warning_points_at_its_own_sentence_when_first_words_repeat(prose: str, place: tuple[int, int]) -> None:
    found = findings(prose + "\n\nIt closed.[^confirmed] It may.[^assessed]\n")
    assert [(finding.line, finding.column) for finding in found if finding.code == "T101"] == [place]


def test_a_files_lone_carriage_returns_count_as_lines(tmp_path: Path) -> None:
    path = tmp_path / "cr.md"
    text = HEAD + "Intro.\rMore.\r\rThe army says so. The army has 3,000 tanks.[^claimed]\r" + CLAIMS
    path.write_text(text.replace("\n", "\r"), encoding="utf-8", newline="")
    out = io.StringIO()
    check([path], out, io.StringIO(), skip={"T401"})
    assert f"{path}:10:19: warning[T101]" in out.getvalue()


def test_a_pragma_naming_no_rule_says_so_and_all_means_every_rule() -> None:
    found = findings("The army has 3,000 tanks.[^claimed] <!-- briefing: ignore T1O1 --> It closed.[^confirmed]")
    assert sorted(finding.code for finding in found) == ["", "T101"]
    assert "names no rule 'T1O1'" in next(finding.message for finding in found if not finding.code)
    assert codes("The army has 3,000 tanks.[^claimed] <!-- briefing: ignore all --> It closed.[^confirmed]") == []
    wrapped = "The army has 3,000 tanks.[^claimed] <!-- briefing:\nignore T101 --> It closed.[^confirmed]"
    assert codes(wrapped) == []


def test_warnings_name_at_most_ten_claims(tmp_path: Path) -> None:
    many = "".join(
        f"\n[^c{n}]: C{n}.\n    - claimant: S\n    - reported by: G\n    - status: claimed\n" for n in range(300)
    )
    cites = "".join(f"[^c{n}]" for n in range(300))
    found = findings(f"The army has tanks.{cites}", many)
    assert len(found) == 1
    assert "and 290 more" in found[0].message
    assert len(found[0].message) < 600
    circle = "".join(
        f"\n[^c{n}]: C{n}.\n    - claimant: S{n}\n    - reported by: G\n    - status: reported\n"
        f"    - supports: c{(n + 1) % 300}\n"
        for n in range(300)
    )
    found = findings(f"S says so.{cites}", circle)
    assert [finding.code for finding in found] == ["T502"]
    assert "(300 claims round, 300 in the circle)" in found[0].message
    assert len(found[0].message) < 600


def test_ignore_takes_codes_apart_by_commas_or_spaces(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli.check import main

    path = tmp_path / "b.md"
    path.write_text(HEAD + CITED + CLAIMS, encoding="utf-8")
    assert main([str(path), "--ignore", "T101 T201"]) == 0
    assert "warning[" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("It is possible that the strike spreads.", ["T201"]),
        ("A wider strike is not unlikely.", ["T201"]),
        ("A wider strike cannot be ruled out.", ["T201"]),
        ("Officials fear the army has 3,000 tanks.[^claimed]", []),  # attributed to those who fear it
        ("We have high confidence the army has 3,000 tanks.[^claimed]", []),  # a judgement labelled as one
    ],
)
def test_more_words_the_trial_met(sentence: str, expected: list[str]) -> None:
    assert codes(sentence + " It closed.[^confirmed] It may.[^assessed]") == expected


def test_a_grade_warning_says_what_to_do() -> None:
    claims = (
        "\n[^one]: It happened.\n    - claimant: S\n    - reported by: G\n    - status: confirmed\n    - grade: C1\n"
    )
    found = findings("S says it happened.[^one]", claims)
    assert found[0].message.startswith("claim 'one' (C1) is confirmed, yet graded below B2")
    assert "regrade it, or give it the status its sources support" in found[0].message


def test_words_that_only_look_estimative_are_not_underlined() -> None:
    text = "In May 2024 police could not reach the site, but it may rain."
    assert [text[start:end] for start, end in estimative_spans(text)] == ["may"]


def weighing(count: int) -> tuple[Brief, Sentence]:
    """A sentence citing `count` claims, each contradicting the next, denials and reports in turn."""
    claims = "".join(
        f"\n[^k{n}]: K{n}.\n    - claimant: S\n    - status: {'denied' if n % 2 else 'reported'}\n"
        f"    - contradicts: k{(n + 1) % count}\n"
        for n in range(count)
    )
    brief, _ = parse_brief(HEAD + "The army will attack." + "".join(f"[^k{n}]" for n in range(count)) + "\n" + claims)
    assert brief.summary is not None
    return brief, brief.summary.sentences[0]


def test_weighing_the_claims_of_a_sentence_grows_linearly() -> None:
    small, large = weighing(250), weighing(4_000)
    rested, weighed = footing_of(*large)
    assert (len(rested), len(weighed)) == (2_000, 2_000)  # each denial weighed against the reports it denies
    ratio = seconds(lambda: footing_of(*large)) / seconds(lambda: footing_of(*small))
    assert ratio < 16 * 4  # 16 times the claims; it was quadratic (256 times and more)


def test_a_pragma_is_read_in_any_case() -> None:
    assert codes("The army has 3,000 tanks.[^claimed] <!-- BRIEFING: Ignore t101 --> It closed.[^confirmed]") == []
