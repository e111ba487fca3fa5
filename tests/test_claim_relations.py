"""Claim relations read both ways: "contradicted by" and "supported by" from the other side."""

from __future__ import annotations

from tui.core.brief.model import Claim
from tui.core.claims.relations import CONTRADICTED_BY, CONTRADICTS, SUPPORTED_BY, SUPPORTS, Relations


def claim(claim_id: str, *, contradicts: tuple[str, ...] = (), supports: tuple[str, ...] = ()) -> Claim:
    return Claim(claim_id, f"statement {claim_id}", 1, contradicts=contradicts, supports=supports)


def test_each_relation_is_listed_on_both_sides() -> None:
    relations = Relations.of([claim("a", contradicts=("b",), supports=("c",)), claim("b"), claim("c")])
    assert relations.of_claim("a").by_kind() == [(CONTRADICTS, ("b",)), (SUPPORTS, ("c",))]
    assert relations.of_claim("b").by_kind() == [(CONTRADICTED_BY, ("a",))]
    assert relations.of_claim("c").by_kind() == [(SUPPORTED_BY, ("a",))]


def test_claims_in_a_contradiction_are_known_from_either_side() -> None:
    relations = Relations.of([claim("a", contradicts=("b",)), claim("b"), claim("c", supports=("a",))])
    assert [relations.in_contradiction(c) for c in "abc"] == [True, True, False]


def test_a_relation_written_on_both_sides_is_listed_once_each_way() -> None:
    relations = Relations.of([claim("a", contradicts=("b",)), claim("b", contradicts=("a",))])
    assert relations.of_claim("a").contradicts == ("b",)
    assert relations.of_claim("a").contradicted_by == ("b",)


def test_an_undefined_target_is_kept_one_way_and_a_relation_to_itself_dropped() -> None:
    relations = Relations.of([claim("a", supports=("ghost", "a"))])
    assert relations.of_claim("a").supports == ("ghost",)
    assert relations.of_claim("ghost").by_kind() == []


def test_a_second_definition_of_an_id_adds_no_relations() -> None:
    relations = Relations.of([claim("a"), claim("a", contradicts=("b",)), claim("b")])
    assert relations.of_claim("b").by_kind() == []


def test_the_stepwise_build_yields_along_the_way_and_ends_with_the_same_relations() -> None:
    from tui.core.claims.relations import STEP

    many = [claim(f"c{n}", supports=tuple(f"c{(n + k) % 3_000}" for k in range(1, 4))) for n in range(3_000)]
    steps = Relations.build(many)
    yields = 0
    while True:
        try:
            next(steps)
        except StopIteration as done:
            built = done.value
            break
        yields += 1
    assert yields >= 3 * 3_000 // STEP  # the caller gets its turns
    assert built == Relations.of(many)
