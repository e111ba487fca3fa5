"""The claim map laid out without a screen: claims grouped by claimant, each with its relations under it."""

from __future__ import annotations

from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass

from tui.core.brief.model import Claim
from tui.core.brief.numbering import claim_numbers
from tui.core.claims.describe import actor_key, one_line
from tui.core.claims.relations import CONTRADICTED_BY, CONTRADICTS, STEP, Relations, finish

EDGES_LISTED = 50  # relations listed under one claim; the rest are counted (a claim may be related to 10,000)
CLAIMANT_CHARACTERS = 200  # of a claimant shown in a heading
NO_CLAIMANT = "No claimant given"
# The way each relation points: from the claim to the other, or from the other to it.
ARROWS = {CONTRADICTS: "→", CONTRADICTED_BY: "←", "supports": "→", "supported by": "←"}


@dataclass(frozen=True, slots=True)
class Heading:
    """A claimant, above their claims: how many there are, and how many of them are hidden (no relation)."""

    claimant: str
    claims: int
    hidden: int = 0


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """A claim, with its number (its place among the definitions) and how many relations are listed under it."""

    number: int
    claim: Claim
    edges: int
    contradiction: bool


@dataclass(frozen=True, slots=True)
class EdgeRow:
    """One relation of the claim above: `kind` (as `relations.KINDS`) to `target`, whose number is None when
    the brief does not define it; `last` when it is the last line under the claim (drawn `└─`)."""

    source: str
    kind: str
    target: str
    number: int | None
    last: bool

    @property
    def contradiction(self) -> bool:
        return self.kind in (CONTRADICTS, CONTRADICTED_BY)

    @property
    def arrow(self) -> str:
        return ARROWS[self.kind]


@dataclass(frozen=True, slots=True)
class MoreRow:
    """The relations of the claim above that are not listed, counted."""

    source: str
    more: int


Row = Heading | ClaimRow | EdgeRow | MoreRow


