"""A brief's claim relations read both ways: what a claim contradicts and what contradicts it."""

from __future__ import annotations

from collections.abc import Generator, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from tui.core.brief.model import Claim

# The four ways one claim stands to another, as the detail lists them.
CONTRADICTS, CONTRADICTED_BY = "contradicts", "contradicted by"
SUPPORTS, SUPPORTED_BY = "supports", "supported by"
KINDS = (CONTRADICTS, CONTRADICTED_BY, SUPPORTS, SUPPORTED_BY)
STEP = 2_000  # relations read between two yields of a stepwise build (about a millisecond)


@dataclass(frozen=True, slots=True)
class Linked:
    """The claims one claim is related to, by kind, each id once and in the order written."""

    contradicts: tuple[str, ...] = ()
    contradicted_by: tuple[str, ...] = ()
    supports: tuple[str, ...] = ()
    supported_by: tuple[str, ...] = ()

    def by_kind(self) -> list[tuple[str, tuple[str, ...]]]:
        """(kind, ids) for each kind that has any, in the order of KINDS."""
        kinds = zip(KINDS, (self.contradicts, self.contradicted_by, self.supports, self.supported_by), strict=True)
        return [(kind, ids) for kind, ids in kinds if ids]

    @property
    def in_contradiction(self) -> bool:
        return bool(self.contradicts or self.contradicted_by)


@dataclass(frozen=True, slots=True)
class Relations:
    """Every claim's relations both ways; relations to claims the brief does not define are kept
    one way only (`briefing check` reports them), and a claim's relation to itself is dropped."""

    linked: dict[str, Linked] = field(default_factory=dict)

    @classmethod
    def of(cls, claims: Iterable[Claim]) -> Relations:
        return finish(cls.build(claims))

    @classmethod
    def build(cls, claims: Iterable[Claim]) -> Generator[None, None, Relations]:
        """`of`, a step at a time: it yields after each STEP relations read, so that a caller on the event
        loop can let keys through (a million relations take most of a second); it returns the relations."""
        claims = list(claims)
        done = 0
        defined = {claim.id for claim in claims}
        lists: dict[str, dict[str, dict[str, None]]] = {}  # id -> kind -> ids (a dict keeps order, once each)

        def add(source: str, kind: str, target: str) -> None:
            lists.setdefault(source, {}).setdefault(kind, {})[target] = None

        seen: set[str] = set()
        for claim in claims:
            if claim.id in seen:  # a second definition of an id is not the claim the brief means by it
                continue
            seen.add(claim.id)
            done += 1 + len(claim.contradicts) + len(claim.supports)
            if done >= STEP:
                done = 0
                yield
            for kind, back, targets in (
                (CONTRADICTS, CONTRADICTED_BY, claim.contradicts),
                (SUPPORTS, SUPPORTED_BY, claim.supports),
            ):
                for target in targets:
                    if target == claim.id:
                        continue
                    add(claim.id, kind, target)
                    if target in defined:
                        add(target, back, claim.id)
        linked = {
            claim_id: Linked(*(tuple(kinds.get(kind, {})) for kind in KINDS)) for claim_id, kinds in lists.items()
        }
        return cls(linked)

    def of_claim(self, claim_id: str) -> Linked:
        return self.linked.get(claim_id, NONE)

    def in_contradiction(self, claim_id: str) -> bool:
        """Whether the claim contradicts another or is contradicted."""
        return self.of_claim(claim_id).in_contradiction


NONE = Linked()
T = TypeVar("T")


def finish(steps: Generator[None, None, T]) -> T:
    """Run a stepwise computation to its end, at once; what it returns."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
