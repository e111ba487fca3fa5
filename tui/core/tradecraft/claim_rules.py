"""The rules for claims: proof verbs (T102), grades (T301), dates (T401), twins (T501), cycles (T502)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from tui.core.brief.model import Claim, ClaimStatus
from tui.core.tradecraft import words
from tui.core.tradecraft.findings import NOT_ESTABLISHED, Finding
from tui.core.tradecraft.prose import LISTED, READ, excerpt, status_of


def proof_verb(claim: Claim) -> Finding | None:
    """T102: a claim that is not established whose statement says evidence shows or proves it."""
    if claim.status not in NOT_ESTABLISHED or claim.status is ClaimStatus.ASSESSED:
        return None  # an assessment may say what it reads evidence to show: it is labelled a judgement
    text = claim.statement[:READ]
    said = words.proof(text)
    if said is None or words.hedged(text) or words.attributed(text):
        return None
    message = (
        f'claim {claim.id!r} ({status_of(claim)}) says "{said}": "{excerpt(text)}"; '
        "say what it purports or is said to show"
    )
    return Finding("T102", message, claim.line, 1, claim_id=claim.id, claim_ids=(claim.id,))


def grade(claim: Claim) -> Finding | None:
    """T301: a status and a grade that disagree: a confirmed claim graded below B2, a false one graded
    as confirmed or probably true (1-2), an unverified one graded as confirmed (1)."""
    mark = claim.grade
    if mark is None or claim.status is None:
        return None
    said = ""
    if claim.status is ClaimStatus.CONFIRMED and (mark.reliability > "B" or mark.credibility > 2):
        said = (
            "confirmed, yet graded below B2: a claim established by independent sources comes from reliable "
            "ones and is probably true or better; regrade it, or give it the status its sources support"
        )
    elif claim.status is ClaimStatus.FALSE and mark.credibility <= 2:
        said = f"false, yet its credibility is {mark.credibility} (confirmed or probably true): make it 5 (improbable)"
    elif claim.status is ClaimStatus.UNVERIFIED and mark.credibility == 1:
        said = "unverified, yet its credibility is 1 (confirmed by other sources): regrade it, or confirm it"
    if not said:
        return None
    message = f"claim {claim.id!r} ({mark}) is {said}"
    return Finding("T301", message, claim.line, 1, claim_id=claim.id, claim_ids=(claim.id,))


def undated(claims: Sequence[Claim]) -> Iterator[Finding]:
    """T401: each claim without a date, where other claims have one."""
    dated = sum(claim.date is not None for claim in claims)
    if not dated:
        return
    for claim in claims:
        if claim.date is None:
            message = (
                f"claim {claim.id!r} has no date, while {dated} of {len(claims)} claims are dated: "
                "add '- date:' with what is known (YYYY-MM-DD, YYYY-MM or YYYY)"
            )
            yield Finding("T401", message, claim.line, 1, claim_id=claim.id, claim_ids=(claim.id,))


def _same(claim: Claim) -> tuple[str, str]:
    """What makes two claims one: claimant and statement, case, spacing and closing punctuation aside."""
    claimant, statement = (
        re.sub(r"\s+", " ", part).strip().rstrip(".!?;:").casefold() for part in (claim.claimant, claim.statement)
    )
    return claimant, statement


def twins(claims: Sequence[Claim], by_id: dict[str, Claim]) -> Iterator[Finding]:
    """T501: a claim that supports or contradicts a claim of the same claimant and statement."""
    same: dict[str, tuple[str, str]] = {}  # each claim's made once: a statement of megabytes, related to 11 others

    def key(claim: Claim) -> tuple[str, str]:
        if claim.id not in same:
            same[claim.id] = _same(claim)
        return same[claim.id]

    for claim in claims:
        for kind, targets in (("supports", claim.supports), ("contradicts", claim.contradicts)):
            for target_id in targets:
                target = by_id.get(target_id)
                if target is not None and target is not claim and key(target) == key(claim):
                    message = (
                        f"claim {claim.id!r} {kind} {target.id!r}, which has the same claimant and statement: "
                        "one claim twice, related to itself"
                    )
                    yield Finding("T501", message, claim.line, 1, claim_id=claim.id, claim_ids=(claim.id, target.id))


def cycles(claims: Sequence[Claim], by_id: dict[str, Claim]) -> Iterator[Finding]:
    """T502: each circle of `supports` (claims that end up supporting themselves), once, at its first claim.

    Tarjan's strongly connected components, without recursion: a brief may have a million claims.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    circles: list[list[str]] = []
    for root in (claim.id for claim in claims):
        if root in index:
            continue
        work = [(root, iter(_supported(root, by_id)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            advanced = False
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(_supported(target, by_id))))
                    advanced = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    circles.append(component)
    order = {claim.id: number for number, claim in enumerate(claims)}
    for component in circles:
        members = sorted(component, key=order.__getitem__)
        first = by_id[members[0]]
        circle = _circle(members[0], set(members), by_id)
        shown = [*circle[:LISTED], members[0]] if len(circle) <= LISTED else [*circle[:LISTED], "…"]
        path = " → ".join(shown)
        more = f" ({len(circle)} claims round, {len(members)} in the circle)" if len(circle) > LISTED else ""
        message = f"claims support each other in a circle: {path}{more}; support must rest on something outside it"
        yield Finding("T502", message, first.line, 1, claim_id=first.id, claim_ids=tuple(members))


def _supported(claim_id: str, by_id: dict[str, Claim]) -> tuple[str, ...]:
    claim = by_id.get(claim_id)
    return tuple(target for target in claim.supports if target in by_id and target != claim_id) if claim else ()


def _circle(start: str, members: set[str], by_id: dict[str, Claim]) -> list[str]:
    """The shortest way round the circle from `start`, through the component's members, back to it
    (breadth first: every member of a component reaches every other, so one is found)."""
    parent: dict[str, str] = {start: start}
    queue = [start]
    for node in queue:
        for target in _supported(node, by_id):
            if target == start:
                path = [node]
                while path[-1] != start:
                    path.append(parent[path[-1]])
                return path[::-1]
            if target in members and target not in parent:
                parent[target] = node
                queue.append(target)
    return [start]


def claim_findings(claims: Sequence[Claim]) -> list[Finding]:
    """Every claim rule's findings, in the claims' order."""
    by_id: dict[str, Claim] = {}
    for claim in claims:
        by_id.setdefault(claim.id, claim)
    found = [finding for claim in claims for finding in (proof_verb(claim), grade(claim)) if finding is not None]
    found += undated(claims)
    found += twins(claims, by_id)
    found += cycles(claims, by_id)
    return found