@dataclass(frozen=True, slots=True)
class ClaimMap:
    """The rows of the map in order, where each claim's row is, and the counts its title gives."""

    rows: tuple[Row, ...]
    claim_rows: dict[str, int]  # id -> the row of the claim that id means (its first definition)
    numbers: dict[str, int]
    claims: int  # claims of the brief
    related: int  # of them, with a relation
    relations: int  # relations written (each once, as the brief writes it)
    contradictions: int  # of them, "contradicts"
    related_only: bool = False

    @classmethod
    def of(
        cls,
        claims: Sequence[Claim],
        *,
        related_only: bool = False,
        edges_listed: int = EDGES_LISTED,
        relations: Relations | None = None,
    ) -> ClaimMap:
        """The map laid out at once (see `build`)."""
        return finish(cls.build(claims, related_only=related_only, edges_listed=edges_listed, relations=relations))

    @classmethod
    def build(
        cls,
        claims: Sequence[Claim],
        *,
        related_only: bool = False,
        edges_listed: int = EDGES_LISTED,
        relations: Relations | None = None,
    ) -> Generator[None, None, ClaimMap]:
        """Lay out `claims`: claimants in the order they first appear, each claim under its claimant in the
        brief's order, its relations both ways under it (a list per claim, not a walk: a cycle of supports
        is drawn once, as each claim's lines). `related_only` leaves out claims with no relation, and says
        how many in each heading. A step at a time: it yields every STEP relations or so (a screen lets
        keys through meanwhile), and returns the map."""
        if relations is None:  # `relations`: the claims', when the caller has read them already
            relations = yield from Relations.build(claims)
        done = 0
        numbers = claim_numbers(claim.id for claim in claims)
        groups: dict[str, tuple[str, list[tuple[int, Claim]]]] = {}
        for number, claim in enumerate(claims, 1):
            key = actor_key(claim.claimant)
            shown = one_line(claim.claimant, CLAIMANT_CHARACTERS) or NO_CLAIMANT
            groups.setdefault(key, (shown, []))[1].append((number, claim))
        rows: list[Row] = []
        claim_rows: dict[str, int] = {}
        related = written = contradictions = 0
        for shown, members in groups.values():
            heading_at = len(rows)
            rows.append(Heading(shown, len(members)))
            hidden = 0
            for number, claim in members:
                done += 1 + min(len(claim.supports) + len(claim.contradicts), edges_listed)
                if done >= STEP:
                    done = 0
                    yield
                first = numbers[claim.id] == number  # a second definition of an id: its relations are the first's
                edges = [
                    (kind, target) for kind, targets in relations.of_claim(claim.id).by_kind() for target in targets
                ]
                edges = edges if first else []
                if edges:
                    related += 1
                if first:  # as drawn: a claim's relation to itself is not (the check reports it)
                    linked = relations.of_claim(claim.id)
                    written += len(linked.supports) + len(linked.contradicts)
                    contradictions += len(linked.contradicts)
                if related_only and not edges:
                    hidden += 1
                    continue
                if first:
                    claim_rows[claim.id] = len(rows)
                listed = edges[:edges_listed]
                more = len(edges) - len(listed)
                contradiction = any(kind in (CONTRADICTS, CONTRADICTED_BY) for kind, _ in edges)
                rows.append(ClaimRow(number, claim, len(listed), contradiction))
                for place, (kind, target) in enumerate(listed, 1):
                    rows.append(EdgeRow(claim.id, kind, target, numbers.get(target), place == len(listed) and not more))
                if more:
                    rows.append(MoreRow(claim.id, more))
            if hidden == len(members):
                del rows[heading_at:]  # a claimant with nothing shown: no heading either
            elif hidden:
                rows[heading_at] = Heading(shown, len(members), hidden)
        return cls(
            tuple(rows),
            claim_rows,
            numbers,
            claims=len(claims),
            related=related,
            relations=written,
            contradictions=contradictions,
            related_only=related_only,
        )

    def stops(self) -> Iterable[int]:
        """The rows a cursor can rest on: claims and relations (not headings, nor the counts)."""
        return (index for index, row in enumerate(self.rows) if isinstance(row, ClaimRow | EdgeRow))

    def is_stop(self, index: int) -> bool:
        return 0 <= index < len(self.rows) and isinstance(self.rows[index], ClaimRow | EdgeRow)

    def step(self, index: int | None, step: int, *, claims_only: bool = False) -> int | None:
        """The row `step` stops away from `index` (a negative step goes up), stopping at the ends; with
        `claims_only`, only claims are stops; step 0, the nearest stop (`index` itself, or the next).
        None when the map has no stop at all."""
        kinds: tuple[type, ...] = (ClaimRow,) if claims_only else (ClaimRow, EdgeRow)
        rows = self.rows
        if index is None or not 0 <= index < len(rows):
            index = -1 if step >= 0 else len(rows)
        elif step == 0 and isinstance(rows[index], kinds):
            return index
        direction = 1 if step >= 0 else -1
        found: int | None = None
        at, left = index, max(abs(step), 1)
        while left and 0 <= at + direction < len(rows):
            at += direction
            if isinstance(rows[at], kinds):
                found, left = at, left - 1
        if found is not None:
            return found
        if 0 <= index < len(rows) and isinstance(rows[index], kinds):
            return index  # at the end already
        at = index
        while 0 <= at - direction < len(rows):  # nothing that way: the nearest stop the other way
            at -= direction
            if isinstance(rows[at], kinds):
                return at
        return None

    def claim_at(self, index: int) -> Claim | None:
        """The claim of a row: a claim row's own, or the claim a relation, heading or count is under."""
        for at in range(min(index, len(self.rows) - 1), -1, -1):
            row = self.rows[at]
            if isinstance(row, ClaimRow):
                return row.claim
            if isinstance(row, Heading):
                return None
        return None

    def target_row(self, index: int) -> int | None:
        """Where a relation leads: the row of the other claim (None: not defined, or hidden)."""
        row = self.rows[index] if 0 <= index < len(self.rows) else None
        return self.claim_rows.get(row.target) if isinstance(row, EdgeRow) else None
