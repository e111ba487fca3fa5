"""How well established what a sentence rests on is: the weakest status among the claims it cites."""

from __future__ import annotations

from collections.abc import Iterable

from tui.core.brief.model import Brief, ClaimStatus, Sentence

# From established to shown untrue. An assessment is someone's judgement, weaker than a named source's
# account; a claim is an interested party's; a denial rests on the word of the party concerned.
ESTABLISHED = (
    ClaimStatus.CONFIRMED,
    ClaimStatus.REPORTED,
    ClaimStatus.ASSESSED,
    ClaimStatus.CLAIMED,
    ClaimStatus.DISPUTED,
    ClaimStatus.UNVERIFIED,
    ClaimStatus.DENIED,
    ClaimStatus.FALSE,
)
_RANK = {status: rank for rank, status in enumerate(ESTABLISHED)}


def weakest(statuses: Iterable[ClaimStatus | None]) -> ClaimStatus | None:
    """The least established of these statuses (None if there is none: a claim without a status counts
    for nothing)."""
    known = [status for status in statuses if status is not None]
    return max(known, key=_RANK.__getitem__) if known else None


def rests_on(brief: Brief, sentence: Sentence) -> ClaimStatus | None:
    """The weakest status among the claims the sentence cites; None for a sentence citing none (the
    author's own analysis) or only claims without a status or undefined."""
    return weakest(claim.status for claim in map(brief.claim, sentence.claim_ids) if claim is not None)
